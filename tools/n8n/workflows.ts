import { randomUUID } from 'node:crypto';
import type { Delivery } from '../traffic/payload';
import type { N8nInstance } from './n8n';

export const WEBHOOK_ID = 'wh_e2e';
export const WEBHOOK_SECRET = 'whsec_e2e_5f2b9c7d1e';

export interface Execution {
	id: string;
	status: string;
	data?: { resultData?: { runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> } }>> } };
}

/**
 * n8n 1.x adds a domain restriction to credentials that authenticate requests, and its public
 * API's schema then wants it spelled out; 2.x has no such field.
 */
export async function createCredential(
	n8n: N8nInstance,
	type: string,
	name: string,
	data: Record<string, unknown>,
): Promise<{ id: string; name: string }> {
	const schema = await n8n.api<{ properties?: Record<string, unknown> }>('GET', `/credentials/schema/${type}`);
	const domains = schema.properties?.allowedHttpRequestDomains ? { allowedHttpRequestDomains: 'all' } : {};
	return await n8n.api('POST', '/credentials', { name, type, data: { ...data, ...domains } });
}

export async function createWebhookCredential(n8n: N8nInstance, baseUrl = 'https://api.claap.io/api') {
	return await createCredential(n8n, 'claapWebhookApi', 'Claap Webhook (e2e)', {
		webhookId: WEBHOOK_ID,
		webhookSecret: WEBHOOK_SECRET,
		baseUrl,
	});
}

export interface TriggerWorkflow {
	id: string;
	url: string;
}

export interface TriggerWorkflowShape {
	/** Nodes after the trigger, and how they connect. */
	nodes?: Array<Record<string, unknown>>;
	connections?: Record<string, unknown>;
	/** The trigger's version: 2 unless a test proves that workflows saved at 1 still work. */
	typeVersion?: 1 | 2;
}

/** A workflow of one Claap Trigger, activated, with its production URL answering. */
export async function createTriggerWorkflow(
	n8n: N8nInstance,
	credential: { id: string; name: string },
	parameters: Record<string, unknown> = {},
	{ nodes: extraNodes = [], connections = {}, typeVersion = 2 }: TriggerWorkflowShape = {},
): Promise<TriggerWorkflow> {
	const webhookId = randomUUID();
	const workflow = await n8n.api<{ id: string }>('POST', '/workflows', {
		name: `Claap Trigger e2e ${webhookId.slice(0, 8)}`,
		nodes: [
			{
				id: randomUUID(),
				name: 'Claap Trigger',
				type: 'n8n-nodes-claap.claapTrigger',
				typeVersion,
				position: [0, 0],
				webhookId,
				parameters,
				credentials: { claapWebhookApi: credential },
			},
			...extraNodes,
		],
		connections,
		settings: { executionOrder: 'v1' },
	});
	await n8n.api('POST', `/workflows/${workflow.id}/activate`);
	const url = `${n8n.baseUrl}/webhook/${webhookId}/webhook`;
	await waitForWebhook(url);
	return { id: workflow.id, url };
}

/**
 * Activation registers the webhook a moment later. A GET to a POST webhook runs nothing, and
 * n8n's 404 says "not registered for GET" once the POST webhook exists.
 */
export async function waitForWebhook(url: string): Promise<void> {
	for (let attempt = 0; attempt < 120; attempt++) {
		const response = await fetch(url, { method: 'GET' });
		const text = await response.text();
		if (response.status !== 404 || text.includes('not registered for GET')) return;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`webhook ${url} never became active`);
}

/**
 * A node's workflow static data once n8n has saved it, e.g. after a polling trigger's first poll
 * (n8n 2.x activates in the background, so activation returns before that poll).
 */
export async function savedNodeStaticData(
	n8n: Pick<N8nInstance, 'api' | 'logs'>,
	workflowId: string,
	nodeName: string,
	timeoutMs = 60_000,
): Promise<Record<string, unknown>> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const workflow = await n8n.api<{ staticData?: Record<string, Record<string, unknown> | undefined> | null }>(
			'GET',
			`/workflows/${workflowId}`,
		);
		const saved = workflow.staticData?.[`node:${nodeName}`];
		if (saved !== undefined) return saved;
		if (Date.now() > deadline) throw new Error(`n8n saved no static data for "${nodeName}"\n${n8n.logs().slice(-3000)}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

export interface BinaryMeta {
	fileName?: string;
	mimeType?: string;
	fileExtension?: string;
	fileSize?: string;
	data?: string;
	id?: string;
}

export interface RunItem {
	json: Record<string, unknown>;
	binary?: Record<string, BinaryMeta>;
}

/** Items a node output in an execution (first run, first output); undefined when it never ran. */
export function nodeItems(execution: Execution, node: string): RunItem[] | undefined {
	const runs = (execution.data?.resultData?.runData as Record<string, Array<{ data?: { main?: RunItem[][] } }>> | undefined)?.[node];
	if (!runs) return undefined;
	return runs[0]?.data?.main?.[0] ?? [];
}

export async function listExecutions(n8n: Pick<N8nInstance, 'api'>, workflowId: string): Promise<Execution[]> {
	const page = await n8n.api<{ data: Execution[] }>(
		'GET',
		`/executions?workflowId=${workflowId}&includeData=true&limit=250`,
	);
	return page.data;
}

/**
 * Every execution of a workflow, page by page (the public API gives at most 250 at a time and a
 * `nextCursor` while more are left). `maxPages` bounds the walk.
 */
export async function listAllExecutions(
	n8n: Pick<N8nInstance, 'api'>,
	workflowId: string,
	{ includeData = true, maxPages = 100 } = {},
): Promise<Execution[]> {
	const all: Execution[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < maxPages; page++) {
		const query = `workflowId=${workflowId}&includeData=${includeData}&limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
		const { data, nextCursor } = await n8n.api<{ data: Execution[]; nextCursor?: string | null }>('GET', `/executions?${query}`);
		all.push(...data);
		if (!nextCursor) return all;
		cursor = nextCursor;
	}
	throw new Error(`more than ${maxPages} pages of executions for workflow ${workflowId}`);
}

