/**
 * Screenshots for the README, taken from the real n8n editor (`npm run docs:screenshots`):
 * starts n8n (tools/n8n) and the Claap simulator, imports the example workflows, lets the
 * simulator deliver a recording, then drives Debian's Chromium with playwright-core.
 *
 * Writes docs/trigger-parameters.png, docs/claap-operations.png and docs/execution.png.
 * Chromium comes from apt (`chromium`), never from a browser download; set
 * SCREENSHOTS_DEBUG_DIR to also keep full-page captures of every step.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, type Locator, type Page } from 'playwright-core';

import { startSimulator, type Simulator } from '../../simulator';
import { importExample, type ImportedExample } from '../../tools/n8n/examples';
import { startN8n, type N8nInstance } from '../../tools/n8n/n8n';
import { ownerLogin } from '../../tools/n8n/n8nApi';
import { createCredential, listExecutions } from '../../tools/n8n/workflows';

const CHROMIUM = '/usr/bin/chromium';
const DOCS_DIR = join(__dirname, '..', '..', 'docs');
const DEBUG_DIR = process.env.SCREENSHOTS_DEBUG_DIR;
const VIEWPORT = { width: 1440, height: 900 };
const MAX_BYTES = 300 * 1024;

const log = (message: string) => process.stdout.write(`[screenshots] ${message}\n`);

function ensureChromium(): void {
	if (existsSync(CHROMIUM)) return;
	log('installing Debian\'s chromium with apt-get (once)...');
	execFileSync('apt-get', ['update'], { stdio: 'inherit' });
	execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
}

async function debugShot(page: Page, name: string): Promise<void> {
	if (!DEBUG_DIR) return;
	mkdirSync(DEBUG_DIR, { recursive: true });
	await page.screenshot({ path: join(DEBUG_DIR, `${name}.png`) });
	writeFileSync(join(DEBUG_DIR, `${name}.html`), await page.content());
}

/** Closes whatever n8n puts in front of the canvas on a first visit (what's new, tours, banners). */
async function dismissPopups(page: Page): Promise<void> {
	for (let round = 0; round < 3; round++) {
		const closers = page.locator(
			[
				'.el-dialog__headerbtn:visible',
				'[data-test-id="suggested-actions-close"]:visible',
				'[data-test-id="whats-new-modal"] button[aria-label="Close"]:visible',
				'[data-test-id="banner-close-button"]:visible',
				'[data-test-id="close-button"]:visible',
				'.el-notification__closeBtn:visible',
				'[data-test-id="ask-assistant-floating-button"] .close:visible',
			].join(', '),
		);
		const count = await closers.count();
		if (count === 0) return;
		for (let index = count - 1; index >= 0; index--) await closers.nth(index).click({ timeout: 2000 }).catch(() => undefined);
		await page.waitForTimeout(300);
	}
}

async function openWorkflow(page: Page, n8n: N8nInstance, workflowId: string, suffix = ''): Promise<void> {
	await page.goto(`${n8n.baseUrl}/workflow/${workflowId}${suffix}`, { waitUntil: 'domcontentloaded' });
	// An execution is shown in an iframe: wait for a canvas node wherever it is.
	await page.locator('[data-test-id="canvas-node"], iframe').first().waitFor({ timeout: 60_000 });
	await page.waitForTimeout(2500);
	await dismissPopups(page);
}

function canvasNode(page: Page, name: string): Locator {
	return page.locator('[data-test-id="canvas-node"]').filter({ hasText: name }).first();
}

/** A PNG of `target` (or the page, clipped), checked to stay small. */
async function capture(page: Page, file: string, target?: Locator, clip?: { x: number; y: number; width: number; height: number }) {
	mkdirSync(DOCS_DIR, { recursive: true });
	const path = join(DOCS_DIR, file);
	if (target) await target.screenshot({ path, animations: 'disabled' });
	else await page.screenshot({ path, clip, animations: 'disabled' });
	const size = statSync(path).size;
	log(`${file}: ${Math.round(size / 1024)} KB`);
	if (size > MAX_BYTES) log(`WARNING: ${file} is over ${MAX_BYTES / 1024} KB`);
}

