import { createServer } from 'node:net';

import { listenOnLoopback } from '../loopback';

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
	const server = createServer();
	const port = await listenOnLoopback(server);
	await new Promise((resolve) => server.close(resolve));
	return port;
}
