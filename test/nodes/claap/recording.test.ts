import nock from 'nock';

import { router } from '../../../nodes/Claap/actions/router';
import { API, API_KEY, createContext, fastDeps, STORAGE } from './harness';
import { fullRecording, readJson, triggerItem } from './fixtures';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const recordingNamed = (id: string) => ({ ...fullRecording(), id });

function driftedRecording() {
	const event = readJson('deliveries/drifted-recording.json').event;
	if (typeof event !== 'object' || event === null || !('recording' in event)) throw new Error('no recording');
	return event.recording;
}

describe('Recording > Get Many', () => {
	const base = { resource: 'recording', operation: 'getMany', sort: 'created_asc' };

	it('follows the cursor across pages with Return All, sending every filter', async () => {
		const filters = {
			channelId: 'ch_sales',
			createdAfter: '2025-02-25',
			createdBefore: '2026-12-01T00:00:00',
			labels: ' discovery , enterprise ,',
			recorderEmail: 'maria@claap.io',
			recorderId: 'usr_42',
		};
		const query = {
			channelId: 'ch_sales',
			createdAfter: '2025-02-25',
			createdBefore: '2026-12-01T00:00:00',
			labels: 'discovery,enterprise',
			recorderEmail: 'maria@claap.io',
			recorderId: 'usr_42',
			sort: 'created_asc',
			limit: '100',
		};
		const scope = nock(API, { reqheaders: { 'x-claap-key': API_KEY } })
			.get('/v1/recordings')
			.query(query)
			.reply(200, { result: { recordings: [recordingNamed('r1'), recordingNamed('r2')], pagination: { nextCursor: 'c2' } } })
			.get('/v1/recordings')
			.query({ ...query, cursor: 'c2' })
			.reply(200, { result: { recordings: [recordingNamed('r3')], pagination: { nextCursor: 'c3' } } })
			.get('/v1/recordings')
			.query({ ...query, cursor: 'c3' })
			.reply(200, { result: { recordings: [recordingNamed('r4')], pagination: { nextCursor: null } } });
		const { ctx } = createContext({ parameters: { ...base, returnAll: true, filters } });

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output).toEqual(['r1', 'r2', 'r3', 'r4'].map((id) => ({ json: recordingNamed(id), pairedItem: { item: 0 } })));
		expect(scope.isDone()).toBe(true);
	});

	it('asks only for what the limit still needs, and stops there', async () => {
		const page = (from: number, count: number) =>
			Array.from({ length: count }, (_, index) => recordingNamed(`r${from + index}`));
		const scope = nock(API)
			.get('/v1/recordings')
			.query({ sort: 'created_asc', limit: '100' })
			.reply(200, { result: { recordings: page(0, 100), pagination: { nextCursor: 'c2' } } })
			.get('/v1/recordings')
			.query({ sort: 'created_asc', limit: '30', cursor: 'c2' })
			.reply(200, { result: { recordings: page(100, 30), pagination: { nextCursor: 'c3' } } });
		const { ctx } = createContext({ parameters: { ...base, returnAll: false, limit: 130, filters: {} } });

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output).toHaveLength(130);
		expect(output[129]).toEqual({ json: recordingNamed('r129'), pairedItem: { item: 0 } });
		expect(scope.isDone()).toBe(true);
	});

	it('delivers a drifted recording with its validation issues instead of failing the page', async () => {
		nock(API)
			.get('/v1/recordings')
			.query(true)
			.reply(200, { result: { recordings: [recordingNamed('r1'), driftedRecording()], pagination: {} } });
		const { ctx } = createContext({ parameters: { ...base, returnAll: true, filters: {} } });

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output).toHaveLength(2);
		expect(output[0].json).not.toHaveProperty('validationIssues');
		expect(output[1].json).toMatchObject({ id: 'rec_8f3a2c1d', durationSeconds: '1834.5', labels: null });
		expect(output[1].json.validationIssues).toEqual(
			expect.arrayContaining([
				{ path: 'durationSeconds', message: expect.stringContaining('number') },
				{ path: 'labels', message: expect.stringContaining('array') },
			]),
		);
	});
});

