import nock from 'nock';
import { NodeApiError } from 'n8n-workflow';

import { Claap } from '../../../nodes/Claap/Claap.node';
import { router } from '../../../nodes/Claap/actions/router';
import { createContext, fastDeps, WEBHOOK_API, WEBHOOK_SECRET } from './harness';

const parameters = { resource: 'webhook', operation: 'trigger', eventType: 'recording_updated', recordingId: 'rec_8f3a2c1d' };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Webhook > Trigger', () => {
	it('posts the event with the webhook secret and outputs Claap\'s data, paired', async () => {
		const scope = nock(WEBHOOK_API, { reqheaders: { 'x-claap-webhook-secret': WEBHOOK_SECRET } })
			.post('/v1/webhook/wh_123/trigger', { type: 'recording_updated', recordingId: 'rec_8f3a2c1d' })
			.reply(200, { ok: true, data: { deliveryId: 'dlv_1' } });
		const { ctx } = createContext({ parameters });

		// Through the node class: the path n8n takes.
		const output = await new Claap().execute.call(ctx);

		expect(output).toEqual([
			[
				{
					json: { type: 'recording_updated', recordingId: 'rec_8f3a2c1d', data: { deliveryId: 'dlv_1' } },
					pairedItem: { item: 0 },
				},
			],
		]);
		expect(scope.isDone()).toBe(true);
	});

	it('turns { ok: false } into a NodeApiError carrying Claap\'s code and message', async () => {
		nock(WEBHOOK_API)
			.post('/v1/webhook/wh_123/trigger')
			.reply(200, { ok: false, error: 'recording_not_found', errMessage: 'No recording rec_8f3a2c1d' });
		const { ctx } = createContext({ parameters });
		const { deps } = fastDeps();

		const failure = router.call(ctx, deps);

		await expect(failure).rejects.toBeInstanceOf(NodeApiError);
		await expect(failure).rejects.toThrow(
			'Claap refused to trigger the event: recording_not_found: No recording rec_8f3a2c1d',
		);
	});

	it('reads { ok: false } on an HTTP error status too, with the status', async () => {
		nock(WEBHOOK_API).post('/v1/webhook/wh_123/trigger').reply(400, { ok: false, error: 'invalid_type' });
		const { ctx } = createContext({ parameters });

		await expect(router.call(ctx, fastDeps().deps)).rejects.toMatchObject({
			message: 'Claap answered 400: invalid_type',
			httpCode: '400',
		});
	});

	it('names the webhook credential when Claap refuses it', async () => {
		nock(WEBHOOK_API)
			.post('/v1/webhook/wh_123/trigger')
			.reply(401, { ok: false, error: 'invalid_secret' });
		const { ctx } = createContext({ parameters });

		await expect(router.call(ctx, fastDeps().deps)).rejects.toMatchObject({
			message: 'Claap refused the Claap Webhook credential "Claap webhook" (401, invalid_secret)',
			httpCode: '401',
		});
	});

	it('with continueOnFail, pairs each error item with its input and carries on', async () => {
		nock(WEBHOOK_API)
			.post('/v1/webhook/wh_123/trigger', { type: 'recording_added', recordingId: 'rec_a' })
			.reply(200, { ok: false, error: 'recording_not_found' })
			.post('/v1/webhook/wh_123/trigger', { type: 'recording_added', recordingId: 'rec_b' })
			.reply(200, { ok: true, data: {} });
		const { ctx } = createContext({
			parameters: [
				{ ...parameters, eventType: 'recording_added', recordingId: 'rec_a' },
				{ ...parameters, eventType: 'recording_added', recordingId: 'rec_b' },
				{ ...parameters, eventType: 'recording_added', recordingId: '  ' },
			],
			items: [{ json: {} }, { json: {} }, { json: {} }],
			continueOnFail: true,
		});

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output).toEqual([
			{
				json: expect.objectContaining({
					error: 'Claap refused to trigger the event: recording_not_found',
					code: 'recording_not_found',
					itemIndex: 0,
				}),
				pairedItem: { item: 0 },
			},
			{ json: { type: 'recording_added', recordingId: 'rec_b', data: {} }, pairedItem: { item: 1 } },
			{ json: { error: 'Recording ID is empty', description: expect.stringContaining("recording's ID"), itemIndex: 2 }, pairedItem: { item: 2 } },
		]);
	});
});
