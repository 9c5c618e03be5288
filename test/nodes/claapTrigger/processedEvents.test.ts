import { recordFirstSeen } from '../../../nodes/ClaapTrigger/processedEvents';
import { ProcessedDataStore } from '../../support/processedDataStore';

const WORKFLOW_ID = 'wf_claap_1';
const NODE_ID = 'node_claap_trigger_1';

/** Several executions at once, each on its own "worker": every store call yields in between. */
async function concurrently(store: ProcessedDataStore, eventIds: string[]): Promise<string[][]> {
	const results = await Promise.all(
		eventIds.map(async (eventId) => [...(await recordFirstSeen(store.helpersFor(WORKFLOW_ID, NODE_ID), [eventId]))]),
	);
	return results;
}

describe('recordFirstSeen: the eventId check in n8n processed-data store', () => {
	it('finds an eventId new once, then already seen, and leaves no lock behind', async () => {
		const store = new ProcessedDataStore();
		const helpers = store.helpersFor(WORKFLOW_ID, NODE_ID);
		expect([...(await recordFirstSeen(helpers, ['evt_a']))]).toEqual(['evt_a']);
		expect([...(await recordFirstSeen(helpers, ['evt_a']))]).toEqual([]);
		expect([...(await recordFirstSeen(helpers, ['evt_b']))]).toEqual(['evt_b']);
		expect([...store.records.keys()]).toEqual([`${WORKFLOW_ID}/n:${NODE_ID}`]);
		expect(store.records.get(`${WORKFLOW_ID}/n:${NODE_ID}`)?.data).toEqual(['evt_a', 'evt_b']);
	});

	it('the store alone lets simultaneous checks both find an eventId new (what the lock is for)', async () => {
		const store = new ProcessedDataStore();
		const helpers = store.helpersFor(WORKFLOW_ID, NODE_ID);
		await helpers.checkProcessedAndRecord(['evt_first'], 'node', { mode: 'entries' });
		const both = await Promise.all(
			[1, 2].map(async () => await helpers.checkProcessedAndRecord(['evt_same'], 'node', { mode: 'entries' })),
		);
		expect(both.map((output) => output.new)).toEqual([['evt_same'], ['evt_same']]);
	});

	it('20 simultaneous copies of one delivery: exactly one finds it new', async () => {
		const store = new ProcessedDataStore();
		const results = await concurrently(store, Array(20).fill('evt_same'));
		expect(results.filter((fresh) => fresh.length === 1)).toEqual([['evt_same']]);
		expect(store.records.has(`${WORKFLOW_ID}/`)).toBe(false);
	});

	it('simultaneous distinct deliveries all find their eventId new and none is lost for a later retry', async () => {
		const store = new ProcessedDataStore();
		const ids = Array.from({ length: 30 }, (_, index) => `evt_${index}`);
		expect((await concurrently(store, ids)).flat().sort()).toEqual([...ids].sort());
		// The retries, later: every one was recorded, none overwritten by another execution's save.
		expect((await concurrently(store, ids)).flat()).toEqual([]);
	});

	it('each trigger node has its own record', async () => {
		const store = new ProcessedDataStore();
		await recordFirstSeen(store.helpersFor(WORKFLOW_ID, NODE_ID), ['evt_a']);
		expect([...(await recordFirstSeen(store.helpersFor(WORKFLOW_ID, 'node_other'), ['evt_a']))]).toEqual(['evt_a']);
	});

	it("leaves another node's entries in the workflow's record alone (Remove Duplicates, scope Workflow)", async () => {
		const store = new ProcessedDataStore();
		const helpers = store.helpersFor(WORKFLOW_ID, NODE_ID);
		await helpers.checkProcessedAndRecord(['theirs_1', 'theirs_2'], 'workflow', { mode: 'entries' });
		expect([...(await recordFirstSeen(helpers, ['evt_a']))]).toEqual(['evt_a']);
		expect([...(await recordFirstSeen(helpers, ['evt_a']))]).toEqual([]);
		expect(store.records.get(`${WORKFLOW_ID}/`)?.data).toEqual(['theirs_1', 'theirs_2']);
	});

	it("leaves another node's latest-value record alone", async () => {
		const store = new ProcessedDataStore();
		store.records.set(`${WORKFLOW_ID}/`, { mode: 'latestDate', data: ['2026-11-24'] });
		expect([...(await recordFirstSeen(store.helpersFor(WORKFLOW_ID, NODE_ID), ['evt_a']))]).toEqual(['evt_a']);
		expect(store.records.get(`${WORKFLOW_ID}/`)).toEqual({ mode: 'latestDate', data: ['2026-11-24'] });
	});

	it('breaks a lock left behind by a process that died holding it', async () => {
		const store = new ProcessedDataStore();
		store.records.set(`${WORKFLOW_ID}/`, { mode: 'entries', data: ['n8n-nodes-claap.claapTrigger:lock'] });
		const realNow = Date.now;
		let now = realNow();
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => (now += 500));
		try {
			expect([...(await recordFirstSeen(store.helpersFor(WORKFLOW_ID, NODE_ID), ['evt_a']))]).toEqual(['evt_a']);
		} finally {
			clock.mockRestore();
		}
		expect(store.records.has(`${WORKFLOW_ID}/`)).toBe(false);
	});

	it('a failing store fails the check, for the trigger to let the delivery run', async () => {
		const store = new ProcessedDataStore();
		const helpers = {
			...store.helpersFor(WORKFLOW_ID, NODE_ID),
			checkProcessedAndRecord: async () => await Promise.reject(new Error('connection refused')),
		};
		let now = Date.now();
		jest.spyOn(Date, 'now').mockImplementation(() => (now += 1000));
		try {
			await expect(recordFirstSeen(helpers, ['evt_a'])).rejects.toThrow('connection refused');
		} finally {
			jest.restoreAllMocks();
		}
	});
});
