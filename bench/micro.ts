/** Transcript rendering and delivery validation, each as a ratio of JSON.parse of the same JSON. */
import {
	decideDelivery,
	expectSecrets,
	authenticateDelivery,
	readEnvelope,
	validateRecording,
	type DeliverySettings,
} from '../nodes/shared/delivery';
import type { Transcript as SchemaTranscript } from '../nodes/shared/schemas';
import { renderTranscript, type TranscriptFormat } from '../nodes/shared/transcript';
import { interleavedRatio, type PairResult } from './lib/interleave';
import { generateTranscript, largeDelivery } from '../tools/traffic/payload';

export const TRANSCRIPT_SCALES = [0.1, 1, 10];
export const RENDER_FORMATS: TranscriptFormat[] = ['text', 'markdown', 'srt', 'vtt'];

export interface TranscriptResult extends PairResult {
	scale: number;
	format: string;
	words: number;
	bytes: number;
}

export async function benchTranscripts(log: (line: string) => void): Promise<TranscriptResult[]> {
	const results: TranscriptResult[] = [];
	for (const scale of TRANSCRIPT_SCALES) {
		// 1x = a 3-hour meeting, about 40,000 timed words.
		const transcript = generateTranscript(3 * scale);
		const json = JSON.stringify(transcript);
		const words = transcript.segments.reduce((n, s) => n + s.words.length, 0);
		const parsed = JSON.parse(json) as SchemaTranscript;
		for (const format of RENDER_FORMATS) {
			const time = scale >= 10 ? 1000 : 300;
			const result = await interleavedRatio(
				`${format} @${scale}x`,
				'JSON.parse',
				() => JSON.parse(json),
				() => renderTranscript(parsed, format, { title: 'A three-hour meeting' }),
				{ rounds: scale >= 10 ? 3 : 5, time },
			);
			results.push({ ...result, scale, format, words, bytes: json.length });
			log(`transcript ${format} @${scale}x (${words} words, ${(json.length / 1e6).toFixed(2)} MB): ${result.ratio.toFixed(3)}x JSON.parse (${result.candidateMs.toFixed(2)} ms vs ${result.baselineMs.toFixed(2)} ms)`);
		}
	}
	return results;
}

export const SECRETS = { webhookId: 'wh_bench', webhookSecret: 'whsec_bench_5f2b9c7d1e' };
const SETTINGS: DeliverySettings = { events: ['recording_added', 'recording_updated'], rejectDrift: false, channels: [], labels: [], requireDeal: false };

export interface ValidationResults {
	bytes: number;
	whole: PairResult;
	parts: PairResult[];
}

export async function benchValidation(log: (line: string) => void): Promise<ValidationResults> {
	const delivery = largeDelivery(50_000);
	const body = JSON.stringify(delivery);
	const parsed = JSON.parse(body) as unknown;
	const expected = expectSecrets(SECRETS);
	const headers = { 'x-claap-webhook-id': [SECRETS.webhookId], 'x-claap-webhook-secret': [SECRETS.webhookSecret] };
	const decide = () => decideDelivery({ headers, body: parsed, receivedAt: Date.now() }, expected, SETTINGS, () => false);
	if (decide().action !== 'accept') throw new Error('the benchmark delivery is not accepted');
	const parse = () => JSON.parse(body);
	const whole = await interleavedRatio('decideDelivery (auth + envelope + recording schema)', 'JSON.parse', parse, decide);
	log(`decideDelivery on ${body.length} B: ${whole.ratio.toFixed(3)}x JSON.parse (${(whole.candidateMs * 1000).toFixed(1)} µs vs ${(whole.baselineMs * 1000).toFixed(1)} µs)`);
	const parts: PairResult[] = [];
	const recording = delivery.event.recording;
	// A drifted recording: every participant lacks `attended`, so zod builds 40 issues.
	const drifted = JSON.parse(JSON.stringify(recording)) as { meeting: { participants: Array<Record<string, unknown>> } };
	for (const participant of drifted.meeting.participants) delete participant.attended;
	if (validateRecording(drifted).valid) throw new Error('the drifted recording validates');
	for (const [name, fn] of [
		['authenticateDelivery (2 SHA-256 + timingSafeEqual)', () => authenticateDelivery(headers, expected)],
		['expectSecrets (digest of the credential, cached in the node)', () => expectSecrets(SECRETS)],
		['readEnvelope (zod looseObject envelope)', () => readEnvelope(parsed)],
		['validateRecording (zod RecordingSchema)', () => validateRecording(recording)],
		['validateRecording, drifted (40 issues reported)', () => validateRecording(drifted)],
	] as Array<[string, () => unknown]>) {
		const part = await interleavedRatio(name, 'JSON.parse', parse, fn, { rounds: 5, time: 200 });
		parts.push(part);
		log(`  ${name}: ${part.ratio.toFixed(3)}x JSON.parse (${(part.candidateMs * 1000).toFixed(1)} µs)`);
	}
	return { bytes: body.length, whole, parts };
}
