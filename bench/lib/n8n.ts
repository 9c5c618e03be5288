import { randomUUID } from 'node:crypto';

import type { N8nInstance } from '../../test/e2e/harness/n8n';
import { createCredential } from '../../test/e2e/harness/workflows';

export { startN8n } from '../../test/e2e/harness/n8n';
export {
	WEBHOOK_ID,
	WEBHOOK_SECRET,
	createCredential,
	createTriggerWorkflow,
	createWebhookCredential,
	deliver,
	listExecutions,
	settledExecutions,
} from '../../test/e2e/harness/workflows';

/**
 * The baseline: n8n's own Webhook node, POST, header auth with an httpHeaderAuth credential
 * carrying Claap's secret header, answering on receipt.
 */
export async function createBuiltInWebhookWorkflow(
	n8n: N8nInstance,
	header: { name: string; value: string },
): Promise<{ id: string; url: string }> {
	const credential = await createCredential(n8n, 'httpHeaderAuth', 'Claap secret header (baseline)', header);
	const path = randomUUID();
	const workflow = await n8n.api<{ id: string }>('POST', '/workflows', {
		name: `Webhook node baseline ${path.slice(0, 8)}`,
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path, authentication: 'headerAuth', responseMode: 'onReceived', options: {} },
				credentials: { httpHeaderAuth: { id: credential.id, name: credential.name } },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	await n8n.api('POST', `/workflows/${workflow.id}/activate`);
	const url = `${n8n.baseUrl}/webhook/${path}`;
	for (let attempt = 0; attempt < 80; attempt++) {
		const response = await fetch(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', [header.name]: header.value } });
		await response.arrayBuffer();
		if (response.status !== 404) return { id: workflow.id, url };
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`webhook ${url} never became active`);
}

/** The number of executions of a workflow, by paging through the public API (ids only). */
export async function countExecutions(n8n: N8nInstance, workflowId: string): Promise<number> {
	let count = 0;
	let cursor: string | undefined;
	for (;;) {
		const page = await n8n.api<{ data: unknown[]; nextCursor?: string | null }>(
			'GET',
			`/executions?workflowId=${workflowId}&limit=250${cursor ? `&cursor=${cursor}` : ''}`,
		);
		count += page.data.length;
		if (!page.nextCursor) return count;
		cursor = page.nextCursor;
	}
}
