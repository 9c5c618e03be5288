import type { Segment, Word } from '../schemas';

/** Segment text on one line: transcripts sometimes carry line breaks and runs of spaces. */
export function cleanText(text: string): string {
	return isOneLine(text) ? text : text.replace(/\s+/gu, ' ').trim();
}

/**
 * True when `text` has no white space but single spaces between words, so cleaning it would
 * change nothing. Most segment texts are like this: one pass over the characters, no regex.
 */
export function isOneLine(text: string): boolean {
	const last = text.length - 1;
	for (let index = 0; index <= last; index++) {
		const code = text.charCodeAt(index);
		// Printable ASCII past the space is the common case; anything else is looked at closer.
		if (code > 0x20 && code < 0x7f) continue;
		if (code === 0x20) {
			if (index === 0 || index === last || text.charCodeAt(index + 1) === 0x20) return false;
		} else if (isWhiteSpace(code)) {
			return false;
		}
	}
	return true;
}

/** The characters `\s` matches in JavaScript regular expressions, but for the plain space. */
function isWhiteSpace(code: number): boolean {
	return (
		(code >= 0x09 && code <= 0x0d) ||
		code === 0xa0 ||
		code === 0x1680 ||
		(code >= 0x2000 && code <= 0x200a) ||
		code === 0x2028 ||
		code === 0x2029 ||
		code === 0x202f ||
		code === 0x205f ||
		code === 0x3000 ||
		code === 0xfeff
	);
}

/** Length in code points, as `Array.from(text).length` counts it, without building the array. */
export function codePointLength(text: string): number {
	let length = text.length;
	for (let index = 0; index < text.length - 1; index++) {
		const code = text.charCodeAt(index);
		const next = text.charCodeAt(index + 1);
		if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
			length--;
			index++;
		}
	}
	return length;
}

/** The segment's speaker id, or undefined when Claap sent none or a blank one. */
export function speakerOf(segment: Segment): string | undefined {
	const speaker = cleanText(segment.speaker ?? '');
	return speaker === '' ? undefined : speaker;
}

/**
 * Groups consecutive segments of one speaker into one. Segments without a speaker are never
 * joined: an unknown speaker is not known to be the same person twice.
 */
export function groupSpeakerTurns(segments: readonly Segment[]): Segment[][] {
	const turns: Segment[][] = [];
	// A segment with no text is a pause, not speech: it neither joins nor splits a turn.
	for (const segment of segments.filter((candidate) => cleanText(candidate.text) !== '')) {
		const turn = turns[turns.length - 1];
		const speaker = speakerOf(segment);
		if (turn !== undefined && speaker !== undefined && speakerOf(turn[0]) === speaker) {
			turn.push(segment);
		} else {
			turns.push([segment]);
		}
	}
	return turns;
}

/** Each speaker turn as one segment: first start, last end, texts and words joined. */
export function mergeSpeakerTurns(segments: readonly Segment[]): Segment[] {
	return groupSpeakerTurns(segments).map((turn) => turn.reduce(joinSegments));
}

function joinSegments(first: Segment, next: Segment): Segment {
	const words: Word[] | undefined =
		first.words !== undefined && next.words !== undefined ? [...first.words, ...next.words] : undefined;
	const text = [cleanText(first.text), cleanText(next.text)].filter((part) => part !== '').join(' ');
	const joined: Segment = {
		...first,
		startedAt: Math.min(first.startedAt, next.startedAt),
		endedAt: Math.max(first.endedAt, next.endedAt),
		text,
	};
	if (words === undefined) delete joined.words;
	else joined.words = words;
	return joined;
}
