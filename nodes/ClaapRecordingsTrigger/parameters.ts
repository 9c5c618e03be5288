import type { INode } from 'n8n-workflow';
import { z } from 'zod/v4';

import type { RecordingQuery } from '../Claap/transport';
import { checkedParameter, FiltersSchema, type ReadParameter } from '../ClaapTrigger/parameters';
import type { PollSettings } from '../shared/polling';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const PollFiltersSchema = FiltersSchema.extend({
	recorderEmail: z
		.string()
		.default('')
		.transform((value) => value.trim()),
});

const PollOptionsSchema = z.looseObject({
	backfillHours: z.number().min(0).default(0),
	lookBackMinutes: z.number().min(1).default(180),
});

export interface PollParameters {
	settings: PollSettings;
	/** What Claap filters itself, as GET /v1/recordings takes it. */
	query: RecordingQuery;
}

/** Everything the user chose in the trigger; a value the editor cannot produce is an error that names it. */
export function readPollParameters(node: INode, read: ReadParameter): PollParameters {
	const { recorderEmail, ...filters } = checkedParameter(node, read, 'filters', PollFiltersSchema, {});
	const { backfillHours, lookBackMinutes } = checkedParameter(node, read, 'options', PollOptionsSchema, {});
	return {
		settings: { backfillMs: backfillHours * HOUR, lookBackMs: lookBackMinutes * MINUTE, filters },
		query: recorderEmail === '' ? {} : { recorderEmail },
	};
}
