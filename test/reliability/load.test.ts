/**
 * Load: 2,000 valid deliveries at 50 concurrent, each answered 200 and run exactly once; then the
 * simulator's own deliveries with its retry schedule (scaled down): no duplicate runs.
 * Latency is recorded here but judged only in the bench (`bench/load.ts`), as a ratio against
 * n8n's own Webhook node: a timed assertion on a shared 2-core machine fails on noise, not on bugs.
 */
import autocannon from 'autocannon';

import type { N8nInstance } from '../../tools/n8n/n8n';
import { startSimulator, type Simulator } from '../../simulator';
import { fixture } from '../../tools/traffic/payload';
import { WEBHOOK_ID, WEBHOOK_SECRET, createTriggerWorkflow, createWebhookCredential, listExecutions, startN8n } from '../../tools/n8n';
import { quantile } from '../../tools/traffic/stats';
import { record } from '../../tools/traffic/record';

const TOTAL = Number(process.env.LOAD_TOTAL ?? 2000);
const CONCURRENCY = 50;
/** 5 events a second, with their retries: within what n8n answers on a busy 2-core machine. */
const PACE_MS = 200;

type Execution = Awaited<ReturnType<typeof listExecutions>>[number];
const eventIdOf = (execution: Execution) =>
	execution.data?.resultData?.runData?.['Claap Trigger']?.[0]?.data?.main?.[0]?.[0]?.json?.eventId as string | undefined;

/** Every execution of a workflow with its data, paging the public API. */
async function allExecutions(n8n: N8nInstance, workflowId: string): Promise<Execution[]> {
	const all: Execution[] = [];
	let cursor: string | undefined;
	for (;;) {
		const path = `/executions?workflowId=${workflowId}&includeData=true&limit=100${cursor ? `&cursor=${cursor}` : ''}`;
		let page: { data: Execution[]; nextCursor?: string | null } | undefined;
		for (let attempt = 0; !page; attempt++) {
			try {
				page = await n8n.api<{ data: Execution[]; nextCursor?: string | null }>('GET', path);
			} catch (error) {
				// Under load n8n's SQLite can answer 503 "Database is not ready" for a moment.
				if (attempt > 20 || !String(error).includes('503')) throw error;
				await new Promise((resolve) => setTimeout(resolve, 1000));
			}
		}
		all.push(...page.data);
		if (!page.nextCursor) return all;
		cursor = page.nextCursor;
	}
}

/** Waits until the number of finished executions stops changing and has reached `expected`. */
async function waitForExecutions(n8n: N8nInstance, workflowId: string, expected: number, timeoutMs = 300_000): Promise<Execution[]> {
	const deadline = Date.now() + timeoutMs;
	let last = -1;
	let stableSince = Date.now();
	for (;;) {
		const executions = (await allExecutions(n8n, workflowId)).filter((e) => e.status !== 'running' && e.status !== 'new');
		if (executions.length !== last) {
			last = executions.length;
			stableSince = Date.now();
		}
		if ((executions.length >= expected && Date.now() - stableSince > 3000) || Date.now() > deadline) return executions;
		await new Promise((resolve) => setTimeout(resolve, 2000));
	}
}

const countBy = (ids: Array<string | undefined>) => {
	const counts = new Map<string, number>();
	for (const id of ids) if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
	return counts;
};

