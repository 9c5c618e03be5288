import { randomBytes, timingSafeEqual } from 'node:crypto';

import { WebhookTriggerRequestSchema } from '../nodes/shared/schemas';
import type { Delivery, EventType } from '../nodes/shared/schemas';
import type { DeliveryRecord, DeliveryService } from './deliveries';
import { header, json, parseJsonBody } from './http';
import type { Handler, SimResponse } from './http';
import { presentRecording } from './links';
import type { LinkSigner } from './links';
import type { RecordingStore } from './store';

/** A webhook as Claap support registers it: an id, a secret, and the URL to deliver to. */
export interface Webhook {
	id: string;
	secret: string;
	/** Without a URL, triggering it succeeds but delivers nothing. */
	url?: string;
}

export class WebhookRegistry {
	private webhooks = new Map<string, Webhook>();

	constructor(private readonly initial: Webhook[]) {
		this.reset();
	}

	get(id: string): Webhook | undefined {
		const webhook = this.webhooks.get(id);
		return webhook && { ...webhook };
	}

	list(): Webhook[] {
		return [...this.webhooks.values()].map((w) => ({ ...w }));
	}

	/** Adds a webhook or changes one (typically its URL, once the receiver is known). */
	upsert(webhook: Webhook): void {
		this.webhooks.set(webhook.id, { ...webhook });
	}

	reset(): void {
		this.webhooks = new Map(this.initial.map((w) => [w.id, { ...w }]));
	}
}

/** Claap's event ids are opaque strings; these look like theirs (`eeghaiCh8Chaikusa5che`). */
export const newEventId = () =>
	randomBytes(16)
		.toString('base64')
		.replace(/[^a-zA-Z0-9]/g, '')
		.slice(0, 21);

const fail = (status: number, error: string, errMessage?: string): SimResponse =>
	json(status, { ok: false, error, ...(errMessage ? { errMessage } : {}) });

const sameSecret = (given: string | undefined, expected: string) =>
	given !== undefined &&
	Buffer.byteLength(given) === Buffer.byteLength(expected) &&
	timingSafeEqual(Buffer.from(given), Buffer.from(expected));

export interface WebhookApiDeps {
	webhooks: WebhookRegistry;
	store: RecordingStore;
	links: LinkSigner;
	deliveries: DeliveryService;
}

/** Builds the event for a recording and hands it to the delivery service. */
export function emitEvent(
	deps: WebhookApiDeps,
	webhook: Webhook,
	type: EventType,
	recordingId: string,
): { eventId: string; delivery?: DeliveryRecord } {
	const stored = deps.store.get(recordingId);
	if (!stored) throw new Error(`No recording ${recordingId}`);
	const payload: Delivery = { eventId: newEventId(), event: { type, recording: presentRecording(stored, deps.links) } };
	if (!webhook.url) return { eventId: payload.eventId };
	const delivery = deps.deliveries.deliver({ webhookId: webhook.id, secret: webhook.secret, url: webhook.url }, payload);
	return { eventId: payload.eventId, delivery };
}

/**
 * POST /api/v1/webhook/:webhookId/trigger. The order of the checks is part of the contract the
 * package relies on: unknown webhook 404, then the secret 401, only then the body 400.
 */
export function triggerHandler(deps: WebhookApiDeps): Handler {
	return (req) => {
		const webhook = deps.webhooks.get(req.params.webhookId);
		if (!webhook) return fail(404, 'webhook_not_found', `No webhook with id ${req.params.webhookId}`);
		if (!sameSecret(header(req, 'x-claap-webhook-secret'), webhook.secret))
			return fail(401, 'unauthorized', 'Missing or invalid X-Claap-Webhook-Secret header');

		const body = parseJsonBody(req);
		if (!body.ok) return fail(400, 'invalid_request', body.message);
		const parsed = WebhookTriggerRequestSchema.safeParse(body.value);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
			return fail(400, 'invalid_request', `${where}${issue.message}`);
		}
		const { type, recordingId } = parsed.data;
		if (!deps.store.has(recordingId)) return fail(400, 'recording_not_found', `No recording with id ${recordingId}`);

		const { eventId } = emitEvent(deps, webhook, type, recordingId);
		return json(200, { ok: true, data: { eventId, webhookId: webhook.id, type, recordingId, url: webhook.url ?? null } });
	};
}
