import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureN8n } from './install';
import { installInto } from './package';
import { freePort } from './ports';

/** A real n8n process on 127.0.0.1 with a throw-away user folder, an owner and an API key. */
export interface N8nInstance {
	version: string;
	baseUrl: string;
	userFolder: string;
	api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
	restart(): Promise<void>;
	stop(): Promise<void>;
	logs(): string;
}

export interface StartOptions {
	version?: string;
	/** n8n is stopped by `timeout` after this long whatever happens to the test run. */
	maxLifetimeSeconds?: number;
	env?: Record<string, string>;
}

const OWNER = { email: 'owner@example.com', firstName: 'Claap', lastName: 'Tester', password: 'Claap-e2e-Passw0rd' };

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(what: string, deadlineMs: number, check: () => Promise<boolean>, logs: () => string) {
	const deadline = Date.now() + deadlineMs;
	while (Date.now() < deadline) {
		if (await check().catch(() => false)) return;
		await sleep(250);
	}
	throw new Error(`n8n did not become ${what} in ${deadlineMs / 1000}s. Last output:\n${logs().slice(-4000)}`);
}

export async function startN8n(options: StartOptions = {}): Promise<N8nInstance> {
	const installation = ensureN8n(options.version ?? process.env.N8N_E2E_VERSION ?? '2.41.1');
	const userFolder = mkdtempSync(join(tmpdir(), 'claap-n8n-'));
	installInto(userFolder);
	const port = await freePort();
	const brokerPort = await freePort();
	const baseUrl = `http://127.0.0.1:${port}`;
	const env: NodeJS.ProcessEnv = {
		...process.env,
		...installation.env,
		N8N_USER_FOLDER: userFolder,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: `${baseUrl}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENCRYPTION_KEY: 'claap-e2e-encryption-key',
		DB_TYPE: 'sqlite',
		N8N_LOG_LEVEL: 'warn',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		...options.env,
	};
	// Jest sets NODE_ENV=test, which makes n8n skip parts of its start-up.
	delete env.NODE_ENV;
	let output = '';
	let child: ChildProcess | undefined;
	let cookie = '';
	let apiKey = '';

	const launch = async () => {
		const lifetime = String(options.maxLifetimeSeconds ?? 1800);
		child = spawn('timeout', [lifetime, installation.nodeBinary, installation.n8nBinary, 'start'], {
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const collect = (chunk: Buffer) => {
			output = (output + chunk.toString()).slice(-200_000);
		};
		child.stdout?.on('data', collect);
		child.stderr?.on('data', collect);
		await waitUntil('ready', 120_000, async () => (await fetch(`${baseUrl}/healthz/readiness`)).ok, () => output);
		// n8n 1.x answers readiness before its REST routes exist.
		await waitUntil(
			'serving REST',
			60_000,
			async () => (await fetch(`${baseUrl}/rest/settings`)).headers.get('content-type')?.includes('json') === true,
			() => output,
		);
	};

	const rest = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
		const response = await fetch(`${baseUrl}/rest${path}`, {
			method,
			headers: { 'content-type': 'application/json', cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.get('set-cookie');
		if (setCookie) cookie = setCookie.split(';')[0];
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest${path} -> ${response.status}: ${text}`);
		return (JSON.parse(text) as { data: T }).data;
	};

	const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
		const response = await fetch(`${baseUrl}/api/v1${path}`, {
			method,
			headers: { 'content-type': 'application/json', 'x-n8n-api-key': apiKey },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /api/v1${path} -> ${response.status}: ${text}`);
		return (text ? JSON.parse(text) : undefined) as T;
	};

	const stopProcess = async () => {
		const running = child;
		if (!running || running.exitCode !== null) return;
		const exited = new Promise((resolve) => running.once('exit', resolve));
		running.kill('SIGTERM');
		const timer = setTimeout(() => running.kill('SIGKILL'), 15_000);
		await exited;
		clearTimeout(timer);
	};

	await launch();
	await rest('POST', '/owner/setup', OWNER);
	const scopes = await rest<string[]>('GET', '/api-keys/scopes');
	const created = await rest<{ rawApiKey: string }>('POST', '/api-keys', {
		label: 'claap-e2e',
		scopes,
		expiresAt: null,
	});
	apiKey = created.rawApiKey;

	return {
		version: installation.version,
		baseUrl,
		userFolder,
		api,
		logs: () => output,
		async restart() {
			await stopProcess();
			await launch();
		},
		async stop() {
			await stopProcess();
			rmSync(userFolder, { recursive: true, force: true });
		},
	};
}
