import { createHash } from 'node:crypto';

import { VIDEO_BLOCK, videoBlock, videoChunks, videoSha256 } from '../../tools/traffic/generatedVideo';
import { startStorageHost, type StorageHost } from '../../tools/traffic/storageHost';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const whole = (size: number) => Buffer.concat([...videoChunks(size)]);

describe('generated video', () => {
	it.each([0, 1, 7, VIDEO_BLOCK - 1, VIDEO_BLOCK, VIDEO_BLOCK + 1, 3 * VIDEO_BLOCK + 17])('has exactly %i bytes', (size) => {
		expect(whole(size).length).toBe(size);
	});

	it('is the same bytes every time, and its checksum is theirs', () => {
		expect(whole(200_000).equals(whole(200_000))).toBe(true);
		expect(videoSha256(200_000)).toBe(sha256(whole(200_000)));
	});

	it('makes a lost, repeated or swapped block change the checksum', () => {
		const blocks = [...videoChunks(4 * VIDEO_BLOCK)];
		const right = videoSha256(4 * VIDEO_BLOCK);
		expect(sha256(Buffer.concat([blocks[0], blocks[2], blocks[1], blocks[3]]))).not.toBe(right);
		expect(sha256(Buffer.concat([blocks[0], blocks[1], blocks[1], blocks[3]]))).not.toBe(right);
		expect(sha256(Buffer.concat([blocks[0], blocks[1], blocks[3], videoBlock(4)]))).not.toBe(right);
	});

	it('is not a constant filler', () => {
		const block = videoBlock(0);
		expect(new Set(block.subarray(8)).size).toBeGreaterThan(200);
	});

	it('stops at `end` when asked for the first bytes only', () => {
		expect(Buffer.concat([...videoChunks(1000, 300)]).equals(whole(1000).subarray(0, 300))).toBe(true);
	});
});

describe('storage host', () => {
	let host: StorageHost;
	beforeAll(async () => {
		host = await startStorageHost();
	});
	afterAll(async () => await host.close());

	it('serves the generated video whole, announced, on 127.0.0.1', async () => {
		const size = 5 * VIDEO_BLOCK + 3;
		const url = host.url(size);
		expect(new URL(url).hostname).toBe('127.0.0.1');
		const response = await fetch(url);
		const body = Buffer.from(await response.arrayBuffer());
		expect(response.headers.get('content-length')).toBe(String(size));
		expect(response.headers.get('content-type')).toBe('video/mp4');
		expect(sha256(body)).toBe(videoSha256(size));
		expect(host.served().find((s) => s.url.endsWith(new URL(url).search))).toMatchObject({ sent: size, complete: true });
	});

	it('cuts the connection after `cut` bytes for the first `failures` requests, then serves the whole', async () => {
		const url = host.url(4 * VIDEO_BLOCK, { cut: VIDEO_BLOCK, failures: 1 });
		await expect(fetch(url).then(async (r) => await r.arrayBuffer())).rejects.toThrow();
		const second = Buffer.from(await (await fetch(url)).arrayBuffer());
		expect(sha256(second)).toBe(videoSha256(4 * VIDEO_BLOCK));
		const served = host.served().filter((s) => s.url === new URL(url).pathname + new URL(url).search);
		expect(served.map((s) => [s.sent, s.complete])).toEqual([
			[VIDEO_BLOCK, false],
			[4 * VIDEO_BLOCK, true],
		]);
	});

	it('serves published documents as they are, and 404 for anything else', async () => {
		const url = host.publish('transcript.json', Buffer.from('{"segments":[]}'), 'application/json');
		const response = await fetch(url);
		expect(response.headers.get('content-type')).toBe('application/json');
		expect(await response.text()).toBe('{"segments":[]}');
		const missing = await fetch(url.replace('transcript.json', 'nothing.json'));
		await missing.arrayBuffer();
		expect(missing.status).toBe(404);
	});
});
