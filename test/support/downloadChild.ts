/**
 * Run in its own process (`tsx test/support/downloadChild.ts <mode> <url> <file>`) so that its
 * peak memory is the download's alone. Downloads the link with n8n's own `httpRequest` (the axios
 * code behind `this.helpers.httpRequest`, n8n-core 2.41.1) into a file, as n8n's filesystem binary
 * data mode does, then prints one JSON line: bytes stored and resident memory before and at peak.
 *
 * mode `stream`: the node's Download Video path (downloadLinkToBinary).
 * mode `buffer`: the same link read whole into a Buffer first (as the node did before it streamed), for contrast.
 */
import { createWriteStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { IBinaryData, INode } from 'n8n-workflow';

import { downloadLinkToBinary } from '../../nodes/Claap/transport/download';
import { defaultDeps } from '../../nodes/Claap/transport/request';
import { n8nHttpRequest as httpRequest } from './n8nHttp';


const node: INode = { id: 'n', name: 'Claap', type: 'n8n-nodes-claap.claap', typeVersion: 1, position: [0, 0], parameters: {} };

async function toFile(data: Buffer | Readable, path: string): Promise<IBinaryData> {
	await pipeline(Buffer.isBuffer(data) ? Readable.from([data]) : data, createWriteStream(path));
	return { data: 'filesystem', mimeType: 'video/mp4', fileSize: String(statSync(path).size) };
}

async function main() {
	const [mode, url, path] = process.argv.slice(2);
	const rssBefore = process.memoryUsage().rss;
	let peak = rssBefore;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
	const link = { url, what: 'video' };
	if (mode === 'stream') {
		await downloadLinkToBinary(
			{ httpRequest, prepareBinaryData: async (data) => await toFile(data, path) },
			node,
			defaultDeps,
			link,
			() => ({ fileName: 'video.mp4', mimeType: 'video/mp4' }),
		);
	} else {
		const data = (await httpRequest({ method: 'GET', url, encoding: 'arraybuffer' })) as Buffer;
		await toFile(data, path);
	}
	clearInterval(sampler);
	peak = Math.max(peak, process.memoryUsage().rss);
	// maxRSS (KiB) is the kernel's own high-water mark, which no sampling interval can miss.
	const maxRss = process.resourceUsage().maxRSS * 1024;
	process.stdout.write(`${JSON.stringify({ bytes: statSync(path).size, rssBefore, peakRss: Math.max(peak, maxRss) })}\n`);
	// The idle watchdog's last sleep need not be waited for.
	process.exit(0);
}

void main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
