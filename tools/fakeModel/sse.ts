import type { ServerResponse } from 'node:http';

/** One server-sent event: the Responses API names its events, chat completions does not. */
export interface SseEvent {
	event?: string;
	data: string;
}

export function writeSse(res: ServerResponse, events: readonly SseEvent[]): void {
	res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
	for (const { event, data } of events) res.write(`${event === undefined ? '' : `event: ${event}\n`}data: ${data}\n\n`);
	res.end();
}
