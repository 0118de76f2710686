/**
 * n8n's editor as a person uses it, for the browser tests: Debian's chromium driven by
 * playwright-core, signed in with the owner's cookie. Selectors are the editor's own data-test-id
 * attributes (n8n 2.8.4); every wait is on a condition, bounded by playwright's timeouts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Browser, Locator, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const VIEWPORT = { width: 1440, height: 900 };
const SEARCH_BAR =
	'[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]';
const ITEM_NAME = '[data-test-id="node-creator-item-name"]';

/** A cell of the output table, by column header. */
export type OutputRow = Record<string, string>;

export class Editor {
	private constructor(
		private readonly browser: Browser,
		readonly page: Page,
		private readonly baseUrl: string,
	) {}

	/** Chromium with one page, signed in to n8n at `baseUrl` with `cookie` (`n8n-auth=...`). */
	static async launch(baseUrl: string, cookie: string): Promise<Editor> {
		if (!fs.existsSync(CHROMIUM))
			throw new Error(`No chromium at ${CHROMIUM}: run bash testbed/install-chromium.sh`);
		const { chromium } = await import('playwright-core');
		const browser = await chromium.launch({
			executablePath: CHROMIUM,
			headless: true,
			args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
		});
		const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
		const [name, value] = cookie.split(/=(.*)/s);
		await context.addCookies([{ name, value, url: baseUrl }]);
		return new Editor(browser, await context.newPage(), baseUrl);
	}

	async close(): Promise<void> {
		await this.browser.close().catch(() => undefined);
	}

	/** The node details view (the dialog a node opens in). */
	get ndv(): Locator {
		return this.page.locator('[data-test-id="ndv"]');
	}

	get output(): Locator {
		return this.ndv.locator('[data-test-id="output-panel"]');
	}

	/** A parameter's input in the open node, by the parameter's name (e.g. `limit`). */
	parameter(name: string): Locator {
		return this.ndv.locator(`[data-test-id="parameter-input-${name}"]`);
	}

	/** For a failure message: a screenshot and the page's text, in a temp folder whose path it returns. */
	async evidence(label: string): Promise<string> {
		const dir = fs.mkdtempSync(
			path.join(os.tmpdir(), `n8n-browser-${label.replace(/\W+/g, '-').slice(0, 40)}-`),
		);
		await this.page.screenshot({ path: path.join(dir, 'page.png') }).catch(() => undefined);
		fs.writeFileSync(
			path.join(dir, 'page.txt'),
			await this.page
				.locator('body')
				.innerText()
				.catch(() => ''),
		);
		return dir;
	}

	/** Runs `steps`; when they fail, the error names the evidence of what the page showed. */
	async explained(label: string, steps: () => Promise<void>): Promise<void> {
		try {
			await steps();
		} catch (error) {
			if (error instanceof Error) {
				const message = `${error.message}\n(page: ${await this.evidence(label)})`;
				// jest prints the stack, which repeats the message as it was when the error was made.
				error.stack = error.stack?.replace(error.message, message);
				error.message = message;
			}
			throw error;
		}
	}

	async screenshot(file: string): Promise<void> {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		await this.page.screenshot({ path: file });
	}

	/** A new, empty workflow. */
	async openNewWorkflow(): Promise<void> {
		await this.page.goto(`${this.baseUrl}/workflow/new`, {
			waitUntil: 'networkidle',
			timeout: 120000,
		});
	}

	/** Opens the workflow, unless it is the one shown (a reload would drop unsaved nodes, as for a person). */
	async showWorkflow(id: string): Promise<void> {
		if (new URL(this.page.url(), this.baseUrl).pathname !== `/workflow/${id}`) {
			await this.page.goto(`${this.baseUrl}/workflow/${id}`, {
				waitUntil: 'networkidle',
				timeout: 120000,
			});
		}
		await this.canvasNode().first().waitFor({ timeout: 60000 });
	}

	canvasNode(name?: string): Locator {
		const nodes = this.page.locator('[data-test-id="canvas-node"]');
		return name === undefined ? nodes : nodes.filter({ hasText: name });
	}

