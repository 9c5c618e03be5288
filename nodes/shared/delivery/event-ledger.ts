/**
 * Remembers which `eventId`s were already accepted, so Claap's retries (at once, +1 min, +5 min)
 * run a workflow once. Plain data in, plain data out: the same record lives in memory and in
 * n8n's workflow static data.
 */

/** eventId -> when it was first accepted (ms since epoch). */
export type SeenEvents = Record<string, number>;

export const LEDGER_LIMITS = {
	/** Ids kept however many arrive: Claap's last retry comes about 6 minutes after the first try. */
	minimumAgeMs: 60 * 60 * 1000,
	/** Beyond the minimum age, at most this many ids are kept. */
	capacity: 1000,
	/** A hard bound on memory and static-data size, whatever the traffic. */
	hardCapacity: 10000,
	/** Nothing is kept longer than this. */
	maximumAgeMs: 24 * 60 * 60 * 1000,
};

export const hasSeen = (seen: SeenEvents, eventId: string): boolean =>
	Object.prototype.hasOwnProperty.call(seen, eventId);

/** Drops what is too old or too many, oldest first. Returns how many were dropped. */
export function pruneSeen(seen: SeenEvents, now: number, limits = LEDGER_LIMITS): number {
	if (!needsPruning(Object.values(seen), now, limits)) return 0;
	// Sorted by time, not key order: JavaScript lists integer-like keys first, whatever their age.
	const oldestFirst = Object.entries(seen).sort(([, a], [, b]) => a - b);
	let dropped = 0;
	for (const [id, acceptedAt] of oldestFirst) {
		const age = now - acceptedAt;
		const remaining = oldestFirst.length - dropped;
		const tooOld = age > limits.maximumAgeMs;
		const tooMany =
			remaining > limits.hardCapacity || (remaining > limits.capacity && age > limits.minimumAgeMs);
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
function needsPruning(times: number[], now: number, limits: typeof LEDGER_LIMITS): boolean {
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
