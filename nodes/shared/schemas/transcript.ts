import { z } from 'zod/v4';

/** Times are seconds from the start of the transcribed audio. */
export const WordSchema = z.looseObject({
	startedAt: z.number(),
	endedAt: z.number(),
	word: z.string(),
});

export const SegmentSchema = z.looseObject({
	startedAt: z.number(),
	endedAt: z.number(),
	text: z.string(),
	speaker: z.string().optional(),
	languageCode: z.string().optional(),
	words: z.array(WordSchema).optional(),
});

/** The JSON behind a recording's `transcripts[].url`. */
export const TranscriptSchema = z.looseObject({
	language: z.string().optional(),
	segments: z.array(SegmentSchema),
});

/** The REST API's transcript: the same segments, the language named `languageCode`. */
export const ApiTranscriptSchema = z.looseObject({
	languageCode: z.string().optional(),
	segments: z.array(SegmentSchema),
});

export type Word = z.infer<typeof WordSchema>;
export type Segment = z.infer<typeof SegmentSchema>;
export type Transcript = z.infer<typeof TranscriptSchema>;
export type ApiTranscript = z.infer<typeof ApiTranscriptSchema>;
