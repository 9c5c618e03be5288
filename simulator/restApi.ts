import { randomBytes } from 'node:crypto';

import { z } from 'zod/v4';

import { DealTypeSchema } from '../nodes/shared/schemas';
import { header, json, parseJsonBody } from './http';
import type { Handler, SimRequest, SimResponse } from './http';
import { presentRecording, transcriptText, uploadPath } from './links';
import type { LinkSigner } from './links';
import { WORKSPACE } from './seed/recordings';
import { SORTS } from './store';
import type { RecordingFilter, RecordingSort, RecordingStore } from './store';

/**
 * Where GET /v1/recordings/{id}/transcript puts the segments: `result.segments` (Claap's
 * reference example) or `result.transcript.segments` (what a third-party client of the API expects).
 */
export const TRANSCRIPT_SHAPES = ['segments', 'transcript'] as const;

/** Details of Claap's answers that sources disagree on; a test picks one. */
export interface RestVariants {
	transcriptShape: (typeof TRANSCRIPT_SHAPES)[number];
}

export const DEFAULT_VARIANTS: RestVariants = { transcriptShape: 'segments' };

export interface RestApiDeps {
	store: RecordingStore;
	links: LinkSigner;
	apiKeys: () => string[];
	variants: () => RestVariants;
}

const apiError = (status: number, type: string, message: string, path?: (string | number)[]): SimResponse =>
	json(status, { error: { type, message, ...(path ? { path } : {}) } });

export const notFound = (message = 'Not found') => apiError(404, 'not_found', message);
const invalid = (message: string, path: (string | number)[]) => apiError(400, 'validation_error', message, path);

/** Every `/v1` route goes through this first: a wrong key never learns whether a recording exists. */
export function requireKey(deps: RestApiDeps, handler: Handler): Handler {
	return (req) => {
		const key = header(req, 'x-claap-key');
		if (!key) return apiError(401, 'unauthorized', 'Missing X-Claap-Key header');
		if (!deps.apiKeys().includes(key)) return apiError(401, 'unauthorized', 'Invalid API key');
		return handler(req);
	};
}

/** Claap accepts ISO variants down to a bare date (`2025-02-25`, read as UTC midnight). */
const isoDate = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), {
	message: 'Invalid date, expected ISO 8601 such as 2025-02-25 or 2025-02-25T10:00:00Z',
});

// Cursors are opaque to clients; here they carry the offset into the filtered, sorted list.
const encodeCursor = (offset: number) => Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
function decodeCursor(cursor: string): number | undefined {
	try {
		const { o } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
		return typeof o === 'number' && Number.isInteger(o) && o >= 0 ? o : undefined;
	} catch {
		return undefined;
	}
}

function listRecordings(deps: RestApiDeps): Handler {
	return (req) => {
		const q = req.query;
		const limitText = q.get('limit') ?? '20';
		const limit = Number(limitText);
		if (!/^\d+$/.test(limitText) || limit < 1 || limit > 100)
			return invalid('limit must be an integer between 1 and 100', ['limit']);
		const sort = (q.get('sort') ?? 'created_desc') as RecordingSort;
		if (!SORTS.includes(sort)) return invalid(`sort must be one of ${SORTS.join(', ')}`, ['sort']);
		let offset = 0;
		const cursor = q.get('cursor');
		if (cursor !== null && cursor !== '') {
			const decoded = decodeCursor(cursor);
			if (decoded === undefined) return invalid('Invalid cursor', ['cursor']);
			offset = decoded;
		}
		const filter: RecordingFilter = {};
		for (const name of ['createdAfter', 'createdBefore'] as const) {
			const value = q.get(name);
			if (value === null) continue;
			if (!isoDate.safeParse(value).success) return invalid(`${name} must be an ISO 8601 date`, [name]);
			filter[name] = new Date(value);
		}
		for (const name of ['channelId', 'recorderEmail', 'recorderId'] as const) {
			const value = q.get(name);
			if (value !== null && value !== '') filter[name] = value;
		}
		const labels = q.get('labels');
		if (labels) filter.labels = labels.split(',').map((l) => l.trim()).filter(Boolean);

		const all = deps.store.query(filter, sort);
		const page = all.slice(offset, offset + limit);
		const nextCursor = offset + limit < all.length ? encodeCursor(offset + limit) : null;
		return json(200, {
			result: {
				recordings: page.map((r) => presentRecording(r, deps.links)),
				pagination: { nextCursor, totalCount: all.length },
			},
		});
	};
}

/** The recording, its AI fields only when asked for with `returnAiFields=true`. */
function getRecording(deps: RestApiDeps): Handler {
	return (req) => {
		const stored = deps.store.get(req.params.id);
		if (!stored) return notFound(`Recording ${req.params.id} not found`);
		const { aiFields, ...recording } = presentRecording(stored, deps.links);
		const withAi = req.query.get('returnAiFields') === 'true' && aiFields !== undefined;
		return json(200, { result: { recording: withAi ? { ...recording, aiFields } : recording } });
	};
}

/**
 * `format=text` answers `{ result: { languageCode, text } }`: Claap documents only the JSON
 * shape, and every REST answer is a JSON `{ result }` object.
 */
