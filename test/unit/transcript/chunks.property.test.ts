import fc from 'fast-check';

import type { Segment } from '../../../nodes/shared/schemas';
import {
	chunkTranscript,
	cleanText,
	codePointLength,
	formatClock,
	type TranscriptChunk,
} from '../../../nodes/shared/transcript';

const transcriptWords = (segments: readonly Segment[]) =>
	segments.flatMap((segment) => cleanText(segment.text).split(' ').filter((word) => word !== ''));
const chunkWords = (chunk: TranscriptChunk) => chunk.text.split(/[ \n]/u);
const length = (words: readonly string[]) => codePointLength(words.join(' '));

/**
 * Whether the chunks read as the transcript: each chunk may repeat, first, whole words from the
 * end of the previous chunk (at most `overlapChars`), then goes on exactly where the transcript
 * is. Tried for every possible repeat length, since words may repeat in a transcript.
 */
function readsAsTranscript(chunks: TranscriptChunk[], words: string[], overlapChars: number): boolean {
	let positions = new Set([0]);
	chunks.forEach((chunk, index) => {
		const current = chunkWords(chunk);
		const previous = index > 0 ? chunkWords(chunks[index - 1]) : [];
		const next = new Set<number>();
		for (let carried = 0; carried < current.length && carried <= previous.length; carried++) {
			const head = current.slice(0, carried);
			if (carried > 0 && (length(head) > overlapChars || head.join(' ') !== previous.slice(-carried).join(' '))) {
				continue;
			}
			const fresh = current.slice(carried);
			for (const position of positions) {
				if (fresh.every((word, offset) => words[position + offset] === word)) next.add(position + fresh.length);
			}
		}
		positions = next;
	});
	return positions.has(words.length);
}

const time = fc.double({ min: -5, max: 20_000, noNaN: true, noDefaultInfinity: true });
const word = fc.oneof(
	fc.stringMatching(/^[a-z]{1,12}$/u),
	fc.constantFrom('a', 'the', 'مرحبا', '今日は新しい機能のデモを行います。', 'https://example.com/a/very/long/link', '👍🏽'),
);
const segment: fc.Arbitrary<Segment> = fc.record(
	{
		startedAt: time,
		endedAt: time,
		text: fc
			.tuple(fc.array(word, { maxLength: 40 }), fc.constantFrom(' ', '  ', '\n'))
			.map(([words, separator]) => words.join(separator)),
		speaker: fc.constantFrom('speaker_1', 'speaker_2', ' ', 'Ana'),
	},
	{ requiredKeys: ['startedAt', 'endedAt', 'text'] },
);
const limits = fc
	.record({ maxChars: fc.integer({ min: 1, max: 300 }), overlap: fc.double({ min: 0, max: 0.9, noNaN: true }) })
	.map(({ maxChars, overlap }) => ({ maxChars, overlapChars: Math.floor(maxChars * overlap) }));
const source = { recordingId: 'rec_1', title: 'A call' };

