import type { Segment } from '../schemas';
import { cleanText, groupSpeakerTurns, speakerOf } from './segments';
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

/**
 * A heading with the title, then a paragraph per speaker turn under the speaker's name and time.
 * Turns are joined here, not with mergeSpeakerTurns: that copies the turn's word arrays on every
 * join, which Markdown never reads.
 */
export function renderMarkdown(segments: readonly Segment[], title?: string): string {
	const heading = title !== undefined && cleanText(title) !== '' ? `# ${escapeMarkdown(cleanText(title))}\n\n` : '';
	const turns = groupSpeakerTurns(segments).map((turn) => {
		let startedAt = turn[0].startedAt;
		const texts: string[] = [];
		for (const segment of turn) {
			if (segment.startedAt < startedAt) startedAt = segment.startedAt;
			texts.push(cleanText(segment.text));
		}
		return `**${escapeMarkdown(speakerName(turn[0]))}** · ${formatClock(startedAt)}\n\n${escapeMarkdown(texts.join(' '))}\n`;
	});
	return heading + turns.join('\n');
}
