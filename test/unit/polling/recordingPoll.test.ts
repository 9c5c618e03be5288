import {
	latestRecordingItem,
	listingStart,
	POLL_LIMITS,
	pollEventId,
	readPollState,
	settlePoll,
	type PollSettings,
	type PollState,
} from '../../../nodes/shared/polling';
import { loadDelivery, type JsonObject } from '../../support/fixtures';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 24, 14, 0, 0);

const SETTINGS: PollSettings = {
	lookBackMs: 3 * HOUR,
	backfillMs: 0,
	filters: { channels: [], labels: [], requireDeal: false },
};

/** A documented recording (the full fixture's) under another ID, start time and state. */
function recording(id: string, createdAt: number, state = 'Ready', extra: JsonObject = {}): JsonObject {
	const full = loadDelivery('full') as { event: { recording: JsonObject } };
	return { ...full.event.recording, id, createdAt: new Date(createdAt).toISOString(), state, ...extra };
}

/**
 * Claap's list endpoint as the trigger sees it: `createdAfter` exclusive, oldest first, ties by
 * ID. Recordings can be added, changed and hidden (not listed yet) at any time.
 */
class Listing {
	readonly recordings = new Map<string, JsonObject>();

	add(...added: JsonObject[]): void {
		for (const r of added) this.recordings.set(String(r.id), r);
	}

	setState(id: string, state: string): void {
		const r = this.recordings.get(id);
		if (!r) throw new Error(`no recording ${id}`);
		r.state = state;
	}

	list(createdAfter: number): JsonObject[] {
		return [...this.recordings.values()]
			.filter((r) => Date.parse(String(r.createdAt)) > createdAfter)
			.sort((a, b) => Date.parse(String(a.createdAt)) - Date.parse(String(b.createdAt)) || (a.id! < b.id! ? -1 : 1));
	}
}

/** One poll as the trigger runs it: list from the state's start, settle. */
function poll(claap: Listing, state: PollState | undefined, now: number, settings = SETTINGS) {
	const listed = claap.list(listingStart(state, now, settings));
	const outcome = settlePoll(state, listed, now, settings);
	return { ids: outcome.items.map((item) => item.recording.id), items: outcome.items, state: outcome.state };
}

/** Polls in turn, each from the state the previous one left; the IDs each emitted. */
function pollAt(claap: Listing, times: number[], start?: PollState) {
	let state = start;
	const emitted: string[][] = [];
	for (const now of times) {
		const outcome = poll(claap, state, now);
		emitted.push(outcome.ids);
		state = outcome.state;
	}
	return { emitted, state: state! };
}

describe('the first poll', () => {
	it('emits nothing that was already ready: recordings before activation are history', () => {
		const claap = new Listing();
		claap.add(recording('rec_old', T0 - 2 * HOUR), recording('rec_recent', T0 - MINUTE));
		const first = poll(claap, undefined, T0);
		expect(first.ids).toEqual([]);
		expect(first.state.seen.map(([id]) => id).sort()).toEqual(['rec_old', 'rec_recent']);
		// Listed again by every later poll within the look-back, never emitted.
		claap.add(recording('rec_new', T0 + MINUTE));
		expect(pollAt(claap, [T0 + 2 * MINUTE, T0 + 3 * MINUTE], first.state).emitted).toEqual([['rec_new'], []]);
	});

	it('emits a recording that was processing at activation once it is ready', () => {
		const claap = new Listing();
		claap.add(recording('rec_meeting', T0 - 40 * MINUTE, 'Uploaded'));
		const first = poll(claap, undefined, T0);
		expect(first.ids).toEqual([]);
		claap.setState('rec_meeting', 'Ready');
		expect(poll(claap, first.state, T0 + MINUTE).ids).toEqual(['rec_meeting']);
	});

	it('with a backfill, emits the ready recordings of that many hours before activation, oldest first', () => {
		const claap = new Listing();
		claap.add(
			recording('rec_2h', T0 - 2 * HOUR),
			recording('rec_26h', T0 - 26 * HOUR),
			recording('rec_30h', T0 - 30 * HOUR),
			recording('rec_23h', T0 - 23 * HOUR),
			recording('rec_1m', T0 - MINUTE),
		);
		const first = poll(claap, undefined, T0, { ...SETTINGS, backfillMs: 24 * HOUR });
		expect(first.ids).toEqual(['rec_23h', 'rec_2h', 'rec_1m']);
		// rec_26h was listed (inside the look-back below the backfill) as history; the next listing
		// starts three hours below rec_1m, so only what it can return is remembered.
		expect(first.state.position).toBe(T0 - MINUTE);
		expect(first.state.seen.map(([id]) => id).sort()).toEqual(['rec_1m', 'rec_2h']);
		expect(poll(claap, first.state, T0 + MINUTE).ids).toEqual([]);
	});

	it('starts listing a look-back below the start, in whole seconds', () => {
		const now = T0 + 12_345;
		expect(listingStart(undefined, now, SETTINGS)).toBe(T0 + 12_000 - 3 * HOUR);
		expect(listingStart(undefined, now, { ...SETTINGS, backfillMs: HOUR })).toBe(T0 + 12_000 - 4 * HOUR);
	});
});

