import { z } from 'zod/v4';

import { RecordingSchema } from './recording';

export const EVENT_TYPES = ['recording_added', 'recording_updated'] as const;
export const EventTypeSchema = z.enum(EVENT_TYPES);

/**
 * What every delivery must have for the trigger to act on it: who it is (`eventId`, the same
 * on every retry), what happened, and to which recording. Checked strictly.
 */
export const DeliveryEnvelopeSchema = z.looseObject({
	eventId: z.string().min(1),
	event: z.looseObject({
		type: z.string().min(1),
		recording: z.looseObject({ id: z.string().min(1) }),
	}),
});

/** A delivery as Claap documents it. Checked leniently: a mismatch is reported, not rejected. */
export const DeliverySchema = z.looseObject({
	eventId: z.string().min(1),
	event: z.looseObject({
		type: EventTypeSchema,
		recording: RecordingSchema,
	}),
});

export type EventType = z.infer<typeof EventTypeSchema>;
export type DeliveryEnvelope = z.infer<typeof DeliveryEnvelopeSchema>;
export type Delivery = z.infer<typeof DeliverySchema>;
