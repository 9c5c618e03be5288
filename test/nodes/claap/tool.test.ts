import nock from 'nock';
import type { INodeProperties } from 'n8n-workflow';

import { Claap } from '../../../nodes/Claap/Claap.node';
import { router } from '../../../nodes/Claap/actions/router';
import { API, createContext, fastDeps } from './harness';
import { fullRecording, transcriptFixture } from './fixtures';

// The Claap node as an AI agent's tool: the "Claap Tool" n8n derives from usableAsTool runs the
// same code under the type `n8n-nodes-claap.claapTool`, with parameters filled by $fromAI().

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const TOOL = 'n8n-nodes-claap.claapTool';
const byId = { source: 'recordingId', recordingId: 'rec_8f3a2c1d' };

function recordingById(times = 1) {
	return nock(API).get('/v1/recordings/rec_8f3a2c1d').times(times).reply(200, { result: { recording: fullRecording() } });
}

describe('Claap Tool', () => {
	it('answers Transcript > Get with a JSON field even when the node says Binary File: an agent cannot read a file', async () => {
		recordingById()
			.get('/v1/recordings/rec_8f3a2c1d/transcript')
			.query({ lang: 'en', format: 'json' })
			.reply(200, { result: transcriptFixture('basic') });
		const parameters = { resource: 'transcript', operation: 'get', ...byId, language: 'active', output: 'srt', options: { deliverAs: 'binary' } };
		const { ctx } = createContext({ parameters, nodeType: TOOL });

		const [[item]] = await router.call(ctx, fastDeps().deps);

		expect(item.binary).toBeUndefined();
		expect(item.json).toMatchObject({ recordingId: 'rec_8f3a2c1d', format: 'srt', transcript: expect.stringMatching(/^1\n00:00:00,/u) });
	});

	it('answers Download Video with the video link instead of downloading the file', async () => {
		recordingById();
		const parameters = { resource: 'recording', operation: 'downloadVideo', ...byId, binaryPropertyName: 'data' };
		const { ctx, httpRequest } = createContext({ parameters, nodeType: TOOL });

		const [[item]] = await router.call(ctx, fastDeps().deps);

		expect(item).toEqual({
			json: { recordingId: 'rec_8f3a2c1d', title: 'Acme x Claap - Discovery call', videoUrl: expect.stringContaining('/videos/rec_8f3a2c1d.mp4?') },
			pairedItem: { item: 0 },
		});
		expect(httpRequest).not.toHaveBeenCalled();
	});

	it('answers a failure with the whole error item, remedy included, instead of stopping the run', async () => {
		nock(API).get('/v1/recordings/rec_8f3a2c1d').reply(401, { error: { type: 'unauthorized', message: 'Invalid API key' } });
		const parameters = { resource: 'recording', operation: 'get', recordingId: 'rec_8f3a2c1d' };

		const [output] = await router.call(createContext({ parameters, nodeType: TOOL }).ctx, fastDeps().deps);

		expect(output).toEqual([
			{
				json: {
					error: 'Claap refused the Claap API credential "Sales workspace key" (401, unauthorized: Invalid API key)',
					description: 'Check the API key in this credential. Claap API keys work only for paying or trial workspaces.',
					httpCode: '401',
					code: 'unauthorized',
					itemIndex: 0,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('still stops when its On Error setting says Stop Workflow, as the Claap node does by default', async () => {
		nock(API).get('/v1/recordings/rec_nope').times(2).reply(404, { error: { type: 'not_found', message: 'Recording rec_nope not found' } });
		const parameters = { resource: 'recording', operation: 'get', recordingId: 'rec_nope' };
		const stopping = createContext({ parameters, nodeType: TOOL });
		stopping.ctx.getNode().onError = 'stopWorkflow';

		await expect(router.call(stopping.ctx, fastDeps().deps)).rejects.toThrow('Claap answered 404: not_found: Recording rec_nope not found');
		await expect(router.call(createContext({ parameters }).ctx, fastDeps().deps)).rejects.toThrow('Claap answered 404');
	});

	it('takes what $fromAI() gives: a language code as the Language, a limit as text', async () => {
		recordingById()
			.get('/v1/recordings/rec_8f3a2c1d/transcript')
			.query({ lang: 'fr', format: 'json' })
			.reply(200, { result: { languageCode: 'fr', segments: [{ startedAt: 1, endedAt: 2, text: 'Bonjour', speaker: 'speaker_1' }] } })
			.get('/v1/recordings')
			.query({ sort: 'created_desc', limit: '2' })
			.reply(200, { result: { recordings: [fullRecording(), fullRecording()], pagination: { nextCursor: 'more' } } });
		const transcript = { resource: 'transcript', operation: 'get', ...byId, language: ' FR ', output: 'text', options: {} };
		const [[french]] = await router.call(createContext({ parameters: transcript, nodeType: TOOL }).ctx, fastDeps().deps);
		expect(french.json).toMatchObject({ language: 'fr', transcript: 'Bonjour\n' });

		const many = { resource: 'recording', operation: 'getMany', returnAll: false, limit: '2', filters: {}, sort: 'created_desc' };
		const [listed] = await router.call(createContext({ parameters: many, nodeType: TOOL }).ctx, fastDeps().deps);
		expect(listed).toHaveLength(2);
	});

	it.each([
		[{ resource: 'transcript', operation: 'get', ...byId, language: 'French please', output: 'text', options: {} }, /Language "French please" is not one Claap knows\. Give "active", "native", or a two-letter/u],
		[{ resource: 'transcript', operation: 'get', ...byId, language: 'active', output: 'summary', options: {} }, /Parameter "output" is not valid.*"chunks"/su],
		[{ resource: 'recording', operation: 'getMany', returnAll: false, limit: 'ten', filters: {}, sort: 'created_desc' }, /Parameter "limit" is not valid/u],
	])('refuses what it cannot use with a message an agent can act on (%#)', async (parameters, message) => {
		if (parameters.operation === 'get') recordingById();
		const [[item]] = await router.call(createContext({ parameters, nodeType: TOOL }).ctx, fastDeps().deps);
		expect(`${String(item.json.error)}. ${String(item.json.description)}`).toMatch(message);
	});
});

describe('Claap Tool parameters', () => {
	const properties = new Claap().description.properties;
	const named = (name: string) => properties.filter((property) => property.name === name);
	const forTool = (property: INodeProperties) => property.displayOptions?.show?.['@tool']?.includes(true) === true;

	it('defaults the Source to Recording ID on the tool and to the input recording on the node', () => {
		const sources = named('source');
		expect(sources.map((source) => [forTool(source), source.default])).toEqual([
			[false, 'inputRecording'],
			[true, 'recordingId'],
			[false, 'inputRecording'],
			[true, 'recordingId'],
		]);
		for (const source of sources.filter((candidate) => !forTool(candidate))) expect(source.displayOptions?.hide?.['@tool']).toEqual([true]);
	});

	it('hides the binary-file fields on the tool', () => {
		const [downloadField] = named('binaryPropertyName');
		expect(downloadField.displayOptions?.hide?.['@tool']).toEqual([true]);
		const options = named('options').flatMap((collection) => collection.options ?? []) as INodeProperties[];
		for (const name of ['deliverAs', 'binaryPropertyName']) {
			expect(options.find((option) => option.name === name)?.displayOptions?.hide?.['@tool']).toEqual([true]);
		}
	});
});
