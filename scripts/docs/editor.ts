/**
 * Driving n8n's editor in Debian's Chromium for the README's screenshots: the browser, the
 * login, opening a workflow, and PNG captures kept small.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

import type { N8nInstance } from '../../tools/n8n/n8n';
import { ownerLogin } from '../../tools/n8n/n8nApi';

const CHROMIUM = '/usr/bin/chromium';
const DOCS_DIR = join(__dirname, '..', '..', 'docs');
const DEBUG_DIR = process.env.SCREENSHOTS_DEBUG_DIR;
const VIEWPORT = { width: 1440, height: 900 };
const MAX_BYTES = 300 * 1024;

export const log = (message: string) => process.stdout.write(`[screenshots] ${message}\n`);

function ensureChromium(): void {
	if (existsSync(CHROMIUM)) return;
	log('installing Debian\'s chromium with apt-get (once)...');
	execFileSync('apt-get', ['update'], { stdio: 'inherit' });
	execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
}

export async function launchBrowser(): Promise<Browser> {
	ensureChromium();
	return await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}

/** `name=value` as the two parts a browser context takes. */
function splitCookie(cookie: string): [string, string] {
	const at = cookie.indexOf('=');
	return [cookie.slice(0, at), cookie.slice(at + 1)];
}

/**
 * A page logged in as the owner, through the REST API (the form's field names differ between
 * n8n 1.x and 2.x): the session cookie is given to the browser context.
 */
export async function loggedInPage(browser: Browser, n8n: N8nInstance): Promise<Page> {
	const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
	const [name, value] = splitCookie(await ownerLogin(n8n.baseUrl));
	await context.addCookies([{ name, value, url: n8n.baseUrl }]);
	return await context.newPage();
}

export async function debugShot(page: Page, name: string): Promise<void> {
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

export async function openWorkflow(page: Page, n8n: N8nInstance, workflowId: string, suffix = ''): Promise<void> {
	await page.goto(`${n8n.baseUrl}/workflow/${workflowId}${suffix}`, { waitUntil: 'domcontentloaded' });
	// An execution is shown in an iframe: wait for a canvas node wherever it is.
	await page.locator('[data-test-id="canvas-node"], iframe').first().waitFor({ timeout: 60_000 });
	await page.waitForTimeout(2500);
	await dismissPopups(page);
}

export function canvasNode(page: Page, name: string): Locator {
	return page.locator('[data-test-id="canvas-node"]').filter({ hasText: name }).first();
}

/** A PNG of `target` (or the page, clipped) in docs/, checked to stay small. */
export async function capture(page: Page, file: string, target?: Locator, clip?: { x: number; y: number; width: number; height: number }) {
	mkdirSync(DOCS_DIR, { recursive: true });
	const path = join(DOCS_DIR, file);
	if (target) await target.screenshot({ path, animations: 'disabled' });
	else await page.screenshot({ path, clip, animations: 'disabled' });
	const size = statSync(path).size;
	log(`${file}: ${Math.round(size / 1024)} KB`);
	if (size > MAX_BYTES) log(`WARNING: ${file} is over ${MAX_BYTES / 1024} KB`);
}

/**
 * Opens the logs panel of an execution shown in the editor on one node, in Details mode, so
 * the node's output shows under the finished run.
 */
export async function showNodeLogs(page: Page, node: string): Promise<void> {
	try {
		await page.locator('[data-test-id="logs-overview-header"]').first().click({ timeout: 5000 });
		await page.waitForTimeout(800);
		const logs = page.locator('[data-test-id="logs-panel"]');
		await logs.getByText(node).first().click({ timeout: 5000 });
		await page.waitForTimeout(500);
		await logs.getByText('Details', { exact: true }).first().click({ timeout: 5000 });
		await page.waitForTimeout(500);
		// Details mode selects the first node again.
		await logs.getByText(node).first().click({ timeout: 5000 });
		await page.waitForTimeout(1000);
	} catch (error) {
		log(`logs panel not opened: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
	}
}

/** The execution shown in the editor, without the list of executions on its left. */
export async function captureExecution(page: Page, file: string): Promise<void> {
	const box = await page.locator('[data-test-id="execution-preview-host"]').first().boundingBox();
	if (!box) throw new Error('no execution preview');
	// From just below the Editor / Executions switch, which overlaps the preview's top edge.
	await capture(page, file, undefined, { x: box.x, y: box.y + 12, width: box.width, height: box.height - 12 });
}