describe('later polls', () => {
	it('emit each new recording once, oldest first, however often they poll', () => {
		const claap = new Listing();
		const { state } = pollAt(claap, [T0]);
		claap.add(recording('rec_b', T0 + 2 * MINUTE), recording('rec_a', T0 + MINUTE));
		const later = pollAt(claap, [T0 + 3 * MINUTE, T0 + 4 * MINUTE], state);
		claap.add(recording('rec_c', T0 + 5 * MINUTE));
		const last = pollAt(claap, [T0 + 6 * MINUTE, T0 + 7 * MINUTE, T0 + 8 * MINUTE], later.state);
		expect([...later.emitted, ...last.emitted]).toEqual([['rec_a', 'rec_b'], [], ['rec_c'], [], []]);
		expect(last.state.position).toBe(T0 + 5 * MINUTE);
	});

	it('emit every one of several recordings that share a timestamp, also when some are listed a poll later', () => {
		const claap = new Listing();
		const { state } = pollAt(claap, [T0]);
		const same = T0 + 10 * MINUTE;
		claap.add(recording('rec_s2', same), recording('rec_s1', same));
		const first = poll(claap, state, same + MINUTE);
		expect(first.ids).toEqual(['rec_s1', 'rec_s2']);
		expect(first.state.position).toBe(same);
		// Two more with the very same createdAt, listed only now: the position is not a barrier.
		claap.add(recording('rec_s0', same), recording('rec_s3', same));
		expect(poll(claap, first.state, same + 2 * MINUTE).ids).toEqual(['rec_s0', 'rec_s3']);
	});

	it('emit a recording once when a listing returns it twice (a cursor page shifted under a new recording)', () => {
		const claap = new Listing();
		const { state } = pollAt(claap, [T0]);
		claap.add(recording('rec_a', T0 + MINUTE), recording('rec_b', T0 + 2 * MINUTE));
		const listed = claap.list(listingStart(state, T0 + 3 * MINUTE, SETTINGS));
		const outcome = settlePoll(state, [...listed, listed[1], listed[0]], T0 + 3 * MINUTE, SETTINGS);
		expect(outcome.items.map((item) => item.recording.id)).toEqual(['rec_a', 'rec_b']);
	});

	it('emit a recording listed late (after newer ones) when it is inside the look-back', () => {
		const claap = new Listing();
		let { state } = pollAt(claap, [T0]);
		claap.add(recording('rec_short', T0 + 50 * MINUTE));
		({ state } = pollAt(claap, [T0 + 51 * MINUTE], state));
		// A 2-hour meeting that started before rec_short, listed only once processed.
		claap.add(recording('rec_long', T0 + 10 * MINUTE));
		expect(poll(claap, state, T0 + 2 * HOUR).ids).toEqual(['rec_long']);
	});

	it('do not emit a recording listed later than the look-back below the position (the documented limit)', () => {
		const claap = new Listing();
		let { state } = pollAt(claap, [T0]);
		claap.add(recording('rec_newer', T0 + 4 * HOUR));
		({ state } = pollAt(claap, [T0 + 4 * HOUR + MINUTE], state));
		claap.add(recording('rec_very_late', T0 + 30 * MINUTE));
		expect(poll(claap, state, T0 + 5 * HOUR).ids).toEqual([]);
	});
});

