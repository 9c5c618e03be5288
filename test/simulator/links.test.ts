import { TranscriptSchema } from '../../nodes/shared/schemas';
import { startSimulator } from '../../simulator';
import type { Simulator } from '../../simulator';

describe('pre-signed links', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator();
	});
	afterAll(() => sim.close());

	it('serves the JSON transcript, the text transcript and an mp4-ish video', async () => {
		const recording = sim.recording('rec_8f3a2c1d')!;
		const json = await fetch(recording.transcripts[0].url);
		expect(json.status).toBe(200);
		const transcript = TranscriptSchema.parse(await json.json());
		expect(transcript.language).toBe('en');
		expect(transcript.segments[0]).toMatchObject({ speaker: 'speaker_1', words: expect.any(Array) });

		const text = await fetch(recording.transcripts[1].textUrl);
		expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(await text.text()).toMatch(/^\[00:00:00\] speaker_1: Bonjour John/);

		const video = await fetch(recording.video.url);
		expect(video.headers.get('content-type')).toBe('video/mp4');
		const bytes = Buffer.from(await video.arrayBuffer());
		expect(bytes.length).toBe(4096);
		expect(bytes.subarray(4, 8).toString()).toBe('ftyp');
		expect(Number(video.headers.get('content-length'))).toBe(4096);
	});

	it('answers 403 AccessDenied to a tampered or unsigned link', async () => {
		const url = new URL(sim.recording('rec_2b7e91c4')!.video.url);
		const variants = [
			url.toString().replace(/signature=(.)/, (_m, c: string) => `signature=${c === 'a' ? 'b' : 'a'}`),
			url.toString().replace(/expires=(\d+)/, (_m, e: string) => `expires=${Number(e) + 3600}`),
			url.toString().replace('rec_2b7e91c4', 'rec_a41f0e77'),
			`${url.origin}${url.pathname}`,
		];
		for (const variant of variants) {
			const res = await fetch(variant);
			expect(res.status).toBe(403);
			expect(await res.text()).toMatch(/<Code>AccessDenied<\/Code>/);
		}
	});

	it('answers 403 "Request has expired" once links expire; fresh links work again', async () => {
		const old = sim.recording('rec_8f3a2c1d')!;
		expect((await fetch(old.transcripts[0].url)).status).toBe(200);
		const res = await fetch(`${sim.url}/_control/links/expire`, { method: 'POST' });
		expect(res.status).toBe(200);
		for (const url of [old.transcripts[0].url, old.transcripts[0].textUrl, old.video.url]) {
			const expired = await fetch(url);
			expect(expired.status).toBe(403);
			expect(await expired.text()).toMatch(/<Code>AccessDenied<\/Code><Message>Request has expired/);
		}
		expect((await fetch(sim.recording('rec_8f3a2c1d')!.video.url)).status).toBe(200);
	});

	it('expires links by their own expiry time too', async () => {
		const shortLived = await startSimulator({ linkTtlSeconds: -1 });
		try {
			const res = await fetch(shortLived.recording('rec_8f3a2c1d')!.video.url);
			expect(res.status).toBe(403);
			expect(await res.text()).toContain('Request has expired');
		} finally {
			await shortLived.close();
		}
	});

	it('logs the headers of every link request, so tests can prove no Claap secret went there', async () => {
		const before = sim.linkRequests().length;
		const recording = sim.recording('rec_5d0c33fa')!;
		await fetch(recording.video.url, { headers: { 'x-claap-key': 'cla_leaked' } });
		await fetch(recording.transcripts[0].url);
		const logged = sim.linkRequests().slice(before);
		expect(logged.map((r) => [r.path, r.status])).toEqual([
			['/_links/videos/rec_5d0c33fa.mp4', 200],
			['/_links/transcripts/rec_5d0c33fa/fr.json', 200],
		]);
		expect(logged[0].headers['x-claap-key']).toBe('cla_leaked');
		expect(logged[1].headers['x-claap-key']).toBeUndefined();
		expect(logged[1].headers['x-claap-webhook-secret']).toBeUndefined();
	});
});
