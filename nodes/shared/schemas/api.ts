import { z } from 'zod/v4';

import { EventTypeSchema } from './delivery';
import { RecordingSchema } from './recording';
import { ApiTranscriptSchema } from './transcript';

// Webhook trigger API: POST {baseUrl}/v1/webhook/{webhookId}/trigger

export const WebhookTriggerRequestSchema = z.object({
	type: EventTypeSchema,
	recordingId: z.string().min(1),
});

export const WebhookTriggerSuccessSchema = z.looseObject({
	ok: z.literal(true),
	data: z.unknown().optional(),
});

export const WebhookTriggerFailureSchema = z.looseObject({
	ok: z.literal(false),
	error: z.string(),
	errMessage: z.string().optional(),
});

export const WebhookTriggerResponseSchema = z.discriminatedUnion('ok', [
	WebhookTriggerSuccessSchema,
	WebhookTriggerFailureSchema,
]);

// REST API (X-Claap-Key): `{ result }` on success, `{ error }` on failure.

export const ApiErrorSchema = z.looseObject({
	error: z.looseObject({
		type: z.string(),
		message: z.string(),
		path: z.unknown().optional(),
	}),
});

const apiResult = <T extends z.ZodType>(result: T) => z.looseObject({ result });

export const RecordingPageSchema = apiResult(
	z.looseObject({
		recordings: z.array(RecordingSchema),
		pagination: z.looseObject({ nextCursor: z.string().nullish() }),
	}),
);

export const RecordingResultSchema = apiResult(z.looseObject({ recording: RecordingSchema }));

// Lenient twins for the action node: recordings stay unparsed so that one recording with a
// surprising field is reported on its own item instead of failing the whole page.
export const LenientRecordingPageSchema = apiResult(
	z.looseObject({
		recordings: z.array(z.unknown()),
		pagination: z.looseObject({ nextCursor: z.string().nullish() }).nullish(),
	}),
);

export const LenientRecordingResultSchema = apiResult(z.looseObject({ recording: z.unknown() }));

export const TranscriptResultSchema = apiResult(ApiTranscriptSchema);

export const CreatedRecordingResultSchema = apiResult(
	z.looseObject({
		recording: z.looseObject({
			id: z.string(),
			state: z.string().optional(),
			upload: z.looseObject({ url: z.string(), metaUrl: z.string().optional() }).optional(),
		}),
	}),
);

export type WebhookTriggerRequest = z.infer<typeof WebhookTriggerRequestSchema>;
export type WebhookTriggerResponse = z.infer<typeof WebhookTriggerResponseSchema>;
export type ApiError = z.infer<typeof ApiErrorSchema>;
export type RecordingPage = z.infer<typeof RecordingPageSchema>;
export type RecordingResult = z.infer<typeof RecordingResultSchema>;
export type LenientRecordingPage = z.infer<typeof LenientRecordingPageSchema>;
export type TranscriptResult = z.infer<typeof TranscriptResultSchema>;
export type CreatedRecordingResult = z.infer<typeof CreatedRecordingResultSchema>;
