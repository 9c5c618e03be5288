/**
 * The reliability section of RESULTS.md, from the summaries the reliability suites leave in
 * bench/results/*.json. `tsx bench/report.ts` refreshes that section after `npm run test:reliability`
 * without re-running the benchmarks; `npm run bench` includes it too.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { RESULTS_DIR } from '../tools/traffic/record';

type Entry<T> = { at: string; value: T } | undefined;
const read = (file: string): Record<string, Entry<any>> => {
	const path = join(RESULTS_DIR, `${file}.json`);
	return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, Entry<any>>) : {};
};
interface BlastSummary {
	sent: number;
	statuses: Record<string, number>;
	errors: number;
	timeouts: number;
	p50: number;
	p99: number;
	max: number;
	over5s: number;
}
const loadRow = (name: string, s: BlastSummary) =>
	`| ${name} | ${s.sent} | ${s.statuses['200'] ?? 0} | ${s.errors + s.timeouts} | ${f(s.p50)} | ${f(s.p99)} | ${f(s.max)} | ${s.over5s} (${f((100 * s.over5s) / s.sent, 1)} %) |`;
const f = (n: number | undefined, d = 0) => (typeof n === 'number' && Number.isFinite(n) ? n.toFixed(d) : '?');

export function reliabilitySection(): string {
	const forged = read('reliability-forged');
	const hostile = read('reliability-hostile');
	const load = read('reliability-load');
	const action = read('reliability-action');
	const out: string[] = ['## 5. Reliability and security (`npm run test:reliability`)', ''];
	out.push('Jest, jest.reliability.config.js, suites in test/reliability/. Each suite starts its own real n8n 2.41.1 with startN8n (package from `npm pack`). Figures below are from the last run of each suite (date given); the suites assert them.', '');

	const v = forged.variants;
	if (v) {
		const statuses: Record<string, number> = {};
		for (const o of v.value.outcomes as Array<{ status: number }>) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
		out.push(`### Forged requests (test/reliability/forged.test.ts, ${v.at})`, '',
			`${v.value.count} variants sent on a raw socket (tools/traffic/rawHttp.ts, so headers can repeat, change case and carry UTF-8 look-alikes): statuses ${JSON.stringify(statuses)}; executions started: **${v.value.executionsStarted}**; no answer contains the secret.`,
			'The one non-401 is a 64 KB header value: Node\'s HTTP parser answers 431 before n8n or the node runs (expected, asserted as 4xx). A control (genuine id and secret with upper-case header names) is accepted, since HTTP header names are case-insensitive.', '',
			'<details><summary>variants</summary>', '', ...(v.value.outcomes as Array<{ name: string; status: number }>).map((o) => `- ${o.name}: ${o.status}`), '', '</details>', '');
	}
	const h = hostile.bodies;
	if (h) {
		out.push(`### Hostile bodies (test/reliability/hostile.test.ts, ${h.at})`, '',
			`${h.value.bodies} fast-check bodies (seed 20261126) with valid headers, 4 at a time: not JSON (as JSON and as text/plain), any JSON, \`__proto__\`/\`constructor\`/\`prototype\` keys, mutated envelopes (wrong types, missing parts), nesting up to 20,000 deep (top level) and 3,000 deep inside a valid delivery, strings up to 2 MB, truncated JSON, BOM/NUL/duplicate-key edge cases.`,
			`5xx answers: **${h.value.fivexx}**; /healthz checked every 200 bodies and at the end: OK; accepted deliveries **${h.value.accepted}**, executions **${h.value.executions}**.`, '',
			'| kind | statuses |', '|---|---|', ...Object.entries(h.value.statusesByKind as Record<string, Record<string, number>>).map(([k, s]) => `| ${k} | ${Object.entries(s).map(([code, n]) => `${code}: ${n}`).join(', ')} |`), '');
		const p = hostile.prototypePollution;
		if (p) out.push(`Prototype pollution: a delivery with \`__proto__\` (top level and in the recording) and \`constructor.prototype\` keys was accepted; the next normal delivery's Set node read \`$json.polluted\`, \`$json.recording.polluted\` and \`({}).polluted\` through n8n's expression engine: ${JSON.stringify({ pollutedTop: p.value.pollutedTop, pollutedRecording: p.value.pollutedRecording, pollutedFresh: p.value.pollutedFresh })}.`, '');
	}
	const a = load.ack;
	if (a) {
		const c = a.value.claap as BlastSummary;
		const b = a.value.webhookNodeBaseline as BlastSummary | undefined;
		const e = load.executions?.value;
		out.push(`### Load (test/reliability/load.test.ts, ${a.at})`, '',
			`full.json deliveries (3 KB) at ${a.value.concurrency} concurrent with autocannon, a distinct eventId each. The suite asserts every answer is 200 and every delivery runs exactly once; latency is recorded, not asserted (it is compared with n8n's own Webhook node in the acknowledgement bench, as ratios).`, '',
			'| target | requests | 200s | errors/timeouts | p50 ms | p99 ms | max ms | answered after 5 s |', '|---|---|---|---|---|---|---|---|',
			...(b ? [loadRow('n8n Webhook node (baseline)', b)] : []),
			loadRow('Claap Trigger', c), '',
			e ? `Executions of the Claap Trigger workflow: ${e.executions}, distinct eventIds ${e.distinct}, duplicates **${e.duplicates}**, missing **${e.missing}**.` : '', '');
		const r = load.simulatorRetries?.value;
		if (r) out.push(`Simulator deliveries with Claap's retry schedule scaled 1/1000 (at once, +60 ms, +300 ms), a 55 ms answer deadline, one event every 100 ms, pointed at the trigger's URL: ${r.events} events, ${r.attempts} attempts, ${r.retriedEvents} events retried, ${r.delivered} delivered, ${r.failed} given up by the simulator; executions ${r.executions}, duplicate runs **${r.duplicates}**.`, '');
	}
	const s = action.scenarios;
	if (s) {
		out.push(`### Action-node faults (test/reliability/actionFaults.test.ts, ${s.at})`, '',
			'In the real n8n: one workflow per operation (Webhook node "when last node finishes" -> Claap node with "On Error: Continue"), credentials `claapApi` {apiKey, baseUrl = simulator} and `claapWebhookApi` {webhookId, webhookSecret, baseUrl = simulator apiBaseUrl}; faults injected in the simulator before each call.', '',
			'| workflow | faults | time ms | outcome |', '|---|---|---|---|',
			...(s.value.scenarios as Array<{ workflow: string; faults: string; ms: number; outcome: string }>).map((x) => `| ${x.workflow} | ${x.faults} | ${x.ms} | ${x.outcome.replace(/\|/g, '\\|')} |`), '',
			`Secrets: no answer, no error and no stored execution (includeData) contains the API key or the webhook secret; ${s.value.linkRequests} requests reached pre-signed link routes, none with \`x-claap-key\`, \`x-claap-webhook-secret\` or \`authorization\`; the API key only travelled to REST routes and the secret only to the webhook API.`, '');
	}
	return out.join('\n');
}

/** Rewrites RESULTS.md: sections 1-4 as measured, then 5 (reliability) and 6 (bench/analysis.md), then the log. */
export function assemble(path = join(__dirname, 'RESULTS.md')): void {
	const current = readFileSync(path, 'utf8');
	const cut = ['## 5. Reliability', '## 6. ', '## Log of this run'].map((m) => current.indexOf(m)).filter((i) => i >= 0);
	const head = current.slice(0, Math.min(...cut, current.length));
	const logAt = current.indexOf('## Log of this run');
	const log = logAt >= 0 ? current.slice(logAt) : '';
	const analysisPath = join(__dirname, 'analysis.md');
	const analysis = existsSync(analysisPath) ? readFileSync(analysisPath, 'utf8') : '';
	writeFileSync(path, `${head}${reliabilitySection()}\n${analysis}\n${log}`);
}

if (require.main === module) assemble();