	/** The "+" of an empty canvas: the trigger panel. */
	async openTriggerPanel(): Promise<void> {
		await this.page
			.locator('[data-test-id="node-creator-plus-button"]')
			.first()
			.click({ timeout: 30000 });
		await this.page.locator('[data-test-id="node-creator"]').waitFor({ timeout: 30000 });
	}

	/**
	 * Selects the node `after` on the canvas and clicks the canvas's "+": the panel of what comes
	 * after it (the new node is connected to the selected one). n8n 2.41's canvas no longer opens
	 * the panel on Tab.
	 */
	async openNodePanel(after: string): Promise<void> {
		await this.canvasNode(after).first().click();
		await this.page
			.locator('[data-test-id="node-creator-plus-button"]')
			.first()
			.click({ timeout: 30000 });
		await this.page.locator('[data-test-id="node-creator"]').waitFor({ timeout: 30000 });
	}

	/** Types a query into the open node panel, as a person does, and returns the names it lists. */
	async search(query: string): Promise<string[]> {
		const input = this.page.locator(SEARCH_BAR).first();
		await input.waitFor({ timeout: 30000 });
		await input.fill('');
		await input.pressSequentially(query, { delay: 150 });
		await this.page
			.locator(`${ITEM_NAME}, [data-test-id="node-creator-no-results"]`)
			.first()
			.waitFor({ timeout: 20000 });
		// The list filters as the person types; the last keystroke's results settle shortly after.
		await this.page.waitForTimeout(500);
		return (await this.page.locator(ITEM_NAME).allInnerTexts()).map((text) => text.trim());
	}

	/** Clicks the entry named exactly `name` in the node panel (a node, a trigger or an action). */
	async choose(name: string): Promise<void> {
		await this.page
			.locator(ITEM_NAME)
			.filter({ hasText: new RegExp(`^${escapeRegExp(name)}$`) })
			.first()
			.click({ timeout: 20000 });
	}

	/** Searches the node panel for `node` and picks its action (or trigger event) `action`: the node opens. */
	async addNode(node: string, action: string): Promise<void> {
		await this.search(node);
		await this.choose(node);
		await this.choose(action);
		await this.ndv.waitFor({ timeout: 30000 });
	}

	/** The credential the open node's credential picker shows. */
	async selectedCredential(): Promise<string> {
		return this.ndv.locator('[data-test-id="node-credentials-select"] input').first().inputValue();
	}

	/** Picks `option` (by its name, not its description) in the dropdown that is open. */
	async pickOption(option: string): Promise<void> {
		await this.page
			.getByRole('option')
			.filter({ has: this.page.getByText(option, { exact: true }) })
			.first()
			.click({ timeout: 20000 });
	}

	async selectParameter(name: string, option: string): Promise<void> {
		await this.parameter(name).click();
		await this.pickOption(option);
	}

	/** Adds `option` to a collection ("Add Filter", "Add Field"...) of the open node. */
	async addCollectionOption(option: string): Promise<void> {
		await this.ndv.locator('[data-test-id="collection-parameter-add"]').first().click();
		await this.pickOption(option);
	}

	async fillParameter(name: string, value: string): Promise<void> {
		const input = this.parameter(name).locator('input').first();
		await input.fill(value);
		await input.blur();
	}

