import { DeliverySchema } from '../../nodes/shared/schemas';
import { startSimulator } from '../../simulator';
import type { Simulator } from '../../simulator';
import { startReceiver } from './receiver';
import type { Receiver } from './receiver';

describe('webhook trigger API', () => {
	let sim: Simulator;
	let receiver: Receiver;
	let triggerUrl: string;

	beforeAll(async () => {
		receiver = await startReceiver();
		sim = await startSimulator({ deliverTo: receiver.url });
		triggerUrl = `${sim.apiBaseUrl}/v1/webhook/${sim.webhook.id}/trigger`;
	});
	afterAll(async () => {
		await sim.close();
		await receiver.close();
	});

	const trigger = async (url: string, secret: string | undefined, body: unknown) => {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...(secret === undefined ? {} : { 'X-Claap-Webhook-Secret': secret }) },
			body: typeof body === 'string' ? body : JSON.stringify(body),
		});
		return { status: res.status, body: (await res.json()) as Record<string, unknown> };
	};
	const good = { type: 'recording_added', recordingId: 'rec_8f3a2c1d' };

	it('answers 404 webhook_not_found for an unknown webhook id, whatever the secret and body', async () => {
		const res = await trigger(`${sim.apiBaseUrl}/v1/webhook/wh_nope/trigger`, sim.webhook.secret, good);
		expect(res).toEqual({ status: 404, body: expect.objectContaining({ ok: false, error: 'webhook_not_found' }) });
		expect((await trigger(`${sim.apiBaseUrl}/v1/webhook/wh_nope/trigger`, undefined, {})).status).toBe(404);
	});

	it('answers 401 unauthorized for a missing or wrong secret, before looking at the body', async () => {
		for (const secret of [undefined, 'whsec_wrong', '']) {
			const res = await trigger(triggerUrl, secret, {});
			expect(res.status).toBe(401);
			expect(res.body).toEqual({ ok: false, error: 'unauthorized', errMessage: expect.any(String) });
		}
	});

	it('answers 400 to a right secret with an incomplete or invalid body', async () => {
		const cases: [unknown, string][] = [
			[{}, 'invalid_request'],
			['{not json', 'invalid_request'],
			[{ type: 'recording_deleted', recordingId: 'rec_8f3a2c1d' }, 'invalid_request'],
			[{ type: 'recording_added' }, 'invalid_request'],
			[{ type: 'recording_added', recordingId: 'rec_unknown' }, 'recording_not_found'],
		];
		for (const [body, error] of cases) {
			const res = await trigger(triggerUrl, sim.webhook.secret, body);
			expect(res.status).toBe(400);
			expect(res.body).toEqual({ ok: false, error, errMessage: expect.any(String) });
		}
		expect(sim.deliveries.list()).toHaveLength(0);
	});

	it('answers 200 with an eventId and delivers the event with both headers', async () => {
		const res = await trigger(triggerUrl, sim.webhook.secret, { type: 'recording_updated', recordingId: 'rec_5d0c33fa' });
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ ok: true, data: { eventId: expect.any(String), type: 'recording_updated' } });
		const eventId = (res.body.data as { eventId: string }).eventId;

		const delivery = await sim.deliveries.settled(eventId);
		expect(delivery.status).toBe('delivered');
		expect(receiver.received).toHaveLength(1);
		const [{ headers, body }] = receiver.received;
		expect(headers['x-claap-webhook-id']).toBe('wh_demo');
		expect(headers['x-claap-webhook-secret']).toBe('whsec_demo_change_me');
		expect(headers['content-type']).toBe('application/json');
		const parsed = DeliverySchema.parse(body);
		expect(parsed.eventId).toBe(eventId);
		expect(parsed.event).toMatchObject({ type: 'recording_updated', recording: { id: 'rec_5d0c33fa' } });
		// Links in the delivery are the simulator's own signed links, and they work.
		const link = parsed.event.recording.transcripts[0].url;
		expect(link.startsWith(`${sim.url}/_links/`)).toBe(true);
		expect((await fetch(link)).status).toBe(200);
	});

	it('gives a new eventId to each trigger', async () => {
		const a = await trigger(triggerUrl, sim.webhook.secret, good);
		const b = await trigger(triggerUrl, sim.webhook.secret, good);
		const ids = [a, b].map((r) => (r.body.data as { eventId: string }).eventId);
		expect(new Set(ids).size).toBe(2);
		await sim.deliveries.allSettled();
	});
});
