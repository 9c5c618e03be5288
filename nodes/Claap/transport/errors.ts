import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { ApiErrorSchema, WebhookTriggerFailureSchema } from '../../shared/schemas';
import { jsonBody, header } from './response';
import { errorCode, type Outcome } from './retry';

/** The two Claap credentials, as users see them in n8n. */
export const CREDENTIALS = {
	claapApi: { displayName: 'Claap API', secret: 'API key' },
	claapWebhookApi: { displayName: 'Claap Webhook', secret: 'webhook ID and secret' },
} as const;
export type ClaapCredentialType = keyof typeof CREDENTIALS;

/** Claap's own words about a failure, from either error envelope. */
export function claapReason(body: unknown): { code?: string; message?: string; path?: unknown } {
	const rest = ApiErrorSchema.safeParse(body);
	if (rest.success) return { code: rest.data.error.type, message: rest.data.error.message, path: rest.data.error.path };
	const webhook = WebhookTriggerFailureSchema.safeParse(body);
	if (webhook.success) return { code: webhook.data.error, message: webhook.data.errMessage };
	return {};
}

function credentialName(node: INode, type: ClaapCredentialType): string {
	const chosen = node.credentials?.[type]?.name;
	return chosen === undefined ? `the ${CREDENTIALS[type].displayName} credential` : `the ${CREDENTIALS[type].displayName} credential "${chosen}"`;
}

/** Turns a final non-2xx answer from Claap into an error naming the status, Claap's code and message. */
export function responseError(
	node: INode,
	credentialType: ClaapCredentialType,
	outcome: Extract<Outcome, { kind: 'response' }>,
): NodeApiError {
	const { response, attempts } = outcome;
	const status = response.statusCode;
	const reason = claapReason(jsonBody(response));
	const claapSays = reason.code !== undefined ? `${reason.code}${reason.message ? `: ${reason.message}` : ''}` : undefined;
	const details: JsonObject = { status, code: reason.code ?? null, message: reason.message ?? null };
	let message: string;
	let description: string | undefined;
	if (status === 401 || status === 403) {
		message = `Claap refused ${credentialName(node, credentialType)} (${status}${claapSays ? `, ${claapSays}` : ''})`;
		description =
			credentialType === 'claapApi'
				? 'Check the API key in this credential. Claap API keys work only for paying or trial workspaces.'
				: 'Check the webhook ID and secret in this credential: they are the ones Claap support sent you.';
	} else if (status === 429) {
		const retryAfter = header(response, 'retry-after');
		message = `Claap is rate limiting requests (429) and still was after ${attempts} attempt(s)`;
		description = `${retryAfter !== undefined ? `Claap asked to wait (Retry-After: ${retryAfter}). ` : ''}${claapSays ?? ''}`.trim();
	} else if (status >= 500) {
		message = `Claap could not answer (${status}) after ${attempts} attempt(s)${claapSays ? `: ${claapSays}` : ''}`;
		description = 'Claap or the network had trouble. Try again in a few minutes.';
	} else {
		message = `Claap answered ${status}${claapSays ? `: ${claapSays}` : ''}`;
		const pointer = reason.path !== undefined ? `Claap points at: ${JSON.stringify(reason.path)}` : undefined;
		// Said to people and to AI agents alike: a wrong ID is the usual cause.
		const remedy = status === 404 ? 'Check the ID: Claap has nothing there that this credential can see.' : undefined;
		description = [remedy, pointer].filter((part) => part !== undefined).join(' ') || undefined;
	}
	return new NodeApiError(node, details, { message, description, httpCode: String(status) });
}

/** A request that never got an answer, after every retry. */
export function networkError(node: INode, url: string, outcome: Extract<Outcome, { kind: 'network' }>): NodeApiError {
	const code = errorCode(outcome.error) ?? 'network error';
	const host = new URL(url).host;
	return new NodeApiError(
		node,
		{ code, host },
		{
			message: `Could not reach ${host} (${code}) after ${outcome.attempts} attempt(s)`,
			description: 'The network or the server is unavailable. Try again in a few minutes.',
		},
	);
}

/** n8n's own errors (a missing credential, say) pass through; anything else is wrapped. */
export function unexpectedError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof Error) return new NodeOperationError(node, error);
	return new NodeOperationError(node, String(error));
}
