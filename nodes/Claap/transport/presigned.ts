import type { IHttpRequestOptions, INode } from 'n8n-workflow';

import { expiredLinkError, linkStatusError } from './linkErrors';
import { sendForAnswer, type Answer, type ClaapDeps } from './request';

/** `this.helpers.httpRequest`: the only n8n capability a pre-signed download is given. */
export type PlainHttpRequest = (options: IHttpRequestOptions) => Promise<unknown>;

export interface PresignedLink {
	url: string;
	/** What the link serves, for messages: `transcript`, `video`. */
	what: string;
	/** The Claap Trigger's `linksExpireAt`, when the recording came from it. */
	linksExpireAt?: string;
}

/** `20261124T140012Z`, the signing time format of S3 and GCS. */
function parseCompactDate(value: string): number | undefined {
	const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/u.exec(value);
	if (match === null) return undefined;
	const [, y, mo, d, h, mi, s] = match;
	return Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}

/** Fails before any request when the link's own signature (or `linksExpireAt`) says it has expired. */
export function refuseExpiredLink(node: INode, deps: ClaapDeps, link: PresignedLink): void {
	const expiresAt = linkExpiresAt(link.url, link.linksExpireAt);
	if (expiresAt !== undefined && expiresAt <= deps.now()) {
		throw expiredLinkError(node, link, `expired at ${new Date(expiresAt).toISOString()}`);
	}
}

/**
 * When a link stops working, in epoch milliseconds, read from the link itself (S3 or GCS
 * signature v4: signing date + lifetime; v2: `Expires` epoch seconds), else from `linksExpireAt`.
 */
export function linkExpiresAt(url: string, linksExpireAt?: string): number | undefined {
	let params: URLSearchParams;
	try {
		params = new URL(url).searchParams;
	} catch {
		return undefined;
	}
	const signedAt = params.get('X-Amz-Date') ?? params.get('X-Goog-Date');
	const lifetime = params.get('X-Amz-Expires') ?? params.get('X-Goog-Expires');
	if (signedAt !== null && lifetime !== null) {
		const start = parseCompactDate(signedAt);
		if (start !== undefined && Number.isFinite(Number(lifetime))) return start + Number(lifetime) * 1000;
	}
	const expires = params.get('Expires');
	if (expires !== null && /^\d+$/u.test(expires)) return Number(expires) * 1000;
	if (linksExpireAt !== undefined) {
		const at = Date.parse(linksExpireAt);
		if (!Number.isNaN(at)) return at;
	}
	return undefined;
}

/** A pre-signed link's final 2xx answer, its body parsed as JSON. */
async function answerOfLink(
	httpRequest: PlainHttpRequest,
	node: INode,
	deps: ClaapDeps,
	link: PresignedLink,
): Promise<Answer> {
	refuseExpiredLink(node, deps, link);
	const source = { name: `The ${link.what} link`, url: link.url, kind: 'link' as const };
	const answer = await sendForAnswer(
		node,
		deps,
		source,
		async () =>
			await httpRequest({
				method: 'GET',
				url: link.url,
				encoding: 'arraybuffer',
				timeout: deps.timeouts.linkMs,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			}),
		'json',
	);
	const { statusCode } = answer.response;
	if (statusCode >= 300) {
		throw linkStatusError(node, link, statusCode, answer.attempts, { signedUntil: linkExpiresAt(link.url), now: deps.now() });
	}
	return answer;
}

/**
 * A pre-signed link's JSON (a transcript's `url`), read with n8n's plain `httpRequest` only
 * (no credential can reach the storage host: the link carries its own authorisation); a body
 * that is not JSON (cut short, an HTML page) is asked for again like a dropped connection.
 */
export async function downloadPresignedJson(
	httpRequest: PlainHttpRequest,
	node: INode,
	deps: ClaapDeps,
	link: PresignedLink,
): Promise<unknown> {
	return (await answerOfLink(httpRequest, node, deps, link)).response.body;
}
