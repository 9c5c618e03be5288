import { hasSeen, LEDGER_LIMITS, pruneSeen, recordSeen, type SeenEvents } from '../../../nodes/shared/delivery';

/** Small limits, so each rule can be exercised with a handful of ids. */
const LIMITS = { minimumAgeMs: 1_000, capacity: 3, hardCapacity: 6, maximumAgeMs: 10_000 };
const T0 = Date.UTC(2026, 10, 24, 14, 0, 0);

const ids = (seen: SeenEvents) => Object.keys(seen).sort();

describe('hasSeen / recordSeen', () => {
	it('remembers what was recorded, and only that', () => {
		const seen: SeenEvents = {};
		expect(hasSeen(seen, 'evt_a')).toBe(false);
		recordSeen(seen, 'evt_a', T0);
		expect(hasSeen(seen, 'evt_a')).toBe(true);
		expect(hasSeen(seen, 'evt_b')).toBe(false);
		expect(seen).toEqual({ evt_a: T0 });
	});

	it('does not mistake inherited properties for seen ids', () => {
		const seen: SeenEvents = {};
		for (const name of ['toString', 'constructor', 'hasOwnProperty', '__proto__', 'valueOf']) {
			expect(hasSeen(seen, name)).toBe(false);
		}
	});

	it('works on data that went through JSON (as static data does)', () => {
		const seen: SeenEvents = {};
		recordSeen(seen, 'evt_a', T0);
		const reloaded = JSON.parse(JSON.stringify(seen)) as SeenEvents;
		expect(hasSeen(reloaded, 'evt_a')).toBe(true);
	});

	it('recording an id again moves its time forward', () => {
		const seen: SeenEvents = {};
		recordSeen(seen, 'evt_a', T0);
		recordSeen(seen, 'evt_a', T0 + 500);
		expect(seen).toEqual({ evt_a: T0 + 500 });
	});

	it('uses the production limits by default', () => {
		expect(LEDGER_LIMITS.minimumAgeMs).toBeGreaterThanOrEqual(10 * 60 * 1000); // Claap's last retry is ~6 min after the first
		expect(LEDGER_LIMITS.capacity).toBeLessThan(LEDGER_LIMITS.hardCapacity);
		expect(LEDGER_LIMITS.minimumAgeMs).toBeLessThan(LEDGER_LIMITS.maximumAgeMs);
		const seen: SeenEvents = {};
		for (let i = 0; i < LEDGER_LIMITS.capacity + 5; i++) recordSeen(seen, `evt_${i}`, T0 + i);
		// All younger than the minimum age: nothing is dropped.
		expect(Object.keys(seen)).toHaveLength(LEDGER_LIMITS.capacity + 5);
	});
});

