import { sleep, type ICheckProcessedOptions, type IExecuteFunctions } from 'n8n-workflow';

/**
 * The check that holds across n8n processes: inside the execution a delivery starts, before
 * anything downstream runs, each eventId is checked against n8n's processed-data store (the
 * database table behind the Remove Duplicates node), which every main, webhook process and
 * worker shares.
 *
 * n8n reads, changes and writes back a node's processed-data record in separate steps, so two
 * workers checking at the same moment could both find an eventId new, or one could overwrite
 * the other's entry. What n8n does make atomic is creating a record: two processes creating
 * the same one cannot both succeed. The trigger uses that as a lock: it creates the workflow's
 * record holding one lock entry, checks and records the eventIds in its own node's record, and
 * deletes the lock record again.
 */

/** Kept per trigger node: Claap retries within about 6 minutes, far fewer than this many events. */
const LEDGER: ICheckProcessedOptions = { mode: 'entries', maxEntries: 1000 };
const LOCK: ICheckProcessedOptions = { mode: 'entries' };
const LOCK_ENTRY = 'n8n-nodes-claap.claapTrigger:lock';
/** The lock is held for two database round trips: waiting this long means its holder died. */
const LOCK_STALE_MS = 10_000;

type Store = Pick<
	IExecuteFunctions['helpers'],
	'checkProcessedAndRecord' | 'getProcessedDataCount' | 'removeProcessed' | 'clearAllProcessedItems'
>;

type Attempt = 'acquired' | 'busy' | 'unusable';

async function tryLock(store: Store): Promise<Attempt> {
	try {
		const { new: created } = await store.checkProcessedAndRecord([LOCK_ENTRY], 'workflow', LOCK);
		if (created.length === 0) return 'busy';
		// New to the record: either this call created it (the lock is ours), or another node of
		// the workflow (Remove Duplicates with scope Workflow) keeps its own entries there.
		if ((await store.getProcessedDataCount('workflow', LOCK)) === 1) return 'acquired';
		await store.removeProcessed([LOCK_ENTRY], 'workflow', LOCK);
		return 'unusable';
	} catch (error) {
		// Another node keeps "latest" values there, which an entries check refuses.
		if (error instanceof Error && /incompatible setting/.test(error.message)) return 'unusable';
		// Another execution created the record at the same moment (a unique-key violation):
		// the record is there now. Otherwise the store is failing, and so will the check.
		return (await store.getProcessedDataCount('workflow', LOCK)) > 0 ? 'busy' : 'unusable';
	}
}

/** Resolves with the release, or undefined if the workflow's record cannot serve as a lock. */
async function lockWorkflow(store: Store): Promise<(() => Promise<void>) | undefined> {
	let staleAt = Date.now() + LOCK_STALE_MS;
	let brokeStaleLock = false;
	for (let attempt = 0; ; attempt++) {
		const outcome = await tryLock(store);
		if (outcome === 'acquired') return async () => await store.clearAllProcessedItems('workflow', LOCK);
		if (outcome === 'unusable') return undefined;
		if (Date.now() > staleAt) {
			if (brokeStaleLock) return undefined;
			// Only a record that holds nothing but the lock entry is deleted.
			if ((await store.getProcessedDataCount('workflow', LOCK)) === 1) await store.clearAllProcessedItems('workflow', LOCK);
			brokeStaleLock = true;
			staleAt = Date.now() + LOCK_STALE_MS;
		}
		// Random, growing pauses, so executions waiting together do not retry in step.
		await sleep(Math.random() * Math.min(100, 5 * 2 ** attempt));
	}
}

/**
 * Checks eventIds against the node's processed-data record and records them, under the
 * workflow's lock when it can be taken. Returns the eventIds never seen before.
 */
export async function recordFirstSeen(store: Store, eventIds: string[]): Promise<Set<string>> {
	const release = await lockWorkflow(store);
	try {
		const { new: fresh } = await store.checkProcessedAndRecord(eventIds, 'node', LEDGER);
		return new Set(fresh.map(String));
	} finally {
		await release?.();
	}
}
