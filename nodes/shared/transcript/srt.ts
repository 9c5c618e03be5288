import type { Cue } from './cues';
import { cleanText } from './segments';
import { formatCueTimestamp } from './time';

/** SubRip: numbered blocks, comma before milliseconds, a blank line between blocks. */
export function renderSrt(cues: readonly Cue[]): string {
	// One string built as it goes: no array of blocks to join.
	let srt = '';
	cues.forEach((cue, index) => {
		if (index > 0) srt += '\n';
		srt += `${index + 1}\n${cueTiming(cue, ',')}\n${safeCueText(cue.text)}\n`;
	});
	return srt;
}

/** The timing line of SRT and WebVTT, which differ only in the milliseconds separator. */
export function cueTiming(cue: Cue, separator: ',' | '.'): string {
	return `${formatCueTimestamp(cue.startMs, separator)} --> ${formatCueTimestamp(cue.endMs, separator)}`;
}

/** An arrow in the text would read as a timing line; a blank line would end the block. */
export function safeCueText(text: string): string {
	// Cues from buildCues are one line with single spaces already: cleanText returns them as they are.
	const oneLine = cleanText(text);
	return oneLine.includes('-->') ? oneLine.replace(/-->/gu, '→') : oneLine;
}
