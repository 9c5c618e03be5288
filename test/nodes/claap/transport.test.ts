import nock from 'nock';
import { NodeApiError } from 'n8n-workflow';

import { router } from '../../../nodes/Claap/actions/router';
import { API, API_KEY, createContext, fastDeps } from './harness';
import { fullRecording } from './fixtures';

const parameters = { resource: 'recording', operation: 'get', recordingId: 'rec_8f3a2c1d' };
const path = '/v1/recordings/rec_8f3a2c1d';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('transport: retries and Claap errors', () => {
	it('honours Retry-After on 429, then returns the answer', async () => {
		const scope = nock(API, { reqheaders: { 'x-claap-key': API_KEY } })
			.get(path)
			.reply(429, { error: { type: 'rate_limited', message: 'Slow down' } }, { 'Retry-After': '3' })
			.get(path)
			.reply(200, { result: { recording: fullRecording() } });
		const { ctx } = createContext({ parameters });
		const { deps, waits } = fastDeps();

		const [output] = await router.call(ctx, deps);

		expect(waits).toEqual([3000]);
		expect(output).toEqual([{ json: fullRecording(), pairedItem: { item: 0 } }]);
		expect(scope.isDone()).toBe(true);
	});

	it('backs off exponentially through a 500 storm, then fails with status, code and message', async () => {
		const scope = nock(API)
			.get(path)
			.times(5)
			.reply(500, { error: { type: 'internal_error', message: 'Database unavailable' } });
		const { ctx } = createContext({ parameters });
		const { deps, waits } = fastDeps();

		const failure = router.call(ctx, deps);

		await expect(failure).rejects.toBeInstanceOf(NodeApiError);
		await expect(failure).rejects.toMatchObject({
			message: 'Claap could not answer (500) after 5 attempt(s): internal_error: Database unavailable',
			httpCode: '500',
		});
		expect(waits).toEqual([1000, 2000, 4000, 8000]);
		expect(scope.isDone()).toBe(true);
	});

	it('gives up on a Claap API that does not answer in time, retrying it as a network error', async () => {
		const scope = nock(API).get(path).times(5).delay(500).reply(200, { result: { recording: fullRecording() } });
		const { ctx } = createContext({ parameters });
		const { deps, waits } = fastDeps();
		deps.timeouts.apiMs = 50;

		// n8n's NodeApiError words connection errors by their code itself.
		const failure = router.call(ctx, deps);
		await expect(failure).rejects.toBeInstanceOf(NodeApiError);
		await expect(failure).rejects.toMatchObject({ message: 'The connection was aborted, perhaps the server is offline' });
		expect(waits).toEqual([1000, 2000, 4000, 8000]);
		expect(scope.isDone()).toBe(true);
	});

	it('caps each backoff at the policy maximum', async () => {
		nock(API).get(path).times(5).reply(503, 'Service Unavailable');
		const { ctx } = createContext({ parameters });
		const { deps, waits } = fastDeps();
		deps.retry.maxDelayMs = 2500;

		await expect(router.call(ctx, deps)).rejects.toMatchObject({ httpCode: '503' });
		expect(waits).toEqual([1000, 2000, 2500, 2500]);
	});

	it('does not wait for a Retry-After beyond the policy, and says how long Claap asked', async () => {
		nock(API).get(path).reply(429, { error: { type: 'rate_limited', message: 'Quota' } }, { 'Retry-After': '3600' });
		const { ctx } = createContext({ parameters });
		const { deps, waits } = fastDeps();

		await expect(router.call(ctx, deps)).rejects.toMatchObject({
			message: 'Claap is rate limiting requests (429) and still was after 1 attempt(s)',
			description: 'Claap asked to wait (Retry-After: 3600). rate_limited: Quota',
			httpCode: '429',
		});
		expect(waits).toEqual([]);
	});

	it('retries a network error, then succeeds', async () => {
		nock(API)
			.get(path)
			.replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
			.get(path)
			.reply(200, { result: { recording: fullRecording() } });
		const { ctx } = createContext({ parameters });
		const { deps, waits } = fastDeps();

		const [output] = await router.call(ctx, deps);

		expect(waits).toEqual([1000]);
		expect(output).toHaveLength(1);
	});

	it('names the Claap API credential on 401, without retrying', async () => {
		const scope = nock(API)
			.get(path)
			.reply(401, { error: { type: 'unauthorized', message: 'Invalid API key' } });
		const { ctx } = createContext({ parameters });
		const { deps, waits } = fastDeps();

		await expect(router.call(ctx, deps)).rejects.toMatchObject({
			message: 'Claap refused the Claap API credential "Sales workspace key" (401, unauthorized: Invalid API key)',
			description: 'Check the API key in this credential. Claap API keys work only for paying or trial workspaces.',
			httpCode: '401',
		});
		expect(waits).toEqual([]);
		expect(scope.isDone()).toBe(true);
	});

	it('reports Claap\'s REST error envelope: status, type, message and path', async () => {
		nock(API)
			.get(path)
			.reply(404, { error: { type: 'not_found', message: 'Recording not found', path: ['id'] } });
		const { ctx } = createContext({ parameters });

		await expect(router.call(ctx, fastDeps().deps)).rejects.toMatchObject({
			message: 'Claap answered 404: not_found: Recording not found',
			description: 'Check the ID: Claap has nothing there that this credential can see. Claap points at: ["id"]',
			httpCode: '404',
		});
	});
});
