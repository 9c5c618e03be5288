import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

import { STORE_UNAVAILABLE } from '../../nodes/ClaapTrigger/processedEvents';
import { boundedPool, summarize } from '../../tools/traffic/pool';
import { sleep } from '../../tools/n8n/process';
import { startQueueN8n, type QueueN8n } from '../../tools/n8n/queue';
import {
	createQueueTriggerWorkflow,
	downstreamEventId,
	drainedExecutions,
	executionsByWorker,
	runsByEventId,
	triggerItem,
	type QueueTriggerWorkflow,
} from '../../tools/n8n/queueWorkflows';
import {
	WEBHOOK_ID,
	WEBHOOK_SECRET,
	createWebhookCredential,
	createWebhookNodeBaseline,
	deliver,
	fixture,
	withEventId,
	waitForWebhook,
	type Execution,
} from '../../tools/n8n/workflows';

/**
 * The Claap Trigger in n8n's queue mode: two webhook processes answer Claap, two workers (5
 * executions at once each) run the executions, PostgreSQL and Redis are shared. n8n 2.41.1 only
 * (the 1.123 run skips this file). Scenarios (a) to (d) are issue 16's; their figures go to
 * results/queue-mode.json and the README's "Scaling with queue mode".
 */
const minimal = fixture('minimal');

/** CLAAP_QUEUE_LOAD: fewer deliveries for a quick local look; CI runs 2,000. */
const LOAD_DELIVERIES = Number(process.env.CLAAP_QUEUE_LOAD ?? 2000);
const LOAD = { deliveries: LOAD_DELIVERIES, retried: LOAD_DELIVERIES / 10, concurrency: 50, ackBudgetMs: 5000, maxMedianRatio: 1.25 };
const LATE = { ids: 60, concurrency: 10 };
const INTERLEAVED = { groups: 10 };
const PAIR_TRIALS = 20;

/** Figures for the lead to quote; written once the suite is done. */
const results: Record<string, unknown> = {};
const RESULTS_FILE = join(__dirname, 'results', 'queue-mode.json');

