import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/**
 * The execution-time check: n8n's processed-data store (the one behind the Remove Duplicates
 * node) lives in the database every n8n process shares, so in queue mode a worker sees the
 * event IDs that any other worker's runs recorded. The check runs in the trigger's execute(),
 * after Claap has its answer and before any node downstream runs: a duplicate's run ends there.
 *
 * n8n reads the store's row and writes it back whole, without a transaction. Two runs checking at
 * the same moment can both see an ID as new, and one run's write can drop an ID another run wrote
 * in between: the store narrows what slips past webhook() to that window, it does not close it.
 */

/** As many IDs as Remove Duplicates keeps by default: Claap's retries come within about 6 minutes. */
export const PROCESSED_EVENTS_KEPT = 10_000;

/** What n8n's log says when the store failed twice: the e2e suites look for it. */
export const STORE_UNAVAILABLE = 'Claap Trigger: the processed-data store could not be checked; the delivery runs unchecked';

/** One retry: the very first record of a node races on the row's insert, which one run loses. */
const ATTEMPTS = 2;

/**
 * The items whose eventId no run has recorded yet, with their index in the input (for pairedItem).
 * Items without a string eventId pass. Test runs (manual mode) neither check nor record, so a test
 * event can be sent again; a store that keeps failing lets the delivery run (a lost delivery is
 * worse than a duplicate) and says so in n8n's log.
 */
export async function firstDeliveries(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<Array<{ item: INodeExecutionData; index: number }>> {
	const indexed = items.map((item, index) => ({ item, index }));
	const eventIds = [...new Set(indexed.flatMap(({ item }) => (typeof item.json.eventId === 'string' ? [item.json.eventId] : [])))];
	if (eventIds.length === 0 || context.getMode() === 'manual' || context.getWorkflow().id === undefined) return indexed;

	let lastError: unknown;
	for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
		try {
			const checked = await context.helpers.checkProcessedAndRecord(eventIds, 'node', {
				mode: 'entries',
				maxEntries: PROCESSED_EVENTS_KEPT,
			});
			const processed = new Set(checked.processed.map(String));
			return indexed.filter(({ item }) => typeof item.json.eventId !== 'string' || !processed.has(item.json.eventId));
		} catch (error) {
			lastError = error;
		}
	}
	context.logger.warn(STORE_UNAVAILABLE, {
		error: lastError instanceof Error ? lastError.message : String(lastError),
	});
	return indexed;
}
