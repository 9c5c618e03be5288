import { connect } from 'node:net';

export interface RawAnswer {
	status: number;
	text: string;
}

/**
 * One POST written byte by byte on a socket: headers can repeat, carry any bytes (UTF-8
 * look-alikes, which node:http and fetch refuse to send) and any case. `Connection: close`.
 */
export async function rawPost(url: string, headers: Array<[string, string]>, body: string): Promise<RawAnswer> {
	const target = new URL(url);
	const bodyBytes = Buffer.from(body, 'utf8');
	const lines = [
		`POST ${target.pathname}${target.search} HTTP/1.1`,
		`Host: ${target.host}`,
		'Connection: close',
		'Content-Type: application/json',
		`Content-Length: ${bodyBytes.length}`,
		...headers.map(([name, value]) => `${name}: ${value}`),
	];
	const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');
	return await new Promise((resolve, reject) => {
		const socket = connect(Number(target.port), target.hostname);
		const chunks: Buffer[] = [];
		socket.setTimeout(30_000, () => socket.destroy(new Error('raw request timed out')));
		socket.on('data', (chunk) => chunks.push(chunk));
		socket.on('error', (error) => {
			// A server may close while we still write a large header: read what came back.
			const text = Buffer.concat(chunks).toString('utf8');
			const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
			if (match) resolve({ status: Number(match[1]), text });
			else reject(error);
		});
		socket.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
			resolve({ status: match ? Number(match[1]) : 0, text });
		});
		socket.write(Buffer.concat([head, bodyBytes]));
	});
}
