/**
 * Section 7 of bench/RESULTS.md, from the download bench's results kept in
 * bench/results/download.json (`npm run bench:download` measures and rewrites the section;
 * `tsx bench/report.ts` rebuilds it from the stored results), plus the reliability suite's
 * large-download case (test/reliability/largeDownload.test.ts) when it has run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { RESULTS_DIR } from '../tools/traffic/record';
import { fmt } from '../tools/traffic/stats';
import { sizeName, type DownloadResults, type DownloadRun, type DownloadSummary } from './download';

export const DOWNLOAD_RESULTS_FILE = join(RESULTS_DIR, 'download.json');

export const saveDownloadResults = (results: DownloadResults) =>
	writeFileSync(DOWNLOAD_RESULTS_FILE, `${JSON.stringify(results, null, 1)}\n`);

export const storedDownloadResults = (): DownloadResults | undefined =>
	existsSync(DOWNLOAD_RESULTS_FILE) ? (JSON.parse(readFileSync(DOWNLOAD_RESULTS_FILE, 'utf8')) as DownloadResults) : undefined;

const NODE_NAMES = { claap: 'Claap Download Video', httpRequest: 'HTTP Request (File)' } as const;
const mb = (bytes: number) => fmt(bytes / 1e6, 0);
const seconds = (ms: number | undefined) => fmt((ms ?? NaN) / 1000, 1);

/** A run that succeeded but whose execution data n8n's public API did not give back (in-memory mode, 256 MiB as base64). */
const NOT_READ_BACK = 'not checked: the execution\'s data did not come back through the public API';

const runRow = (r: DownloadRun) =>
	`| ${r.mode} | ${sizeName(r.size)} | ${r.round + 1}${r.position === 0 ? ' (first)' : ''} | ${NODE_NAMES[r.downloader]} | ` +
	`${mb(r.memory.before)} | **${mb(r.memory.growth)}** | **${seconds(r.ms)}** | ${seconds(r.nodeMs)} | ` +
	`${r.stored ? `${r.stored.bytes} in ${r.stored.store}` : 'nothing'} | ${r.hostSent ?? '?'} | ` +
	`${r.complete ? 'yes' : r.error ? `**no**: ${r.error.replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 160)}` : NOT_READ_BACK} |`;


const summaryRow = (s: DownloadSummary) =>
	`| ${sizeName(s.size)} | ${s.rounds} | ${mb(s.growth.claap)} | ${mb(s.growth.httpRequest)} | **${fmt(s.memoryRatio, 2)}** | ` +
	`${s.memoryMet ? 'met' : '**missed**'} | ${seconds(s.ms.claap)} | ${seconds(s.ms.httpRequest)} | **${fmt(s.timeRatio, 2)}** | ` +
	`${s.timeMet ? 'met' : '**missed**'} | ${s.complete.claap} / ${s.complete.httpRequest} |`;

function transcriptTable(t: DownloadResults['transcript']): string[] {
	const names = { claapTranscript: 'Claap Transcript > Get (text)', httpRequestJson: 'HTTP Request (JSON)' } as const;
	const readers = ['claapTranscript', 'httpRequestJson'] as const;
	return [
		`| node | runs | median growth MB | max growth MB | median ms | output |`,
		'|---|---|---|---|---|---|',
		...readers.map((reader) => {
			const runs = t.runs.filter((r) => r.reader === reader);
			const growths = runs.map((r) => r.growth).sort((a, b) => a - b);
			const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
			const output = reader === 'claapTranscript' ? `${runs[0]?.output ?? 0} characters of text` : `${runs[0]?.output ?? 0} segments`;
			return `| ${names[reader]} | ${runs.length} | **${mb(growths[Math.floor(growths.length / 2)])}** | ${mb(growths.at(-1) ?? NaN)} | ` +
				`${fmt(ms[Math.floor(ms.length / 2)], 0)} | ${output}${runs.some((r) => r.error) ? ', with errors' : ''} |`;
		}),
	];
}

