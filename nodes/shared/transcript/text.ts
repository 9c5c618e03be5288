import type { Segment } from '../schemas';
import { cleanText, mergeSpeakerTurns, speakerOf } from './segments';
import { formatClock } from './time';

const UNKNOWN_SPEAKER = 'Unknown speaker';

function speakerName(segment: Segment): string {
	return speakerOf(segment) ?? UNKNOWN_SPEAKER;
}

const spoken = (segments: readonly Segment[]) => segments.filter((segment) => cleanText(segment.text) !== '');

/** One line per segment, text only. */
export function renderPlainText(segments: readonly Segment[]): string {
	return spoken(segments)
		.map((segment) => `${cleanText(segment.text)}\n`)
		.join('');
}

/** One line per segment: `[HH:MM:SS] Speaker: text`. */
export function renderSpeakerText(segments: readonly Segment[]): string {
	return spoken(segments)
		.map((segment) => `[${formatClock(segment.startedAt)}] ${speakerName(segment)}: ${cleanText(segment.text)}\n`)
		.join('');
}

/** Characters Markdown would read as formatting. */
function escapeMarkdown(text: string): string {
	return text
		.replace(/[\\`*[\]<>]/gu, (char) => `\\${char}`)
		// An underscore inside a word (speaker_1) is never emphasis in CommonMark: leave it readable.
		.replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
		.replace(/^([#+-]|\d+\.)(?=\s)/u, '\\$1');
}

/** A heading with the title, then a paragraph per speaker turn under the speaker's name and time. */
export function renderMarkdown(segments: readonly Segment[], title?: string): string {
	const heading = title !== undefined && cleanText(title) !== '' ? `# ${escapeMarkdown(cleanText(title))}\n\n` : '';
	const turns = mergeSpeakerTurns(spoken(segments)).map(
		(turn) =>
			`**${escapeMarkdown(speakerName(turn))}** · ${formatClock(turn.startedAt)}\n\n${escapeMarkdown(cleanText(turn.text))}\n`,
	);
	return heading + turns.join('\n');
}
