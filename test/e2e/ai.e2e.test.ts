import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { startSimulator, type Simulator } from '../../simulator';
import { transcript } from '../../simulator/seed/transcripts';
import { startFakeModel, type Conversation, type FakeModel } from '../../tools/fakeModel';
import { sendChatMessage } from '../../tools/n8n/chat';
import { importExample, type CredentialRef, type ImportedExample } from '../../tools/n8n/examples';
import { startN8n, type N8nInstance } from '../../tools/n8n/n8n';
import {
	createCredential,
	createOpenAiCredential,
	createWorkflow,
	deliver,
	nodeItems,
	settledExecutions,
	waitForWebhook,
	type Execution,
} from '../../tools/n8n/workflows';

// The two AI examples in a real n8n, against the Claap simulator and the fake OpenAI-compatible
// model (tools/fakeModel): an AI Agent using the Claap node as its tool, and Chunks for AI
// feeding n8n's Simple Vector Store. The model's answers are scripted per test; what n8n sends
// it is recorded and checked.

const VERSION = process.env.N8N_E2E_VERSION ?? '2.41.1';
const OPENAI_KEY = 'sk-fake-e2e-3f9a';
const WRONG_CLAAP_KEY = 'cla_revoked_key';

type Json = Record<string, unknown>;

/** The tool results the model was sent, parsed (n8n sends a tool's items as a JSON array). */
const toolResults = (conversation: Conversation): Json[][] =>
	conversation.messages.filter((message) => message.role === 'tool').map((message) => JSON.parse(message.text) as Json[]);
const lastToolResult = (conversation: Conversation): Json[] => toolResults(conversation).at(-1) ?? [];

/**
 * What each test saw, kept in test/e2e/results (not committed) to read or quote: what the fake
 * model was asked and answered, and what a test adds to `seen`.
 */
const kept: Record<string, unknown> = {};
let seen: Record<string, unknown> = {};
function keepResults(): void {
	mkdirSync(join(__dirname, 'results'), { recursive: true });
	writeFileSync(join(__dirname, 'results', `ai-${VERSION}.json`), `${JSON.stringify(kept, null, 2)}\n`);
}

/** The latest execution of a workflow, once finished. */
async function lastExecution(n8n: N8nInstance, workflowId: string, count: number): Promise<Execution> {
	const executions = await settledExecutions(n8n, workflowId, count);
	expect(executions).toHaveLength(count);
	return executions[0];
}

