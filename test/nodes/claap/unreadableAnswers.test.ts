import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import nock from 'nock';
import { NodeApiError } from 'n8n-workflow';

import { router } from '../../../nodes/Claap/actions/router';
import { describeBody } from '../../../nodes/Claap/transport/answerBody';
import { n8nHttpRequest } from '../../support/n8nHttp';
import { API, createContext, fastDeps, STORAGE } from './harness';
import { fullRecording, transcriptFixture } from './fixtures';

beforeAll(() => {
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const RECORDING = '/v1/recordings/rec_8f3a2c1d';
const getRecording = { resource: 'recording', operation: 'get', recordingId: 'rec_8f3a2c1d' };
const LINK = '/transcripts/rec_8f3a2c1d/en.json';
const fromLink = {
	resource: 'transcript',
	operation: 'get',
	source: 'transcriptUrl',
	transcriptUrl: `${STORAGE}${LINK}`,
	output: 'text',
	options: {},
};

const recordingJson = JSON.stringify({ result: { recording: fullRecording() } });
const transcriptJson = JSON.stringify(transcriptFixture('basic'));
const half = (text: string) => text.slice(0, Math.floor(text.length / 2));
const JSON_TYPE = { 'content-type': 'application/json' };
const GATEWAY_PAGE = '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';
const TEXT_TRANSCRIPT = '[00:00:00] speaker_1: Hi John, thanks for joining the call today.\n[00:00:04] speaker_2: Sure.\n';
const BACKOFF = [1000, 2000, 4000, 8000];

describe('what arrived instead of JSON', () => {
	it.each([
		['', 'empty'],
		['  \n', 'empty'],
		['{"result":{"recording":{"id":"rec', 'cutShort'],
		['{"result":{"text":"a \\" } ] quote', 'cutShort'],
		['[1, 2', 'cutShort'],
		['{"a":1,}', 'invalidJson'],
		['"a quoted string that stops', 'cutShort'],
		['{"a":1}x', 'invalidJson'],
		[GATEWAY_PAGE, 'html'],
		['<?xml version="1.0"?><Error><Code>SlowDown</Code></Error>', 'xml'],
		[TEXT_TRANSCRIPT, 'text'],
		['\u0000\u0000\u0000 ftypisom', 'binary'],
	])('%j is %s', (text, kind) => {
		expect(describeBody(text, Buffer.byteLength(text)).kind).toBe(kind);
	});

	it("names an HTML page by its title, and a body labelled text/html as HTML", () => {
		expect(describeBody(GATEWAY_PAGE, 100)).toMatchObject({ kind: 'html', title: '502 Bad Gateway' });
		expect(describeBody('Access denied', 13, 'text/html; charset=utf-8').kind).toBe('html');
	});
});

describe("Claap's REST API answering something other than JSON", () => {
	it('asks again after a body cut short, then outputs the recording', async () => {
		const scope = nock(API)
			.get(RECORDING)
			.reply(200, half(recordingJson), JSON_TYPE)
			.get(RECORDING)
			.reply(200, recordingJson, JSON_TYPE);
		const { ctx } = createContext({ parameters: getRecording });
		const { deps, waits } = fastDeps();

		const [output] = await router.call(ctx, deps);

		expect(output).toEqual([{ json: fullRecording(), pairedItem: { item: 0 } }]);
		expect(waits).toEqual([1000]);
		expect(scope.isDone()).toBe(true);
	});

	it('asks again after a connection that broke mid-body (axios: "stream has been aborted")', async () => {
		const scope = nock(API)
			.get(RECORDING)
			.replyWithError({ code: 'ERR_BAD_RESPONSE', message: 'stream has been aborted' })
			.get(RECORDING)
			.reply(200, recordingJson, JSON_TYPE);
		const { ctx } = createContext({ parameters: getRecording });
		const { deps, waits } = fastDeps();

		const [output] = await router.call(ctx, deps);

		expect(output).toHaveLength(1);
		expect(waits).toEqual([1000]);
		expect(scope.isDone()).toBe(true);
	});

	it('says how many bytes arrived when every attempt is cut short', async () => {
		const cut = half(recordingJson);
		nock(API).get(RECORDING).times(5).reply(200, cut, JSON_TYPE);
		const { ctx } = createContext({ parameters: getRecording });
		const { deps, waits } = fastDeps();

		const failure = router.call(ctx, deps);

		await expect(failure).rejects.toBeInstanceOf(NodeApiError);
		await expect(failure).rejects.toMatchObject({
			message: `Claap answered GET /v1/recordings/rec_8f3a2c1d with JSON cut short after ${Buffer.byteLength(cut)} bytes (5 attempts)`,
			description: 'The connection to api.claap.io broke off, or the answer was damaged on the way. Try again in a few minutes.',
			context: { itemIndex: 0 },
		});
		expect(waits).toEqual(BACKOFF);
	});

	it('names the HTML page that answered and points at the Base URL and the network, not at transcripts', async () => {
		nock(API).get(RECORDING).times(5).reply(200, GATEWAY_PAGE, { 'content-type': 'text/html' });
		const { ctx } = createContext({ parameters: getRecording });

		const failure = router.call(ctx, fastDeps().deps);

		await expect(failure).rejects.toMatchObject({
			message: 'Claap answered GET /v1/recordings/rec_8f3a2c1d with an HTML page ("502 Bad Gateway") instead of JSON (5 attempts)',
			description: expect.stringContaining('Check the Base URL'),
		});
		await expect(failure).rejects.not.toMatchObject({ description: expect.stringContaining('textUrl') });
	});

	it('says an empty body is empty', async () => {
		nock(API).get(RECORDING).times(5).reply(200, '');
		const { ctx } = createContext({ parameters: getRecording });

		await expect(router.call(ctx, fastDeps().deps)).rejects.toMatchObject({
			message: 'Claap answered GET /v1/recordings/rec_8f3a2c1d with an empty body instead of JSON (5 attempts)',
		});
	});

	it('keeps what arrived in the error item under Continue, with no HTTP status', async () => {
		nock(API).get(RECORDING).times(5).reply(200, '<?xml version="1.0"?><Error><Code>SlowDown</Code></Error>');
		const { ctx } = createContext({ parameters: getRecording, continueOnFail: true });

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output).toEqual([
			{
				json: {
					error: 'Claap answered GET /v1/recordings/rec_8f3a2c1d with XML instead of JSON (5 attempts)',
					description: expect.stringContaining("Something other than Claap's API answered"),
					itemIndex: 0,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('does not ask again after a POST, which Claap has carried out: it says so', async () => {
		const cut = '{"result":{"recording":{"id":"rec_new","sta';
		const scope = nock(API).post('/v1/recordings').once().reply(200, cut, JSON_TYPE);
		const { ctx } = createContext({
			parameters: { resource: 'recording', operation: 'create', downloadUrl: 'https://files.example.com/call.mp4', additionalFields: {} },
		});
		const { deps, waits } = fastDeps();

		await expect(router.call(ctx, deps)).rejects.toMatchObject({
			message: `Claap answered POST /v1/recordings with JSON cut short after ${cut.length} bytes`,
			description: expect.stringContaining('most likely been done. Check in Claap before running this again'),
		});
		expect(waits).toEqual([]);
		expect(scope.isDone()).toBe(true);
	});

	it('takes a DELETE answered 2xx as done, whatever its body', async () => {
		nock(API).delete(RECORDING).reply(200, '{"result":{"ok":tr');
		const { ctx } = createContext({ parameters: { resource: 'recording', operation: 'delete', recordingId: 'rec_8f3a2c1d' } });

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output).toEqual([{ json: { id: 'rec_8f3a2c1d', deleted: true }, pairedItem: { item: 0 } }]);
	});
});

describe('a transcript link answering something other than JSON', () => {
	it('asks again after a body cut short, then outputs the transcript', async () => {
		const scope = nock(STORAGE)
			.get(LINK)
			.reply(200, half(transcriptJson), JSON_TYPE)
			.get(LINK)
			.reply(200, transcriptJson, JSON_TYPE);
		const { ctx } = createContext({ parameters: fromLink });
		const { deps, waits } = fastDeps();

		const [output] = await router.call(ctx, deps);

		expect(output).toHaveLength(1);
		expect(output[0].json.transcript).toContain('Hi John, thanks for joining the call today.');
		expect(waits).toEqual([1000]);
		expect(scope.isDone()).toBe(true);
	});

	it('reads JSON that starts with a byte-order mark', async () => {
		nock(STORAGE).get(LINK).reply(200, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(transcriptJson)]));
		const { ctx } = createContext({ parameters: fromLink });

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output[0].json.transcript).toContain('Hi John');
	});

	it('says how many bytes arrived, without the textUrl hint, when every attempt is cut short', async () => {
		const cut = half(transcriptJson);
		nock(STORAGE).get(LINK).times(5).reply(200, cut, JSON_TYPE);
		const { ctx } = createContext({ parameters: fromLink });

		const failure = router.call(ctx, fastDeps().deps);

		await expect(failure).rejects.toMatchObject({
			message: `The transcript link answered with JSON cut short after ${Buffer.byteLength(cut)} bytes (5 attempts)`,
			description: expect.stringContaining('storage.claap.io broke off'),
		});
		await expect(failure).rejects.not.toMatchObject({ description: expect.stringContaining('textUrl') });
	});

	it('gives the textUrl hint when what arrived is a plain-text transcript', async () => {
		nock(STORAGE).get(LINK).times(5).reply(200, TEXT_TRANSCRIPT, { 'content-type': 'text/plain; charset=utf-8' });
		const { ctx } = createContext({ parameters: fromLink });

		await expect(router.call(ctx, fastDeps().deps)).rejects.toMatchObject({
			message: `The transcript link answered with plain text (${Buffer.byteLength(TEXT_TRANSCRIPT)} bytes) instead of JSON (5 attempts)`,
			description: 'This looks like a plain-text transcript: use a transcript\'s "url" (JSON), not its "textUrl" (plain text).',
		});
	});

	it.each([
		['an HTML page', GATEWAY_PAGE, 'an HTML page ("502 Bad Gateway") instead of JSON'],
		['XML', '<?xml version="1.0"?><ListBucketResult></ListBucketResult>', 'XML instead of JSON'],
		['a video', Buffer.from('\u0000\u0000\u0000\u0020ftypisom\u0000\u0000\u0002\u0000'), 'binary data (16 bytes) instead of JSON'],
	])('names %s and points at the link, without the textUrl hint', async (_label, body, arrived) => {
		nock(STORAGE).get(LINK).times(5).reply(200, body);
		const { ctx } = createContext({ parameters: fromLink });

		const failure = router.call(ctx, fastDeps().deps);

		await expect(failure).rejects.toMatchObject({
			message: `The transcript link answered with ${arrived} (5 attempts)`,
			description: expect.stringContaining('Check the link, or get fresh links with Recording > Get.'),
		});
		await expect(failure).rejects.not.toMatchObject({ description: expect.stringContaining('textUrl') });
	});
});

describe("a connection that breaks mid-body, through n8n's own HTTP client", () => {
	it('is asked again, then the transcript arrives', async () => {
		let requests = 0;
		const server = createServer((_req, res) => {
			requests++;
			res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(transcriptJson)) });
			if (requests > 1) return void res.end(transcriptJson);
			// The headers promise the whole transcript; half of it comes, then the connection drops.
			res.write(half(transcriptJson), () => res.destroy());
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const { port } = server.address() as AddressInfo;
			const { ctx } = createContext({ parameters: { ...fromLink, transcriptUrl: `http://127.0.0.1:${port}${LINK}` } });
			Object.assign(ctx.helpers, { httpRequest: n8nHttpRequest });
			const { deps, waits } = fastDeps();

			const [output] = await router.call(ctx, deps);

			expect(output[0].json.transcript).toContain('Hi John');
			expect(requests).toBe(2);
			expect(waits).toEqual([1000]);
		} finally {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	});
});
