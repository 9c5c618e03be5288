import http from 'node:http';

import { listenOnLoopback } from '../loopback';
import type { Conversation } from './conversation';
import { fakeOpenAiApi, openAiError, type EndpointOptions, type Outcome, type Recorded } from './endpoints';
import { ModelScript, type Reply as ScriptedReply } from './script';
import { writeSse } from './sse';

/**
 * An OpenAI-compatible model server of our own on 127.0.0.1, for tests of n8n's AI nodes without
 * a network: chat completions and the Responses API (whole or streamed, as the client asks),
 * answered from a script the test writes, embeddings (see embeddings.ts), and the model list.
 * Every request is recorded. It runs inside the process that starts it and closes by itself after
 * `idleTimeoutMs` without a request.
 */

export interface FakeModelOptions extends EndpointOptions {
	/** 0 (the default) picks a free port. */
	port?: number;
	/** Default 10 minutes. */
	idleTimeoutMs?: number;
}

export interface ModelRequest extends Recorded {
	seq: number;
	method: string;
	path: string;
	authorization?: string;
	body: unknown;
	status: number;
}

export interface FakeModel {
	/** `http://127.0.0.1:<port>/v1`: the base URL for an `openAiApi` credential. */
	readonly baseUrl: string;
	readonly port: number;
	/** Queues replies for the next chat requests, in order. */
	reply(...replies: ScriptedReply[]): void;
	/** Replies queued and not yet used. */
	pending(): number;
	requests(): ModelRequest[];
	/** The chat requests only, in order. */
	conversations(): Conversation[];
	/** Clears the script and the log. */
	reset(): void;
	close(): Promise<void>;
}

export async function startFakeModel(options: FakeModelOptions = {}): Promise<FakeModel> {
	const script = new ModelScript();
	const route = fakeOpenAiApi(script, options);
	let log: ModelRequest[] = [];

	let idleTimer: NodeJS.Timeout | undefined;
	const server = http.createServer((incoming, res) => {
		armIdleTimer();
		void readBody(incoming).then((body) => {
			const method = (incoming.method ?? 'GET').toUpperCase();
			const path = new URL(incoming.url ?? '/', 'http://127.0.0.1').pathname;
			const authorization = incoming.headers.authorization;
			let outcome: Outcome;
			try {
				outcome = route(method, path, authorization, body);
			} catch (error) {
				outcome = openAiError(500, `fake model: ${(error as Error).message}`, 'server_error');
			}
			log.push({ seq: log.length + 1, method, path, authorization, body, status: outcome.status, ...outcome.record });
			if (outcome.events) writeSse(res, outcome.events);
			else {
				res.writeHead(outcome.status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(outcome.json));
			}
		});
	});

	const port = await listenOnLoopback(server, options.port);

	let closing: Promise<void> | undefined;
	const close = () => {
		clearTimeout(idleTimer);
		closing ??= new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
		return closing;
	};
	function armIdleTimer() {
		clearTimeout(idleTimer);
		idleTimer = setTimeout(() => void close(), options.idleTimeoutMs ?? 600_000);
		idleTimer.unref();
	}
	armIdleTimer();

	return {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		port,
		reply: (...replies) => script.push(...replies),
		pending: () => script.pending,
		requests: () => structuredClone(log),
		conversations: () => log.flatMap((entry) => (entry.conversation ? [structuredClone(entry.conversation)] : [])),
		reset() {
			script.clear();
			log = [];
		},
		close,
	};
}

/** The request body as JSON, or as text when it is not JSON (the route answers 400 or 404 for it). */
async function readBody(incoming: http.IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of incoming) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	if (text === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}
