import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
} from 'n8n-workflow';
import { z } from 'zod/v4';

import {
	checkData,
	CreatedRecordingResultSchema,
	formatIssues,
	LenientRecordingPageSchema,
	LenientRecordingResultSchema,
	TranscriptResultSchema,
	TranscriptSchema,
	WebhookTriggerResponseSchema,
	type DealType,
	type Transcript,
	type WebhookTriggerRequest,
} from '../../shared/schemas';
import type { ClaapCredentialType } from './errors';
import { downloadPresignedJson } from './presigned';
import { authenticatedRequest, credentialBaseUrl, type ClaapContext, type ClaapDeps } from './request';

// Every Claap endpoint the node calls, one typed function each. Operations never build a path
// or parse an answer: they call these.

const DEFAULT_BASE_URLS: Record<ClaapCredentialType, string> = {
	claapApi: 'https://api.claap.io',
	claapWebhookApi: 'https://api.claap.io/api',
};
export const MAX_PAGE_SIZE = 100;

interface ApiCall {
	credential: ClaapCredentialType;
	method: IHttpRequestMethods;
	/** Path below the credential's base URL, e.g. `/v1/recordings`. */
	path: string;
	qs?: Record<string, string | number>;
	body?: IDataObject;
	/** What the call is, in messages; by default its method and path. */
	what?: string;
}

/** One call to Claap, retried per policy, its answer parsed with `schema`. */
async function callClaap<T extends z.ZodType>(
	ctx: ClaapContext,
	deps: ClaapDeps,
	itemIndex: number,
	call: ApiCall,
	schema: T,
): Promise<z.output<T>> {
	const baseUrl = await credentialBaseUrl(ctx, call.credential, itemIndex, DEFAULT_BASE_URLS[call.credential]);
	const what = call.what ?? `${call.method} ${call.path}`;
	const body = await authenticatedRequest(
		ctx,
		deps,
		call.credential,
		{ method: call.method, url: `${baseUrl}${call.path}`, qs: call.qs, body: call.body },
		what,
	);
	const checked = checkData(schema, body);
	if (!checked.success) {
		throw new NodeApiError(
			ctx.getNode(),
			{ body: JSON.stringify(body ?? null).slice(0, 2000) },
			{
				message: `Claap answered ${what} with data this node does not understand`,
				description: formatIssues(checked.issues),
			},
		);
	}
	return checked.data;
}

const recordingPath = (recordingId: string, below = '') => `/v1/recordings/${encodeURIComponent(recordingId)}${below}`;

/** Filters and sort of GET /v1/recordings, as Claap names them. */
export type RecordingQuery = Record<string, string>;

export interface RecordingList {
	/** Unparsed: the caller checks each on its own, so one surprising recording never fails a page. */
	recordings: unknown[];
	/** How many recordings match the query in all, as Claap's first page says (when it does). */
	totalCount?: number;
}

/** GET /v1/recordings, page by page through `nextCursor`, up to `max` (all when undefined). */
export async function listRecordings(
	ctx: ClaapContext,
	deps: ClaapDeps,
	itemIndex: number,
	query: RecordingQuery,
	max: number | undefined,
): Promise<RecordingList> {
	const recordings: unknown[] = [];
	let totalCount: number | undefined;
	let cursor: string | undefined;
	do {
		const limit = max === undefined ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, max - recordings.length);
		const qs = { ...query, limit, ...(cursor === undefined ? {} : { cursor }) };
		const page = await callClaap(
			ctx,
			deps,
			itemIndex,
			{ credential: 'claapApi', method: 'GET', path: '/v1/recordings', qs },
			LenientRecordingPageSchema,
		);
		recordings.push(...page.result.recordings);
		totalCount ??= page.result.pagination?.totalCount;
		cursor = page.result.pagination?.nextCursor ?? undefined;
	} while (cursor !== undefined && cursor !== '' && (max === undefined || recordings.length < max));
	return { recordings: max === undefined ? recordings : recordings.slice(0, max), ...(totalCount === undefined ? {} : { totalCount }) };
}

/**
 * GET /v1/recordings/{id}: the recording with fresh 24-hour links, unparsed; with its AI fields
 * (`aiFields`) when `returnAiFields` is set.
 */
export async function getRecording(
	ctx: IExecuteFunctions,
	deps: ClaapDeps,
	itemIndex: number,
	recordingId: string,
	options: { returnAiFields?: boolean } = {},
): Promise<unknown> {
	const qs = options.returnAiFields === true ? { returnAiFields: 'true' } : undefined;
	const answer = await callClaap(
		ctx,
		deps,
		itemIndex,
		{ credential: 'claapApi', method: 'GET', path: recordingPath(recordingId), qs },
		LenientRecordingResultSchema,
	);
	return answer.result.recording;
}

