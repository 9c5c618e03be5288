import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import nock from 'nock';
import { NodeApiError, type IDataObject } from 'n8n-workflow';

import { router } from '../../../nodes/Claap/actions/router';
import { videoSha256 } from '../../../tools/traffic/generatedVideo';
import { startStorageHost, type StorageHost } from '../../../tools/traffic/storageHost';
import { n8nHttpRequest } from '../../support/n8nHttp';
import { fullRecording, triggerItem } from './fixtures';
import { createContext, fastDeps, NOW, STORAGE } from './harness';

const run = promisify(execFile);
const MiB = 2 ** 20;

let server: StorageHost;
beforeAll(async () => {
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
	server = await startStorageHost();
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
	nock.enableNetConnect();
	await server.close();
});

/** Download Video of a recording whose video is at `url`, through n8n's real HTTP client. */
function downloadVideo(url: string, options: { continueOnFail?: boolean } = {}) {
	const recording: IDataObject = { ...fullRecording(), video: { url } };
	const context = createContext({
		parameters: { resource: 'recording', operation: 'downloadVideo', source: 'inputRecording', recording, binaryPropertyName: 'data' },
		items: [triggerItem(recording, { linksExpireAt: undefined })],
		continueOnFail: options.continueOnFail,
	});
	Object.assign(context.ctx.helpers, { httpRequest: n8nHttpRequest });
	return context;
}

describe('Download Video streams into the binary data store', () => {
	it('keeps memory far below the file size (256 MiB in a separate process), unlike a buffered download', async () => {
		const size = 256 * MiB;
		const folder = mkdtempSync(join(tmpdir(), 'claap-download-'));
		const measure = async (mode: 'stream' | 'buffer') => {
			const { stdout } = await run(
				join(__dirname, '../../../node_modules/.bin/tsx'),
				[join(__dirname, '../../support/downloadChild.ts'), mode, server.url(size), join(folder, `${mode}.mp4`)],
				{ timeout: 120_000 },
			);
			const result = JSON.parse(stdout) as { bytes: number; rssBefore: number; peakRss: number };
			return { bytes: result.bytes, growth: result.peakRss - result.rssBefore };
		};
		try {
			const streamed = await measure('stream');
			const buffered = await measure('buffer');

			expect(streamed.bytes).toBe(size);
			expect(buffered.bytes).toBe(size);
			// The buffered path must show the file in memory, or this measurement proves nothing.
			expect(buffered.growth).toBeGreaterThan(size);
			expect(streamed.growth).toBeLessThan(size / 4);
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	}, 180_000);

	it('stores every byte with the name, media type and size', async () => {
		const { ctx } = downloadVideo(server.url(3 * MiB + 17));

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output[0].json).toEqual({
			recordingId: 'rec_8f3a2c1d',
			title: 'Acme x Claap - Discovery call',
			fileName: 'Acme x Claap - Discovery call.mp4',
			mimeType: 'video/mp4',
			fileSize: 3 * MiB + 17,
		});
		const stored = Buffer.from(String(output[0].binary?.data.data), 'base64');
		expect(stored.length).toBe(3 * MiB + 17);
		expect(createHash('sha256').update(stored).digest('hex')).toBe(videoSha256(3 * MiB + 17));
	});
});

