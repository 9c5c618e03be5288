import { startSimulator, type Simulator } from '../../simulator';
import { startN8n, type N8nInstance } from '../../tools/n8n/n8n';
import { ownerSession } from '../../tools/n8n/n8nApi';
import {
	createChainWorkflow,
	createCredential,
	listExecutions,
	runClaapOperation,
	settledExecutions,
	waitForWebhook,
	type Execution,
} from '../../tools/n8n/workflows';

type Json = Record<string, unknown>;

const nodeOutput = (execution: Execution, node: string): Json[] =>
	execution.data?.resultData?.runData?.[node]?.[0]?.data?.main?.[0]?.map((item) => item.json) ?? [];

async function executionsWhere(n8n: N8nInstance, workflowId: string, atLeast: number, match: (execution: Execution) => boolean) {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const found = (await listExecutions(n8n, workflowId)).filter((execution) => execution.status === 'success' && match(execution));
		if (found.length >= atLeast || Date.now() > deadline) return found;
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
}

describe(`Claap simulator <-> real n8n ${process.env.N8N_E2E_VERSION ?? '2.41.1'}`, () => {
	let n8n: N8nInstance;
	let claap: Simulator;
	let apiCredential: { id: string; name: string };
	let webhookCredential: { id: string; name: string };
	let triggerWorkflowId: string;

	beforeAll(async () => {
		// Retries come quickly (scaled down), but n8n gets Claap's real 5 seconds to answer.
		claap = await startSimulator({ timeScale: 0.001, deliveryTimeoutMs: 5000 });
		n8n = await startN8n();
		webhookCredential = await createCredential(n8n, 'claapWebhookApi', 'Claap Webhook (simulator)', {
			webhookId: claap.webhook.id,
			webhookSecret: claap.webhook.secret,
			baseUrl: claap.apiBaseUrl,
		});
		apiCredential = await createCredential(n8n, 'claapApi', 'Claap API (simulator)', {
			apiKey: claap.apiKey,
			baseUrl: claap.url,
		});
		// Claap Trigger -> Claap (Transcript > Get as SRT), the recording taken from the trigger's item.
		const webhookId = '7c0d7a4e-3c55-4c39-9d43-2a3f4b5c6d7e';
		triggerWorkflowId = await createChainWorkflow(n8n, 'New recording -> SRT', [
			{
				name: 'Claap Trigger',
				type: 'n8n-nodes-claap.claapTrigger',
				typeVersion: 2,
				webhookId,
				parameters: {},
				credentials: { claapWebhookApi: webhookCredential },
			},
			{
				name: 'Transcript as SRT',
				type: 'n8n-nodes-claap.claap',
				typeVersion: 1,
				parameters: { resource: 'transcript', operation: 'get', source: 'inputRecording', output: 'srt' },
			},
		]);
		const triggerUrl = `${n8n.baseUrl}/webhook/${webhookId}/webhook`;
		await waitForWebhook(triggerUrl);
		claap.setWebhookUrl(triggerUrl);
	});

	afterAll(async () => {
		await n8n?.stop();
		await claap?.close();
	});

	it('delivers recording_added into the trigger, and the Claap node renders its transcript as SRT', async () => {
		const { eventId, delivery } = claap.trigger('recording_added', 'rec_8f3a2c1d');
		await claap.deliveries.settled(eventId);
		expect(delivery?.attempts.map((attempt) => attempt.status)).toEqual([200]);

		const [execution] = await executionsWhere(n8n, triggerWorkflowId, 1, (run) => nodeOutput(run, 'Claap Trigger')[0]?.eventId === eventId);
		expect(nodeOutput(execution, 'Claap Trigger')[0]).toMatchObject({ eventType: 'recording_added', recording: { id: 'rec_8f3a2c1d' } });
		const [srt] = nodeOutput(execution, 'Transcript as SRT');
		expect(srt).toMatchObject({ recordingId: 'rec_8f3a2c1d', format: 'srt' });
		expect(String(srt.transcript)).toMatch(/^1\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\n/u);
		// The transcript came from the simulator's pre-signed link, which saw no Claap secret.
		const linkHeaders = claap.linkRequests().map((request) => JSON.stringify(request.headers).toLowerCase());
		expect(linkHeaders.length).toBeGreaterThan(0);
		for (const headers of linkHeaders) {
			expect(headers).not.toContain(claap.webhook.secret.toLowerCase());
			expect(headers).not.toContain('x-claap');
		}
	});

	it('runs a delivery Claap re-sends three times once', async () => {
		const { eventId } = claap.trigger('recording_added', 'rec_2b7e91c4');
		await claap.deliveries.settled(eventId);
		const payload = claap.deliveries.get(eventId)?.payload;
		const url = `${n8n.baseUrl}/webhook/7c0d7a4e-3c55-4c39-9d43-2a3f4b5c6d7e/webhook`;
		for (let retry = 0; retry < 2; retry++) {
			const answer = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-claap-webhook-id': claap.webhook.id, 'x-claap-webhook-secret': claap.webhook.secret },
				body: JSON.stringify(payload),
			});
			expect(await answer.json()).toMatchObject({ ignored: 'duplicate', eventId });
		}
		const runs = await settledExecutions(n8n, triggerWorkflowId, 1);
		expect(runs.filter((run) => nodeOutput(run, 'Claap Trigger')[0]?.eventId === eventId)).toHaveLength(1);
	});

	it('closes the loop: Claap > Webhook > Trigger makes Claap deliver back into the Claap Trigger', async () => {
		const result = await runClaapOperation(
			n8n,
			{ resource: 'webhook', operation: 'trigger', eventType: 'recording_updated', recordingId: 'rec_2b7e91c4' },
			{ claapWebhookApi: webhookCredential },
		);
		expect(result.status).toBe(200);
		const [answer] = result.items as Json[];
		expect(answer).toMatchObject({ type: 'recording_updated', recordingId: 'rec_2b7e91c4', data: { eventId: expect.any(String) } });
		const eventId = String((answer.data as Json).eventId);
		const runs = await executionsWhere(n8n, triggerWorkflowId, 1, (run) => nodeOutput(run, 'Claap Trigger')[0]?.eventId === eventId);
		expect(nodeOutput(runs[0], 'Claap Trigger')[0]).toMatchObject({ eventType: 'recording_updated', recording: { id: 'rec_2b7e91c4' } });
	});

	it('lists every recording through the REST API, across pages', async () => {
		// 230 more recordings than the seed: three pages of 100.
		const template = claap.store.get('rec_2b7e91c4');
		if (!template) throw new Error('seed recording missing');
		for (let index = 0; index < 230; index++) {
			const createdAt = new Date(Date.UTC(2024, 0, 1, 0, index)).toISOString();
			claap.store.put({ ...template, recording: { ...template.recording, id: `rec_bulk_${index}`, createdAt } });
		}
		const pagesBefore = claap.requests({ method: 'GET', path: '/v1/recordings' }).length;
		const result = await runClaapOperation(
			n8n,
			{ resource: 'recording', operation: 'getMany', returnAll: true, filters: {}, sort: 'created_asc' },
			{ claapApi: apiCredential },
		);
		const items = result.items as Json[];
		expect(items.map((item) => item.id)).toEqual([...claap.store.ids()].sort((a, b) => {
			const created = (id: string) => String(claap.store.get(id)?.recording.createdAt);
			return created(a).localeCompare(created(b));
		}));
		expect(items).toHaveLength(237);
		expect(claap.requests({ method: 'GET', path: '/v1/recordings' }).length - pagesBefore).toBe(3);
		for (let index = 0; index < 230; index++) claap.store.delete(`rec_bulk_${index}`);
	});

	it('gets a recording, its transcript by ID and its video', async () => {
		const recording = await runClaapOperation(n8n, { resource: 'recording', operation: 'get', recordingId: 'rec_8f3a2c1d' }, { claapApi: apiCredential });
		expect(recording.items).toEqual([expect.objectContaining({ id: 'rec_8f3a2c1d' })]);

		const transcript = await runClaapOperation(
			n8n,
			{ resource: 'transcript', operation: 'get', source: 'recordingId', recordingId: 'rec_8f3a2c1d', language: 'code', languageCode: 'fr', output: 'text' },
			{ claapApi: apiCredential },
		);
		expect(transcript.items).toEqual([expect.objectContaining({ recordingId: 'rec_8f3a2c1d', language: 'fr', transcript: expect.any(String) })]);

		const video = await runClaapOperation(
			n8n,
			{ resource: 'recording', operation: 'downloadVideo', source: 'recordingId', recordingId: 'rec_8f3a2c1d' },
			{ claapApi: apiCredential },
		);
		expect(video.items).toEqual([expect.objectContaining({ recordingId: 'rec_8f3a2c1d', mimeType: 'video/mp4' })]);
	});

	it("reads the REST transcript in both of Claap's shapes (result.segments, result.transcript.segments)", async () => {
		const byId = { resource: 'transcript', operation: 'get', source: 'recordingId', recordingId: 'rec_8f3a2c1d', output: 'json' };
		const reference = await runClaapOperation(n8n, byId, { claapApi: apiCredential });
		claap.setVariants({ transcriptShape: 'transcript' });
		try {
			const nested = await runClaapOperation(n8n, byId, { claapApi: apiCredential });
			expect(nested.items).toEqual(reference.items);
		} finally {
			claap.setVariants({ transcriptShape: 'segments' });
		}
		const [item] = reference.items as Json[];
		expect(item).toMatchObject({ recordingId: 'rec_8f3a2c1d', language: 'en' });
		expect((item.segments as unknown[]).length).toBeGreaterThan(0);
	});

	it('asks again after a body cut short once, from the REST API and from a transcript link', async () => {
		claap.faults.inject({ kind: 'truncated_json', path: '/v1/recordings/:id/transcript' });
		const fromApi = await runClaapOperation(
			n8n,
			{ resource: 'transcript', operation: 'get', source: 'recordingId', recordingId: 'rec_8f3a2c1d', output: 'text' },
			{ claapApi: apiCredential },
		);
		expect(fromApi.items).toEqual([expect.objectContaining({ recordingId: 'rec_8f3a2c1d', transcript: expect.stringContaining('Hi John') })]);
		expect(claap.requests({ path: '/v1/recordings/rec_8f3a2c1d/transcript' }).slice(-2).map((request) => request.fault ?? 'whole')).toEqual(['truncated_json', 'whole']);

		const url = claap.recording('rec_8f3a2c1d')?.transcripts[0].url;
		claap.faults.inject({ kind: 'cut_short', path: '/_links/*' });
		const fromLink = await runClaapOperation(
			n8n,
			{ resource: 'transcript', operation: 'get', source: 'transcriptUrl', transcriptUrl: url, output: 'text' },
			{ claapApi: apiCredential },
		);
		expect(fromLink.items).toEqual([expect.objectContaining({ transcript: expect.stringContaining('Hi John') })]);
		expect(claap.linkRequests().slice(-2).map((request) => request.fault ?? 'whole')).toEqual(['cut_short', 'whole']);
	});

	it("passes Claap's AI fields on request and the total count of a listing", async () => {
		const plain = await runClaapOperation(n8n, { resource: 'recording', operation: 'get', recordingId: 'rec_5d0c33fa' }, { claapApi: apiCredential });
		expect((plain.items as Json[])[0]).not.toHaveProperty('aiFields');
		const withAi = await runClaapOperation(
			n8n,
			{ resource: 'recording', operation: 'get', recordingId: 'rec_5d0c33fa', options: { returnAiFields: true } },
			{ claapApi: apiCredential },
		);
		expect((withAi.items as Json[])[0].aiFields).toEqual([expect.objectContaining({ key: 'summary' })]);

		const listed = await runClaapOperation(
			n8n,
			{ resource: 'recording', operation: 'getMany', returnAll: false, limit: 2, filters: {}, options: { includeTotalCount: true } },
			{ claapApi: apiCredential },
		);
		expect((listed.items as Json[]).map((item) => item.totalCount)).toEqual([claap.store.ids().length, claap.store.ids().length]);
	});

	it('creates and deletes a recording', async () => {
		const created = await runClaapOperation(
			n8n,
			{ resource: 'recording', operation: 'create', downloadUrl: 'https://media.example.com/call.mp4', additionalFields: { title: 'Imported call', authorEmail: 'maria@claap.io' } },
			{ claapApi: apiCredential },
		);
		expect({ status: created.status, items: created.items }).toMatchObject({ status: 200 });
		const [recording] = created.items as Json[];
		expect(recording).toMatchObject({ id: expect.any(String) });
		expect(claap.store.has(String(recording.id))).toBe(true);

		const deleted = await runClaapOperation(n8n, { resource: 'recording', operation: 'delete', recordingId: recording.id }, { claapApi: apiCredential });
		expect(deleted.items).toEqual([expect.objectContaining({ id: recording.id, deleted: true })]);
		expect(claap.store.has(String(recording.id))).toBe(false);
	});

	it("tests both credentials the way the editor's Test button does, without firing a delivery", async () => {
		const rest = await ownerSession(n8n.baseUrl);
		const test = async (type: string, data: Record<string, unknown>) => {
			const { id } = await createCredential(n8n, type, `Claap ${type} test`, data);
			return await rest<{ status: string; message: string }>('POST', '/credentials/test', { credentials: { id, name: `Claap ${type} test`, type, data } });
		};
		const hook = { webhookId: claap.webhook.id, webhookSecret: claap.webhook.secret, baseUrl: claap.apiBaseUrl };
		const deliveriesBefore = claap.deliveries.list().length;
		expect(await test('claapWebhookApi', hook)).toMatchObject({ status: 'OK' });
		expect(await test('claapWebhookApi', { ...hook, webhookSecret: 'whsec_wrong' })).toMatchObject({ status: 'Error', message: expect.stringContaining('refused') });
		expect(await test('claapWebhookApi', { ...hook, webhookId: 'wh_unknown' })).toMatchObject({ status: 'Error', message: expect.stringContaining('refused') });
		expect(await test('claapWebhookApi', { ...hook, baseUrl: `${n8n.baseUrl}/not-claap` })).toMatchObject({ status: 'Error' });
		expect(claap.deliveries.list().length).toBe(deliveriesBefore);
		expect(await test('claapApi', { apiKey: claap.apiKey, baseUrl: claap.url })).toMatchObject({ status: 'OK' });
		expect(await test('claapApi', { apiKey: 'cla_wrong', baseUrl: claap.url })).toMatchObject({ status: 'Error' });
	});

	it('tells the user which credential Claap refused', async () => {
		const wrongKey = await createCredential(n8n, 'claapApi', 'Claap API (wrong key)', { apiKey: 'cla_wrong', baseUrl: claap.url });
		const result = await runClaapOperation(n8n, { resource: 'recording', operation: 'get', recordingId: 'rec_8f3a2c1d' }, { claapApi: wrongKey });
		expect(result.status).toBeGreaterThanOrEqual(400);
		const [failed] = await settledExecutions(n8n, result.workflowId, 1);
		const error = JSON.stringify((failed as { data?: { resultData?: { error?: unknown } } }).data?.resultData?.error);
		expect(error).toContain('Claap API');
		expect(error).toContain('401');
		expect(error).not.toContain('cla_wrong');
	});
});