describe('Recording > Get Many: Include Total Count', () => {
	const base = { resource: 'recording', operation: 'getMany', sort: 'created_desc', filters: {} };

	it("adds Claap's totalCount, from the first page, to every recording", async () => {
		nock(API)
			.get('/v1/recordings')
			.query({ sort: 'created_desc', limit: '2' })
			.reply(200, { result: { recordings: [recordingNamed('r1')], pagination: { nextCursor: 'c2', totalCount: 57 } } })
			.get('/v1/recordings')
			.query({ sort: 'created_desc', limit: '1', cursor: 'c2' })
			.reply(200, { result: { recordings: [recordingNamed('r2')], pagination: { nextCursor: 'c3' } } });
		const { ctx } = createContext({ parameters: { ...base, returnAll: false, limit: 2, options: { includeTotalCount: true } } });

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output.map((item) => [item.json.id, item.json.totalCount])).toEqual([
			['r1', 57],
			['r2', 57],
		]);
	});

	it('says null when Claap does not give the count, and adds nothing without the option', async () => {
		nock(API)
			.get('/v1/recordings')
			.query(true)
			.reply(200, { result: { recordings: [recordingNamed('r1')], pagination: { nextCursor: null } } })
			.get('/v1/recordings')
			.query(true)
			.reply(200, { result: { recordings: [recordingNamed('r1')], pagination: { nextCursor: null, totalCount: 1 } } });
		const counted = createContext({ parameters: { ...base, returnAll: true, options: { includeTotalCount: true } } });
		const plain = createContext({ parameters: { ...base, returnAll: true } });

		const [[withOption]] = await router.call(counted.ctx, fastDeps().deps);
		const [[without]] = await router.call(plain.ctx, fastDeps().deps);

		expect(withOption.json.totalCount).toBeNull();
		expect(without.json).toEqual(recordingNamed('r1'));
	});
});

describe('Recording > Get: Return AI Fields', () => {
	it('asks Claap for the AI fields with returnAiFields=true and outputs them as they come', async () => {
		const aiFields = [{ key: 'next_steps', label: 'Next steps', value: 'Send the security questionnaire' }];
		const scope = nock(API)
			.get('/v1/recordings/r1')
			.query({ returnAiFields: 'true' })
			.reply(200, { result: { recording: { ...recordingNamed('r1'), aiFields } } });
		const { ctx } = createContext({
			parameters: { resource: 'recording', operation: 'get', recordingId: 'r1', options: { returnAiFields: true } },
		});

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output[0].json.aiFields).toEqual(aiFields);
		expect(scope.isDone()).toBe(true);
	});
});

describe('Recording > Get', () => {
	it('outputs the recording for each input item, paired', async () => {
		nock(API)
			.get('/v1/recordings/r1')
			.reply(200, { result: { recording: recordingNamed('r1') } })
			.get('/v1/recordings/r2')
			.reply(200, { result: { recording: recordingNamed('r2') } });
		const { ctx } = createContext({
			parameters: [
				{ resource: 'recording', operation: 'get', recordingId: 'r1' },
				{ resource: 'recording', operation: 'get', recordingId: 'r2' },
			],
			items: [{ json: {} }, { json: {} }],
		});

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output).toEqual([
			{ json: recordingNamed('r1'), pairedItem: { item: 0 } },
			{ json: recordingNamed('r2'), pairedItem: { item: 1 } },
		]);
	});
});

