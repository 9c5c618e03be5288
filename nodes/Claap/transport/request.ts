import type { IExecuteFunctions, IHttpRequestOptions, INode, IPollFunctions } from 'n8n-workflow';
import { z } from 'zod/v4';

import { jsonOf, unreadableAnswerError, unreadableReport, type AnswerSource } from './answerBody';
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
 * How a 2xx answer's body is read: `raw` as it comes; `json` as JSON, asked again when it is not
 * (a read can be repeated); `jsonOnce` as JSON, never asked again (after a POST Claap has acted,
 * and asking again could act twice).
 */
export type BodyReading = 'raw' | 'json' | 'jsonOnce';

export type Answer = Extract<Outcome, { kind: 'response' }>;

/**
 * Sends per the retry policy and hands back the final answer, whatever its status: judging it
 * is the caller's job. With a JSON reading, a 2xx answer's body comes back parsed. No answer at
 * all (network, timeout), a body that is not JSON, or a failure to send is thrown.
 */
export async function sendForAnswer(
	node: INode,
	deps: ClaapDeps,
	source: AnswerSource,
	send: () => Promise<unknown>,
	reading: BodyReading = 'raw',
): Promise<Answer> {
	const outcome = await sendWithRetry(
		deps.retry,
		async () => {
			const response = toHttpResponse(await send());
			if (reading === 'raw' || response.statusCode >= 300) return response;
			return { ...response, body: jsonOf(response, reading === 'json') };
		},
		deps.now,
	);
	if (outcome.kind === 'response') return outcome;
	const report = unreadableReport(outcome.error);
	if (report !== undefined) throw unreadableAnswerError(node, source, report, outcome.attempts, outcome.kind === 'network');
	if (outcome.kind === 'failed') throw unexpectedError(node, outcome.error);
	throw networkError(node, source.url, outcome);
}

/**
 * One authenticated call to Claap, retried per policy, with the answer's JSON body back on 2xx
 * (a DELETE's status is its whole answer: its body comes back as it is).
 * Non-2xx answers become NodeApiErrors naming the status and Claap's code and message.
 */
export async function authenticatedRequest(
	ctx: ClaapContext,
	deps: ClaapDeps,
	credentialType: ClaapCredentialType,
	options: IHttpRequestOptions & { url: string },
	/** The call, as messages name it: `GET /v1/recordings/rec_1`, `the webhook trigger`. */
	what: string,
): Promise<unknown> {
	const method = options.method ?? 'GET';
	const source: AnswerSource = { name: 'Claap', request: what, url: options.url, kind: 'api' };
	const reading: BodyReading = method === 'GET' ? 'json' : method === 'DELETE' ? 'raw' : 'jsonOnce';
	const answer = await sendForAnswer(
		ctx.getNode(),
		deps,
		source,
		async () =>
			await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, {
				...options,
				json: true,
				timeout: deps.timeouts.apiMs,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			}),
		reading,
	);
	if (answer.response.statusCode >= 300) throw responseError(ctx.getNode(), credentialType, answer);
	return reading === 'raw' ? jsonBody(answer.response) : answer.response.body;
}
