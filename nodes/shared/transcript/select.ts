import type { TranscriptLink } from '../schemas';

/** Which of a recording's transcripts to read. */
export type LanguageChoice =
	| { kind: 'active' }
	| { kind: 'native' }
	| { kind: 'code'; code: string };

/**
 * The Language parameter's value as a choice: `active`, `native`, or a language code itself (an
 * AI agent filling the field with `$fromAI()` gives the code directly). Undefined otherwise.
 */
export function languageChoiceOf(value: string): LanguageChoice | undefined {
	const wanted = value.trim().toLowerCase();
	if (wanted === 'active' || wanted === 'native') return { kind: wanted };
	return /^[a-z]{2,3}$/u.test(wanted) ? { kind: 'code', code: wanted } : undefined;
}

export type TranscriptSelection =
	| { found: true; link: TranscriptLink }
	| { found: false; reason: string; available: string[] };

/** `en (native, active)`: how a transcript is named in messages. */
export function describeTranscriptLink(link: TranscriptLink): string {
	const flags = [link.isTranscript === true ? 'native' : '', link.isActive === true ? 'active' : ''].filter(
		(flag) => flag !== '',
	);
	const language = link.langIso2 ?? 'unknown language';
	return flags.length > 0 ? `${language} (${flags.join(', ')})` : language;
}

/**
 * Picks a transcript. `active` falls back to the native transcript, then to a lone transcript,
 * because older payloads do not always flag the active one.
 */
export function selectTranscript(links: readonly TranscriptLink[], choice: LanguageChoice): TranscriptSelection {
	const available = links.map(describeTranscriptLink);
	const lone = links.length === 1 ? links[0] : undefined;
	const native = links.find((link) => link.isTranscript === true);
	let link: TranscriptLink | undefined;
	let wanted: string;
	switch (choice.kind) {
		case 'active':
			link = links.find((candidate) => candidate.isActive === true) ?? native ?? lone;
			wanted = 'active transcript';
			break;
		case 'native':
			link = native ?? lone;
			wanted = 'native (untranslated) transcript';
			break;
		case 'code': {
			const code = choice.code.trim().toLowerCase();
			link = links.find((candidate) => candidate.langIso2?.toLowerCase() === code);
			wanted = `transcript in "${code}"`;
			break;
		}
	}
	if (link !== undefined) return { found: true, link };
	const has =
		available.length > 0 ? `Its transcripts: ${available.join(', ')}.` : 'It has no transcript at all (yet).';
	return { found: false, reason: `This recording has no ${wanted}. ${has}`, available };
}
