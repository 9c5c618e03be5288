import {
	ApiErrorSchema,
	CreatedRecordingResultSchema,
	LenientRecordingPageSchema,
	LenientRecordingResultSchema,
	RecordingSchema,
	TranscriptResultSchema,
} from '../../nodes/shared/schemas';
import { startSimulator } from '../../simulator';
import type { Simulator } from '../../simulator';

describe('REST API', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator();
	});
	afterAll(() => sim.close());
	afterEach(() => sim.reset());

	const api = async (path: string, init: { method?: string; body?: unknown; key?: string | null } = {}) => {
		const key = init.key === undefined ? sim.apiKey : init.key;
		const res = await fetch(`${sim.url}${path}`, {
			method: init.method ?? 'GET',
			headers: { ...(key === null ? {} : { 'X-Claap-Key': key }), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
		});
		// The assertions read whatever JSON the simulator answers, shape checked by the expectations.
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		return { status: res.status, body: (await res.json()) as any };
	};
	// As the node reads answers: the page or result leniently, then each recording against Claap's
	// documented schema (the simulator's recordings must match it exactly).
	const recordingPage = (body: unknown) => {
		const { recordings, pagination } = LenientRecordingPageSchema.parse(body).result;
		return { recordings: recordings.map((recording) => RecordingSchema.parse(recording)), nextCursor: pagination?.nextCursor };
	};
	const recordingOf = (body: unknown) => RecordingSchema.parse(LenientRecordingResultSchema.parse(body).result.recording);
	const ids = async (query: string) => {
		const res = await api(`/v1/recordings?limit=100&${query}`);
		expect(res.status).toBe(200);
		return recordingPage(res.body).recordings.map((r) => r.id);
	};

	it('answers 401 without a key or with a wrong one', async () => {
		for (const key of [null, 'cla_wrong']) {
			for (const path of ['/v1/recordings', '/v1/recordings/rec_8f3a2c1d', '/v1/recordings/rec_nope']) {
				const res = await api(path, { key });
				expect(res.status).toBe(401);
				expect(ApiErrorSchema.parse(res.body).error.type).toBe('unauthorized');
			}
		}
	});

	it('pages through every recording with nextCursor, newest first by default', async () => {
		const seen: string[] = [];
		let cursor: string | null | undefined;
		let pages = 0;
		do {
			const res = await api(`/v1/recordings?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
			expect(res.status).toBe(200);
			const page = recordingPage(res.body);
			expect(page.recordings.length).toBeLessThanOrEqual(3);
			seen.push(...page.recordings.map((r) => r.id));
			cursor = page.nextCursor;
			pages++;
		} while (cursor);
		expect(pages).toBe(3);
		expect(seen).toEqual(await ids(''));
		expect(new Set(seen).size).toBe(7);
		const created = seen.map((id) => sim.store.get(id)!.recording.createdAt);
		expect([...created].sort().reverse()).toEqual(created);
	});

	it('defaults to 20 and validates limit, cursor and sort', async () => {
		expect(recordingPage((await api('/v1/recordings')).body).nextCursor).toBeNull();
		for (const query of ['limit=0', 'limit=101', 'limit=abc', 'cursor=garbage', 'sort=newest', 'createdAfter=yesterday']) {
			const res = await api(`/v1/recordings?${query}`);
			expect(res.status).toBe(400);
			expect(res.body.error).toMatchObject({ type: 'validation_error', path: [query.split('=')[0]] });
		}
	});

	it('filters by channel, dates, labels, recorder email and recorder id', async () => {
		expect(await ids('channelId=ch_sales')).toEqual(['rec_8f3a2c1d', 'rec_a41f0e77', 'rec_e03d5a18']);
		expect(await ids('createdAfter=2026-11-19&createdBefore=2026-11-25')).toEqual(['rec_8f3a2c1d', 'rec_2b7e91c4']);
		expect(await ids('createdBefore=2025-12-31T00:00:00Z')).toEqual(['rec_e03d5a18']);
		expect(await ids('labels=roadmap')).toEqual(['rec_5d0c33fa', 'rec_9c6b12de']);
		expect(await ids('labels=roadmap,bugs')).toEqual(['rec_9c6b12de']);
		expect(await ids('recorderEmail=sam@claap.io')).toEqual(['rec_minimal', 'rec_2b7e91c4', 'rec_9c6b12de']);
		expect(await ids('recorderId=usr_42')).toEqual(['rec_8f3a2c1d', 'rec_a41f0e77']);
		expect(await ids('channelId=ch_none')).toEqual([]);
	});

	it('sorts by each documented key', async () => {
		expect(await ids('sort=created_asc')).toEqual([
			'rec_e03d5a18', 'rec_9c6b12de', 'rec_a41f0e77', 'rec_5d0c33fa', 'rec_2b7e91c4', 'rec_8f3a2c1d', 'rec_minimal',
		]);
		expect((await ids('sort=duration_desc')).slice(0, 2)).toEqual(['rec_a41f0e77', 'rec_2b7e91c4']);
		expect((await ids('sort=duration_asc'))[0]).toBe('rec_minimal');
		expect((await ids('sort=title_asc')).slice(0, 3)).toEqual(['rec_minimal', 'rec_8f3a2c1d', 'rec_9c6b12de']);
		expect((await ids('sort=title_desc'))[0]).toBe('rec_5d0c33fa');
	});

	it('gets one recording with fresh links, and 404s an unknown one', async () => {
		const res = await api('/v1/recordings/rec_8f3a2c1d');
		expect(res.status).toBe(200);
		const recording = recordingOf(res.body);
		expect(recording).toMatchObject({ id: 'rec_8f3a2c1d', title: 'Acme x Claap - Discovery call', channel: { id: 'ch_sales' } });
		expect(recording.transcripts.map((t) => t.langIso2)).toEqual(['en', 'fr']);
		expect(recording.video.url).toMatch(new RegExp(`^${sim.url}/_links/videos/rec_8f3a2c1d\\.mp4\\?expires=\\d+&signature=[0-9a-f]{64}$`));
		const missing = await api('/v1/recordings/rec_nope');
		expect(missing).toEqual({ status: 404, body: { error: { type: 'not_found', message: expect.any(String) } } });
	});

	it('serves transcripts as JSON or text, in the original language or a translation', async () => {
		const en = TranscriptResultSchema.parse((await api('/v1/recordings/rec_8f3a2c1d/transcript')).body).result;
		expect(en.languageCode).toBe('en');
		expect(en.segments[0].words?.length).toBeGreaterThan(0);
		const fr = TranscriptResultSchema.parse((await api('/v1/recordings/rec_8f3a2c1d/transcript?lang=fr&format=json')).body).result;
		expect(fr.languageCode).toBe('fr');
		expect(fr.segments[0].text).toMatch(/^Bonjour/);
		// A French-native recording defaults to French.
		expect((await api('/v1/recordings/rec_5d0c33fa/transcript')).body.result.languageCode).toBe('fr');
		const text = await api('/v1/recordings/rec_5d0c33fa/transcript?lang=en&format=text');
		expect(text.body.result).toEqual({ languageCode: 'en', text: expect.stringContaining("let's start with this quarter's roadmap") });

		expect((await api('/v1/recordings/rec_8f3a2c1d/transcript?lang=de')).status).toBe(404);
		expect((await api('/v1/recordings/rec_minimal/transcript')).status).toBe(404);
		expect((await api('/v1/recordings/rec_8f3a2c1d/transcript?format=srt')).status).toBe(400);
	});

	it("counts every recording that matches in each page's totalCount, whatever the limit", async () => {
		const first = (await api('/v1/recordings?limit=2')).body.result.pagination;
		expect(first).toEqual({ nextCursor: expect.any(String), totalCount: 7 });
		const second = (await api(`/v1/recordings?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)).body.result.pagination;
		expect(second.totalCount).toBe(7);
		expect((await api('/v1/recordings?labels=roadmap')).body.result.pagination).toEqual({ nextCursor: null, totalCount: 2 });
	});

	it('gives a recording its AI fields only with returnAiFields=true', async () => {
		const plain = recordingOf((await api('/v1/recordings/rec_5d0c33fa')).body);
		expect(plain).not.toHaveProperty('aiFields');
		expect((await api('/v1/recordings/rec_5d0c33fa?returnAiFields=false')).body.result.recording).not.toHaveProperty('aiFields');
		const withAi = recordingOf((await api('/v1/recordings/rec_5d0c33fa?returnAiFields=true')).body);
		expect(withAi.aiFields).toEqual([{ key: 'summary', label: 'Résumé', value: 'Export prêt, traduction en cours.' }]);
	});

	it("puts the transcript's segments where the chosen variant says, and goes back to Claap's reference on reset", async () => {
		const reference = (await api('/v1/recordings/rec_8f3a2c1d/transcript')).body.result;
		expect(Object.keys(reference).sort()).toEqual(['languageCode', 'segments']);

		const set = await fetch(`${sim.url}/_control/variants`, { method: 'PATCH', body: JSON.stringify({ transcriptShape: 'transcript' }) });
		expect(await set.json()).toEqual({ variants: { transcriptShape: 'transcript' } });
		const nested = (await api('/v1/recordings/rec_8f3a2c1d/transcript')).body.result;
		expect(nested).toEqual({ transcript: reference });
		// The node's schema reads both as the one transcript.
		expect(TranscriptResultSchema.parse({ result: nested }).result).toEqual(reference);

		const refused = await fetch(`${sim.url}/_control/variants`, { method: 'PATCH', body: JSON.stringify({ transcriptShape: 'flat' }) });
		expect(refused.status).toBe(400);
		sim.reset();
		expect(await (await fetch(`${sim.url}/_control/variants`)).json()).toEqual({ variants: { transcriptShape: 'segments' } });
		expect(sim.setVariants({ transcriptShape: 'transcript' })).toEqual({ transcriptShape: 'transcript' });
	});

	it("answers GET /v1/workspaces/mine with the key's workspace, and 401 without a key", async () => {
		expect(await api('/v1/workspaces/mine')).toEqual({ status: 200, body: { result: { workspace: { id: 'ws_12', name: 'Claap Sales' } } } });
		expect((await api('/v1/workspaces/mine', { key: null })).status).toBe(401);
	});

	it('validates a new recording and says where the problem is', async () => {
		const cases: [unknown, (string | number)[]][] = [
			[{}, ['authorEmail']],
			[{ authorEmail: 'not-an-email' }, ['authorEmail']],
			[{ authorEmail: 'a@b.co', deal: { id: 'd1', type: 'zoho' } }, ['deal', 'type']],
			[{ authorEmail: 'a@b.co', meeting: { startedAt: 'soon', endedAt: '2026-01-01' } }, ['meeting', 'startedAt']],
			[{ authorEmail: 'a@b.co', meeting: { startedAt: '2026-01-02', endedAt: '2026-01-01' } }, ['meeting', 'endedAt']],
			[{ authorEmail: 'a@b.co', downloadUrl: 'ftp://x/y.mp4' }, ['downloadUrl']],
			[{ authorEmail: 'a@b.co', channelId: 'ch_unknown' }, ['channelId']],
		];
		for (const [body, path] of cases) {
			const res = await api('/v1/recordings', { method: 'POST', body });
			expect(res.status).toBe(400);
			expect(res.body).toEqual({ error: { type: 'validation_error', message: expect.any(String), path } });
		}
		expect((await api('/v1/recordings', { method: 'POST', body: '{oops' })).status).toBe(400);
	});

	it('creates a recording: an upload URL without downloadUrl, Uploaded with one', async () => {
		const res = await api('/v1/recordings', {
			method: 'POST',
			body: {
				authorEmail: 'maria@claap.io',
				channelId: 'ch_sales',
				title: 'Imported call',
				meeting: { startedAt: '2026-11-26T10:00:00Z', endedAt: '2026-11-26T10:30:00Z', participants: [{ name: 'Ann', email: 'ann@x.io', isOrganizer: true }] },
				deal: { id: 'deal_7', type: 'hubspot' },
				transcript: { type: 'upload' },
			},
		});
		expect(res.status).toBe(200);
		const { recording } = CreatedRecordingResultSchema.parse(res.body).result;
		expect(recording.state).toBe('Empty');
		expect(recording.upload?.url).toMatch(new RegExp(`^${sim.url}/_links/uploads/`));
		expect(recording.upload?.metaUrl).toBeDefined();

		const put = await fetch(recording.upload!.url, { method: 'PUT', body: Buffer.from('media') });
		expect(put.status).toBe(200);
		const got = recordingOf((await api(`/v1/recordings/${recording.id}`)).body);
		expect(got).toMatchObject({ title: 'Imported call', state: 'Uploaded', durationSeconds: 1800, channel: { id: 'ch_sales' } });

		const byUrl = await api('/v1/recordings', { method: 'POST', body: { authorEmail: 'sam@claap.io', downloadUrl: 'https://example.com/a.mp4' } });
		expect(byUrl.body.result.recording).toEqual({ id: expect.any(String), state: 'Uploaded' });
	});

	it('deletes a recording, then 404s it everywhere', async () => {
		expect((await api('/v1/recordings/rec_a41f0e77', { method: 'DELETE' })).status).toBe(200);
		expect((await api('/v1/recordings/rec_a41f0e77')).status).toBe(404);
		expect((await api('/v1/recordings/rec_a41f0e77/transcript')).status).toBe(404);
		expect((await api('/v1/recordings/rec_a41f0e77', { method: 'DELETE' })).status).toBe(404);
		expect(await ids('')).not.toContain('rec_a41f0e77');
	});

	it('answers unknown routes 404 and wrong methods 405, in the REST envelope', async () => {
		expect(await api('/v1/meetings')).toEqual({ status: 404, body: { error: { type: 'not_found', message: expect.any(String) } } });
		expect((await api('/v1/recordings/rec_8f3a2c1d', { method: 'PATCH', body: {} })).status).toBe(405);
	});
});
