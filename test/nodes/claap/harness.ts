import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

import { ClaapApi } from '../../../credentials/ClaapApi.credentials';
import { ClaapWebhookApi } from '../../../credentials/ClaapWebhookApi.credentials';
import type { ClaapDeps, RetryPolicy } from '../../../nodes/Claap/transport';

export const API = 'https://api.claap.io';
export const WEBHOOK_API = 'https://api.claap.io/api';
export const STORAGE = 'https://storage.claap.io';
export const API_KEY = 'cla_test_key_5f1e';
export const WEBHOOK_SECRET = 'whsec_test_91ab';
export const NOW = Date.parse('2026-11-24T15:00:00.000Z');

export const CREDENTIALS: Record<string, ICredentialDataDecryptedObject> = {
	claapApi: { apiKey: API_KEY, baseUrl: API },
	claapWebhookApi: { webhookId: 'wh_123', webhookSecret: WEBHOOK_SECRET, baseUrl: WEBHOOK_API },
};

/**
 * A real HTTP client with the semantics of n8n's `httpRequest` options this package uses,
 * over Node's fetch, so nock sees the actual requests.
 */
export async function realHttpRequest(options: IHttpRequestOptions): Promise<unknown> {
	const url = new URL(options.url, options.baseURL);
	for (const [key, value] of Object.entries(options.qs ?? {})) {
		if (value !== undefined) url.searchParams.set(key, String(value));
	}
	const headers: Record<string, string> = {};
	for (const [key, value] of Object.entries(options.headers ?? {})) headers[key] = String(value);
	let body: string | undefined;
	if (options.body !== undefined && options.method !== 'GET') {
		body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
		headers['content-type'] ??= 'application/json';
	}
	const signal = options.timeout === undefined ? undefined : AbortSignal.timeout(options.timeout);
	let response: Response;
	let raw: Buffer;
	try {
		response = await fetch(url, { method: options.method ?? 'GET', headers, body, signal });
		if (options.encoding === 'stream') {
			// As axios does for `responseType: 'stream'`: the headers now, the body as a Node stream.
			const stream = response.body === null ? Readable.from([]) : Readable.fromWeb(response.body as NodeReadableStream);
			return { statusCode: response.status, headers: Object.fromEntries(response.headers.entries()), body: stream };
		}
		raw = Buffer.from(await response.arrayBuffer());
	} catch (error) {
		// As axios (behind n8n's helpers) reports a timeout.
		if (typeof error === 'object' && error !== null && 'name' in error && error.name === 'TimeoutError') {
			throw Object.assign(new Error(`timeout of ${options.timeout}ms exceeded`), { code: 'ECONNABORTED' });
		}
		throw error;
	}
	let parsed: unknown = raw;
	if (options.encoding !== 'arraybuffer') {
		const text = raw.toString('utf8');
		try {
			parsed = options.json === true ? JSON.parse(text) : text;
		} catch {
			parsed = text;
		}
	}
	if (!response.ok && options.ignoreHttpStatusErrors !== true) {
		throw Object.assign(new Error(`Request failed with status code ${response.status}`), { httpCode: response.status });
	}
	if (options.returnFullResponse === true) {
		return { statusCode: response.status, headers: Object.fromEntries(response.headers.entries()), body: parsed };
	}
	return parsed;
}

const AUTHENTICATE = {
	claapApi: new ClaapApi().authenticate,
	claapWebhookApi: new ClaapWebhookApi().authenticate,
};

/** Applies a credential's own `authenticate` headers, as n8n does, then sends for real. */
export async function realHttpRequestWithAuthentication(type: string, options: IHttpRequestOptions): Promise<unknown> {
	const credentials = CREDENTIALS[type];
	if (type !== 'claapApi' && type !== 'claapWebhookApi') throw new Error(`unknown credential ${type}`);
	const headers: IDataObject = { ...(options.headers ?? {}) };
	for (const [name, template] of Object.entries(AUTHENTICATE[type].properties.headers ?? {})) {
		headers[name] = String(template).replace(/^=\{\{\s*\$credentials\.(\w+)\s*\}\}$/u, (_all, key: string) =>
			String(credentials[key]),
		);
	}
	return await realHttpRequest({ ...options, headers });
}

export interface ContextOptions {
	/** Parameters for every item, or one set per item. */
	parameters: Record<string, unknown> | Array<Record<string, unknown>>;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	/** `n8n-nodes-claap.claapTool` when an AI agent calls the node as its tool. */
	nodeType?: string;
}

export function createContext(options: ContextOptions) {
	const items = options.items ?? [{ json: {} }];
	const node: INode = {
		id: 'node-1',
		name: 'Claap',
		type: options.nodeType ?? 'n8n-nodes-claap.claap',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: {
			claapApi: { id: '1', name: 'Sales workspace key' },
			claapWebhookApi: { id: '2', name: 'Claap webhook' },
		},
	};
	const httpRequest = jest.fn(realHttpRequest);
	const httpRequestWithAuthentication = jest.fn(realHttpRequestWithAuthentication);
	const getCredentials = jest.fn(async (type: string) => {
		const found = CREDENTIALS[type];
		if (found === undefined) throw new Error(`no credential ${type}`);
		return found;
	});
	const context = {
		getInputData: () => items,
		getNode: () => node,
		continueOnFail: () => options.continueOnFail === true,
		getCredentials,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const parameters = Array.isArray(options.parameters) ? options.parameters[itemIndex] : options.parameters;
			if (parameters !== undefined && name in parameters) return parameters[name];
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
		helpers: {
			httpRequest,
			httpRequestWithAuthentication,
			prepareBinaryData: async (input: Buffer | Readable, fileName?: string, mimeType?: string): Promise<IBinaryData> => {
				const data = Buffer.isBuffer(input) ? input : await buffer(input);
				return {
					data: data.toString('base64'),
					fileName,
					mimeType: mimeType ?? 'application/octet-stream',
					fileSize: String(data.length),
				};
			},
		},
	};
	// The mock implements only what the node calls; the cast is confined to this harness.
	return { ctx: context as unknown as IExecuteFunctions, httpRequest, httpRequestWithAuthentication, getCredentials };
}

/** A retry policy that records the waits instead of sleeping. */
export function fastDeps(): { deps: ClaapDeps; waits: number[] } {
	const waits: number[] = [];
	const retry: RetryPolicy = {
		maxRetries: 4,
		baseDelayMs: 1000,
		maxDelayMs: 16_000,
		maxRetryAfterMs: 60_000,
		wait: async (ms) => {
			waits.push(ms);
		},
	};
	return { deps: { retry, now: () => NOW, timeouts: { apiMs: 5_000, linkMs: 5_000 } }, waits };
}
