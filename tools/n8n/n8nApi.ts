import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The REST calls that turn a fresh n8n into one the tests can drive without the editor: an owner
 * (whose session cookie is only needed here) and an API key for the public API.
 */
export const OWNER = { email: 'owner@example.com', firstName: 'Claap', lastName: 'Tester', password: 'Claap-e2e-Passw0rd' };

export type PublicApi = <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;

/** n8n 1.x answers readiness before its REST routes exist: a JSON /rest/settings means they do. */
export async function servesRest(baseUrl: string): Promise<boolean> {
	const response = await fetch(`${baseUrl}/rest/settings`);
	await response.arrayBuffer();
	return response.headers.get('content-type')?.includes('json') === true;
}

export async function isReady(baseUrl: string): Promise<boolean> {
	const response = await fetch(`${baseUrl}/healthz/readiness`);
	await response.arrayBuffer();
	return response.ok;
}

/** Logs the owner in to the editor's REST API; the session cookie (`name=value`). */
export async function ownerLogin(baseUrl: string): Promise<string> {
	const login = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		// n8n 2.x names the field emailOrLdapLoginId, 1.x email.
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, email: OWNER.email, password: OWNER.password }),
	});
	if (!login.ok) throw new Error(`POST /rest/login -> ${login.status}: ${await login.text()}`);
	return (login.headers.get('set-cookie') ?? '').split(';')[0];
}

/** The editor's own REST API, logged in as the owner: for what the public API does not offer. */
export async function ownerSession(baseUrl: string): Promise<PublicApi> {
	const cookie = await ownerLogin(baseUrl);
	return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
		const response = await fetch(`${baseUrl}/rest${path}`, {
			method,
			headers: { 'content-type': 'application/json', cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest${path} -> ${response.status}: ${text}`);
		return (JSON.parse(text) as { data: T }).data;
	};
}

/** Sets up the owner, creates an API key with every scope, and returns a public-API client. */
export async function setUpOwnerWithApiKey(baseUrl: string): Promise<PublicApi> {
	return publicApi(baseUrl, await createOwnerApiKey(baseUrl));
}

/** For a user folder kept between runs: the owner and API key made on its first run. */
export async function ownerApi(baseUrl: string, userFolder: string): Promise<PublicApi> {
	const saved = join(userFolder, 'claap-owner-api-key');
	if (!existsSync(saved)) writeFileSync(saved, await createOwnerApiKey(baseUrl), { mode: 0o600 });
	return publicApi(baseUrl, readFileSync(saved, 'utf8').trim());
}

async function createOwnerApiKey(baseUrl: string): Promise<string> {
	let cookie = '';
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

	await rest('POST', '/owner/setup', OWNER);
	const scopes = await rest<string[]>('GET', '/api-keys/scopes');
	const { rawApiKey } = await rest<{ rawApiKey: string }>('POST', '/api-keys', { label: 'claap-e2e', scopes, expiresAt: null });
	return rawApiKey;
}

export function publicApi(baseUrl: string, apiKey: string): PublicApi {
	return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
		const response = await fetch(`${baseUrl}/api/v1${path}`, {
			method,
			headers: { 'content-type': 'application/json', 'x-n8n-api-key': apiKey },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /api/v1${path} -> ${response.status}: ${text}`);
		return (text ? JSON.parse(text) : undefined) as T;
	};
}
