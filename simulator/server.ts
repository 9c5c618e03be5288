import http from 'node:http';

import type { EventType, Recording } from '../nodes/shared/schemas';
import { listenOnLoopback } from '../tools/loopback';
import { controlRoutes } from './control';
import { CLAAP_DELIVERY_TIMEOUT_MS, CLAAP_RETRY_SCHEDULE_MS, DeliveryService } from './deliveries';
import type { DeliveryAttempt, DeliveryRecord } from './deliveries';
import { FaultInjector } from './faults';
import type { ActiveFault, FaultKind } from './faults';
import { Router, areaOf } from './http';
import type { Area, SimRequest, SimResponse } from './http';
import { LinkSigner, linkRoutes, presentRecording } from './links';
import { RequestLog } from './requestLog';
import type { LoggedRequest, RequestFilter } from './requestLog';
import { DEFAULT_VARIANTS, restRoutes } from './restApi';
import type { RestVariants } from './restApi';
import { seedRecordings } from './seed/recordings';
import { RecordingStore } from './store';
import type { StoredRecording } from './store';
import { WebhookRegistry, emitEvent, triggerHandler } from './webhookApi';
import type { Webhook } from './webhookApi';

export const DEFAULT_WEBHOOK_ID = 'wh_demo';
export const DEFAULT_WEBHOOK_SECRET = 'whsec_demo_change_me';
export const DEFAULT_API_KEY = 'cla_demo_key';

export interface SimulatorOptions {
	/** 0 (the default) picks a free port. The server always binds 127.0.0.1. */
	port?: number;
	/** API keys accepted by the REST API. Default `[cla_demo_key]`. */
	apiKeys?: string[];
	/** The default webhook. Ignored when `webhooks` is given. */
	webhookId?: string;
	webhookSecret?: string;
	/** Where the default webhook delivers. Without it, triggers succeed but deliver nothing. */
	deliverTo?: string;
	webhooks?: Webhook[];
	/** Multiplies the retry schedule and the delivery timeout: 0.001 turns 5 min into 300 ms. Default 1. */
	timeScale?: number;
	/** Offsets of each attempt from the first, in ms before scaling. Default [0, 60000, 300000]. */
	retryScheduleMs?: number[];
	/**
	 * How long a receiver has to answer, in ms, not scaled. Default 5000 x timeScale, but at least
	 * MIN_SCALED_TIMEOUT_MS: a loopback round trip through n8n needs a few ms whatever the scale.
	 * A list gives each attempt its own deadline (the last repeats), e.g. a tight first one.
	 */
	deliveryTimeoutMs?: number | number[];
	/** Lifetime of pre-signed links. Default 86400 (24 h). */
	linkTtlSeconds?: number;
	/** The recordings to start with (and to go back to on reset). Default: the seed. */
	recordings?: StoredRecording[];
	/** Which of Claap's answer variants the REST API gives (and goes back to on reset). */
	variants?: Partial<RestVariants>;
	onDeliveryAttempt?: (delivery: DeliveryRecord, attempt: DeliveryAttempt) => void;
	onDeliverySettled?: (delivery: DeliveryRecord) => void;
}

export interface Simulator {
	/** `http://127.0.0.1:<port>`: the REST API base (`/v1/...`). */
	readonly url: string;
	/** `<url>/api`: the webhook trigger API base (`/v1/webhook/:id/trigger`). */
	readonly apiBaseUrl: string;
	readonly port: number;
	/** The first accepted API key. */
	readonly apiKey: string;
	/** The first webhook as configured at start. */
	readonly webhook: Webhook;
	readonly store: RecordingStore;
	readonly webhooks: WebhookRegistry;
	readonly faults: FaultInjector;
	readonly deliveries: DeliveryService;
	/** In-process twin of the trigger API: builds the event and delivers it if the webhook has a URL. */
	trigger(type: EventType, recordingId: string, webhookId?: string): { eventId: string; delivery?: DeliveryRecord };
	/** Points a webhook (default: the first) at a receiver. */
	setWebhookUrl(url: string | undefined, webhookId?: string): void;
	/** A stored recording as the API would serve it, with freshly signed links. */
	recording(id: string): Recording | undefined;
	/** Every link signed so far answers 403 from now on; new ones work. */
	expireLinks(): void;
	/** Picks answer variants from now on, e.g. `{ transcriptShape: 'transcript' }`. */
	setVariants(changes: Partial<RestVariants>): RestVariants;
	requests(filter?: RequestFilter): LoggedRequest[];
	/** Requests to pre-signed link routes. */
	linkRequests(): LoggedRequest[];
	/** Back to the initial recordings, webhooks and variants; faults, log and deliveries cleared. */
	reset(): void;
	close(): Promise<void>;
}

