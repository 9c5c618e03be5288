import { spawn } from 'node:child_process';
import path from 'node:path';

import { startReceiver } from './receiver';
import type { Receiver } from './receiver';

const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

/** Runs the CLI to completion; --exit-after in every call guarantees it ends. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		const child = spawn(tsx, ['simulator/cli.ts', ...args], { cwd: root });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
		child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

describe('CLI', () => {
	let receiver: Receiver | undefined;
	afterEach(async () => {
		await receiver?.close();
		receiver = undefined;
	});

	it('delivers one event with retries and exits 0 on a 200', async () => {
		receiver = await startReceiver((n) => ({ status: n === 1 ? 503 : 200 }));
		const run = await cli(['--deliver-to', receiver.url, '--event', 'recording_updated', '--recording', 'rec_5d0c33fa', '--time-scale', '0.001', '--exit-after', '15']);
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/attempt 1 .*-> 503/);
		expect(run.stdout).toMatch(/attempt 2 .*-> 200/);
		expect(run.stdout).toMatch(/delivered after 2 attempt/);
		expect(receiver.received).toHaveLength(2);
		expect(receiver.received[0].headers['x-claap-webhook-id']).toBe('wh_demo');
		expect((receiver.received[1].body as { event: { type: string } }).event.type).toBe('recording_updated');
	}, 20_000);

	it('exits non-zero when every attempt fails, and on bad arguments', async () => {
		receiver = await startReceiver(() => ({ status: 500 }));
		const run = await cli(['--deliver-to', receiver.url, '--webhook-id', 'wh_x', '--webhook-secret', 's3cret', '--time-scale', '0.001', '--exit-after', '15']);
		expect(run.code).toBe(1);
		expect(run.stdout).toMatch(/failed after 3 attempt/);
		expect(receiver.received[0].headers['x-claap-webhook-secret']).toBe('s3cret');
		expect((await cli(['--event', 'recording_deleted', '--exit-after', '5'])).code).toBe(2);
	}, 20_000);

	it('serves until --exit-after, printing what a client needs', async () => {
		const run = await cli(['--serve', '--exit-after', '0.5']);
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
		expect(run.stdout).toContain('whsec_demo_change_me');
		expect(run.stdout).toContain('cla_demo_key');
	}, 20_000);
});
