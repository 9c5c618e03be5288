import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startSimulator, type Simulator } from '../../simulator';
import { exampleFiles, importExample, loadExample, type CredentialRef, type ImportedExample } from '../../tools/n8n/examples';
import { startN8n, type N8nInstance } from '../../tools/n8n/n8n';
import { createCredential, deliver, listExecutions, nodeItems, savedNodeStaticData, type Execution } from '../../tools/n8n/workflows';

async function executionFor(n8n: N8nInstance, workflowId: string, eventId: string, trigger = 'Claap Trigger'): Promise<Execution> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const executions = await listExecutions(n8n, workflowId);
		const found = executions.find(
			(execution) =>
				execution.status !== 'running' &&
				execution.status !== 'new' &&
				nodeItems(execution, trigger)?.[0]?.json.eventId === eventId,
		);
		if (found) return found;
		if (Date.now() > deadline) throw new Error(`no finished execution of workflow ${workflowId} for event ${eventId}\n${n8n.logs().slice(-3000)}`);
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
}

/** A binary stored by n8n's filesystem mode, found by the path its id ends with. */
function readStoredBinary(userFolder: string, id: string): Buffer {
	const suffix = id.slice(id.indexOf(':') + 1);
	const walk = (dir: string): string | undefined => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) {
				const found = walk(path);
				if (found) return found;
			} else if (path.endsWith(`/${suffix}`)) return path;
		}
		return undefined;
	};
	const file = walk(userFolder);
	if (!file) throw new Error(`binary ${id} not found below ${userFolder}`);
	return readFileSync(file);
}

const SECRET = 'whsec_examples_4b8d2f6a9c';
/** One Claap webhook per example, as Claap support would register one per Production URL. */
const HOOKS = { summary: 'wh_ex_summary', srt: 'wh_ex_srt', crm: 'wh_ex_crm' } as const;

