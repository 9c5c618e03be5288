import type { Segment, Transcript } from '../../nodes/shared/schemas';

type Line = [speaker: string, text: string];

/**
 * Builds segments with plausible timings (about 2.6 words a second, a short pause between
 * speakers) so transcripts stay readable here and consistent wherever they are served.
 */
export function transcript(language: string, lines: Line[], withWords = false): Transcript {
	let clock = 0.4;
	const segments: Segment[] = lines.map(([speaker, text]) => {
		const startedAt = round(clock);
		const words = text.split(/\s+/).filter(Boolean);
		let wordClock = startedAt;
		const timed = words.map((word) => {
			const length = 0.18 + word.length * 0.035;
			const w = { startedAt: round(wordClock), endedAt: round(wordClock + length), word };
			wordClock += length + 0.06;
			return w;
		});
		const endedAt = round(Math.max(wordClock, startedAt + 0.5));
		clock = endedAt + 0.7;
		return {
			startedAt,
			endedAt,
			text,
			speaker,
			languageCode: language,
			...(withWords ? { words: timed } : {}),
		};
	});
	return { language, segments };
}

const round = (n: number) => Math.round(n * 100) / 100;

export const ACME_EN: Line[] = [
	['speaker_1', 'Hi John, thanks for taking the time today.'],
	['speaker_2', 'Sure. We record every customer call and nobody reads the notes.'],
	['speaker_1', 'What would a good outcome look like for your team?'],
	['speaker_2', 'Cutting meeting notes time in half, with SSO and EU data residency.'],
	['speaker_1', 'Great, I will send the security questionnaire and book a demo with IT.'],
];

export const ACME_FR: Line[] = [
	['speaker_1', "Bonjour John, merci d'avoir pris le temps aujourd'hui."],
	['speaker_2', "Bien sûr. Nous enregistrons chaque appel client et personne ne lit les notes."],
	['speaker_1', 'À quoi ressemblerait un bon résultat pour votre équipe ?'],
	['speaker_2', 'Diviser par deux le temps de prise de notes, avec SSO et hébergement des données en Europe.'],
	['speaker_1', "Parfait, j'envoie le questionnaire de sécurité et je planifie une démo avec l'IT."],
];

export const PRODUCT_FR: Line[] = [
	['speaker_1', 'Bonjour à tous, on commence par la feuille de route du trimestre.'],
	['speaker_2', "L'export des transcriptions est prêt, il reste la traduction automatique."],
	['speaker_1', 'Très bien. Qui prend le suivi des retours clients ?'],
	['speaker_3', "Je m'en occupe et je partage un résumé vendredi."],
];

export const PRODUCT_EN: Line[] = [
	['speaker_1', "Hi everyone, let's start with this quarter's roadmap."],
	['speaker_2', 'Transcript export is ready, automatic translation is still pending.'],
	['speaker_1', 'Good. Who follows up on customer feedback?'],
	['speaker_3', "I'll take it and share a summary on Friday."],
];

export const GLOBEX_EN: Line[] = [
	['speaker_1', 'Thanks for joining the quarterly review, Hank.'],
	['speaker_2', 'Adoption is up, but the finance team wants a multi-year price.'],
	['speaker_1', 'I can prepare a two-year proposal by next week.'],
];

export const INITECH_EN: Line[] = [
	['speaker_1', 'Let me share my screen and show you the recording library.'],
	['speaker_2', 'Can we search across transcripts from every team?'],
	['speaker_1', 'Yes, and you can filter by channel and label.'],
];

export const TRIAGE_EN: Line[] = [
	['speaker_1', 'Three new bugs since Monday, one of them blocks uploads.'],
	['speaker_2', 'The upload one is fixed on staging, shipping tomorrow.'],
];

export const HOOLI_EN: Line[] = [
	['speaker_1', 'Gavin, tell me how your team runs customer interviews today.'],
	['speaker_2', 'Mostly spreadsheets and memory, which is not great.'],
];
