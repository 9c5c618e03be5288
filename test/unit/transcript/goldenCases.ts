import { readFileSync } from 'fs';
import { join } from 'path';

import { TranscriptSchema, type Transcript } from '../../../nodes/shared/schemas';
import {
	renderTranscript,
	type RenderOptions,
	type RenderedTranscript,
	type TranscriptFormat,
} from '../../../nodes/shared/transcript';

export const FIXTURES_DIR = join(__dirname, '../../fixtures/transcripts');
export const GOLDEN_DIR = join(FIXTURES_DIR, 'golden');

export const FIXTURES = ['basic', 'unicode-rtl', 'overlapping', 'sparse', 'empty'] as const;

const FORMATS: ReadonlyArray<{ format: TranscriptFormat; suffix: string }> = [
	{ format: 'json', suffix: 'json.json' },
	{ format: 'text', suffix: 'text.txt' },
	{ format: 'speakerText', suffix: 'speaker.txt' },
	{ format: 'markdown', suffix: 'md' },
	{ format: 'srt', suffix: 'srt' },
	{ format: 'vtt', suffix: 'vtt' },
	{ format: 'segmentItems', suffix: 'segments.json' },
	{ format: 'turnItems', suffix: 'turns.json' },
	{ format: 'chunks', suffix: 'chunks.json' },
];

export interface GoldenCase {
	fixture: string;
	format: TranscriptFormat;
	options: RenderOptions;
	golden: string;
}

const TITLE = 'Weekly sync: Acme & Claap';

export const GOLDEN_CASES: GoldenCase[] = [
	...FIXTURES.flatMap((fixture) =>
		FORMATS.map(({ format, suffix }) => ({ fixture, format, options: { title: TITLE }, golden: `${fixture}.${suffix}` })),
	),
	// Options: merged speaker turns, and tight cue limits that force splits on word timings.
	{ fixture: 'basic', format: 'text', options: { mergeSpeakerSegments: true }, golden: 'basic.merged.text.txt' },
	{ fixture: 'basic', format: 'srt', options: { mergeSpeakerSegments: true }, golden: 'basic.merged.srt' },
	{
		fixture: 'basic',
		format: 'srt',
		options: { cueLimits: { maxChars: 20, maxSeconds: 2 } },
		golden: 'basic.short-cues.srt',
	},
	{
		fixture: 'unicode-rtl',
		format: 'vtt',
		options: { cueLimits: { maxChars: 16, maxSeconds: 3 } },
		golden: 'unicode-rtl.short-cues.vtt',
	},
	// Chunks small enough to cut: at segment boundaries, inside a long segment, with and without overlap.
	{
		fixture: 'basic',
		format: 'chunks',
		options: { title: TITLE, recordingId: 'rec_basic', chunkLimits: { maxChars: 120, overlapChars: 30 } },
		golden: 'basic.small-chunks.json',
	},
	{
		fixture: 'unicode-rtl',
		format: 'chunks',
		options: { title: TITLE, recordingId: 'rec_rtl', chunkLimits: { maxChars: 40, overlapChars: 0 } },
		golden: 'unicode-rtl.small-chunks.json',
	},
	{
		fixture: 'overlapping',
		format: 'chunks',
		options: { recordingId: 'rec_overlap', chunkLimits: { maxChars: 50, overlapChars: 20 } },
		golden: 'overlapping.small-chunks.json',
	},
];

export function loadTranscript(fixture: string): Transcript {
	const raw: unknown = JSON.parse(readFileSync(join(FIXTURES_DIR, `${fixture}.json`), 'utf8'));
	return TranscriptSchema.parse(raw);
}

/** What a golden file holds: documents as they are, JSON pretty-printed. */
export function serialise(rendered: RenderedTranscript): string {
	switch (rendered.kind) {
		case 'document':
			return rendered.content;
		case 'json':
			return `${JSON.stringify(rendered.value, null, '\t')}\n`;
		case 'items':
			return `${JSON.stringify(rendered.items, null, '\t')}\n`;
	}
}

export function renderCase(goldenCase: GoldenCase): string {
	return serialise(renderTranscript(loadTranscript(goldenCase.fixture), goldenCase.format, goldenCase.options));
}
