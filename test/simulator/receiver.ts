import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
	headers: IncomingHttpHeaders;
	body: unknown;
}

export interface Receiver {
	url: string;
	received: Received[];
	close(): Promise<void>;
}

/**
 * A throw-away webhook receiver on 127.0.0.1. `answer(n)` decides the n-th (1-based) response:
 * a status, and optionally a delay before answering (to play a slow receiver).
 */
type Answer = { status: number; delayMs?: number };

export async function startReceiver(answer: (n: number) => Answer = () => ({ status: 200 })): Promise<Receiver> {
	const received: Received[] = [];
	const timers = new Set<NodeJS.Timeout>();
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
			const { status, delayMs } = answer(received.length);
			const reply = () => {
				if (!res.destroyed) res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
			};
			if (!delayMs) return reply();
			const timer = setTimeout(() => {
				timers.delete(timer);
				reply();
			}, delayMs);
			timers.add(timer);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/claap`,
		received,
		close: () =>
			new Promise<void>((resolve) => {
				for (const t of timers) clearTimeout(t);
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