describe(`Example workflows in a real n8n ${process.env.N8N_E2E_VERSION ?? '2.41.1'}`, () => {
	let n8n: N8nInstance;
	let claap: Simulator;
	let apiCredential: CredentialRef;
	const webhookCredentials: Partial<Record<keyof typeof HOOKS, CredentialRef>> = {};

	/** Imports an example with the webhook credential of `hook`, and points that Claap webhook at its trigger. */
	async function importTriggered(file: string, hook: keyof typeof HOOKS): Promise<ImportedExample> {
		const imported = await importExample(n8n, file, { claapWebhookApi: webhookCredentials[hook], claapApi: apiCredential });
		expect(imported).toMatchObject({ active: true, triggerNode: 'Claap Trigger', triggerUrl: expect.stringContaining('/webhook/') });
		claap.setWebhookUrl(imported.triggerUrl, HOOKS[hook]);
		return imported;
	}

	async function deliverEvent(hook: keyof typeof HOOKS, type: 'recording_added' | 'recording_updated', recordingId: string) {
		const { eventId } = claap.trigger(type, recordingId, HOOKS[hook]);
		const delivery = await claap.deliveries.settled(eventId);
		expect(delivery?.attempts.map((attempt) => attempt.status)).toEqual([200]);
		return eventId;
	}

	beforeAll(async () => {
		claap = await startSimulator({
			timeScale: 0.001,
			deliveryTimeoutMs: 5000,
			webhooks: Object.values(HOOKS).map((id) => ({ id, secret: SECRET })),
		});
		n8n = await startN8n();
		for (const [hook, id] of Object.entries(HOOKS) as Array<[keyof typeof HOOKS, string]>) {
			webhookCredentials[hook] = await createCredential(n8n, 'claapWebhookApi', `Claap Webhook (${hook})`, {
				webhookId: id,
				webhookSecret: SECRET,
				baseUrl: claap.apiBaseUrl,
			});
		}
		apiCredential = await createCredential(n8n, 'claapApi', 'Claap API (simulator)', { apiKey: claap.apiKey, baseUrl: claap.url });
	});

	afterAll(async () => {
		await n8n?.stop();
		await claap?.close();
	});

	it('ships the seven examples, each using only our nodes and nodes that come with n8n', () => {
		expect(exampleFiles()).toEqual([
			'ai-agent-ask-about-recordings.json',
			'deal-recording-crm-note.json',
			'new-recording-polling-markdown.json',
			'new-recording-slack-summary.json',
			'new-recording-srt-file.json',
			'new-recording-vector-store.json',
			'weekly-recordings-digest.json',
		]);
		const builtIn = new Set(['n8n-nodes-base.code', 'n8n-nodes-base.filter', 'n8n-nodes-base.scheduleTrigger', 'n8n-nodes-base.stickyNote']);
		// n8n's AI nodes ship with n8n too; the two AI examples run in ai.e2e.test.ts, against the fake model.
		const shipped = (type: string) => type.startsWith('n8n-nodes-claap.') || type.startsWith('@n8n/n8n-nodes-langchain.') || builtIn.has(type);
		for (const file of exampleFiles()) {
			for (const node of loadExample(file).nodes) {
				expect([file, shipped(node.type)]).toEqual([file, true]);
				// Credentials are placeholders that importExample (or the user, in the editor) replaces.
				for (const credential of Object.values(node.credentials ?? {})) expect(credential.id).toMatch(/^REPLACE_WITH_/u);
			}
		}
	});

	it('(a) new recording -> Slack summary with title, link, key takeaways, action items and a transcript excerpt', async () => {
		const example = await importTriggered('new-recording-slack-summary.json', 'summary');
		const eventId = await deliverEvent('summary', 'recording_added', 'rec_8f3a2c1d');
		const execution = await executionFor(n8n, example.workflowId, eventId);
		expect(execution.status).toBe('success');

		const [summary] = nodeItems(execution, 'Slack Summary') ?? [];
		const text = String(summary?.json.text);
		expect(summary?.json).toMatchObject({ recordingId: 'rec_8f3a2c1d', title: 'Acme x Claap - Discovery call' });
		expect(text).toContain('*<https://app.claap.io/claap/acme-discovery-call-c-8f3a2c1d|Acme x Claap - Discovery call>*');
		expect(text).toContain('*Key takeaways*\n• Acme wants SSO and EU data residency before a pilot.');
		// Claap's **bold** becomes Slack's *bold*; a checked item is marked done.
		expect(text).toContain('*Action items*\n:white_large_square: Send the *security questionnaire* to John');
		expect(text).toContain(':white_check_mark: Book a demo with the IT team');
		expect(text).not.toContain('**');
		// The excerpt is the start of the plain-text transcript the Claap node produced, as a quote.
		const transcript = String(nodeItems(execution, 'Transcript as Text')?.[0]?.json.transcript);
		const firstLine = transcript.split('\n').find((line) => line.trim() !== '');
		expect(text).toContain(`*Transcript (excerpt)*\n> ${firstLine?.trim()}`);
	});

	it('(b) new recording -> SRT subtitles as a binary file', async () => {
		const example = await importTriggered('new-recording-srt-file.json', 'srt');
		const eventId = await deliverEvent('srt', 'recording_added', 'rec_2b7e91c4');
		const execution = await executionFor(n8n, example.workflowId, eventId);
		expect(execution.status).toBe('success');

		const [file] = nodeItems(execution, 'Transcript as SRT File') ?? [];
		expect(file?.json).toMatchObject({ recordingId: 'rec_2b7e91c4', format: 'srt', fileName: 'Globex renewal - QBR.srt' });
		const binary = file?.binary?.data;
		expect(binary).toMatchObject({ fileName: expect.stringMatching(/\.srt$/u), mimeType: expect.stringMatching(/subrip|srt/u) });
		expect(binary?.fileSize).toBeTruthy();
		// The file itself: inline (base64) in n8n's `default` binary mode, else a reference to a
		// file below the user folder (`filesystem-v2:workflows/<id>/executions/<id>/binary_data/<uuid>`).
		const srt = binary?.id ? readStoredBinary(n8n.userFolder, binary.id) : Buffer.from(String(binary?.data), 'base64');
		expect(srt.toString('utf8')).toMatch(/^1\r?\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\r?\n/u);
	});

	it('(c) recording_updated -> a CRM note only for the recording attached to a deal', async () => {
		const example = await importTriggered('deal-recording-crm-note.json', 'crm');
		const withDeal = await deliverEvent('crm', 'recording_updated', 'rec_2b7e91c4');
		const withoutDeal = await deliverEvent('crm', 'recording_updated', 'rec_a41f0e77');

		const dealRun = await executionFor(n8n, example.workflowId, withDeal);
		expect(dealRun.status).toBe('success');
		const [note] = nodeItems(dealRun, 'CRM Note') ?? [];
		expect(note?.json).toMatchObject({
			crm: 'salesforce',
			dealId: 'deal_1204',
			dealName: 'Globex - renewal 2027',
			recordingId: 'rec_2b7e91c4',
			noteTitle: 'Claap: Globex renewal - QBR',
			actionItems: [{ task: 'Send a two-year proposal', done: false }],
			claapEventId: withDeal,
			claapEventType: 'recording_updated',
		});
		expect(String(note?.json.noteBody)).toContain('Action items:\n[ ] Send a two-year proposal');
		expect(String(note?.json.noteBody)).toContain('Key takeaways:\n- Globex asks for a two-year price.');
		expect(String(note?.json.noteBody)).toContain('Participants: Sam, Hank Scorpio');

		const noDealRun = await executionFor(n8n, example.workflowId, withoutDeal);
		expect(noDealRun.status).toBe('success');
		expect(nodeItems(noDealRun, 'Has a Deal')).toEqual([]);
		expect(nodeItems(noDealRun, 'CRM Note')).toBeUndefined();
	});

	it('(d) weekly digest: the Schedule Trigger example activates; a copy with a Webhook entry lists the last 7 days', async () => {
		// The example itself, as users import it: a weekly Schedule Trigger, active.
		const scheduled = await importExample(n8n, 'weekly-recordings-digest.json', { claapApi: apiCredential });
		expect(scheduled).toMatchObject({ active: true, triggerNode: 'Every Monday at 9', triggerUrl: undefined });

		// Fresh recordings relative to now (the seed's dates are fixed in late 2026), one too old.
		const template = claap.store.get('rec_a41f0e77');
		if (!template) throw new Error('seed recording missing');
		const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
		const fresh = [
			{ id: 'rec_week_1', title: 'Weekly digest - fresh call', createdAt: daysAgo(1) },
			{ id: 'rec_week_6', title: 'Weekly digest - six days ago', createdAt: daysAgo(6) },
			{ id: 'rec_week_9', title: 'Weekly digest - too old', createdAt: daysAgo(9) },
		];
		for (const recording of fresh) claap.store.put({ ...template, recording: { ...template.recording, ...recording } });

		// The public API cannot fire a schedule: the same workflow with a Webhook node in its place.
		const onDemand = await importExample(n8n, 'weekly-recordings-digest.json', { claapApi: apiCredential }, { scheduleAsWebhook: true });
		expect(onDemand).toMatchObject({ active: true, triggerNode: 'Every Monday at 9 (Webhook)' });
		const before = Date.now();
		const answer = await deliver(String(onDemand.triggerUrl), {}, {});
		const after = Date.now();
		expect(answer.status).toBe(200);
		const digest = answer.body as { text: string; count: number; recordings: Array<{ id: string; title: string | null }> };

		const week = 7 * 86_400_000;
		const created = (id: string) => Date.parse(String(claap.store.get(id)?.recording.createdAt));
		const mustList = claap.store.ids().filter((id) => created(id) > after - week);
		const mustNotList = claap.store.ids().filter((id) => created(id) <= before - week);
		const listed = digest.recordings.map((recording) => recording.id);
		expect(listed).toEqual(expect.arrayContaining([...mustList, 'rec_week_1', 'rec_week_6']));
		for (const id of mustNotList) expect(listed).not.toContain(id);
		expect(listed).not.toContain('rec_week_9');
		expect(digest.count).toBe(listed.length);
		// Oldest first, as the Claap node was asked.
		expect([...listed].sort((a, b) => created(a) - created(b))).toEqual(listed);
		expect(digest.text).toMatch(new RegExp(`^\\*Claap: ${listed.length} recordings since `, 'u'));
		for (const recording of digest.recordings) {
			expect(digest.text).toContain(`|${recording.title ?? 'Untitled recording'}>`);
		}
		expect(digest.text).not.toContain('Weekly digest - too old');

		// The same digest is the Weekly Digest node's output in the execution.
		const [execution] = (await listExecutions(n8n, onDemand.workflowId)).filter((run) => run.status === 'success');
		expect(nodeItems(execution, 'Weekly Digest')?.[0]?.json).toMatchObject({ count: listed.length, text: digest.text });
		for (const { id } of fresh) claap.store.delete(id);
	});

	it('(e) polling, no public URL: a recording ready after activation -> its transcript as Markdown', async () => {
		const trigger = 'Claap Recordings Trigger';
		const example = await importExample(n8n, 'new-recording-polling-markdown.json', { claapApi: apiCredential });
		expect(example).toMatchObject({ active: true, triggerNode: trigger, triggerUrl: undefined });
		// The activation poll remembers what is already there (n8n 2.x runs it a moment after activating).
		await savedNodeStaticData(n8n, example.workflowId, trigger);

		// A new recording: the seed's Acme call, transcripts and all, under a new ID, started now.
		expect(claap.store.addCopy('rec_8f3a2c1d', { id: 'rec_polled', createdAt: new Date().toISOString() })).toBeDefined();
		// The example polls every minute; n8n also polls on every activation, so activating again polls now.
		await n8n.api('POST', `/workflows/${example.workflowId}/deactivate`);
		await n8n.api('POST', `/workflows/${example.workflowId}/activate`);

		const execution = await executionFor(n8n, example.workflowId, 'recording_added:rec_polled', trigger);
		expect(execution.status).toBe('success');
		expect(nodeItems(execution, trigger)).toHaveLength(1);
		const [markdown] = nodeItems(execution, 'Markdown Transcript') ?? [];
		expect(markdown?.json).toMatchObject({ recordingId: 'rec_polled', title: 'Acme x Claap - Discovery call', format: 'markdown' });
		expect(String(markdown?.json.transcript)).toMatch(/^# Acme x Claap - Discovery call\n\n\*\*[^*]+\*\* · 00:00:00\n/u);
		claap.store.delete('rec_polled');
	});
});
