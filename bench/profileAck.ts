/**
 * Where the Claap Trigger's acknowledgement time goes: n8n 2.41.1 under --cpu-prof, sequential
 * deliveries to the Claap Trigger and to the built-in Webhook node, then the profile's self time
 * summed by file. `tsx bench/profileAck.ts [outDir]` (not part of `npm run bench`).
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { largeDelivery } from '../tools/traffic/payload';
import { WEBHOOK_ID, WEBHOOK_SECRET, createBuiltInWebhookWorkflow, createTriggerWorkflow, createWebhookCredential, startN8n } from '../tools/n8n';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }

export function summarise(profilePath: string, top = 25): Array<{ where: string; ms: number }> {
	const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
	const self = new Map<number, number>();
	profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
	const byWhere = new Map<string, number>();
	for (const node of profile.nodes) {
		const url = node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\//, '');
		const where = `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber}`;
		byWhere.set(where, (byWhere.get(where) ?? 0) + (self.get(node.id) ?? 0) / 1000);
	}
	return [...byWhere.entries()].map(([where, ms]) => ({ where, ms })).sort((a, b) => b.ms - a.ms).slice(0, top);
}

async function main() {
	const outDir = resolve(process.argv[2] ?? '/tmp/claap-ack-profile');
	mkdirSync(outDir, { recursive: true });
	const n8n = await startN8n({ env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${outDir}` } });
	const credential = await createWebhookCredential(n8n);
	const claap = await createTriggerWorkflow(n8n, credential);
	const webhook = await createBuiltInWebhookWorkflow(n8n, { name: 'X-Claap-Webhook-Secret', value: WEBHOOK_SECRET });
	const text = JSON.stringify({ ...largeDelivery(50_000), eventId: '__ID__' });
	const headers = { 'content-type': 'application/json', 'x-claap-webhook-id': WEBHOOK_ID, 'x-claap-webhook-secret': WEBHOOK_SECRET };
	const times: Record<string, number[]> = { claap: [], webhook: [] };
	for (let i = 0; i < 300; i++) {
		for (const [name, url] of [['claap', claap.url], ['webhook', webhook.url]] as const) {
			const started = performance.now();
			const response = await fetch(url, { method: 'POST', headers, body: text.replace('__ID__', `evt_prof_${i}`) });
			await response.arrayBuffer();
			times[name].push(performance.now() - started);
		}
	}
	for (const [name, list] of Object.entries(times)) {
		const sorted = [...list].sort((a, b) => a - b);
		console.log(`${name}: p50 ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} ms`);
	}
	await n8n.stop();
	const profiles = readdirSync(outDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(outDir, f));
	for (const p of profiles) {
		console.log(`\n${p}`);
		for (const { where, ms } of summarise(p)) console.log(`${ms.toFixed(0).padStart(7)} ms  ${where}`);
	}
}

if (require.main === module) void main();
