import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * A long-running child wrapped in coreutils `timeout`, so that it stops by itself even when the
 * test run dies without cleaning up. `timeout` passes the signals it receives on to the child.
 */
export interface BoundedProcess {
	readonly child: ChildProcess;
	logs(): string;
	/** Resolves once the process has exited; SIGKILL after `graceMs` if it will not. */
	stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export interface BoundedOptions extends Pick<SpawnOptions, 'env' | 'cwd' | 'uid' | 'gid'> {
	lifetimeSeconds: number;
}

export function spawnBounded(command: string, args: string[], options: BoundedOptions): BoundedProcess {
	const { lifetimeSeconds, ...spawnOptions } = options;
	const child = spawn('timeout', [String(lifetimeSeconds), command, ...args], {
		...spawnOptions,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const collect = (chunk: Buffer) => {
		output = (output + chunk.toString()).slice(-200_000);
	};
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	return {
		child,
		logs: () => output,
		async stop(signal = 'SIGTERM', graceMs = 15_000) {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill(signal);
			const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
		},
	};
}

export const sleep = async (ms: number): Promise<void> => await new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it answers true; a thrown error counts as "not yet". */
export async function waitUntil(
	what: string,
	deadlineMs: number,
	check: () => Promise<boolean>,
	logs: () => string,
): Promise<void> {
	const deadline = Date.now() + deadlineMs;
	while (Date.now() < deadline) {
		if (await check().catch(() => false)) return;
		await sleep(250);
	}
	throw new Error(`${what} did not happen in ${deadlineMs / 1000}s. Last output:\n${logs().slice(-4000)}`);
}
