/**
 * The reliability section of RESULTS.md, from the summaries the reliability suites leave in
 * bench/results/*.json. `tsx bench/report.ts` refreshes that section after `npm run test:reliability`
 * without re-running the benchmarks; `npm run bench` includes it too.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { z } from 'zod/v4';

import { RESULTS_DIR } from '../tools/traffic/record';
import { downloadSection, storedDownloadResults } from './downloadReport';

// What the reliability suites record (tools/traffic/record.ts), checked on reading: a file left
// by an older run with another shape leaves its part of the section out instead of printing `undefined`.

const Counts = z.record(z.string(), z.number());

const BlastSummarySchema = z.looseObject({
	sent: z.number(),
	statuses: Counts,
	errors: z.number(),
	timeouts: z.number(),
	p50: z.number(),
	p99: z.number(),
	max: z.number(),
	over5s: z.number(),
});
type BlastSummary = z.infer<typeof BlastSummarySchema>;

const RESULTS = {
	'reliability-forged': {
		variants: z.looseObject({
			count: z.number(),
			executionsStarted: z.number(),
			outcomes: z.array(z.looseObject({ name: z.string(), status: z.number() })),
		}),
	},
	'reliability-hostile': {
		bodies: z.looseObject({
			bodies: z.number(),
			accepted: z.number(),
			executions: z.number(),
			fivexx: z.number(),
			statusesByKind: z.record(z.string(), Counts),
		}),
		prototypePollution: z.looseObject({ pollutedTop: z.unknown(), pollutedRecording: z.unknown(), pollutedFresh: z.unknown() }),
	},
	'reliability-load': {
		ack: z.looseObject({
			concurrency: z.number(),
			claap: BlastSummarySchema,
			webhookNodeBaseline: BlastSummarySchema.optional(),
		}),
		executions: z.looseObject({ executions: z.number(), distinct: z.number(), duplicates: z.number(), missing: z.number() }),
		simulatorRetries: z.looseObject({
			// Before these were recorded, the deadline was a fixed 55 ms and the pace 100 ms.
			firstDeadlineMs: z.number().optional(),
			paceMs: z.number().optional(),
			events: z.number(),
			attempts: z.number(),
			retriedEvents: z.number(),
			delivered: z.number(),
			failed: z.number(),
			executions: z.number(),
			duplicates: z.number(),
		}),
	},
	'reliability-action': {
		scenarios: z.looseObject({
			linkRequests: z.number().optional(),
			scenarios: z.array(z.looseObject({ workflow: z.string(), faults: z.string(), ms: z.number(), outcome: z.string() })),
		}),
	},
} satisfies Record<string, Record<string, z.ZodType>>;

type ResultFile = keyof typeof RESULTS;
type Results<F extends ResultFile> = {
	[K in keyof (typeof RESULTS)[F]]?: { at: string; value: z.output<(typeof RESULTS)[F][K]> };
};

/** bench/results/<file>.json, each entry checked against what its suite records. */
function read<F extends ResultFile>(file: F): Results<F> {
	const path = join(RESULTS_DIR, `${file}.json`);
	const raw: unknown = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
	const entries: Record<string, z.ZodType> = RESULTS[file];
	const results: Record<string, { at: string; value: unknown }> = {};
	for (const [key, schema] of Object.entries(entries)) {
		const entry = z.looseObject({ at: z.string(), value: schema }).safeParse((raw as Record<string, unknown>)[key]);
		if (entry.success) results[key] = entry.data;
	}
	// Built key by key from RESULTS[file]'s own schemas: the shape Results<F> describes.
	return results as Results<F>;
}

const f = (n: number | undefined, d = 0) => (typeof n === 'number' && Number.isFinite(n) ? n.toFixed(d) : '?');
const loadRow = (name: string, s: BlastSummary) =>
	`| ${name} | ${s.sent} | ${s.statuses['200'] ?? 0} | ${s.errors + s.timeouts} | ${f(s.p50)} | ${f(s.p99)} | ${f(s.max)} | ` +
	`${s.over5s} (${f((100 * s.over5s) / s.sent, 1)} %) |`;
const cell = (text: string) => text.replace(/\|/g, '\\|');

