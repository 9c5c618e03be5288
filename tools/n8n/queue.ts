import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureServiceBinaries } from './debianServices';
import { ensureN8n } from './install';
import { isReady, setUpOwnerWithApiKey } from './n8nApi';
import { n8nEnv } from './n8nEnv';
import { launchMain, type N8nInstance } from './n8n';
import { installInto } from './package';
import { startPostgres, type PostgresInstance } from './postgres';
import { freePort } from './ports';
import { spawnBounded, waitUntil, type BoundedProcess } from './process';
import { startRedis, type RedisInstance } from './redis';

/**
 * n8n in queue mode, as a scaled deployment runs it: a main (editor, API, activation), webhook
 * processes that answer deliveries and enqueue executions, and workers that run them; Redis
 * carries the queue and PostgreSQL is the one database they share. Everything on 127.0.0.1,
 * in throw-away folders.
 */
export interface QueueN8n {
	version: string;
	/** The main process: public API, credentials, workflows, executions. */
	main: N8nInstance;
	/** Every worker's output: at log level info each names every execution it runs. */
	workerLogs(): string;
	/** Which worker (`worker-1`, `worker-2`...) started each execution, by execution ID, from their logs. */
	workerRuns(): Map<string, string>;
	/** Base URLs of the webhook processes, where Claap's deliveries go. */
	webhookUrls: string[];
	/** Every process's output, labelled, for failure messages. */
	logs(): string;
	stop(): Promise<void>;
}

export interface QueueOptions {
	version?: string;
	webhookProcesses?: number;
	/** Workers pulling from the one queue (default 2). */
	workers?: number;
	/** Executions each worker runs at once (default 5). */
	workerConcurrency?: number;
	/** Every process is stopped by `timeout` after this long whatever happens to the test run. */
	maxLifetimeSeconds?: number;
	/** Added to every n8n process's environment. */
	env?: Record<string, string>;
}

interface Named {
	name: string;
	process: BoundedProcess;
}

