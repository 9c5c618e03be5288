import type { Segment } from '../schemas';
import { timedTokens } from './cues';
import { codePointLength, speakerOf } from './segments';
import { formatClock, toMilliseconds } from './time';

/**
 * A transcript cut for retrieval (RAG): `text` is what gets embedded, every other field is flat
 * metadata, so n8n's Default Data Loader and vector stores take an item as it is.
 */
export interface TranscriptChunk {
	text: string;
	recordingId: string | null;
	title: string | null;
	/** Speaker ids in order of first appearance; segments without a speaker add none. */
	speakers: string[];
	/** Seconds from the start of the recording. */
	startedAt: number;
	endedAt: number;
	/** The same times as `HH:MM:SS`, for people and for prompts. */
	startTime: string;
	endTime: string;
	/** From 0. */
	chunkIndex: number;
	chunkCount: number;
}

export interface ChunkLimits {
	/** Most characters (code points) in one chunk's text. */
	maxChars: number;
	/** Characters at most that a chunk repeats from the end of the previous one (whole words). */
	overlapChars: number;
}

/**
 * About 170 words: a paragraph-sized passage, far below any embedding model's input limit, and
 * no longer than what n8n's Default Data Loader keeps whole in its default Simple text
 * splitting (1,000 characters), so a chunk reaches the vector store as one document.
 */
export const DEFAULT_CHUNK_LIMITS: ChunkLimits = { maxChars: 1000, overlapChars: 150 };

export interface ChunkSource {
	recordingId: string | null;
	title: string | null;
}

interface ChunkWord {
	text: string;
	length: number;
	segment: number;
	speaker?: string;
	startedAt: number;
	endedAt: number;
}

/** The limits as whole numbers, or a RangeError saying what is wrong. */
export function checkChunkLimits(limits: Partial<ChunkLimits> = {}): ChunkLimits {
	const maxChars = Math.floor(limits.maxChars ?? DEFAULT_CHUNK_LIMITS.maxChars);
	const overlapChars = Math.floor(limits.overlapChars ?? DEFAULT_CHUNK_LIMITS.overlapChars);
	if (!(maxChars >= 1)) throw new RangeError(`Max characters per chunk must be at least 1 (got ${limits.maxChars})`);
	if (!(overlapChars >= 0 && overlapChars < maxChars)) {
		throw new RangeError(
			`Overlap must be at least 0 and less than the max characters per chunk (${maxChars}), got ${limits.overlapChars}`,
		);
	}
	return { maxChars, overlapChars };
}

/** Characters of the words once joined by one separator each. */
function joinedLength(words: readonly ChunkWord[]): number {
	return words.reduce((sum, word) => sum + word.length, Math.max(0, words.length - 1));
}

/** The longest run of whole words at the end of a chunk that fits in the overlap. */
function overlapTail(words: readonly ChunkWord[], overlapChars: number): ChunkWord[] {
	let length = -1;
	let start = words.length;
	while (start > 0 && length + 1 + words[start - 1].length <= overlapChars) {
		length += 1 + words[start - 1].length;
		start--;
	}
	return words.slice(start);
}

/**
 * Greedy packing. A chunk ends at a segment boundary whenever the next segment does not fit in
 * it; a segment longer than a chunk is cut between words. A chunk never ends inside a word: a
 * single word longer than `maxChars` (a URL, unspaced text) gets a chunk of its own, the only
 * case where a chunk is longer than `maxChars`. Every chunk has at least one word the previous
 * one did not, so the loop always ends.
 */
function packWords(segments: readonly Segment[], { maxChars, overlapChars }: ChunkLimits): ChunkWord[][] {
	const chunks: ChunkWord[][] = [];
	let current: ChunkWord[] = [];
	let length = 0;
	let fresh = 0;
	const fits = (extra: number) => length + (current.length > 0 ? 1 : 0) + extra <= maxChars;
	const close = () => {
		chunks.push(current);
		current = overlapTail(current, overlapChars);
		length = joinedLength(current);
		fresh = 0;
	};
	segments.forEach((segment, index) => {
		const speaker = speakerOf(segment);
		const words = timedTokens(segment).map((token) => ({
			text: token.text,
			length: codePointLength(token.text),
			segment: index,
			speaker,
			startedAt: token.startedAt,
			endedAt: token.endedAt,
		}));
		if (words.length === 0) return;
		if (fresh > 0 && !fits(joinedLength(words))) close();
		for (const word of words) {
			if (!fits(word.length) && fresh > 0) close();
			// Overlap gives way to new words: drop carried words until this one fits.
			while (current.length > 0 && fresh === 0 && !fits(word.length)) {
				length -= current.shift()!.length + (current.length > 0 ? 1 : 0);
			}
			length += (current.length > 0 ? 1 : 0) + word.length;
			current.push(word);
			fresh++;
		}
	});
	if (fresh > 0) chunks.push(current);
	return chunks;
}

/** Words of one segment joined by a space; a new segment starts on a new line. */
function chunkText(words: readonly ChunkWord[]): string {
	let text = '';
	words.forEach((word, index) => {
		if (index > 0) text += word.segment === words[index - 1].segment ? ' ' : '\n';
		text += word.text;
	});
	return text;
}

/**
 * Cuts a transcript into chunks of at most `maxChars` characters, in transcript order. Times come
 * from Claap's word timings where they line up with the text (else shared out over the segment).
 * A chunk's start never goes back before the previous chunk's start, even when Claap's segments
 * overlap, so chunks sort by time as they sort by index.
 */
export function chunkTranscript(
	segments: readonly Segment[],
	source: ChunkSource,
	limits: Partial<ChunkLimits> = {},
): TranscriptChunk[] {
	const packed = packWords(segments, checkChunkLimits(limits));
	let previousStart = 0;
	return packed.map((words, chunkIndex) => {
		const earliest = words.reduce((min, word) => Math.min(min, word.startedAt), Infinity);
		const startedAt = Math.max(previousStart, earliest);
		const endedAt = words.reduce((max, word) => Math.max(max, word.endedAt), startedAt);
		previousStart = startedAt;
		// Milliseconds are all the precision word timings carry; shared-out times would show 15 digits.
		const [start, end] = [toMilliseconds(startedAt) / 1000, toMilliseconds(endedAt) / 1000];
		const speakers = [...new Set(words.flatMap((word) => (word.speaker === undefined ? [] : [word.speaker])))];
		return {
			text: chunkText(words),
			recordingId: source.recordingId,
			title: source.title,
			speakers,
			startedAt: start,
			endedAt: end,
			startTime: formatClock(start),
			endTime: formatClock(end),
			chunkIndex,
			chunkCount: packed.length,
		};
	});
}
