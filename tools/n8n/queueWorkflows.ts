import { randomUUID } from 'node:crypto';

import type { QueueN8n } from './queue';
import type { N8nInstance } from './n8n';
import { sleep } from './process';
import { createTriggerWorkflow, listAllExecutions, waitForWebhook, type Execution } from './workflows';

export interface QueueTriggerWorkflow {
	id: string;
	/** The trigger's production URL on each webhook process, in the order of `webhookUrls`. */
	urls: string[];
}

/** The node after the trigger: where a Slack post or CRM note would be. It runs only for what the trigger passes on. */
export const DOWNSTREAM = 'Downstream';

/**
 * A Claap Trigger workflow with a node after it, created and activated through the main,
 * answering on every webhook process (each finds the webhook in the shared database, so each is
 * waited for).
 */
export async function createQueueTriggerWorkflow(
	queue: QueueN8n,
	credential: { id: string; name: string },
	parameters: Record<string, unknown> = {},
): Promise<QueueTriggerWorkflow> {
	const [first, ...others] = queue.webhookUrls;
	const downstream = { id: randomUUID(), name: DOWNSTREAM, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} };
	const workflow = await createTriggerWorkflow({ ...queue.main, baseUrl: first }, credential, parameters, {
		nodes: [downstream],
		connections: { 'Claap Trigger': { main: [[{ node: DOWNSTREAM, type: 'main', index: 0 }]] } },
	});
	const path = new URL(workflow.url).pathname;
	await Promise.all(others.map(async (base) => await waitForWebhook(`${base}${path}`)));
	return { id: workflow.id, urls: queue.webhookUrls.map((base) => `${base}${path}`) };
}

type RunData = Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> } }>>;

/** The item the Claap Trigger passed on in an execution (fetched with includeData=true). */
export function triggerItem(execution: Execution): Record<string, unknown> | undefined {
	const runData = execution.data?.resultData?.runData as RunData | undefined;
	return runData?.['Claap Trigger']?.[0]?.data?.main?.[0]?.[0]?.json;
}

/** The eventId that reached the node after the trigger, or undefined: the trigger passed nothing on. */
export function downstreamEventId(execution: Execution): string | undefined {
	const runData = execution.data?.resultData?.runData as RunData | undefined;
	const eventId = runData?.[DOWNSTREAM]?.[0]?.data?.main?.[0]?.[0]?.json?.eventId;
	return typeof eventId === 'string' ? eventId : undefined;
}

/** How many times each eventId reached the node after the trigger (a run the user would see twice). */
export function runsByEventId(executions: Execution[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const eventId of executions.map(downstreamEventId)) {
		if (eventId !== undefined) counts.set(eventId, (counts.get(eventId) ?? 0) + 1);
	}
	return counts;
}

/** How many executions each worker started, by worker name. */
export function executionsByWorker(queue: Pick<QueueN8n, 'workerRuns'>, executions: Execution[]): Record<string, number> {
	const runs = queue.workerRuns();
	const counts: Record<string, number> = {};
	for (const execution of executions) {
		const worker = runs.get(String(execution.id)) ?? '(unknown)';
		counts[worker] = (counts[worker] ?? 0) + 1;
	}
	return counts;
}

/**
 * Every execution of a workflow once the queue has drained: at least `atLeast` finished, none
 * still new or running, and the count unchanged for `quietMs` (so late duplicates show up too).
 * Gives up at `deadlineMs` and returns what it has, for the assertion to report.
 */
export async function drainedExecutions(
	main: Pick<N8nInstance, 'api'>,
	workflowId: string,
	atLeast: number,
	{ deadlineMs = 300_000, quietMs = 2000, includeData = true } = {},
): Promise<Execution[]> {
	const deadline = Date.now() + deadlineMs;
	let last = -1;
	let stableSince = Date.now();
	for (;;) {
		const executions = await listAllExecutions(main, workflowId, { includeData: false });
		const pending = executions.filter((execution) => execution.status === 'new' || execution.status === 'running');
		if (executions.length !== last || pending.length > 0) {
			last = executions.length;
			stableSince = Date.now();
		}
		const done = executions.length >= atLeast && pending.length === 0 && Date.now() - stableSince >= quietMs;
		if (done || Date.now() > deadline) {
			return includeData ? await listAllExecutions(main, workflowId, { includeData: true }) : executions;
		}
		await sleep(Math.min(1000, quietMs / 4));
	}
}
