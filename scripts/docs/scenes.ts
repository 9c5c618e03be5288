/**
 * What the screenshots show, made for real: the example workflows imported into n8n, a recording
 * delivered by the Claap simulator, and a conversation with the AI agent example against the fake
 * model, each leaving a finished execution.
 */
import type { Simulator } from '../../simulator';
import type { FakeModel } from '../../tools/fakeModel';
import { sendChatMessage } from '../../tools/n8n/chat';
import { importExample, type CredentialRef, type ExampleCredentials, type ImportedExample } from '../../tools/n8n/examples';
import type { N8nInstance } from '../../tools/n8n/n8n';
import { createCredential, createOpenAiCredential, listExecutions } from '../../tools/n8n/workflows';

export interface Credentials extends ExampleCredentials {
	claapWebhookApi: CredentialRef;
	claapApi: CredentialRef;
}

export interface Run {
	workflowId: string;
	executionId: string;
}

async function waitForExecution(n8n: N8nInstance, workflowId: string): Promise<string> {
	for (let attempt = 0; attempt < 200; attempt++) {
		const done = (await listExecutions(n8n, workflowId)).find((execution) => execution.status === 'success');
		if (done) return done.id;
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
	throw new Error(`no successful execution of workflow ${workflowId}`);
}

export async function claapCredentials(n8n: N8nInstance, claap: Simulator): Promise<Credentials> {
	const claapWebhookApi = await createCredential(n8n, 'claapWebhookApi', 'Claap Webhook account', {
		webhookId: claap.webhook.id,
		webhookSecret: claap.webhook.secret,
		baseUrl: claap.apiBaseUrl,
	});
	const claapApi = await createCredential(n8n, 'claapApi', 'Claap account', { apiKey: claap.apiKey, baseUrl: claap.url });
	return { claapWebhookApi, claapApi };
}

/** The Claap examples, the Slack summary one active and run once on a delivered recording. */
export async function deliveredRecording(n8n: N8nInstance, claap: Simulator, credentials: Credentials): Promise<Run> {
	const summary: ImportedExample = await importExample(n8n, 'new-recording-slack-summary.json', credentials);
	for (const file of ['new-recording-srt-file.json', 'deal-recording-crm-note.json', 'weekly-recordings-digest.json']) {
		await importExample(n8n, file, credentials, { activate: false });
	}
	claap.setWebhookUrl(summary.triggerUrl);
	const { eventId } = claap.trigger('recording_added', 'rec_8f3a2c1d');
	await claap.deliveries.settled(eventId);
	return { workflowId: summary.workflowId, executionId: await waitForExecution(n8n, summary.workflowId) };
}

type Json = Record<string, unknown>;
const lastToolResult = (messages: Array<{ role: string; text: string }>): Json[] =>
	JSON.parse(messages.filter((message) => message.role === 'tool').at(-1)?.text ?? '[]') as Json[];

/**
 * The AI agent example asked about a call: the (fake) model lists recordings, reads the Acme
 * call's transcript through the Claap Tool and answers with a quote from it.
 */
export async function agentConversation(n8n: N8nInstance, model: FakeModel, credentials: Credentials): Promise<Run> {
	const openAiApi = await createOpenAiCredential(n8n, model.baseUrl, 'sk-screenshots', 'OpenAI account');
	const agent = await importExample(n8n, 'ai-agent-ask-about-recordings.json', { ...credentials, openAiApi }, { publicChat: true });
	model.reply(
		{ call: { tool: 'List_Recordings', arguments: { limit: 5 } } },
		({ messages }) => {
			const acme = lastToolResult(messages).find((recording) => String(recording.title).startsWith('Acme'));
			return { call: { tool: 'Get_Transcript', arguments: { recordingId: String(acme?.id), language: 'active' } } };
		},
		({ messages }) => {
			const lines = String(lastToolResult(messages)[0]?.transcript).split('\n');
			const asked = lines.find((line) => line.includes('SSO')) ?? '';
			const promised = lines.find((line) => line.includes('questionnaire')) ?? '';
			return { text: `Acme wants SSO and EU data residency:\n> ${asked}\n\nMaria promised the next steps:\n> ${promised}` };
		},
	);
	const answer = await sendChatMessage(String(agent.triggerUrl), 'What did Acme ask for in the discovery call?', 'screenshots');
	if (answer.status !== 200) throw new Error(`the agent answered ${answer.status}: ${answer.body}`);
	return { workflowId: agent.workflowId, executionId: await waitForExecution(n8n, agent.workflowId) };
}
