import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';

import { CACHE_DIR, listExecutions, ownerApi, sleep, type Execution } from '../../tools/n8n';

/**
 * `npm start` as a newcomer runs it: the README's command in this checkout, the printed `curl`,
 * and then stopping it the ways a terminal, a process manager or a crash do. Nothing may be left
 * behind: no process it started, nothing listening on the playground's ports.
 */
const ROOT = resolve(__dirname, '..', '..');
const PORTS = [5678, 5680];

interface Started {
	npm: ChildProcess;
	output: () => string;
}

async function npmStart(): Promise<Started> {
	const env = { ...process.env };
	delete env.NODE_ENV;
	const npm = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	// A first start downloads n8n: allow for it.
	const deadline = Date.now() + 20 * 60_000;
	while (!/Ready in \d+ s\./.test(output)) {
		if (npm.exitCode !== null) throw new Error(`npm start exited (${npm.exitCode}):\n${output.slice(-4000)}`);
		if (Date.now() > deadline) throw new Error(`npm start was not ready in time:\n${output.slice(-4000)}`);
		await sleep(500);
	}
	return { npm, output: () => output };
}

/** Every process below `root` in the process tree (ppid links in /proc). */
function descendants(root: number): number[] {
	const children = new Map<number, number[]>();
	for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
		} catch {
			// Gone while we looked.
		}
	}
	const found: number[] = [];
	const queue = [root];
	while (queue.length > 0) {
		for (const child of children.get(queue.shift() ?? -1) ?? []) {
			found.push(child);
			queue.push(child);
		}
	}
	return found;
}

const isRunning = (pid: number) => {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
	} catch {
		return false;
	}
};

const listening = async (port: number) =>
	await new Promise<boolean>((done) => {
		const socket = connect({ host: '127.0.0.1', port });
		socket.once('connect', () => done(socket.destroy() !== undefined));
		socket.once('error', () => done(false));
	});

/** What is still alive or listening `withinMs` after the signal. */
async function leftovers(pids: number[], withinMs: number): Promise<{ processes: number[]; ports: number[] }> {
	const deadline = Date.now() + withinMs;
	for (;;) {
		const processes = pids.filter(isRunning);
		const ports: number[] = [];
		for (const port of PORTS) if (await listening(port)) ports.push(port);
		if ((processes.length === 0 && ports.length === 0) || Date.now() > deadline) return { processes, ports };
		await sleep(500);
	}
}

async function sendPrintedCurl(output: string): Promise<void> {
	const curl = /curl -s -X POST (\S+) -H '([^:]+): ([^']+)' -H 'Content-Type: application\/json' -d '([^']+)'/.exec(output);
	if (!curl) throw new Error(`no curl command printed:\n${output}`);
	const [, url, header, value, body] = curl;
	const response = await fetch(url, { method: 'POST', headers: { [header]: value, 'content-type': 'application/json' }, body });
	expect(response.status).toBe(200);
}

const describeOn2x = process.env.N8N_E2E_VERSION?.startsWith('1.') ? describe.skip : describe;

describeOn2x('npm start', () => {
	it('reaches ready, runs the printed curl as a successful execution, and SIGTERM leaves nothing behind', async () => {
		const started = await npmStart();
		const output = started.output();
		const workflow = /Send a sample Claap event \(a new recording\) to "([^"]+)"/.exec(output)?.[1];
		expect(workflow).toBeDefined();
		// The playground keeps its API key in its user folder, as the start script saved it.
		const api = await ownerApi('http://127.0.0.1:5678', join(CACHE_DIR, 'playground'));
		const { data: workflows } = await api<{ data: Array<{ id: string; name: string }> }>('GET', '/workflows?limit=250');
		const target = workflows.find((candidate) => candidate.name === workflow);
		expect(target).toBeDefined();
		const before = (await listExecutions({ api }, target?.id ?? '')).length;

		await sendPrintedCurl(output);
		let executions: Execution[] = [];
		for (let tries = 0; tries < 60 && executions.length <= before; tries++) {
			await sleep(500);
			executions = await listExecutions({ api }, target?.id ?? '');
		}
		expect(executions.length).toBe(before + 1);
		expect(executions[0].status).toBe('success');

		const tree = descendants(started.npm.pid ?? -1);
		expect(tree.length).toBeGreaterThan(3);
		started.npm.kill('SIGTERM');
		expect(await leftovers(tree, 30_000)).toEqual({ processes: [], ports: [] });
	});

	it.each(['SIGINT', 'SIGKILL'] as const)('%s to the npm start process leaves nothing behind', async (signal) => {
		const started = await npmStart();
		const tree = descendants(started.npm.pid ?? -1);
		started.npm.kill(signal);
		// SIGKILL gives nobody a chance to clean up: the script notices its parent is gone, and
		// n8n's watchdog notices the script is gone.
		expect(await leftovers(tree, 45_000)).toEqual({ processes: [], ports: [] });
	});
});