describe('Load on the Claap Trigger (real n8n)', () => {
	let n8n: N8nInstance;
	let simulator: Simulator | undefined;

	beforeAll(async () => {
		n8n = await startN8n({ version: '2.41.1' });
	});
	afterAll(async () => {
		await simulator?.close();
		await n8n?.stop();
	});

	/** `amount` POSTs of full.json at CONCURRENCY, each with eventId `${tag}_${n}`. */
	async function blast(url: string, amount: number, tag: string, headers: Record<string, string>) {
		const text = JSON.stringify({ ...fixture('full'), eventId: '__ID__' });
		const [prefix, suffix] = text.split('__ID__');
		let next = 0;
		const latencies: number[] = [];
		const statuses = new Map<number, number>();
		const instance = autocannon({
			url,
			connections: CONCURRENCY,
			amount,
			timeout: 30,
			requests: [
				{
					method: 'POST',
					headers: { 'content-type': 'application/json', ...headers },
					setupRequest: (request) => ({ ...request, body: `${prefix}${tag}_${next++}${suffix}` }),
				},
			],
		}) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
		instance.on('response', (_client: unknown, status: number, _bytes: number, time: number) => {
			statuses.set(status, (statuses.get(status) ?? 0) + 1);
			latencies.push(time);
		});
		const result = await instance;
		const summary = {
			sent: next,
			answered: latencies.length,
			statuses: Object.fromEntries(statuses),
			errors: result.errors,
			timeouts: result.timeouts,
			p50: quantile(latencies, 0.5),
			p99: quantile(latencies, 0.99),
			max: Math.max(...latencies),
			over5s: latencies.filter((ms) => ms > 5000).length,
		};
		process.stderr.write(`[load] ${tag}: ${JSON.stringify(summary)}\n`);
		return summary;
	}

	it(`acknowledges ${TOTAL} deliveries at ${CONCURRENCY} concurrent, one run each`, async () => {
		const headers = { 'x-claap-webhook-id': WEBHOOK_ID, 'x-claap-webhook-secret': WEBHOOK_SECRET };
		const workflow = await createTriggerWorkflow(n8n, await createWebhookCredential(n8n));
		const summary = await blast(workflow.url, TOTAL, 'evt_load', headers);
		record('reliability-load', 'ack', { concurrency: CONCURRENCY, claap: summary });
		expect(summary.errors + summary.timeouts).toBe(0);
		expect(summary.statuses).toEqual({ 200: TOTAL });
		const executions = await waitForExecutions(n8n, workflow.id, TOTAL);
		const counts = countBy(executions.map(eventIdOf));
		const duplicates = [...counts.entries()].filter(([, n]) => n > 1);
		const missing = Array.from({ length: TOTAL }, (_, i) => `evt_load_${i}`).filter((id) => !counts.has(id));
		process.stderr.write(`[load] executions ${executions.length}, distinct ${counts.size}, duplicates ${duplicates.length}, missing ${missing.length}, statuses ${JSON.stringify(countBy(executions.map((e) => e.status)) && Object.fromEntries(countBy(executions.map((e) => e.status))))}\n`);
		record('reliability-load', 'executions', { executions: executions.length, distinct: counts.size, duplicates: duplicates.length, missing: missing.length });
		expect(duplicates).toEqual([]);
		expect(missing).toEqual([]);
		expect(executions).toHaveLength(TOTAL);
	});

	/**
	 * The median time n8n takes to answer the simulator's deliveries at the test's pace, as the
	 * simulator itself times them (same client, same pace), on a workflow of its own.
	 */
	async function acknowledgementMs(credential: { id: string; name: string }): Promise<number> {
		const workflow = await createTriggerWorkflow(n8n, credential);
		const probe = await startSimulator({
			webhookId: WEBHOOK_ID,
			webhookSecret: WEBHOOK_SECRET,
			deliverTo: workflow.url,
			deliveryTimeoutMs: 5000,
		});
		try {
			const recordingId = probe.store.ids()[0];
			for (let i = 0; i < 30; i++) {
				probe.trigger('recording_added', recordingId);
				await new Promise((resolve) => setTimeout(resolve, PACE_MS));
			}
			// The first few warm n8n up.
			const times = (await probe.deliveries.allSettled()).slice(5).flatMap((r) => r.attempts.map((a) => a.durationMs));
			const median = Math.round(quantile(times, 0.5));
			process.stderr.write(`[retries] n8n's acknowledgement of the simulator at this pace: median ${median} ms\n`);
			return median;
		} finally {
			await probe.close();
		}
	}

	it("runs the simulator's deliveries once each, through its retry schedule", async () => {
		const credential = await createWebhookCredential(n8n);
		// n8n's median acknowledgement, measured just now on this machine at this pace, so that about
		// half of the first attempts run late.
		const firstDeadlineMs = await acknowledgementMs(credential);
		const workflow = await createTriggerWorkflow(n8n, credential);
		// Claap's schedule (at once, +1 min, +5 min) scaled 1/1000. Most first attempts reach n8n and
		// run but are answered after their deadline, so they count as failed and their retries must
		// be recognised; the retries get Claap's real 5 s, so they are delivered on any machine.
		simulator = await startSimulator({
			webhookId: WEBHOOK_ID,
			webhookSecret: WEBHOOK_SECRET,
			deliverTo: workflow.url,
			timeScale: 0.001,
			deliveryTimeoutMs: [firstDeadlineMs, 5000],
		});
		const recordingIds = simulator.store.ids();
		const eventIds: string[] = [];
		for (let i = 0; i < 200; i++) {
			eventIds.push(simulator.trigger(i % 2 ? 'recording_updated' : 'recording_added', recordingIds[i % recordingIds.length]).eventId);
			await new Promise((resolve) => setTimeout(resolve, PACE_MS));
		}
		const records = await simulator.deliveries.allSettled();
		const attempts = records.reduce((n, r) => n + r.attempts.length, 0);
		const delivered = records.filter((r) => r.status === 'delivered').map((r) => r.eventId);
		const executions = await waitForExecutions(n8n, workflow.id, delivered.length, 120_000);
		const counts = countBy(executions.map(eventIdOf));
		const duplicates = [...counts.entries()].filter(([, n]) => n > 1);
		const outcomes = countBy(records.flatMap((r) => r.attempts.map((a) => String(a.status ?? a.error?.split(':')[0]))));
		process.stderr.write(`[retries] events ${eventIds.length}, attempts ${attempts} ${JSON.stringify(Object.fromEntries(outcomes))}, retried events ${records.filter((r) => r.attempts.length > 1).length}, delivered ${delivered.length}, failed ${records.filter((r) => r.status === 'failed').length}, executions ${executions.length}, duplicates ${duplicates.length}\n`);
		record('reliability-load', 'simulatorRetries', { firstDeadlineMs, paceMs: PACE_MS, events: eventIds.length, attempts, retriedEvents: records.filter((r) => r.attempts.length > 1).length, delivered: delivered.length, failed: records.filter((r) => r.status === 'failed').length, executions: executions.length, duplicates: duplicates.length });
		expect(attempts).toBeGreaterThan(eventIds.length); // retries did happen
		// Whether every event gets a 200 within 5 s depends on the machine's load, not on the
		// trigger; that no event runs twice does not.
		expect(delivered.length).toBeGreaterThan(0);
		expect(duplicates).toEqual([]);
		for (const id of delivered) expect(counts.get(id)).toBe(1);
		for (const id of counts.keys()) expect(eventIds).toContain(id);
	});
});