async function waitForExecution(n8n: N8nInstance, workflowId: string): Promise<string> {
	for (let attempt = 0; attempt < 200; attempt++) {
		const done = (await listExecutions(n8n, workflowId)).find((execution) => execution.status === 'success');
		if (done) return done.id;
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
	throw new Error(`no successful execution of workflow ${workflowId}`);
}

async function prepare(n8n: N8nInstance, claap: Simulator) {
	const webhook = await createCredential(n8n, 'claapWebhookApi', 'Claap Webhook account', {
		webhookId: claap.webhook.id,
		webhookSecret: claap.webhook.secret,
		baseUrl: claap.apiBaseUrl,
	});
	const api = await createCredential(n8n, 'claapApi', 'Claap account', { apiKey: claap.apiKey, baseUrl: claap.url });
	const credentials = { claapWebhookApi: webhook, claapApi: api };
	const summary = await importExample(n8n, 'new-recording-slack-summary.json', credentials);
	const imported: ImportedExample[] = [summary];
	for (const file of ['new-recording-srt-file.json', 'deal-recording-crm-note.json', 'weekly-recordings-digest.json']) {
		imported.push(await importExample(n8n, file, credentials, { activate: false }));
	}
	claap.setWebhookUrl(summary.triggerUrl);
	const { eventId } = claap.trigger('recording_added', 'rec_8f3a2c1d');
	await claap.deliveries.settled(eventId);
	const executionId = await waitForExecution(n8n, summary.workflowId);
	return { summary, imported, executionId };
}

/** `name=value` as the two parts a browser context takes. */
function splitCookie(cookie: string): [string, string] {
	const at = cookie.indexOf('=');
	return [cookie.slice(0, at), cookie.slice(at + 1)];
}

async function main(): Promise<void> {
	ensureChromium();
	const claap = await startSimulator();
	log('starting n8n...');
	const n8n = await startN8n({ maxLifetimeSeconds: 900 });
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	try {
		const { summary, executionId } = await prepare(n8n, claap);
		log(`n8n ${n8n.version} at ${n8n.baseUrl}; example workflow ${summary.workflowId}, execution ${executionId}`);

		const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
		// Logged in through the REST API (the form's field names differ between n8n 1.x and 2.x).
		const [name, value] = splitCookie(await ownerLogin(n8n.baseUrl));
		await context.addCookies([{ name, value, url: n8n.baseUrl }]);
		const page = await context.newPage();

		// 1. The Claap Trigger's parameters, with its set-up notice.
		await openWorkflow(page, n8n, summary.workflowId);
		await debugShot(page, '1-canvas');
		await canvasNode(page, 'Claap Trigger').dblclick();
		const ndv = page.locator('[data-test-id="ndv"]').first();
		await ndv.waitFor();
		await page.waitForTimeout(800);
		await debugShot(page, '2-trigger-ndv');
		const parameters = ndv.locator('[data-test-id="node-parameters"]').first();
		// Show the Production URL, the one Claap support needs.
		await parameters.getByText('Webhook URLs').first().click({ timeout: 5000 }).catch(() => undefined);
		await page.waitForTimeout(300);
		await parameters.getByText('Production URL', { exact: true }).first().click({ timeout: 5000 }).catch(() => undefined);
		await page.waitForTimeout(500);
		await page.mouse.move(5, 5);
		await debugShot(page, '2b-trigger-urls');
		const panel = await parameters.boundingBox();
		// Down to the Options collection and its "Add Option" button, about 90 px below its label.
		const last = await parameters.getByText('Options', { exact: true }).last().boundingBox();
		if (!panel || !last) throw new Error('Claap Trigger parameters not found');
		await capture(page, 'trigger-parameters.png', undefined, {
			x: panel.x,
			y: panel.y,
			width: panel.width,
			height: Math.min(panel.height, last.y + 92 - panel.y),
		});
		await page.keyboard.press('Escape');
		await page.waitForTimeout(500);

		// 2. The Claap node's actions in the nodes panel.
		await page.locator('[data-test-id="node-creator-plus-button"], [data-test-id="canvas-plus-button"]').first().click({ timeout: 5000 }).catch(async () => {
			await page.mouse.click(900, 300);
			await page.keyboard.press('Tab');
		});
		const creator = page.locator('[data-test-id="node-creator"]').first();
		await creator.waitFor();
		await page.keyboard.type('Claap');
		await page.waitForTimeout(800);
		await debugShot(page, '3-creator-search');
		await creator.locator('[data-test-id="node-creator-item-name"]').filter({ hasText: /^\s*Claap\s*$/u }).first().click();
		await page.waitForTimeout(800);
		// The trigger's events are listed under "Triggers", collapsed at first.
		await creator.getByText(/^\s*Triggers/u).first().click({ timeout: 5000 }).catch(() => undefined);
		await page.waitForTimeout(500);
		await debugShot(page, '4-creator-actions');
		await capture(page, 'claap-operations.png', creator);
		await page.keyboard.press('Escape');

		// 3. A finished execution of example (a), with the summary's output.
		await openWorkflow(page, n8n, summary.workflowId, `/executions/${executionId}`);
		await debugShot(page, '5-execution');
		// Open the logs panel on the last node, so its output shows under the finished run.
		try {
			await page.locator('[data-test-id="logs-overview-header"]').first().click({ timeout: 5000 });
			await page.waitForTimeout(800);
			const logs = page.locator('[data-test-id="logs-panel"]');
			await logs.getByText('Slack Summary').first().click({ timeout: 5000 });
			await page.waitForTimeout(500);
			await logs.getByText('Details', { exact: true }).first().click({ timeout: 5000 });
			await page.waitForTimeout(500);
			// Details mode selects the first node again.
			await logs.getByText('Slack Summary').first().click({ timeout: 5000 });
			await page.waitForTimeout(1000);
		} catch (error) {
			log(`logs panel not opened: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
		}
		await debugShot(page, '6-execution-logs');
		// The execution, without the list of executions on the left.
		const box = await page.locator('[data-test-id="execution-preview-host"]').first().boundingBox();
		if (!box) throw new Error('no execution preview');
		// From just below the Editor / Executions switch, which overlaps the preview's top edge.
		await capture(page, 'execution.png', undefined, { x: box.x, y: box.y + 12, width: box.width, height: box.height - 12 });
	} finally {
		await browser.close();
		await n8n.stop();
		await claap.close();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
