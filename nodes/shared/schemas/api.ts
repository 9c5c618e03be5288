import { z } from 'zod/v4';

import { EventTypeSchema } from './delivery';
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

// Recordings stay unparsed so that one recording with a surprising field is reported on its
// own item (see validateRecording) instead of failing the whole page.
export const LenientRecordingPageSchema = apiResult(
	z.looseObject({
		recordings: z.array(z.unknown()),
		pagination: z
			.looseObject({
				nextCursor: z.string().nullish(),
				// Only passed on: a count in a surprising form is dropped rather than failing the page.
				totalCount: z.number().int().nonnegative().optional().catch(undefined),
			})
			.nullish(),
	}),
);

export const LenientRecordingResultSchema = apiResult(z.looseObject({ recording: z.unknown() }));

/**
 * GET /v1/recordings/{id}/transcript. Claap's reference example puts the segments at
 * `result.segments`; a third-party client of Claap's API expects `result.transcript.segments`:
 * both are read, as the one shape.
 */
export const TranscriptResultSchema = apiResult(
	z.preprocess(
		(result) =>
			typeof result === 'object' && result !== null && !('segments' in result) && 'transcript' in result
				? result.transcript
				: result,
		ApiTranscriptSchema,
	),
);

/** The CRMs a recording's deal can belong to (POST /v1/recordings `deal.type`). */
export const DEAL_TYPES = ['attio', 'hubspot', 'pipedrive', 'salesforce'] as const;
export const DealTypeSchema = z.enum(DEAL_TYPES);

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
export type LenientRecordingPage = z.infer<typeof LenientRecordingPageSchema>;
export type TranscriptResult = z.infer<typeof TranscriptResultSchema>;
export type DealType = z.infer<typeof DealTypeSchema>;
export type CreatedRecordingResult = z.infer<typeof CreatedRecordingResultSchema>;
