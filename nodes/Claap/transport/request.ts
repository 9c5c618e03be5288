import type { IExecuteFunctions, IHttpRequestOptions, INode, IPollFunctions } from 'n8n-workflow';
import { z } from 'zod/v4';

import { networkError, responseError, unexpectedError, type ClaapCredentialType } from './errors';
import { jsonBody, toHttpResponse } from './response';
import { defaultRetryPolicy, sendWithRetry, type Outcome, type RetryPolicy } from './retry';

/**
 * The n8n contexts that call Claap: the action node's execute() and the polling trigger's poll().
 * Both read credentials and have `httpRequestWithAuthentication`.
 */
export type ClaapContext = IExecuteFunctions | IPollFunctions;

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
	ctx: ClaapContext,
	type: ClaapCredentialType,
	itemIndex: number,
	fallback: string,
): Promise<string> {
	const parsed = CredentialBaseSchema.safeParse(await ctx.getCredentials(type, itemIndex));
	const baseUrl = parsed.success && parsed.data.baseUrl ? parsed.data.baseUrl.trim() : '';
	return (baseUrl === '' ? fallback : baseUrl).replace(/\/+$/u, '');
}

/**
 * Sends per the retry policy and hands back the final answer, whatever its status: judging it
 * is the caller's job. No answer at all (network, timeout) or a failure to send is thrown.
 */
export async function sendForAnswer(
	node: INode,
	deps: ClaapDeps,
	url: string,
	send: () => Promise<unknown>,
): Promise<Extract<Outcome, { kind: 'response' }>> {
	const outcome = await sendWithRetry(deps.retry, async () => toHttpResponse(await send()), deps.now);
	if (outcome.kind === 'failed') throw unexpectedError(node, outcome.error);
	if (outcome.kind === 'network') throw networkError(node, url, outcome);
	return outcome;
}

/**
 * One authenticated call to Claap, retried per policy, with the answer's JSON body back on 2xx.
 * Non-2xx answers become NodeApiErrors naming the status and Claap's code and message.
 */
export async function authenticatedRequest(
	ctx: ClaapContext,
	deps: ClaapDeps,
	credentialType: ClaapCredentialType,
	options: IHttpRequestOptions & { url: string },
): Promise<unknown> {
	const answer = await sendForAnswer(ctx.getNode(), deps, options.url, async () =>
		await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, {
			...options,
			json: true,
			timeout: deps.timeouts.apiMs,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		}),
	);
	if (answer.response.statusCode >= 300) throw responseError(ctx.getNode(), credentialType, answer);
	return jsonBody(answer.response);
}