const MAX_BODY_BYTES = 50 * 1024 * 1024;
export const MIN_SCALED_TIMEOUT_MS = 250;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const timeScale = options.timeScale ?? 1;
	const apiKeys = options.apiKeys ?? [DEFAULT_API_KEY];
	const initialWebhooks = options.webhooks ?? [
		{
			id: options.webhookId ?? DEFAULT_WEBHOOK_ID,
			secret: options.webhookSecret ?? DEFAULT_WEBHOOK_SECRET,
			url: options.deliverTo,
		},
	];
	if (initialWebhooks.length === 0) throw new Error('At least one webhook is needed');
	const initialRecordings = options.recordings ?? seedRecordings();
	const initialVariants: RestVariants = { ...DEFAULT_VARIANTS, ...options.variants };
	let variants = { ...initialVariants };
	const setVariants = (changes: Partial<RestVariants>) => (variants = { ...variants, ...changes });

	let baseUrl = '';
	const store = new RecordingStore(initialRecordings);
	const links = new LinkSigner(() => baseUrl, options.linkTtlSeconds ?? 86_400);
	const webhooks = new WebhookRegistry(initialWebhooks);
	const faults = new FaultInjector();
	const log = new RequestLog();
	const deliveries = new DeliveryService({
		scheduleMs: options.retryScheduleMs ?? CLAAP_RETRY_SCHEDULE_MS,
		timeoutMs:
			options.deliveryTimeoutMs ??
			Math.max(CLAAP_DELIVERY_TIMEOUT_MS * timeScale, Math.min(MIN_SCALED_TIMEOUT_MS, CLAAP_DELIVERY_TIMEOUT_MS)),
		timeScale,
		onAttempt: options.onDeliveryAttempt,
		onSettled: options.onDeliverySettled,
	});
	const reset = () => {
		store.load(initialRecordings);
		variants = { ...initialVariants };
		webhooks.reset();
		faults.clear();
		log.clear();
		deliveries.clear();
	};

	const router = new Router();
	const webhookDeps = { webhooks, store, links, deliveries };
	router.add('webhook', 'POST', '/api/v1/webhook/:webhookId/trigger', triggerHandler(webhookDeps));
	for (const r of restRoutes({ store, links, apiKeys: () => apiKeys, variants: () => variants }))
		router.add('rest', r.method, r.path, r.handler);
	const link = linkRoutes(store, links);
	router.add('link', 'GET', '/_links/transcripts/:recordingId/:file', link.transcript);
	router.add('link', 'GET', '/_links/videos/:file', link.video);
	router.add('link', 'PUT', '/_links/uploads/:recordingId/:what', link.upload);
	const present = (stored: StoredRecording) => presentRecording(stored, links);
	const expireLinks = () => links.expireAll();
	const variantControl = { get: () => variants, set: setVariants };
	for (const r of controlRoutes({ faults, log, deliveries, webhooks, expireLinks, reset, store, present, variants: variantControl }))
		router.add('control', r.method, r.path, r.handler);

	// Slow faults wait on these; close() releases them so nothing outlives the server.
	const sleepers = new Set<() => void>();
	const sleep = (ms: number) =>
		new Promise<void>((resolve) => {
			const wake = () => {
				clearTimeout(timer);
				sleepers.delete(wake);
				resolve();
			};
			const timer = setTimeout(wake, ms);
			sleepers.add(wake);
		});

	async function handle(req: SimRequest): Promise<{ response: SimResponse; area: Area; fault?: ActiveFault }> {
		const match = router.match(req.method, req.path);
		const area = match?.area ?? areaOf(req.path);
		const fault = area === 'control' ? undefined : faults.take(req.method, req.path);
		if (fault?.kind === 'rate_limit') {
			const retryAfter = String(fault.retryAfterSeconds ?? 1);
			return { area, fault, response: errorFor(area, 429, 'rate_limited', 'Too many requests', { 'retry-after': retryAfter }) };
		}
		if (fault?.kind === 'server_error')
			return { area, fault, response: errorFor(area, 500, 'internal_error', 'Internal server error') };
		if (fault?.kind === 'html') return { area, fault, response: { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: PORTAL_PAGE } };
		if (fault?.kind === 'slow') await sleep(fault.delayMs ?? 1000);

		let response: SimResponse;
		if (!match) response = errorFor(area, 404, 'not_found', `No route for ${req.method} ${req.path}`);
		else if ('methodNotAllowed' in match)
			response = errorFor(area, 405, 'method_not_allowed', `${req.method} is not allowed on ${req.path}`);
		else {
			req.params = match.params;
			try {
				response = await match.handler(req);
			} catch (error) {
				response = errorFor(area, 500, 'internal_error', (error as Error).message);
			}
		}
		return { area, fault, response };
	}

	const server = http.createServer((incoming, res) => {
		const chunks: Buffer[] = [];
		let size = 0;
		incoming.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		incoming.on('end', () => {
			const parsed = new URL(incoming.url ?? '/', 'http://127.0.0.1');
			const req: SimRequest = {
				method: (incoming.method ?? 'GET').toUpperCase(),
				path: parsed.pathname,
				query: parsed.searchParams,
				headers: incoming.headers,
				body: Buffer.concat(chunks),
				params: {},
			};
			const outcome =
				size > MAX_BODY_BYTES
					? Promise.resolve({ area: areaOf(req.path), response: errorFor(areaOf(req.path), 413, 'payload_too_large', 'Body too large') })
					: handle(req);
			void outcome.then(({ area, response, fault }: { area: Area; response: SimResponse; fault?: ActiveFault }) => {
				log.add({
					at: new Date().toISOString(),
					method: req.method,
					path: req.path,
					query: Object.fromEntries(req.query),
					headers: { ...req.headers },
					area,
					status: response.status,
					...(fault ? { fault: fault.kind } : {}),
				});
				if (res.destroyed || res.writableEnded) return;
				write(res, response, fault?.kind);
			});
		});
	});

	const port = await listenOnLoopback(server, options.port);
	baseUrl = `http://127.0.0.1:${port}`;

	let closing: Promise<void> | undefined;
	const firstWebhook = { ...initialWebhooks[0] };

	return {
		url: baseUrl,
		apiBaseUrl: `${baseUrl}/api`,
		port,
		apiKey: apiKeys[0],
		webhook: firstWebhook,
		store,
		webhooks,
		faults,
		deliveries,
		trigger(type, recordingId, webhookId = firstWebhook.id) {
			const webhook = webhooks.get(webhookId);
			if (!webhook) throw new Error(`No webhook ${webhookId}`);
			return emitEvent(webhookDeps, webhook, type, recordingId);
		},
		setWebhookUrl(url, webhookId = firstWebhook.id) {
			const webhook = webhooks.get(webhookId);
			if (!webhook) throw new Error(`No webhook ${webhookId}`);
			webhooks.upsert({ ...webhook, url });
		},
		recording(id) {
			const stored = store.get(id);
			return stored && presentRecording(stored, links);
		},
		expireLinks: () => links.expireAll(),
		setVariants,
		requests: (filter) => log.list(filter),
		linkRequests: () => log.list({ area: 'link' }),
		reset,
		close() {
			closing ??= new Promise<void>((resolve) => {
				deliveries.cancelAll();
				for (const wake of [...sleepers]) wake();
				server.close(() => resolve());
				server.closeAllConnections();
			});
			return closing;
		},
	};
}

