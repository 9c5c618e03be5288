import type { Segment, Word } from '../schemas';
import { cleanText, codePointLength, speakerOf } from './segments';
import { toMilliseconds } from './time';

/** One subtitle: times in whole milliseconds, `endMs` always after `startMs`. */
export interface Cue {
	startMs: number;
	endMs: number;
	text: string;
	speaker?: string;
}

export interface CueLimits {
	/** Most characters on one cue (a single longer word is cut). */
	maxChars: number;
	/** Most seconds one cue stays on screen (a single longer word keeps its own length). */
	maxSeconds: number;
}

export const DEFAULT_CUE_LIMITS: CueLimits = { maxChars: 84, maxSeconds: 7 };

export interface TimedToken {
	text: string;
	startedAt: number;
	endedAt: number;
}

/** A stretch of a recording in seconds. Claap's words are spans; an end may come before its start. */
interface Span {
	startedAt: number;
	endedAt: number;
}

/** A segment's words: `texts[i]` is said during `times[i]`. Claap's own word objects serve as times. */
interface Tokens {
	texts: string[];
	times: readonly Span[];
}

/** Cuts segments into cues that respect the limits, in start order as WebVTT requires. */
export function buildCues(segments: readonly Segment[], limits: CueLimits = DEFAULT_CUE_LIMITS): Cue[] {
	const maxChars = Math.max(1, Math.floor(limits.maxChars));
	const maxSeconds = Math.max(0.001, limits.maxSeconds);
	const cues: Cue[] = [];
	for (const segment of segments) {
		packIntoCues(splitLongTokens(segmentTokens(segment), maxChars), maxChars, maxSeconds, speakerOf(segment), cues);
	}
	// Stable: overlapping segments keep their transcript order when they start together.
	return isInStartOrder(cues) ? cues : cues.sort((a, b) => a.startMs - b.startMs);
}

/** Segments mostly come in order: one pass is cheaper than a sort that finds nothing to do. */
function isInStartOrder(cues: readonly Cue[]): boolean {
	for (let index = 1; index < cues.length; index++) {
		if (cues[index].startMs < cues[index - 1].startMs) return false;
	}
	return true;
}

/**
 * The segment's text, word by word, with times. Claap's word timings are used when they line up
 * with the text (one timing per word of text). Otherwise the text still wins, since it is what
 * Claap shows, and the segment's time is shared out by character count.
 */
export function timedTokens(segment: Segment): TimedToken[] {
	const { texts, times } = segmentTokens(segment);
	return texts.map((text, index) => ({ text, startedAt: times[index].startedAt, endedAt: endOf(times[index]) }));
}

function segmentTokens(segment: Segment): Tokens {
	const cleaned = cleanText(segment.text);
	// Clean text has single spaces between words and none around: no empty token but for ''.
	const texts = cleaned === '' ? [] : cleaned.split(' ');
	const words = segment.words ?? [];
	// Claap's word objects are used as they are unless some are blank.
	const spoken = words.every(isSpoken) ? words : words.filter(isSpoken);
	if (spoken.length > 0 && spoken.length === texts.length) return { texts, times: spoken };
	return { texts, times: shareTime(texts, segment.startedAt, Math.max(segment.startedAt, segment.endedAt)) };
}

// trim() drops the same white space as cleanText, without a regular expression per word.
const isSpoken = (word: Word) => word.word.trim() !== '';

/** A word's end, never before its start. */
const endOf = (span: Span) => Math.max(span.startedAt, span.endedAt);

function shareTime(texts: readonly string[], startedAt: number, endedAt: number): Span[] {
	const weights = texts.map((text) => codePointLength(text) + 1);
	const total = weights.reduce((sum, weight) => sum + weight, 0);
	const span = endedAt - startedAt;
	let elapsed = 0;
	return weights.map((weight) => {
		const tokenStart = startedAt + (span * elapsed) / total;
		elapsed += weight;
		return { startedAt: tokenStart, endedAt: startedAt + (span * elapsed) / total };
	});
}

/** Cuts a token longer than a cue (unspaced scripts, URLs) by code points, sharing its time. */
function splitLongTokens(tokens: Tokens, maxChars: number): Tokens {
	// A string is never shorter in code points than in UTF-16 units: most words stop at length.
	const isLong = (text: string) => text.length > maxChars && codePointLength(text) > maxChars;
	if (!tokens.texts.some(isLong)) return tokens;
	const texts: string[] = [];
	const times: Span[] = [];
	tokens.texts.forEach((text, index) => {
		const time = tokens.times[index];
		if (!isLong(text)) {
			texts.push(text);
			times.push(time);
			return;
		}
		const chars = Array.from(text);
		const pieces: string[] = [];
		for (let start = 0; start < chars.length; start += maxChars) {
			pieces.push(chars.slice(start, start + maxChars).join(''));
		}
		// Only the last piece is short enough to share a cue, and only with the next word.
		texts.push(...pieces);
		times.push(...shareTime(pieces, time.startedAt, endOf(time)));
	});
	return { texts, times };
}

/** Fills cues token by token: a cue ends when the next token would break a limit. */
function packIntoCues(
	{ texts, times }: Tokens,
	maxChars: number,
	maxSeconds: number,
	speaker: string | undefined,
	cues: Cue[],
): void {
	// The cue being filled: its words joined by single spaces, and their earliest start and latest end.
	let text = '';
	let length = 0;
	let firstStart = 0;
	let startedAt = Infinity;
	let endedAt = -Infinity;
	const flush = () => {
		const startMs = toMilliseconds(startedAt);
		const cue: Cue = { startMs, endMs: Math.max(startMs + 1, toMilliseconds(endedAt)), text };
		if (speaker !== undefined) cue.speaker = speaker;
		cues.push(cue);
		text = '';
		length = 0;
		startedAt = Infinity;
		endedAt = -Infinity;
	};
	texts.forEach((token, index) => {
		const tokenStart = times[index].startedAt;
		const tokenEnd = endOf(times[index]);
		const tokenLength = codePointLength(token);
		const fits = length === 0 || (length + 1 + tokenLength <= maxChars && tokenEnd - firstStart <= maxSeconds);
		if (!fits) flush();
		if (length === 0) {
			firstStart = tokenStart;
			text = token;
			length = tokenLength;
		} else {
			text += ` ${token}`;
			length += 1 + tokenLength;
		}
		startedAt = Math.min(startedAt, tokenStart);
		endedAt = Math.max(endedAt, tokenEnd);
	});
	if (length > 0) flush();
}
