/**
 * Acknowledgement time in real n8n: the Claap Trigger against three baselines in the same n8n,
 * each workflow a trigger followed by a 5-second Wait node, as a user's workflow keeps n8n busy:
 * - a do-nothing community trigger built by the bench (the floor for any community trigger),
 * - n8n's Webhook node with no authentication (the floor n8n reaches for its own node),
 * - n8n's Webhook node with header auth (what a user would build by hand).
 * Scenarios: one request at a time, bursts of 15 and 50, and one at a time on a busy host (a
 * CPU-bound process of the bench's own). Interleaved rounds, order rotated; ratios are medians of
 * per-round ratios of p50s.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';

import autocannon from 'autocannon';

import {
	WEBHOOK_ID,
	WEBHOOK_SECRET,
	createChainWorkflow,
	createCredential,
	createTriggerWorkflow,
	createWebhookCredential,
	fixture,
	startN8n,
	waitForWebhook,
	type N8nInstance,
} from '../tools/n8n';
import { median, quantile } from '../tools/traffic/stats';
import { buildControlPackage, CONTROL_NODE_TYPE } from './lib/controlPackage';

export const ACK_TARGETS = ['claap', 'control', 'webhook', 'headerAuth'] as const;
export type AckTarget = (typeof ACK_TARGETS)[number];

export const ACK_SCENARIOS = ['c1', 'burst15', 'burst50', 'busy'] as const;
export type AckScenario = (typeof ACK_SCENARIOS)[number];

export interface AckConfig {
	label: string;
	version: string;
	env: Record<string, string>;
	scenarios: readonly AckScenario[];
}

/** n8n's defaults and the expression-engine settings an operator can change, on both lines. */
export const ACK_CONFIGS: AckConfig[] = [
	{ label: '2.41.1 defaults', version: '2.41.1', env: {}, scenarios: ACK_SCENARIOS },
	{ label: '2.41.1 lazy acquisition', version: '2.41.1', env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' }, scenarios: ACK_SCENARIOS },
	{ label: '2.41.1 pool of 4 isolates', version: '2.41.1', env: { N8N_EXPRESSION_ENGINE_POOL_SIZE: '4' }, scenarios: ['c1', 'burst50'] },
	{ label: '2.41.1 legacy engine', version: '2.41.1', env: { N8N_EXPRESSION_ENGINE: 'legacy' }, scenarios: ['c1', 'burst50'] },
	{ label: '1.123.81 defaults', version: '1.123.81', env: {}, scenarios: ACK_SCENARIOS },
];

export interface AckRun {
	config: string;
	target: AckTarget;
	scenario: AckScenario;
	round: number;
	p50: number;
	p99: number;
	max: number;
	failures: number;
}

export interface AckSummary {
	config: string;
	scenario: AckScenario;
	p50: Record<AckTarget, number>;
	max: Record<AckTarget, number>;
	/** Median over rounds of the Claap Trigger's p50 over each baseline's p50. */
	ratio: Record<Exclude<AckTarget, 'claap'>, number>;
	requestsPerTarget: number;
	failures: number;
}

export interface AckResults {
	measuredAt: string;
	bytes: number;
	rounds: number;
	runs: AckRun[];
	summaries: AckSummary[];
}

const SINGLE_REQUESTS = 40;
/** Long enough for the 5-second Wait of every run started to end before the next run. */
const SETTLE_MS = 6000;

const headers = { 'content-type': 'application/json', 'x-claap-webhook-id': WEBHOOK_ID, 'x-claap-webhook-secret': WEBHOOK_SECRET };
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

let sequence = 0;

/** `amount` POSTs over `connections` connections, each with its own eventId (no duplicates). */
async function fire(url: string, body: { prefix: string; suffix: string }, connections: number, amount: number) {
	const latencies: number[] = [];
	let failures = 0;
	const instance = autocannon({
		url,
		connections,
		amount,
		timeout: 30,
		requests: [
			{
				method: 'POST',
				headers,
				setupRequest: (request) => ({ ...request, body: `${body.prefix}evt_bench_${process.pid}_${++sequence}${body.suffix}` }),
			},
		],
	}) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
	instance.on('response', (_client: unknown, status: number, _bytes: number, time: number) => {
		if (status < 200 || status >= 300) failures++;
		latencies.push(time);
	});
	const result = await instance;
	return { latencies, failures: failures + result.errors + result.timeouts };
}

/** One core kept busy by a process of the bench's own, stopped by itself after `seconds`. */
function busyCore(seconds: number): { stop(): void } {
	const spinner = spawn(process.execPath, ['-e', `const end = Date.now() + ${seconds * 1000}; while (Date.now() < end) {}`], {
		stdio: 'ignore',
	});
	return { stop: () => spinner.kill('SIGKILL') };
}

const WAIT_NODE = {
	name: 'Wait',
	type: 'n8n-nodes-base.wait',
	typeVersion: 1.1,
	parameters: { resume: 'timeInterval', amount: 5, unit: 'seconds' },
	webhookId: randomUUID(),
};

/** The four targets, each a workflow whose trigger is followed by the 5-second Wait. */
async function createTargets(n8n: N8nInstance): Promise<Record<AckTarget, string>> {
	const credential = await createWebhookCredential(n8n);
	const claap = await createTriggerWorkflow(n8n, credential, {}, {
		nodes: [{ ...WAIT_NODE, id: randomUUID(), position: [220, 0] }],
		connections: { 'Claap Trigger': { main: [[{ node: 'Wait', type: 'main', index: 0 }]] } },
	});
	const controlId = randomUUID();
	await createChainWorkflow(n8n, 'Bench control trigger', [
		{ name: 'Control', type: CONTROL_NODE_TYPE, typeVersion: 2, webhookId: controlId, parameters: {} },
		WAIT_NODE,
	]);
	const webhookPath = `bench-bare-${randomUUID()}`;
	await createChainWorkflow(n8n, 'Bench Webhook node, no auth', [
		{ name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, webhookId: randomUUID(), parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} } },
		WAIT_NODE,
	]);
	const headerCredential = await createCredential(n8n, 'httpHeaderAuth', 'Bench header auth', { name: 'X-Claap-Webhook-Secret', value: WEBHOOK_SECRET });
	const headerPath = `bench-header-${randomUUID()}`;
	await createChainWorkflow(n8n, 'Bench Webhook node, header auth', [
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path: headerPath, authentication: 'headerAuth', responseMode: 'onReceived', options: {} },
			credentials: { httpHeaderAuth: headerCredential },
		},
		WAIT_NODE,
	]);
	const urls: Record<AckTarget, string> = {
		claap: claap.url,
		control: `${n8n.baseUrl}/webhook/${controlId}/webhook`,
		webhook: `${n8n.baseUrl}/webhook/${webhookPath}`,
		headerAuth: `${n8n.baseUrl}/webhook/${headerPath}`,
	};
	for (const url of Object.values(urls)) await waitForWebhook(url);
	return urls;
}

