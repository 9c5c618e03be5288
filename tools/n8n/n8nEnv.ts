import type { N8nInstallation } from './install';

export const ENCRYPTION_KEY = 'claap-e2e-encryption-key';

/**
 * The environment every n8n process of the tests shares: loopback only, no calls home, the
 * community package loaded from `userFolder`. `port` is what this process listens on and
 * `publicUrl` is where webhooks are said to live.
 */
export function n8nEnv(
	installation: N8nInstallation,
	userFolder: string,
	ports: { port: number; brokerPort: number },
	publicUrl: string,
	extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		...installation.env,
		N8N_USER_FOLDER: userFolder,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(ports.port),
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: `${publicUrl}/`,
		// The task broker defaults to 5679, and n8n exits when that port is taken.
		N8N_RUNNERS_BROKER_PORT: String(ports.brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		N8N_LOG_LEVEL: 'warn',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		...extra,
	};
	// Jest sets NODE_ENV=test, which makes n8n skip parts of its start-up.
	delete env.NODE_ENV;
	return env;
}