describe(`AI nodes with Claap in a real n8n ${VERSION}`, () => {
	let n8n: N8nInstance;
	let claap: Simulator;
	let model: FakeModel;
	let openAi: CredentialRef;
	let claapApi: CredentialRef;

	beforeAll(async () => {
		claap = await startSimulator({ timeScale: 0.001, deliveryTimeoutMs: 5000 });
		model = await startFakeModel({ apiKeys: [OPENAI_KEY] });
		n8n = await startN8n();
		openAi = await createOpenAiCredential(n8n, model.baseUrl, OPENAI_KEY);
		claapApi = await createCredential(n8n, 'claapApi', 'Claap API (simulator)', { apiKey: claap.apiKey, baseUrl: claap.url });
	});

	afterEach(() => {
		kept[expect.getState().currentTestName ?? 'test'] = { ...seen, modelRequests: model.requests() };
		seen = {};
		// Every scripted answer was asked for: the agent went through every turn the test planned.
		expect(model.pending()).toBe(0);
		model.reset();
		claap.reset();
	});

	afterAll(async () => {
		keepResults();
		await n8n?.stop();
		await model?.close();
		await claap?.close();
	});

	describe('an AI Agent with the Claap Tool (examples/ai-agent-ask-about-recordings.json)', () => {
		let agent: ImportedExample;

		const ask = async (example: ImportedExample, question: string) => {
			const answer = await sendChatMessage(String(example.triggerUrl), question, `session-${Date.now()}`);
			expect(answer.status).toBe(200);
			return answer;
		};

		beforeAll(async () => {
			agent = await importExample(n8n, 'ai-agent-ask-about-recordings.json', { openAiApi: openAi, claapApi }, { publicChat: true });
			expect(agent).toMatchObject({ active: true, triggerUrl: expect.stringMatching(/\/webhook\/[\w-]+\/chat$/u) });
		});

		it('lists recordings, reads the transcript the model picks, and answers from what the tool returned', async () => {
			model.reply(
				{ call: { tool: 'List_Recordings', arguments: { limit: 10 } } },
				(conversation) => {
					const acme = lastToolResult(conversation).find((recording) => String(recording.title).startsWith('Acme'));
					return { call: { tool: 'Get_Transcript', arguments: { recordingId: String(acme?.id), language: 'active' } } };
				},
				(conversation) => {
					const transcriptText = String(lastToolResult(conversation)[0]?.transcript);
					return { text: `Acme asked for this: ${transcriptText.split('\n').find((line) => line.includes('SSO'))}` };
				},
			);

			const answer = await ask(agent, 'What did Acme ask for in their discovery call?');

			expect(answer.output).toMatch(/^Acme asked for this: \[00:00:\d\d\] speaker_2: Cutting meeting notes time in half, with SSO and EU data residency\.$/u);
			const [first, second, third] = model.conversations();
			expect(model.conversations()).toHaveLength(3);
			// n8n offered both tools, with the descriptions and $fromAI() arguments of the example.
			expect(first.messages.at(-1)).toEqual({ role: 'user', text: 'What did Acme ask for in their discovery call?' });
			expect(first.messages[0]).toMatchObject({ role: 'system', text: expect.stringContaining('Claap meeting recordings') });
			const transcriptTool = first.tools.find((tool) => tool.name === 'Get_Transcript');
			expect(transcriptTool).toMatchObject({
				description: expect.stringContaining('Reads the transcript of one Claap recording by its id'),
				parameters: { properties: { recordingId: { type: 'string' }, language: { description: expect.stringContaining('two-letter language code') } } },
			});
			expect(first.tools.map((tool) => tool.name).sort()).toEqual(['Get_Transcript', 'List_Recordings']);
			// The list went back to the model, every seeded recording in it, newest first.
			const listed = lastToolResult(second).map((recording) => recording.id);
			expect([...listed].sort()).toEqual([...claap.store.ids()].sort());
			// The transcript went back to the model as the Claap node rendered it.
			expect(lastToolResult(third)).toEqual([
				expect.objectContaining({ recordingId: 'rec_8f3a2c1d', title: 'Acme x Claap - Discovery call', language: 'en', format: 'speakerText' }),
			]);
			expect(String(lastToolResult(third)[0].transcript)).toMatch(/^\[00:00:00\] speaker_1: Hi John, thanks for taking the time today\.\n/u);
			// Each call reached Claap with the API key of the credential the example was given; the
			// transcript by ID, the Claap Tool's default Source (the example leaves it unset).
			const calls = claap.requests({ area: 'rest' });
			expect(calls.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
				'GET /v1/recordings 200',
				'GET /v1/recordings/rec_8f3a2c1d 200',
				'GET /v1/recordings/rec_8f3a2c1d/transcript 200',
			]);
			expect(calls[0].query).toMatchObject({ limit: '10', sort: 'created_desc' });
			expect(calls[2].query).toEqual({ lang: 'en', format: 'json' });
			for (const call of calls) expect(call.headers['x-claap-key']).toBe(claap.apiKey);
			expect(model.requests().map((request) => request.authorization)).toEqual(Array(3).fill(`Bearer ${OPENAI_KEY}`));
			const execution = await lastExecution(n8n, agent.workflowId, 1);
			expect(execution.status).toBe('success');
			expect(nodeItems(execution, 'AI Agent')?.[0]?.json).toEqual({ output: answer.output });
		});

		it('hands the model a 404 for an unknown recording ID as an error it can explain, and the run succeeds', async () => {
			model.reply({ call: { tool: 'Get_Transcript', arguments: { recordingId: 'rec_does_not_exist', language: 'active' } } }, (conversation) => {
				const [failure] = lastToolResult(conversation);
				return { text: `I could not read it: ${String(failure.error)} ${String(failure.description)}` };
			});

			const answer = await ask(agent, 'Summarise rec_does_not_exist');

			const [, second] = model.conversations();
			expect(lastToolResult(second)).toEqual([
				{
					error: 'Claap answered 404: not_found: Recording rec_does_not_exist not found',
					description: 'Check the ID: Claap has nothing there that this credential can see.',
					httpCode: '404',
					code: 'not_found',
					itemIndex: 0,
				},
			]);
			expect(answer.output).toBe(
				'I could not read it: Claap answered 404: not_found: Recording rec_does_not_exist not found Check the ID: Claap has nothing there that this credential can see.',
			);
			expect(claap.requests({ area: 'rest' }).map((request) => `${request.path} ${request.status}`)).toEqual(['/v1/recordings/rec_does_not_exist 404']);
			expect((await lastExecution(n8n, agent.workflowId, 2)).status).toBe('success');
		});

		it("hands the model Claap's refusal of the API key, naming the credential and the remedy", async () => {
			const revoked = await createCredential(n8n, 'claapApi', 'Claap API (revoked key)', { apiKey: WRONG_CLAAP_KEY, baseUrl: claap.url });
			const refused = await importExample(n8n, 'ai-agent-ask-about-recordings.json', { openAiApi: openAi, claapApi: revoked }, {
				publicChat: true,
				name: 'Ask about recordings (revoked Claap key)',
			});
			model.reply({ call: { tool: 'Get_Transcript', arguments: { recordingId: 'rec_8f3a2c1d', language: 'active' } } }, (conversation) => ({
				text: `Claap said: ${String(lastToolResult(conversation)[0]?.error)}`,
			}));

			const answer = await ask(refused, 'Summarise rec_8f3a2c1d');

			const [failure] = lastToolResult(model.conversations()[1]);
			expect(failure).toMatchObject({
				error: expect.stringMatching(/^Claap refused the Claap API credential "Claap API \(revoked key\)" \(401/u),
				description: expect.stringContaining('Check the API key in this credential'),
				httpCode: '401',
			});
			expect(answer.output).toBe(`Claap said: ${String(failure.error)}`);
			const [call] = claap.requests({ area: 'rest' });
			expect(call).toMatchObject({ path: '/v1/recordings/rec_8f3a2c1d', status: 401, headers: { 'x-claap-key': WRONG_CLAAP_KEY } });
			expect((await lastExecution(n8n, refused.workflowId, 1)).status).toBe('success');
		});
		it('streams: when the chat streams, n8n asks the model for a stream, and the answer arrives in pieces', async () => {
			const streaming = await importExample(n8n, 'ai-agent-ask-about-recordings.json', { openAiApi: openAi, claapApi }, {
				publicChat: true,
				chatResponseMode: 'streaming',
				name: 'Ask about recordings (streaming chat)',
			});
			const reply = 'The Globex QBR was about a two-year price.';
			model.reply({ call: { tool: 'Get_Transcript', arguments: { recordingId: 'rec_2b7e91c4', language: 'active' } } }, { text: reply });

			const answer = await ask(streaming, 'What was the Globex QBR about?');

			expect(model.conversations().map((conversation) => conversation.stream)).toEqual([true, true]);
			expect(lastToolResult(model.conversations()[1])[0]).toMatchObject({ recordingId: 'rec_2b7e91c4', format: 'speakerText' });
			expect(answer.output).toBe(reply);
			expect(answer.pieces).toBeGreaterThanOrEqual(2);
		});
	});

	describe('Chunks for AI in the Simple Vector Store (examples/new-recording-vector-store.json)', () => {
		const RECORDING_ID = 'rec_rag_e2e';
		/** Seven topics, about 2,300 characters: three chunks of at most 1,000 characters. */
		const TOPICS: Array<[string, string]> = [
			['speaker_1', 'Welcome everyone, today we walk through the rollout plan for the new meeting notes workflow across the three sales teams in Paris, Berlin and London, and we agree who owns each step.'],
			['speaker_2', 'Before anything else our security team needs single sign-on through SAML with Okta, audit logs kept for a year, and every recording and transcript stored in the European Union, in Frankfurt or Dublin.'],
			['speaker_1', 'Understood, SAML single sign-on with Okta is available on the enterprise plan, audit logs can be exported every night, and we host European workspaces in Frankfurt with a backup copy in Dublin.'],
			['speaker_2', 'Next, pricing. We would like a two-year contract for two hundred seats with a price locked for both years, invoiced every quarter, and a discount if we add the customer success team next spring.'],
			['speaker_1', 'We can lock the price for two years and invoice quarterly; adding the customer success team next spring would move you to the next volume tier, which lowers the price of every seat.'],
			['speaker_2', 'For onboarding we want a pilot with twenty account executives in January, weekly check-ins during the first month, and a short training video our managers can share with new hires.'],
			['speaker_1', 'Good, I will send the pilot plan on Friday, book the first check-in for the second week of January, and record a ten-minute training video that your managers can share.'],
			['speaker_2', 'Last point, the integrations: every call summary should land in HubSpot on the deal, and the action items should go to the Slack channel of the account team right after the call.'],
			['speaker_1', 'Both are built in: the HubSpot integration attaches the summary to the deal, and the Slack integration posts the action items to the channel you pick, a minute after the call ends.'],
			['speaker_2', 'Our managers also asked for a monthly report: how many calls each rep recorded, how long they talked compared with the customer, and which topics came up most often.'],
			['speaker_1', 'The analytics page has talk ratios and topics per rep today, and a monthly report by e-mail is planned for the spring release; until then you can export a spreadsheet.'],
			['speaker_2', 'Finally, some reps record calls from their phones while travelling, so the mobile app has to upload recordings over a weak connection without losing anything.'],
			['speaker_1', 'The mobile app keeps the recording on the phone until the upload has finished, and resumes it where it stopped, so a weak connection only delays the transcript.'],
		];
		let inserted: ImportedExample;

		beforeAll(async () => {
			const acme = claap.store.get('rec_8f3a2c1d');
			if (!acme) throw new Error('seed recording missing');
			claap.store.put({
				recording: { ...acme.recording, id: RECORDING_ID, title: 'Acme x Claap - Rollout review' },
				transcripts: [{ langIso2: 'en', isTranscript: true, isActive: true, transcript: transcript('en', TOPICS) }],
			});
		});

		it('embeds each chunk whole with its metadata, then finds the chunk a question is about', async () => {
			const webhook = await createCredential(n8n, 'claapWebhookApi', 'Claap Webhook (vector store)', {
				webhookId: claap.webhook.id,
				webhookSecret: claap.webhook.secret,
				baseUrl: claap.apiBaseUrl,
			});
			inserted = await importExample(n8n, 'new-recording-vector-store.json', { claapWebhookApi: webhook, openAiApi: openAi });
			claap.setWebhookUrl(inserted.triggerUrl);

			// Claap delivers the new recording; the workflow cuts and embeds its transcript.
			const { eventId } = claap.trigger('recording_added', RECORDING_ID);
			expect((await claap.deliveries.settled(eventId))?.status).toBe('delivered');
			const execution = await lastExecution(n8n, inserted.workflowId, 1);
			expect(execution.status).toBe('success');
			const chunks = (nodeItems(execution, 'Transcript as Chunks') ?? []).map((item) => item.json);
			expect(chunks.map((chunk) => [chunk.chunkIndex, chunk.chunkCount])).toEqual([[0, 3], [1, 3], [2, 3]]);
			for (const chunk of chunks) expect(Array.from(String(chunk.text)).length).toBeLessThanOrEqual(1000);
			const security = chunks.find((chunk) => String(chunk.text).includes('SAML'));
			expect(chunks.filter((chunk) => String(chunk.text).includes('SAML'))).toHaveLength(1);
			// The Default Data Loader's default splitting kept every chunk whole: one embedding each
			// (LangChain's OpenAI embeddings send line breaks as spaces).
			const embedded = model.requests().flatMap((request) => request.texts ?? []);
			expect(embedded).toEqual(chunks.map((chunk) => String(chunk.text).replace(/\n/gu, ' ')));

			// A search through the same store, as an agent's retrieval tool or Get Many would do.
			const search = await createSearchWorkflow(n8n, openAi);
			const question = 'Can you do SAML single sign-on with Okta and keep our recordings in the European Union?';
			const found = await deliver(search, { query: question }, {});
			expect(found.status).toBe(200);
			seen.search = { question, answer: found.body };
			const { document, score } = found.body as { document: { pageContent: string; metadata: Json }; score: number };
			expect(document.pageContent).toBe(security?.text);
			expect(document.metadata).toMatchObject({
				recordingId: RECORDING_ID,
				title: 'Acme x Claap - Rollout review',
				language: 'en',
				speakers: String((security?.speakers as string[]).join(', ')),
				startTime: security?.startTime,
				endTime: security?.endTime,
			});
			expect(String(document.metadata.chunkIndex)).toBe(String(security?.chunkIndex));
			expect(score).toBeGreaterThan(0);
			expect(model.requests().at(-1)?.texts).toEqual([question]);
		});
	});
});

