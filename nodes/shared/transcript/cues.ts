import type { Segment } from '../schemas';
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

/** Cuts segments into cues that respect the limits, in start order as WebVTT requires. */
export function buildCues(segments: readonly Segment[], limits: CueLimits = DEFAULT_CUE_LIMITS): Cue[] {
	const maxChars = Math.max(1, Math.floor(limits.maxChars));
	const maxSeconds = Math.max(0.001, limits.maxSeconds);
	const cues: Cue[] = [];
	for (const segment of segments) {
		packIntoCues(splitLongTokens(timedTokens(segment), maxChars), maxChars, maxSeconds, speakerOf(segment), cues);
	}
	// Stable: overlapping segments keep their transcript order when they start together.
	return cues.sort((a, b) => a.startMs - b.startMs);
}

/**
 * The segment's text, word by word, with times. Claap's word timings are used when they line up
 * with the text (one timing per word of text). Otherwise the text still wins, since it is what
 * Claap shows, and the segment's time is shared out by character count.
 */
export function timedTokens(segment: Segment): TimedToken[] {
	const textTokens = cleanText(segment.text).split(' ').filter((token) => token !== '');
	// trim() drops the same white space as cleanText, without a regular expression per word.
	const words = (segment.words ?? []).filter((word) => word.word.trim() !== '');
	if (words.length > 0 && words.length === textTokens.length) {
		return words.map((word, index) => ({
			text: textTokens[index],
			startedAt: word.startedAt,
			endedAt: Math.max(word.startedAt, word.endedAt),
		}));
	}
	return shareTime(textTokens, segment.startedAt, Math.max(segment.startedAt, segment.endedAt));
}

function shareTime(tokens: string[], startedAt: number, endedAt: number): TimedToken[] {
	const weights = tokens.map((token) => codePointLength(token) + 1);
	const total = weights.reduce((sum, weight) => sum + weight, 0);
	const span = endedAt - startedAt;
	let elapsed = 0;
	return tokens.map((text, index) => {
		const tokenStart = startedAt + (span * elapsed) / total;
		elapsed += weights[index];
		return { text, startedAt: tokenStart, endedAt: startedAt + (span * elapsed) / total };
	});
}

/** Cuts a token longer than a cue (unspaced scripts, URLs) by code points, sharing its time. */
function splitLongTokens(tokens: TimedToken[], maxChars: number): TimedToken[] {
	const result: TimedToken[] = [];
	for (const token of tokens) {
		// A string is never shorter in code points than in UTF-16 units: most words stop here.
		if (token.text.length <= maxChars || codePointLength(token.text) <= maxChars) {
			result.push(token);
			continue;
		}
		const chars = Array.from(token.text);
		const pieces: string[] = [];
		for (let start = 0; start < chars.length; start += maxChars) {
			pieces.push(chars.slice(start, start + maxChars).join(''));
		}
		// Only the last piece is short enough to share a cue, and only with the next word.
		result.push(...shareTime(pieces, token.startedAt, token.endedAt));
	}
	return result;
}

/** Fills cues token by token: a cue ends when the next token would break a limit. */
function packIntoCues(
	tokens: TimedToken[],
	maxChars: number,
	maxSeconds: number,
	speaker: string | undefined,
	cues: Cue[],
): void {
	let texts: string[] = [];
	let length = 0;
	let firstStart = 0;
	let startedAt = Infinity;
	let endedAt = -Infinity;
	const flush = () => {
		const startMs = toMilliseconds(startedAt);
		const cue: Cue = { startMs, endMs: Math.max(startMs + 1, toMilliseconds(endedAt)), text: texts.join(' ') };
		if (speaker !== undefined) cue.speaker = speaker;
		cues.push(cue);
		texts = [];
		length = 0;
		startedAt = Infinity;
		endedAt = -Infinity;
	};
	for (const token of tokens) {
		const tokenLength = codePointLength(token.text);
		const fits =
			texts.length === 0 || (length + 1 + tokenLength <= maxChars && token.endedAt - firstStart <= maxSeconds);
		if (!fits) flush();
		if (texts.length === 0) firstStart = token.startedAt;
		length += (texts.length > 0 ? 1 : 0) + tokenLength;
		texts.push(token.text);
		startedAt = Math.min(startedAt, token.startedAt);
		endedAt = Math.max(endedAt, token.endedAt);
	}
	if (texts.length > 0) flush();
}
