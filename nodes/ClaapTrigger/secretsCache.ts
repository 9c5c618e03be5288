import type { IWebhookFunctions } from 'n8n-workflow';

import { expectSecrets, type ExpectedSecrets } from '../shared/delivery';

/**
 * Reading a credential decrypts it from the database: about a fifth of a delivery's latency.
 * Digests of it are kept per node and credential for a few seconds, so a burst of deliveries
 * reads it once, and a changed secret takes effect within that time.
 */
export const SECRETS_TTL_MS = 5000;

const cache = new Map<string, { secrets: ExpectedSecrets; readAt: number }>();

export async function webhookSecrets(context: IWebhookFunctions, now: number): Promise<ExpectedSecrets> {
	const node = context.getNode();
	const credentialId = node.credentials?.claapWebhookApi?.id ?? '';
	const key = `${context.getWorkflow().id ?? ''}/${node.id}/${credentialId}`;
	const cached = cache.get(key);
	if (cached && now - cached.readAt < SECRETS_TTL_MS) return cached.secrets;

	const credentials = await context.getCredentials<{ webhookId?: unknown; webhookSecret?: unknown }>(
		'claapWebhookApi',
	);
	// An empty or missing value digests to something no delivery can match: it fails closed.
	const secrets = expectSecrets({
		webhookId: typeof credentials.webhookId === 'string' ? credentials.webhookId : '',
		webhookSecret: typeof credentials.webhookSecret === 'string' ? credentials.webhookSecret : '',
	});
	cache.set(key, { secrets, readAt: now });
	return secrets;
}

/** For tests: forget every cached credential. */
export const forgetWebhookSecrets = (): void => cache.clear();
