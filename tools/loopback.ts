import type { AddressInfo, Server } from 'node:net';

/**
 * Starts a server on 127.0.0.1 (nothing here listens beyond this machine) and resolves with its
 * port; port 0, the default, picks a free one. A bind error (the port is taken) rejects.
 */
export async function listenOnLoopback(server: Server, port = 0): Promise<number> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	return (server.address() as AddressInfo).port;
}
