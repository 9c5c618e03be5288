import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { sleep } from './process';

/** The lock's owner, or undefined when it is gone; 0 while the owner has not written its pid yet. */
function owner(lockDir: string): number | undefined {
	try {
		const pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
		return pid && alive(pid) ? pid : undefined;
	} catch {
		try {
			return Date.now() - statSync(lockDir).mtimeMs < 10_000 ? 0 : undefined;
		} catch {
			return undefined;
		}
	}
}

const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

/**
 * Runs `work` while holding a lock folder, so that two runs (`npm start` beside a test suite)
 * never install into one cache folder at once. A lock left by a process that died is taken over.
 */
export async function withCacheLock<T>(lockDir: string, work: () => Promise<T>, waitMs = 20 * 60_000): Promise<T> {
	const deadline = Date.now() + waitMs;
	let announced = false;
	for (;;) {
		try {
			mkdirSync(lockDir);
			writeFileSync(join(lockDir, 'pid'), String(process.pid));
			break;
		} catch {
			const holder = owner(lockDir);
			if (holder === undefined) {
				rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`${lockDir} is still held by process ${holder}`);
			if (!announced) process.stderr.write(`[n8n-harness] waiting for process ${holder}, which is installing into the same cache...\n`);
			announced = true;
			await sleep(2000);
		}
	}
	try {
		return await work();
	} finally {
		rmSync(lockDir, { recursive: true, force: true });
	}
}
