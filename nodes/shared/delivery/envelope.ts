import { checkData, DeliveryEnvelopeSchema, formatIssues, type DeliveryEnvelope } from '../schemas';

export type EnvelopeOutcome = { ok: true; envelope: DeliveryEnvelope } | { ok: false; problem: string };

/**
 * Reads what the trigger needs from a body: an object with `eventId`, `event.type` and
 * `event.recording.id`. Anything else cannot be a Claap delivery.
 */
export function readEnvelope(body: unknown): EnvelopeOutcome {
	if (typeof body === 'string') return { ok: false, problem: 'body is not JSON' };
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		return { ok: false, problem: 'body is not a JSON object' };
	}
	const checked = checkData(DeliveryEnvelopeSchema, body);
	if (!checked.success) return { ok: false, problem: formatIssues(checked.issues) };
	// The body itself, not zod's copy: zod rebuilds objects by assignment, which turns a
	// `__proto__` key into a prototype and drops it from the data the user sees.
	return { ok: true, envelope: body as DeliveryEnvelope };
}