export function reliabilitySection(): string {
	const forged = read('reliability-forged');
	const hostile = read('reliability-hostile');
	const load = read('reliability-load');
	const action = read('reliability-action');
	const out: string[] = ['## 5. Reliability and security (`npm run test:reliability`)', ''];
	out.push(
		'Jest, jest.reliability.config.js, suites in test/reliability/. Each suite starts its own real n8n 2.41.1 with startN8n ' +
			'(package from `npm pack`). Figures below are from the last run of each suite (date given); the suites assert them.',
		'',
	);

	const v = forged.variants;
	if (v) {
		const statuses: Record<string, number> = {};
		for (const o of v.value.outcomes) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
		out.push(
			`### Forged requests (test/reliability/forged.test.ts, ${v.at})`,
			'',
			`${v.value.count} variants sent on a raw socket (tools/traffic/rawHttp.ts, so headers can repeat, change case and carry ` +
				`UTF-8 look-alikes): statuses ${JSON.stringify(statuses)}; executions started: **${v.value.executionsStarted}**; ` +
				'no answer contains the secret.',
			"The one non-401 is a 64 KB header value: Node's HTTP parser answers 431 before n8n or the node runs (expected, asserted " +
				'as 4xx). A control (genuine id and secret with upper-case header names) is accepted, since HTTP header names are ' +
				'case-insensitive.',
			'',
			'<details><summary>variants</summary>',
			'',
			...v.value.outcomes.map((o) => `- ${o.name}: ${o.status}`),
			'',
			'</details>',
			'',
		);
	}
	const h = hostile.bodies;
	if (h) {
		const kinds = Object.entries(h.value.statusesByKind).map(
			([kind, statuses]) => `| ${kind} | ${Object.entries(statuses).map(([code, n]) => `${code}: ${n}`).join(', ')} |`,
		);
		out.push(
			`### Hostile bodies (test/reliability/hostile.test.ts, ${h.at})`,
			'',
			`${h.value.bodies} fast-check bodies (seed 20261126) with valid headers, 4 at a time: not JSON (as JSON and as text/plain), ` +
				'any JSON, `__proto__`/`constructor`/`prototype` keys, mutated envelopes (wrong types, missing parts), nesting up to ' +
				'20,000 deep (top level) and 3,000 deep inside a valid delivery, strings up to 2 MB, truncated JSON, BOM/NUL/duplicate-key ' +
				'edge cases.',
			`5xx answers: **${h.value.fivexx}**; /healthz checked every 200 bodies and at the end: OK; accepted deliveries ` +
				`**${h.value.accepted}**, executions **${h.value.executions}**.`,
			'',
			'| kind | statuses |',
			'|---|---|',
			...kinds,
			'',
		);
		const p = hostile.prototypePollution;
		if (p) {
			const { pollutedTop, pollutedRecording, pollutedFresh } = p.value;
			out.push(
				'Prototype pollution: a delivery with `__proto__` (top level and in the recording) and `constructor.prototype` keys was ' +
					"accepted; the next normal delivery's Set node read `$json.polluted`, `$json.recording.polluted` and `({}).polluted` " +
					`through n8n's expression engine: ${JSON.stringify({ pollutedTop, pollutedRecording, pollutedFresh })}.`,
				'',
			);
		}
	}
	const a = load.ack;
	if (a) {
		const b = a.value.webhookNodeBaseline;
		const e = load.executions?.value;
		out.push(
			`### Load (test/reliability/load.test.ts, ${a.at})`,
			'',
			`full.json deliveries (3 KB) at ${a.value.concurrency} concurrent with autocannon, a distinct eventId each. The suite ` +
				'asserts every answer is 200 and every delivery runs exactly once; latency is recorded, not asserted (it is compared ' +
				"with n8n's own Webhook node in the acknowledgement bench, as ratios).",
			'',
			'| target | requests | 200s | errors/timeouts | p50 ms | p99 ms | max ms | answered after 5 s |',
			'|---|---|---|---|---|---|---|---|',
			...(b ? [loadRow('n8n Webhook node (baseline)', b)] : []),
			loadRow('Claap Trigger', a.value.claap),
			'',
			e
				? `Executions of the Claap Trigger workflow: ${e.executions}, distinct eventIds ${e.distinct}, duplicates ` +
						`**${e.duplicates}**, missing **${e.missing}**.`
				: '',
			'',
		);
		const r = load.simulatorRetries?.value;
		if (r) {
			out.push(
				"Simulator deliveries with Claap's retry schedule scaled 1/1000 (at once, +60 ms, +300 ms), " +
					`a first-attempt deadline of ${r.firstDeadlineMs ?? 55} ms (retries: ${r.firstDeadlineMs === undefined ? 'the same' : '5 s'}), ` +
					`one event every ${r.paceMs ?? 100} ms, pointed at the trigger's URL: ${r.events} events, ${r.attempts} attempts, ` +
					`${r.retriedEvents} events retried, ${r.delivered} delivered, ${r.failed} given up by the simulator; executions ` +
					`${r.executions}, duplicate runs **${r.duplicates}**.`,
				'',
			);
		}
	}
	const s = action.scenarios;
	if (s) {
		out.push(
			`### Action-node faults (test/reliability/actionFaults.test.ts, ${s.at})`,
			'',
			'In the real n8n: one workflow per operation (Webhook node "when last node finishes" -> Claap node with "On Error: ' +
				'Continue"), credentials `claapApi` {apiKey, baseUrl = simulator} and `claapWebhookApi` {webhookId, webhookSecret, ' +
				'baseUrl = simulator apiBaseUrl}; faults injected in the simulator before each call.',
			'',
			'| workflow | faults | time ms | outcome |',
			'|---|---|---|---|',
			...s.value.scenarios.map((x) => `| ${x.workflow} | ${x.faults} | ${x.ms} | ${cell(x.outcome)} |`),
			'',
			'Secrets: no answer, no error and no stored execution (includeData) contains the API key or the webhook secret; ' +
				`${s.value.linkRequests} requests reached pre-signed link routes, none with \`x-claap-key\`, ` +
				'`x-claap-webhook-secret` or `authorization`; the API key only travelled to REST routes and the secret only to ' +
				'the webhook API.',
			'',
		);
	}
	return out.join('\n');
}

/**
 * Rewrites RESULTS.md: sections 1-4 as measured, then 5 (reliability), 6 (bench/analysis.md) and 7
 * (downloads, bench/results/download.json), then the log.
 */
export function assemble(path = join(__dirname, 'RESULTS.md')): void {
	const current = readFileSync(path, 'utf8');
	const cut = ['## 5. Reliability', '## 6. ', '## 7. ', '## Log of this run'].map((m) => current.indexOf(m)).filter((i) => i >= 0);
	const head = current.slice(0, Math.min(...cut, current.length));
	const logAt = current.indexOf('## Log of this run');
	const log = logAt >= 0 ? current.slice(logAt) : '';
	const analysisPath = join(__dirname, 'analysis.md');
	const analysis = existsSync(analysisPath) ? readFileSync(analysisPath, 'utf8') : '';
	writeFileSync(path, `${head}${reliabilitySection()}\n${analysis}\n${downloadSection(storedDownloadResults())}\n${log}`);
}

if (require.main === module) assemble();
