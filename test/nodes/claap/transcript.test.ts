import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { router } from '../../../nodes/Claap/actions/router';
import { description as transcriptGet } from '../../../nodes/Claap/actions/transcript/get';
import { DEFAULT_CHUNK_LIMITS } from '../../../nodes/shared/transcript';
import { API, API_KEY, createContext, fastDeps, NOW, STORAGE, WEBHOOK_SECRET } from './harness';
import { fullRecording, transcriptFixture, triggerItem } from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const EN_PATH = '/transcripts/rec_8f3a2c1d/en.json';
const FR_PATH = '/transcripts/rec_8f3a2c1d/fr.json';
const transcript = transcriptFixture('basic');

const fromInput = (extra: Record<string, unknown> = {}) => ({
	resource: 'transcript',
	operation: 'get',
	source: 'inputRecording',
	recording: fullRecording(),
	language: 'active',
	output: 'text',
	options: {},
	...extra,
});

const PLAIN_TEXT =
	'Hi John, thanks for joining the call today.\n' +
	'Shall we start with your current process?\n' +
	'Sure. Today every account executive writes notes by hand after each call, then copies them into HubSpot, which takes about twenty minutes per meeting and is often forgotten on busy days.\n' +
	"Great, *that* helps. Next steps: I'll send the security questionnaire.\n";

describe('Transcript > Get from the input recording', () => {
	it('reads the active transcript from its pre-signed link and outputs plain text, paired', async () => {
		const scope = nock(STORAGE).get(EN_PATH).query(true).reply(200, transcript);
		const { ctx } = createContext({ parameters: fromInput(), items: [triggerItem(fullRecording())] });

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output).toEqual([
			{
				json: {
					recordingId: 'rec_8f3a2c1d',
					title: 'Acme x Claap - Discovery call',
					language: 'en',
					format: 'text',
					transcript: PLAIN_TEXT,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(scope.isDone()).toBe(true);
	});

	it('picks a translation by code and delivers SRT as a binary file named after the title', async () => {
		nock(STORAGE).get(FR_PATH).query(true).reply(200, transcriptFixture('overlapping'));
		const { ctx } = createContext({
			parameters: fromInput({
				language: 'code',
				languageCode: 'fr',
				output: 'srt',
				options: { deliverAs: 'binary', binaryPropertyName: 'subtitles' },
			}),
			items: [triggerItem(fullRecording())],
		});

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output).toHaveLength(1);
		expect(output[0].json).toEqual({
			recordingId: 'rec_8f3a2c1d',
			title: 'Acme x Claap - Discovery call',
			language: 'fr',
			format: 'srt',
			fileName: 'Acme x Claap - Discovery call.srt',
		});
		const file = output[0].binary?.subtitles;
		expect(file).toMatchObject({ fileName: 'Acme x Claap - Discovery call.srt', mimeType: 'application/x-subrip' });
		expect(Buffer.from(file?.data ?? '', 'base64').toString('utf8')).toMatch(
			/^1\n00:00:02,000 --> 00:00:05,000\nThis segment arrived out of order\.\n/u,
		);
	});

	it('outputs one item per speaker turn, each paired with its input', async () => {
		nock(STORAGE).get(EN_PATH).query(true).reply(200, transcript);
		const { ctx } = createContext({ parameters: fromInput({ output: 'turnItems' }), items: [triggerItem(fullRecording())] });

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output.map((item) => [item.json.index, item.json.speaker, item.json.segmentCount, item.pairedItem])).toEqual([
			[0, 'speaker_1', 2, { item: 0 }],
			[1, 'speaker_2', 1, { item: 0 }],
			[2, 'speaker_1', 1, { item: 0 }],
		]);
		expect(output[0].json).toMatchObject({ recordingId: 'rec_8f3a2c1d', language: 'en', startedAt: 0.5, endedAt: 6 });
	});

	it('outputs chunks for AI, each paired with its input and carrying the recording', async () => {
		nock(STORAGE).get(EN_PATH).query(true).reply(200, transcript);
		const parameters = fromInput({ output: 'chunks', options: { maxChunkChars: 60, chunkOverlap: 0 } });
		const { ctx } = createContext({ parameters, items: [triggerItem(fullRecording())] });

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output.length).toBeGreaterThan(1);
		output.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(item.json).toMatchObject({ recordingId: 'rec_8f3a2c1d', language: 'en', chunkIndex: index });
			expect(item.json.chunkCount).toBe(output.length);
			expect(Array.from(item.json.text as string).length).toBeLessThanOrEqual(60);
		});
	});

	it('shows the chunk limits the core uses by default (n8n wants literal defaults in the description)', () => {
		const options = transcriptGet.find((property) => property.name === 'options')?.options ?? [];
		const defaultOf = (name: string) => options.find((option) => 'name' in option && option.name === name && 'default' in option);
		expect(defaultOf('maxChunkChars')).toMatchObject({ default: DEFAULT_CHUNK_LIMITS.maxChars });
		expect(defaultOf('chunkOverlap')).toMatchObject({ default: DEFAULT_CHUNK_LIMITS.overlapChars });
	});

	it('refuses an overlap as long as the chunk', async () => {
		const parameters = fromInput({ output: 'chunks', options: { maxChunkChars: 100, chunkOverlap: 100 } });
		nock(STORAGE).get(EN_PATH).query(true).reply(200, transcript);
		const { ctx } = createContext({ parameters, items: [triggerItem(fullRecording())] });

		await expect(router.call(ctx, fastDeps().deps)).rejects.toThrow(/Overlap must be at least 0 and less than/u);
	});

	it('lists the languages the recording has when the chosen one is absent', async () => {
		const { ctx, httpRequest } = createContext({
			parameters: fromInput({ language: 'code', languageCode: 'de' }),
			items: [triggerItem(fullRecording())],
		});

		const failure = router.call(ctx, fastDeps().deps);

		await expect(failure).rejects.toBeInstanceOf(NodeOperationError);
		await expect(failure).rejects.toThrow(
			'This recording has no transcript in "de". Its transcripts: en (native, active), fr.',
		);
		expect(httpRequest).not.toHaveBeenCalled();
	});

	it('explains what the input lacks when it holds no recording', async () => {
		const { ctx } = createContext({ parameters: fromInput({ recording: { id: 'rec_1' } }) });

		await expect(router.call(ctx, fastDeps().deps)).rejects.toMatchObject({
			message: 'The input item holds no usable Claap recording',
			description: expect.stringContaining('transcripts'),
		});
	});
});

