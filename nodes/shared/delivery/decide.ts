import { formatIssues, type EventType } from '../schemas';
import { authenticateDelivery, type DeliveryHeaders, type ExpectedSecrets } from './authenticate';
import { readEnvelope } from './envelope';
import { toTriggerItem, type TriggerItem } from './item';
import { validateRecording } from './validation';

/** What the user chose in the trigger's parameters. */
export interface DeliverySettings {
	events: readonly EventType[];
	rejectDrift: boolean;
	/** Channel names or IDs; empty means any channel. */
	channels: readonly string[];
	/** At least one of these labels; empty means any labels. */
	labels: readonly string[];
	requireDeal: boolean;
}

export interface DeliveryRequest {
	headers: DeliveryHeaders;
	body: unknown;
	/** When it arrived (ms since epoch): the item's `receivedAt`, and when its links expire. */
	receivedAt: number;
}

export type IgnoreReason = 'event_not_selected' | 'duplicate' | 'filtered_out';

export type DeliveryDecision =
	| { action: 'reject'; status: 400 | 401; error: string; message: string }
	| { action: 'ignore'; reason: IgnoreReason; eventId: string }
	| { action: 'accept'; item: TriggerItem };

const reject = (status: 400 | 401, error: string, message: string): DeliveryDecision => ({
	action: 'reject',
	status,
	error,
	message,
});

/**
 * Decides what one request to the trigger becomes: refused (forged or not a Claap delivery),
 * acknowledged without a run, or a run. Authentication and the envelope are strict; the
 * recording is checked leniently, because refusing a genuine delivery makes Claap drop it.
 */
export function decideDelivery(
	request: DeliveryRequest,
	secrets: ExpectedSecrets,
	settings: DeliverySettings,
	hasSeen: (eventId: string) => boolean,
): DeliveryDecision {
	const auth = authenticateDelivery(request.headers, secrets);
	if (!auth.ok) return reject(401, 'unauthorized', `Not a Claap delivery: ${auth.reason}`);

	const envelope = readEnvelope(request.body);
	if (!envelope.ok) return reject(400, 'invalid_delivery', `Not a Claap delivery: ${envelope.problem}`);

	const { eventId, event } = envelope.envelope;
	const eventType = settings.events.find((selected) => selected === event.type);
	if (eventType === undefined) return { action: 'ignore', reason: 'event_not_selected', eventId };
	if (hasSeen(eventId)) return { action: 'ignore', reason: 'duplicate', eventId };

	const validation = validateRecording(event.recording);
	if (!validation.valid && settings.rejectDrift) {
		const where = formatIssues(validation.issues, 'recording');
		return reject(400, 'invalid_recording', `The recording does not match Claap's documented schema: ${where}`);
	}
	if (!matchesFilters(event.recording, settings)) return { action: 'ignore', reason: 'filtered_out', eventId };

	return { action: 'accept', item: toTriggerItem(envelope.envelope, eventType, validation, request.receivedAt) };
}

export type RecordingFilters = Pick<DeliverySettings, 'channels' | 'labels' | 'requireDeal'>;

/** Filters read the recording defensively: a drifted recording may lack any of these fields. */
export function matchesFilters(recording: Record<string, unknown>, settings: RecordingFilters): boolean {
	if (settings.channels.length > 0) {
		const channel = asRecord(recording.channel);
		const names = [channel?.id, channel?.name].filter((value): value is string => typeof value === 'string');
		if (!settings.channels.some((wanted) => names.some((name) => sameText(name, wanted)))) return false;
	}
	if (settings.labels.length > 0) {
		const labels = Array.isArray(recording.labels) ? recording.labels.filter((l) => typeof l === 'string') : [];
		if (!settings.labels.some((wanted) => labels.some((label) => sameText(label, wanted)))) return false;
	}
	if (settings.requireDeal && asRecord(recording.deal)?.id === undefined) return false;
	return true;
}

const sameText = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
	value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: undefined;
