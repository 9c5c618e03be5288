import { NodeApiError, type IDataObject, type IExecuteFunctions, type IHttpRequestMethods } from 'n8n-workflow';
import type { z } from 'zod/v4';

import { LenientRecordingPageSchema } from '../../shared/schemas';
import { authenticatedRequest, credentialBaseUrl, type ClaapDeps } from './request';

const DEFAULT_BASE_URL = 'https://api.claap.io';
export const MAX_PAGE_SIZE = 100;

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, e.g. `/v1/recordings`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
}

/** Calls Claap's REST API with the `claapApi` credential and parses `{ result }` with `schema`. */
export async function claapApiRequest<T extends z.ZodType>(
	ctx: IExecuteFunctions,
	deps: ClaapDeps,
	itemIndex: number,
	request: ApiRequest,
	schema: T,
): Promise<z.infer<T>> {
	const baseUrl = await credentialBaseUrl(ctx, 'claapApi', itemIndex, DEFAULT_BASE_URL);
	const url = `${baseUrl}${request.path}`;
	const body = await authenticatedRequest(ctx, deps, 'claapApi', {
		method: request.method,
		url,
		qs: request.qs,
		body: request.body,
	});
	const parsed = schema.safeParse(body);
	if (!parsed.success) {
		throw new NodeApiError(
			ctx.getNode(),
			{ body: JSON.stringify(body ?? null).slice(0, 2000) },
			{
				message: `Claap answered ${request.method} ${request.path} with data this node does not understand`,
				description: parsed.error.issues
					.slice(0, 5)
					.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
					.join('; '),
			},
		);
	}
	return parsed.data;
}

/**
 * Lists recordings page by page through `nextCursor`, up to `max` (all when undefined).
 * Recordings come back unparsed: the caller validates each on its own, so one surprising
 * recording never fails a page.
 */
export async function claapApiListRecordings(
	ctx: IExecuteFunctions,
	deps: ClaapDeps,
	itemIndex: number,
	filters: IDataObject,
	max: number | undefined,
): Promise<unknown[]> {
	const recordings: unknown[] = [];
	let cursor: string | undefined;
	do {
		const pageSize = max === undefined ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, max - recordings.length);
		const qs: IDataObject = { ...filters, limit: pageSize };
		if (cursor !== undefined) qs.cursor = cursor;
		const page = await claapApiRequest(
			ctx,
			deps,
			itemIndex,
			{ method: 'GET', path: '/v1/recordings', qs },
			LenientRecordingPageSchema,
		);
		recordings.push(...page.result.recordings);
		cursor = page.result.pagination?.nextCursor ?? undefined;
	} while (cursor !== undefined && cursor !== '' && (max === undefined || recordings.length < max));
	return max === undefined ? recordings : recordings.slice(0, max);
}
