import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * A long-running child (n8n, Redis, PostgreSQL) that cannot outlive what started it:
 * - it runs under coreutils `timeout`, so it stops by itself after `lifetimeSeconds`;
 * - it leads its own process group, so stopping it stops what it started too (n8n's task runner);
 * - a watchdog shell stops that group as soon as this Node process is gone, however it ended
 *   (a signal to `npm start`, a crashed test run, a killed parent).
 */
export interface BoundedProcess {
	readonly child: ChildProcess;
	logs(): string;
	/** Resolves once the process has exited; SIGKILL after `graceMs` if it will not. */
	stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
	/** Resolves with a description of how it ended, whenever it ends. */
	readonly exited: Promise<string>;
	/** The process running the command itself (`child` is its `timeout` wrapper), e.g. to read its memory. */
	commandPid(): number;
}

export interface BoundedOptions extends Pick<SpawnOptions, 'env' | 'cwd' | 'uid' | 'gid'> {
	lifetimeSeconds: number;
}

// $0 is this Node process, $1 the child's process group. Checked every second; both ways out
// (owner gone, group gone) end the watchdog.
const WATCHDOG = 'while kill -0 "$0" 2>/dev/null && kill -0 -- "-$1" 2>/dev/null; do sleep 1; done; ' +
	'kill -TERM -- "-$1" 2>/dev/null && sleep 10 && kill -KILL -- "-$1" 2>/dev/null; exit 0';

function guard(groupId: number): void {
	spawn('sh', ['-c', WATCHDOG, String(process.pid), String(groupId)], { detached: true, stdio: 'ignore' }).unref();
}

const signalGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
	try {
		if (child.pid) process.kill(-child.pid, signal);
	} catch {
		// Already gone.
	}
};

export function spawnBounded(command: string, args: string[], options: BoundedOptions): BoundedProcess {
	const { lifetimeSeconds, ...spawnOptions } = options;
	const child = spawn('timeout', [String(lifetimeSeconds), command, ...args], {
		...spawnOptions,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (child.pid) guard(child.pid);
	let output = '';
	const collect = (chunk: Buffer) => {
		output = (output + chunk.toString()).slice(-200_000);
	};
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	const exited = new Promise<string>((resolve) =>
		child.once('exit', (code, signal) => resolve(signal ? `killed by ${signal}` : `exited with code ${code}`)),
	);
	return {
		child,
		exited,
		logs: () => output,
		commandPid() {
			const pid = child.pid === undefined ? undefined : childPids(child.pid)[0];
			if (pid === undefined) throw new Error(`${command} is not running`);
			return pid;
		},
		async stop(signal = 'SIGTERM', graceMs = 15_000) {
			if (child.exitCode !== null || child.signalCode !== null) return;
			signalGroup(child, signal);
			const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
		},
	};
}

export const sleep = async (ms: number): Promise<void> => await new Promise((resolve) => setTimeout(resolve, ms));

export interface WaitOptions {
	/** The process being waited for: its exit ends the wait at once. */
	process?: BoundedProcess;
	/** Reads the logs for a fatal start-up error; a string returned ends the wait with it. */
	fatal?: (logs: string) => string | undefined;
}

/** Polls `check` until it answers true; a thrown error counts as "not yet". */
export async function waitUntil(
	what: string,
	deadlineMs: number,
	check: () => Promise<boolean>,
	logs: () => string,
	options: WaitOptions = {},
): Promise<void> {
	const deadline = Date.now() + deadlineMs;
	let ended: string | undefined;
	void options.process?.exited.then((how) => (ended = how));
	while (Date.now() < deadline) {
		if (await check().catch(() => false)) return;
		const fatal = options.fatal?.(logs());
		if (ended || fatal) {
			const reason = [ended && `the process ${ended}`, fatal].filter(Boolean).join('; ');
			throw new Error(`${what} will not happen: ${reason}. Last output:\n${logs().slice(-4000)}`);
		}
		await sleep(250);
	}
	throw new Error(`${what} did not happen in ${deadlineMs / 1000}s. Last output:\n${logs().slice(-4000)}`);
}

/** Whether `pid` runs: a zombie (exited, not yet reaped) does not. */
function running(pid: number): boolean {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
	} catch {
		return false;
	}
}

/** The parent of `pid`, from Linux /proc; undefined once `pid` is gone. */
function parentPid(pid: number): number | undefined {
	try {
		// "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
	} catch {
		return undefined;
	}
}

/** The processes whose parent is `pid` (a scan of /proc, which every Linux kernel offers). */
export function childPids(pid: number): number[] {
	return readdirSync('/proc')
		.filter((entry) => /^\d+$/.test(entry))
		.map(Number)
		.filter((candidate) => parentPid(candidate) === pid);
}

/** This process's ancestors up to (not including) init, nearest first: Linux /proc. */
function ancestors(): number[] {
	const chain: number[] = [];
	let pid: number | undefined = process.ppid;
	while (pid !== undefined && pid > 1 && chain.length < 32) {
		chain.push(pid);
		pid = parentPid(pid);
	}
	return chain;
}

/**
 * Calls `onGone` once any process between this one and init has exited: `npm start` killed
 * outright leaves its shell, tsx and this script running, and they should stop with it.
 */
export function whenAncestorExits(onGone: (pid: number) => void): void {
	const watched = ancestors();
	const timer = setInterval(() => {
		const gone = watched.find((pid) => !running(pid));
		if (gone !== undefined) {
			clearInterval(timer);
			onGone(gone);
		}
	}, 1000);
	timer.unref();
}
