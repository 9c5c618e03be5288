import { persistSeenEvents } from '../../../nodes/ClaapTrigger/seenEvents';
import { createExecuteHarness } from '../../support/webhookContext';

const NOW = Date.UTC(2026, 10, 24, 14, 31, 7, 250);

describe('the seen-event record in workflow static data', () => {
	it('keeps a valid record and adds to the same object n8n saves', () => {
		const seenEvents = { evt_old: NOW - 1000 };
		const harness = createExecuteHarness([], {}, { seenEvents });
		persistSeenEvents(harness.context, [{ eventId: 'evt_new', at: NOW }], NOW);
		expect(harness.staticData.seenEvents).toBe(seenEvents);
		expect(seenEvents).toEqual({ evt_old: NOW - 1000, evt_new: NOW });
	});

	it.each([
		['a string', 'corrupt'],
		['an array', ['evt_a']],
		['times that are not numbers', { evt_a: '2026-11-24T14:31:07Z' }],
		['null', null],
	])('replaces %s with a fresh record instead of trusting it', (_, recorded) => {
		const harness = createExecuteHarness([], {}, { seenEvents: recorded });
		persistSeenEvents(harness.context, [{ eventId: 'evt_new', at: NOW }], NOW);
		expect(harness.staticData.seenEvents).toMatchObject({ evt_new: NOW });
		expect(Object.values(harness.staticData.seenEvents as object).every((at) => typeof at === 'number')).toBe(true);
	});
});
