import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { STORE_UNAVAILABLE } from '../../nodes/ClaapTrigger/processedEvents';
import { startN8n, type N8nInstance } from '../../tools/n8n/n8n';
import {
	WEBHOOK_ID,
	WEBHOOK_SECRET,
	createTriggerWorkflow,
	createWebhookCredential,
	deliver,
	fixture,
	withEventId,
	settledExecutions,
	type TriggerWorkflow,
} from '../../tools/n8n/workflows';


type NodeRuns = Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> } }>;

const triggerOutput = (execution: { data?: unknown }) => {
	const runData = (execution as { data?: { resultData?: { runData?: Record<string, NodeRuns> } } }).data?.resultData?.runData;
	return runData?.['Claap Trigger']?.[0]?.data?.main?.[0]?.[0]?.json;
};

describe(`Claap Trigger in a real n8n ${process.env.N8N_E2E_VERSION ?? '2.41.1'}`, () => {
	let n8n: N8nInstance;
	let credential: { id: string; name: string };
	let workflow: TriggerWorkflow;

	beforeAll(async () => {
		n8n = await startN8n();
		credential = await createWebhookCredential(n8n);
		workflow = await createTriggerWorkflow(n8n, credential);
	});

	afterAll(async () => {
		await n8n?.stop();
	});

	it('turns a genuine delivery into exactly one execution with a typed item', async () => {
		const delivery = withEventId(fixture('full'), 'evt_e2e_genuine');
		const answer = await deliver(workflow.url, delivery);
		expect(answer).toMatchObject({ status: 200, body: { received: true, eventId: 'evt_e2e_genuine' } });

		const executions = await settledExecutions(n8n, workflow.id, 1);
		const item = executions.map(triggerOutput).find((json) => json?.eventId === 'evt_e2e_genuine');
		expect(item).toMatchObject({
			eventId: 'evt_e2e_genuine',
			eventType: 'recording_added',
			recording: { id: 'rec_8f3a2c1d', title: 'Acme x Claap - Discovery call' },
			validation: { valid: true, issues: [] },
		});
		expect(Date.parse(String(item?.linksExpireAt)) - Date.parse(String(item?.receivedAt))).toBe(24 * 3600 * 1000);
	});

	it('refuses forged requests with 401 and starts nothing', async () => {
		const before = (await settledExecutions(n8n, workflow.id)).length;
		const delivery = withEventId(fixture('full'), 'evt_e2e_forged');
		const forgeries: Array<Record<string, string>> = [
			{ 'x-claap-webhook-id': WEBHOOK_ID, 'x-claap-webhook-secret': 'wrong-secret' },
			{ 'x-claap-webhook-id': 'wh_other', 'x-claap-webhook-secret': WEBHOOK_SECRET },
			{ 'x-claap-webhook-id': WEBHOOK_ID },
			{},
			{ 'x-claap-webhook-id': WEBHOOK_ID, 'x-claap-webhook-secret': `${WEBHOOK_SECRET}x` },
		];
		for (const headers of forgeries) {
			const answer = await deliver(workflow.url, delivery, headers);
			expect(answer.status).toBe(401);
			expect(answer.body).toMatchObject({ error: 'unauthorized' });
			expect(answer.text).not.toContain(WEBHOOK_SECRET);
		}
		expect((await settledExecutions(n8n, workflow.id)).length).toBe(before);
	});

	it('refuses bodies that are not Claap deliveries with 400 and starts nothing', async () => {
		const before = (await settledExecutions(n8n, workflow.id)).length;
		const malformed = join(__dirname, '..', 'fixtures', 'malformed');
		for (const name of ['missing-event-id.json', 'missing-event-type.json', 'missing-recording-id.json', 'array-body.json']) {
			const answer = await deliver(workflow.url, readFileSync(join(malformed, name), 'utf8'));
			expect({ name, status: answer.status }).toEqual({ name, status: 400 });
			expect(answer.body).toMatchObject({ error: 'invalid_delivery' });
		}
		const notJson = await deliver(workflow.url, 'eventId=1', undefined, 'text/plain');
		expect(notJson).toMatchObject({ status: 400, body: { error: 'invalid_delivery', message: expect.stringContaining('not JSON') } });

		// Truncated JSON declared as application/json: n8n's body parser refuses it before the node runs.
		const truncated = await deliver(workflow.url, readFileSync(join(malformed, 'truncated.json.txt'), 'utf8'));
		expect(truncated.status).toBeGreaterThanOrEqual(400);
		expect(truncated.status).toBeLessThan(500);

		expect((await settledExecutions(n8n, workflow.id)).length).toBe(before);
	});

	it('delivers a drifted recording with a validation report', async () => {
		const answer = await deliver(workflow.url, withEventId(fixture('drifted-recording'), 'evt_e2e_drift'));
		expect(answer.status).toBe(200);
		const executions = await settledExecutions(n8n, workflow.id);
		const item = executions.map(triggerOutput).find((json) => json?.eventId === 'evt_e2e_drift');
		expect(item).toMatchObject({ validation: { valid: false } });
	});

	it('runs interleaved retries once per eventId, also after n8n restarts', async () => {
		const dedupe = await createTriggerWorkflow(n8n, credential);
		const ids = ['evt_a', 'evt_b', 'evt_c'];
		for (const eventId of [...ids, ...ids, 'evt_a', 'evt_c', 'evt_b']) {
			const answer = await deliver(dedupe.url, withEventId(fixture('minimal'), eventId));
			expect(answer.status).toBe(200);
		}
		const first = await settledExecutions(n8n, dedupe.id, 3);
		expect(first.map(triggerOutput).map((json) => json?.eventId).sort()).toEqual(ids);

		// A restart empties the in-memory record: what holds now is what n8n saved.
		await n8n.restart();
		await deliver(dedupe.url, withEventId(fixture('minimal'), 'evt_d'));
		for (const eventId of [...ids, 'evt_d']) {
			const answer = await deliver(dedupe.url, withEventId(fixture('minimal'), eventId));
			expect(answer.body).toMatchObject({ received: true, ignored: 'duplicate' });
		}
		const after = await settledExecutions(n8n, dedupe.id, 4);
		expect(after.map(triggerOutput).map((json) => json?.eventId).sort()).toEqual([...ids, 'evt_d']);
	});

	it('runs simultaneous copies of one delivery once', async () => {
		const burst = await createTriggerWorkflow(n8n, credential);
		const delivery = withEventId(fixture('full'), 'evt_burst');
		const answers = await Promise.all(Array.from({ length: 10 }, async () => await deliver(burst.url, delivery)));
		expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
		expect(answers.filter((answer) => (answer.body as { ignored?: string }).ignored === 'duplicate')).toHaveLength(9);
		expect(await settledExecutions(n8n, burst.id, 1)).toHaveLength(1);
	});

	it('reads a delivery sent with a content type n8n does not parse (version 2 leaves it unread)', async () => {
		const delivery = JSON.stringify(withEventId(fixture('minimal'), 'evt_e2e_octet'));
		const answer = await deliver(workflow.url, delivery, undefined, 'application/octet-stream');
		expect(answer).toMatchObject({ status: 200, body: { received: true, eventId: 'evt_e2e_octet' } });
		const executions = await settledExecutions(n8n, workflow.id);
		expect(executions.map(triggerOutput).some((json) => json?.eventId === 'evt_e2e_octet')).toBe(true);
	});

	it('still runs a workflow saved with the trigger at version 1, once per eventId', async () => {
		const saved = await createTriggerWorkflow(n8n, credential, {}, { typeVersion: 1 });
		const delivery = withEventId(fixture('full'), 'evt_e2e_version_1');
		expect(await deliver(saved.url, delivery)).toMatchObject({ status: 200, body: { eventId: 'evt_e2e_version_1' } });
		expect(await deliver(saved.url, delivery)).toMatchObject({ status: 200, body: { ignored: 'duplicate' } });
		const executions = await settledExecutions(n8n, saved.id, 1);
		expect(executions.map(triggerOutput).map((json) => json?.eventId)).toEqual(['evt_e2e_version_1']);
	});

	it('acknowledges events the user did not select without running', async () => {
		const updatesOnly = await createTriggerWorkflow(n8n, credential, { events: ['recording_updated'] });
		const answer = await deliver(updatesOnly.url, withEventId(fixture('full'), 'evt_e2e_not_selected'));
		expect(answer).toMatchObject({ status: 200, body: { ignored: 'event_not_selected' } });
		expect(await settledExecutions(n8n, updatesOnly.id)).toHaveLength(0);
	});

	it("checked every run against n8n's processed-data store: n8n logged no failure to reach it", () => {
		expect(n8n.logs()).not.toContain(STORE_UNAVAILABLE);
	});
});
