#!/usr/bin/env node
/**
 * Screenshots of the nodes in the real n8n editor → docs/screenshot.png (workflow canvas) and
 * docs/screenshot-node.png (a Memories.ai node executed against the mock API, output table).
 *
 * Needs Chromium from Debian (`apt-get install -y chromium`, /usr/bin/chromium; override with
 * CHROMIUM_PATH) and drives it with playwright-core (root devDependency). Runs a throwaway n8n
 * (temp user folder, packed package installed as a community package) and the mock API in-process;
 * everything it starts is stopped at the end.
 *
 *   npm run screenshot -- [--skip-build] [--keep]   (--keep: leave the temp user folder)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { createMockApi, type MockApi } from './mock-api';
import * as h from './n8n';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const OUT_DIR = path.join(h.ROOT, 'docs');
const VIEWPORT = { width: 1440, height: 900 };

type CredentialRef = { id: string; name: string };
type Creds = Record<'memoriesAiApi' | 'heyGenApi' | 'konproApi', CredentialRef>;

function workflow(creds: Creds) {
	const P = h.PACKAGE_NAME;
	const node = (
		id: string,
		name: string,
		type: string,
		position: [number, number],
		parameters: Record<string, unknown>,
		credentials?: Record<string, CredentialRef>,
	): h.WorkflowNode => ({
		id,
		name,
		type,
		typeVersion: 1,
		position,
		parameters,
		...(credentials ? { credentials } : {}),
	});
	const mem = { memoriesAiApi: creds.memoriesAiApi };
	return {
		name: 'AI video nodes',
		nodes: [
			node('11111111-0000-4000-8000-000000000003', 'Start', 'n8n-nodes-base.manualTrigger', [0, 180], {}),
			node('11111111-0000-4000-8000-000000000004', 'Get parsed videos', `${P}.memoriesAi`, [260, 0], {
				resource: 'video',
				operation: 'getAll',
				returnAll: false,
				limit: 10,
				filters: { status: 'PARSE' },
			}, mem),
			node('11111111-0000-4000-8000-000000000005', 'List HeyGen folders', `${P}.heyGen`, [260, 180], {
				resource: 'folder',
				operation: 'getAll',
				returnAll: true,
			}, { heyGenApi: creds.heyGenApi }),
			node('11111111-0000-4000-8000-000000000006', 'Create Konpro folder', `${P}.konpro`, [260, 360], {
				resource: 'folder',
				operation: 'create',
				name: 'Campaign {{ $now.toFormat("yyyy-MM") }}',
				additionalFields: {},
			}, { konproApi: creds.konproApi }),
			node('11111111-0000-4000-8000-000000000001', 'Video finished', `${P}.memoriesAiTrigger`, [0, 620], {
				pollTimes: { item: [{ mode: 'everyMinute' }] },
				triggerOn: ['PARSE', 'FAILED'],
				uniqueId: 'default',
			}, mem),
			node('11111111-0000-4000-8000-000000000002', 'Get video details', `${P}.memoriesAi`, [260, 620], {
				resource: 'video',
				operation: 'get',
				videoNo: '={{ $json.video_no }}',
			}, mem),
		],
		connections: {
			'Video finished': { main: [[{ node: 'Get video details', type: 'main', index: 0 }]] },
			Start: {
				main: [
					[
						{ node: 'Get parsed videos', type: 'main', index: 0 },
						{ node: 'List HeyGen folders', type: 'main', index: 0 },
						{ node: 'Create Konpro folder', type: 'main', index: 0 },
					],
				],
			},
		},
		settings: { executionOrder: 'v1' },
	};
}

/** Closes the pop-ups n8n may show on a fresh instance, if any. */
async function dismissPopups(page: Page): Promise<void> {
	for (const label of ['Close', 'Got it', 'Skip', 'Dismiss']) {
		const btn = page.getByRole('button', { name: label, exact: true });
		if (await btn.count()) await btn.first().click({ timeout: 1000 }).catch(() => {});
	}
	await page.keyboard.press('Escape').catch(() => {});
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(`Chromium not found at ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).`);
	}
	const { chromium } = await import('playwright-core');

	await h.ensureN8nInstalled();
	if (!args.includes('--skip-build')) {
		console.log('Building the package...');
		await h.buildPackage({ stream: false });
	}
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-screenshot-'));
	let mock: MockApi | undefined;
	let server: h.N8nServer | undefined;
	let browser: Browser | undefined;
	try {
		const tarball = await h.packPackage(path.join(userFolder, 'pack'));
		await h.installPackageIntoUserFolder(userFolder, tarball);
		const api = await createMockApi({ videos: 40, folders: 15 });
		mock = api;
		const port = await h.findFreePort(...h.PORT_RANGES.e2eN8n);
		const brokerPort = await h.findFreePort(...h.PORT_RANGES.e2eBroker);
		console.log(`Starting n8n on 127.0.0.1:${port}...`);
		server = await h.startN8n({ userFolder, port, brokerPort, readyTimeoutMs: 180000 });
		const rest = new h.N8nRest(server.url);
		await rest.ensureOwnerAndLogin();
		const credential = async (type: keyof Creds, key: 'memoriesAi' | 'heyGen' | 'konpro', label: string): Promise<CredentialRef> => {
			const c = await rest.createCredential({ name: label, type, data: { apiKey: api.keys[key], baseUrl: api.baseUrls[key] } });
			return { id: c.id, name: label };
		};
		const creds: Creds = {
			memoriesAiApi: await credential('memoriesAiApi', 'memoriesAi', 'Memories.ai account'),
			heyGenApi: await credential('heyGenApi', 'heyGen', 'HeyGen account'),
			konproApi: await credential('konproApi', 'konpro', 'Konpro account'),
		};
		const wf = await rest.createWorkflow(workflow(creds));

		browser = await chromium.launch({
			executablePath: CHROMIUM,
			headless: true,
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
			],
		});
		const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
		const [name, value] = rest.cookie.split(/=(.*)/s);
		await context.addCookies([{ name, value, url: server.url }]);
		const page = await context.newPage();
		await page.goto(`${server.url}/workflow/${wf.id}`, { waitUntil: 'networkidle', timeout: 120000 });
		await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 60000 });
		await dismissPopups(page);

		// Run the workflow from "Start" so the canvas shows item counts from the mock API.
		const run = page.locator('[data-test-id="execute-workflow-button"]').first();
		if (await run.count()) {
			// Two triggers: the split button's menu picks which one "Execute workflow" starts from.
			const chevron = page.getByRole('button', { name: 'Select trigger node' });
			if (await chevron.count()) {
				await chevron.first().click();
				await page.getByRole('menuitem').filter({ hasText: 'Start' }).first().click({ timeout: 5000 }).catch(() => {});
				await page.waitForTimeout(300);
			}
			await run.click();
			await page.waitForSelector('[data-test-id="canvas-node-status-success"]', { timeout: 60000 }).catch(() => {});
			await page.waitForTimeout(1500);
		}
		await dismissPopups(page);
		const fit = page.locator('[data-test-id="zoom-to-fit"]');
		if (await fit.count()) await fit.first().click().catch(() => {});
		// One step out, so the floating "Execute workflow" button covers no node.
		const zoomOut = page.locator('[data-test-id="zoom-out-button"]');
		if (await zoomOut.count()) await zoomOut.first().click().catch(() => {});
		await page.waitForTimeout(800);
		fs.mkdirSync(OUT_DIR, { recursive: true });
		const canvasShot = path.join(OUT_DIR, 'screenshot.png');
		await page.screenshot({ path: canvasShot });
		console.log(`Saved ${path.relative(h.ROOT, canvasShot)}`);

		// Node detail view of "Get parsed videos", with its output.
		await page.locator('[data-test-id="canvas-node"]').filter({ hasText: 'Get parsed videos' }).first().dblclick({ force: true });
		await page.waitForSelector('[data-test-id="ndv"]', { timeout: 30000 });
		await page.waitForTimeout(1000);
		// Show the output table (the workflow run above already filled it; otherwise run the step).
		if (!(await page.locator('[data-test-id="ndv-output-panel"] table').count())) {
			const step = page.locator('[data-test-id="node-execute-button"]').first();
			if (await step.count()) await step.click().catch(() => {});
		}
		await page.waitForSelector('[data-test-id="ndv-output-panel"] table', { timeout: 30000 }).catch(() => {});
		await page.waitForTimeout(1000);
		const nodeShot = path.join(OUT_DIR, 'screenshot-node.png');
		await page.screenshot({ path: nodeShot });
		console.log(`Saved ${path.relative(h.ROOT, nodeShot)}`);
	} finally {
		if (browser) await browser.close().catch(() => {});
		if (server) await server.stop();
		if (mock) await mock.close();
		if (!args.includes('--keep')) fs.rmSync(userFolder, { recursive: true, force: true });
		else console.log(`Kept ${userFolder}`);
	}
}

main().catch((err: unknown) => {
	console.error(`\n${err instanceof Error ? err.stack || err.message : String(err)}`);
	process.exit(1);
});
