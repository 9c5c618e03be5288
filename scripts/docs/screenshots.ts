/**
 * Screenshots for the README, taken from the real n8n editor (`npm run docs:screenshots`):
 * starts n8n (tools/n8n), the Claap simulator and the fake model (tools/fakeModel), makes the
 * executions they show (scenes.ts), then drives Debian's Chromium with playwright-core
 * (editor.ts).
 *
 * Writes docs/trigger-parameters.png, docs/claap-operations.png, docs/execution.png and
 * docs/ai-agent.png; name some of them (`npm run docs:screenshots -- ai-agent`) to take only
 * those. Chromium comes from apt (`chromium`), never from a browser download; set
 * SCREENSHOTS_DEBUG_DIR to also keep full-page captures of every step.
 */
import type { Page } from 'playwright-core';

import { startSimulator } from '../../simulator';
import { startFakeModel } from '../../tools/fakeModel';
import { startN8n, type N8nInstance } from '../../tools/n8n/n8n';
import { canvasNode, capture, captureExecution, debugShot, launchBrowser, log, loggedInPage, openWorkflow, showNodeLogs } from './editor';
import { agentConversation, claapCredentials, deliveredRecording, type Credentials, type Run } from './scenes';

/** The Claap Trigger's parameters, with its Production URL and set-up notice. */
async function triggerParameters(page: Page, n8n: N8nInstance, summary: Run): Promise<void> {
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
}

/** The Claap node's actions and the trigger's events in the nodes panel. */
async function claapOperations(page: Page, n8n: N8nInstance, summary: Run): Promise<void> {
	await openWorkflow(page, n8n, summary.workflowId);
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
}

/** A finished run of "new recording -> Slack summary", with the summary's output. */
async function execution(page: Page, n8n: N8nInstance, summary: Run): Promise<void> {
	await openWorkflow(page, n8n, summary.workflowId, `/executions/${summary.executionId}`);
	await debugShot(page, '5-execution');
	await showNodeLogs(page, 'Slack Summary');
	await debugShot(page, '6-execution-logs');
	await captureExecution(page, 'execution.png');
}

/** The AI agent example after a question: the Claap Tool's calls and the transcript it returned. */
async function aiAgent(page: Page, n8n: N8nInstance, agent: Run): Promise<void> {
	await openWorkflow(page, n8n, agent.workflowId, `/executions/${agent.executionId}`);
	await debugShot(page, '7-agent-execution');
	await showNodeLogs(page, 'Get Transcript');
	await debugShot(page, '8-agent-logs');
	await captureExecution(page, 'ai-agent.png');
}

const SHOTS = ['trigger-parameters', 'claap-operations', 'execution', 'ai-agent'] as const;

async function main(): Promise<void> {
	const wanted = process.argv.slice(2);
	const unknown = wanted.filter((name) => !(SHOTS as readonly string[]).includes(name));
	if (unknown.length > 0) throw new Error(`unknown screenshot ${unknown.join(', ')}; known: ${SHOTS.join(', ')}`);
	const take = (name: (typeof SHOTS)[number]) => wanted.length === 0 || wanted.includes(name);

	const claap = await startSimulator();
	const model = await startFakeModel();
	log('starting n8n...');
	const n8n = await startN8n({ maxLifetimeSeconds: 900 });
	const browser = await launchBrowser();
	try {
		const credentials: Credentials = await claapCredentials(n8n, claap);
		const summary = await deliveredRecording(n8n, claap, credentials);
		const agent = take('ai-agent') ? await agentConversation(n8n, model, credentials) : undefined;
		log(`n8n ${n8n.version} at ${n8n.baseUrl}; example workflow ${summary.workflowId}, execution ${summary.executionId}`);
		const page = await loggedInPage(browser, n8n);
		if (take('trigger-parameters')) await triggerParameters(page, n8n, summary);
		if (take('claap-operations')) await claapOperations(page, n8n, summary);
		if (take('execution')) await execution(page, n8n, summary);
		if (agent) await aiAgent(page, n8n, agent);
	} finally {
		await browser.close();
		await n8n.stop();
		await model.close();
		await claap.close();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
