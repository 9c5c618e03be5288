import { z } from 'zod/v4';

import { matchesFilters, type RecordingFilters } from '../delivery/decide';
import { toTriggerItem, type TriggerItem } from '../delivery/item';
import { validateRecording } from '../delivery/validation';
import type { DeliveryEnvelope } from '../schemas';
import type { PollState } from './pollState';

/**
 * One poll of Claap's recordings, as plain decisions over plain data: where the listing starts,
 * which listed recordings become items, and what is remembered for the next poll. The trigger
 * lists every page from `listingStart` (oldest first) and hands the recordings to `settlePoll`.
 */

const SECOND = 1000;
const HOUR = 60 * 60 * SECOND;

export interface PollSettings {
	/**
	 * Each poll lists again this far below its position, for recordings Claap lists after newer
	 * ones (`createdAt` is when a recording started, not when it became ready).
	 */
	lookBackMs: number;
	/** On the first poll, ready recordings created up to this long before it are emitted too (0: none). */
	backfillMs: number;
	filters: RecordingFilters;
}

export interface PollLimits {
	/** At most this many recordings are remembered. */
	maxSeen: number;
	/** A recording still processing keeps the position below it for at most this long after its `createdAt`. */
	maxHoldMs: number;
}

export const POLL_LIMITS: PollLimits = { maxSeen: 1000, maxHoldMs: 24 * HOUR };

/** The `eventId` of a polled recording: one per recording, so a workflow can key on it as on a delivery's. */
export const pollEventId = (recordingId: string): string => `recording_added:${recordingId}`;

type Recording = DeliveryEnvelope['event']['recording'];
type Readiness = 'ready' | 'processing' | 'failed';

interface ListedRecording {
	id: string;
	/** Claap's `createdAt`, when it can be read. */
	createdAt: number | undefined;
	readiness: Readiness;
	recording: Recording;
}

const IdentifiedSchema = z.looseObject({ id: z.string().min(1) });

/**
 * A recording without a usable ID cannot be told apart from the next one: it is skipped.
 * No `state` means ready (Claap's webhook recordings carry none); Empty, Uploaded and any state
 * Claap may add later mean still processing; Failed will not become ready.
 */
function readListed(raw: unknown): ListedRecording | undefined {
	if (!IdentifiedSchema.safeParse(raw).success) return undefined;
	// The recording itself, not zod's copy (see readEnvelope): it is emitted as Claap listed it.
	const recording = raw as Recording;
	const createdAt = typeof recording.createdAt === 'string' ? Date.parse(recording.createdAt) : Number.NaN;
	const state = typeof recording.state === 'string' ? recording.state.trim().toLowerCase() : 'ready';
	const readiness: Readiness = state === 'ready' ? 'ready' : state === 'failed' ? 'failed' : 'processing';
	return { id: recording.id, createdAt: Number.isNaN(createdAt) ? undefined : createdAt, readiness, recording };
}

const wholeSecondAtOrBelow = (ms: number) => Math.floor(ms / SECOND) * SECOND;

/**
 * In whole seconds: Claap documents neither whether `createdAfter` is inclusive nor its
 * precision, and a bound rounded down lists a little more, never less.
 */
const startFrom = (position: number, floor: number, lookBackMs: number) =>
	wholeSecondAtOrBelow(Math.max(position - lookBackMs, floor));

/** Where the next listing starts (`createdAfter`, ms since the epoch). */
export function listingStart(state: PollState | undefined, now: number, settings: PollSettings): number {
	return state === undefined
		? startFrom(now - settings.backfillMs, -Infinity, settings.lookBackMs)
		: startFrom(state.position, state.floor, settings.lookBackMs);
}

export interface PollOutcome {
	/** The items to emit, oldest `createdAt` first. */
	items: TriggerItem[];
	state: PollState;
}

/**
 * Decides one poll from everything Claap listed since `listingStart(previous, …)`, every page.
 * Emitted: ready recordings not seen before that pass the filters. On the first poll, recordings
 * already ready and created before `now - backfillMs` are remembered without being emitted.
 * The position moves up to the newest decided recording, but stays at the oldest one still
 * processing, so that one is listed again until it is ready.
 */
