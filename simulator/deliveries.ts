import http from 'node:http';
import https from 'node:https';

import type { Delivery, EventType } from '../nodes/shared/schemas';

/** Claap's schedule: at once, then about 1 and about 5 minutes after the first attempt. */
export const CLAAP_RETRY_SCHEDULE_MS = [0, 60_000, 300_000];
/** The receiver must answer 200 within 5 seconds. */
export const CLAAP_DELIVERY_TIMEOUT_MS = 5_000;

export interface WebhookTarget {
	webhookId: string;
	secret: string;
	url: string;
}

export interface DeliveryAttempt {
	/** 1-based. */
	attempt: number;
	startedAt: string;
	durationMs: number;
	/** The HTTP status, when a response arrived in time. */
	status?: number;
	/** Why the attempt failed without a status: timeout, connection refused, ... */
	error?: string;
	ok: boolean;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

export interface DeliveryRecord {
	eventId: string;
	webhookId: string;
	url: string;
	type: EventType;
	recordingId: string;
	status: DeliveryStatus;
	attempts: DeliveryAttempt[];
	/** The exact body sent on every attempt. */
	payload: Delivery;
}

export interface DeliveryOptions {
	/** Offsets from the first attempt, in ms, before `timeScale`. */
	scheduleMs: number[];
	/** How long each attempt may take, already scaled: one number for all, or one per attempt (the last repeats). */
	timeoutMs: number | number[];
	timeScale: number;
	onAttempt?: (delivery: DeliveryRecord, attempt: DeliveryAttempt) => void;
	onSettled?: (delivery: DeliveryRecord) => void;
}

interface Pending {
	record: DeliveryRecord;
	done: Promise<DeliveryRecord>;
	settle: () => void;
	timer?: NodeJS.Timeout;
	abort?: () => void;
}

/**
 * Sends events to webhook URLs the way Claap does: one body, one eventId, re-sent on the
 * schedule until a 200 arrives in time, then dropped. Every attempt is recorded.
 */
export class DeliveryService {
	private readonly deliveries = new Map<string, Pending>();

	constructor(private readonly options: DeliveryOptions) {}

	deliver(target: WebhookTarget, payload: Delivery): DeliveryRecord {
		const record: DeliveryRecord = {
			eventId: payload.eventId,
			webhookId: target.webhookId,
			url: target.url,
			type: payload.event.type,
			recordingId: payload.event.recording.id,
			status: 'pending',
			attempts: [],
			payload,
		};
		let settle!: () => void;
		const done = new Promise<DeliveryRecord>((resolve) => (settle = () => resolve(record)));
		const pending: Pending = { record, done, settle };
		this.deliveries.set(record.eventId, pending);
		const firstAt = Date.now();
		const body = JSON.stringify(payload);

		const attempt = (index: number) => {
			pending.timer = undefined;
			const startedAt = Date.now();
			const { promise, abort } = post(target, body, this.timeoutFor(index));
			pending.abort = abort;
			void promise.then((result) => {
				pending.abort = undefined;
				if (record.status !== 'pending') return; // cancelled meanwhile
				const entry: DeliveryAttempt = {
					attempt: index + 1,
					startedAt: new Date(startedAt).toISOString(),
					durationMs: Date.now() - startedAt,
					...result,
					ok: result.status === 200,
				};
				record.attempts.push(entry);
				this.options.onAttempt?.(record, entry);
				if (entry.ok) return this.finish(pending, 'delivered');
				const next = index + 1;
				if (next >= this.options.scheduleMs.length) return this.finish(pending, 'failed');
				const due = firstAt + this.options.scheduleMs[next] * this.options.timeScale;
				pending.timer = setTimeout(() => attempt(next), Math.max(0, due - Date.now()));
			});
		};
		pending.timer = setTimeout(() => attempt(0), this.options.scheduleMs[0] * this.options.timeScale);
		return record;
	}

	private timeoutFor(attempt: number): number {
		const { timeoutMs } = this.options;
		return typeof timeoutMs === 'number' ? timeoutMs : timeoutMs[Math.min(attempt, timeoutMs.length - 1)];
	}

	get(eventId: string): DeliveryRecord | undefined {
		return this.deliveries.get(eventId)?.record;
	}

	list(): DeliveryRecord[] {
		return [...this.deliveries.values()].map((p) => p.record);
	}

	/** Resolves once the delivery is delivered, failed for good, or cancelled. */
	async settled(eventId: string): Promise<DeliveryRecord> {
		const pending = this.deliveries.get(eventId);
		if (!pending) throw new Error(`No delivery with eventId ${eventId}`);
		return pending.done;
	}

	async allSettled(): Promise<DeliveryRecord[]> {
		return Promise.all([...this.deliveries.values()].map((p) => p.done));
	}

	/** Stops every timer and in-flight request; pending deliveries end as `cancelled`. */
	cancelAll(): void {
		for (const pending of this.deliveries.values()) {
			if (pending.record.status !== 'pending') continue;
			if (pending.timer) clearTimeout(pending.timer);
			pending.abort?.();
			this.finish(pending, 'cancelled');
		}
	}

	clear(): void {
		this.cancelAll();
		this.deliveries.clear();
	}

	private finish(pending: Pending, status: DeliveryStatus): void {
		pending.record.status = status;
		pending.settle();
		this.options.onSettled?.(pending.record);
	}
}

/**
 * One POST. Uses a fresh connection (agent: false) so nothing lingers after close, and counts
 * as answered only when the status line arrives within the timeout.
 */
function post(
	target: WebhookTarget,
	body: string,
	timeoutMs: number,
): { promise: Promise<{ status?: number; error?: string }>; abort: () => void } {
	let request: http.ClientRequest | undefined;
	let finish: (result: { status?: number; error?: string }) => void = () => {};
	const promise = new Promise<{ status?: number; error?: string }>((resolve) => {
		let done = false;
		finish = (result) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			request?.destroy();
			resolve(result);
		};
		const timer = setTimeout(() => finish({ error: `timeout: no response within ${timeoutMs} ms` }), timeoutMs);
		let url: URL;
		try {
			url = new URL(target.url);
		} catch {
			return finish({ error: `invalid URL: ${target.url}` });
		}
		const client = url.protocol === 'https:' ? https : http;
		request = client.request(url, {
			method: 'POST',
			agent: false,
			headers: {
				'content-type': 'application/json',
				'content-length': Buffer.byteLength(body),
				'user-agent': 'Claap-Webhooks (simulator)',
				'x-claap-webhook-id': target.webhookId,
				'x-claap-webhook-secret': target.secret,
			},
		});
		request.on('response', (response) => {
			response.resume();
			finish({ status: response.statusCode });
		});
		request.on('error', (error: NodeJS.ErrnoException) => finish({ error: error.code ?? error.message }));
		request.end(body);
	});
	return { promise, abort: () => finish({ error: 'cancelled' }) };
}
