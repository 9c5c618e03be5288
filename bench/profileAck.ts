/**
 * Where a delivery's acknowledgement time goes: one n8n under --cpu-prof, 300 sequential
 * deliveries to the Claap Trigger, then the profile summed two ways: the time spent inside the
 * package's own code (with what it calls, zod included), per delivery, and the top self times.
 * `tsx bench/profileAck.ts [version] [outDir]` (not part of `npm run bench`). Set
 * N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true in the environment to profile with lazy acquisition.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { WEBHOOK_ID, WEBHOOK_SECRET, createTriggerWorkflow, createWebhookCredential, fixture, startN8n } from '../tools/n8n';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const PACKAGE_CODE = '/node_modules/n8n-nodes-claap/';

/** Self time (ms) per profile node. */
function selfTimes(profile: Profile): Map<number, number> {
	const self = new Map<number, number>();
	profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
	return self;
}

/** Time inside the package's code and everything it calls, counted once at its outermost frame. */
export function packageTime(profile: Profile): number {
	const self = selfTimes(profile);
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const subtree = (id: number): number =>
		(self.get(id) ?? 0) + (byId.get(id)?.children ?? []).reduce((sum, child) => sum + subtree(child), 0);
	const walk = (id: number): number => {
		const node = byId.get(id);
		if (!node) return 0;
		if (node.callFrame.url.includes(PACKAGE_CODE)) return subtree(id);
		return (node.children ?? []).reduce((sum, child) => sum + walk(child), 0);
	};
	return walk(profile.nodes[0].id);
}

export function topSelfTimes(profile: Profile, top = 15): Array<{ where: string; ms: number }> {
	const self = selfTimes(profile);
	const byWhere = new Map<string, number>();
	for (const node of profile.nodes) {
		const url = node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\//, '');
		const where = `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber}`;
		byWhere.set(where, (byWhere.get(where) ?? 0) + (self.get(node.id) ?? 0));
	}
	return [...byWhere.entries()].map(([where, ms]) => ({ where, ms })).sort((a, b) => b.ms - a.ms).slice(0, top);
}

const DELIVERIES = 300;

async function main() {
	const version = process.argv[2] ?? '2.41.1';
	const outDir = resolve(process.argv[3] ?? `/tmp/claap-ack-profile-${version}`);
	mkdirSync(outDir, { recursive: true });
	const n8n = await startN8n({ version, env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${outDir}` } });
	const claap = await createTriggerWorkflow(n8n, await createWebhookCredential(n8n));
	const text = JSON.stringify({ ...fixture('full'), eventId: '__ID__' });
	const headers = { 'content-type': 'application/json', 'x-claap-webhook-id': WEBHOOK_ID, 'x-claap-webhook-secret': WEBHOOK_SECRET };
	const times: number[] = [];
	for (let i = 0; i < DELIVERIES; i++) {
		const started = performance.now();
		const response = await fetch(claap.url, { method: 'POST', headers, body: text.replace('__ID__', `evt_prof_${i}`) });
		await response.arrayBuffer();
		times.push(performance.now() - started);
	}
	times.sort((a, b) => a - b);
	console.log(`n8n ${version}, ${DELIVERIES} deliveries one at a time: p50 ${times[DELIVERIES / 2].toFixed(2)} ms`);
	await n8n.stop();
	// The largest profile is the n8n process itself (the others are npm and helper processes).
	const profiles = readdirSync(outDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(outDir, f));
	const main = profiles
		.map((path) => ({ path, profile: JSON.parse(readFileSync(path, 'utf8')) as Profile }))
		.sort((a, b) => b.profile.samples.length - a.profile.samples.length)[0];
	const inPackage = packageTime(main.profile);
	console.log(`${main.path}: package code ${inPackage.toFixed(0)} ms in all, ${(inPackage / DELIVERIES).toFixed(3)} ms per delivery`);
	for (const { where, ms } of topSelfTimes(main.profile)) console.log(`${ms.toFixed(0).padStart(7)} ms  ${where}`);
}

if (require.main === module) void main();
