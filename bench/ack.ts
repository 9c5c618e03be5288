/**
 * Acknowledgement latency in a real n8n 2.41.1: the Claap Trigger against n8n's built-in Webhook
 * node with header auth, same instance, same ~50 KB body, interleaved rounds, autocannon.
 */
import autocannon from 'autocannon';

import { largeDelivery } from '../tools/traffic/payload';
import { median, quantile } from '../tools/traffic/stats';
import {
	WEBHOOK_ID,
	WEBHOOK_SECRET,
	createBuiltInWebhookWorkflow,
	createTriggerWorkflow,
	createWebhookCredential,
	startN8n,
} from '../tools/n8n';

export const CONCURRENCIES = [1, 10, 50];

export interface AckRun {
	target: 'claap' | 'webhook' | 'claapNoDedupe';
	concurrency: number;
	round: number;
	latencies: number[];
	non2xx: number;
	errors: number;
	p50: number;
	p99: number;
	rps: number;
}

export interface AckSummary {
	concurrency: number;
	claapP50: number;
	webhookP50: number;
	claapP99: number;
	webhookP99: number;
	medianRatio: number;
	p99Ratio: number;
	roundRatios: number[];
	requestsPerTarget: number;
	failures: number;
	/** c=1 only: the Claap Trigger with "Ignore Duplicates" off (no ledger, no static-data writes). */
	noDedupeP50?: number;
	noDedupeRatio?: number;
}

let sequence = 0;

/** One autocannon run: `amount` POSTs, each with its own eventId, spliced into a prebuilt body. */
async function run(url: string, headers: Record<string, string>, body: { prefix: string; suffix: string }, concurrency: number, amount: number) {
	const latencies: number[] = [];
	let non2xx = 0;
	const instance = autocannon({
		url,
		connections: concurrency,
		amount,
		timeout: 30,
		requests: [
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				setupRequest: (request) => ({ ...request, body: `${body.prefix}evt_bench_${process.pid}_${++sequence}${body.suffix}` }),
			},
		],
	}) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
	instance.on('response', (_client: unknown, status: number, _bytes: number, time: number) => {
		if (status < 200 || status >= 300) non2xx++;
		latencies.push(time);
	});
	const result = await instance;
	return { latencies, non2xx, errors: result.errors + result.timeouts, rps: result.requests.average };
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

export async function benchAck(log: (line: string) => void, { rounds = 4 }: { rounds?: number } = {}) {
	const n8n = await startN8n({ version: '2.41.1', maxLifetimeSeconds: 1800 });
	try {
		const credential = await createWebhookCredential(n8n);
		const claap = await createTriggerWorkflow(n8n, credential);
		// Diagnosis of the c=1 gap: the same trigger without deduplication (no static data written).
		const claapNoDedupe = await createTriggerWorkflow(n8n, credential, { options: { ignoreDuplicates: false } });
		const webhook = await createBuiltInWebhookWorkflow(n8n, { name: 'X-Claap-Webhook-Secret', value: WEBHOOK_SECRET });
		const delivery = largeDelivery(50_000);
		const marker = '__EVENT_ID__';
		const text = JSON.stringify({ ...delivery, eventId: marker });
		const [prefix, suffix] = text.split(marker);
		const body = { prefix, suffix };
		const bytes = text.length;
		const claapHeaders = { 'x-claap-webhook-id': WEBHOOK_ID, 'x-claap-webhook-secret': WEBHOOK_SECRET };
		const webhookHeaders = { 'x-claap-webhook-id': WEBHOOK_ID, 'x-claap-webhook-secret': WEBHOOK_SECRET };
		const amountFor = (c: number) => (c === 1 ? 100 : c === 10 ? 200 : 300);

		// Warm-up: both paths JIT-compiled, caches filled, SQLite pages hot.
		for (const [url, headers] of [[claap.url, claapHeaders], [webhook.url, webhookHeaders]] as const) {
			await run(url, headers, body, 10, 200);
		}
		await sleep(3000);

		const runs: AckRun[] = [];
		for (let round = 0; round < rounds; round++) {
			for (const concurrency of CONCURRENCIES) {
				const order: AckRun['target'][] = (round + concurrency) % 2 === 0 ? ['claap', 'webhook'] : ['webhook', 'claap'];
				if (concurrency === 1) order.splice(round % 3, 0, 'claapNoDedupe');
				for (const target of order) {
					const url = target === 'claap' ? claap.url : target === 'webhook' ? webhook.url : claapNoDedupe.url;
					const result = await run(url, target === 'webhook' ? webhookHeaders : claapHeaders, body, concurrency, amountFor(concurrency));
					const entry: AckRun = {
						target,
						concurrency,
						round,
						...result,
						p50: quantile(result.latencies, 0.5),
						p99: quantile(result.latencies, 0.99),
					};
					runs.push(entry);
					log(`ack round ${round} c=${concurrency} ${target}: p50 ${entry.p50.toFixed(2)} ms, p99 ${entry.p99.toFixed(2)} ms, ${entry.rps.toFixed(0)} req/s, non-2xx ${entry.non2xx}, errors ${entry.errors}`);
					// Let the executions the run started finish, so they do not land on the next run.
					await sleep(concurrency === 1 ? 1500 : 4000);
				}
			}
		}

		const summaries: AckSummary[] = CONCURRENCIES.map((concurrency) => {
			const of = (target: AckRun['target']) => runs.filter((r) => r.concurrency === concurrency && r.target === target);
			const all = (target: AckRun['target']) => of(target).flatMap((r) => r.latencies);
			const roundRatios = Array.from({ length: rounds }, (_, round) => {
				const c = of('claap').find((r) => r.round === round);
				const w = of('webhook').find((r) => r.round === round);
				return c && w ? c.p50 / w.p50 : NaN;
			});
			const claapAll = all('claap');
			const webhookAll = all('webhook');
			const noDedupe = of('claapNoDedupe');
			const noDedupeRatios = noDedupe.map((r) => r.p50 / (of('webhook').find((w) => w.round === r.round)?.p50 ?? NaN));
			const summary: AckSummary = {
				...(noDedupe.length > 0 ? { noDedupeP50: quantile(all('claapNoDedupe'), 0.5), noDedupeRatio: median(noDedupeRatios) } : {}),
				concurrency,
				claapP50: quantile(claapAll, 0.5),
				webhookP50: quantile(webhookAll, 0.5),
				claapP99: quantile(claapAll, 0.99),
				webhookP99: quantile(webhookAll, 0.99),
				medianRatio: median(roundRatios),
				p99Ratio: quantile(claapAll, 0.99) / quantile(webhookAll, 0.99),
				roundRatios,
				requestsPerTarget: claapAll.length,
				failures: [...of('claap'), ...of('webhook')].reduce((n, r) => n + r.non2xx + r.errors, 0),
			};
			return summary;
		});
		return { bytes, summaries, runs, version: n8n.version };
	} finally {
		await n8n.stop();
	}
}