/** The reliability suite's 512 MiB case, as it last recorded itself. */
function reliabilityLine(): string {
	const path = join(RESULTS_DIR, 'reliability-download.json');
	if (!existsSync(path)) return '';
	const recorded = JSON.parse(readFileSync(path, 'utf8')) as { largeDownload?: { at: string; value: Record<string, number | boolean> } };
	const v = recorded.largeDownload?.value;
	if (!v) return '';
	return (
		`The fault suite's large-file case (test/reliability/largeDownload.test.ts, ${recorded.largeDownload?.at}): ` +
		`Download Video of a ${sizeName(Number(v.size))} video in real n8n (filesystem mode) stored ${v.bytes} bytes, SHA-256 ` +
		`${v.checksumEqual ? 'equal' : '**different**'}, n8n grew by **${mb(Number(v.growth))} MB** (asserted under ${mb(Number(v.bound))} MB), ` +
		`in ${seconds(Number(v.ms))} s; the whole case with n8n's start took ${seconds(Number(v.caseMs))} s.`
	);
}

export function downloadSection(results: DownloadResults | undefined): string {
	const heading = '## 7. Video downloads in real n8n (issue 12)';
	if (!results) return `${heading}\n\n_not measured yet: run \`npm run bench:download\`_\n`;
	const disk = results.runs.filter((r) => r.mode === 'filesystem');
	const memory = results.runs.filter((r) => r.mode === 'default');
	const t = results.transcript;
	return [
		heading,
		'',
		`How: bench/download.ts, \`npm run bench:download\`, measured ${results.measuredAt} in ${fmt(results.minutes, 1)} min. One n8n ` +
			`${results.n8n} (tools/n8n startN8n, SQLite, regular mode) with \`N8N_DEFAULT_BINARY_DATA_MODE=filesystem\`, two workflows, ` +
			"each n8n's Webhook node (answering when the last node finishes) and one download node with On Error: Continue: Claap's " +
			'Recording > Download Video (Source: Recording From Input) and n8n\'s HTTP Request node 4.5 (Response Format: File), both given ' +
			'the same link of a storage host of our own on 127.0.0.1 (tools/traffic/storageHost.ts) that generates the video as it sends it ' +
			'(64 KiB seeded pseudo-random blocks, each starting with its offset; nothing on disk, one block in memory). Per run: n8n\'s main ' +
			`process's resident memory (tools/n8n/memory.ts: /proc/<pid>/status every ${results.sampleMs} ms, plus the kernel's peak ` +
			'VmHWM reset before the run), growth = peak - before; wall time from the request to the webhook\'s answer, and the node\'s own ' +
			'run time as n8n recorded it; then the file n8n stored is read from its binary data folder and its size and SHA-256 compared ' +
			'with the generated video\'s, and removed. Rounds alternate which node goes first; 3 s between runs; one 16 MiB warm-up each. ' +
			'Targets (issue 12): Claap\'s growth at most 1.1x the HTTP Request node\'s or 64 MB, whichever is larger; time at most 1.1x ' +
			'(median of per-round ratios).',
		'',
		'| size | rounds | Claap growth MB | HTTP Request growth MB | **memory x** | target | Claap s | HTTP Request s | **time x** | target | whole files, Claap / HTTP Request |',
		'|---|---|---|---|---|---|---|---|---|---|---|',
		...results.summaries.map(summaryRow),
		'',
		'Every run (memory MB; "before" is n8n\'s resident memory when the run started):',
		'',
		'| binary mode | size | round | node | before MB | **growth MB** | **wall s** | node s | stored bytes | host sent bytes | whole file (size and SHA-256) |',
		'|---|---|---|---|---|---|---|---|---|---|---|',
		...disk.map(runRow),
		...memory.map(runRow),
		'',
		`In-memory binary mode (\`N8N_DEFAULT_BINARY_DATA_MODE=default\`, a second n8n, one run per node and size): the rows marked ` +
			'`default` above; "in memory" means the file is base64 inside the execution data.',
		'',
		`Transcript JSON (Transcript > Get from a transcript's JSON link, output Text, against the HTTP Request node reading the same ` +
			`link as JSON): a generated ${t.hours}-hour meeting, ${t.segments} segments with every word timed, ${fmt(t.bytes / 1e6, 1)} MB.`,
		'',
		...transcriptTable(t),
		'',
		reliabilityLine(),
		'',
	].join('\n');
}