/** Each part of Claap has its own error envelope. */
function errorFor(area: Area, status: number, code: string, message: string, headers?: Record<string, string>): SimResponse {
	if (area === 'webhook') return { status, headers, body: { ok: false, error: code, errMessage: message } };
	if (area === 'link') {
		const s3Code = status === 429 ? 'SlowDown' : status === 500 ? 'InternalError' : status === 404 ? 'NoSuchKey' : 'InvalidRequest';
		return {
			status,
			headers: { ...headers, 'content-type': 'application/xml' },
			body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${s3Code}</Code><Message>${message}</Message></Error>\n`,
		};
	}
	return { status, headers, body: { error: { type: code, message } } };
}

/** What a proxy or captive portal between a client and Claap answers instead of Claap. */
const PORTAL_PAGE =
	'<!DOCTYPE html>\n<html><head><title>Sign in to the network</title></head><body><h1>Sign in to continue</h1></body></html>\n';

/**
 * Sends a handler's answer, in half for `truncated_json` (a whole answer whose body stops half
 * way) and `cut_short` (the headers announce the whole body, the connection drops half way).
 */
function write(res: http.ServerResponse, response: SimResponse, fault: FaultKind | undefined): void {
	const headers: Record<string, string> = { ...response.headers };
	let body: Buffer;
	if (Buffer.isBuffer(response.body)) body = response.body;
	else if (typeof response.body === 'string') body = Buffer.from(response.body);
	else if (response.body === undefined) body = Buffer.alloc(0);
	else {
		body = Buffer.from(JSON.stringify(response.body));
		headers['content-type'] ??= 'application/json; charset=utf-8';
	}
	headers['content-length'] = String(body.length);
	const half = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
	if (fault === 'cut_short') {
		res.writeHead(response.status, headers);
		res.write(half, () => res.destroy());
		return;
	}
	if (fault === 'truncated_json') {
		body = half;
		headers['content-length'] = String(body.length);
	}
	res.writeHead(response.status, headers);
	res.end(body);
}
