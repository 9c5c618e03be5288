import type { Cue } from './cues';
import { safeCueText } from './srt';
import { formatCueTimestamp } from './time';

/** WebVTT text is HTML-like: `&`, `<` and `>` must be escaped. */
function escapeVtt(text: string): string {
	return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

/** A speaker name ending in `-` would close its voice tag as `-->`, which ends a cue in WebVTT. */
function voiceName(speaker: string): string {
	const name = escapeVtt(safeCueText(speaker));
	return name.endsWith('-') ? `${name} ` : name;
}

/** WebVTT with the speaker as a voice span (`<v Speaker>`), which players can style or show. */
export function renderVtt(cues: readonly Cue[]): string {
	const blocks = cues.map((cue) => {
		const text = escapeVtt(safeCueText(cue.text));
		const voiced = cue.speaker === undefined ? text : `<v ${voiceName(cue.speaker)}>${text}</v>`;
		return `${formatCueTimestamp(cue.startMs, '.')} --> ${formatCueTimestamp(cue.endMs, '.')}\n${voiced}\n`;
	});
	return ['WEBVTT\n', ...blocks].join('\n');
}
