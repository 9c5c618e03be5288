import { NodeApiError, type IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod/v4';

import { WebhookTriggerResponseSchema, type WebhookTriggerRequest } from '../../shared/schemas';
import { authenticatedRequest, credentialBaseUrl, type ClaapDeps } from './request';

const DEFAULT_BASE_URL = 'https://api.claap.io/api';

const WebhookIdSchema = z.looseObject({ webhookId: z.string().min(1) });

/**
 * Asks Claap to deliver an event for a recording to the registered webhook URL.
 * Claap may refuse with `{ ok: false }` even on HTTP 200: that is an error too.
 */
export async function triggerWebhookDelivery(
	ctx: IExecuteFunctions,
	deps: ClaapDeps,
	itemIndex: number,
	request: WebhookTriggerRequest,
): Promise<unknown> {
	const credentials = WebhookIdSchema.safeParse(await ctx.getCredentials('claapWebhookApi', itemIndex));
	if (!credentials.success) {
		throw new NodeApiError(ctx.getNode(), {}, { message: 'The Claap Webhook credential has no webhook ID' });
	}
	const baseUrl = await credentialBaseUrl(ctx, 'claapWebhookApi', itemIndex, DEFAULT_BASE_URL);
	const path = `/v1/webhook/${encodeURIComponent(credentials.data.webhookId)}/trigger`;
	const body = await authenticatedRequest(ctx, deps, 'claapWebhookApi', {
		method: 'POST',
		url: `${baseUrl}${path}`,
		body: { type: request.type, recordingId: request.recordingId },
	});
	const answer = WebhookTriggerResponseSchema.safeParse(body);
	if (!answer.success) {
		throw new NodeApiError(
			ctx.getNode(),
			{ body: JSON.stringify(body ?? null).slice(0, 2000) },
			{ message: 'Claap answered the webhook trigger with data this node does not understand' },
		);
	}
	if (!answer.data.ok) {
		const { error, errMessage } = answer.data;
		throw new NodeApiError(
			ctx.getNode(),
			{ code: error, message: errMessage ?? null },
			{ message: `Claap refused to trigger the event: ${error}${errMessage ? `: ${errMessage}` : ''}` },
		);
	}
	return answer.data.data;
}
