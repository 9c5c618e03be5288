/** Package load: requiring the built entry points in fresh processes, against n8n-workflow alone. */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { median } from '../tools/traffic/stats';

const ROOT = join(__dirname, '..');
export const ENTRIES = {
	'n8n-workflow alone (baseline)': 'n8n-workflow',
	'ClaapTrigger.node.js': join(ROOT, 'dist/nodes/ClaapTrigger/ClaapTrigger.node.js'),
	'Claap.node.js': join(ROOT, 'dist/nodes/Claap/Claap.node.js'),
	'both nodes + 2 credentials': [
		'dist/nodes/ClaapTrigger/ClaapTrigger.node.js',
		'dist/nodes/Claap/Claap.node.js',
		'dist/credentials/ClaapApi.credentials.js',
		'dist/credentials/ClaapWebhookApi.credentials.js',
	].map((p) => join(ROOT, p)),
} as const;

/** Milliseconds spent in require() of the modules, measured inside a fresh Node process. */
function requireTime(modules: string | readonly string[]): number {
	const list = JSON.stringify(typeof modules === 'string' ? [modules] : modules);
	// The package's classes are instantiated too (n8n does, to read the descriptions); n8n-workflow's are not.
	const script = `const t=process.hrtime.bigint();for(const m of ${list}){const e=require(m);if(m.endsWith('.js'))for(const k in e){if(typeof e[k]==='function'){try{new e[k]()}catch{}}}}process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
	const result = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(result.stderr);
	return Number(result.stdout);
}

export interface LoadResult {
	name: string;
	medianMs: number;
	ratio: number;
}

export function benchLoad(log: (line: string) => void, rounds = 15) {
	const names = Object.keys(ENTRIES) as Array<keyof typeof ENTRIES>;
	const samples = new Map<string, number[]>(names.map((n) => [n, []]));
	for (let round = 0; round < rounds; round++) {
		const order = round % 2 ? [...names].reverse() : names;
		for (const name of order) samples.get(name)?.push(requireTime(ENTRIES[name]));
	}
	const baseline = median(samples.get(names[0]) ?? []);
	const results: LoadResult[] = names.map((name) => {
		const m = median(samples.get(name) ?? []);
		return { name, medianMs: m, ratio: m / baseline };
	});
	for (const r of results) log(`load ${r.name}: ${r.medianMs.toFixed(1)} ms (${r.ratio.toFixed(2)}x n8n-workflow)`);
	const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: ROOT, encoding: 'utf8' })) as Array<{ size: number; unpackedSize: number; entryCount: number }>;
	const { size, unpackedSize, entryCount } = pack[0];
	log(`package: ${entryCount} files, ${unpackedSize} B unpacked, ${size} B packed`);
	return { results, pack: { size, unpackedSize, entryCount }, rounds };
}