/** GET /v1/recordings/{id}, parsed with what the operation reads (see RecordingWithVideoSchema). */
export async function getRecordingAs<T extends z.ZodType>(
	ctx: IExecuteFunctions,
	deps: ClaapDeps,
	itemIndex: number,
	recordingId: string,
	schema: T,
): Promise<z.output<T>> {
	const checked = checkData(schema, await getRecording(ctx, deps, itemIndex, recordingId));
	if (!checked.success) {
		throw new NodeOperationError(ctx.getNode(), `Claap's recording ${recordingId} lacks what this operation needs`, {
			itemIndex,
			description: formatIssues(checked.issues),
		});
	}
	return checked.data;
}

/** GET /v1/recordings/{id}/transcript: the transcript from the REST API, no pre-signed link involved. */
export async function getTranscript(
	ctx: IExecuteFunctions,
	deps: ClaapDeps,
	itemIndex: number,
	recordingId: string,
	languageCode?: string,
): Promise<Transcript> {
	const qs = { format: 'json', ...(languageCode === undefined ? {} : { lang: languageCode }) };
	const answer = await callClaap(
		ctx,
		deps,
		itemIndex,
		{ credential: 'claapApi', method: 'GET', path: recordingPath(recordingId, '/transcript'), qs },
		TranscriptResultSchema,
	);
	return { language: answer.result.languageCode, segments: answer.result.segments };
}

/** A transcript's pre-signed JSON link (`transcripts[].url`), downloaded and parsed. */
export async function downloadTranscript(
	ctx: IExecuteFunctions,
	deps: ClaapDeps,
	itemIndex: number,
	url: string,
	linksExpireAt?: string,
): Promise<Transcript> {
	const json = await downloadPresignedJson((options) => ctx.helpers.httpRequest(options), ctx.getNode(), deps, {
		url,
		what: 'transcript',
		linksExpireAt,
	});
	const checked = checkData(TranscriptSchema, json);
	if (!checked.success) {
		throw new NodeOperationError(ctx.getNode(), 'The transcript does not have the shape Claap documents', {
			itemIndex,
			description: formatIssues(checked.issues),
		});
	}
	return checked.data;
}

// The body of POST /v1/recordings (type aliases, not interfaces, so they pass as IDataObject).
export type NewParticipant = { name?: string; email?: string; isOrganizer: boolean };
export type NewMeeting = { startedAt?: string; endedAt?: string; participants?: NewParticipant[] };
export type NewRecording = {
	downloadUrl: string;
	authorEmail?: string;
	channelId?: string;
	title?: string;
	meeting?: NewMeeting;
	deal?: { id: string; type: DealType };
};

/** POST /v1/recordings from a download URL. Claap then goes Empty -> Uploaded -> Ready (or Failed). */
export async function createRecording(ctx: IExecuteFunctions, deps: ClaapDeps, itemIndex: number, recording: NewRecording) {
	const answer = await callClaap(
		ctx,
		deps,
		itemIndex,
		{ credential: 'claapApi', method: 'POST', path: '/v1/recordings', body: recording },
		CreatedRecordingResultSchema,
	);
	return answer.result.recording;
}

// Claap documents no body for a deletion: whatever comes back is accepted.
const DeletedSchema = z.unknown();

/** DELETE /v1/recordings/{id}. */
export async function deleteRecording(
	ctx: IExecuteFunctions,
	deps: ClaapDeps,
	itemIndex: number,
	recordingId: string,
): Promise<void> {
	await callClaap(
		ctx,
		deps,
		itemIndex,
		{ credential: 'claapApi', method: 'DELETE', path: recordingPath(recordingId) },
		DeletedSchema,
	);
}

const WebhookIdSchema = z.looseObject({ webhookId: z.string().min(1) });

/**
 * POST {baseUrl}/v1/webhook/{webhookId}/trigger: asks Claap to deliver an event for a recording
 * to the registered webhook URL. Claap may refuse with `{ ok: false }` even on HTTP 200: that is
 * an error too.
 */
export async function triggerWebhookDelivery(
	ctx: IExecuteFunctions,
	deps: ClaapDeps,
	itemIndex: number,
	request: WebhookTriggerRequest,
): Promise<unknown> {
	const credentials = WebhookIdSchema.safeParse(await ctx.getCredentials('claapWebhookApi', itemIndex));
	if (!credentials.success) {
		throw new NodeApiError(ctx.getNode(), {}, { message: 'The Claap Webhook credential has no webhook ID' });
	}
	const answer = await callClaap(
		ctx,
		deps,
		itemIndex,
		{
			credential: 'claapWebhookApi',
			method: 'POST',
			path: `/v1/webhook/${encodeURIComponent(credentials.data.webhookId)}/trigger`,
			body: { type: request.type, recordingId: request.recordingId },
			what: 'the webhook trigger',
		},
		WebhookTriggerResponseSchema,
	);
	if (!answer.ok) {
		const { error, errMessage } = answer;
		throw new NodeApiError(
			ctx.getNode(),
			{ code: error, message: errMessage ?? null },
			{ message: `Claap refused to trigger the event: ${error}${errMessage ? `: ${errMessage}` : ''}` },
		);
	}
	return answer.data;
}
