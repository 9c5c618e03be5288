/**
 * `npm start`: a local playground. Starts the Claap simulator and a real n8n at
 * http://127.0.0.1:5678 with this package installed as users install it, imports the example
 * workflows wired to the simulator, and prints what to open and how to send a Claap event.
 * The n8n user folder is kept in ~/.cache/n8n-nodes-claap/playground, so later starts reuse the
 * download, the login and the workflows. Ctrl-C, SIGINT or SIGTERM to the `npm start` process,
 * or that process dying, stops everything it started.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { startSimulator, type Simulator } from '../simulator';
import {
	CACHE_DIR,
	OWNER,
	createCredential,
	createOpenAiCredential,
	credentialTypes,
	exampleFiles,
	importExample,
	isInstalled,
	loadExample,
	startN8n,
	whenAncestorExits,
	type CredentialRef,
	type N8nInstance,
} from '../tools/n8n';

const N8N_VERSION = '2.41.1';
const N8N_PORT = 5678;
const SIMULATOR_PORT = 5680;
const USER_FOLDER = join(CACHE_DIR, 'playground');
const STATE_FILE = join(USER_FOLDER, 'claap-playground.json');
/** The playground stops by itself after a working day, even if nobody presses Ctrl-C. */
const MAX_LIFETIME_SECONDS = 12 * 3600;

/** What the first start set up, so later starts can wire a fresh simulator to the same workflows. */
interface PlaygroundState {
	webhooks: Array<{ id: string; secret: string; url: string; workflow: string }>;
}

const say = (line = '') => process.stdout.write(`${line}\n`);

/** The example the printed sample event goes to: it starts on `recording_added`. */
const FIRST_EXAMPLE = 'new-recording-slack-summary.json';

/** The AI examples' OpenAI credential: the playground has no model of its own, the user brings a key. */
const OPENAI_CREDENTIAL = 'OpenAI (put your API key here)';

/**
 * One Claap webhook (and credential) per workflow with a Claap Trigger, as Claap support
 * registers one per URL; the others share the Claap API credential.
 */
async function importExamples(n8n: N8nInstance, claap: Simulator): Promise<PlaygroundState> {
	const apiCredential = await createCredential(n8n, 'claapApi', 'Claap API (simulator)', { apiKey: claap.apiKey, baseUrl: claap.url });
	const openAiCredential = await createOpenAiCredential(n8n, 'https://api.openai.com/v1', 'sk-put-your-openai-key-here', OPENAI_CREDENTIAL);
	const state: PlaygroundState = { webhooks: [] };
	const files = exampleFiles().sort((a, b) => Number(b.endsWith(FIRST_EXAMPLE)) - Number(a.endsWith(FIRST_EXAMPLE)));
	for (const file of files) {
		let hook: PlaygroundState['webhooks'][number] | undefined;
		let webhookCredential: CredentialRef | undefined;
		if (credentialTypes(loadExample(file)).has('claapWebhookApi')) {
			const id = state.webhooks.length === 0 ? claap.webhook.id : `wh_demo_${state.webhooks.length}`;
			hook = { id, secret: claap.webhook.secret, url: '', workflow: '' };
			webhookCredential = await createCredential(n8n, 'claapWebhookApi', `Claap Webhook ${id} (simulator)`, {
				webhookId: id,
				webhookSecret: hook.secret,
				baseUrl: claap.apiBaseUrl,
			});
		}
		const credentials = { claapWebhookApi: webhookCredential, claapApi: apiCredential, openAiApi: openAiCredential };
		const imported = await importExample(n8n, file, credentials);
		say(`  imported ${imported.name}${imported.active ? ' (active)' : ''}`);
		if (hook && imported.triggerUrl) state.webhooks.push({ ...hook, url: imported.triggerUrl, workflow: imported.name });
	}
	return state;
}

const running: { n8n?: N8nInstance; claap?: Simulator } = {};
let stopping = false;

/** Stops what this script started; n8n's processes also stop by themselves once this one is gone. */
async function stop(why: string): Promise<void> {
	if (stopping) return;
	stopping = true;
	say(`\n${why}: stopping n8n and the Claap simulator...`);
	await running.n8n?.stop();
	await running.claap?.close();
	process.exit(0);
}

async function main(): Promise<void> {
	const started = Date.now();
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
	whenAncestorExits((pid) => void stop(`process ${pid}, which started this one, is gone`));
	if (!isInstalled(N8N_VERSION)) {
		say(`First start: downloading n8n ${N8N_VERSION} from the npm registry (about 3 GB, a few minutes). Later starts take seconds.`);
	}
	const claap = await startSimulator({ port: SIMULATOR_PORT, deliveryTimeoutMs: 5000 });
	running.claap = claap;
	say(`Claap simulator on ${claap.url}`);
	say(`Starting n8n ${N8N_VERSION}...`);
	const n8n = await startN8n({
		version: N8N_VERSION,
		userFolder: USER_FOLDER,
		port: N8N_PORT,
		maxLifetimeSeconds: MAX_LIFETIME_SECONDS,
	});
	running.n8n = n8n;

	let state: PlaygroundState;
	if (existsSync(STATE_FILE)) {
		state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as PlaygroundState;
	} else {
		say('Importing the example workflows:');
		state = await importExamples(n8n, claap);
		writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
	}
	for (const { id, secret, url } of state.webhooks) claap.webhooks.upsert({ id, secret, url });

	const first = state.webhooks[0];
	say();
	say(`Ready in ${Math.round((Date.now() - started) / 1000)} s.`);
	say();
	say(`  n8n editor        ${n8n.baseUrl}`);
	say(`  log in as         ${OWNER.email} / ${OWNER.password}`);
	for (const hook of state.webhooks) {
		say(`  Production URL    ${hook.url}  (${hook.workflow}, Claap webhook ${hook.id})`);
	}
	say(`  Claap simulator   ${claap.url}  (REST API key ${claap.apiKey})`);
	say(`  AI examples       add your OpenAI API key to the credential "${OPENAI_CREDENTIAL}" to run them`);
	say();
	if (first) {
		say(`Send a sample Claap event (a new recording) to "${first.workflow}":`);
		say();
		say(
			`  curl -s -X POST ${claap.apiBaseUrl}/v1/webhook/${first.id}/trigger -H 'X-Claap-Webhook-Secret: ${first.secret}' ` +
				`-H 'Content-Type: application/json' -d '{"type":"recording_added","recordingId":"rec_8f3a2c1d"}'`,
		);
		say();
	}
	say('Or record a new meeting in the simulator, which the polling example picks up within a minute:');
	say();
	say(`  curl -s -X POST ${claap.url}/_control/recordings`);
	say();
	say('then open the workflow\'s Executions tab. Ctrl-C (or SIGTERM to this process) stops everything.');
}

main().catch(async (error: unknown) => {
	process.stderr.write(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
	await running.claap?.close();
	process.exit(1);
});
