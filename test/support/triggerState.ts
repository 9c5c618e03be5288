import { secretsCache } from '../../nodes/ClaapTrigger/secretsCache';
import { inMemory } from '../../nodes/ClaapTrigger/seenEvents';

/** Forget the event IDs this process remembers, as a restart or another n8n process would. */
export const forgetSeenEvents = (): void => inMemory.clear();

/** Forget every cached credential digest. */
export const forgetWebhookSecrets = (): void => secretsCache.clear();
