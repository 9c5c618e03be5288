import OpenAI from 'openai';

import { cosine, embed, startFakeModel, type FakeModel } from '../../../tools/fakeModel';

// The fake model as OpenAI's own client sees it (the client n8n's LangChain nodes use), through
// both chat APIs, whole and streamed.

const TOOL = {
	name: 'Claap',
	description: 'Get a transcript in Claap',
	parameters: { type: 'object', properties: { recordingId: { type: 'string' } }, required: ['recordingId'] },
};

describe('fake OpenAI-compatible model', () => {
	let model: FakeModel;
	let client: OpenAI;

	beforeAll(async () => {
		model = await startFakeModel({ apiKeys: ['sk-fake'] });
		client = new OpenAI({ apiKey: 'sk-fake', baseURL: model.baseUrl, maxRetries: 0 });
	});
	afterEach(() => model.reset());
	afterAll(async () => await model.close());

	it('answers a chat completion with a scripted tool call, then with text that quotes the tool result', async () => {
		model.reply({ call: { tool: /claap/i, arguments: { recordingId: 'rec_1' } } }, (conversation) => ({
			text: `It says: ${conversation.messages.at(-1)?.text}`,
		}));
		const tools = [{ type: 'function' as const, function: TOOL }];
		const first = await client.chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'Summarise rec_1' }], tools });
		const call = first.choices[0].message.tool_calls?.[0];
		expect(first.choices[0].finish_reason).toBe('tool_calls');
		expect(call).toMatchObject({ type: 'function', function: { name: 'Claap', arguments: '{"recordingId":"rec_1"}' } });

		const second = await client.chat.completions.create({
			model: 'gpt-4.1-mini',
			tools,
			messages: [
				{ role: 'user', content: 'Summarise rec_1' },
				{ role: 'assistant', content: null, tool_calls: first.choices[0].message.tool_calls },
				{ role: 'tool', tool_call_id: String(call?.id), content: '[{"transcript":"Hello"}]' },
			],
		});
		expect(second.choices[0].message.content).toBe('It says: [{"transcript":"Hello"}]');

		const [asked, answered] = model.conversations();
		expect(asked).toMatchObject({ api: 'chat.completions', stream: false, tools: [{ name: 'Claap' }] });
		expect(answered.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
		expect(answered.messages[1].toolCalls).toEqual([{ id: call?.id, name: 'Claap', arguments: '{"recordingId":"rec_1"}' }]);
		expect(answered.messages[2]).toMatchObject({ toolCallId: call?.id, text: '[{"transcript":"Hello"}]' });
	});

	it('streams chat completions in pieces the client joins, with usage when asked', async () => {
		model.reply({ call: { tool: 'Claap', arguments: { recordingId: 'rec_2' } } }, { text: 'All done here.' });
		const tools = [{ type: 'function' as const, function: TOOL }];
		const runner = client.chat.completions.stream({ model: 'm', messages: [{ role: 'user', content: 'go' }], tools, stream_options: { include_usage: true } });
		const called = await runner.finalChatCompletion();
		expect(called.choices[0].message.tool_calls?.[0]).toMatchObject({ function: { name: 'Claap', arguments: '{"recordingId":"rec_2"}' } });
		expect(called.usage?.total_tokens).toBeGreaterThan(0);

		const deltas: string[] = [];
		const stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'go' }], stream: true });
		for await (const chunk of stream) deltas.push(chunk.choices[0]?.delta.content ?? '');
		expect(deltas.join('')).toBe('All done here.');
		expect(deltas.filter((delta) => delta !== '').length).toBe(2);
		expect(model.conversations().map((conversation) => conversation.stream)).toEqual([true, true]);
	});

	it('answers the Responses API, whole and streamed, and reads function call outputs back', async () => {
		model.reply({ call: { tool: /claap/i, arguments: { recordingId: 'rec_3' } } }, { text: 'Whole answer.' }, { text: 'Streamed answer.' });
		const tools = [{ type: 'function' as const, strict: false, ...TOOL }];
		const first = await client.responses.create({ model: 'gpt-4.1-mini', input: 'Summarise rec_3', instructions: 'Be brief.', tools });
		const [call] = first.output;
		expect(call).toMatchObject({ type: 'function_call', name: 'Claap', arguments: '{"recordingId":"rec_3"}' });
		if (call.type !== 'function_call') throw new Error('expected a function call');

		const input = [
			{ role: 'user' as const, content: 'Summarise rec_3' },
			{ type: 'function_call' as const, call_id: call.call_id, name: call.name, arguments: call.arguments },
			{ type: 'function_call_output' as const, call_id: call.call_id, output: '{"transcript":"Hi"}' },
		];
		const whole = await client.responses.create({ model: 'gpt-4.1-mini', input, tools });
		expect(whole.output_text).toBe('Whole answer.');

		const stream = client.responses.stream({ model: 'gpt-4.1-mini', input, tools });
		const deltas: string[] = [];
		stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
		const streamed = await stream.finalResponse();
		expect(streamed.output_text).toBe('Streamed answer.');
		expect(deltas).toEqual(['Streamed', ' answer.']);

		const [asked, answered] = model.conversations();
		expect(asked).toMatchObject({ api: 'responses', messages: [{ role: 'system', text: 'Be brief.' }, { role: 'user', text: 'Summarise rec_3' }] });
		expect(answered.messages).toEqual([
			{ role: 'user', text: 'Summarise rec_3' },
			{ role: 'assistant', text: '', toolCalls: [{ id: call.call_id, name: 'Claap', arguments: '{"recordingId":"rec_3"}' }] },
			{ role: 'tool', text: '{"transcript":"Hi"}', toolCallId: call.call_id },
		]);
	});

	it('embeds texts as deterministic vectors (float or base64) where shared words mean similar', async () => {
		const texts = ['security questionnaire and SSO', 'pricing for two years', 'send the security questionnaire'];
		const floats = await client.embeddings.create({ model: 'text-embedding-3-small', input: texts, encoding_format: 'float' });
		const base64 = await client.embeddings.create({ model: 'text-embedding-3-small', input: texts });
		expect(floats.data.map((entry) => entry.embedding)).toEqual(texts.map((text) => embed(text)));
		base64.data.forEach((entry, index) => {
			entry.embedding.forEach((value, dimension) => expect(value).toBeCloseTo(floats.data[index].embedding[dimension], 6));
		});
		const [a, b, c] = texts.map((text) => embed(text));
		expect(cosine(a, c)).toBeGreaterThan(cosine(a, b));
		expect(cosine(a, a)).toBeCloseTo(1, 10);
		expect(model.requests()[0].texts).toEqual(texts);
	});

	it('refuses a wrong key as OpenAI does, and says so when the script has no reply left', async () => {
		const stranger = new OpenAI({ apiKey: 'sk-wrong', baseURL: model.baseUrl, maxRetries: 0 });
		await expect(stranger.models.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
		await expect(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
			status: 500,
			message: expect.stringContaining('no scripted reply left'),
		});
		model.reply({ call: { tool: 'Missing', arguments: {} } });
		await expect(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
			message: expect.stringContaining('offers: none'),
		});
		expect((await client.models.list()).data.map((entry) => entry.id)).toContain('gpt-4.1-mini');
	});

	it('closes by itself once idle', async () => {
		const idle = await startFakeModel({ idleTimeoutMs: 50 });
		await new Promise((resolve) => setTimeout(resolve, 200));
		await expect(fetch(`${idle.baseUrl}/models`)).rejects.toThrow();
	});
});