describe('Claap Trigger in n8n 2.41.1 queue mode (2 webhook processes, 2 workers)', () => {
	let queue: QueueN8n;
	let credential: { id: string; name: string };
	let workflow: QueueTriggerWorkflow;
	const suiteStarted = Date.now();

	beforeAll(async () => {
		queue = await startQueueN8n({ version: '2.41.1', maxLifetimeSeconds: 1800 });
		results.startUpSeconds = Math.round((Date.now() - suiteStarted) / 100) / 10;
		credential = await createWebhookCredential(queue.main);
		workflow = await createQueueTriggerWorkflow(queue, credential);
	});

	afterAll(async () => {
		await queue?.stop();
		results.suiteSeconds = Math.round((Date.now() - suiteStarted) / 100) / 10;
		mkdirSync(join(__dirname, 'results'), { recursive: true });
		writeFileSync(
			RESULTS_FILE,
			JSON.stringify({ n8n: '2.41.1', setup: '2 webhook processes, 2 workers (concurrency 5 each), PostgreSQL 15, Redis', measuredAt: new Date().toISOString(), ...results }, null, 2) + '\n',
		);
	});

	it('acknowledges deliveries on both webhook processes and runs them on the workers', async () => {
		const ids = Array.from({ length: 10 }, (_, index) => `evt_q_spread_${index}`);
		for (const [index, eventId] of ids.entries()) {
			const answer = await deliver(workflow.urls[index % 2], withEventId(minimal, eventId));
			expect(answer).toMatchObject({ status: 200, body: { received: true, eventId } });
			expect(answer.body).not.toHaveProperty('ignored');
		}
		const executions = await drainedExecutions(queue.main, workflow.id, ids.length);
		expect(executions.map(triggerItem).map((item) => item?.eventId).sort()).toEqual([...ids].sort());
		expect(executions.map((execution) => execution.status)).toEqual(Array(ids.length).fill('success'));
		const runs = queue.workerRuns();
		for (const execution of executions) expect(['worker-1', 'worker-2']).toContain(runs.get(execution.id));
		expect(executions.map(downstreamEventId).sort()).toEqual([...ids].sort());
	});

	it('refuses forged requests with 401 and bodies that are not deliveries with 400 on both processes, running nothing', async () => {
		const refusals = await createQueueTriggerWorkflow(queue, credential);
		const delivery = withEventId(fixture('full'), 'evt_q_forged');
		const forgeries: Array<Record<string, string>> = [
			{ 'x-claap-webhook-id': WEBHOOK_ID, 'x-claap-webhook-secret': 'wrong-secret' },
			{ 'x-claap-webhook-id': 'wh_other', 'x-claap-webhook-secret': WEBHOOK_SECRET },
			{},
		];
		const malformedDir = join(__dirname, '..', 'fixtures', 'malformed');
		const malformed = ['missing-event-id.json', 'missing-event-type.json', 'missing-recording-id.json', 'array-body.json'];
		for (const url of refusals.urls) {
			for (const headers of forgeries) {
				const answer = await deliver(url, delivery, headers);
				expect(answer).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
				expect(answer.text).not.toContain(WEBHOOK_SECRET);
			}
			for (const name of malformed) {
				const answer = await deliver(url, readFileSync(join(malformedDir, name), 'utf8'));
				expect({ name, status: answer.status, body: answer.body }).toMatchObject({ name, status: 400, body: { error: 'invalid_delivery' } });
			}
		}
		// Wait as long as a real execution takes to show up, then make sure none did.
		await sleep(3000);
		expect(await drainedExecutions(queue.main, refusals.id, 0, { quietMs: 1000 })).toHaveLength(0);
	});

	it('runs genuine and drifted deliveries, the drifted one with validation.valid false', async () => {
		const genuine = await deliver(workflow.urls[0], withEventId(fixture('full'), 'evt_q_genuine'));
		const drifted = await deliver(workflow.urls[1], withEventId(fixture('drifted-recording'), 'evt_q_drift'));
		expect([genuine.status, drifted.status]).toEqual([200, 200]);
		const items = (await drainedExecutions(queue.main, workflow.id, 12)).map(triggerItem);
		expect(items.find((item) => item?.eventId === 'evt_q_genuine')).toMatchObject({
			recording: { id: 'rec_8f3a2c1d' },
			validation: { valid: true, issues: [] },
		});
		expect(items.find((item) => item?.eventId === 'evt_q_drift')).toMatchObject({ validation: { valid: false } });
	});

	it(`(a) measures ${LATE.ids} deliveries each retried on the other webhook process after its first run`, async () => {
		const workflow = await createQueueTriggerWorkflow(queue, credential);
		const eventId = (index: number) => `evt_q_late_${index}`;
		// The first runs overlap on both workers, as Claap's traffic does; each retry goes to the
		// other webhook process once every first run has finished (Claap retries a minute later).
		const firsts = await boundedPool(LATE.ids, LATE.concurrency, async (index) =>
			await deliver(workflow.urls[index % 2], withEventId(minimal, eventId(index))),
		);
		const firstExecutions = await drainedExecutions(queue.main, workflow.id, LATE.ids, { includeData: false });
		const retries = await boundedPool(LATE.ids, LATE.concurrency, async (index) =>
			await deliver(workflow.urls[(index + 1) % 2], withEventId(minimal, eventId(index))),
		);
		const executions = await drainedExecutions(queue.main, workflow.id, LATE.ids);
		const firstIds = new Set(firstExecutions.map((execution) => execution.id));
		const retryExecutions = executions.filter((execution) => !firstIds.has(execution.id));
		const outcome = tally(executions, retries);
		results.lateRetries = {
			...outcome,
			firstsByWorker: executionsByWorker(queue, firstExecutions),
			retriesReachingAWorker: retryExecutions.length,
			retriesByWorker: executionsByWorker(queue, retryExecutions),
		};
		expect([...firsts, ...retries].filter((answer) => answer.status !== 200)).toEqual([]);
		expect(outcome.eventIdsRun).toBe(LATE.ids);
		// Measured, not guaranteed (README): n8n's stores are read and written back without a lock,
		// so a run's record can be overwritten by another worker's and its retry run again.
		for (const count of runsByEventId(executions).values()) expect(count).toBeLessThanOrEqual(2);
	});

	it(`(b) measures interleaved ids (a,b,c,a,b,c alternating webhook processes, no pause), ${INTERLEAVED.groups} groups`, async () => {
		const workflow = await createQueueTriggerWorkflow(queue, credential);
		const answers = [];
		for (let group = 0; group < INTERLEAVED.groups; group++) {
			const ids = ['a', 'b', 'c'].map((letter) => `evt_q_mix_${group}_${letter}`);
			for (const [index, eventId] of [...ids, ...ids].entries()) {
				answers.push(await deliver(workflow.urls[index % 2], withEventId(minimal, eventId)));
			}
		}
		const executions = await drainedExecutions(queue.main, workflow.id, INTERLEAVED.groups * 3);
		const outcome = tally(executions, answers);
		results.interleaved = { ...outcome, byWorker: executionsByWorker(queue, executions) };
		expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
		expect(outcome.eventIdsRun).toBe(INTERLEAVED.groups * 3);
		// Measured, not guaranteed, as in (a): 0 of 30 ran twice in one run, 2 of 30 in another.
		for (const count of runsByEventId(executions).values()) expect(count).toBeLessThanOrEqual(2);
	});

	it(`(c) measures simultaneous copies on both webhook processes over ${PAIR_TRIALS} trials; a later retry never runs`, async () => {
		const workflow = await createQueueTriggerWorkflow(queue, credential);
		const answers = [];
		const lateRetries = [];
		const seen = new Set<string>();
		const trialsOnWorkers: string[][] = [];
		for (let trial = 0; trial < PAIR_TRIALS; trial++) {
			const delivery = withEventId(minimal, `evt_q_pair_${trial}`);
			answers.push(...(await Promise.all(workflow.urls.map(async (url) => await deliver(url, delivery)))));
			// The scaled-down "minute later": every run so far has finished. A stopped copy passes
			// nothing on, so a trial's executions are told apart by when they appeared.
			const sofar = await drainedExecutions(queue.main, workflow.id, seen.size + 1, { includeData: false, quietMs: 500 });
			const runs = queue.workerRuns();
			trialsOnWorkers.push(sofar.filter((execution) => !seen.has(execution.id)).map((execution) => runs.get(execution.id) ?? '(unknown)'));
			for (const execution of sofar) seen.add(execution.id);
			for (const url of workflow.urls) lateRetries.push(await deliver(url, delivery));
		}
		const executions = await drainedExecutions(queue.main, workflow.id, PAIR_TRIALS);
		const outcome = tally(executions, [...answers, ...lateRetries]);
		const twoExecutions = trialsOnWorkers.filter((workers) => workers.length === 2);
		results.simultaneousPairs = {
			...outcome,
			trials: PAIR_TRIALS,
			trialsWithTwoExecutions: twoExecutions.length,
			ofWhichOnTwoWorkers: twoExecutions.filter(([one, other]) => one !== other).length,
			lateRetriesSent: lateRetries.length,
			lateRetriesIgnoredAtTheWebhook: lateRetries.filter((answer) => ignored(answer) === 'duplicate').length,
			byWorker: executionsByWorker(queue, executions),
		};
		expect([...answers, ...lateRetries].filter((answer) => answer.status !== 200)).toEqual([]);
		expect(lateRetries.filter((answer) => ignored(answer) !== 'duplicate')).toEqual([]);
		expect(outcome.eventIdsRun).toBe(PAIR_TRIALS);
		// Not guaranteed (README): n8n's store is read and written back without a transaction.
		for (const count of runsByEventId(executions).values()) expect(count).toBeLessThanOrEqual(2);
	});

	it(`(d) acknowledges ${LOAD.deliveries} deliveries at ${LOAD.concurrency} concurrent like n8n's own Webhook node, runs each, and measures ${LOAD.retried} retried after their first run`, async () => {
		const load = await createQueueTriggerWorkflow(queue, credential);
		const baseline = await createWebhookNodeBaseline(queue.main);
		await Promise.all(queue.webhookUrls.map(async (base) => await waitForWebhook(`${base}${baseline.path}`)));
		// Acknowledgement times depend on what else the machine runs, so each Claap delivery is
		// paired with one to n8n's Webhook node in the same pool: both see the same load.
		const loadBefore = loadavg()[0];
		const eventId = (index: number) => `evt_q_load_${index}`;
		const started = Date.now();
		const answers = await boundedPool(LOAD.deliveries * 2, LOAD.concurrency, async (slot) => {
			const index = Math.floor(slot / 2);
			const toBaseline = slot % 2 === 1;
			const base = queue.webhookUrls[index % queue.webhookUrls.length];
			const url = toBaseline ? `${base}${baseline.path}` : load.urls[index % load.urls.length];
			const sent = performance.now();
			const answer = await deliver(url, withEventId(minimal, eventId(index)));
			const body = answer.body as { eventId?: string; ignored?: string };
			return { toBaseline, index, ms: performance.now() - sent, status: answer.status, body };
		});
		const sendSeconds = (Date.now() - started) / 1000;
		const loadAfterSending = loadavg()[0];
		const claapAnswers = answers.filter((answer) => !answer.toBaseline);
		const acks = summarize(claapAnswers.map((answer) => answer.ms));
		const baselineAcks = summarize(answers.filter((answer) => answer.toBaseline).map((answer) => answer.ms));
		const drain = { deadlineMs: 600_000, quietMs: 3000 };
		const firstExecutions = await drainedExecutions(queue.main, load.id, LOAD.deliveries, { ...drain, includeData: false });
		const drainSeconds = (Date.now() - started) / 1000;

		// Every tenth delivery again, on the other webhook process, once the first runs are done.
		const retried = Array.from({ length: LOAD.retried }, (_, n) => n * Math.floor(LOAD.deliveries / LOAD.retried));
		const retries = await boundedPool(retried.length, LOAD.concurrency, async (n) =>
			await deliver(load.urls[(retried[n] + 1) % load.urls.length], withEventId(minimal, eventId(retried[n]))),
		);
		const executions = await drainedExecutions(queue.main, load.id, LOAD.deliveries, drain);
		const outcome = tally(executions, [...claapAnswers.map(({ status, body }) => ({ status, body, text: '' })), ...retries]);
		const runs = runsByEventId(executions);
		const missing = Array.from({ length: LOAD.deliveries }, (_, index) => eventId(index)).filter((id) => !runs.has(id));
		const byWorker = executionsByWorker(queue, executions);
		results.load = {
			concurrency: LOAD.concurrency,
			retriedAfterFirstRun: retries.length,
			...outcome,
			missing: missing.length,
			byWorker,
			acknowledgedWith200: claapAnswers.filter((answer) => answer.status === 200).length,
			ackMs: acks,
			webhookNodeAckMs: baselineAcks,
			medianRatio: Math.round((acks.medianMs / baselineAcks.medianMs) * 1000) / 1000,
			p99Ratio: Math.round((acks.p99Ms / baselineAcks.p99Ms) * 1000) / 1000,
			withinClaapBudget: claapAnswers.filter((answer) => answer.ms < LOAD.ackBudgetMs).length,
			sendSeconds,
			machine: { cores: cpus().length, loadAverage1mBefore: loadBefore, loadAverage1mAfterSending: loadAfterSending },
			firstRunsExecutedAfterSeconds: drainSeconds,
			firstExecutions: firstExecutions.length,
			executionsSucceeded: executions.filter((execution) => execution.status === 'success').length,
		};

		const wrong = claapAnswers.filter(
			(answer) => answer.status !== 200 || answer.body.eventId !== eventId(answer.index) || answer.body.ignored,
		);
		expect(wrong).toEqual([]);
		expect(retries.filter((answer) => answer.status !== 200)).toEqual([]);
		// Claap's 5 s is a property of the machine and of n8n's queue mode as much as of the
		// trigger (see README, "Answering inside Claap's 5 seconds"): what the trigger owns is
		// answering as fast as n8n's own Webhook node under the same load.
		expect(acks.medianMs).toBeLessThan(baselineAcks.medianMs * LOAD.maxMedianRatio);
		expect(Object.keys(byWorker).sort()).toEqual(['worker-1', 'worker-2']);
		expect(missing.slice(0, 10)).toEqual([]);
		// Only the retried ones can run twice, and each at most once more (README: measured, not guaranteed).
		const retriedIds = new Set(retried.map(eventId));
		expect([...runs.entries()].filter(([id, count]) => count > (retriedIds.has(id) ? 2 : 1))).toEqual([]);
		expect(executions.filter((execution) => execution.status !== 'success')).toEqual([]);
	}, 1_500_000);

	it("checked every run against n8n's processed-data store: no worker logged a failure to reach it", () => {
		expect(queue.workerLogs()).not.toContain(STORE_UNAVAILABLE);
	});
});

type Answer = Awaited<ReturnType<typeof deliver>>;

const ignored = (answer: Answer) => (answer.body as { ignored?: string } | undefined)?.ignored;

/**
 * What a scenario came to: deliveries the webhook processes ignored as retries, executions the
 * workers ran, those the trigger stopped (passed nothing on), and eventIds that reached the node
 * after the trigger more than once (a duplicate Slack post or CRM note).
 */
function tally(executions: Execution[], answers: Answer[]) {
	const runs = runsByEventId(executions);
	return {
		deliveries: answers.length,
		ignoredAtTheWebhook: answers.filter((answer) => ignored(answer) === 'duplicate').length,
		executions: executions.length,
		stoppedByTheTrigger: executions.filter((execution) => downstreamEventId(execution) === undefined).length,
		eventIdsRun: runs.size,
		eventIdsRunTwice: [...runs.entries()].filter(([, count]) => count > 1).map(([id, count]) => `${id} x${count}`),
	};
}

