import type { N8nInstance } from './n8n';
import { createWebhookNodeBaseline, waitForWebhook } from './workflows';

/**
 * The baseline: n8n's own Webhook node, POST, header auth with an httpHeaderAuth credential
 * carrying Claap's secret header, answering on receipt (the e2e harness builds it).
 */
export async function createBuiltInWebhookWorkflow(
	n8n: N8nInstance,
	header: { name: string; value: string },
): Promise<{ id: string; url: string }> {
	const { id, path } = await createWebhookNodeBaseline(n8n, header);
	const url = `${n8n.baseUrl}${path}`;
	await waitForWebhook(url);
	return { id, url };
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