function getTranscript(deps: RestApiDeps): Handler {
	return (req) => {
		const stored = deps.store.get(req.params.id);
		if (!stored) return notFound(`Recording ${req.params.id} not found`);
		const format = req.query.get('format') ?? 'json';
		if (format !== 'json' && format !== 'text') return invalid('format must be json or text', ['format']);
		const lang = req.query.get('lang');
		const version = lang
			? stored.transcripts.find((t) => t.langIso2 === lang)
			: (stored.transcripts.find((t) => t.isTranscript) ?? stored.transcripts[0]);
		if (!version)
			return notFound(lang ? `No ${lang} transcript for recording ${req.params.id}` : `Recording ${req.params.id} has no transcript`);
		const languageCode = version.transcript.language ?? version.langIso2;
		if (format === 'text') return json(200, { result: { languageCode, text: transcriptText(version.transcript) } });
		const transcript = { languageCode, segments: version.transcript.segments };
		return json(200, { result: deps.variants().transcriptShape === 'transcript' ? { transcript } : transcript });
	};
}

export const CreateRecordingSchema = z.object({
	authorEmail: z.email(),
	channelId: z.string().min(1).optional(),
	title: z.string().min(1).max(500).optional(),
	meeting: z
		.object({
			startedAt: isoDate,
			endedAt: isoDate,
			participants: z
				.array(z.object({ name: z.string().optional(), email: z.email().optional(), isOrganizer: z.boolean().optional() }))
				.optional(),
		})
		.refine((m) => Date.parse(m.endedAt) >= Date.parse(m.startedAt), {
			message: 'endedAt must not be before startedAt',
			path: ['endedAt'],
		})
		.optional(),
	deal: z.object({ id: z.string().min(1), type: DealTypeSchema }).optional(),
	downloadUrl: z.url({ protocol: /^https?$/ }).optional(),
	transcript: z.object({ type: z.literal('upload') }).optional(),
});

function createRecording(deps: RestApiDeps): Handler {
	return (req: SimRequest) => {
		const body = parseJsonBody(req);
		if (!body.ok) return invalid(body.message, []);
		const parsed = CreateRecordingSchema.safeParse(body.value ?? {});
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			return invalid(issue.message, issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)));
		}
		const input = parsed.data;
		const channel = input.channelId ? deps.store.query({ channelId: input.channelId })[0]?.recording.channel : undefined;
		if (input.channelId && !channel) return invalid(`Unknown channel ${input.channelId}`, ['channelId']);

		const id = `rec_${randomBytes(4).toString('hex')}`;
		const startedAt = input.meeting?.startedAt ? new Date(input.meeting.startedAt) : new Date();
		const endedAt = input.meeting?.endedAt ? new Date(input.meeting.endedAt) : startedAt;
		const state = input.downloadUrl ? 'Uploaded' : 'Empty';
		deps.store.put({
			recording: {
				id,
				title: input.title,
				createdAt: startedAt.toISOString(),
				durationSeconds: Math.round((endedAt.getTime() - startedAt.getTime()) / 1000),
				url: `https://app.claap.io/claap/${id}`,
				thumbnailUrl: `https://storage.claap.io/thumbnails/${id}.jpg`,
				labels: [],
				recorder: { id: `usr_${input.authorEmail}`, email: input.authorEmail, name: input.authorEmail.split('@')[0], attended: true },
				channel,
				companies: [],
				deal: input.deal ? { id: input.deal.id } : undefined,
				crmInfo: input.deal ? { crm: input.deal.type, deal: { id: input.deal.id } } : undefined,
				meeting: input.meeting
					? {
							startedAt: startedAt.toISOString(),
							endedAt: endedAt.toISOString(),
							participants: (input.meeting.participants ?? []).map((p) => ({ attended: true, email: p.email, name: p.name })),
						}
					: undefined,
				actionItems: [],
				keyTakeaways: [],
				outlines: [],
				state,
			},
			transcripts: [],
		});
		const upload = input.downloadUrl
			? undefined
			: {
					url: deps.links.sign(uploadPath(id, 'media')),
					...(input.transcript ? { metaUrl: deps.links.sign(uploadPath(id, 'transcript')) } : {}),
				};
		return json(200, { result: { recording: { id, state, ...(upload ? { upload } : {}) } } });
	};
}

function deleteRecording(deps: RestApiDeps): Handler {
	return (req) => {
		if (!deps.store.delete(req.params.id)) return notFound(`Recording ${req.params.id} not found`);
		return json(200, { result: { id: req.params.id, deleted: true } });
	};
}

/** GET /v1/workspaces/mine: the API key's workspace (known from a secondary source only). */
const myWorkspace: Handler = () => json(200, { result: { workspace: WORKSPACE } });

export function restRoutes(deps: RestApiDeps): { method: string; path: string; handler: Handler }[] {
	const guarded = (handler: Handler) => requireKey(deps, handler);
	return [
		{ method: 'GET', path: '/v1/recordings', handler: guarded(listRecordings(deps)) },
		{ method: 'POST', path: '/v1/recordings', handler: guarded(createRecording(deps)) },
		{ method: 'GET', path: '/v1/recordings/:id', handler: guarded(getRecording(deps)) },
		{ method: 'DELETE', path: '/v1/recordings/:id', handler: guarded(deleteRecording(deps)) },
		{ method: 'GET', path: '/v1/recordings/:id/transcript', handler: guarded(getTranscript(deps)) },
		{ method: 'GET', path: '/v1/workspaces/mine', handler: guarded(myWorkspace) },
	];
}