async function runScenario(url: string, body: { prefix: string; suffix: string }, scenario: AckScenario) {
	switch (scenario) {
		case 'c1':
			return await fire(url, body, 1, SINGLE_REQUESTS);
		case 'burst15':
			return await fire(url, body, 15, 15);
		case 'burst50':
			return await fire(url, body, 50, 50);
		case 'busy': {
			const spinner = busyCore(60);
			try {
				await sleep(200);
				return await fire(url, body, 1, SINGLE_REQUESTS);
			} finally {
				spinner.stop();
			}
		}
	}
}

async function benchConfig(config: AckConfig, rounds: number, body: { prefix: string; suffix: string }, log: (line: string) => void) {
	const n8n = await startN8n({
		version: config.version,
		env: config.env,
		extraPackages: [buildControlPackage()],
		maxLifetimeSeconds: 1800,
	});
	const runs: AckRun[] = [];
	try {
		const urls = await createTargets(n8n);
		// Warm-up: every path compiled, caches filled, then the executions it started ended.
		for (const url of Object.values(urls)) {
			await fire(url, body, 1, 20);
			await fire(url, body, 15, 15);
		}
		await sleep(SETTLE_MS);
		for (let round = 0; round < rounds; round++) {
			for (const scenario of config.scenarios) {
				// Rotated every round and scenario, so no target always follows another.
				const shift = (round + config.scenarios.indexOf(scenario)) % ACK_TARGETS.length;
				const order = [...ACK_TARGETS.slice(shift), ...ACK_TARGETS.slice(0, shift)];
				for (const target of order) {
					const { latencies, failures } = await runScenario(urls[target], body, scenario);
					const run: AckRun = {
						config: config.label,
						target,
						scenario,
						round,
						p50: quantile(latencies, 0.5),
						p99: quantile(latencies, 0.99),
						max: Math.max(...latencies),
						failures,
					};
					runs.push(run);
					log(`ack ${config.label} round ${round} ${scenario} ${target}: p50 ${run.p50.toFixed(1)} ms, max ${run.max.toFixed(1)} ms, failures ${failures}`);
					await sleep(SETTLE_MS);
				}
			}
		}
	} finally {
		await n8n.stop();
	}
	return runs;
}

export function summarise(runs: AckRun[]): AckSummary[] {
	const keys = [...new Set(runs.map((run) => `${run.config}\u0000${run.scenario}`))];
	return keys.map((key) => {
		const [config, scenario] = key.split('\u0000') as [string, AckScenario];
		const of = (target: AckTarget) => runs.filter((r) => r.config === config && r.scenario === scenario && r.target === target);
		const stat = (pick: (r: AckRun) => number) =>
			Object.fromEntries(ACK_TARGETS.map((target) => [target, median(of(target).map(pick))])) as Record<AckTarget, number>;
		const ratioTo = (baseline: AckTarget) =>
			median(of('claap').map((claap) => claap.p50 / (of(baseline).find((b) => b.round === claap.round)?.p50 ?? NaN)));
		return {
			config,
			scenario,
			p50: stat((r) => r.p50),
			max: stat((r) => r.max),
			ratio: { control: ratioTo('control'), webhook: ratioTo('webhook'), headerAuth: ratioTo('headerAuth') },
			requestsPerTarget: of('claap').length * (scenario === 'burst15' ? 15 : scenario === 'burst50' ? 50 : SINGLE_REQUESTS),
			failures: runs.filter((r) => r.config === config && r.scenario === scenario).reduce((n, r) => n + r.failures, 0),
		};
	});
}

export async function benchAck(
	log: (line: string) => void,
	{ rounds = 3, configs = ACK_CONFIGS }: { rounds?: number; configs?: AckConfig[] } = {},
): Promise<AckResults> {
	// The same ~2.5 KB delivery for every target, with a fresh eventId spliced in per request.
	const marker = '__EVENT_ID__';
	const text = JSON.stringify({ ...fixture('full'), eventId: marker });
	const [prefix, suffix] = text.split(marker);
	const runs: AckRun[] = [];
	for (const config of configs) runs.push(...(await benchConfig(config, rounds, { prefix, suffix }, log)));
	return { measuredAt: new Date().toISOString(), bytes: text.length, rounds, runs, summaries: summarise(runs) };
}
