/**
 * The Claap action node against the simulator's faults, in a real n8n 2.41.1: each scenario is a
 * workflow (Webhook "respond when last node finishes" -> Claap node, errors continued as output)
 * whose credentials point at the simulator. Retried then success, or a clear error; no API key
 * or webhook secret in any output, error, execution, or request to a pre-signed link.
 */
import { randomUUID } from 'node:crypto';

import type { N8nInstance } from '../../tools/n8n/n8n';
import { startSimulator, type FaultSpec, type Simulator } from '../../simulator';
import { createCredential, listExecutions, startN8n } from '../../tools/n8n';
import { record } from '../../tools/traffic/record';

const API_KEY = 'cla_reliability_key_0123456789abcdef';
const WEBHOOK_ID = 'wh_reliability';
const WEBHOOK_SECRET = 'whsec_reliability_9f8e7d6c5b';
const RECORDING = 'rec_8f3a2c1d';

type Answer = { status: number; text: string; json: Array<Record<string, unknown>> | Record<string, unknown> | undefined };

describe('Claap action node under faults (real n8n + simulator)', () => {
	let n8n: N8nInstance;
	let sim: Simulator;
	const flows: Record<string, { id: string; url: string }> = {};
	const answers: Answer[] = [];
	const scenarios: Array<Record<string, unknown>> = [];

	async function workflow(name: string, claapParameters: Record<string, unknown>, credentials: Record<string, unknown>) {
		const path = randomUUID();
		const created = await n8n.api<{ id: string }>('POST', '/workflows', {
			name: `faults ${name}`,
			nodes: [
				{ id: randomUUID(), name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(), parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} } },
				{ id: randomUUID(), name: 'Claap', type: 'n8n-nodes-claap.claap', typeVersion: 1, position: [220, 0], parameters: claapParameters, credentials, onError: 'continueRegularOutput' },
			],
			connections: { Webhook: { main: [[{ node: 'Claap', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		await n8n.api('POST', `/workflows/${created.id}/activate`);
		const url = `${n8n.baseUrl}/webhook/${path}`;
		for (let i = 0; i < 80; i++) {
			const r = await fetch(url, { method: 'OPTIONS' });
			await r.arrayBuffer();
			if (r.status !== 404) break;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		flows[name] = { id: created.id, url };
	}

	async function run(name: string, body: Record<string, unknown>, faults: FaultSpec[] = []): Promise<Answer & { ms: number }> {
		sim.faults.clear();
		for (const fault of faults) sim.faults.inject(fault);
		const started = Date.now();
		const response = await fetch(flows[name].url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		const text = await response.text();
		let json: Answer['json'];
		try {
			json = JSON.parse(text) as Answer['json'];
		} catch {
			json = undefined;
		}
		const answer = { status: response.status, text, json, ms: Date.now() - started };
		answers.push(answer);
		scenarios.push({ workflow: name, faults: faults.map((f) => `${f.kind} x${f.times ?? 1}${f.path ? ` on ${f.path}` : ''}`).join(', ') || 'none (links expired)', status: response.status, ms: answer.ms, outcome: text.includes('"error"') ? String(((Array.isArray(json) ? json[0] : json) as Record<string, unknown> | undefined)?.error ?? '') : 'success' });
		process.stderr.write(`[faults] ${name} ${JSON.stringify(faults.map((f) => `${f.kind}x${f.times ?? 1}`))}: ${response.status} in ${answer.ms} ms: ${text.slice(0, 300)}\n`);
		return answer;
	}

	const first = (answer: Answer) => (Array.isArray(answer.json) ? answer.json[0] : answer.json) ?? {};

	beforeAll(async () => {
		sim = await startSimulator({ apiKeys: [API_KEY], webhookId: WEBHOOK_ID, webhookSecret: WEBHOOK_SECRET });
		n8n = await startN8n({ version: '2.41.1' });
		const api = await createCredential(n8n, 'claapApi', 'Claap API (sim)', { apiKey: API_KEY, baseUrl: sim.url });
		const hook = await createCredential(n8n, 'claapWebhookApi', 'Claap Webhook (sim)', { webhookId: WEBHOOK_ID, webhookSecret: WEBHOOK_SECRET, baseUrl: sim.apiBaseUrl });
		const apiCred = { claapApi: { id: api.id, name: api.name } };
		await workflow('getRecording', { resource: 'recording', operation: 'get', recordingId: '={{ $json.body.recordingId }}' }, apiCred);
		await workflow('transcript', { resource: 'transcript', operation: 'get', source: 'recordingId', recordingId: '={{ $json.body.recordingId }}', output: 'srt' }, apiCred);
		await workflow('transcriptUrl', { resource: 'transcript', operation: 'get', source: 'transcriptUrl', transcriptUrl: '={{ $json.body.url }}', output: 'text' }, apiCred);
		await workflow('resend', { resource: 'webhook', operation: 'trigger', eventType: 'recording_added', recordingId: '={{ $json.body.recordingId }}' }, { claapWebhookApi: { id: hook.id, name: hook.name } });
	});
	afterAll(async () => {
		record('reliability-action', 'scenarios', { linkRequests: sim?.linkRequests().length, scenarios });
		await n8n?.stop();
		await sim?.close();
	});

	const REC = '/v1/recordings/:id';
	it('429 storm shorter than the retries: retried, then the recording', async () => {
		const answer = await run('getRecording', { recordingId: RECORDING }, [{ kind: 'rate_limit', path: REC, times: 2, retryAfterSeconds: 1 }]);
		expect(first(answer)).toMatchObject({ id: RECORDING });
		expect(sim.requests({ path: `/v1/recordings/${RECORDING}` }).filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(2);
	});
	it('429 storm longer than the retries: a clear error', async () => {
		const answer = await run('getRecording', { recordingId: RECORDING }, [{ kind: 'rate_limit', path: REC, times: 50, retryAfterSeconds: 1 }]);
		expect(String(first(answer).error ?? '')).toMatch(/429|rate|limit/i);
	});
	it('500s then success', async () => {
		const answer = await run('getRecording', { recordingId: RECORDING }, [{ kind: 'server_error', path: REC, times: 2 }]);
		expect(first(answer)).toMatchObject({ id: RECORDING });
	});
	it('500s without end: a clear error', async () => {
		const answer = await run('getRecording', { recordingId: RECORDING }, [{ kind: 'server_error', path: REC, times: 50 }]);
		expect(String(first(answer).error ?? '')).toMatch(/500|server|internal/i);
	});
	it('slow API (3 s): waits, then the recording', async () => {
		const answer = await run('getRecording', { recordingId: RECORDING }, [{ kind: 'slow', path: REC, delayMs: 3000 }]);
		expect(first(answer)).toMatchObject({ id: RECORDING });
		expect(answer.ms).toBeGreaterThanOrEqual(3000);
	});
	it('JSON cut short once: asked again, then the recording', async () => {
		const answer = await run('getRecording', { recordingId: RECORDING }, [{ kind: 'truncated_json', path: REC }]);
		expect(first(answer)).toMatchObject({ id: RECORDING });
		expect(sim.requests({ path: `/v1/recordings/${RECORDING}` }).slice(-2).map((r) => r.fault ?? r.status)).toEqual(['truncated_json', 200]);
	});
	it('JSON cut short on every attempt, or an HTML page: a clear error saying what arrived', async () => {
		const cut = await run('getRecording', { recordingId: RECORDING }, [{ kind: 'truncated_json', path: REC, times: 50 }]);
		expect(first(cut)).toMatchObject({
			error: expect.stringMatching(/^Claap answered GET \/v1\/recordings\/rec_8f3a2c1d with JSON cut short after \d+ bytes \(5 attempts\)$/),
			description: expect.stringContaining('Try again in a few minutes'),
		});
		const portal = await run('getRecording', { recordingId: RECORDING }, [{ kind: 'html', path: REC, times: 50 }]);
		expect(String(first(portal).error)).toContain('with an HTML page ("Sign in to the network") instead of JSON');
		expect(String(first(portal).description)).toContain('Check the Base URL');
	});
	it('transcript through the REST API (API key) as SRT', async () => {
		const answer = await run('transcript', { recordingId: RECORDING }, [{ kind: 'rate_limit', path: '/v1/recordings/:id/transcript', times: 1, retryAfterSeconds: 1 }]);
		expect(JSON.stringify(first(answer))).toMatch(/-->/);
	});
	const freshLink = () => (sim.recording(RECORDING)?.transcripts as Array<{ url: string }>)[0].url;
	it('slow pre-signed link (2 s): the transcript arrives', async () => {
		const answer = await run('transcriptUrl', { url: freshLink() }, [{ kind: 'slow', path: '/_links/*', delayMs: 2000 }]);
		expect(answer.ms).toBeGreaterThanOrEqual(2000);
		expect(first(answer).error).toBeUndefined();
		expect(String(first(answer).transcript ?? '')).not.toBe('');
	});
	it('link 500s then success; link 429 storm a clear error', async () => {
		const answer = await run('transcriptUrl', { url: freshLink() }, [{ kind: 'server_error', path: '/_links/*', times: 2 }]);
		const item = first(answer);
		if (item.error !== undefined) expect(String(item.error)).toMatch(/500|transcript|link/i);
		else expect(String(item.transcript ?? '')).not.toBe('');
		expect(sim.linkRequests().filter((r) => r.status === 500).length).toBeGreaterThanOrEqual(1);
		const storm = await run('transcriptUrl', { url: freshLink() }, [{ kind: 'rate_limit', path: '/_links/*', times: 50, retryAfterSeconds: 1 }]);
		expect(String(first(storm).error ?? '')).toMatch(/429|rate|limit|transcript|link/i);
	});
	it('transcript JSON cut short once from a link, or its connection dropped once: asked again, then the transcript', async () => {
		for (const kind of ['truncated_json', 'cut_short'] as const) {
			const answer = await run('transcriptUrl', { url: freshLink() }, [{ kind, path: '/_links/*' }]);
			expect(first(answer).error).toBeUndefined();
			expect(String(first(answer).transcript ?? '')).toContain('Hi John');
			expect(sim.linkRequests().slice(-2).map((r) => r.fault ?? r.status)).toEqual([kind, 200]);
		}
	});
	it('transcript link cut short on every attempt: a clear error, without the textUrl hint', async () => {
		const answer = await run('transcriptUrl', { url: freshLink() }, [{ kind: 'truncated_json', path: '/_links/*', times: 50 }]);
		expect(String(first(answer).error)).toMatch(/^The transcript link answered with JSON cut short after \d+ bytes \(5 attempts\)$/);
		expect(String(first(answer).description)).not.toContain('textUrl');
	});
	it('expired pre-signed link: a clear error', async () => {
		const url = (sim.recording(RECORDING)?.transcripts as Array<{ url: string }>)[0].url;
		sim.expireLinks();
		const answer = await run('transcriptUrl', { url });
		expect(String(first(answer).error ?? '')).toMatch(/expire|403|link/i);
	});
	it('webhook re-send: 429 then success; 500 storm a clear error', async () => {
		const path = `/api/v1/webhook/${WEBHOOK_ID}/trigger`;
		const ok = await run('resend', { recordingId: RECORDING }, [{ kind: 'rate_limit', path, times: 1, retryAfterSeconds: 1 }]);
		expect(first(ok).error).toBeUndefined();
		const failed = await run('resend', { recordingId: RECORDING }, [{ kind: 'server_error', path, times: 50 }]);
		expect(String(first(failed).error ?? '')).toMatch(/500|error/i);
	});

	it('leaks no API key or webhook secret: outputs, errors, executions, link requests', async () => {
		for (const answer of answers) {
			expect(answer.text).not.toContain(API_KEY);
			expect(answer.text).not.toContain(WEBHOOK_SECRET);
		}
		for (const flow of Object.values(flows)) {
			const executions = JSON.stringify(await listExecutions(n8n, flow.id));
			expect(executions).not.toContain(API_KEY);
			expect(executions).not.toContain(WEBHOOK_SECRET);
		}
		const links = sim.linkRequests();
		expect(links.length).toBeGreaterThan(0);
		for (const request of links) {
			const headers = JSON.stringify(request.headers).toLowerCase();
			expect(headers).not.toContain(API_KEY.toLowerCase());
			expect(headers).not.toContain(WEBHOOK_SECRET.toLowerCase());
			expect(request.headers).not.toHaveProperty('x-claap-key');
			expect(request.headers).not.toHaveProperty('x-claap-webhook-secret');
			expect(request.headers).not.toHaveProperty('authorization');
		}
		// Every request the node made went to the simulator (the one Claap host here); the API
		// key only ever travelled on REST routes, the secret only on the webhook API.
		for (const request of sim.requests()) {
			if (request.area !== 'rest') expect(request.headers).not.toHaveProperty('x-claap-key');
			if (request.area !== 'webhook') expect(request.headers).not.toHaveProperty('x-claap-webhook-secret');
		}
	});
});
