/**
 * Jest globalSetup of the suites that run a real n8n: installs the n8n line they will start
 * before any test runs. On a new machine that install takes 5 to 10 minutes; inside the first
 * suite's beforeAll it counted against that suite's timeout and failed it on a busy machine.
 */
import { ensureN8n } from '../../tools/n8n/install';

export default async function installN8n(): Promise<void> {
	await ensureN8n(process.env.N8N_E2E_VERSION ?? '2.41.1');
}