describe('recordings still processing', () => {
	it('are emitted once ready, and hold the position below them meanwhile', () => {
		const claap = new Listing();
		let { state } = pollAt(claap, [T0]);
		claap.add(recording('rec_processing', T0 + MINUTE, 'Empty'), recording('rec_ready', T0 + 2 * MINUTE));
		const held = poll(claap, state, T0 + 3 * MINUTE);
		expect(held.ids).toEqual(['rec_ready']);
		expect(held.state.position).toBe(T0 + MINUTE);
		claap.setState('rec_processing', 'Uploaded');
		({ state } = pollAt(claap, [T0 + 4 * MINUTE], held.state));
		expect(state.position).toBe(T0 + MINUTE);
		claap.setState('rec_processing', 'Ready');
		const ready = poll(claap, state, T0 + 5 * MINUTE);
		expect(ready.ids).toEqual(['rec_processing']);
		expect(ready.state.position).toBe(T0 + 2 * MINUTE);
		expect(pollAt(claap, [T0 + 6 * MINUTE], ready.state).emitted).toEqual([[]]);
	});

	it('stop holding the position after a day, so one stuck recording cannot hold it for ever', () => {
		const claap = new Listing();
		let { state } = pollAt(claap, [T0]);
		claap.add(recording('rec_stuck', T0 + MINUTE, 'Empty'), recording('rec_next', T0 + 2 * MINUTE));
		({ state } = pollAt(claap, [T0 + 3 * MINUTE], state));
		expect(state.position).toBe(T0 + MINUTE);
		({ state } = pollAt(claap, [T0 + MINUTE + POLL_LIMITS.maxHoldMs + 1], state));
		expect(state.position).toBe(T0 + 2 * MINUTE);
	});

	it('are passed over when they failed, without holding the position', () => {
		const claap = new Listing();
		let { state } = pollAt(claap, [T0]);
		claap.add(recording('rec_failed', T0 + MINUTE, 'Failed'), recording('rec_ok', T0 + 2 * MINUTE));
		const outcome = poll(claap, state, T0 + 3 * MINUTE);
		expect(outcome.ids).toEqual(['rec_ok']);
		expect(outcome.state.position).toBe(T0 + 2 * MINUTE);
		({ state } = outcome);
		expect(state.seen.map(([id]) => id)).not.toContain('rec_failed');
	});

	it('read the state case-insensitively; a recording without one is ready', () => {
		const claap = new Listing();
		const { state } = pollAt(claap, [T0]);
		const noState = recording('rec_no_state', T0 + MINUTE);
		delete noState.state;
		claap.add(noState, recording('rec_upper', T0 + 2 * MINUTE, 'READY'), recording('rec_new_state', T0 + 3 * MINUTE, 'Transcribing'));
		expect(poll(claap, state, T0 + 4 * MINUTE).ids).toEqual(['rec_no_state', 'rec_upper']);
	});
});