describe('pre-signed links', () => {
	const expiredHint = "Claap's pre-signed links last 24 hours. Get fresh ones with Recording > Get";

	it.each([403, 410])('reads %i from the storage host as an expired link, and says how to get a fresh one', async (status) => {
		nock(STORAGE).get(EN_PATH).query(true).reply(status, '<Error><Code>AccessDenied</Code></Error>');
		const { ctx } = createContext({ parameters: fromInput(), items: [triggerItem(fullRecording())] });
		const { deps, waits } = fastDeps();

		const failure = router.call(ctx, deps);

		await expect(failure).rejects.toBeInstanceOf(NodeApiError);
		await expect(failure).rejects.toMatchObject({
			message: `The transcript link has expired or is no longer valid (${status})`,
			description: expect.stringContaining(expiredHint),
			httpCode: String(status),
		});
		expect(waits).toEqual([]);
	});

	it('refuses a link whose signature lifetime has passed, without requesting it', async () => {
		const recording = fullRecording();
		recording.transcripts = [
			{
				url: `${STORAGE}${EN_PATH}?X-Amz-Date=20261123T140000Z&X-Amz-Expires=86400&X-Amz-Signature=old`,
				textUrl: `${STORAGE}/en.txt`,
				isActive: true,
				isTranscript: true,
				langIso2: 'en',
			},
		];
		const { ctx, httpRequest } = createContext({ parameters: fromInput({ recording }), items: [triggerItem(recording)] });

		await expect(router.call(ctx, fastDeps().deps)).rejects.toMatchObject({
			message: 'The transcript link expired at 2026-11-24T14:00:00.000Z',
			description: expect.stringContaining(expiredHint),
		});
		expect(httpRequest).not.toHaveBeenCalled();
	});

	it("refuses links past the trigger item's linksExpireAt", async () => {
		const { ctx, httpRequest } = createContext({
			parameters: fromInput(),
			items: [triggerItem(fullRecording(), { linksExpireAt: new Date(NOW - 1000).toISOString() })],
		});

		await expect(router.call(ctx, fastDeps().deps)).rejects.toThrow('The transcript link expired at 2026-11-24T14:59:59.000Z');
		expect(httpRequest).not.toHaveBeenCalled();
	});

	it('never sends a credential to the storage host, even when the recording came through the API', async () => {
		const seen: Array<Record<string, unknown>> = [];
		nock(API).get('/v1/recordings/rec_8f3a2c1d').reply(200, { result: { recording: fullRecording() } });
		nock(STORAGE)
			.get('/videos/rec_8f3a2c1d.mp4')
			.query(true)
			.reply(function () {
				seen.push({ ...this.req.headers, path: this.req.path });
				return [200, Buffer.from('video')];
			});
		nock(STORAGE)
			.get(EN_PATH)
			.query(true)
			.reply(function () {
				seen.push({ ...this.req.headers, path: this.req.path });
				return [200, transcript];
			});
		const { ctx, httpRequestWithAuthentication } = createContext({
			parameters: [
				{ resource: 'recording', operation: 'downloadVideo', source: 'recordingId', recordingId: 'rec_8f3a2c1d', binaryPropertyName: 'data' },
			],
		});
		await router.call(ctx, fastDeps().deps);
		const second = createContext({ parameters: fromInput(), items: [triggerItem(fullRecording())] });
		await router.call(second.ctx, fastDeps().deps);

		expect(seen).toHaveLength(2);
		const everything = JSON.stringify(seen).toLowerCase();
		for (const secret of [API_KEY, WEBHOOK_SECRET, 'x-claap-key', 'x-claap-webhook-secret']) {
			expect(everything).not.toContain(secret.toLowerCase());
		}
		// The API call did carry the key: the test would see a leak if there were one.
		expect(httpRequestWithAuthentication).toHaveBeenCalledTimes(1);
	});
});

