import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Realistic inputs, generated deterministically (a seeded PRNG), so every run measures the same bytes.
 */
const ROOT = join(__dirname, '..', '..');

export function rng(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const VOCABULARY = (
	'the a we you they it is are was be have will can should pipeline quarter budget security review ' +
	'pilot seats onboarding integration hubspot salesforce dashboard renewal pricing discount legal ' +
	'procurement timeline decision stakeholder champion roadmap feature request latency export api ' +
	'webhook transcript meeting recording summary action next step follow up questionnaire sso residency'
).split(' ');

export function sentence(random: () => number, words: number): string {
	const parts: string[] = [];
	for (let i = 0; i < words; i++) parts.push(VOCABULARY[Math.floor(random() * VOCABULARY.length)]);
	const text = parts.join(' ');
	return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

export interface Delivery {
	eventId: string;
	event: { type: string; recording: Record<string, unknown> };
}

/** A delivery from test/fixtures/deliveries, by name (`full`, `minimal`, `drifted-recording`...), as Claap sends it. */
export const fixture = (name: string): Delivery =>
	JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'deliveries', `${name}.json`), 'utf8')) as Delivery;

/**
 * full.json's recording grown to about `targetBytes` with what a long real meeting carries:
 * many participants, long outlines and key takeaways, action items, and a large `aiFields`.
 */
export function largeDelivery(targetBytes = 50_000, seed = 7): Delivery {
	const random = rng(seed);
	const delivery = fixture('full');
	const recording = delivery.event.recording;
	const participants: Array<Record<string, unknown>> = [];
	for (let i = 0; i < 40; i++) {
		participants.push({ attended: i % 5 !== 0, email: `person${i}@acme-corp.example.com`, id: `usr_${1000 + i}`, name: `Person Number ${i}` });
	}
	recording.meeting = { ...(recording.meeting as object), participants };
	recording.outlines = ['en', 'fr'].map((langIso2) => ({
		langIso2,
		text: Array.from({ length: 30 }, (_, i) => `${i + 1}. ${sentence(random, 14)}`).join('\n'),
	}));
	recording.keyTakeaways = ['en', 'fr'].map((langIso2) => ({ langIso2, text: sentence(random, 80) }));
	recording.actionItems = [
		{ langIso2: 'en', items: Array.from({ length: 25 }, (_, i) => ({ description: sentence(random, 12), isChecked: i % 3 === 0 })) },
	];
	const aiFields: Array<Record<string, unknown>> = [];
	recording.aiFields = aiFields;
	let i = 0;
	while (JSON.stringify(delivery).length < targetBytes) {
		aiFields.push({ id: `field_${i}`, name: `AI field ${i}`, langIso2: 'en', type: i % 2 ? 'text' : 'list', value: sentence(random, 40) });
		i++;
	}
	return delivery;
}

export interface Word {
	startedAt: number;
	endedAt: number;
	word: string;
}
export interface Segment {
	startedAt: number;
	endedAt: number;
	text: string;
	speaker: string;
	languageCode: string;
	words: Word[];
}
export interface Transcript {
	language: string;
	segments: Segment[];
}

/**
 * A meeting of `hours` hours at about 220 words a minute (3 h -> about 40,000 words), 4 speakers,
 * segments of 5-40 words, every word timed.
 */
export function generateTranscript(hours: number, seed = 11): Transcript {
	const random = rng(seed);
	const targetWords = Math.round(hours * 60 * 222);
	const segments: Segment[] = [];
	let t = 0.4;
	let words = 0;
	let speaker = 1;
	while (words < targetWords) {
		const count = Math.min(targetWords - words, 5 + Math.floor(random() * 36));
		const segmentWords: Word[] = [];
		const start = t;
		for (let w = 0; w < count; w++) {
			const word = VOCABULARY[Math.floor(random() * VOCABULARY.length)];
			const duration = 0.12 + random() * 0.3;
			segmentWords.push({ startedAt: round(t), endedAt: round(t + duration), word });
			t += duration + 0.02;
		}
		segments.push({
			startedAt: round(start),
			endedAt: round(t),
			text: segmentWords.map((w) => w.word).join(' ') + '.',
			speaker: `speaker_${speaker}`,
			languageCode: 'en',
			words: segmentWords,
		});
		words += count;
		t += 0.3 + random();
		if (random() < 0.6) speaker = 1 + Math.floor(random() * 4);
	}
	return { language: 'en', segments };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
