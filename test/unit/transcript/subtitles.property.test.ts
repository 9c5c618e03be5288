import fc from 'fast-check';

import { TranscriptSchema, type Segment } from '../../../nodes/shared/schemas';
import { buildCues, renderSrt, renderVtt } from '../../../nodes/shared/transcript';

const TIMING = /^(\d{2,}):(\d{2}):(\d{2})[.,](\d{3}) --> (\d{2,}):(\d{2}):(\d{2})[.,](\d{3})$/u;

function toMs(match: RegExpMatchArray, from: number): number {
	const [h, m, s, ms] = match.slice(from, from + 4).map(Number);
	return ((h * 60 + m) * 60 + s) * 1000 + ms;
}

/** Checks one cue block's timing and text lines; returns its start. */
function checkCue(lines: string[], separator: ',' | '.'): number {
	const match = TIMING.exec(lines[0]);
	if (match === null) throw new Error(`bad timing line: ${JSON.stringify(lines[0])}`);
	if (!lines[0].includes(separator)) throw new Error(`wrong millisecond separator: ${lines[0]}`);
	const [start, end] = [toMs(match, 1), toMs(match, 5)];
	expect(Number(match[3])).toBeLessThan(60);
	expect(Number(match[7])).toBeLessThan(60);
	expect(end).toBeGreaterThan(start);
	const text = lines.slice(1);
	expect(text.length).toBeGreaterThan(0);
	for (const line of text) {
		expect(line.trim()).not.toBe('');
		expect(line).not.toContain('-->');
	}
	return start;
}

/** A strict reader of SubRip: numbered from 1, one timing line, text, blank line between blocks. */
function assertWellFormedSrt(srt: string, cueCount: number): void {
	if (cueCount === 0) return expect(srt).toBe('');
	expect(srt.endsWith('\n')).toBe(true);
	const blocks = srt.slice(0, -1).split('\n\n');
	expect(blocks).toHaveLength(cueCount);
	let previousStart = -1;
	blocks.forEach((block, index) => {
		const lines = block.split('\n');
		expect(lines[0]).toBe(String(index + 1));
		const start = checkCue(lines.slice(1), ',');
		expect(start).toBeGreaterThanOrEqual(previousStart);
		previousStart = start;
	});
}

/** A strict reader of WebVTT: header, cues in start order, escaped text, balanced voice spans. */
function assertWellFormedVtt(vtt: string, cueCount: number): void {
	expect(vtt.startsWith('WEBVTT\n')).toBe(true);
	expect(vtt.endsWith('\n')).toBe(true);
	const blocks = vtt.slice(0, -1).split('\n\n').slice(1);
	expect(blocks).toHaveLength(cueCount);
	let previousStart = -1;
	for (const block of blocks) {
		const lines = block.split('\n');
		const start = checkCue(lines, '.');
		expect(start).toBeGreaterThanOrEqual(previousStart);
		previousStart = start;
		for (const line of lines.slice(1)) {
			const inner = line.replace(/^<v [^<>\n]+>(.*)<\/v>$/u, '$1');
			expect(inner).not.toMatch(/[<>]/u);
			expect(inner).not.toMatch(/&(?!amp;|lt;|gt;)/u);
		}
	}
}

const time = fc.double({ min: -5, max: 400_000, noNaN: true, noDefaultInfinity: true });
const text = fc.oneof(
	fc.string({ unit: 'grapheme', maxLength: 120 }),
	fc.constantFrom('-->', 'a --> b', '\n\n', ' ', '<b>&amp;</b>', 'مرحبا بكم', '今日は新しい機能のデモを行います。'),
);
const word = fc.record({ startedAt: time, endedAt: time, word: text });
const segment: fc.Arbitrary<Segment> = fc.record(
	{
		startedAt: time,
		endedAt: time,
		text,
		speaker: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('speaker_1', 'a <b> & c', '')),
		words: fc.array(word, { maxLength: 8 }),
	},
	{ requiredKeys: ['startedAt', 'endedAt', 'text'] },
);
const limits = fc.record({
	maxChars: fc.integer({ min: 1, max: 120 }),
	maxSeconds: fc.double({ min: 0.001, max: 30, noNaN: true }),
});

describe('SRT and WebVTT output', () => {
	it('is well-formed for any valid transcript and any cue limits', () => {
		fc.assert(
			fc.property(fc.array(segment, { maxLength: 12 }), limits, (segments, cueLimits) => {
				const transcript = TranscriptSchema.parse({ segments });
				const cues = buildCues(transcript.segments, cueLimits);
				assertWellFormedSrt(renderSrt(cues), cues.length);
				assertWellFormedVtt(renderVtt(cues), cues.length);
				for (const cue of cues) expect(Array.from(cue.text).length).toBeLessThanOrEqual(cueLimits.maxChars);
			}),
			{ numRuns: 300 },
		);
	});

	it('loses no character of the transcript', () => {
		const letters = (value: string) => Array.from(value.replace(/\s/gu, '')).sort().join('');
		fc.assert(
			fc.property(fc.array(segment, { maxLength: 6 }), limits, (segments, cueLimits) => {
				const transcript = TranscriptSchema.parse({ segments });
				const cues = buildCues(transcript.segments, cueLimits);
				// Cues are sorted by start, so compare what they hold, not its order.
				expect(letters(cues.map((cue) => cue.text).join(''))).toBe(
					letters(transcript.segments.map((one) => one.text).join('')),
				);
			}),
			{ numRuns: 200 },
		);
	});
});

describe('WebVTT voice tags', () => {
	// Found by the property above (seed 377285245): a speaker named "--" closed its tag as "-->".
	it.each(['--', 'a-', 'speaker_1 -'])('never form the cue separator for speaker %p', (speaker) => {
		const cues = buildCues([{ startedAt: 0, endedAt: 1, text: 'Hi', speaker }], { maxChars: 80, maxSeconds: 7 });
		const body = renderVtt(cues).split('\n').slice(3).join('\n');
		expect(body).not.toContain('-->');
		expect(body).toContain('<v ');
	});
});
