import type { PollState } from '../../nodes/shared/polling';
import { startSimulator, type Simulator } from '../../simulator';
import { startN8n, type N8nInstance } from '../../tools/n8n/n8n';
import { listenToPush } from '../../tools/n8n/push';
import { createChainWorkflow, createCredential, listAllExecutions, savedNodeStaticData, type Execution } from '../../tools/n8n/workflows';

const TRIGGER = 'Claap Recordings Trigger';
const API_KEY = 'cla_e2e_polling_7d3f';
const MINUTE = 60_000;

/**
 * Polls every 5 seconds, for the test only. n8n refuses one poll time that fires more than once
 * a minute (2.x: `isSubMinuteCron`; 1.x: a `*` in the seconds field), but not twelve that each
 * fire once a minute at a fixed second. Users keep n8n's minute at least.
 */
const EVERY_FIVE_SECONDS = {
	item: Array.from({ length: 12 }, (_, index) => ({ mode: 'custom', cronExpression: `${index * 5} * * * * *` })),
};

interface Emitted {
	executionId: string;
	eventId: string;
	recordingId: string;
}

/** Every item the trigger emitted, in the order n8n ran the executions. */
function emittedItems(executions: Execution[]): Emitted[] {
	return [...executions]
		.filter((execution) => execution.status === 'success')
		.sort((a, b) => Number(a.id) - Number(b.id))
		.flatMap((execution) =>
			(execution.data?.resultData?.runData?.[TRIGGER]?.[0]?.data?.main?.[0] ?? []).map(({ json }) => ({
				executionId: execution.id,
				eventId: String(json.eventId),
				recordingId: String((json.recording as { id?: unknown } | undefined)?.id),
			})),
		);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`Claap Recordings Trigger (polling) in a real n8n ${process.env.N8N_E2E_VERSION ?? '2.41.1'}`, () => {
	let n8n: N8nInstance;
	let claap: Simulator;
	/** The simulator's accepted API keys: emptied to revoke the key, as Claap would. */
	const apiKeys = [API_KEY];
	let credential: { id: string; name: string };
	let workflowId: string;
	/** What must be emitted, in order. */
	const expected: string[] = [];

	/** A new recording in Claap: the seed's "Hooli" recording under a new ID, started `lagMs` ago. */
	function addRecording(id: string, { lagMs = 0, state = 'Ready', createdAt }: { lagMs?: number; state?: string; createdAt?: string } = {}) {
		const started = createdAt ?? new Date(Date.now() - lagMs).toISOString();
		expect(claap.store.addCopy('rec_a41f0e77', { id, title: `Polling e2e ${id}`, createdAt: started, state })).toBeDefined();
	}

	const setState = (id: string, state: string) => expect(claap.store.update(id, (recording) => (recording.state = state))).toBe(true);

	/** Waits until the trigger has emitted everything expected so far; returns every emitted item. */
	async function untilEmitted(timeoutMs = 90_000): Promise<Emitted[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const emitted = emittedItems(await listAllExecutions(n8n, workflowId));
			const ids = new Set(emitted.map((item) => item.recordingId));
			if (expected.every((id) => ids.has(id))) return emitted;
			if (Date.now() > deadline) {
				throw new Error(`still missing ${expected.filter((id) => !ids.has(id)).join(', ')}\n${n8n.logs().slice(-3000)}`);
			}
			await sleep(1000);
		}
	}

	/** The listing requests n8n has made so far (every poll makes at least one). */
	const listings = () => claap.requests({ area: 'rest', method: 'GET', path: '/v1/recordings' }).length;

	async function untilPolled(times: number): Promise<void> {
		const target = listings() + times;
		const deadline = Date.now() + 60_000;
		while (listings() < target) {
			if (Date.now() > deadline) throw new Error(`n8n did not poll ${times} time(s) in a minute`);
			await sleep(500);
		}
	}

	/** The poll state n8n has saved in its database (after the activation poll, on 2.x a moment after activation). */
	const savedState = async () => (await savedNodeStaticData(n8n, workflowId, TRIGGER)).pollState as PollState;

	beforeAll(async () => {
		claap = await startSimulator({ apiKeys });
		// Server-sent events, so the test can read what n8n pushes to the editor.
		n8n = await startN8n({ env: { N8N_PUSH_BACKEND: 'sse' } });
		credential = await createCredential(n8n, 'claapApi', 'Claap API (polling e2e)', { apiKey: API_KEY, baseUrl: claap.url });
	});

	afterAll(async () => {
		await n8n?.stop();
		await claap?.close();
	});

	it('emits each recording added while the workflow is active once, in order, across polls and a restart', async () => {
		const started = Date.now();
		// Already there at activation: history (not emitted), and a meeting still processing (emitted once ready).
		addRecording('rec_history_1', { lagMs: 30 * MINUTE });
		addRecording('rec_history_2', { lagMs: 5 * MINUTE });
		addRecording('rec_processing', { lagMs: 20 * MINUTE, state: 'Uploaded' });

		workflowId = await createChainWorkflow(n8n, 'Claap polling e2e', [
			{
				name: TRIGGER,
				type: 'n8n-nodes-claap.claapRecordingsTrigger',
				typeVersion: 1,
				parameters: { pollTimes: EVERY_FIVE_SECONDS },
				credentials: { claapApi: credential },
			},
		]);
		// n8n polls once on activation and saves the static data that poll changed.
		const activated = await savedState();
		expect(activated.seen.map(([id]) => id).sort()).toEqual(['rec_history_1', 'rec_history_2']);

		// Round 1: three new recordings, two of them started at the same millisecond.
		const same = new Date(Date.now() - 1000).toISOString();
		addRecording('rec_01');
		addRecording('rec_03', { createdAt: same });
		addRecording('rec_02', { createdAt: same });
		expected.push('rec_02', 'rec_03', 'rec_01');
		await untilEmitted();

		// Round 2: the processing meeting is ready, and a new one; Claap rate-limits once on the way.
		claap.faults.inject({ kind: 'rate_limit', method: 'GET', path: '/v1/recordings', retryAfterSeconds: 1 });
		setState('rec_processing', 'Ready');
		addRecording('rec_04');
		expected.push('rec_processing', 'rec_04');
		await untilEmitted();

		// Round 3: a long meeting listed after newer ones (started 40 minutes ago), and one still processing.
		addRecording('rec_05_late', { lagMs: 40 * MINUTE });
		addRecording('rec_06', { state: 'Empty' });
		expected.push('rec_05_late');
		await untilEmitted();
		setState('rec_06', 'Ready');
		expected.push('rec_06');
		await untilEmitted();

		// A poll that emits nothing is not saved (on either n8n line): a failed recording moves the
		// position in memory only. The restart below goes back to what the last emitting poll saved.
		const beforeQuiet = await savedState();
		addRecording('rec_failed', { state: 'Failed' });
		await untilPolled(2);
		expect(await savedState()).toEqual(beforeQuiet);

		addRecording('rec_07');
		expected.push('rec_07');
		await untilEmitted();
		// Added while n8n is down, ready and started before it comes back: only the state n8n saved
		// (read again after the restart) tells these from history, which the first poll would not emit.
		await n8n.restart(() => {
			addRecording('rec_08', { lagMs: 2 * MINUTE });
			addRecording('rec_09', { lagMs: MINUTE });
			expected.push('rec_08', 'rec_09');
		});
		await untilEmitted();

		// After the restart, from the saved state: nothing emitted again, new ones emitted.
		addRecording('rec_10');
		expected.push('rec_10');
		await untilEmitted();
		addRecording('rec_11');
		expected.push('rec_11');
		await untilEmitted();
		// Two more polls with nothing new, for any late duplicate to show.
		await untilPolled(2);

		const executions = await listAllExecutions(n8n, workflowId);
		const emitted = emittedItems(executions);
		const ids = emitted.map((item) => item.recordingId);
		const figures = {
			n8n: n8n.version,
			recordingsAdded: expected.length,
			executions: new Set(emitted.map((item) => item.executionId)).size,
			itemsEmitted: emitted.length,
			duplicates: emitted.length - new Set(ids).size,
			missed: expected.filter((id) => !ids.includes(id)).length,
			listings: listings(),
			seconds: Math.round((Date.now() - started) / 1000),
		};
		process.stdout.write(`polling e2e figures: ${JSON.stringify(figures)}\n`);
		expect(ids).toEqual(expected);
		expect(figures).toMatchObject({ duplicates: 0, missed: 0 });
		expect(emitted.map((item) => item.eventId)).toEqual(expected.map((id) => `recording_added:${id}`));
		expect(executions.filter((execution) => execution.status !== 'success')).toEqual([]);
	});

	it('reports a refused API key in the execution log, then goes on without losing a recording', async () => {
		const failedBefore = (await listAllExecutions(n8n, workflowId, { includeData: false })).filter((e) => e.status === 'error').length;
		apiKeys.splice(0);
		addRecording('rec_while_refused');
		const deadline = Date.now() + 60_000;
		let failed: Execution[] = [];
		while (failed.length <= failedBefore && Date.now() < deadline) {
			await sleep(1000);
			failed = (await listAllExecutions(n8n, workflowId)).filter((execution) => execution.status === 'error');
		}
		expect(failed.length).toBeGreaterThan(failedBefore);
		const error = JSON.stringify(failed[0].data?.resultData);
		expect(error).toContain('Claap refused the Claap API credential');
		expect(error).toContain('401');

		apiKeys.push(API_KEY);
		expected.push('rec_while_refused');
		const emitted = await untilEmitted();
		expect(emitted.filter((item) => item.recordingId === 'rec_while_refused')).toHaveLength(1);
	});

	it('does not activate with a refused API key, and tells the editor why', async () => {
		const wrong = await createCredential(n8n, 'claapApi', 'Claap API (wrong key)', { apiKey: 'cla_wrong', baseUrl: claap.url });
		const push = await listenToPush(n8n.baseUrl);
		try {
			const nodes = [{ name: TRIGGER, type: 'n8n-nodes-claap.claapRecordingsTrigger', typeVersion: 1, parameters: {}, credentials: { claapApi: wrong } }];
			// n8n 1.x answers the activation with the error; 2.x activates in the background, retries,
			// then pushes the error to the editor.
			const failure = await createChainWorkflow(n8n, 'Claap polling e2e (wrong key)', nodes).then(
				async (id) => String((await push.next('workflowFailedToActivate', (message) => message.data.workflowId === id)).data.errorMessage),
				(error: Error) => error.message,
			);
			// (1.x's answer is JSON text: its quotes come escaped.)
			expect(failure.replace(/\\"/gu, '"')).toContain('Claap refused the Claap API credential "Claap API (wrong key)" (401, unauthorized: Invalid API key)');
		} finally {
			push.close();
		}
	});
});