describe('failures and restarts', () => {
	it('a poll that fails halfway changes nothing, and the next one emits all of it once', () => {
		const claap = new Listing();
		const { state } = pollAt(claap, [T0]);
		claap.add(recording('rec_a', T0 + MINUTE), recording('rec_b', T0 + 2 * MINUTE), recording('rec_c', T0 + 3 * MINUTE));
		// The trigger got the first page, then Claap failed: settlePoll never ran, the state is the old one.
		const retry = poll(claap, state, T0 + 5 * MINUTE);
		expect(retry.ids).toEqual(['rec_a', 'rec_b', 'rec_c']);
		expect(poll(claap, retry.state, T0 + 6 * MINUTE).ids).toEqual([]);
	});

	it('a state that went through JSON and back (static data across a restart) goes on where it was', () => {
		const claap = new Listing();
		let { state } = pollAt(claap, [T0]);
		claap.add(recording('rec_a', T0 + MINUTE), recording('rec_b', T0 + 2 * MINUTE, 'Uploaded'));
		({ state } = pollAt(claap, [T0 + 3 * MINUTE], state));
		const reloaded = readPollState(JSON.parse(JSON.stringify(state)));
		expect(reloaded).toEqual(state);
		claap.setState('rec_b', 'Ready');
		claap.add(recording('rec_c', T0 + 4 * MINUTE));
		expect(pollAt(claap, [T0 + 5 * MINUTE, T0 + 6 * MINUTE], reloaded).emitted).toEqual([['rec_b', 'rec_c'], []]);
	});

	it('an older state (the last one n8n saved) repeats nothing remembered in it, and loses nothing after it', () => {
		const settings = { ...SETTINGS, filters: { ...SETTINGS.filters, labels: ['customer'] } };
		const claap = new Listing();
		const first = poll(claap, undefined, T0, settings);
		claap.add(recording('rec_a', T0 + MINUTE, 'Ready', { labels: ['customer'] }));
		const saved = poll(claap, first.state, T0 + 2 * MINUTE, settings);
		expect(saved.ids).toEqual(['rec_a']);
		// A poll that emits nothing (n8n does not save it), then a restart back to what was saved.
		claap.add(recording('rec_internal', T0 + 3 * MINUTE, 'Ready', { labels: ['internal'] }));
		const unsaved = poll(claap, saved.state, T0 + 4 * MINUTE, settings);
		expect(unsaved.ids).toEqual([]);
		expect(unsaved.state.position).toBe(T0 + 3 * MINUTE);
		claap.add(recording('rec_b', T0 + 6 * MINUTE, 'Ready', { labels: ['customer'] }));
		expect(poll(claap, saved.state, T0 + 7 * MINUTE, settings).ids).toEqual(['rec_b']);
	});

	it.each([
		['nothing stored', undefined],
		['another shape', { seenEvents: { a: 1 } }],
		['seen as an object', { position: T0, floor: 0, seen: { rec_a: T0 } }],
		['a position that is not a number', { position: '2026-11-24', floor: 0, seen: [] }],
	])('%s is no state: the poll starts as on a first activation', (_name, stored) => {
		expect(readPollState(stored)).toBeUndefined();
	});
});

describe('filters', () => {
	const channel = { id: 'ch_sales', name: 'Sales calls' };

	it('are the Claap Trigger\'s: channel names or IDs, any of the labels, only with a deal', () => {
		const claap = new Listing();
		const settings: PollSettings = {
			...SETTINGS,
			filters: { channels: ['sales CALLS'], labels: ['discovery', 'demo'], requireDeal: true },
		};
		const { state } = poll(claap, undefined, T0, settings);
		claap.add(
			recording('rec_match', T0 + MINUTE, 'Ready', { channel, labels: ['demo'], deal: { id: 'deal_1' } }),
			recording('rec_other_channel', T0 + 2 * MINUTE, 'Ready', { channel: { id: 'ch_x', name: 'X' }, labels: ['demo'], deal: { id: 'd' } }),
			recording('rec_no_label', T0 + 3 * MINUTE, 'Ready', { channel, labels: [], deal: { id: 'd' } }),
			recording('rec_no_deal', T0 + 4 * MINUTE, 'Ready', { channel, labels: ['discovery'], deal: null }),
		);
		const outcome = poll(claap, state, T0 + 5 * MINUTE, settings);
		expect(outcome.ids).toEqual(['rec_match']);
		// Decided once: a recording left out is remembered, and the position moves past it.
		expect(outcome.state.seen.map(([id]) => id).sort()).toEqual(['rec_match', 'rec_no_deal', 'rec_no_label', 'rec_other_channel']);
		expect(outcome.state.position).toBe(T0 + 4 * MINUTE);
	});
});

describe('what Claap lists that does not look like a recording', () => {
	it('skips entries without an ID, and emits a recording whose createdAt cannot be read once', () => {
		const claap = new Listing();
		const { state } = pollAt(claap, [T0]);
		const listed = [null, 'rec', { title: 'no id' }, { id: '' }, { id: 'rec_odd', createdAt: 'yesterday' }, recording('rec_a', T0 + MINUTE)];
		const first = settlePoll(state, listed, T0 + 2 * MINUTE, SETTINGS);
		expect(first.items.map((item) => item.recording.id)).toEqual(['rec_a', 'rec_odd']);
		expect(first.items[1].validation.valid).toBe(false);
		// An unreadable createdAt does not move the position; the ID is remembered from when it was listed.
		expect(first.state.position).toBe(T0 + MINUTE);
		expect(settlePoll(first.state, listed, T0 + 3 * MINUTE, SETTINGS).items).toEqual([]);
	});
});

