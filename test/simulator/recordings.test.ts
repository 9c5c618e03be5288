import { LenientRecordingPageSchema, RecordingSchema } from '../../nodes/shared/schemas';
import { startSimulator } from '../../simulator';
import type { Simulator } from '../../simulator';

describe('new recordings through the control API (what a polling trigger sees appear)', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator();
	});
	afterAll(() => sim.close());
	afterEach(() => sim.reset());

	const control = async (method: string, path: string, body?: unknown) => {
		const res = await fetch(`${sim.url}/_control/${path}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return { status: res.status, body: (await res.json()) as Record<string, unknown> };
	};
	const listedAfter = async (createdAfter: string) => {
		const res = await fetch(`${sim.url}/v1/recordings?sort=created_asc&createdAfter=${encodeURIComponent(createdAfter)}`, {
			headers: { 'X-Claap-Key': sim.apiKey },
		});
		return LenientRecordingPageSchema.parse(await res.json()).result.recordings.map((r) => RecordingSchema.parse(r));
	};

	it('adds a ready copy of Claap\'s documented example, started now, with working transcript links', async () => {
		// createdAfter is exclusive: a millisecond earlier, in case the copy is made in the same one.
		const before = new Date(Date.now() - 1).toISOString();
		const added = await control('POST', 'recordings', {});
		expect(added.status).toBe(200);
		const recording = RecordingSchema.parse(added.body.recording);
		expect(recording).toMatchObject({ id: expect.stringMatching(/^rec_[0-9a-f]{8}$/u), state: 'Ready', title: 'Acme x Claap - Discovery call' });
		expect(Date.parse(recording.createdAt)).toBeGreaterThanOrEqual(Date.parse(before));
		expect((await listedAfter(before)).map((r) => r.id)).toEqual([recording.id]);
		const transcript = await fetch(recording.transcripts[0].url);
		expect(transcript.status).toBe(200);
	});

	it('takes the template, ID, title, start time and state, and changes the state later', async () => {
		const added = await control('POST', 'recordings', {
			from: 'rec_a41f0e77',
			id: 'rec_new',
			title: 'Late meeting',
			createdAt: '2026-12-01T09:00:00.000Z',
			state: 'Uploaded',
		});
		expect(added.body.recording).toMatchObject({ id: 'rec_new', title: 'Late meeting', createdAt: '2026-12-01T09:00:00.000Z', state: 'Uploaded' });
		expect(await control('PATCH', 'recordings/rec_new', { state: 'Ready' })).toEqual({ status: 200, body: { id: 'rec_new', state: 'Ready' } });
		expect(sim.store.get('rec_new')?.recording.state).toBe('Ready');
		// The template is untouched.
		expect(sim.store.get('rec_a41f0e77')?.recording.state).toBe('Ready');
		expect(sim.store.get('rec_a41f0e77')?.recording.id).toBe('rec_a41f0e77');
	});

	it.each([
		['an unknown template', { from: 'rec_nope' }, 'No recording rec_nope to copy'],
		['an ID that exists', { id: 'rec_8f3a2c1d' }, 'Recording rec_8f3a2c1d exists already'],
		['a start time that is not ISO', { createdAt: 'yesterday' }, 'createdAt'],
		['an empty state', { state: '' }, 'state'],
	])('refuses %s with 400 and says why', async (_name, body, says) => {
		const answer = await control('POST', 'recordings', body);
		expect(answer.status).toBe(400);
		expect(JSON.stringify(answer.body)).toContain(says);
	});

	it('answers 404 for the state of an unknown recording, and 400 without a state', async () => {
		expect((await control('PATCH', 'recordings/rec_nope', { state: 'Ready' })).status).toBe(404);
		expect((await control('PATCH', 'recordings/rec_8f3a2c1d', {})).status).toBe(400);
	});
});