export async function startQueueN8n(options: QueueOptions = {}): Promise<QueueN8n> {
	const installation = await ensureN8n(options.version ?? process.env.N8N_E2E_VERSION ?? '2.41.1');
	const binaries = ensureServiceBinaries();
	const lifetime = options.maxLifetimeSeconds ?? 1800;
	// Separate folders: PostgreSQL runs as `postgres` and cannot enter root's 0700 temp folders.
	const dirs = {
		n8n: mkdtempSync(join(tmpdir(), 'claap-queue-n8n-')),
		redis: mkdtempSync(join(tmpdir(), 'claap-queue-redis-')),
		postgres: mkdtempSync(join(tmpdir(), 'claap-queue-pg-')),
	};
	const n8nProcesses: Named[] = [];
	// Read as the lines come: a process keeps only the tail of its output, and a load test's
	// executions outrun it.
	const runs = new Map<string, string>();
	const startedBy = (worker: BoundedProcess, name: string) => {
		for (const stream of [worker.child.stdout, worker.child.stderr]) {
			let partial = '';
			stream?.on('data', (chunk: Buffer) => {
				const lines = (partial + chunk.toString()).split('\n');
				partial = lines.pop() ?? '';
				for (const line of lines) {
					const started = /Worker started execution (\d+) /.exec(line);
					if (started) runs.set(started[1], name);
				}
			});
		}
	};
	let redis: RedisInstance | undefined;
	let postgres: PostgresInstance | undefined;

	const logs = () =>
		[
			...n8nProcesses,
			...(redis ? [{ name: 'redis', process: redis.process }] : []),
			...(postgres ? [{ name: 'postgres', process: postgres.process }] : []),
		]
			.map(({ name, process }) => `----- ${name} -----\n${process.logs().slice(-6000)}`)
			.join('\n');

	// n8n first (webhook processes stop taking work, the worker finishes its jobs, then the main),
	// the databases after: n8n would otherwise log connection errors while shutting down.
	const stop = async () => {
		for (const { process } of [...n8nProcesses].reverse()) await process.stop();
		await Promise.all([redis?.process.stop(), postgres?.stop()]);
		for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
	};

	try {
		installInto(dirs.n8n);
		[redis, postgres] = await Promise.all([
			startRedis(binaries.redisServer, dirs.redis, lifetime),
			startPostgres(binaries.postgresBin, dirs.postgres, lifetime),
		]);
		const shared: Record<string, string> = {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			// Production webhooks are the webhook processes' job, as in a scaled deployment.
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			...options.env,
		};

		const mainPort = await freePort();
		const mainUrl = `http://127.0.0.1:${mainPort}`;
		const webhookPorts = await Promise.all(Array.from({ length: options.webhookProcesses ?? 2 }, freePort));
		const webhookUrls = webhookPorts.map((port) => `http://127.0.0.1:${port}`);
		// Claap is given one public URL; a load balancer in front of the webhook processes would own it.
		const publicUrl = webhookUrls[0];
		const envFor = async (port: number, extra: Record<string, string> = {}) =>
			n8nEnv(installation, dirs.n8n, { port, brokerPort: await freePort() }, publicUrl, { ...shared, ...extra });

		// The main runs the database migrations: the others start once it is ready.
		const mainEnv = await envFor(mainPort);
		let main = await launchMain(installation, mainUrl, mainEnv, lifetime);
		const mainEntry: Named = { name: 'main', process: main };
		n8nProcesses.push(mainEntry);
		const api = await setUpOwnerWithApiKey(mainUrl);

		const launch = (name: string, args: string[], env: NodeJS.ProcessEnv) => {
			const child = spawnBounded(installation.nodeBinary, [installation.n8nBinary, ...args], { env, lifetimeSeconds: lifetime });
			n8nProcesses.push({ name, process: child });
			return child;
		};
		const workers = await Promise.all(
			Array.from({ length: options.workers ?? 2 }, async (_, index) => {
				const healthPort = await freePort();
				const name = `worker-${index + 1}`;
				const env = await envFor(await freePort(), {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(healthPort),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					// "Worker started execution <id>" lines: how tests tell which worker ran a delivery.
					N8N_LOG_LEVEL: 'info',
				});
				const child = launch(name, ['worker', `--concurrency=${options.workerConcurrency ?? 5}`], env);
				startedBy(child, name);
				return { name, process: child, healthUrl: `http://127.0.0.1:${healthPort}` };
			}),
		);
		const webhooks = await Promise.all(
			webhookPorts.map(async (port, index) => launch(`webhook-${index + 1}`, ['webhook'], await envFor(port))),
		);
		await Promise.all([
			...workers.map(async ({ name, process, healthUrl }) => {
				await waitUntil(`n8n ${name} ready`, 120_000, async () => await isReady(healthUrl), process.logs);
			}),
			...webhooks.map(async (webhook, index) => {
				await waitUntil(`n8n webhook-${index + 1} ready`, 120_000, async () => await isReady(webhookUrls[index]), webhook.logs);
			}),
		]);

		const mainInstance: N8nInstance = {
			version: installation.version,
			baseUrl: mainUrl,
			userFolder: dirs.n8n,
			api,
			logs,
			pid: () => main.commandPid(),
			async restart() {
				await main.stop();
				main = await launchMain(installation, mainUrl, mainEnv, lifetime);
				mainEntry.process = main;
			},
			stop,
		};
		const workerLogs = () => workers.map(({ process }) => process.logs()).join('\n');
		return { version: installation.version, main: mainInstance, webhookUrls, workerLogs, workerRuns: () => new Map(runs), logs, stop };
	} catch (error) {
		const output = logs();
		await stop();
		throw new Error(`${error instanceof Error ? error.message : String(error)}\n${output.slice(-8000)}`);
	}
}
