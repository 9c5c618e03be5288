import type { Segment, Transcript } from '../schemas';
import { chunkTranscript, type ChunkLimits, type TranscriptChunk } from './chunks';
import { buildCues, DEFAULT_CUE_LIMITS, type CueLimits } from './cues';
import { segmentItems, turnItems, type SegmentItem, type TurnItem } from './items';
import { mergeSpeakerTurns } from './segments';
import { renderSrt } from './srt';
import { renderMarkdown, renderPlainText, renderSpeakerText } from './text';
import { renderVtt } from './vtt';

export const TRANSCRIPT_FORMATS = [
	'json',
	'text',
	'speakerText',
	'markdown',
	'srt',
	'vtt',
	'segmentItems',
	'turnItems',
	'chunks',
] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

export interface RenderOptions {
	/** Join consecutive segments of one speaker before rendering. */
	mergeSpeakerSegments?: boolean;
	cueLimits?: CueLimits;
	/** The recording's title: the Markdown heading, and every chunk's title. */
	title?: string;
	/** Every chunk's recording ID. */
	recordingId?: string | null;
	chunkLimits?: Partial<ChunkLimits>;
}

export type RenderedTranscript =
	| { kind: 'document'; content: string; extension: string; mimeType: string }
	| { kind: 'json'; value: { language: string | null; segments: Segment[] }; extension: 'json'; mimeType: string }
	| { kind: 'items'; items: Array<SegmentItem | TurnItem | TranscriptChunk> };

const document = (content: string, extension: string, mimeType: string): RenderedTranscript => ({
	kind: 'document',
	content,
	extension,
	mimeType,
});

/** Renders a validated transcript in one format. Pure: no I/O, same input, same output. */
export function renderTranscript(
	transcript: Transcript,
	format: TranscriptFormat,
	options: RenderOptions = {},
): RenderedTranscript {
	const segments = options.mergeSpeakerSegments === true ? mergeSpeakerTurns(transcript.segments) : transcript.segments;
	switch (format) {
		case 'json':
			return {
				kind: 'json',
				value: { language: transcript.language ?? null, segments },
				extension: 'json',
				mimeType: 'application/json',
			};
		case 'text':
			return document(renderPlainText(segments), 'txt', 'text/plain');
		case 'speakerText':
			return document(renderSpeakerText(segments), 'txt', 'text/plain');
		case 'markdown':
			return document(renderMarkdown(segments, options.title), 'md', 'text/markdown');
		case 'srt':
			return document(renderSrt(buildCues(segments, options.cueLimits ?? DEFAULT_CUE_LIMITS)), 'srt', 'application/x-subrip');
		case 'vtt':
			return document(renderVtt(buildCues(segments, options.cueLimits ?? DEFAULT_CUE_LIMITS)), 'vtt', 'text/vtt');
		case 'segmentItems':
			return { kind: 'items', items: segmentItems(segments) };
		case 'turnItems':
			return { kind: 'items', items: turnItems(transcript.segments) };
		case 'chunks': {
			const source = { recordingId: options.recordingId ?? null, title: options.title ?? null };
			return { kind: 'items', items: chunkTranscript(segments, source, options.chunkLimits) };
		}
	}
}
