import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';

import type { N8nInstance } from './n8n';
import { waitForWebhook } from './workflows';

/** The example workflows shipped in `examples/` (n8n's export format). */
export const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');

export interface CredentialRef {
	id: string;
	name: string;
}

/** Credentials by type, put in place of the examples' placeholders. */
export interface ExampleCredentials {
	claapWebhookApi?: CredentialRef;
	claapApi?: CredentialRef;
	[type: string]: CredentialRef | undefined;
}

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	webhookId?: string;
	credentials?: Record<string, CredentialRef>;
	[key: string]: unknown;
}

export interface ExampleWorkflow {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, { main?: Array<Array<{ node: string; type: string; index: number }>> }>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface ImportOptions {
	/** Workflow name in n8n; default the example's. */
	name?: string;
	/** Activate when the workflow has a trigger n8n can activate. Default true. */
	activate?: boolean;
	/**
	 * Puts a Webhook node (POST `/webhook/<path>`, answering with the last node's first item) in
	 * place of each Schedule Trigger, so a test or a demo can run a scheduled example on demand.
	 * The public API cannot run a workflow, and a schedule cannot be fired from outside.
	 */
	scheduleAsWebhook?: boolean;
	/**
	 * Turns on "Make Chat Publicly Available" in each Chat Trigger, so the chat answers at its
	 * production URL (`/webhook/<webhookId>/chat`) and a test can talk to it over HTTP.
	 */
	publicChat?: boolean;
	/** With publicChat: how the chat answers, whole when the last node ends (default) or streamed. */
	chatResponseMode?: 'lastNode' | 'streaming';
}

export interface ImportedExample {
	workflowId: string;
	name: string;
	active: boolean;
	/** The trigger node that starts the workflow (Claap Trigger, Webhook or Schedule Trigger). */
	triggerNode?: string;
	/** Production URL of the Claap Trigger, Webhook node or public Chat Trigger; undefined for a schedule. */
	triggerUrl?: string;
	/** The workflow as sent to n8n, after substitutions. */
	workflow: ExampleWorkflow;
}

const CLAAP_TRIGGER = 'n8n-nodes-claap.claapTrigger';
const WEBHOOK = 'n8n-nodes-base.webhook';
const SCHEDULE = 'n8n-nodes-base.scheduleTrigger';
const CHAT_TRIGGER = '@n8n/n8n-nodes-langchain.chatTrigger';
/** Triggers that exist only to be started from the editor: such a workflow cannot be activated. */
const MANUAL_ONLY = new Set(['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.executeWorkflowTrigger']);
const DISABLED = (node: WorkflowNode) => node.disabled === true;

const isTrigger = (node: WorkflowNode) =>
	!DISABLED(node) && (node.type === WEBHOOK || /trigger$/iu.test(node.type)) && !MANUAL_ONLY.has(node.type);

export function loadExample(file: string): ExampleWorkflow {
	const path = isAbsolute(file) || file.includes('/') ? file : join(EXAMPLES_DIR, file);
	const workflow = JSON.parse(readFileSync(path, 'utf8')) as ExampleWorkflow;
	if (typeof workflow.name !== 'string' || !Array.isArray(workflow.nodes) || typeof workflow.connections !== 'object') {
		throw new Error(`${basename(path)} is not an n8n workflow export (name, nodes, connections)`);
	}
	return workflow;
}

/** Every node that references a credential gets ours of that type; a missing one is an error. */
function withCredentials(workflow: ExampleWorkflow, credentials: ExampleCredentials, file: string): ExampleWorkflow {
	const nodes = workflow.nodes.map((node) => {
		if (!node.credentials) return node;
		const replaced: Record<string, CredentialRef> = {};
		for (const type of Object.keys(node.credentials)) {
			const credential = credentials[type];
			if (!credential) throw new Error(`${file}: node "${node.name}" needs a ${type} credential`);
			replaced[type] = { id: credential.id, name: credential.name };
		}
		return { ...node, credentials: replaced };
	});
	return { ...workflow, nodes };
}

/** Webhook-based triggers get a fresh webhookId, so an example can be imported more than once. */
function withFreshWebhookIds(workflow: ExampleWorkflow): ExampleWorkflow {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node.type === CLAAP_TRIGGER || node.type === WEBHOOK || node.webhookId !== undefined
				? { ...node, webhookId: randomUUID() }
				: node,
		),
	};
}

