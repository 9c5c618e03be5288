import { z } from 'zod/v4';

/**
 * What the polling trigger remembers between polls, in workflow static data. Times are
 * milliseconds since the epoch on Claap's clock (recordings' `createdAt`), except where said.
 */
export const PollStateSchema = z.object({
	/**
	 * Every recording Claap listed with a `createdAt` up to here has been decided (emitted, or
	 * passed over), except those still processing. Never moves backwards.
	 */
	position: z.number(),
	/**
	 * Listing never starts below this. Raised only when `seen` outgrows its bound, past the IDs it
	 * forgot, so a forgotten recording is never listed (and emitted) again.
	 */
	floor: z.number(),
	/**
	 * Recordings already decided that a later listing can still return, as [ID, createdAt] pairs
	 * (pairs, not an object: a recording ID is never taken for an object key such as `__proto__`).
	 */
	seen: z.array(z.tuple([z.string(), z.number()])),
});

export type PollState = z.infer<typeof PollStateSchema>;

/**
 * The state as stored, or undefined when there is none or it has another shape (an older
 * format, a hand edit): the poll then starts afresh, as on a first activation.
 */
export function readPollState(stored: unknown): PollState | undefined {
	const parsed = PollStateSchema.safeParse(stored);
	return parsed.success ? parsed.data : undefined;
}
