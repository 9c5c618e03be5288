import { NodeOperationError, type IDataObject, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';

import { defaultDeps, listRecordings, MAX_PAGE_SIZE, type ClaapDeps } from '../Claap/transport';
import type { TriggerItem } from '../shared/delivery';
import { latestRecordingItem, listingStart, readPollState, settlePoll } from '../shared/polling';
import { readPollParameters, type PollParameters } from './parameters';

/** Where the poll state lives in the node's workflow static data. */
export const STATE_KEY = 'pollState';

/**
 * Polls in progress in this process, by workflow and node. n8n starts a poll at each poll time
 * even if the previous one is still running (Claap slow, or retrying after a 429): a second poll
 * of the same state would emit the same recordings again, so it is skipped.
 */
const polling = new Set<string>();

// The recording came out of JSON.parse, so the item is JSON all the way down.
const toExecutionData = (items: TriggerItem[]): INodeExecutionData[] =>
	items.map((item) => ({ json: item as unknown as IDataObject }));

/**
 * One poll: lists every recording from where the last one left off (oldest first, every page),
 * emits those that became ready, and remembers where it is. A listing that fails changes
 * nothing: the next poll lists the same recordings again.
 */
export async function pollRecordings(this: IPollFunctions, deps: ClaapDeps = defaultDeps): Promise<INodeExecutionData[][] | null> {
	const parameters = readPollParameters(this.getNode(), (name, fallback) => this.getNodeParameter(name, fallback));
	if (this.getMode() === 'manual') return [toExecutionData([await latestRecording(this, deps, parameters)])];

	const key = `${this.getWorkflow().id ?? ''}/${this.getNode().id}`;
	if (polling.has(key)) return null;
	polling.add(key);
	try {
		const { settings, query } = parameters;
		const now = deps.now();
		const staticData = this.getWorkflowStaticData('node');
		const previous = readPollState(staticData[STATE_KEY]);
		const createdAfter = new Date(listingStart(previous, now, settings)).toISOString();
		const { recordings: listed } = await listRecordings(this, deps, 0, { ...query, sort: 'created_asc', createdAfter }, undefined);
		const { items, state } = settlePoll(previous, listed, now, settings);
		// Saved by n8n when this poll emits, and after the activation poll; otherwise kept in memory.
		staticData[STATE_KEY] = state;
		return items.length === 0 ? null : [toExecutionData(items)];
	} finally {
		polling.delete(key);
	}
}

/** "Fetch Test Event": the newest ready recording that passes the filters; the poll state is left alone. */
async function latestRecording(context: IPollFunctions, deps: ClaapDeps, { settings, query }: PollParameters): Promise<TriggerItem> {
	const now = deps.now();
	const { recordings: newestFirst } = await listRecordings(context, deps, 0, { ...query, sort: 'created_desc' }, MAX_PAGE_SIZE);
	const item = latestRecordingItem(newestFirst, settings.filters, now);
	if (item === undefined) {
		throw new NodeOperationError(context.getNode(), 'No ready recording in Claap matches the filters', {
			description: `Looked at the ${MAX_PAGE_SIZE} newest recordings. Record a meeting (or change the filters), wait until Claap has processed it, and fetch again.`,
		});
	}
	return item;
}