describe('bounded state', () => {
	const LIMITS = { maxSeen: 5, maxHoldMs: POLL_LIMITS.maxHoldMs };

	it('forgets what the next listing cannot return', () => {
		const claap = new Listing();
		let { state } = pollAt(claap, [T0]);
		for (let i = 0; i < 20; i++) {
			const at = T0 + i * HOUR;
			claap.add(recording(`rec_${String(i).padStart(2, '0')}`, at));
			({ state } = pollAt(claap, [at + MINUTE], state));
		}
		// Three hours of look-back below the newest: rec_16 .. rec_19.
		expect(state.seen.map(([id]) => id).sort()).toEqual(['rec_16', 'rec_17', 'rec_18', 'rec_19']);
	});

	it('remembers a recording created in the first second of the next listing (the bound is rounded down)', () => {
		const claap = new Listing();
		let { state } = pollAt(claap, [T0]);
		const newest = T0 + HOUR + 700;
		claap.add(recording('rec_edge', newest - 3 * HOUR + 100), recording('rec_newest', newest));
		({ state } = pollAt(claap, [T0 + HOUR + MINUTE], state));
		expect(listingStart(state, T0 + 2 * HOUR, SETTINGS)).toBe(T0 - 2 * HOUR);
		expect(state.seen.map(([id]) => id)).toContain('rec_edge');
		expect(poll(claap, state, T0 + 2 * HOUR).ids).toEqual([]);
	});

	it('keeps at most maxSeen IDs, and raises the floor past those it forgets so they are never emitted again', () => {
		const claap = new Listing();
		const { state } = poll(claap, undefined, T0);
		const added = Array.from({ length: 12 }, (_, i) => recording(`rec_${String(i).padStart(2, '0')}`, T0 + (i + 1) * 1500));
		claap.add(...added);
		const burst = settlePoll(state, claap.list(listingStart(state, T0 + MINUTE, SETTINGS)), T0 + MINUTE, SETTINGS, LIMITS);
		expect(burst.items).toHaveLength(12);
		expect(burst.state.seen.length).toBeLessThanOrEqual(LIMITS.maxSeen);
		const forgotten = added.map((r) => String(r.id)).filter((id) => !burst.state.seen.some(([kept]) => kept === id));
		for (const id of forgotten) {
			const createdAt = Date.parse(String(claap.recordings.get(id)!.createdAt));
			expect(createdAt).toBeLessThan(listingStart(burst.state, T0 + 2 * MINUTE, SETTINGS));
		}
		const relisted = claap.list(listingStart(burst.state, T0 + 2 * MINUTE, SETTINGS));
		const again = settlePoll(burst.state, relisted, T0 + 2 * MINUTE, SETTINGS, LIMITS);
		expect(again.items).toEqual([]);
	});
});

describe('the items', () => {
	it('have the Claap Trigger\'s shape, with one eventId per recording', () => {
		const claap = new Listing();
		const { state } = pollAt(claap, [T0]);
		const listed = recording('rec_a', T0 + MINUTE);
		claap.add(listed);
		const [item] = poll(claap, state, T0 + 2 * MINUTE).items;
		expect(item).toEqual({
			eventId: 'recording_added:rec_a',
			eventType: 'recording_added',
			receivedAt: new Date(T0 + 2 * MINUTE).toISOString(),
			linksExpireAt: new Date(T0 + 2 * MINUTE + 24 * HOUR).toISOString(),
			recording: listed,
			validation: { valid: true, issues: [] },
		});
		expect(item.recording).toBe(listed);
		expect(pollEventId('rec_a')).toBe(item.eventId);
	});
});

describe('latestRecordingItem (Fetch Test Event)', () => {
	it('is the newest ready recording that passes the filters', () => {
		const newestFirst = [
			recording('rec_processing', T0 + 3 * MINUTE, 'Uploaded'),
			recording('rec_other', T0 + 2 * MINUTE, 'Ready', { labels: ['internal'] }),
			recording('rec_match', T0 + MINUTE, 'Ready', { labels: ['demo'] }),
		];
		const filters = { channels: [], labels: ['demo'], requireDeal: false };
		expect(latestRecordingItem(newestFirst, filters, T0)?.recording.id).toBe('rec_match');
		expect(latestRecordingItem(newestFirst, SETTINGS.filters, T0)?.recording.id).toBe('rec_other');
		expect(latestRecordingItem(newestFirst.slice(0, 1), SETTINGS.filters, T0)).toBeUndefined();
	});
});
