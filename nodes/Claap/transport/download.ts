import { NodeApiError, sleep, type BinaryHelperFunctions, type IBinaryData, type INode, type JsonObject } from 'n8n-workflow';

import { networkError, unexpectedError } from './errors';
import { linkStatusError } from './linkErrors';
import { linkExpiresAt, refuseExpiredLink, type PlainHttpRequest, type PresignedLink } from './presigned';
import type { ClaapDeps } from './request';
import { header, toHttpResponse, type HttpResponse } from './response';
import { sendWithRetry } from './retry';

/** Node's Readable, as n8n-workflow names it (community nodes may not import node:stream). */
type Readable = Exclude<Parameters<BinaryHelperFunctions['prepareBinaryData']>[0], Buffer>;

/** `this.helpers.prepareBinaryData`: n8n's binary data store, which takes a stream. */
export type PrepareBinaryData = (data: Readable, fileName?: string, mimeType?: string) => Promise<IBinaryData>;

/** What the stored file is called and labelled, decided once the answer's headers are in. */
export type NameFile = (contentType: string | undefined) => { fileName: string; mimeType: string };

export interface DownloadedBinary {
	binary: IBinaryData;
	bytes: number;
	fileName: string;
	mimeType: string;
}

/**
 * A storage host that stops sending must not hold the execution: no byte for this long fails
 * the attempt (retried like any cut connection). The request timeout covers the wait for headers.
 */
export const LINK_IDLE_MS = 60_000;

/** How far a body got before it broke or stalled. */
interface Progress {
	received: number;
	expected?: number;
}

const isReadable = (value: unknown): value is Readable =>
	typeof value === 'object' && value !== null && 'pipe' in value && typeof value.pipe === 'function';

const codeOf = (error: unknown) =>
	typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;

/**
 * The attempt's failure, as a NodeApiError that the retry loop still reads as a broken connection
 * (its cause carries ECONNRESET), so a download cut short starts over like any network error.
 */
function cutShortError(node: INode, link: PresignedLink, progress: Progress, cause: unknown): NodeApiError {
	const expected = progress.expected === undefined ? 'an unknown number of' : String(progress.expected);
	// No `code` here: NodeApiError would swap the message for its own ECONNRESET wording.
	const details: JsonObject = { host: new URL(link.url).host, reason: codeOf(cause) ?? null, ...progress };
	const error = new NodeApiError(node, details, {
		message: `The ${link.what} download was cut short after ${progress.received} of ${expected} bytes`,
		description: 'The connection to the storage host broke or stalled during the download. Try again in a few minutes.',
	});
	error.cause = Object.assign(new Error('body cut short'), { code: 'ECONNRESET' });
	return error;
}

/** Fails `body` when no byte has arrived for `idleMs`; stops once `done()` says so. */
async function watchIdle(body: Readable, received: () => number, done: () => boolean, idleMs: number) {
	const step = Math.max(1, Math.floor(idleMs / 4));
	let last = received();
	let lastChange = Date.now();
	while (!done()) {
		await sleep(step);
		if (done()) return;
		if (received() !== last) {
			last = received();
			lastChange = Date.now();
		} else if (Date.now() - lastChange >= idleMs) {
			body.destroy(Object.assign(new Error(`no data for ${idleMs} ms`), { code: 'ETIMEDOUT' }));
			return;
		}
	}
}

/**
 * Streams one answer's body into n8n's binary data store, counting bytes on the way (`map`
 * hands each chunk through unchanged, and the store pulls at its own pace, so nothing piles up).
 */
async function storeBody(
	node: INode,
	link: PresignedLink,
	body: Readable,
	response: HttpResponse,
	prepareBinaryData: PrepareBinaryData,
	nameFile: NameFile,
	idleMs: number,
): Promise<DownloadedBinary> {
	const announced = Number(header(response, 'content-length'));
	const progress: Progress = { received: 0, ...(Number.isFinite(announced) && announced >= 0 ? { expected: announced } : {}) };
	let finished = false;
	const counted = body.map((chunk: Buffer) => {
		progress.received += chunk.length;
		return chunk;
	});
	void watchIdle(body, () => progress.received, () => finished, idleMs);
	const { fileName, mimeType } = nameFile(header(response, 'content-type'));
	let binary: IBinaryData;
	try {
		binary = await prepareBinaryData(counted, fileName, mimeType);
	} catch (error) {
		body.destroy();
		// The connection broke or stalled mid-body, whatever the store made of it: retried.
		if (body.errored !== null || counted.errored !== null) throw cutShortError(node, link, progress, body.errored ?? error);
		throw unexpectedError(node, error);
	} finally {
		finished = true;
	}
	if (progress.expected !== undefined && progress.received !== progress.expected) {
		throw cutShortError(node, link, progress, undefined);
	}
	return { binary, bytes: progress.received, fileName, mimeType };
}

/**
 * Downloads a pre-signed link straight into n8n's binary data store, without holding the file
 * in memory (with n8n's filesystem, S3 or database binary data modes). Same guarantees as
 * `downloadPresignedLink`: expiry read from the link, retries on 429, 5xx, network errors and
 * bodies cut short (each retry starts over), timeouts, and only n8n's plain `httpRequest`, so no
 * credential reaches the storage host.
 */
export async function downloadLinkToBinary(
	helpers: { httpRequest: PlainHttpRequest; prepareBinaryData: PrepareBinaryData },
	node: INode,
	deps: ClaapDeps,
	link: PresignedLink,
	nameFile: NameFile,
): Promise<DownloadedBinary> {
	refuseExpiredLink(node, deps, link);
	const idleMs = Math.min(deps.timeouts.linkMs, LINK_IDLE_MS);
	let stored: DownloadedBinary | undefined;
	const outcome = await sendWithRetry(
		deps.retry,
		async () => {
			const response = toHttpResponse(
				await helpers.httpRequest({
					method: 'GET',
					url: link.url,
					encoding: 'stream',
					timeout: deps.timeouts.linkMs,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
				}),
			);
			const { body } = response;
			if (response.statusCode >= 300) {
				// Error answers are small and unread: free the connection.
				if (isReadable(body)) body.destroy();
				return { ...response, body: undefined };
			}
			if (!isReadable(body)) throw new NodeApiError(node, {}, { message: `The ${link.what} link answered with no file` });
			stored = await storeBody(node, link, body, response, helpers.prepareBinaryData, nameFile, idleMs);
			return response;
		},
		deps.now,
	);
	if (outcome.kind === 'failed') throw unexpectedError(node, outcome.error);
	if (outcome.kind === 'network') {
		if (outcome.error instanceof NodeApiError) {
			outcome.error.message += `, after ${outcome.attempts} attempt(s)`;
			throw outcome.error;
		}
		throw networkError(node, link.url, outcome);
	}
	const { statusCode } = outcome.response;
	if (statusCode >= 300) {
		throw linkStatusError(node, link, statusCode, outcome.attempts, { signedUntil: linkExpiresAt(link.url), now: deps.now() });
	}
	if (stored === undefined) throw new NodeApiError(node, {}, { message: `The ${link.what} link answered with no file` });
	return stored;
}
