/**
 * Section 1 of bench/RESULTS.md and its plot, from the acknowledgement bench's results. The
 * results are kept in bench/results/ack.json, so `BENCH_SKIP_N8N=1` can rebuild the report.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { fmt } from '../tools/traffic/stats';
import { ACK_TARGETS, type AckResults, type AckSummary } from './ack';
import { barChart } from './lib/svg';

export const ACK_RESULTS_FILE = join(__dirname, 'results', 'ack.json');

export const saveAckResults = (results: AckResults) => writeFileSync(ACK_RESULTS_FILE, `${JSON.stringify(results, null, 1)}\n`);

export const storedAckResults = (): AckResults | undefined =>
	existsSync(ACK_RESULTS_FILE) ? (JSON.parse(readFileSync(ACK_RESULTS_FILE, 'utf8')) as AckResults) : undefined;

const SCENARIO_NAMES: Record<string, string> = {
	c1: 'one at a time',
	burst15: 'bursts of 15',
	burst50: 'bursts of 50',
	busy: 'one at a time, busy host',
};

const TARGET_NAMES: Record<(typeof ACK_TARGETS)[number], string> = {
	claap: 'Claap Trigger',
	control: 'control trigger',
	webhook: 'Webhook node, no auth',
	headerAuth: 'Webhook node, header auth',
};

/** The issue's targets: the control everywhere; the bare node off the default isolate; header auth on it. */
function verdict(s: AckSummary): string {
	const checks = [`${fmt(s.ratio.control, 2)} <= 1.03 control: ${s.ratio.control <= 1.03 ? 'met' : '**missed**'}`];
	const isolateEveryRequest = s.config === '2.41.1 defaults' || s.config.includes('pool');
	if (!isolateEveryRequest) {
		const limit = s.scenario === 'c1' || s.scenario === 'busy' ? 1.1 : 1.2;
		checks.push(`<= ${limit} bare Webhook: ${s.ratio.webhook <= limit ? 'met' : '**missed**'}`);
	}
	if (s.config === '2.41.1 defaults') checks.push(`<= 1.05 header auth: ${s.ratio.headerAuth <= 1.05 ? 'met' : '**missed**'}`);
	return checks.join('; ');
}

const row = (s: AckSummary) =>
	`| ${s.config} | ${SCENARIO_NAMES[s.scenario]} | ${ACK_TARGETS.map((t) => fmt(s.p50[t], 1)).join(' | ')} | ` +
	`**${fmt(s.ratio.control, 2)}** | **${fmt(s.ratio.webhook, 2)}** | **${fmt(s.ratio.headerAuth, 2)}** | ` +
	`${fmt(s.max.claap, 0)} / ${fmt(s.max.control, 0)} | ${s.failures} | ${verdict(s)} |`;

/** Writes bench/ack-ratio.svg and returns section 1's Markdown. */
export function ackSection(results: AckResults | undefined, outDir: string): string {
	if (!results) return '_not measured yet: run `npm run bench` without BENCH_SKIP_N8N_';
	writeFileSync(
		join(outDir, 'ack-ratio.svg'),
		barChart({
			title: 'Acknowledgement p50, Claap Trigger / do-nothing community trigger (same n8n, same run)',
			unit: 'x',
			bars: results.summaries.map((s) => ({ label: `${s.config}, ${SCENARIO_NAMES[s.scenario]}`, value: s.ratio.control })),
			target: { value: 1.03, label: 'target 1.03' },
		}),
	);
	return [
		`Measured ${results.measuredAt} (bench/results/ack.json), ${results.rounds} interleaved rounds per setting, ` +
			`a ${(results.bytes / 1000).toFixed(1)} KB delivery (test/fixtures/deliveries/full.json) with a fresh eventId per request.`,
		'',
		`| n8n and settings | scenario | ${ACK_TARGETS.map((t) => `${TARGET_NAMES[t]} p50 ms`).join(' | ')} | ` +
			'**x control** | **x bare Webhook** | **x header auth** | slowest answer ms, Claap / control | failures | targets |',
		`|${'---|'.repeat(ACK_TARGETS.length + 8)}`,
		...results.summaries.map(row),
		'',
		'![ack ratio](ack-ratio.svg)',
	].join('\n');
}
