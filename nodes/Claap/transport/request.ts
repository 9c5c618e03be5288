import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { z } from 'zod/v4';

import { networkError, responseError, unexpectedError, type ClaapCredentialType } from './errors';
import { jsonBody, toHttpResponse } from './response';
import { defaultRetryPolicy, sendWithRetry, type RetryPolicy } from './retry';

/** What an execution needs besides n8n: injected so tests control time. */
export interface ClaapDeps {
	retry: RetryPolicy;
	now: () => number;
	/** A server that never answers must not hold the execution: a timeout counts as a network error and is retried. */
	timeouts: { apiMs: number; linkMs: number };
}

export const defaultDeps: ClaapDeps = {
	retry: defaultRetryPolicy,
	now: () => Date.now(),
	// Pre-signed links can be videos of up to 2 GiB.
	timeouts: { apiMs: 60_000, linkMs: 10 * 60_000 },
};

const CredentialBaseSchema = z.looseObject({ baseUrl: z.string().optional() });

/** The credential's base URL without a trailing slash, or the default. */
export async function credentialBaseUrl(
	ctx: IExecuteFunctions,
	type: ClaapCredentialType,
	itemIndex: number,
	fallback: string,
): Promise<string> {
	const parsed = CredentialBaseSchema.safeParse(await ctx.getCredentials(type, itemIndex));
	const baseUrl = parsed.success && parsed.data.baseUrl ? parsed.data.baseUrl.trim() : '';
	return (baseUrl === '' ? fallback : baseUrl).replace(/\/+$/u, '');
}

/**
 * One authenticated call to Claap, retried per policy, with the answer's JSON body back on 2xx.
 * Non-2xx answers become NodeApiErrors naming the status and Claap's code and message.
 */
export async function authenticatedRequest(
	ctx: IExecuteFunctions,
	deps: ClaapDeps,
	credentialType: ClaapCredentialType,
	options: IHttpRequestOptions & { url: string },
): Promise<unknown> {
	const outcome = await sendWithRetry(
		deps.retry,
		async () =>
			toHttpResponse(
				await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, {
					...options,
					json: true,
					timeout: deps.timeouts.apiMs,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
				}),
			),
		deps.now,
	);
	switch (outcome.kind) {
		case 'failed':
			throw unexpectedError(ctx.getNode(), outcome.error);
		case 'network':
			throw networkError(ctx.getNode(), options.url, outcome);
		case 'response':
			if (outcome.response.statusCode >= 300) throw responseError(ctx.getNode(), credentialType, outcome);
			return jsonBody(outcome.response);
	}
}