/** A copy of the workflow with a Webhook node in place of each Schedule Trigger (connections follow). */
export function scheduleAsWebhook(workflow: ExampleWorkflow): ExampleWorkflow {
	const renamed = new Map<string, string>();
	const nodes = workflow.nodes.map((node): WorkflowNode => {
		if (node.type !== SCHEDULE) return node;
		const name = `${node.name} (Webhook)`;
		renamed.set(node.name, name);
		return {
			id: randomUUID(),
			name,
			type: WEBHOOK,
			typeVersion: 2,
			position: node.position,
			webhookId: randomUUID(),
			parameters: {
				httpMethod: 'POST',
				path: `claap-example-${randomUUID()}`,
				responseMode: 'lastNode',
				responseData: 'firstEntryJson',
				options: {},
			},
		};
	});
	const rename = (name: string) => renamed.get(name) ?? name;
	const connections: ExampleWorkflow['connections'] = {};
	for (const [from, outputs] of Object.entries(workflow.connections)) {
		connections[rename(from)] = {
			...outputs,
			main: outputs.main?.map((targets) => targets.map((target) => ({ ...target, node: rename(target.node) }))),
		};
	}
	return { ...workflow, name: `${workflow.name} (on demand)`, nodes, connections };
}

/** A copy of the workflow whose Chat Triggers answer in public, as their hosted chat page does. */
export function publicChat(workflow: ExampleWorkflow, responseMode: 'lastNode' | 'streaming' = 'lastNode'): ExampleWorkflow {
	const nodes = workflow.nodes.map((node): WorkflowNode => {
		if (node.type !== CHAT_TRIGGER) return node;
		const options = { ...(node.parameters.options as Record<string, unknown> | undefined), responseMode };
		return { ...node, parameters: { ...node.parameters, public: true, mode: 'hostedChat', options } };
	});
	return { ...workflow, nodes };
}

function productionUrl(baseUrl: string, node: WorkflowNode): string | undefined {
	if (node.type === CLAAP_TRIGGER) return `${baseUrl}/webhook/${String(node.webhookId)}/webhook`;
	if (node.type === CHAT_TRIGGER) return node.parameters.public === true ? `${baseUrl}/webhook/${String(node.webhookId)}/chat` : undefined;
	if (node.type === WEBHOOK) {
		const path = String(node.parameters.path ?? '').replace(/^\/+/u, '');
		return path === '' ? undefined : `${baseUrl}/webhook/${path}`;
	}
	return undefined;
}

/**
 * Imports an example workflow into n8n through the public API: our credentials in place of the
 * placeholders, fresh webhook IDs, then activation when it has a trigger that can be activated
 * (waiting until its production URL answers).
 */
export async function importExample(
	n8n: Pick<N8nInstance, 'api' | 'baseUrl'>,
	file: string,
	credentials: ExampleCredentials,
	options: ImportOptions = {},
): Promise<ImportedExample> {
	let workflow = withFreshWebhookIds(withCredentials(loadExample(file), credentials, basename(file)));
	if (options.scheduleAsWebhook) workflow = scheduleAsWebhook(workflow);
	if (options.publicChat) workflow = publicChat(workflow, options.chatResponseMode);
	const name = options.name ?? workflow.name;
	// The public API takes these four fields only (an export may carry more: id, active, pinData, meta, tags).
	const created = await n8n.api<{ id: string }>('POST', '/workflows', {
		name,
		nodes: workflow.nodes,
		connections: workflow.connections,
		settings: { executionOrder: 'v1', ...(workflow.settings ?? {}) },
	});

	const trigger = workflow.nodes.find(isTrigger);
	const triggerUrl = trigger && productionUrl(n8n.baseUrl, trigger);
	const active = (options.activate ?? true) && trigger !== undefined;
	if (active) {
		await n8n.api('POST', `/workflows/${created.id}/activate`);
		if (triggerUrl) await waitForWebhook(triggerUrl);
	}
	return { workflowId: created.id, name, active, triggerNode: trigger?.name, triggerUrl, workflow: { ...workflow, name } };
}

/** Every example file in `examples/`, sorted. */
export function exampleFiles(): string[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort();
}

/** The credential types an example's nodes ask for. */
export function credentialTypes(workflow: ExampleWorkflow): Set<string> {
	return new Set(workflow.nodes.flatMap((node) => Object.keys(node.credentials ?? {})));
}
