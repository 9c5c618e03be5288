import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureN8n, type N8nInstallation } from './install';
import { isReady, ownerApi, servesRest, setUpOwnerWithApiKey, type PublicApi } from './n8nApi';
import { n8nEnv } from './n8nEnv';
import { installInto, type ExtraPackage } from './package';
import { freePort } from './ports';
import { spawnBounded, waitUntil, type BoundedProcess } from './process';

/** A real n8n process on 127.0.0.1 with a throw-away user folder, an owner and an API key. */
export interface N8nInstance {
	version: string;
	baseUrl: string;
	userFolder: string;
	api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
	/** Stops n8n and starts it again on the same user folder; `whileStopped` runs in between. */
	restart(whileStopped?: () => void | Promise<void>): Promise<void>;
	stop(): Promise<void>;
	logs(): string;
	/** The Node process running n8n's main process (its memory is what a user's container holds). */
	pid(): number;
}

export interface StartOptions {
	version?: string;
	/** n8n is stopped by `timeout` after this long whatever happens to the test run. */
	maxLifetimeSeconds?: number;
	env?: Record<string, string>;
	/** A folder kept between runs (`npm start`); by default a throw-away one, removed on stop. */
	userFolder?: string;
	/** By default a free port. */
	port?: number;
	/** Community packages installed beside this one. */
	extraPackages?: ExtraPackage[];
	/** Flags for n8n's Node.js before its script, such as `--require` of a profiler (bench/profileAck.ts). */
	nodeArgs?: string[];
}

/**
 * n8n's own words for a start that cannot succeed, each with the remedy that applies here
 * (n8n's hint for a missing SQLite module, `npm install sqlite3 --save`, does not).
 */
export function fatalStartError(installation: N8nInstallation, logs: string): string | undefined {
	if (/SQLite package has not been found|DriverPackageNotInstalledError|error initializing DB/i.test(logs)) {
		return (
			`n8n could not open its database: the n8n ${installation.version} install in ${installation.dir} is broken. ` +
			`The next start checks and repairs it; to start over, delete that folder`
		);
	}
	const port = /EADDRINUSE[^\n]*?:(\d+)/.exec(logs);
	if (port) return `port ${port[1]} is already in use: stop what listens there (\`ss -ltnp | grep ${port[1]}\`)`;
	return undefined;
}

/** Starts `n8n start` and waits until it serves its REST API (n8n 1.x is ready before that). */
export async function launchMain(
	installation: N8nInstallation,
	baseUrl: string,
	env: NodeJS.ProcessEnv,
	lifetimeSeconds: number,
	nodeArgs: string[] = [],
): Promise<BoundedProcess> {
	const main = spawnBounded(installation.nodeBinary, [...nodeArgs, installation.n8nBinary, 'start'], { env, lifetimeSeconds });
	const early = { process: main, fatal: (logs: string) => fatalStartError(installation, logs) };
	try {
		await waitUntil('n8n ready', 120_000, async () => await isReady(baseUrl), main.logs, early);
		await waitUntil('n8n serving REST', 60_000, async () => await servesRest(baseUrl), main.logs, early);
	} catch (error) {
		await main.stop();
		throw error;
	}
	return main;
}

export async function startN8n(options: StartOptions = {}): Promise<N8nInstance> {
	const installation = await ensureN8n(options.version ?? process.env.N8N_E2E_VERSION ?? '2.41.1');
	const keepUserFolder = options.userFolder !== undefined;
	const userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'claap-n8n-'));
	mkdirSync(userFolder, { recursive: true });
	installInto(userFolder, options.extraPackages);
	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	const baseUrl = `http://127.0.0.1:${port}`;
	const env = n8nEnv(installation, userFolder, { port, brokerPort }, baseUrl, options.env);
	const lifetime = options.maxLifetimeSeconds ?? 1800;

	let main = await launchMain(installation, baseUrl, env, lifetime, options.nodeArgs);
	// Output of processes stopped by restart(), so logs() still covers the whole test.
	let earlier = '';
	// A kept folder has its owner already: its API key was saved there the first time.
	let api: PublicApi;
	try {
		api = keepUserFolder ? await ownerApi(baseUrl, userFolder) : await setUpOwnerWithApiKey(baseUrl);
	} catch (error) {
		// No instance is handed back, so nobody else would stop this n8n (seen: n8n 1.x answering
		// the owner set-up with 503 "Database is not ready!" on a loaded machine).
		await main.stop();
		if (!keepUserFolder) rmSync(userFolder, { recursive: true, force: true });
		throw error;
	}

	return {
		version: installation.version,
		baseUrl,
		userFolder,
		api,
		logs: () => (earlier + main.logs()).slice(-200_000),
		pid: () => main.commandPid(),
		async restart(whileStopped) {
			await main.stop();
			earlier = (earlier + main.logs()).slice(-200_000);
			await whileStopped?.();
			main = await launchMain(installation, baseUrl, env, lifetime, options.nodeArgs);
		},
		async stop() {
			await main.stop();
			if (!keepUserFolder) rmSync(userFolder, { recursive: true, force: true });
		},
	};
}
