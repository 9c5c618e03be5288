import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { videoSha256 } from '../traffic/generatedVideo';
import { watchMemory, type MemoryGrowth } from './memory';
import type { N8nInstance } from './n8n';
import { sleep } from './process';
import { createChainWorkflow, deliver, nodeItems, waitForWebhook, type Execution, type RunItem } from './workflows';

/**
 * One large download in a real n8n, measured: a workflow of n8n's Webhook node ("when last node
 * finishes") and a node called `Download` (Claap's Download Video, or n8n's own HTTP Request node
 * with response format File, for comparison), run on a link of the generated-video storage host
 * (tools/traffic/storageHost.ts). n8n's resident memory is watched while it runs, and the file n8n
 * stored is read back and checked against the generated content.
 */
export const DOWNLOADERS = ['claap', 'httpRequest'] as const;
export type Downloader = (typeof DOWNLOADERS)[number];
/** The same two on a transcript's JSON link: Claap's Transcript > Get (text), the HTTP Request node's JSON. */
export type TranscriptReader = 'claapTranscript' | 'httpRequestJson';

export const DOWNLOAD_NODE = 'Download';

const DOWNLOAD_NODES: Record<Downloader | TranscriptReader, Record<string, unknown>> = {
	claap: {
		type: 'n8n-nodes-claap.claap',
		typeVersion: 1,
		parameters: { resource: 'recording', operation: 'downloadVideo', source: 'inputRecording', recording: '={{ $json.body.recording }}' },
	},
	httpRequest: {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.5,
		parameters: { url: '={{ $json.body.url }}', options: { response: { response: { responseFormat: 'file', outputPropertyName: 'data' } } } },
	},
	claapTranscript: {
		type: 'n8n-nodes-claap.claap',
		typeVersion: 1,
		parameters: { resource: 'transcript', operation: 'get', source: 'transcriptUrl', transcriptUrl: '={{ $json.body.url }}', output: 'text' },
	},
	httpRequestJson: {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.5,
		parameters: { url: '={{ $json.body.url }}', options: {} },
	},
};

export interface DownloadWorkflow<D extends Downloader | TranscriptReader = Downloader> {
	downloader: D;
	id: string;
	url: string;
}

/** Creates and activates the workflow; errors become items ("On Error: Continue"), so a failed download is reported, not thrown. */
export async function createDownloadWorkflow<D extends Downloader | TranscriptReader>(
	n8n: N8nInstance,
	downloader: D,
): Promise<DownloadWorkflow<D>> {
	const path = `download-${downloader}-${randomUUID()}`;
	const id = await createChainWorkflow(n8n, `${downloader} download ${path.slice(-8)}`, [
		{
			name: 'Start',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
		},
		{ name: DOWNLOAD_NODE, ...DOWNLOAD_NODES[downloader], onError: 'continueRegularOutput' },
	]);
	const url = `${n8n.baseUrl}/webhook/${path}`;
	await waitForWebhook(url);
	return { downloader, id, url };
}

/** The file n8n stored, as read back from its binary data store. */
export interface StoredFile {
	/** `filesystem-v2` (a file under the user folder) or `memory` (base64 in the execution). */
	store: string;
	bytes: number;
	sha256: string;
	/** The size n8n's binary metadata states (`fileSize`, pretty-printed). */
	fileSize?: string;
}

interface BinaryRef {
	id?: string;
	data?: string;
	fileSize?: string;
}

async function sha256OfFile(path: string): Promise<{ bytes: number; sha256: string }> {
	const hash = createHash('sha256');
	let bytes = 0;
	for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
		bytes += chunk.length;
		hash.update(chunk);
	}
	return { bytes, sha256: hash.digest('hex') };
}

/** Where n8n's filesystem mode keeps a binary id's file (`<user folder>/.n8n/storage`, `binaryData` before 2.x's move). */
function storedPath(n8n: N8nInstance, id: string): string | undefined {
	const fileId = id.slice(id.indexOf(':') + 1);
	return ['storage', 'binaryData'].map((folder) => join(n8n.userFolder, '.n8n', folder, fileId)).find((path) => existsSync(path));
}