	/** Switches the parameter to Expression, types `{{ expression }}` and waits until the editor previews `result`. */
	async setExpression(name: string, expression: string, result: string): Promise<void> {
		await this.parameter(name).hover();
		await this.ndv
			.locator(
				`[data-test-id="${name}-parameter-input-options-container"] [data-test-id="radio-button-expression"]`,
			)
			.click();
		const editor = this.ndv.locator('[data-test-id="inline-expression-editor-input"]').first();
		await editor.click();
		await this.page.keyboard.press('ControlOrMeta+A');
		await this.page.keyboard.press('Delete');
		// The editor closes the braces itself.
		await editor.pressSequentially(`{{ ${expression} `);
		// The preview under the field is computed from the node's stored value: it shows `result` once
		// the editor has handed its text to the node (it does so after a pause), so "Execute step" uses it.
		await this.ndv
			.locator(`[data-test-id="parameter-expression-preview-${name}"]`)
			.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(result)}\\s*$`) })
			.waitFor({ timeout: 10000 });
	}

	/** A resource locator in "From list" mode: types `query` into its search and picks `item`; returns what the list showed. */
	async pickFromList(name: string, query: string, item: string): Promise<string[]> {
		await this.ndv
			.locator(`[data-test-id="resource-locator-${name}"] [data-test-id="rlc-input"]`)
			.click();
		const search = this.page.locator('[data-test-id="rlc-search"]');
		await search.pressSequentially(query, { delay: 100 });
		const wanted = this.page
			.locator('[data-test-id="rlc-item"]')
			.filter({ hasText: new RegExp(`^${escapeRegExp(item)}$`) });
		await wanted.first().waitFor({ timeout: 20000 });
		const listed = (await this.page.locator('[data-test-id="rlc-item"]').allInnerTexts()).map(
			(text) => text.trim(),
		);
		await wanted.first().click();
		return listed;
	}

	/** Clicks the open node's "Execute step" (on a trigger: "Fetch Test Event") and waits until the run ended as `outcome`. */
	async executeStep(outcome: 'success' | 'error'): Promise<void> {
		await this.ndv.locator('[data-test-id="node-execute-button"]').first().click();
		const marker = outcome === 'success' ? 'node-run-status-success' : 'node-error-message';
		await this.output.locator(`[data-test-id="${marker}"]`).first().waitFor({ timeout: 60000 });
	}

	/** The output panel's table, one record per row, keyed by column header. */
	async outputTable(): Promise<OutputRow[]> {
		const table = this.output.locator('[data-test-id="ndv-data-container"] table').first();
		await table.waitFor({ timeout: 30000 });
		return table.evaluate((element) => {
			const headers = [...element.querySelectorAll('thead th')].map((th) =>
				(th.textContent ?? '').trim(),
			);
			return [...element.querySelectorAll('tbody tr')].map((tr) => {
				const row: Record<string, string> = {};
				[...tr.querySelectorAll('td')].forEach((td, index) => {
					if (headers[index]) row[headers[index]] = (td.textContent ?? '').trim();
				});
				return row;
			});
		});
	}

	/** The node error view's message and description. */
	async outputError(): Promise<{ message: string; description: string }> {
		const message = await this.output
			.locator('[data-test-id="node-error-message"]')
			.first()
			.innerText();
		const description = await this.output
			.locator('[data-test-id="node-error-description"]')
			.first()
			.innerText()
			.catch(() => '');
		return { message: message.trim(), description: description.trim() };
	}

	async closeNdv(): Promise<void> {
		await this.ndv.locator('[data-test-id="ndv-close-button"]').click();
		await this.ndv.waitFor({ state: 'hidden', timeout: 20000 });
	}

	/** Opens a node on the canvas (double click), as a person does. */
	async openNode(name: string): Promise<void> {
		await this.canvasNode(name).first().dblclick();
		await this.ndv.waitFor({ timeout: 30000 });
	}

	/** "Execute workflow" on the canvas; waits until every node shows a successful run. */
	async executeWorkflow(): Promise<void> {
		await this.page.locator('[data-test-id="execute-workflow-button"]').first().click();
		const nodes = await this.canvasNode().count();
		await this.page
			.locator('.el-notification')
			.filter({ hasText: 'Workflow executed successfully' })
			.waitFor({ timeout: 60000 });
		await this.page
			.locator('[data-test-id="canvas-node"] [data-test-id="canvas-node-status-success"]')
			.nth(nodes - 1)
			.waitFor({ timeout: 10000 });
	}

	/** For a screenshot: the canvas tidied up and fitted into view, no notifications over it. */
	async arrangeCanvas(): Promise<void> {
		await this.page.locator('[data-test-id="tidy-up-button"]').first().click();
		await this.page.locator('[data-test-id="zoom-to-fit"]').first().click();
		// The pointer off the canvas controls, which light up under it.
		await this.page.mouse.move(VIEWPORT.width / 2, 5);
		await this.dismissNotifications();
	}

	async dismissNotifications(): Promise<void> {
		// All at once: a closed notification stays in the page while it fades out.
		await this.page
			.locator('.el-notification .el-notification__closeBtn')
			.evaluateAll((buttons) =>
				buttons.forEach((button) => (button as unknown as { click(): void }).click()),
			);
		await this.page
			.locator('.el-notification')
			.first()
			.waitFor({ state: 'detached', timeout: 10000 });
	}
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
