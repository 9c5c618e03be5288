import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod/v4';

import { typedParameter } from '../../helpers/parameters';
import { listRecordings, type RecordingQuery } from '../../transport';
import { optionsCollection } from '../common.descriptions';
import { forOperation } from '../display';
import type { OperationExecute } from '../types';
import { recordingItem } from './recordingItem';

const SORTS = [
	{ name: 'Created (Newest First)', value: 'created_desc' },
	{ name: 'Created (Oldest First)', value: 'created_asc' },
	{ name: 'Duration (Longest First)', value: 'duration_desc' },
	{ name: 'Duration (Shortest First)', value: 'duration_asc' },
	{ name: 'Title (A to Z)', value: 'title_asc' },
	{ name: 'Title (Z to A)', value: 'title_desc' },
];

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Channel ID', name: 'channelId', type: 'string', default: '' },
			{
				displayName: 'Created After',
				name: 'createdAfter',
				type: 'dateTime',
				default: '',
				description: 'Only recordings started after this date',
			},
			{
				displayName: 'Created Before',
				name: 'createdBefore',
				type: 'dateTime',
				default: '',
				description: 'Only recordings started before this date',
			},
			{
				displayName: 'Labels',
				name: 'labels',
				type: 'string',
				default: '',
				placeholder: 'e.g. discovery,enterprise',
				description: 'Comma-separated labels',
			},
			{
				displayName: 'Recorder Email',
				name: 'recorderEmail',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
			},
			{ displayName: 'Recorder ID', name: 'recorderId', type: 'string', default: '' },
		],
	},
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'options',
		options: SORTS,
		default: 'created_desc',
	},
	optionsCollection([
		{
			displayName: 'Include Total Count',
			name: 'includeTotalCount',
			type: 'boolean',
			default: false,
			description:
				"Whether to add totalCount to each recording: how many recordings match the filters in all, whatever the limit, as Claap counts them (null when Claap does not say)",
		},
	]),
];

export const description = forOperation('recording', 'getMany', properties);

const FiltersSchema = z.object({
	channelId: z.string().optional(),
	createdAfter: z.string().optional(),
	createdBefore: z.string().optional(),
	labels: z.string().optional(),
	recorderEmail: z.string().optional(),
	recorderId: z.string().optional(),
});

/** Claap's query: blank filters left out, labels as Claap wants them (comma-separated, no spaces). */
function recordingQuery(filters: z.infer<typeof FiltersSchema>, sort: string): RecordingQuery {
	const query: RecordingQuery = { sort };
	for (const [key, value] of Object.entries(filters)) {
		const trimmed = value?.trim() ?? '';
		if (trimmed === '') continue;
		query[key] =
			key === 'labels'
				? trimmed
						.split(',')
						.map((label) => label.trim())
						.filter((label) => label !== '')
						.join(',')
				: trimmed;
	}
	return query;
}

const OptionsSchema = z.object({ includeTotalCount: z.boolean().default(false) });

/** GET /v1/recordings, following `nextCursor` until the limit or the last page. */
export const execute: OperationExecute = async function (itemIndex, _item, deps) {
	const returnAll = this.getNodeParameter('returnAll', itemIndex) === true;
	// An agent's $fromAI() may give the limit as text.
	const limit = returnAll ? undefined : typedParameter(this, 'limit', itemIndex, z.coerce.number().int().min(1));
	const filters = typedParameter(this, 'filters', itemIndex, FiltersSchema, {});
	const sort = String(this.getNodeParameter('sort', itemIndex, 'created_desc'));
	const options = typedParameter(this, 'options', itemIndex, OptionsSchema, {});
	const { recordings, totalCount } = await listRecordings(this, deps, itemIndex, recordingQuery(filters, sort), limit);
	const items = recordings.map((raw) => recordingItem(this, raw, itemIndex));
	// On every item, so that each one holds the count on its own in later nodes and expressions.
	if (options.includeTotalCount) for (const item of items) item.json.totalCount = totalCount ?? null;
	return items;
};
