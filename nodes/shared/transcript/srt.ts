import type { Cue } from './cues';
import { formatCueTimestamp } from './time';

/** SubRip: numbered blocks, comma before milliseconds, a blank line between blocks. */
export function renderSrt(cues: readonly Cue[]): string {
	return cues
		.map(
			(cue, index) =>
				`${index + 1}\n${formatCueTimestamp(cue.startMs, ',')} --> ${formatCueTimestamp(cue.endMs, ',')}\n${safeCueText(cue.text)}\n`,
		)
		.join('\n');
}

/** An arrow in the text would read as a timing line; a blank line would end the block. */
export function safeCueText(text: string): string {
	// Cues from buildCues are one line with single spaces already: test before rewriting.
	const oneLine = /[^\S ]| {2}|^ | $/u.test(text) ? text.replace(/\s+/gu, ' ').trim() : text;
	return oneLine.includes('-->') ? oneLine.replace(/-->/gu, '→') : oneLine;
}
