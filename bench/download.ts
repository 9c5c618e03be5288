/**
 * Large downloads in real n8n 2.41.1 (issue 12): Claap's Recording > Download Video against n8n's
 * own HTTP Request node (response format File) on the same link of a storage host of our own
 * (tools/traffic/storageHost.ts, generated content), side by side in one n8n, the order alternated
 * every round. Per run: n8n's peak resident memory growth, wall time, and whether the file n8n
 * stored is the whole video (size and SHA-256). Then n8n's in-memory binary mode, and the
 * transcript's JSON link read by both nodes.
 */
import { generateTranscript } from '../tools/traffic/payload';
import { videoSha256 } from '../tools/traffic/generatedVideo';
import { startStorageHost, type StorageHost } from '../tools/traffic/storageHost';
import {
	DOWNLOADERS,
	createDownloadWorkflow,
	measureDownload,
	runMeasured,
	sleep,
	startN8n,
	type DownloadMeasurement,
	type DownloadWorkflow,
	type Downloader,
	type N8nInstance,
	type TranscriptReader,
} from '../tools/n8n';
import { median } from '../tools/traffic/stats';

const MiB = 2 ** 20;
export const N8N_VERSION = '2.41.1';
export const DOWNLOAD_SIZES = [256 * MiB, 1024 * MiB, 2048 * MiB];
/** In-memory mode: the size the issue asks for, and the next size up to show where it stops. */
export const MEMORY_MODE_SIZES = [256 * MiB, 512 * MiB];
/** n8n's garbage collector gets this long between runs, so one run's garbage is not the next one's memory. */
const SETTLE_MS = 3000;
/** Loads each node's code and the binary data store before anything is measured. */
const WARM_UP_SIZE = 16 * MiB;

/** n8n's binary data mode: `filesystem` (n8n 2.x's default in regular mode) or `default` (in memory). */
export type BinaryMode = 'filesystem' | 'default';

export interface DownloadRun extends Omit<DownloadMeasurement, 'executionId'> {
	mode: BinaryMode;
	round: number;
	/** 0: this node ran first in its round. */
	position: number;
	/** What the storage host sent for this request. */
	hostSent?: number;
}

export interface DownloadSummary {
	size: number;
	rounds: number;
	growth: Record<Downloader, number>;
	ms: Record<Downloader, number>;
	/** Median growth of Claap's over the HTTP Request node's. */
	memoryRatio: number;
	/** Median over rounds of Claap's time over the HTTP Request node's in the same round. */
	timeRatio: number;
	/** Claap's growth at most 1.1x the HTTP Request node's, or 64 MB, whichever is larger. */
	memoryMet: boolean;
	timeMet: boolean;
	complete: Record<Downloader, string>;
}

export interface TranscriptRun {
	reader: TranscriptReader;
	round: number;
	growth: number;
	ms: number;
	nodeMs?: number;
	/** Characters of the transcript text (Claap) or segments parsed (HTTP Request). */
	output: number;
	error?: string;
}

