import { randomUUID } from 'node:crypto';

import { ownerLogin } from './n8nApi';

/** A message n8n pushes to the editor, e.g. `{ type: 'workflowFailedToActivate', data: { errorMessage } }`. */
export interface PushMessage {
	type: string;
	data: Record<string, unknown>;
}

export interface PushListener {
	/** Every message received so far. */
	messages(): PushMessage[];
	/** Waits for a message of that type that `matches`, or fails after `timeoutMs`. */
	next(type: string, matches?: (message: PushMessage) => boolean, timeoutMs?: number): Promise<PushMessage>;
	close(): void;
}

/**
 * What n8n pushes to the owner's editor, read as the editor does when n8n runs with
 * `N8N_PUSH_BACKEND=sse` (server-sent events: plain fetch, no WebSocket client needed).
 */
export async function listenToPush(baseUrl: string): Promise<PushListener> {
	const cookie = await ownerLogin(baseUrl);
	const controller = new AbortController();
	const response = await fetch(`${baseUrl}/rest/push?pushRef=${randomUUID()}`, {
		headers: { cookie, origin: baseUrl },
		signal: controller.signal,
	});
	if (!response.ok || response.body === null) throw new Error(`GET /rest/push -> ${response.status}`);
	const received: PushMessage[] = [];
	let buffered = '';
	const reader = response.body.getReader();
	void (async () => {
		for (;;) {
			const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
			if (chunk.done) return;
			buffered += Buffer.from(chunk.value).toString('utf8');
			const events = buffered.split('\n\n');
			buffered = events.pop() ?? '';
			for (const event of events) {
				const data = event.split('\n').find((line) => line.startsWith('data: '));
				if (data) received.push(JSON.parse(data.slice('data: '.length)) as PushMessage);
			}
		}
	})();
	return {
		messages: () => [...received],
		async next(type, matches = () => true, timeoutMs = 60_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const found = received.find((message) => message.type === type && matches(message));
				if (found) return found;
				if (Date.now() > deadline) throw new Error(`no "${type}" push message in ${timeoutMs} ms; got ${received.map((m) => m.type).join(', ')}`);
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		},
		close: () => controller.abort(),
	};
}
