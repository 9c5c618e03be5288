import { spawn } from 'node:child_process';

import { residentBytes, watchMemory } from '../../tools/n8n/memory';
import { childPids, spawnBounded } from '../../tools/n8n/process';

const MB = 1e6;

describe('watchMemory', () => {
	it('sees a peak that is gone again before the watch stops', async () => {
		// A separate process, so the test runner's own heap does not blur the figure.
		const child = spawn(process.execPath, [
			'-e',
			'process.stdin.once("data", () => { let b = Buffer.alloc(100e6, 1); setTimeout(() => { b = null; global.gc?.(); process.stdout.write("done") }, 200) }); process.stdout.write("ready")',
		], { stdio: ['pipe', 'pipe', 'inherit'] });
		const said = (word: string) => new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes(word) && resolve()));
		try {
			await said('ready');
			const watch = watchMemory(child.pid!, 50);
			const done = said('done');
			child.stdin.write('go\n');
			await done;
			const growth = watch.stop();
			expect(growth.growth).toBeGreaterThan(90 * MB);
			expect(growth.peak).toBe(growth.before + growth.growth);
			expect(growth.samples).toBeGreaterThan(2);
			expect(growth.kernelPeak).toBe(true);
		} finally {
			child.kill();
		}
	}, 30_000);

	it('fails clearly for a process that is gone', () => {
		expect(() => residentBytes(2 ** 22 + 12345)).toThrow(/gone/);
	});
});

describe('childPids and commandPid', () => {
	it('finds the command under its timeout wrapper', async () => {
		const bounded = spawnBounded('sleep', ['30'], { lifetimeSeconds: 60 });
		try {
			await new Promise((resolve) => setTimeout(resolve, 200));
			const pid = bounded.commandPid();
			expect(childPids(bounded.child.pid!)).toEqual([pid]);
			expect(residentBytes(pid)).toBeGreaterThan(0);
		} finally {
			await bounded.stop();
		}
	});
});