describe('chunkTranscript properties', () => {
	it('every word of the transcript appears, in order, with only whole-word overlap repeated', () => {
		fc.assert(
			fc.property(fc.array(segment, { maxLength: 25 }), limits, (segments, chunkLimits) => {
				const chunks = chunkTranscript(segments, source, chunkLimits);
				expect(readsAsTranscript(chunks, transcriptWords(segments), chunkLimits.overlapChars)).toBe(true);
			}),
			{ numRuns: 300 },
		);
	});

	it('without overlap, the chunks are the transcript words exactly', () => {
		fc.assert(
			fc.property(fc.array(segment, { maxLength: 25 }), fc.integer({ min: 1, max: 300 }), (segments, maxChars) => {
				const chunks = chunkTranscript(segments, source, { maxChars, overlapChars: 0 });
				expect(chunks.flatMap(chunkWords)).toEqual(transcriptWords(segments));
			}),
			{ numRuns: 300 },
		);
	});

	it('no chunk exceeds the limit, except a single word longer than the limit, alone', () => {
		fc.assert(
			fc.property(fc.array(segment, { maxLength: 25 }), limits, (segments, chunkLimits) => {
				for (const chunk of chunkTranscript(segments, source, chunkLimits)) {
					const size = codePointLength(chunk.text);
					if (size > chunkLimits.maxChars) expect(chunkWords(chunk)).toHaveLength(1);
					expect(chunk.text).not.toBe('');
				}
			}),
			{ numRuns: 300 },
		);
	});

	it('times are monotonic, numbered 0..n-1, with HH:MM:SS matching the seconds', () => {
		fc.assert(
			fc.property(fc.array(segment, { maxLength: 25 }), limits, (segments, chunkLimits) => {
				const chunks = chunkTranscript(segments, source, chunkLimits);
				chunks.forEach((chunk, index) => {
					expect(chunk.chunkIndex).toBe(index);
					expect(chunk.chunkCount).toBe(chunks.length);
					expect(chunk.endedAt).toBeGreaterThanOrEqual(chunk.startedAt);
					if (index > 0) expect(chunk.startedAt).toBeGreaterThanOrEqual(chunks[index - 1].startedAt);
					expect(chunk.startTime).toBe(formatClock(chunk.startedAt));
					expect(chunk.endTime).toBe(formatClock(chunk.endedAt));
					expect(chunk).toMatchObject(source);
				});
			}),
			{ numRuns: 300 },
		);
	});

	it('a segment that fits in a chunk is never cut, when there is no overlap', () => {
		fc.assert(
			fc.property(fc.array(segment, { maxLength: 25 }), fc.integer({ min: 40, max: 300 }), (segments, maxChars) => {
				const fitting = segments.filter((candidate) => codePointLength(cleanText(candidate.text)) <= maxChars);
				const lines = chunkTranscript(fitting, source, { maxChars, overlapChars: 0 }).flatMap((chunk) =>
					chunk.text.split('\n'),
				);
				expect(lines).toEqual(fitting.map((kept) => cleanText(kept.text)).filter((text) => text !== ''));
			}),
			{ numRuns: 300 },
		);
	});

	it('lists the speakers of a chunk in order of first appearance, known speakers only', () => {
		fc.assert(
			fc.property(fc.array(segment, { maxLength: 25 }), (segments) => {
				// One chunk holds everything: its speakers are the transcript's.
				const [chunk] = chunkTranscript(segments, source, { maxChars: 1_000_000, overlapChars: 0 });
				const spoken = segments.filter((kept) => cleanText(kept.text) !== '');
				const expected = [...new Set(spoken.map((kept) => (kept.speaker ?? '').trim()).filter((name) => name !== ''))];
				expect(chunk?.speakers ?? []).toEqual(expected);
			}),
			{ numRuns: 200 },
		);
	});
});

describe('chunkTranscript edge cases', () => {
	const at = (startedAt: number, text: string, speaker?: string): Segment => ({
		startedAt,
		endedAt: startedAt + 2,
		text,
		...(speaker !== undefined ? { speaker } : {}),
	});

	it('keeps a word longer than the limit whole, in a chunk of its own', () => {
		const link = 'https://claap.io/a-very-long-link-to-a-recording';
		const chunks = chunkTranscript([at(0, `see ${link} now`)], source, { maxChars: 10, overlapChars: 0 });
		expect(chunks.map((chunk) => chunk.text)).toEqual(['see', link, 'now']);
	});

	it('gives up the overlap rather than the limit when the next word needs the room', () => {
		const chunks = chunkTranscript([at(0, 'aaaa bbbb cccccccc')], source, { maxChars: 10, overlapChars: 4 });
		expect(chunks.map((chunk) => chunk.text)).toEqual(['aaaa bbbb', 'cccccccc']);
	});

	it('repeats whole words of the previous chunk as overlap', () => {
		const chunks = chunkTranscript([at(0, 'one two three four five six')], source, { maxChars: 14, overlapChars: 9 });
		expect(chunks.map((chunk) => chunk.text)).toEqual(['one two three', 'two three four', 'four five six']);
	});

	it('returns no chunk for a transcript with no words', () => {
		expect(chunkTranscript([at(0, '  '), at(3, '')], source)).toEqual([]);
	});

	it.each([
		[{ maxChars: 0 }, /at least 1/u],
		[{ maxChars: 100, overlapChars: 100 }, /less than the max characters/u],
		[{ overlapChars: -1 }, /at least 0/u],
		[{ maxChars: Number.NaN }, /at least 1/u],
	])('refuses limits %j', (chunkLimits, message) => {
		expect(() => chunkTranscript([at(0, 'hello')], source, chunkLimits)).toThrow(message);
	});
});
