import type { DeliveryEnvelope, EventType } from '../schemas';
import type { ValidationReport } from './validation';

/** Claap's pre-signed transcript and video links stop working 24 hours after delivery. */
export const LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface TriggerItem {
	eventId: string;
	eventType: EventType;
	receivedAt: string;
	linksExpireAt: string;
	recording: DeliveryEnvelope['event']['recording'];
	validation: ValidationReport;
}

/** The item a delivery becomes: the recording as Claap sent it, extra fields included. */
export function toTriggerItem(
	delivery: DeliveryEnvelope,
	eventType: EventType,
	validation: ValidationReport,
	receivedAt: number,
): TriggerItem {
	return {
		eventId: delivery.eventId,
		eventType,
		receivedAt: new Date(receivedAt).toISOString(),
		linksExpireAt: new Date(receivedAt + LINK_LIFETIME_MS).toISOString(),
		recording: delivery.event.recording,
		validation,
	};
}
