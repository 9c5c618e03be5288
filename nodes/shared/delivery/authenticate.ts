import { createHash, timingSafeEqual } from 'crypto';

/** The two headers Claap sends with every delivery. Node lower-cases header names. */
export const WEBHOOK_ID_HEADER = 'x-claap-webhook-id';
export const WEBHOOK_SECRET_HEADER = 'x-claap-webhook-secret';

/** Header values as Node gives them: `headersDistinct` gives arrays, `headers` strings. */
export type DeliveryHeaders = Record<string, string | string[] | undefined>;

export interface WebhookSecrets {
	webhookId: string;
	webhookSecret: string;
}

export type AuthOutcome = { ok: true } | { ok: false; reason: string };

/**
 * Digests make the comparison constant-time whatever the lengths, so a caller learns nothing
 * about the expected value from how long a refusal takes (timingSafeEqual alone needs equal lengths).
 */
export const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** The credential's values, digested once and reused for every delivery. */
export interface ExpectedSecrets {
	webhookId: Buffer;
	webhookSecret: Buffer;
}

export const expectSecrets = ({ webhookId, webhookSecret }: WebhookSecrets): ExpectedSecrets => ({
	webhookId: digest(webhookId),
	webhookSecret: digest(webhookSecret),
});

function singleValue(headers: DeliveryHeaders, name: string): string | { problem: string } {
	const raw = headers[name];
	const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
	if (values.length === 0) return { problem: `missing ${name} header` };
	if (values.length > 1) return { problem: `repeated ${name} header` };
	if (values[0].trim() === '') return { problem: `empty ${name} header` };
	return values[0];
}

/**
 * Checks both headers against the credential. Both are always compared, so the time taken does
 * not tell which one was wrong; the reason never repeats an expected value.
 */
export function authenticateDelivery(headers: DeliveryHeaders, expected: ExpectedSecrets): AuthOutcome {
	const id = singleValue(headers, WEBHOOK_ID_HEADER);
	const secret = singleValue(headers, WEBHOOK_SECRET_HEADER);
	if (typeof id !== 'string') return { ok: false, reason: id.problem };
	if (typeof secret !== 'string') return { ok: false, reason: secret.problem };
	const idMatches = timingSafeEqual(digest(id), expected.webhookId);
	const secretMatches = timingSafeEqual(digest(secret), expected.webhookSecret);
	if (!idMatches || !secretMatches) {
		return { ok: false, reason: 'webhook ID or secret does not match the Claap Webhook credential' };
	}
	return { ok: true };
}
