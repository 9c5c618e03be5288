import type { IWebhookFunctions } from 'n8n-workflow';

import { expectSecrets, type ExpectedSecrets } from '../shared/delivery';

/**
 * Reading a credential costs more than everything else a delivery needs: n8n decrypts it from
 * the database and, on 2.x, takes an expression isolate to resolve it (tens of milliseconds).
 * Digests of it are kept per node and credential, and used like this:
 * - younger than SECRETS_TTL_MS: used as they are;
 * - older, up to SECRETS_MAX_AGE_MS: used, and read again in the background for the next delivery;
 *   if they refuse a delivery, it waits for the fresh read and is checked again, so past the TTL a
 *   delivery signed with a changed secret is not refused because of the cache;
 * - older still: the delivery waits for a fresh read.
 * A secret taken out of the credential is therefore accepted by one delivery at most after
 * SECRETS_TTL_MS (the one that starts the fresh read), and never after SECRETS_MAX_AGE_MS.
 * Concurrent reads are shared.
 */
export const SECRETS_TTL_MS = 5000;
export const SECRETS_MAX_AGE_MS = 10 * 60 * 1000;

interface CachedSecrets {
	secrets: ExpectedSecrets;
	readAt: number;
}

export interface WebhookSecrets {
	secrets: ExpectedSecrets;
	/** Older than the TTL: a refusal should be checked again against `reread()`. */
	stale: boolean;
	/** The credential as it is now (shared with any read already under way). */
	reread(): Promise<ExpectedSecrets>;
}

export const secretsCache = new Map<string, CachedSecrets>();
const reading = new Map<string, Promise<CachedSecrets>>();

function cacheKey(context: IWebhookFunctions): string {
	const node = context.getNode();
	return `${context.getWorkflow().id ?? ''}/${node.id}/${node.credentials?.claapWebhookApi?.id ?? ''}`;
}

async function readSecrets(context: IWebhookFunctions, key: string): Promise<CachedSecrets> {
	const pending = reading.get(key);
	if (pending) return await pending;
	const read = (async () => {
		const readAt = Date.now();
		const credentials = await context.getCredentials<{ webhookId?: unknown; webhookSecret?: unknown }>(
			'claapWebhookApi',
		);
		// An empty or missing value digests to something no delivery can match: it fails closed.
		const secrets = expectSecrets({
			webhookId: typeof credentials.webhookId === 'string' ? credentials.webhookId : '',
			webhookSecret: typeof credentials.webhookSecret === 'string' ? credentials.webhookSecret : '',
		});
		const entry = { secrets, readAt };
		secretsCache.set(key, entry);
		return entry;
	})();
	reading.set(key, read);
	// A credential that cannot be read is not trusted from memory either.
	void read.catch(() => secretsCache.delete(key)).finally(() => reading.delete(key));
	return await read;
}

export async function webhookSecrets(context: IWebhookFunctions, now: number): Promise<WebhookSecrets> {
	const key = cacheKey(context);
	const cached = secretsCache.get(key);
	// A read that finished since `cached` was taken is as fresh as a new one.
	const reread = async () => {
		const current = secretsCache.get(key);
		return current && current !== cached ? current.secrets : (await readSecrets(context, key)).secrets;
	};
	if (!cached || now - cached.readAt >= SECRETS_MAX_AGE_MS) {
		return { secrets: (await readSecrets(context, key)).secrets, stale: false, reread };
	}
	const stale = now - cached.readAt >= SECRETS_TTL_MS;
	// The failure, if any, is met again by the next delivery's own read.
	if (stale) readSecrets(context, key).catch(() => undefined);
	return { secrets: cached.secrets, stale, reread };
}
