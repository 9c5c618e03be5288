import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { header, type HttpResponse } from './response';
import { BROKEN_BODY, errorCode } from './retry';

// Reads an answer's body as JSON, and when it is not JSON, says what arrived instead. Both Claap's
// REST API and the pre-signed transcript links go through here.

/** What arrived where JSON was expected. */
export type BodyKind = 'empty' | 'cutShort' | 'invalidJson' | 'html' | 'xml' | 'binary' | 'text';

export interface BodyReport {
	kind: BodyKind;
	/** Bytes that arrived; unknown when the connection broke before n8n handed the body over. */
	bytes?: number;
	contentType?: string;
	/** The start of the body, for the error's details. */
	start?: string;
	/** An HTML page's title, which often names the proxy or error page that answered. */
	title?: string;
}

/**
 * A body that is not JSON. Thrown inside an attempt, so the retry loop asks again as after a
 * broken connection (its code is axios's for a body that broke off); `retry: false` after a
 * POST, which Claap has already carried out.
 */
export class UnreadableAnswer extends Error {
	readonly code?: string;

	constructor(
		readonly report: BodyReport,
		retry: boolean,
	) {
		super(`not JSON: ${report.kind}`);
		if (retry) this.code = BROKEN_BODY;
	}
}

/** Whether JSON.parse ran out of text rather than met a wrong character (V8 says where it failed). */
function runsOutOfText(text: string): boolean {
	try {
		JSON.parse(text);
		return false;
	} catch (error) {
		const message = error instanceof Error ? error.message : '';
		const at = /at position (\d+)/u.exec(message)?.[1];
		return message.includes('end of JSON input') || (at !== undefined && Number(at) >= text.length);
	}
}

// Control characters other than whitespace, or undecodable bytes: not text.
const isBinary = (text: string) => [...text.slice(0, 1000)].some((char) => /[\p{Cc}\uFFFD]/u.test(char) && !/\s/u.test(char));

/** What a body that failed to parse as JSON is. */
export function describeBody(text: string, bytes: number, contentType?: string): BodyReport {
	const body = text.trim();
	const about = { bytes, ...(contentType === undefined ? {} : { contentType }) };
	if (body === '') return { kind: 'empty', ...about };
	if (isBinary(body)) return { kind: 'binary', ...about };
	const start = body.slice(0, 200).replace(/\s+/gu, ' ');
	if (/^[{["]/u.test(body) && runsOutOfText(body)) return { kind: 'cutShort', ...about, start };
	if (body.startsWith('{')) return { kind: 'invalidJson', ...about, start };
	if (/^<!doctype html|^<html[\s>]/iu.test(body) || /html/iu.test(contentType ?? '')) {
		const title = /<title[^>]*>([^<]{1,120})/iu.exec(body)?.[1].trim();
		return { kind: 'html', ...about, start, ...(title ? { title } : {}) };
	}
	if (body.startsWith('<')) return { kind: 'xml', ...about, start };
	return { kind: 'text', ...about, start };
}

/**
 * A 2xx answer's body as JSON: n8n hands JSON over already parsed, anything else as text (or
 * bytes, with `encoding: 'arraybuffer'`). A 204 has no body. Anything else throws UnreadableAnswer.
 */
export function jsonOf(response: HttpResponse, retry: boolean): unknown {
	const { body, statusCode } = response;
	if (statusCode === 204) return undefined;
	if (body !== undefined && body !== null && typeof body !== 'string' && !Buffer.isBuffer(body)) return body;
	const data = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : '', 'utf8');
	const text = data.toString('utf8').replace(/^\uFEFF/u, '');
	try {
		if (text.trim() !== '') return JSON.parse(text);
	} catch {
		// described below
	}
	throw new UnreadableAnswer(describeBody(text, data.length, header(response, 'content-type')), retry);
}

/** The report of an unreadable answer: ours, or axios's body that broke off mid-way. */
export function unreadableReport(error: unknown): BodyReport | undefined {
	if (error instanceof UnreadableAnswer) return error.report;
	return errorCode(error) === BROKEN_BODY ? { kind: 'cutShort' } : undefined;
}

/** Who answered, for messages and remedies. */
export interface AnswerSource {
	/** As messages name it: `Claap`, `The transcript link`. */
	name: string;
	/** The request, for Claap's API: `GET /v1/recordings/rec_1`. */
	request?: string;
	url: string;
	/** Claap's REST API, or a pre-signed link to a file at a storage host. */
	kind: 'api' | 'link';
}

const ARRIVED: Record<BodyKind, (report: BodyReport) => string> = {
	empty: () => 'an empty body instead of JSON',
	cutShort: (r) => (r.bytes === undefined ? 'a body cut short by a broken connection' : `JSON cut short after ${r.bytes} bytes`),
	invalidJson: (r) => `invalid JSON (${r.bytes} bytes)`,
	html: (r) => `an HTML page${r.title ? ` ("${r.title}")` : ''} instead of JSON`,
	xml: () => 'XML instead of JSON',
	binary: (r) => `binary data (${r.bytes} bytes) instead of JSON`,
	text: (r) => `plain text (${r.bytes} bytes) instead of JSON`,
};

// Words, then more words: prose such as a transcript's `textUrl` serves.
const looksLikeProse = (report: BodyReport) => /\p{L}{2,}[\s\S]*\s\p{L}{2,}/u.test(report.start ?? '');

/** The remedy: only what applies to what arrived, from where. */
function remedy(source: AnswerSource, report: BodyReport, retried: boolean): string {
	if (!retried) {
		return `Claap received the request and answered with success, so it has most likely been done. Check in Claap before running this again, or it may be done twice.`;
	}
	const host = new URL(source.url).host;
	if (report.kind === 'empty' || report.kind === 'cutShort' || report.kind === 'invalidJson') {
		return `The connection to ${host} broke off, or the answer was damaged on the way. Try again in a few minutes.`;
	}
	if (source.kind === 'api') {
		return `Something other than Claap's API answered: a proxy, a firewall or a login page between n8n and Claap, or a credential whose Base URL is not Claap's API (by default it is on https://api.claap.io). Check the Base URL and the network between n8n and ${host}.`;
	}
	if (report.kind === 'text' && looksLikeProse(report)) {
		return 'This looks like a plain-text transcript: use a transcript\'s "url" (JSON), not its "textUrl" (plain text).';
	}
	return `The link did not serve a transcript's JSON: something else answered at ${host} (a proxy or a login page), or the link is not a transcript's "url". Check the link, or get fresh links with Recording > Get.`;
}

/** The error for an answer whose body is not JSON, after every attempt the policy allowed. */
export function unreadableAnswerError(
	node: INode,
	source: AnswerSource,
	report: BodyReport,
	attempts: number,
	retried = true,
): NodeApiError {
	const { kind, ...about } = report;
	// No `status` or `code` in the details: NodeApiError would read them as the HTTP status.
	const details: JsonObject = { host: new URL(source.url).host, received: kind, ...about };
	const answered = source.request === undefined ? `${source.name} answered` : `${source.name} answered ${source.request}`;
	return new NodeApiError(node, details, {
		message: `${answered} with ${ARRIVED[kind](report)}${attempts > 1 ? ` (${attempts} attempts)` : ''}`,
		description: remedy(source, report, retried),
	});
}
