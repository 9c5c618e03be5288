import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { decideDelivery, type ExpectedSecrets } from '../shared/delivery';
import { readTriggerSettings } from './parameters';
import { webhookSecrets } from './secretsCache';
import { seenEventsStore } from './seenEvents';

/** n8n's request adds `readRawBody`, which reads the body once and keeps it as `rawBody`. */
type N8nRequest = ReturnType<IWebhookFunctions['getRequestObject']> & { readRawBody?: () => Promise<void> };

/**
 * n8n has parsed a JSON body already. A body sent with another content type (or none) is
 * parsed here, so that only what is not JSON at all is refused as such. For a version 2 trigger,
 * n8n leaves the body of an unusual content type unread: it is read here.
 */
async function readBody(context: IWebhookFunctions): Promise<unknown> {
	const request: N8nRequest = context.getRequestObject();
	const body: unknown = request.body;
	if (body !== undefined && typeof body !== 'string') return body;
	if (body === undefined && request.rawBody === undefined) {
		// A client that hung up mid-body: answered below as a request with no body.
		await request.readRawBody?.().catch(() => undefined);
	}
	const raw = typeof body === 'string' ? body : request.rawBody?.toString('utf8');
	if (raw === undefined || raw === '') return undefined;
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		return raw;
	}
}

/** Answers one request to the trigger's URL: refuse, acknowledge, or start an execution. */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const receivedAt = Date.now();
	const request = this.getRequestObject();
	const settings = readTriggerSettings(this.getNode(), (name, fallback) => this.getNodeParameter(name, fallback));
	const secrets = await webhookSecrets(this, receivedAt);
	const body = await readBody(this);
	const seen = seenEventsStore(this);
	const decide = (expected: ExpectedSecrets) =>
		decideDelivery(
			{ headers: request.headersDistinct ?? request.headers, body, receivedAt },
			expected,
			settings,
			(eventId) => settings.ignoreDuplicates && seen.has(eventId),
		);

	let decision = decide(secrets.secrets);
	// Refused by digests older than the TTL: the secret may have just changed in the credential.
	if (decision.action === 'reject' && decision.status === 401 && secrets.stale) {
		decision = decide(await secrets.reread());
	}

	switch (decision.action) {
		case 'reject':
			this.getResponseObject().status(decision.status).json({ error: decision.error, message: decision.message });
			return { noWebhookResponse: true };
		case 'ignore':
			return { webhookResponse: { received: true, ignored: decision.reason, eventId: decision.eventId } };
		case 'accept': {
			const { item } = decision;
			if (settings.ignoreDuplicates) seen.record(item.eventId, receivedAt);
			return {
				// The recording came out of JSON.parse, so the item is JSON all the way down.
				workflowData: [[{ json: item as unknown as IDataObject }]],
				webhookResponse: { received: true, eventId: item.eventId },
			};
		}
	}
}
