import { chatCompletion, chatCompletionChunks, type Reply } from './chatCompletions';
import { isObject, readConversation, type ChatApi, type Conversation } from './conversation';
import { DEFAULT_DIMENSIONS, embed, inputTexts, toBase64 } from './embeddings';
import { response, responseEvents } from './responses';
import { ScriptError, type Answer, type ModelScript } from './script';
import type { SseEvent } from './sse';
import { tokens, usageOf } from './usage';

/**
 * The fake model's API: what each request gets, as a status and a JSON body or a stream of
 * events, and what the request log keeps of it. No HTTP here (server.ts does that).
 */

/** What the request log keeps beyond the request itself. */
export interface Recorded {
	/** For chat requests: what was asked, in one shape for both APIs. */
	conversation?: Conversation;
	/** For chat requests: what the script answered. */
	answer?: Answer;
	/** For embeddings requests: the texts embedded. */
	texts?: string[];
	error?: string;
}

export interface Outcome {
	status: number;
	json?: unknown;
	events?: SseEvent[];
	record?: Recorded;
}

export interface EndpointOptions {
	/** Bearer keys accepted; others get OpenAI's 401. Default: any key. */
	apiKeys?: string[];
	/** Vector length when a request does not ask for `dimensions`. */
	dimensions?: number;
}

const MODELS = ['gpt-4.1-mini', 'gpt-4o-mini', 'text-embedding-3-small'];

export const openAiError = (status: number, message: string, type: string, code: string | null = null): Outcome => ({
	status,
	json: { error: { message, type, param: null, code } },
	record: { error: message },
});

/** The endpoints of OpenAI's API the AI nodes call, answering chat requests from `script`. */
export function fakeOpenAiApi(script: ModelScript, options: EndpointOptions = {}) {
	let replies = 0;

	function chat(api: ChatApi, body: unknown): Outcome {
		const conversation = readConversation(api, body);
		let answer: Answer;
		try {
			answer = script.next(conversation);
		} catch (error) {
			if (!(error instanceof ScriptError)) throw error;
			return { ...openAiError(500, `fake model: ${error.message}`, 'server_error'), record: { conversation, error: error.message } };
		}
		replies++;
		const reply: Reply = { id: `fake${replies}`, model: conversation.model, created: Math.floor(Date.now() / 1000), usage: usageOf(conversation, answer) };
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

	return route;
}
