import { startSimulator } from '../../simulator';
import type { Simulator } from '../../simulator';
import { startReceiver } from './receiver';
import type { Receiver } from './receiver';

// 1 min -> 60 ms, 5 min -> 300 ms. The timeout is set on its own, wide enough for a loaded CI.
const fast = { timeScale: 0.001, deliveryTimeoutMs: 250 };

describe('deliveries and retries', () => {
	let sim: Simulator | undefined;
	let receiver: Receiver | undefined;
	afterEach(async () => {
		await sim?.close();
		await receiver?.close();
		sim = receiver = undefined;
	});

	it('retries after two 500s and stops at the first 200, with the same eventId and body', async () => {
		receiver = await startReceiver((n) => ({ status: n <= 2 ? 500 : 200 }));
		sim = await startSimulator({ ...fast, deliverTo: receiver.url });
		const { eventId } = sim.trigger('recording_added', 'rec_8f3a2c1d');
		const delivery = await sim.deliveries.settled(eventId);

		expect(delivery.status).toBe('delivered');
		expect(delivery.attempts.map((a) => [a.attempt, a.status, a.ok])).toEqual([
			[1, 500, false],
			[2, 500, false],
			[3, 200, true],
		]);
		expect(receiver.received).toHaveLength(3);
		const bodies = receiver.received.map((r) => JSON.stringify(r.body));
		expect(new Set(bodies).size).toBe(1);
		expect(receiver.received.every((r) => (r.body as { eventId: string }).eventId === eventId)).toBe(true);
	});

	it('counts a receiver slower than the timeout as a failure', async () => {
		receiver = await startReceiver((n) => ({ status: 200, delayMs: n === 1 ? 2_000 : 0 }));
		sim = await startSimulator({ ...fast, deliverTo: receiver.url });
		const { eventId } = sim.trigger('recording_added', 'rec_minimal');
		const delivery = await sim.deliveries.settled(eventId);

		expect(delivery.status).toBe('delivered');
		expect(delivery.attempts).toHaveLength(2);
		expect(delivery.attempts[0]).toMatchObject({ ok: false, error: expect.stringContaining('timeout') });
		expect(delivery.attempts[0].status).toBeUndefined();
		expect(delivery.attempts[1]).toMatchObject({ ok: true, status: 200 });
	});

	it('drops the event after the last retry, and counts anything but 200 as a failure', async () => {
		receiver = await startReceiver(() => ({ status: 204 }));
		const settled: string[] = [];
		sim = await startSimulator({ ...fast, deliverTo: receiver.url, onDeliverySettled: (d) => settled.push(d.status) });
		const { eventId } = sim.trigger('recording_updated', 'rec_2b7e91c4');
		const delivery = await sim.deliveries.settled(eventId);

		expect(delivery.status).toBe('failed');
		expect(delivery.attempts.map((a) => a.status)).toEqual([204, 204, 204]);
		expect(receiver.received).toHaveLength(3);
		expect(settled).toEqual(['failed']);
	});

	it('records a connection error as a failed attempt', async () => {
		receiver = await startReceiver();
		const deadUrl = receiver.url;
		await receiver.close();
		receiver = undefined;
		sim = await startSimulator({ ...fast, deliverTo: deadUrl, retryScheduleMs: [0, 10] });
		const delivery = await sim.deliveries.settled(sim.trigger('recording_added', 'rec_minimal').eventId);
		expect(delivery.status).toBe('failed');
		expect(delivery.attempts.map((a) => a.error)).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
	});

	it('follows the schedule in order and cancels pending retries on close', async () => {
		receiver = await startReceiver(() => ({ status: 500 }));
		// Real-time schedule: the second attempt is a minute away, so close() must cancel it.
		sim = await startSimulator({ deliverTo: receiver.url });
		const attempts: number[] = [];
		const { eventId } = sim.trigger('recording_added', 'rec_minimal');
		while (sim.deliveries.get(eventId)!.attempts.length === 0) await new Promise((r) => setTimeout(r, 10));
		attempts.push(...sim.deliveries.get(eventId)!.attempts.map((a) => a.attempt));
		await sim.close();
		const delivery = await sim.deliveries.settled(eventId);
		expect(attempts).toEqual([1]);
		expect(delivery.status).toBe('cancelled');
	});

	it('delivers nothing when the webhook has no URL yet, and delivers once one is set', async () => {
		receiver = await startReceiver();
		sim = await startSimulator(fast);
		expect(sim.trigger('recording_added', 'rec_minimal').delivery).toBeUndefined();
		sim.setWebhookUrl(receiver.url);
		const { delivery } = sim.trigger('recording_added', 'rec_minimal');
		expect((await sim.deliveries.settled(delivery!.eventId)).status).toBe('delivered');
		expect(receiver.received).toHaveLength(1);
	});
});