describe('Recording > Create', () => {
	it('posts the download URL with meeting times, participants and deal', async () => {
		const scope = nock(API, { reqheaders: { 'x-claap-key': API_KEY } })
			.post('/v1/recordings', {
				downloadUrl: 'https://files.example.com/call.mp4',
				authorEmail: 'maria@claap.io',
				channelId: 'ch_sales',
				title: 'Acme follow-up',
				meeting: {
					startedAt: '2026-11-24T14:00:00',
					endedAt: '2026-11-24T14:30:00',
					participants: [
						{ isOrganizer: true, name: 'Maria Lopez', email: 'maria@claap.io' },
						{ isOrganizer: false, email: 'john.doe@acme.com' },
					],
				},
				deal: { id: 'deal_991', type: 'salesforce' },
			})
			.reply(200, { result: { recording: { id: 'rec_new', state: 'Empty' } } });
		const { ctx } = createContext({
			parameters: {
				resource: 'recording',
				operation: 'create',
				downloadUrl: ' https://files.example.com/call.mp4 ',
				additionalFields: {
					authorEmail: 'maria@claap.io',
					channelId: 'ch_sales',
					title: 'Acme follow-up',
					meetingStartedAt: '2026-11-24T14:00:00',
					meetingEndedAt: '2026-11-24T14:30:00',
					participants: {
						participant: [
							{ name: 'Maria Lopez', email: 'maria@claap.io', isOrganizer: true },
							{ name: '', email: 'john.doe@acme.com', isOrganizer: false },
						],
					},
					dealId: 'deal_991',
					dealType: 'salesforce',
				},
			},
		});

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output).toEqual([{ json: { id: 'rec_new', state: 'Empty' }, pairedItem: { item: 0 } }]);
		expect(scope.isDone()).toBe(true);
	});

	it('sends only the download URL when nothing else is set', async () => {
		const scope = nock(API)
			.post('/v1/recordings', { downloadUrl: 'https://files.example.com/a.mp3' })
			.reply(200, { result: { recording: { id: 'rec_2' } } });
		const { ctx } = createContext({
			parameters: { resource: 'recording', operation: 'create', downloadUrl: 'https://files.example.com/a.mp3', additionalFields: {} },
		});

		await router.call(ctx, fastDeps().deps);

		expect(scope.isDone()).toBe(true);
	});
});

describe('Recording > Delete', () => {
	it('deletes and reports it', async () => {
		const scope = nock(API).delete('/v1/recordings/rec_8f3a2c1d').reply(200, { result: {} });
		const { ctx } = createContext({ parameters: { resource: 'recording', operation: 'delete', recordingId: 'rec_8f3a2c1d' } });

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output).toEqual([{ json: { id: 'rec_8f3a2c1d', deleted: true }, pairedItem: { item: 0 } }]);
		expect(scope.isDone()).toBe(true);
	});
});

describe('Recording > Download Video', () => {
	const video = Buffer.from('fake mp4 bytes');

	it('downloads the input recording\'s video as a file named after its title', async () => {
		nock(STORAGE)
			.get('/videos/rec_8f3a2c1d.mp4')
			.query({ 'X-Amz-Expires': '86400', 'X-Amz-Signature': 'pqr' })
			.reply(200, video, { 'Content-Type': 'video/mp4' });
		const recording = fullRecording();
		const { ctx, getCredentials } = createContext({
			parameters: { resource: 'recording', operation: 'downloadVideo', source: 'inputRecording', recording, binaryPropertyName: 'video' },
			items: [triggerItem(recording)],
		});

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output).toEqual([
			{
				json: {
					recordingId: 'rec_8f3a2c1d',
					title: 'Acme x Claap - Discovery call',
					fileName: 'Acme x Claap - Discovery call.mp4',
					mimeType: 'video/mp4',
					fileSize: video.length,
				},
				binary: {
					video: {
						data: video.toString('base64'),
						fileName: 'Acme x Claap - Discovery call.mp4',
						mimeType: 'video/mp4',
						fileSize: String(video.length),
					},
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(getCredentials).not.toHaveBeenCalled();
	});

	it('fetches a fresh link through the API for a recording ID', async () => {
		const fresh = {
			...recordingNamed('rec_9'),
			title: 'Q4 / planning: "draft"',
			video: { url: `${STORAGE}/videos/rec_9.webm?X-Amz-Date=20261124T140000Z&X-Amz-Expires=86400&X-Amz-Signature=zz` },
		};
		nock(API).get('/v1/recordings/rec_9').reply(200, { result: { recording: fresh } });
		nock(STORAGE).get('/videos/rec_9.webm').query(true).reply(200, video);
		const { ctx } = createContext({
			parameters: { resource: 'recording', operation: 'downloadVideo', source: 'recordingId', recordingId: 'rec_9', binaryPropertyName: 'data' },
		});

		const [output] = await router.call(ctx, fastDeps().deps);

		expect(output[0].json).toEqual({
			recordingId: 'rec_9',
			title: 'Q4 / planning: "draft"',
			fileName: 'Q4 planning draft.webm',
			mimeType: 'video/webm',
			fileSize: video.length,
		});
	});
});
