import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { router } from '../../../nodes/Claap/actions/router';
import { fullRecording, triggerItem } from './fixtures';
import { API, createContext, fastDeps, STORAGE } from './harness';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const byId = (recordingId: string) => ({ resource: 'recording', operation: 'get', recordingId });
const video = (url: string) => {
	const recording = { ...fullRecording(), video: { url } };
	return {
		parameters: { resource: 'recording', operation: 'downloadVideo', source: 'inputRecording', recording, binaryPropertyName: 'data' },
		item: triggerItem(recording, { linksExpireAt: undefined }),
	};
};

describe('error items under Continue', () => {
	it("keep the message, the remedy, the HTTP status, Claap's code and the item index of a NodeApiError", async () => {
		nock(API).get('/v1/recordings/rec_ok').reply(200, { result: { recording: { id: 'rec_ok', title: 'ok' } } });
		nock(API)
			.get('/v1/recordings/rec_missing')
			.reply(404, { error: { type: 'not_found', message: 'Recording not found' } });
		const { ctx } = createContext({
			parameters: [byId('rec_ok'), byId('rec_missing')],
			items: [{ json: {} }, { json: {} }],
			continueOnFail: true,
		});

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output[1]).toEqual({
			json: {
				error: 'Claap answered 404: not_found: Recording not found',
				description: 'Check the ID: Claap has nothing there that this credential can see.',
				httpCode: '404',
				code: 'not_found',
				itemIndex: 1,
			},
			pairedItem: { item: 1 },
		});
	});

	it('keep the 24-hour remedy of an expired link', async () => {
		nock(STORAGE).get('/videos/old.mp4').reply(403);
		const { parameters, item } = video(`${STORAGE}/videos/old.mp4`);
		const { ctx } = createContext({ parameters, items: [item], continueOnFail: true });

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output).toEqual([
			{
				json: {
					error: 'The video link has expired or is no longer valid (403)',
					description: expect.stringContaining("Claap's pre-signed links last 24 hours"),
					httpCode: '403',
					itemIndex: 0,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it("keep Retry-After in the remedy of a 429 and the status, after the retries", async () => {
		nock(API).get('/v1/recordings/rec_busy').times(5).reply(429, { error: { type: 'rate_limited', message: 'Slow down' } }, { 'Retry-After': '2' });
		const { ctx } = createContext({ parameters: byId('rec_busy'), continueOnFail: true });

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output[0].json).toEqual({
			error: 'Claap is rate limiting requests (429) and still was after 5 attempt(s)',
			description: 'Claap asked to wait (Retry-After: 2). rate_limited: Slow down',
			httpCode: '429',
			code: 'rate_limited',
			itemIndex: 0,
		});
	});

	it('keep the description and item index of a NodeOperationError', async () => {
		const { ctx } = createContext({
			parameters: [byId('rec_ok'), byId('  ')],
			items: [{ json: {} }, { json: {} }],
			continueOnFail: true,
		});
		nock(API).get('/v1/recordings/rec_ok').reply(200, { result: { recording: { id: 'rec_ok' } } });

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output[1]).toEqual({ json: { error: expect.stringContaining('Recording ID'), description: expect.stringContaining("recording's ID"), itemIndex: 1 }, pairedItem: { item: 1 } });
	});
});

describe('errors without Continue', () => {
	it('carry the item index on a NodeApiError, with its status and description', async () => {
		nock(API).get('/v1/recordings/rec_ok').reply(200, { result: { recording: { id: 'rec_ok' } } });
		nock(API).get('/v1/recordings/rec_down').times(5).reply(500, { error: { type: 'internal', message: 'boom' } });
		const { ctx } = createContext({ parameters: [byId('rec_ok'), byId('rec_down')], items: [{ json: {} }, { json: {} }] });

		const failure = router.call(ctx, fastDeps().deps);

		await expect(failure).rejects.toBeInstanceOf(NodeApiError);
		await expect(failure).rejects.toMatchObject({
			message: 'Claap could not answer (500) after 5 attempt(s): internal: boom',
			description: 'Claap or the network had trouble. Try again in a few minutes.',
			httpCode: '500',
			context: { itemIndex: 1 },
		});
	});

	it('carry the item index on a NodeOperationError', async () => {
		const { ctx } = createContext({ parameters: byId('') });

		const failure = router.call(ctx, fastDeps().deps);

		await expect(failure).rejects.toBeInstanceOf(NodeOperationError);
		await expect(failure).rejects.toMatchObject({ context: { itemIndex: 0 } });
	});
});