async function readStored(n8n: N8nInstance, binary: BinaryRef): Promise<StoredFile | undefined> {
	if (binary.id !== undefined) {
		const path = storedPath(n8n, binary.id);
		if (path === undefined) return undefined;
		const read = await sha256OfFile(path);
		// Checked: the disk space goes back (a 2 GiB run per node and size adds up).
		rmSync(path, { force: true });
		return { store: binary.id.split(':')[0], fileSize: binary.fileSize, ...read };
	}
	if (binary.data === undefined) return undefined;
	const data = Buffer.from(binary.data, 'base64');
	return { store: 'memory', fileSize: binary.fileSize, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
}

/** The workflow's newest execution once n8n has finished saving it. */
async function finishedExecution(n8n: N8nInstance, workflowId: string, after: Set<string>): Promise<Execution> {
	const deadline = Date.now() + 120_000;
	for (;;) {
		const { data } = await n8n.api<{ data: Execution[] }>('GET', `/executions?workflowId=${workflowId}&limit=5`);
		const fresh = data.find((execution) => !after.has(execution.id) && execution.status !== 'running' && execution.status !== 'new');
		if (fresh !== undefined) return await n8n.api<Execution>('GET', `/executions/${fresh.id}?includeData=true`);
		if (Date.now() > deadline) throw new Error(`workflow ${workflowId}: no finished execution after 120 s\n${n8n.logs().slice(-3000)}`);
		await sleep(200);
	}
}

/** One run of a download workflow: time, n8n's memory, and the download node's first item. */
export interface MeasuredRun {
	/** From the request to the webhook's answer (the download node's run plus n8n's overhead, the same for every node). */
	ms: number;
	/** The download node's own run time, as n8n recorded it. */
	nodeMs?: number;
	memory: MemoryGrowth;
	item?: RunItem;
	/** The error item's message, or the webhook's status when it failed. */
	error?: string;
	executionId: string;
}

/**
 * Runs the workflow once with `body`, watching n8n's main process every `intervalMs` until the
 * webhook answers; `inspect` reads the execution before it is deleted.
 */
export async function runMeasured<T>(
	n8n: N8nInstance,
	workflow: DownloadWorkflow<Downloader | TranscriptReader>,
	body: Record<string, unknown>,
	inspect: (item: RunItem | undefined) => Promise<T>,
	intervalMs = 50,
): Promise<MeasuredRun & { inspected: T }> {
	const earlier = new Set((await n8n.api<{ data: Execution[] }>('GET', `/executions?workflowId=${workflow.id}&limit=250`)).data.map((e) => e.id));
	const watch = watchMemory(n8n.pid(), intervalMs);
	const started = performance.now();
	let answer: Awaited<ReturnType<typeof deliver>>;
	try {
		answer = await deliver(workflow.url, body, {});
	} catch (error) {
		// Its timer would keep the process alive.
		watch.stop();
		throw error;
	}
	const ms = performance.now() - started;
	const memory = watch.stop();
	const execution = await finishedExecution(n8n, workflow.id, earlier);
	const item = nodeItems(execution, DOWNLOAD_NODE)?.[0];
	const runs = (execution.data?.resultData?.runData as Record<string, Array<{ executionTime?: number }>> | undefined)?.[DOWNLOAD_NODE];
	const inspected = await inspect(item);
	const failure = item?.json.error;
	const error =
		failure !== undefined ? (typeof failure === 'string' ? failure : JSON.stringify(failure))
		: answer.status >= 300 ? `HTTP ${answer.status}: ${answer.text.slice(0, 300)}`
		: undefined;
	await n8n.api('DELETE', `/executions/${execution.id}`);
	return { ms, nodeMs: runs?.[0]?.executionTime, memory, item, error, executionId: execution.id, inspected };
}

export interface DownloadMeasurement extends Omit<MeasuredRun, 'item'> {
	downloader: Downloader;
	size: number;
	stored?: StoredFile;
	/** Whole file stored: size and SHA-256 equal the generated video's. */
	complete: boolean;
}

/** Downloads `link` (a `size`-byte generated video) once; the stored file is checked, then removed. */
export async function measureDownload(
	n8n: N8nInstance,
	workflow: DownloadWorkflow,
	link: string,
	size: number,
	intervalMs = 50,
): Promise<DownloadMeasurement> {
	const body = { url: link, recording: { id: 'rec_download', title: 'Downloaded video', video: { url: link } } };
	const run = await runMeasured(n8n, workflow, body, async (item) => {
		const binary = item?.binary?.data as BinaryRef | undefined;
		return binary === undefined ? undefined : await readStored(n8n, binary);
	}, intervalMs);
	const { item: _item, inspected: stored, ...measured } = run;
	return {
		...measured,
		downloader: workflow.downloader,
		size,
		stored,
		complete: stored !== undefined && stored.bytes === size && stored.sha256 === videoSha256(size),
	};
}