export interface DownloadResults {
	measuredAt: string;
	minutes: number;
	n8n: string;
	rounds: number;
	sampleMs: number;
	runs: DownloadRun[];
	summaries: DownloadSummary[];
	transcript: { hours: number; bytes: number; segments: number; runs: TranscriptRun[] };
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
const sizeName = (bytes: number) => (bytes >= 1024 * MiB ? `${bytes / 1024 / MiB} GiB` : `${bytes / MiB} MiB`);
export { sizeName };

type Log = (line: string) => void;

interface Bench {
	n8n: N8nInstance;
	host: StorageHost;
	workflows: Record<Downloader, DownloadWorkflow>;
	log: Log;
	mode: BinaryMode;
	sampleMs: number;
}

async function startBench(host: StorageHost, mode: BinaryMode, log: Log, sampleMs: number): Promise<Bench> {
	const n8n = await startN8n({ version: N8N_VERSION, env: { N8N_DEFAULT_BINARY_DATA_MODE: mode }, maxLifetimeSeconds: 3600 });
	const workflows = { claap: await createDownloadWorkflow(n8n, 'claap'), httpRequest: await createDownloadWorkflow(n8n, 'httpRequest') };
	for (const downloader of DOWNLOADERS) await measureDownload(n8n, workflows[downloader], host.url(WARM_UP_SIZE), WARM_UP_SIZE, sampleMs);
	log(`[download] n8n ${n8n.version}, binary data mode ${mode}, pid ${n8n.pid()}: warmed up`);
	return { n8n, host, workflows, log, mode, sampleMs };
}

async function runOnce(bench: Bench, downloader: Downloader, size: number, round: number, position: number): Promise<DownloadRun> {
	await sleep(SETTLE_MS);
	const link = bench.host.url(size);
	const query = new URL(link).search;
	const servedBefore = bench.host.served().length;
	let run: DownloadRun;
	try {
		const { executionId: _id, ...measured } = await measureDownload(bench.n8n, bench.workflows[downloader], link, size, bench.sampleMs);
		const served = bench.host.served().slice(servedBefore).filter((s) => s.url.endsWith(query));
		run = { ...measured, mode: bench.mode, round, position, hostSent: served.reduce((sum, s) => sum + s.sent, 0) };
	} catch (error) {
		// n8n itself failed (ran out of memory, stopped answering): that is the measurement.
		const message = error instanceof Error ? error.message : String(error);
		run = {
			downloader, size, mode: bench.mode, round, position, ms: NaN, complete: false, error: message.slice(0, 500),
			memory: { before: NaN, peak: NaN, growth: NaN, samples: 0, kernelPeak: false },
		};
	}
	bench.log(
		`[download] ${bench.mode} ${sizeName(size)} ${downloader} round ${round + 1}: +${mb(run.memory.growth)} MB ` +
			`(from ${mb(run.memory.before)} MB), ${(run.ms / 1000).toFixed(1)} s (node ${((run.nodeMs ?? NaN) / 1000).toFixed(1)} s), ` +
			`stored ${run.stored?.bytes ?? 'nothing'} B in ${run.stored?.store ?? '-'}, host sent ${run.hostSent ?? '?'} B, ` +
			`${run.complete ? 'whole file, SHA-256 equal' : '**INCOMPLETE**'}${run.error ? `; error: ${run.error.slice(0, 200)}` : ''}`,
	);
	return run;
}

/** Claap then HTTP Request in even rounds, the other way round in odd ones. */
async function sideBySide(bench: Bench, size: number, rounds: number): Promise<DownloadRun[]> {
	const runs: DownloadRun[] = [];
	for (let round = 0; round < rounds; round++) {
		const order = round % 2 === 0 ? DOWNLOADERS : [...DOWNLOADERS].reverse();
		for (const [position, downloader] of order.entries()) runs.push(await runOnce(bench, downloader, size, round, position));
	}
	return runs;
}

export function summarise(runs: DownloadRun[], size: number): DownloadSummary {
	const of = (d: Downloader) => runs.filter((r) => r.size === size && r.downloader === d);
	const growth = { claap: median(of('claap').map((r) => r.memory.growth)), httpRequest: median(of('httpRequest').map((r) => r.memory.growth)) };
	const ms = { claap: median(of('claap').map((r) => r.ms)), httpRequest: median(of('httpRequest').map((r) => r.ms)) };
	const rounds = [...new Set(runs.filter((r) => r.size === size).map((r) => r.round))];
	const timeRatio = median(
		rounds.map((round) => {
			const [claap, http] = (['claap', 'httpRequest'] as const).map((d) => of(d).find((r) => r.round === round)?.ms ?? NaN);
			return claap / http;
		}),
	);
	return {
		size,
		rounds: rounds.length,
		growth,
		ms,
		memoryRatio: growth.claap / growth.httpRequest,
		timeRatio,
		memoryMet: growth.claap <= Math.max(1.1 * growth.httpRequest, 64e6),
		timeMet: timeRatio <= 1.1,
		complete: {
			claap: `${of('claap').filter((r) => r.complete).length}/${of('claap').length}`,
			httpRequest: `${of('httpRequest').filter((r) => r.complete).length}/${of('httpRequest').length}`,
		},
	};
}

/** The transcript's JSON link (a 3-hour meeting), read by Claap's Transcript > Get and the HTTP Request node. */
async function transcriptRuns(bench: Bench, rounds: number, hours: number) {
	const transcript = generateTranscript(hours);
	const body = Buffer.from(JSON.stringify(transcript));
	const url = bench.host.publish(`transcript-${hours}h.json`, body, 'application/json');
	const readers: TranscriptReader[] = ['claapTranscript', 'httpRequestJson'];
	const workflows = Object.fromEntries(
		await Promise.all(readers.map(async (reader) => [reader, await createDownloadWorkflow(bench.n8n, reader)] as const)),
	) as Record<TranscriptReader, DownloadWorkflow<TranscriptReader>>;
	const runs: TranscriptRun[] = [];
	for (let round = -1; round < rounds; round++) {
		const order = round % 2 === 0 ? readers : [...readers].reverse();
		for (const reader of order) {
			await sleep(SETTLE_MS / 3);
			const run = await runMeasured(bench.n8n, workflows[reader], { url }, async () => undefined, bench.sampleMs);
			const json = run.item?.json ?? {};
			const output = reader === 'claapTranscript' ? String(json.transcript ?? '').length : ((json.segments as unknown[] | undefined)?.length ?? 0);
			// Round -1 warms both up.
			if (round < 0) continue;
			runs.push({ reader, round, growth: run.memory.growth, ms: run.ms, nodeMs: run.nodeMs, output, error: run.error });
			bench.log(
				`[download] transcript ${hours} h (${(body.length / 1e6).toFixed(1)} MB) ${reader} round ${round + 1}: ` +
					`+${mb(run.memory.growth)} MB, ${run.ms.toFixed(0)} ms, output ${output}${run.error ? `; error: ${run.error}` : ''}`,
			);
		}
	}
	return { hours, bytes: body.length, segments: transcript.segments.length, runs };
}

export interface DownloadBenchOptions {
	rounds: number;
	sizes?: number[];
	sampleMs?: number;
}

export async function benchDownload(log: Log, options: DownloadBenchOptions): Promise<DownloadResults> {
	const started = Date.now();
	const sizes = options.sizes ?? DOWNLOAD_SIZES;
	const sampleMs = options.sampleMs ?? 50;
	// The expected checksums, computed before n8n runs (2 GiB takes a few seconds of one core).
	for (const size of [...sizes, ...MEMORY_MODE_SIZES]) videoSha256(size);
	const host = await startStorageHost();
	const runs: DownloadRun[] = [];
	let transcript: DownloadResults['transcript'];
	try {
		const disk = await startBench(host, 'filesystem', log, sampleMs);
		try {
			for (const size of sizes) runs.push(...(await sideBySide(disk, size, options.rounds)));
			transcript = await transcriptRuns(disk, Math.max(3, options.rounds), 3);
		} finally {
			await disk.n8n.stop();
		}
		const memory = await startBench(host, 'default', log, sampleMs);
		try {
			for (const size of MEMORY_MODE_SIZES) runs.push(...(await sideBySide(memory, size, 1)));
		} finally {
			await memory.n8n.stop();
		}
	} finally {
		await host.close();
	}
	const summaries = sizes.map((size) => summarise(runs.filter((r) => r.mode === 'filesystem'), size));
	for (const s of summaries) {
		log(
			`[download] ${sizeName(s.size)}: growth Claap ${mb(s.growth.claap)} MB / HTTP Request ${mb(s.growth.httpRequest)} MB = ` +
				`${s.memoryRatio.toFixed(2)}x (${s.memoryMet ? 'met' : 'MISSED'}), time ${s.timeRatio.toFixed(2)}x ` +
				`(${s.timeMet ? 'met' : 'MISSED'}), whole files ${s.complete.claap} / ${s.complete.httpRequest}`,
		);
	}
	return {
		measuredAt: new Date().toISOString(),
		minutes: (Date.now() - started) / 60000,
		n8n: N8N_VERSION,
		rounds: options.rounds,
		sampleMs,
		runs,
		summaries,
		transcript,
	};
}
