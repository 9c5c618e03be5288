/**
 * Where a delivery's acknowledgement time goes: one n8n under a CPU profile, 300 sequential
 * deliveries to the Claap Trigger and then 300 to the bench's do-nothing control trigger, each
 * phase profiled on its own. Per delivery: the CPU time n8n was busy, the part of it inside the
 * package's own code (with what it calls, zod included), and the top self times.
 * `tsx bench/profileAck.ts [version] [outDir]` (not part of `npm run bench`). Set
 * N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true in the environment to profile with lazy acquisition.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import {
	WEBHOOK_ID,
	WEBHOOK_SECRET,
	createChainWorkflow,
	createTriggerWorkflow,
	createWebhookCredential,
	fixture,
	startN8n,
	waitForWebhook,
} from '../tools/n8n';
import { buildControlPackage, CONTROL_NODE_TYPE } from './lib/controlPackage';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount?: number;
	children?: number[];
}
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

/**
 * A preload for n8n's main process: it writes its pid, profiles from the start, and on each
 * SIGUSR2 writes the profile so far to `phase-<n>.cpuprofile` and starts a new one, so each phase
 * of the bench (start-up, Claap Trigger, control) gets a profile of its own. (`--cpu-prof` writes
 * only at exit, which n8n 2.x on Node 24 does not reach cleanly.) The inspector answers synchronously.
 */
function writeProfilerPreload(outDir: string): string {
	const file = join(outDir, 'profiler-preload.js');
	writeFileSync(
		file,
		`const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const dir = ${JSON.stringify(outDir)};
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.start');
writeFileSync(join(dir, 'pid'), String(process.pid));
let phase = 0;
process.on('SIGUSR2', () => session.post('Profiler.stop', (error, result) => {
	if (!error) writeFileSync(join(dir, 'phase-' + phase++ + '.cpuprofile'), JSON.stringify(result.profile));
	session.post('Profiler.start');
}));
`,
	);
	return file;
}

/** Ends the n8n process's current profile phase and returns that profile. */
async function endPhase(outDir: string, phase: number): Promise<Profile> {
	process.kill(Number(readFileSync(join(outDir, 'pid'), 'utf8')), 'SIGUSR2');
	const file = join(outDir, `phase-${phase}.cpuprofile`);
	for (let wait = 0; !existsSync(file); wait++) {
		if (wait > 100) throw new Error(`no profile written to ${file}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	await new Promise((resolve) => setTimeout(resolve, 200));
	return JSON.parse(readFileSync(file, 'utf8')) as Profile;
}

/** CPU time the process spent on anything but waiting. */
export const busyTime = (profile: Profile): number =>
	[...selfTimes(profile)].reduce(
		(sum, [id, ms]) => (profile.nodes.find((node) => node.id === id)?.callFrame.functionName === '(idle)' ? sum : sum + ms),
		0,
	);

async function deliverAll(url: string, headers: Record<string, string>, text: string, prefix: string): Promise<number> {
	const times: number[] = [];
	for (let i = 0; i < DELIVERIES; i++) {
		const started = performance.now();
		const response = await fetch(url, { method: 'POST', headers, body: text.replace('__ID__', `${prefix}_${i}`) });
		await response.arrayBuffer();
		times.push(performance.now() - started);
	}
	return times.sort((a, b) => a - b)[DELIVERIES / 2];
}

async function main() {
	const version = process.argv[2] ?? '2.41.1';
	const outDir = resolve(process.argv[3] ?? `/tmp/claap-ack-profile-${version}`);
	rmSync(outDir, { recursive: true, force: true });
	mkdirSync(outDir, { recursive: true });
	const n8n = await startN8n({
		version,
		extraPackages: [buildControlPackage()],
		nodeArgs: ['--require', writeProfilerPreload(outDir)],
	});
	try {
		const claap = await createTriggerWorkflow(n8n, await createWebhookCredential(n8n));
		const controlId = randomUUID();
		await createChainWorkflow(n8n, 'Profile control trigger', [
			{ name: 'Control', type: CONTROL_NODE_TYPE, typeVersion: 2, webhookId: controlId, parameters: {} },
		]);
		const control = `${n8n.baseUrl}/webhook/${controlId}/webhook`;
		await waitForWebhook(control);
		const text = JSON.stringify({ ...fixture('full'), eventId: '__ID__' });
		const headers = { 'content-type': 'application/json', 'x-claap-webhook-id': WEBHOOK_ID, 'x-claap-webhook-secret': WEBHOOK_SECRET };
		// Warm both paths, then drop the start-up profile.
		await deliverAll(claap.url, headers, text, 'evt_warm');
		await deliverAll(control, headers, text, 'evt_warm');
		await endPhase(outDir, 0);
		const phases = [
			{ name: 'Claap Trigger', p50: await deliverAll(claap.url, headers, text, 'evt_prof'), profile: await endPhase(outDir, 1) },
			{ name: 'control trigger', p50: await deliverAll(control, headers, text, 'evt_prof'), profile: await endPhase(outDir, 2) },
		];
		console.log(`n8n ${version}, ${DELIVERIES} deliveries one at a time to each, in ${outDir}:`);
		for (const { name, p50, profile } of phases) {
			const perDelivery = (ms: number) => `${(ms / DELIVERIES).toFixed(3)} ms`;
			console.log(
				`${name}: p50 ${p50.toFixed(2)} ms; n8n busy ${perDelivery(busyTime(profile))} per delivery, ` +
					`of which package code ${perDelivery(packageTime(profile))}`,
			);
		}
		for (const { name, profile } of phases) {
			console.log(`top self times, ${name}:`);
			for (const { where, ms } of topSelfTimes(profile)) console.log(`${ms.toFixed(0).padStart(7)} ms  ${where}`);
		}
	} finally {
		await n8n.stop();
	}
}

if (require.main === module) void main();
