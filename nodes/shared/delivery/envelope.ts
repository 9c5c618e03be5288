import { DeliveryEnvelopeSchema, type DeliveryEnvelope } from '../schemas';
import { describeIssues } from './validation';

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
	// reportInput: so that describeIssues can tell a missing field from one of the wrong type.
	const parsed = DeliveryEnvelopeSchema.safeParse(body, { reportInput: true });
	if (!parsed.success) {
		return { ok: false, problem: describeIssues(parsed.error.issues).map(format).join('; ') };
	}
	// The body itself, not zod's copy: zod rebuilds objects by assignment, which turns a
	// `__proto__` key into a prototype and drops it from the data the user sees.
	return { ok: true, envelope: body as DeliveryEnvelope };
}

const format = ({ path, message }: { path: string; message: string }) =>
	path === '' ? message : `${path}: ${message}`;
