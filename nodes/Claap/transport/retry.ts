import { sleep } from 'n8n-workflow';

import { header, type HttpResponse } from './response';

/** How hard to try again on 429, 5xx, network errors and bodies that broke off. Injected so tests do not wait. */
export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** First backoff; doubled on each retry. */
	baseDelayMs: number;
	/** Cap of one backoff. */
	maxDelayMs: number;
	/** A longer Retry-After is not waited for: the request fails at once and says how long. */
	maxRetryAfterMs: number;
	wait: (ms: number) => Promise<void>;
}

export const defaultRetryPolicy: RetryPolicy = {
	maxRetries: 4,
	baseDelayMs: 1000,
	maxDelayMs: 16_000,
	maxRetryAfterMs: 60_000,
	wait: async (ms) => await sleep(ms),
};

export type Outcome =
	| { kind: 'response'; response: HttpResponse; attempts: number }
	| { kind: 'network'; error: unknown; attempts: number }
	| { kind: 'failed'; error: unknown; attempts: number };

/**
 * axios's code for a body that broke off mid-way ("stream has been aborted"); answerBody.ts gives
 * it to a body that is not JSON too, so both are asked again like a dropped connection.
 */
export const BROKEN_BODY = 'ERR_BAD_RESPONSE';

const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	BROKEN_BODY,
]);

export function errorCode(error: unknown): string | undefined {
	if (typeof error !== 'object' || error === null) return undefined;
	const code = 'code' in error ? error.code : undefined;
	if (typeof code === 'string') return code;
	return 'cause' in error ? errorCode(error.cause) : undefined;
}

export function isNetworkError(error: unknown): boolean {
	const code = errorCode(error);
	return code !== undefined && NETWORK_CODES.has(code);
}

export const isRetryableStatus = (status: number) => status === 429 || status >= 500;

/** Retry-After in milliseconds: seconds or an HTTP date. */
export function retryAfterMs(response: HttpResponse, now: number): number | undefined {
	const value = header(response, 'retry-after');
	if (value === undefined || value.trim() === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Sends until the answer is neither 429 nor 5xx nor a network error, or the policy gives up.
 * The last answer comes back either way: turning it into an error is the caller's job.
 * Other thrown errors (no credential, bad options) are not retried: they come back as `failed`.
 */
export async function sendWithRetry(
	policy: RetryPolicy,
	send: () => Promise<HttpResponse>,
	now: () => number = Date.now,
): Promise<Outcome> {
	for (let attempt = 1; ; attempt++) {
		let outcome: Outcome;
		try {
			outcome = { kind: 'response', response: await send(), attempts: attempt };
		} catch (error) {
			outcome = { kind: isNetworkError(error) ? 'network' : 'failed', error, attempts: attempt };
		}
		if (outcome.kind === 'failed') return outcome;
		if (outcome.kind === 'response' && !isRetryableStatus(outcome.response.statusCode)) return outcome;
		if (attempt > policy.maxRetries) return outcome;
		const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
		const asked = outcome.kind === 'response' ? retryAfterMs(outcome.response, now()) : undefined;
		if (asked !== undefined && asked > policy.maxRetryAfterMs) return outcome;
		await policy.wait(asked ?? backoff);
	}
}
