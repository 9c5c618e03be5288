import fc from 'fast-check';

import { listingStart, readPollState, settlePoll, type PollSettings, type PollState } from '../../../nodes/shared/polling';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 24, 14, 0, 0);
const SETTINGS: PollSettings = { lookBackMs: 3 * HOUR, backfillMs: 0, filters: { channels: [], labels: [], requireDeal: false } };

interface Added {
	/** How long before it is added the recording started (under the look-back). */
	lagMs: number;
	/** Rounded to the minute: recordings sharing a createdAt. */
	sameMinute: boolean;
	processing: boolean;
	/** Not in the listing of the poll right after it was added (it came in while pages were read). */
	missedOnce: boolean;
}

type PollKind = 'ok' | 'fails' | 'restart';

interface Step {
	advanceMs: number;
	added: Added[];
	/** Indexes (modulo) of processing recordings that become ready. */
	ready: number[];
	poll: PollKind;
	duplicatePage: boolean;
}

const step: fc.Arbitrary<Step> = fc.record({
	advanceMs: fc.integer({ min: 1000, max: 20 * MINUTE }),
	added: fc.array(
		fc.record({
			lagMs: fc.integer({ min: 0, max: 2.5 * HOUR }),
			sameMinute: fc.boolean(),
			processing: fc.boolean(),
			missedOnce: fc.boolean(),
		}),
		{ maxLength: 4 },
	),
	ready: fc.array(fc.nat(), { maxLength: 3 }),
	poll: fc.constantFrom<PollKind>('ok', 'ok', 'ok', 'fails', 'restart'),
	duplicatePage: fc.boolean(),
});

interface Stored {
	id: string;
	createdAt: number;
	state: string;
	hiddenUntilPoll: number;
}

/**
 * A run of n8n polling a changing Claap, with what n8n really persists: the state after the
 * activation poll and after every poll that emitted; a restart goes back to that.
 */
function run(steps: Step[]) {
	const store: Stored[] = [];
	const emitted: string[] = [];
	let pollCount = 0;
	let now = T0;
	const first = settlePoll(undefined, [], now, SETTINGS);
	let memory: PollState = first.state;
	let saved: PollState = first.state;
	const pollOnce = (kind: PollKind, duplicatePage: boolean) => {
		pollCount++;
		if (kind === 'restart') memory = readPollState(JSON.parse(JSON.stringify(saved)))!;
		const start = listingStart(memory, now, SETTINGS);
		const listed = store
			.filter((r) => r.createdAt > start && r.hiddenUntilPoll <= pollCount)
			.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
			.map((r) => ({ id: r.id, createdAt: new Date(r.createdAt).toISOString(), state: r.state }));
		if (duplicatePage && listed.length > 0) listed.push(...listed.slice(0, 2));
		if (kind === 'fails') return;
		const outcome = settlePoll(memory, listed, now, SETTINGS);
		const ids = outcome.items.map((item) => item.recording.id);
		const times = outcome.items.map((item) => Date.parse(String(item.recording.createdAt)));
		expect(times).toEqual([...times].sort((a, b) => a - b));
		emitted.push(...ids);
		memory = outcome.state;
		if (ids.length > 0) saved = outcome.state;
	};

	for (const { advanceMs, added, ready, poll, duplicatePage } of steps) {
		now += advanceMs;
		for (const recording of added) {
			const createdAt = now - recording.lagMs;
			store.push({
				id: `rec_${store.length}`,
				createdAt: recording.sameMinute ? Math.floor(createdAt / MINUTE) * MINUTE : createdAt,
				state: recording.processing ? 'Uploaded' : 'Ready',
				hiddenUntilPoll: recording.missedOnce ? pollCount + 2 : 0,
			});
		}
		const processing = store.filter((r) => r.state !== 'Ready');
		for (const index of ready) if (processing.length > 0) processing[index % processing.length].state = 'Ready';
		pollOnce(poll, duplicatePage);
	}
	// Everything finishes processing; a few quiet polls pick up the rest.
	for (const r of store) r.state = 'Ready';
	for (let i = 0; i < 3; i++) {
		now += MINUTE;
		pollOnce('ok', false);
	}
	return { added: store.map((r) => r.id), emitted, seen: memory.seen.length };
}

describe('polling a changing Claap (property)', () => {
	it('emits every recording exactly once: late listings, shared timestamps, processing, repeated pages, failed polls, restarts', () => {
		fc.assert(
			fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
				const { added, emitted } = run(steps);
				expect([...emitted].sort()).toEqual([...added].sort());
			}),
			{ numRuns: 100 },
		);
	});
});