describe('pruning', () => {
	it('keeps ids younger than minimumAge even beyond capacity', () => {
		const seen: SeenEvents = {};
		for (let i = 0; i < 6; i++) recordSeen(seen, `evt_${i}`, T0 + i * 100, LIMITS);
		expect(ids(seen)).toEqual(['evt_0', 'evt_1', 'evt_2', 'evt_3', 'evt_4', 'evt_5']);
		expect(pruneSeen(seen, T0 + 999, LIMITS)).toBe(0);
		expect(Object.keys(seen)).toHaveLength(6);
	});

	it('drops the oldest beyond capacity once they are older than minimumAge', () => {
		const seen: SeenEvents = { a: T0, b: T0 + 1, c: T0 + 2, d: T0 + 3 };
		recordSeen(seen, 'e', T0 + 5_000, LIMITS);
		expect(ids(seen)).toEqual(['c', 'd', 'e']);
	});

	it('drops only the ids that are both beyond capacity and older than minimumAge', () => {
		// a and b are old; c, d, e are young: capacity 3 allows dropping a and b only.
		const seen: SeenEvents = { a: T0, b: T0 + 1, c: T0 + 4_500, d: T0 + 4_600, e: T0 + 4_700 };
		const dropped = pruneSeen(seen, T0 + 5_000, LIMITS);
		expect(dropped).toBe(2);
		expect(ids(seen)).toEqual(['c', 'd', 'e']);
	});

	it('stops dropping at the first id that is young, even if the record is still beyond capacity', () => {
		const seen: SeenEvents = { a: T0, b: T0 + 4_500, c: T0 + 4_600, d: T0 + 4_700, e: T0 + 4_800 };
		expect(pruneSeen(seen, T0 + 5_000, LIMITS)).toBe(1);
		expect(ids(seen)).toEqual(['b', 'c', 'd', 'e']);
	});

	it('does nothing at or under capacity when nothing is too old', () => {
		const seen: SeenEvents = { a: T0, b: T0 + 1, c: T0 + 2 };
		expect(pruneSeen(seen, T0 + 5_000, LIMITS)).toBe(0);
		expect(ids(seen)).toEqual(['a', 'b', 'c']);
	});

	it('hardCapacity bounds the record even when every id is young', () => {
		const seen: SeenEvents = {};
		for (let i = 0; i < 9; i++) recordSeen(seen, `evt_${i}`, T0 + i, LIMITS);
		expect(Object.keys(seen)).toHaveLength(LIMITS.hardCapacity);
		expect(ids(seen)).toEqual(['evt_3', 'evt_4', 'evt_5', 'evt_6', 'evt_7', 'evt_8']);
	});

	it('maximumAge drops old ids even under capacity', () => {
		const seen: SeenEvents = { old: T0 };
		recordSeen(seen, 'new', T0 + LIMITS.maximumAgeMs + 1, LIMITS);
		expect(ids(seen)).toEqual(['new']);
	});

	it('an id exactly maximumAge old is kept', () => {
		const seen: SeenEvents = { old: T0 };
		recordSeen(seen, 'new', T0 + LIMITS.maximumAgeMs, LIMITS);
		expect(ids(seen)).toEqual(['new', 'old']);
	});

	it('maximumAge drops every id past it, and only those', () => {
		const seen: SeenEvents = { a: T0, b: T0 + 100, c: T0 + 9_000 };
		expect(pruneSeen(seen, T0 + 10_050, LIMITS)).toBe(1);
		expect(ids(seen)).toEqual(['b', 'c']);
		expect(pruneSeen(seen, T0 + 10_101, LIMITS)).toBe(1);
		expect(ids(seen)).toEqual(['c']);
	});

	it('prunes integer-like event ids by time, not by key order', () => {
		// JavaScript lists integer-like keys in ascending numeric order, whatever their insertion order.
		const seen: SeenEvents = {};
		recordSeen(seen, '300', T0, LIMITS);
		recordSeen(seen, '200', T0 + 1, LIMITS);
		recordSeen(seen, '100', T0 + 2, LIMITS);
		expect(Object.keys(seen)).toEqual(['100', '200', '300']);
		recordSeen(seen, '50', T0 + 5_000, LIMITS);
		// '300' is the oldest: it goes, although it is listed last.
		expect(ids(seen)).toEqual(['100', '200', '50']);
		recordSeen(seen, 'evt_x', T0 + 5_001, LIMITS);
		expect(ids(seen)).toEqual(['100', '50', 'evt_x']);
	});

	it('prunes mixed integer-like and string ids by time under maximumAge', () => {
		const seen: SeenEvents = { evt_old: T0, '7': T0 + 5_000, evt_new: T0 + 6_000 };
		expect(pruneSeen(seen, T0 + 10_500, LIMITS)).toBe(1);
		expect(ids(seen)).toEqual(['7', 'evt_new']);
	});

	it('returns how many it dropped', () => {
		const seen: SeenEvents = {};
		for (let i = 0; i < 6; i++) seen[`evt_${i}`] = T0 + i;
		expect(pruneSeen(seen, T0 + LIMITS.maximumAgeMs + 3, LIMITS)).toBe(3);
		expect(ids(seen)).toEqual(['evt_3', 'evt_4', 'evt_5']);
	});
});

describe('pruning a large record', () => {
	const LARGE = { minimumAgeMs: 1_000, capacity: 100, hardCapacity: 200, maximumAgeMs: 10_000 };

	it('goes a tenth below the hard limit, so the next inserts do not prune again', () => {
		const seen: SeenEvents = {};
		for (let i = 0; i <= 200; i++) recordSeen(seen, `evt_${i}`, T0 + i, LARGE);
		expect(Object.keys(seen)).toHaveLength(180);
		expect([hasSeen(seen, 'evt_20'), hasSeen(seen, 'evt_21'), hasSeen(seen, 'evt_200')]).toEqual([false, true, true]);
		for (let i = 201; i <= 220; i++) recordSeen(seen, `evt_${i}`, T0 + i, LARGE);
		expect(Object.keys(seen)).toHaveLength(200);
		expect(hasSeen(seen, 'evt_21')).toBe(true);
	});
});
