import { randomBytes } from 'node:crypto';

import { z } from 'zod/v4';

import type { Recording } from '../nodes/shared/schemas';
import { json, parseJsonBody } from './http';
import type { Area, Handler } from './http';
import type { DeliveryService } from './deliveries';
import { FAULT_KINDS } from './faults';
import type { FaultInjector, FaultSpec } from './faults';
import type { RequestLog } from './requestLog';
import { TRANSCRIPT_SHAPES } from './restApi';
import type { RestVariants } from './restApi';
import type { RecordingStore, StoredRecording } from './store';
import type { WebhookRegistry } from './webhookApi';

export interface ControlDeps {
	faults: FaultInjector;
	log: RequestLog;
	deliveries: DeliveryService;
	webhooks: WebhookRegistry;
	expireLinks: () => void;
	reset: () => void;
	store: RecordingStore;
	/** A stored recording as the REST API serves it. */
	present: (stored: StoredRecording) => Recording;
	variants: { get: () => RestVariants; set: (changes: Partial<RestVariants>) => RestVariants };
}

/** The recording a new one is copied from unless the request says otherwise: Claap's documented example. */
export const NEW_RECORDING_TEMPLATE = 'rec_8f3a2c1d';

const NewRecordingSchema = z.object({
	from: z.string().min(1).default(NEW_RECORDING_TEMPLATE),
	id: z.string().min(1).optional(),
	title: z.string().optional(),
	createdAt: z.iso.datetime({ offset: true }).optional(),
	state: z.string().min(1).default('Ready'),
});

const RecordingStateSchema = z.object({ state: z.string().min(1) });

const VariantsSchema = z.strictObject({ transcriptShape: z.enum(TRANSCRIPT_SHAPES).optional() });

const AREAS: Area[] = ['webhook', 'rest', 'link', 'control'];
const bad = (message: string) => json(400, { error: { type: 'validation_error', message } });

/**
 * Test-only routes under /_control, never faulted and without authentication (the server only
 * listens on 127.0.0.1).
 */
export function controlRoutes(deps: ControlDeps): { method: string; path: string; handler: Handler }[] {
	const addFaults: Handler = (req) => {
		const body = parseJsonBody(req);
		if (!body.ok) return bad(body.message);
		const specs = (Array.isArray(body.value) ? body.value : [body.value]) as (FaultSpec | { kind: 'expire_links' })[];
		const added = [];
		for (const spec of specs) {
			if (typeof spec !== 'object' || spec === null) return bad('Expected a fault object or an array of them');
			if (spec.kind === 'expire_links') {
				deps.expireLinks();
				continue;
			}
			if (!FAULT_KINDS.includes(spec.kind)) return bad(`kind must be one of ${[...FAULT_KINDS, 'expire_links'].join(', ')}`);
			try {
				added.push(deps.faults.inject(spec));
			} catch (error) {
				return bad((error as Error).message);
			}
		}
		return json(200, { faults: added });
	};

	const listRequests: Handler = (req) => {
		const area = req.query.get('area') as Area | null;
		if (area && !AREAS.includes(area)) return bad(`area must be one of ${AREAS.join(', ')}`);
		const requests = deps.log.list({
			area: area ?? undefined,
			method: req.query.get('method') ?? undefined,
			path: req.query.get('path') ?? undefined,
		});
		// The log's own reads would drown everything else, so control requests only show on demand.
		return json(200, { requests: area ? requests : requests.filter((r) => r.area !== 'control') });
	};

	const setWebhook: Handler = (req) => {
		const body = parseJsonBody(req);
		if (!body.ok) return bad(body.message);
		const value = body.value as { id?: unknown; secret?: unknown; url?: unknown } | undefined;
		if (!value || typeof value.id !== 'string' || (value.url !== undefined && typeof value.url !== 'string'))
			return bad('Expected { id, url?, secret? }');
		const current = deps.webhooks.get(value.id);
		const secret = typeof value.secret === 'string' ? value.secret : current?.secret;
		if (!secret) return bad('A new webhook needs a secret');
		deps.webhooks.upsert({ id: value.id, secret, url: value.url as string | undefined });
		return json(200, { webhook: deps.webhooks.get(value.id) });
	};

	/**
	 * A new recording in Claap, as when a meeting is recorded: a copy of a stored one (the seed's
	 * documented example by default) under a new ID, started now, Ready unless said otherwise.
	 */
	const addRecording: Handler = (req) => {
		const body = parseJsonBody(req);
		if (!body.ok) return bad(body.message);
		const parsed = NewRecordingSchema.safeParse(body.value ?? {});
		if (!parsed.success) return bad(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
		const { from, id = `rec_${randomBytes(4).toString('hex')}`, title, createdAt = new Date().toISOString(), state } = parsed.data;
		const added = deps.store.addCopy(from, { id, createdAt, state, ...(title === undefined ? {} : { title }) });
		if (!added) return bad(deps.store.has(id) ? `Recording ${id} exists already` : `No recording ${from} to copy`);
		return json(200, { recording: deps.present(added) });
	};

	/** A recording's processing state changes (Empty, Uploaded, Ready, Failed). */
	const setRecordingState: Handler = (req) => {
		const body = parseJsonBody(req);
		const parsed = RecordingStateSchema.safeParse(body.ok ? body.value : undefined);
		if (!parsed.success) return bad('Expected { state }');
		if (!deps.store.update(req.params.id, (recording) => (recording.state = parsed.data.state))) {
			return json(404, { error: { type: 'not_found', message: `Recording ${req.params.id} not found` } });
		}
		return json(200, { id: req.params.id, state: parsed.data.state });
	};

	/** Which of Claap's answer variants the REST API gives from now on (reset restores them). */
	const setVariants: Handler = (req) => {
		const body = parseJsonBody(req);
		const parsed = VariantsSchema.safeParse(body.ok ? body.value : undefined);
		if (!parsed.success) return bad(`Expected { transcriptShape?: ${TRANSCRIPT_SHAPES.join(' | ')} }`);
		return json(200, { variants: deps.variants.set(parsed.data) });
	};

	return [
		{ method: 'GET', path: '/_control/variants', handler: () => json(200, { variants: deps.variants.get() }) },
		{ method: 'PATCH', path: '/_control/variants', handler: setVariants },
		{ method: 'POST', path: '/_control/recordings', handler: addRecording },
		{ method: 'PATCH', path: '/_control/recordings/:id', handler: setRecordingState },
		{ method: 'GET', path: '/_control/faults', handler: () => json(200, { faults: deps.faults.list() }) },
		{ method: 'POST', path: '/_control/faults', handler: addFaults },
		{ method: 'DELETE', path: '/_control/faults', handler: () => (deps.faults.clear(), json(200, { ok: true })) },
		{ method: 'POST', path: '/_control/links/expire', handler: () => (deps.expireLinks(), json(200, { ok: true })) },
		{ method: 'GET', path: '/_control/requests', handler: listRequests },
		{ method: 'DELETE', path: '/_control/requests', handler: () => (deps.log.clear(), json(200, { ok: true })) },
		{ method: 'GET', path: '/_control/deliveries', handler: () => json(200, { deliveries: deps.deliveries.list() }) },
		{ method: 'GET', path: '/_control/webhooks', handler: () => json(200, { webhooks: deps.webhooks.list() }) },
		{ method: 'POST', path: '/_control/webhooks', handler: setWebhook },
		{ method: 'POST', path: '/_control/reset', handler: () => (deps.reset(), json(200, { ok: true })) },
	];
}