describe('Transcript > Get by recording ID through the REST API', () => {
	it('reads the recording for its languages, then the transcript from the API', async () => {
		const scope = nock(API, { reqheaders: { 'x-claap-key': API_KEY } })
			.get('/v1/recordings/rec_8f3a2c1d')
			.reply(200, { result: { recording: fullRecording() } })
			.get('/v1/recordings/rec_8f3a2c1d/transcript')
			.query({ lang: 'fr', format: 'json' })
			.reply(200, { result: { languageCode: 'fr', segments: [{ startedAt: 1, endedAt: 2.5, text: 'Bonjour à tous', speaker: 'speaker_1' }] } });
		const { ctx, httpRequest } = createContext({
			parameters: {
				resource: 'transcript',
				operation: 'get',
				source: 'recordingId',
				recordingId: 'rec_8f3a2c1d',
				language: 'code',
				languageCode: 'FR',
				output: 'vtt',
				options: { fieldName: 'subtitles' },
			},
		});

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output).toEqual([
			{
				json: {
					recordingId: 'rec_8f3a2c1d',
					title: 'Acme x Claap - Discovery call',
					language: 'fr',
					format: 'vtt',
					subtitles: 'WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<v speaker_1>Bonjour à tous</v>\n',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(scope.isDone()).toBe(true);
		expect(httpRequest).not.toHaveBeenCalled();
	});
});

describe("Transcript > Get by recording ID: both of Claap's REST shapes", () => {
	const segments = [{ startedAt: 1, endedAt: 2.5, text: 'Hello all', speaker: 'speaker_1' }];
	it.each([
		['result.segments (Claap\'s reference example)', { languageCode: 'en', segments }],
		['result.transcript.segments (what a third-party client expects)', { transcript: { languageCode: 'en', segments } }],
	])('reads %s', async (_label, result) => {
		nock(API)
			.get('/v1/recordings/rec_8f3a2c1d')
			.reply(200, { result: { recording: fullRecording() } })
			.get('/v1/recordings/rec_8f3a2c1d/transcript')
			.query({ lang: 'en', format: 'json' })
			.reply(200, { result });
		const { ctx } = createContext({
			parameters: { resource: 'transcript', operation: 'get', source: 'recordingId', recordingId: 'rec_8f3a2c1d', language: 'active', output: 'json', options: {} },
		});

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output).toEqual([
			{
				json: { recordingId: 'rec_8f3a2c1d', title: 'Acme x Claap - Discovery call', language: 'en', segments },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('still says what is missing when neither shape is there', async () => {
		nock(API)
			.get('/v1/recordings/rec_8f3a2c1d')
			.reply(200, { result: { recording: fullRecording() } })
			.get('/v1/recordings/rec_8f3a2c1d/transcript')
			.query(true)
			.reply(200, { result: { transcript: { languageCode: 'en' } } });
		const { ctx } = createContext({
			parameters: { resource: 'transcript', operation: 'get', source: 'recordingId', recordingId: 'rec_8f3a2c1d', language: 'active', output: 'json', options: {} },
		});

		await expect(router.call(ctx, fastDeps().deps)).rejects.toMatchObject({
			message: 'Claap answered GET /v1/recordings/rec_8f3a2c1d/transcript with data this node does not understand',
			description: expect.stringContaining('segments'),
		});
	});
});

describe('Transcript > Get from a transcript URL', () => {
	it('outputs the validated JSON segments', async () => {
		nock(STORAGE).get('/t/sparse.json').reply(200, transcriptFixture('sparse'));
		const { ctx, getCredentials } = createContext({
			parameters: {
				resource: 'transcript',
				operation: 'get',
				source: 'transcriptUrl',
				transcriptUrl: `${STORAGE}/t/sparse.json`,
				output: 'json',
				options: {},
			},
		});

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output).toEqual([
			{
				json: { recordingId: null, title: null, language: null, segments: transcriptFixture('sparse').segments },
				pairedItem: { item: 0 },
			},
		]);
		expect(getCredentials).not.toHaveBeenCalled();
	});

	it('rejects a transcript that does not match the documented shape', async () => {
		nock(STORAGE).get('/t/bad.json').reply(200, { segments: [{ startedAt: 'zero', text: 'x' }] });
		const { ctx } = createContext({
			parameters: { resource: 'transcript', operation: 'get', source: 'transcriptUrl', transcriptUrl: `${STORAGE}/t/bad.json`, output: 'text', options: {} },
		});

		await expect(router.call(ctx, fastDeps().deps)).rejects.toMatchObject({
			message: 'The transcript does not have the shape Claap documents',
			description: expect.stringContaining('segments.0.startedAt'),
		});
	});
});

describe('continueOnFail across items', () => {
	it('keeps going and pairs each error item with the input that failed', async () => {
		nock(STORAGE).get(EN_PATH).query(true).reply(200, transcript);
		nock(STORAGE).get(EN_PATH).query(true).reply(410, 'Gone');
		const items = [triggerItem(fullRecording()), triggerItem(fullRecording()), triggerItem(fullRecording())];
		const { ctx } = createContext({
			parameters: [fromInput(), fromInput(), fromInput({ language: 'code', languageCode: 'it' })],
			items,
			continueOnFail: true,
		});

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output).toEqual([
			{ json: expect.objectContaining({ transcript: PLAIN_TEXT }), pairedItem: { item: 0 } },
			{
				json: {
					error: 'The transcript link has expired or is no longer valid (410)',
					description: expect.stringContaining("Claap's pre-signed links last 24 hours"),
					httpCode: '410',
					itemIndex: 1,
				},
				pairedItem: { item: 1 },
			},
			{
				json: { error: 'This recording has no transcript in "it". Its transcripts: en (native, active), fr.', itemIndex: 2 },
				pairedItem: { item: 2 },
			},
		]);
	});

	it('without continueOnFail, stops at the first failure and names the item', async () => {
		nock(STORAGE).get(EN_PATH).query(true).reply(200, transcript);
		const { ctx } = createContext({
			parameters: [fromInput(), fromInput({ language: 'code', languageCode: 'it' })],
			items: [triggerItem(fullRecording()), triggerItem(fullRecording())],
		});

		await expect(router.call(ctx, fastDeps().deps)).rejects.toMatchObject({ context: { itemIndex: 1 } });
	});
});