export function settlePoll(
	previous: PollState | undefined,
	listed: readonly unknown[],
	now: number,
	settings: PollSettings,
	limits: PollLimits = POLL_LIMITS,
): PollOutcome {
	const historyUntil = now - settings.backfillMs;
	const seen = new Map(previous?.seen);
	const inThisListing = new Set<string>();
	const fresh: ListedRecording[] = [];
	let decidedUpTo = -Infinity;
	let processingFrom = Infinity;

	for (const raw of listed) {
		const listedRecording = readListed(raw);
		// Pages are cursor slices of a list that may change meanwhile: one recording can come twice.
		if (listedRecording === undefined || inThisListing.has(listedRecording.id)) continue;
		inThisListing.add(listedRecording.id);
		const { id, createdAt, readiness, recording } = listedRecording;
		const holdsPosition = readiness === 'processing' && createdAt !== undefined && createdAt >= now - limits.maxHoldMs;
		if (holdsPosition && !seen.has(id)) {
			processingFrom = Math.min(processingFrom, createdAt);
			continue;
		}
		if (createdAt !== undefined) decidedUpTo = Math.max(decidedUpTo, createdAt);
		// Failed (or processing for too long) is passed over without being remembered: if Claap
		// ever makes it ready while it is still listed, it is emitted then.
		if (readiness !== 'ready' || seen.has(id)) continue;
		// A recording whose createdAt cannot be read is remembered from when it was first listed.
		seen.set(id, createdAt ?? now);
		const isHistory = previous === undefined && (createdAt ?? now) <= historyUntil;
		if (!isHistory && matchesFilters(recording, settings.filters)) fresh.push(listedRecording);
	}

	const position = Math.max(previous?.position ?? historyUntil, Math.min(decidedUpTo, processingFrom));
	const state = boundSeen({ position, floor: previous?.floor ?? 0, seen }, settings, limits);
	const emitTime = (recording: ListedRecording) => recording.createdAt ?? now;
	fresh.sort((a, b) => emitTime(a) - emitTime(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	return { items: fresh.map((recording) => pollItem(recording.recording, now)), state };
}

interface WorkingState {
	position: number;
	floor: number;
	seen: Map<string, number>;
}

/**
 * Forgets what the next listing cannot return (created before it starts). Beyond `maxSeen`, the
 * oldest are forgotten too, and the floor is raised past them so they are never listed again.
 */
function boundSeen(working: WorkingState, settings: PollSettings, limits: PollLimits): PollState {
	const { position, seen } = working;
	let floor = working.floor;
	const forgetBelowStart = () => {
		const start = startFrom(position, floor, settings.lookBackMs);
		for (const [id, createdAt] of seen) if (createdAt < start) seen.delete(id);
	};
	forgetBelowStart();
	if (seen.size > limits.maxSeen) {
		const oldestFirst = [...seen.values()].sort((a, b) => a - b);
		const newestForgotten = oldestFirst[seen.size - limits.maxSeen - 1];
		floor = Math.max(floor, wholeSecondAtOrBelow(newestForgotten) + SECOND);
		forgetBelowStart();
	}
	return { position, floor, seen: [...seen] };
}

/** The same item the Claap Trigger emits for a `recording_added` delivery. */
function pollItem(recording: Recording, receivedAt: number): TriggerItem {
	const envelope = { eventId: pollEventId(recording.id), event: { type: 'recording_added', recording } };
	return toTriggerItem(envelope, 'recording_added', validateRecording(recording), receivedAt);
}

/**
 * For "Fetch Test Event": the newest ready recording that passes the filters, from a listing
 * sorted newest first. Nothing is remembered.
 */
export function latestRecordingItem(
	listedNewestFirst: readonly unknown[],
	filters: RecordingFilters,
	now: number,
): TriggerItem | undefined {
	for (const raw of listedNewestFirst) {
		const listed = readListed(raw);
		if (listed?.readiness === 'ready' && matchesFilters(listed.recording, filters)) return pollItem(listed.recording, now);
	}
	return undefined;
}
