/**
 * What a person does first: find our nodes in the editor's node panel. n8n's editor hides nodes whose
 * codex says "AI" from every panel but the AI one (test/nodes/codex.test.ts says why); a backend
 * check (/types/nodes.json) lists them either way, so only the editor itself can show it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { createMockApi, type MockApi } from '../../tooling/mock-api';
import { N8nRest, PORT_RANGES, findFreePort, makeE2eUserFolder, removeE2eUserFolders, startN8n, type N8nServer } from '../../tooling/n8n';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

let mock: MockApi;
let server: N8nServer;
let rest: N8nRest;
let browser: Browser;
let page: Page;

beforeAll(async () => {
	if (!fs.existsSync(CHROMIUM)) throw new Error(`No chromium at ${CHROMIUM}: run bash tooling/install-chromium.sh`);
	const userFolder = await makeE2eUserFolder('browser');
	mock = await createMockApi({ videos: 30, folders: 10 });
	const port = await findFreePort(...PORT_RANGES.e2eN8n);
	const brokerPort = await findFreePort(...PORT_RANGES.e2eBroker, [port]);
	server = await startN8n({ userFolder, port, brokerPort, readyTimeoutMs: 180000 });
	rest = new N8nRest(server.url);
	await rest.ensureOwnerAndLogin();
	const { chromium } = await import('playwright-core');
	browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const [name, value] = rest.cookie.split(/=(.*)/s);
	await context.addCookies([{ name, value, url: server.url }]);
	page = await context.newPage();
});

afterAll(async () => {
	await browser?.close().catch(() => undefined);
	await server?.stop();
	await mock?.close();
	removeE2eUserFolders();
});

/** On failure: what the page showed, for whoever reads the CI log. */
async function evidence(label: string): Promise<string> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-browser-${label}-`));
	await page.screenshot({ path: path.join(dir, 'page.png') }).catch(() => undefined);
	fs.writeFileSync(path.join(dir, 'page.txt'), await page.locator('body').innerText().catch(() => ''));
	return dir;
}

/** Types a query into the open node panel, as a person does, and returns the names it lists. */
async function search(query: string): Promise<string[]> {
	const input = page.locator('[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]').first();
	await input.waitFor({ timeout: 30000 });
	await input.fill('');
	await input.pressSequentially(query, { delay: 150 });
	await page
		.locator('[data-test-id="node-creator-item-name"], [data-test-id="node-creator-no-results"]')
		.first()
		.waitFor({ timeout: 20000 });
	await page.waitForTimeout(500);
	return (await page.locator('[data-test-id="node-creator-item-name"]').allInnerTexts()).map((text) => text.trim());
}

/** The canvas's "+" (top right; on an empty canvas it opens the trigger panel, else the action panel). */
async function openNodePanel(): Promise<void> {
	await page.locator('[data-test-id="node-creator-plus-button"]').first().click({ timeout: 30000 });
	await page.locator('[data-test-id="node-creator"]').waitFor({ timeout: 30000 });
}

it('in an empty workflow, typing "Memories" in the trigger panel finds the Memories.ai trigger', async () => {
	await page.goto(`${server.url}/workflow/new`, { waitUntil: 'networkidle', timeout: 120000 });
	await openNodePanel();
	const names = await search('Memories');
	// The trigger panel lists a trigger under its app's name ("Memories.ai" for Memories.ai Trigger).
	if (!names.some((name) => name === 'Memories.ai' || name === 'Memories.ai Trigger')) throw new Error(`The trigger panel listed ${JSON.stringify(names)} (page: ${await evidence('trigger')})`);
});

it('after a Manual Trigger, the action panel finds Memories.ai, HeyGen and Konpro by name', async () => {
	const workflow = await rest.createWorkflow({
		name: 'Node panel',
		nodes: [{ id: 'a1b2c3d4-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	await page.goto(`${server.url}/workflow/${workflow.id}`, { waitUntil: 'networkidle', timeout: 120000 });
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60000 });
	await openNodePanel();
	for (const name of ['Memories.ai', 'HeyGen', 'Konpro']) {
		const names = await search(name);
		if (!names.includes(name)) throw new Error(`Searching "${name}" listed ${JSON.stringify(names)} (page: ${await evidence(name)})`);
	}
});