describe('Download Video faults', () => {
	it('starts over when the connection breaks mid-body, and keeps only the complete file', async () => {
		const { deps, waits } = fastDeps();
		const { ctx } = downloadVideo(server.url(2 * MiB, { cut: MiB, failures: 1 }));

		const [output] = await router.call(ctx, deps);

		expect(output[0].json.fileSize).toBe(2 * MiB);
		expect(waits).toEqual([1000]);
	});

	it('says how much arrived when every attempt is cut short', async () => {
		const { deps, waits } = fastDeps();
		const { ctx } = downloadVideo(server.url(2 * MiB, { cut: MiB }));

		const failure = router.call(ctx, deps);

		await expect(failure).rejects.toBeInstanceOf(NodeApiError);
		await expect(failure).rejects.toMatchObject({
			message: expect.stringMatching(/^The video download was cut short after \d+ of 2097152 bytes, after 5 attempt\(s\)$/u),
			description: expect.stringContaining('broke or stalled'),
		});
		expect(waits).toHaveLength(4);
	});

	it('gives up on a storage host that stops sending, instead of waiting forever', async () => {
		const { deps } = fastDeps();
		deps.timeouts.linkMs = 300;
		deps.retry.maxRetries = 1;
		const { ctx } = downloadVideo(server.url(2 * MiB, { cut: 256 * 1024, stall: true }));

		await expect(router.call(ctx, deps)).rejects.toMatchObject({
			message: expect.stringMatching(/^The video download was cut short after \d+ of 2097152 bytes, after 2 attempt\(s\)$/u),
		});
	});

	const signed = (path: string, signedAt: string) =>
		`${STORAGE}${path}?X-Amz-Date=${signedAt}&X-Amz-Expires=86400&X-Amz-Signature=s`;

	it('reads a 404 from a link still valid by its signature as a missing file, not an expiry', async () => {
		nock(STORAGE).get('/videos/gone.mp4').query(true).reply(404, '<Error><Code>NoSuchKey</Code></Error>');
		const { ctx } = downloadVideo(signed('/videos/gone.mp4', '20261124T140000Z'));

		await expect(router.call(ctx, fastDeps().deps)).rejects.toMatchObject({
			message: 'The video file was not found at its link (404)',
			description: expect.stringContaining('signed until 2026-11-25T14:00:00.000Z'),
			httpCode: '404',
		});
	});

	it('still reads a 404 from a link without a readable signature as expired', async () => {
		nock(STORAGE).get('/videos/old.mp4').reply(404);
		const { ctx } = downloadVideo(`${STORAGE}/videos/old.mp4`);

		await expect(router.call(ctx, fastDeps().deps)).rejects.toMatchObject({
			message: 'The video link has expired or is no longer valid (404)',
			description: expect.stringContaining("Claap's pre-signed links last 24 hours"),
		});
	});

	it('reads a 403 as an expired link, without retrying', async () => {
		nock(STORAGE).get('/videos/denied.mp4').query(true).reply(403, '<Error><Code>AccessDenied</Code></Error>');
		const { deps, waits } = fastDeps();
		const { ctx } = downloadVideo(signed('/videos/denied.mp4', '20261124T140000Z'));

		await expect(router.call(ctx, deps)).rejects.toMatchObject({
			message: 'The video link has expired or is no longer valid (403)',
			httpCode: '403',
		});
		expect(waits).toEqual([]);
	});

	it('waits as long as Retry-After asks on 429, then downloads', async () => {
		nock(STORAGE).get('/videos/busy.mp4').reply(429, '', { 'Retry-After': '3' });
		nock(STORAGE).get('/videos/busy.mp4').reply(200, Buffer.from('video'), { 'Content-Type': 'video/mp4' });
		const { deps, waits } = fastDeps();
		const { ctx } = downloadVideo(`${STORAGE}/videos/busy.mp4`);

		const [output] = await router.call(ctx, deps);

		expect(output[0].json.fileSize).toBe(5);
		expect(waits).toEqual([3000]);
	});

	it('retries a 500 and names the status after the last attempt', async () => {
		nock(STORAGE).get('/videos/down.mp4').times(5).reply(500, 'oops');
		const { deps, waits } = fastDeps();
		const { ctx } = downloadVideo(`${STORAGE}/videos/down.mp4`);

		await expect(router.call(ctx, deps)).rejects.toMatchObject({
			message: 'The storage host answered 500 for the video link after 5 attempt(s)',
			httpCode: '500',
		});
		expect(waits).toEqual([1000, 2000, 4000, 8000]);
	});

	it('refuses a link expired by its signature without requesting it', async () => {
		const { ctx, httpRequest } = downloadVideo(signed('/videos/late.mp4', '20261123T140000Z'));
		const spy = jest.spyOn(ctx.helpers, 'httpRequest');

		await expect(router.call(ctx, fastDeps().deps)).rejects.toMatchObject({
			message: `The video link expired at ${new Date(NOW - 3_600_000).toISOString()}`,
		});
		expect(spy).not.toHaveBeenCalled();
		expect(httpRequest).not.toHaveBeenCalled();
	});
});
