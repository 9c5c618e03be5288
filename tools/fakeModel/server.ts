import http from 'node:http';

import { listenOnLoopback } from '../loopback';
import { chatCompletion, chatCompletionChunks, type Reply } from './chatCompletions';
import { readConversation, type ChatApi, type Conversation } from './conversation';
import { DEFAULT_DIMENSIONS, embed, inputTexts, toBase64 } from './embeddings';
import { response, responseEvents } from './responses';
import { ModelScript, ScriptError, type Answer, type Reply as ScriptedReply } from './script';
import { writeSse, type SseEvent } from './sse';
import { tokens, usageOf } from './usage';

/**
 * An OpenAI-compatible model server of our own on 127.0.0.1, for tests of n8n's AI nodes without
 * a network: chat completions and the Responses API (whole or streamed, as the client asks),
 * answered from a script the test writes, embeddings (see embeddings.ts), and the model list.
 * Every request is recorded. It runs inside the process that starts it and closes by itself after
 * `idleTimeoutMs` without a request.
 */

export interface FakeModelOptions {
	/** 0 (the default) picks a free port. */
	port?: number;
	/** Bearer keys accepted; others get OpenAI's 401. Default: any key. */
	apiKeys?: string[];
	/** Default 10 minutes. */
	idleTimeoutMs?: number;
	/** Vector length when a request does not ask for `dimensions`. */
	dimensions?: number;
}

export interface ModelRequest {
	seq: number;
	method: string;
	path: string;
	authorization?: string;
	body: unknown;
	status: number;
	/** For chat requests: what was asked, in one shape for both APIs. */
	conversation?: Conversation;
	/** For chat requests: what the script answered. */
	answer?: Answer;
	/** For embeddings requests: the texts embedded. */
	texts?: string[];
	error?: string;
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

const MODELS = ['gpt-4.1-mini', 'gpt-4o-mini', 'text-embedding-3-small'];

interface Outcome {
	status: number;
	json?: unknown;
	events?: SseEvent[];
	record?: Partial<ModelRequest>;
}

const openAiError = (status: number, message: string, type: string, code: string | null = null): Outcome => ({
	status,
	json: { error: { message, type, param: null, code } },
	record: { error: message },
});

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export async function startFakeModel(options: FakeModelOptions = {}): Promise<FakeModel> {
	const script = new ModelScript();
	let log: ModelRequest[] = [];
	let seq = 0;

	function chat(api: ChatApi, body: unknown): Outcome {
		const conversation = readConversation(api, body);
		let answer: Answer;
		try {
			answer = script.next(conversation);
		} catch (error) {
			if (!(error instanceof ScriptError)) throw error;
			return { ...openAiError(500, `fake model: ${error.message}`, 'server_error'), record: { conversation, error: error.message } };
		}
		seq++;
		const reply: Reply = { id: `fake${seq}`, model: conversation.model, created: Math.floor(Date.now() / 1000), usage: usageOf(conversation, answer) };
		const record = { conversation, answer };
		if (api === 'responses') {
			if (conversation.stream) return { status: 200, events: responseEvents(answer, reply), record };
			return { status: 200, json: response(answer, reply), record };
		}
		if (!conversation.stream) return { status: 200, json: chatCompletion(answer, reply), record };
		const streamOptions = isObject(body) && isObject(body.stream_options) ? body.stream_options : {};
		return { status: 200, events: chatCompletionChunks(answer, reply, streamOptions.include_usage === true), record };
	}

	function embeddings(body: unknown): Outcome {
		const request = isObject(body) ? body : {};
		const texts = inputTexts(request.input);
		if (!texts) return openAiError(400, 'fake model: input must be a string or an array of strings', 'invalid_request_error');
		const dimensions = typeof request.dimensions === 'number' ? request.dimensions : (options.dimensions ?? DEFAULT_DIMENSIONS);
		const base64 = request.encoding_format === 'base64';
		const data = texts.map((text, index) => {
			const vector = embed(text, dimensions);
			return { object: 'embedding', index, embedding: base64 ? toBase64(vector) : vector };
		});
		const used = texts.reduce((sum, text) => sum + tokens(text), 0);
		return { status: 200, json: { object: 'list', data, model: request.model, usage: { prompt_tokens: used, total_tokens: used } }, record: { texts } };
	}

	function route(method: string, path: string, authorization: string | undefined, body: unknown): Outcome {
		const key = authorization?.replace(/^Bearer\s+/iu, '');
		if (options.apiKeys && (key === undefined || !options.apiKeys.includes(key))) {
			return openAiError(401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
		}
		const endpoint = `${method} ${path.replace(/^\/v1(?=\/)/u, '')}`;
		if (endpoint === 'POST /chat/completions') return chat('chat.completions', body);
		if (endpoint === 'POST /responses') return chat('responses', body);
		if (endpoint === 'POST /embeddings') return embeddings(body);
		if (endpoint === 'GET /models') {
			return { status: 200, json: { object: 'list', data: MODELS.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) } };
		}
		return openAiError(404, `fake model: no route ${endpoint}`, 'invalid_request_error');
	}

	let idleTimer: NodeJS.Timeout | undefined;
	const server = http.createServer((incoming, res) => {
		armIdleTimer();
		const chunks: Buffer[] = [];
		incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
		incoming.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			let body: unknown = text;
			try {
				body = text === '' ? undefined : JSON.parse(text);
			} catch {
				// Kept as text: the route answers 400 or 404 for it.
			}
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
