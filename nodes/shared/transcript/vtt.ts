import type { Cue } from './cues';
import { cueTiming, safeCueText } from './srt';

const VTT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** WebVTT text is HTML-like: `&`, `<` and `>` must be escaped. Most cue text has none of them. */
function escapeVtt(text: string): string {
	return /[&<>]/u.test(text) ? text.replace(/[&<>]/gu, (char) => VTT_ESCAPES[char]) : text;
}

/** A speaker name ending in `-` would close its voice tag as `-->`, which ends a cue in WebVTT. */
function voiceName(speaker: string): string {
	const name = escapeVtt(safeCueText(speaker));
	return name.endsWith('-') ? `${name} ` : name;
}

/** WebVTT with the speaker as a voice span (`<v Speaker>`), which players can style or show. */
export function renderVtt(cues: readonly Cue[]): string {
	// One string built as it goes: the header, then a blank line before every cue.
	let vtt = 'WEBVTT\n';
	for (const cue of cues) {
		const text = escapeVtt(safeCueText(cue.text));
		const voiced = cue.speaker === undefined ? text : `<v ${voiceName(cue.speaker)}>${text}</v>`;
		vtt += `\n${cueTiming(cue, '.')}\n${voiced}\n`;
	}
	return vtt;
}
