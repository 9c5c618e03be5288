import { createServer, type ServerResponse } from 'node:http';

import { listenOnLoopback } from '../loopback';
import { videoChunks } from './generatedVideo';

/**
 * A storage host of our own on 127.0.0.1, standing in for the one behind Claap's pre-signed links.
 * `GET /video.mp4?size=N` serves the N-byte generated video (tools/traffic/generatedVideo.ts) with
 * back-pressure, so a 2 GiB download needs no file and costs the host one 64 KiB block at a time.
 * Faults: `cut=M` breaks the connection after M bytes while announcing N, for the first `failures`
 * requests of that URL (all of them without `failures`); `stall=1` stops sending at the cut instead,
 * holding the connection open. Documents given to `publish` are served as they are.
 */
export interface BodyFault {
	cut: number;
	failures?: number;
	stall?: boolean;
}

/** What the host sent for one request: a download that stopped early shows here. */
export interface Served {
	url: string;
	sent: number;
	announced: number;
	/** The whole body was handed to the connection. */
	complete: boolean;
	/** From the request to the last byte sent (or the connection's end). */
	ms: number;
}

export interface StorageHost {
	url(size: number, fault?: BodyFault): string;
	/** Serves `body` at `/docs/<name>` and returns its URL. */
	publish(name: string, body: Buffer, contentType: string): string;
	served(): Served[];
	close(): Promise<void>;
}

/** Writes `chunks` to `response`, waiting for the connection to drain; resolves with the bytes sent. */
async function pump(response: ServerResponse, chunks: Iterable<Buffer>): Promise<number> {
	let sent = 0;
	for (const chunk of chunks) {
		if (response.destroyed) break;
		sent += chunk.length;
		if (!response.write(chunk)) {
			await new Promise<void>((resolve) => {
				const done = () => {
					response.off('drain', done);
					response.off('close', done);
					resolve();
				};
				response.on('drain', done);
				response.on('close', done);
			});
		}
	}
	return sent;
}

export async function startStorageHost(): Promise<StorageHost> {
	const seen = new Map<string, number>();
	const documents = new Map<string, { body: Buffer; contentType: string }>();
	const served: Served[] = [];
	const server = createServer((request, response) => {
		const key = request.url ?? '/';
		const started = Date.now();
		const url = new URL(key, 'http://127.0.0.1');
		const document = documents.get(url.pathname);
		if (document !== undefined) {
			const { body, contentType } = document;
			response.writeHead(200, { 'content-type': contentType, 'content-length': String(body.length) });
			response.end(body);
			served.push({ url: key, sent: body.length, announced: body.length, complete: true, ms: Date.now() - started });
			return;
		}
		if (url.pathname !== '/video.mp4') {
			response.writeHead(404).end();
			return;
		}
		const nth = (seen.get(key) ?? 0) + 1;
		seen.set(key, nth);
		const query = url.searchParams;
		const size = Number(query.get('size') ?? 0);
		const failing = !query.has('failures') || nth <= Number(query.get('failures'));
		const cut = query.has('cut') && failing ? Math.min(size, Number(query.get('cut'))) : size;
		response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(size) });
		void pump(response, videoChunks(size, cut)).then((sent) => {
			const complete = sent === size && !response.destroyed;
			served.push({ url: key, sent, announced: size, complete, ms: Date.now() - started });
			if (cut === size) response.end();
			else if (query.get('stall') !== '1') response.destroy();
		});
	});
	const port = await listenOnLoopback(server);
	// Stops with the process that started it, if a run forgets to close it.
	server.unref();
	const base = `http://127.0.0.1:${port}`;
	return {
		url: (size, fault) => {
			const query = new URLSearchParams({ size: String(size) });
			if (fault !== undefined) query.set('cut', String(fault.cut));
			if (fault?.failures !== undefined) query.set('failures', String(fault.failures));
			if (fault?.stall === true) query.set('stall', '1');
			return `${base}/video.mp4?${query.toString()}`;
		},
		publish: (name, body, contentType) => {
			documents.set(`/docs/${name}`, { body, contentType });
			return `${base}/docs/${name}`;
		},
		served: () => [...served],
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
