import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { PERSISTED_LEDGER_LIMITS, hasSeen, pruneSeen, recordSeen, type SeenEvents } from '../shared/delivery';

/**
 * Where accepted event IDs are remembered, in two places:
 * - this process's memory: checked and updated with no await in between, so it holds even for
 *   simultaneous retries; lost on restart and not shared between n8n processes;
 * - the workflow's static data: survives restarts and is shared through the database. webhook()
 *   only reads it; execute() writes it, inside the run, because a change made before answering
 *   costs acknowledgement time (n8n 1.x saves it to the database before it answers).
 */
export const inMemory = new Map<string, SeenEvents>();

type NodeContext = IWebhookFunctions | IExecuteFunctions;

function memoryFor(context: NodeContext): SeenEvents {
	const key = `${context.getWorkflow().id ?? ''}/${context.getNode().id}`;
	let seen = inMemory.get(key);
	if (!seen) {
		seen = {};
		inMemory.set(key, seen);
	}
	return seen;
}

/** The persisted IDs, read without changing anything: a change would make n8n save static data. */
function readPersisted(context: IWebhookFunctions): SeenEvents {
	const seenEvents = context.getWorkflowStaticData('node').seenEvents;
	return typeof seenEvents === 'object' && seenEvents !== null ? (seenEvents as SeenEvents) : {};
}

function persistedFor(context: IExecuteFunctions): SeenEvents {
	const staticData = context.getWorkflowStaticData('node');
	if (typeof staticData.seenEvents !== 'object' || staticData.seenEvents === null) {
		staticData.seenEvents = {};
	}
	return staticData.seenEvents as SeenEvents;
}

export interface SeenEventsStore {
	has(eventId: string): boolean;
	record(eventId: string, now: number): void;
}

/** What webhook() uses: checks memory and static data, records in memory only. */
export function seenEventsStore(context: IWebhookFunctions): SeenEventsStore {
	const memory = memoryFor(context);
	const persisted = readPersisted(context);
	return {
		has: (eventId) => hasSeen(memory, eventId) || hasSeen(persisted, eventId),
		record: (eventId, now) => recordSeen(memory, eventId, now),
	};
}

/**
 * Runs inside the execution a delivery starts. Both n8n lines save static data changed during a
 * run when the run ends (in queue mode, on the worker); this is where the IDs reach the database.
 *
 * Each run saves the static data it loaded when it started, so two overlapping runs would each
 * drop the other's ID. Writing everything this process remembers, not just this run's IDs,
 * makes every save complete again.
 */
export function persistSeenEvents(
	context: IExecuteFunctions,
	accepted: Array<{ eventId: string; at: number }>,
	now: number,
): void {
	const memory = memoryFor(context);
	for (const { eventId, at } of accepted) recordSeen(memory, eventId, at);
	const persisted = persistedFor(context);
	let remembered = Object.entries(memory);
	if (remembered.length > PERSISTED_LEDGER_LIMITS.hardCapacity) {
		// Only the newest fit in static data: older ones would be pruned at once.
		remembered = remembered.sort(([, a], [, b]) => b - a).slice(0, PERSISTED_LEDGER_LIMITS.hardCapacity);
	}
	for (const [eventId, acceptedAt] of remembered) {
		if (!hasSeen(persisted, eventId)) persisted[eventId] = acceptedAt;
	}
	pruneSeen(persisted, now, PERSISTED_LEDGER_LIMITS);
}
