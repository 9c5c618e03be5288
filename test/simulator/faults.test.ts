import { startSimulator } from '../../simulator';
import type { Simulator } from '../../simulator';

describe('fault injection, request log and reset', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator();
	});
	afterAll(() => sim.close());
	afterEach(() => sim.reset());

	const get = (path: string) => fetch(`${sim.url}${path}`, { headers: { 'X-Claap-Key': sim.apiKey } });
	const control = (path: string, body?: unknown, method = 'POST') =>
		fetch(`${sim.url}/_control/${path}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});

	it('answers 429 with Retry-After for the next N matching requests only', async () => {
		sim.faults.inject({ kind: 'rate_limit', path: '/v1/recordings', times: 2, retryAfterSeconds: 7 });
		const other = await get('/v1/recordings/rec_8f3a2c1d');
		expect(other.status).toBe(200);
		for (let i = 0; i < 2; i++) {
			const res = await get('/v1/recordings');
			expect(res.status).toBe(429);
			expect(res.headers.get('retry-after')).toBe('7');
			expect(await res.json()).toEqual({ error: { type: 'rate_limited', message: expect.any(String) } });
		}
		expect((await get('/v1/recordings')).status).toBe(200);
		expect(sim.faults.list()).toEqual([]);
	});

	it('answers 500 in the envelope of the faulted API', async () => {
		sim.faults.inject({ kind: 'server_error', method: 'POST', path: '/api/v1/webhook/:id/trigger' });
		const res = await fetch(`${sim.apiBaseUrl}/v1/webhook/wh_demo/trigger`, { method: 'POST' });
		expect(res.status).toBe(500);
		expect(await res.json()).toEqual({ ok: false, error: 'internal_error', errMessage: expect.any(String) });
	});

	it('answers slowly and then normally', async () => {
		sim.faults.inject({ kind: 'slow', path: '/v1/recordings/:id', delayMs: 150 });
		const res = await get('/v1/recordings/rec_minimal');
		expect(res.status).toBe(200);
		expect(((await res.json()) as { result: { recording: { id: string } } }).result.recording.id).toBe('rec_minimal');
		expect(sim.requests({ path: '/v1/recordings/rec_minimal' }).map((r) => r.fault)).toEqual(['slow']);
	});

	it('sends truncated JSON', async () => {
		sim.faults.inject({ kind: 'truncated_json', path: '/v1/recordings' });
		const res = await get('/v1/recordings');
		expect(res.status).toBe(200);
		const text = await res.text();
		expect(text.startsWith('{"result":')).toBe(true);
		expect(() => JSON.parse(text)).toThrow();
	});

	it('cuts a body short: the headers announce all of it, half comes, then the connection drops', async () => {
		sim.faults.inject({ kind: 'cut_short', path: '/v1/recordings/:id' });
		const res = await get('/v1/recordings/rec_8f3a2c1d');
		expect(res.status).toBe(200);
		const announced = Number(res.headers.get('content-length'));
		expect(announced).toBeGreaterThan(0);
		await expect(res.text()).rejects.toThrow();
		expect(sim.requests({ path: '/v1/recordings/rec_8f3a2c1d' }).map((r) => r.fault)).toEqual(['cut_short']);
		// The next answer is whole again.
		expect(JSON.parse(await (await get('/v1/recordings/rec_8f3a2c1d')).text())).toHaveProperty('result.recording.id');
	});

	it('answers an HTML page with 200, as a proxy or captive portal would, on the API and on links', async () => {
		sim.faults.inject({ kind: 'html', path: '/v1/recordings' });
		const res = await get('/v1/recordings');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^text\/html/);
		expect(await res.text()).toMatch(/^<!DOCTYPE html>[\s\S]*<title>Sign in to the network<\/title>/);
		sim.faults.inject({ kind: 'html', path: '/_links/*' });
		const link = await fetch(sim.recording('rec_8f3a2c1d')!.transcripts[0].url);
		expect(await link.text()).toMatch(/^<!DOCTYPE html>/);
	});

	it('takes faults over HTTP too, including expiring links, and lists and clears them', async () => {
		const link = sim.recording('rec_8f3a2c1d')!.video.url;
		const added = await control('faults', [
			{ kind: 'server_error', path: '/_links/*', times: 3 },
			{ kind: 'expire_links' },
		]);
		expect(added.status).toBe(200);
		expect(((await added.json()) as { faults: unknown[] }).faults).toHaveLength(1);
		expect((await fetch(link)).status).toBe(500);
		const listed = (await (await control('faults', undefined, 'GET')).json()) as { faults: { used: number; times: number }[] };
		expect(listed.faults).toEqual([expect.objectContaining({ kind: 'server_error', used: 1, times: 3 })]);
		expect((await control('faults', undefined, 'DELETE')).status).toBe(200);
		expect((await fetch(link)).status).toBe(403); // expired by the control call

		expect((await control('faults', { kind: 'explode' })).status).toBe(400);
		expect((await control('faults', { kind: 'slow', times: 0 })).status).toBe(400);
	});

	it('logs requests in order with status and area; reset clears the log and restores recordings', async () => {
		await get('/v1/recordings/rec_8f3a2c1d');
		await fetch(`${sim.url}/v1/recordings`);
		await fetch(`${sim.apiBaseUrl}/v1/webhook/nope/trigger`, { method: 'POST' });
		await fetch(`${sim.url}/v1/recordings/rec_minimal`, { method: 'DELETE', headers: { 'X-Claap-Key': sim.apiKey } });

		const res = await control('requests', undefined, 'GET');
		type Logged = { seq: number; method: string; path: string; status: number; area: string };
		const { requests } = (await res.json()) as { requests: Logged[] };
		expect(requests.map((r) => [r.method, r.path, r.status, r.area])).toEqual([
			['GET', '/v1/recordings/rec_8f3a2c1d', 200, 'rest'],
			['GET', '/v1/recordings', 401, 'rest'],
			['POST', '/api/v1/webhook/nope/trigger', 404, 'webhook'],
			['DELETE', '/v1/recordings/rec_minimal', 200, 'rest'],
		]);
		expect(requests.map((r) => r.seq)).toEqual([...requests.map((r) => r.seq)].sort((a, b) => a - b));
		const webhookOnly = (await (await control('requests?area=webhook', undefined, 'GET')).json()) as { requests: unknown[] };
		expect(webhookOnly.requests).toHaveLength(1);

		expect(sim.store.has('rec_minimal')).toBe(false);
		expect((await control('reset')).status).toBe(200);
		expect(sim.store.has('rec_minimal')).toBe(true);
		expect(sim.requests()).toEqual([expect.objectContaining({ path: '/_control/reset', area: 'control' })]);
	});

	it('points a webhook elsewhere over HTTP', async () => {
		const res = await control('webhooks', { id: 'wh_demo', url: 'http://127.0.0.1:9/hook' });
		expect(await res.json()).toEqual({ webhook: { id: 'wh_demo', secret: 'whsec_demo_change_me', url: 'http://127.0.0.1:9/hook' } });
		expect(sim.webhooks.get('wh_demo')?.url).toBe('http://127.0.0.1:9/hook');
	});
});