/**
 * Executions finish after the webhook has answered: poll until the count has stayed the same
 * for a while (and reached `atLeast`).
 */
export async function settledExecutions(n8n: N8nInstance, workflowId: string, atLeast = 0): Promise<Execution[]> {
	let last = -1;
	let stableSince = Date.now();
	const deadline = Date.now() + 60_000;
	for (;;) {
		const executions = await listExecutions(n8n, workflowId);
		const finished = executions.filter((execution) => execution.status !== 'running' && execution.status !== 'new');
		if (finished.length !== last) {
			last = finished.length;
			stableSince = Date.now();
		}
		if (finished.length >= atLeast && Date.now() - stableSince > 1500) return finished;
		if (Date.now() > deadline) return finished;
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
}

// The deliveries the suites send: one loader for the fixtures, in tools/traffic.
export { fixture, type Delivery } from '../traffic/payload';

/** The same delivery under another eventId, as a distinct Claap event. */
export const withEventId = (delivery: Delivery, eventId: string): Delivery => ({ ...delivery, eventId });

export async function deliver(
	url: string,
	body: unknown,
	headers: Record<string, string> = { 'x-claap-webhook-id': WEBHOOK_ID, 'x-claap-webhook-secret': WEBHOOK_SECRET },
	contentType = 'application/json',
): Promise<{ status: number; body: unknown; text: string }> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': contentType, ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// Left as text.
	}
	return { status: response.status, body: parsed, text };
}

export type NodeJson = Record<string, unknown>;

/** Creates and activates a workflow: nodes get an id and, unless they have one, a position. */
export async function createWorkflow(
	n8n: N8nInstance,
	name: string,
	nodes: NodeJson[],
	connections: Record<string, unknown>,
): Promise<string> {
	const workflow = await n8n.api<{ id: string }>('POST', '/workflows', {
		name,
		nodes: nodes.map((node, index) => ({ id: randomUUID(), position: [index * 220, 0], ...node })),
		connections,
		settings: { executionOrder: 'v1' },
	});
	await n8n.api('POST', `/workflows/${workflow.id}/activate`);
	return workflow.id;
}

/** Creates and activates a workflow from nodes chained in order. */
export async function createChainWorkflow(n8n: N8nInstance, name: string, nodes: NodeJson[]): Promise<string> {
	const connections: Record<string, unknown> = {};
	nodes.slice(1).forEach((node, index) => {
		connections[String(nodes[index].name)] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
	});
	return await createWorkflow(n8n, name, nodes, connections);
}

/** An `openAiApi` credential for n8n's OpenAI nodes, pointed at `baseUrl` (the fake model's). */
export async function createOpenAiCredential(n8n: N8nInstance, baseUrl: string, apiKey: string, name = 'OpenAI (fake model)') {
	// n8n 1.x's schema wants the custom-header switch spelled out.
	return await createCredential(n8n, 'openAiApi', name, { apiKey, url: baseUrl, header: false });
}

/**
 * Runs one Claap node operation for real: a workflow of n8n's Webhook node (answering with the
 * last node's items) and the Claap node, called over HTTP. Returns the Claap node's items.
 */
export async function runClaapOperation(
	n8n: N8nInstance,
	parameters: Record<string, unknown>,
	credentials: Record<string, { id: string; name: string }>,
): Promise<{ status: number; items: unknown; workflowId: string }> {
	const path = `claap-op-${randomUUID()}`;
	const workflowId = await createChainWorkflow(n8n, `Claap operation ${path}`, [
		{
			name: 'Start',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
		},
		{ name: 'Claap', type: 'n8n-nodes-claap.claap', typeVersion: 1, parameters, credentials },
	]);
	const url = `${n8n.baseUrl}/webhook/${path}`;
	await waitForWebhook(url);
	const answer = await deliver(url, {}, {});
	return { status: answer.status, items: answer.body, workflowId };
}

/**
 * The baseline Claap Trigger is measured against: n8n's own Webhook node (POST, header auth
 * with Claap's secret header, answering on receipt). Returns its workflow and URL path.
 */
export async function createWebhookNodeBaseline(
	n8n: Pick<N8nInstance, 'api' | 'baseUrl'>,
	header = { name: 'X-Claap-Webhook-Secret', value: WEBHOOK_SECRET },
): Promise<{ id: string; path: string }> {
	const credential = await createCredential(n8n as N8nInstance, 'httpHeaderAuth', 'Claap secret header (baseline)', header);
	const path = `baseline-${randomUUID()}`;
	const id = await createChainWorkflow(n8n as N8nInstance, `Webhook node baseline ${path.slice(9, 17)}`, [
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path, authentication: 'headerAuth', responseMode: 'onReceived', options: {} },
			credentials: { httpHeaderAuth: credential },
		},
	]);
	return { id, path: `/webhook/${path}` };
}
