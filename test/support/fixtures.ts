import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

export const FIXTURES_DIR = join(__dirname, '..', 'fixtures');

export const DELIVERY_FIXTURES = ['full', 'minimal', 'extra-fields', 'ai-fields', 'drifted-recording'] as const;
export type DeliveryFixture = (typeof DELIVERY_FIXTURES)[number];

/** A JSON object as it comes out of JSON.parse. */
export type JsonObject = Record<string, unknown>;

/** The text of a delivery fixture, exactly as Claap would send it. */
export const deliveryText = (name: DeliveryFixture): string =>
	readFileSync(join(FIXTURES_DIR, 'deliveries', `${name}.json`), 'utf8');

/** A fresh copy of a delivery fixture on every call, so a test can change it freely. */
export function loadDelivery(name: DeliveryFixture): JsonObject {
	const parsed: unknown = JSON.parse(deliveryText(name));
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new Error(`fixture ${name} is not a JSON object`);
	}
	return parsed as JsonObject;
}

/** The malformed fixtures' file names. */
export const malformedFixtureNames = (): string[] => readdirSync(join(FIXTURES_DIR, 'malformed')).sort();

export const malformedText = (file: string): string => readFileSync(join(FIXTURES_DIR, 'malformed', file), 'utf8');

/** A malformed fixture as n8n would hand it over: parsed when it is JSON, the raw text otherwise. */
export function loadMalformed(file: string): unknown {
	const text = malformedText(file);
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/** What each malformed fixture must name in the refusal. */
export const MALFORMED_PROBLEMS: Record<string, string> = {
	'array-body.json': 'body is not a JSON object',
	'empty-event-id.json': 'eventId',
	'event-not-object.json': 'event',
	'missing-event-id.json': 'eventId',
	'missing-event-type.json': 'event.type',
	'missing-recording-id.json': 'event.recording.id',
	'numeric-event-id.json': 'eventId',
	'truncated.json.txt': 'body is not JSON',
};

export function asObject(value: unknown): JsonObject {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw new Error(`expected an object, got ${JSON.stringify(value)}`);
	}
	return value as JsonObject;
}

/** `delivery.event.recording` of a parsed fixture. */
export const recordingOf = (delivery: JsonObject): JsonObject => asObject(asObject(delivery.event).recording);

/** A copy of a fixture with another eventId. */
export function withEventId(delivery: JsonObject, eventId: string): JsonObject {
	return { ...delivery, eventId };
}

/** A copy of a fixture with another event type. */
export function withEventType(delivery: JsonObject, type: string): JsonObject {
	return { ...delivery, event: { ...asObject(delivery.event), type } };
}
