/**
 * Remembers which `eventId`s were already accepted, so Claap's retries (at once, +1 min, +5 min)
 * run a workflow once. Plain data in, plain data out: the same record lives in memory and in
 * n8n's workflow static data.
 */

/** eventId -> when it was first accepted (ms since epoch). */
export type SeenEvents = Record<string, number>;

export interface LedgerLimits {
	/** Ids kept however many arrive: Claap's last retry comes about 6 minutes after the first try. */
	minimumAgeMs: number;
	/** Beyond the minimum age, at most this many ids are kept. */
	capacity: number;
	/** A hard bound on size, whatever the traffic. */
	hardCapacity: number;
	/** Nothing is kept longer than this. */
	maximumAgeMs: number;
}

/** In a process's memory: cheap to keep, so up to 10,000 ids younger than an hour. */
export const LEDGER_LIMITS: LedgerLimits = {
	minimumAgeMs: 60 * 60 * 1000,
	capacity: 1000,
	hardCapacity: 10000,
	maximumAgeMs: 24 * 60 * 60 * 1000,
};

/**
 * In workflow static data, which n8n reads, wraps and writes back whole on every delivery and
 * every run: kept small. Every id of the last 10 minutes (Claap retries within about 6), up to
 * 300; beyond 10 minutes, 100. Each process's memory still keeps the hour.
 */
export const PERSISTED_LEDGER_LIMITS: LedgerLimits = {
	minimumAgeMs: 10 * 60 * 1000,
	capacity: 100,
	hardCapacity: 300,
	maximumAgeMs: 24 * 60 * 60 * 1000,
};

/** Once over a size limit, pruning goes a tenth below it, so the next inserts do not prune again. */
const belowLimit = (limit: number) => limit - Math.floor(limit / 10);

export const hasSeen = (seen: SeenEvents, eventId: string): boolean =>
	Object.prototype.hasOwnProperty.call(seen, eventId);

/** Drops what is too old or too many, oldest first. Returns how many were dropped. */
export function pruneSeen(seen: SeenEvents, now: number, limits = LEDGER_LIMITS): number {
	const times = Object.values(seen);
	if (!needsPruning(times, now, limits)) return 0;
	const below = (limit: number) => (times.length > limit ? belowLimit(limit) : limit);
	const hardTarget = below(limits.hardCapacity);
	const target = below(limits.capacity);
	// Sorted by time, not key order: JavaScript lists integer-like keys first, whatever their age.
	const oldestFirst = Object.entries(seen).sort(([, a], [, b]) => a - b);
	let dropped = 0;
	for (const [id, acceptedAt] of oldestFirst) {
		const age = now - acceptedAt;
		const remaining = oldestFirst.length - dropped;
		const tooOld = age > limits.maximumAgeMs;
		const tooMany = remaining > hardTarget || (remaining > target && age > limits.minimumAgeMs);
		if (!tooOld && !tooMany) break;
		delete seen[id];
		dropped++;
	}
	return dropped;
}

/**
 * One pass that tells whether anything would be dropped, so the sort runs only when it will:
 * a record over capacity but younger than the minimum age is left as it is, cheaply.
 */
function needsPruning(times: number[], now: number, limits: LedgerLimits): boolean {
	if (times.length > limits.hardCapacity) return true;
	const overCapacity = times.length > limits.capacity;
	for (const acceptedAt of times) {
		const age = now - acceptedAt;
		if (age > limits.maximumAgeMs || (overCapacity && age > limits.minimumAgeMs)) return true;
	}
	return false;
}

/** Records an accepted id and drops what has become too old or too many. */
export function recordSeen(
	seen: SeenEvents,
	eventId: string,
	now: number,
	limits = LEDGER_LIMITS,
): void {
	seen[eventId] = now;
	pruneSeen(seen, now, limits);
}