/** Webhook (POST `{ query }`) -> Simple Vector Store, Get Many, top 1, from the example's store. */
async function createSearchWorkflow(n8n: N8nInstance, openAi: CredentialRef): Promise<string> {
	const path = `claap-search-${Date.now()}`;
	await createWorkflow(
		n8n,
		'Search Claap recordings',
		[
			{
				name: 'Search',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				webhookId: `${path}-hook`,
				parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
			},
			{
				name: 'Simple Vector Store',
				type: '@n8n/n8n-nodes-langchain.vectorStoreInMemory',
				typeVersion: 1.3,
				parameters: {
					mode: 'load',
					memoryKey: { __rl: true, mode: 'list', value: 'claap_recordings' },
					prompt: '={{ $json.body.query }}',
					topK: 1,
				},
			},
			{
				name: 'Embeddings OpenAI',
				type: '@n8n/n8n-nodes-langchain.embeddingsOpenAi',
				typeVersion: 1.2,
				parameters: { model: 'text-embedding-3-small', options: {} },
				credentials: { openAiApi: openAi },
			},
		],
		{
			Search: { main: [[{ node: 'Simple Vector Store', type: 'main', index: 0 }]] },
			'Embeddings OpenAI': { ai_embedding: [[{ node: 'Simple Vector Store', type: 'ai_embedding', index: 0 }]] },
		},
	);
	const url = `${n8n.baseUrl}/webhook/${path}`;
	await waitForWebhook(url);
	return url;
}
