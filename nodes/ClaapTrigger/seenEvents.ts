import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { z } from 'zod/v4';

import { PERSISTED_LEDGER_LIMITS, hasSeen, pruneSeen, type SeenEvents } from '../shared/delivery';

/**
 * Where accepted event IDs are remembered, in two places:
 * - this process's memory: checked and updated with no await in between, so it holds even for
 *   simultaneous retries; lost on restart and not shared between n8n processes;
 * - the workflow's static data: survives restarts and is shared through the database. webhook()
 *   only reads it; execute() writes it, inside the run, because a change made before answering
 *   costs acknowledgement time (n8n 1.x saves it to the database before it answers).
 */
export const inMemory = new Map<string, MemoryLedger>();

interface MemoryLedger {
	seen: SeenEvents;
	/** The latest records in the order they came, enough for one static-data record (no sort of `seen`). */
	recent: Array<[eventId: string, acceptedAt: number]>;
	/** Records since `seen` was last pruned: a full pass over up to 10,000 IDs is not worth it per delivery. */
	sincePrune: number;
}

/** Memory is pruned every this many records, so it exceeds its limits by fewer than this. */
const MEMORY_PRUNE_EVERY = 64;
const RECENT_KEPT = PERSISTED_LEDGER_LIMITS.hardCapacity;

type NodeContext = IWebhookFunctions | IExecuteFunctions;

function memoryFor(context: NodeContext): MemoryLedger {
	const key = `${context.getWorkflow().id ?? ''}/${context.getNode().id}`;
	let ledger = inMemory.get(key);
	if (!ledger) {
		ledger = { seen: {}, recent: [], sincePrune: 0 };
		inMemory.set(key, ledger);
	}
	return ledger;
}

function remember(ledger: MemoryLedger, eventId: string, acceptedAt: number, now: number): void {
	if (!hasSeen(ledger.seen, eventId)) ledger.recent.push([eventId, acceptedAt]);
	ledger.seen[eventId] = acceptedAt;
	// Trimmed a tenth at a time, so the array is not shifted on every record.
	if (ledger.recent.length > RECENT_KEPT + RECENT_KEPT / 10) ledger.recent.splice(0, ledger.recent.length - RECENT_KEPT);
	if (++ledger.sincePrune >= MEMORY_PRUNE_EVERY) {
		ledger.sincePrune = 0;
		pruneSeen(ledger.seen, now);
	}
}

/** What the trigger keeps in static data: eventId -> when it was accepted (ms since epoch). */
const AcceptedAtSchema = z.number().finite();

/**
 * The whole persisted record, for execute(), as a plain object (reads through n8n's static-data
 * proxy cost far more than on plain data). Only entries that are times are kept: anything else (an
 * older format, a hand edit, the proxy's own `__dataChanged` flag) is dropped, not trusted, and a
 * record that is not an object reads as empty.
 */
const SeenEventsRecordSchema = z
	.record(z.string(), z.unknown())
	.catch({})
	.transform((stored) => {
		const record: SeenEvents = {};
		for (const [eventId, acceptedAt] of Object.entries(stored)) {
			const checked = AcceptedAtSchema.safeParse(acceptedAt);
			if (checked.success) record[eventId] = checked.data;
		}
		return record;
	});

const readPersisted = (context: IExecuteFunctions): SeenEvents =>
	SeenEventsRecordSchema.parse(context.getWorkflowStaticData('node').seenEvents);

/**
 * Whether static data holds `eventId`, for webhook(): one entry read and checked, without a change
 * (a change would make n8n save static data) and without copying 300 entries through the proxy on
 * every delivery (0.2 ms, measured).
 */
function persistedLookup(context: IWebhookFunctions): (eventId: string) => boolean {
	const stored: unknown = context.getWorkflowStaticData('node').seenEvents;
	if (typeof stored !== 'object' || stored === null) return () => false;
	return (eventId) => Object.hasOwn(stored, eventId) && AcceptedAtSchema.safeParse(Reflect.get(stored, eventId)).success;
}

export interface SeenEventsStore {
	has(eventId: string): boolean;
	record(eventId: string, now: number): void;
}

/** What webhook() uses: checks memory and static data, records in memory only. */
export function seenEventsStore(context: IWebhookFunctions): SeenEventsStore {
	const memory = memoryFor(context);
	const persistedHas = persistedLookup(context);
	return {
		has: (eventId) => hasSeen(memory.seen, eventId) || persistedHas(eventId),
		record: (eventId, now) => remember(memory, eventId, now, now),
	};
}

/**
 * Runs inside the execution a delivery starts. Both n8n lines save static data changed during a
 * run when the run ends (in queue mode, on the worker); this is where the IDs reach the database.
 *
 * Each run saves the static data it loaded when it started, so two overlapping runs would each
 * drop the other's ID. Writing the newest IDs this process remembers, not just this run's, makes
 * every save complete again. The record is built as plain data and assigned once: every read and
 * write through n8n's static-data proxy costs far more than on a plain object.
 */
export function persistSeenEvents(
	context: IExecuteFunctions,
	accepted: Array<{ eventId: string; at: number }>,
	now: number,
): void {
	const memory = memoryFor(context);
	for (const { eventId, at } of accepted) remember(memory, eventId, at, now);
	const record = readPersisted(context);
	const newest = [...memory.recent].sort(([, a], [, b]) => b - a).slice(0, RECENT_KEPT);
	for (const [eventId, acceptedAt] of newest) {
		if (!hasSeen(record, eventId)) record[eventId] = acceptedAt;
	}
	pruneSeen(record, now, PERSISTED_LEDGER_LIMITS);
	context.getWorkflowStaticData('node').seenEvents = record;
}
