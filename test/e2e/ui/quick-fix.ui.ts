/**
 * What a person sees, through the UI of a real VS Code (code-server) with the packaged layerwise.vsix installed:
 * the squiggles and the Problems count on the naive Next.js Dockerfile, the lightbulb and the quick-fix menu on
 * the copy-manifests-first finding, the reorder fix picked in the menu, then Ctrl+S and the file on disk.
 *
 * scripts/e2e/run.mjs starts code-server and passes LAYERWISE_E2E_UI (JSON: url, workspace, shots, playwright,
 * chromium, profile). Screenshots of each step land in `shots`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { DIAGNOSTICS, NEXTJS_AFTER_REORDER, NEXTJS_AFTER_REORDER_DIAGNOSTICS, REORDER_TITLE_PREFIX } from '../expected';

// The few playwright-core calls used here (the driver lives in the e2e cache, outside the project's dependencies).
// Code that runs in the page is written as string expressions: the project's type-check has no DOM library.
interface PageElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
}
interface Locator {
  first(): Locator;
  click(options?: { timeout?: number }): Promise<void>;
  waitFor(options?: { state?: 'visible' | 'attached' | 'detached' | 'hidden'; timeout?: number }): Promise<void>;
  getAttribute(name: string, options?: { timeout?: number }): Promise<string | null>;
  innerText(options?: { timeout?: number }): Promise<string>;
  count(): Promise<number>;
  evaluateAll<R>(fn: (els: PageElement[]) => R): Promise<R>;
}
interface Page {
  goto(url: string, options?: { waitUntil?: string; timeout?: number }): Promise<unknown>;
  waitForSelector(selector: string, options?: { timeout?: number; state?: string }): Promise<unknown>;
  waitForFunction(expression: string, arg: undefined, options?: { timeout?: number; polling?: 'raf' | number }): Promise<unknown>;
  locator(selector: string, options?: { hasText?: string }): Locator;
  keyboard: { press(key: string): Promise<void>; type(text: string): Promise<void> };
  screenshot(options: { path: string }): Promise<unknown>;
  evaluate<R>(expression: string): Promise<R>;
  on(event: 'pageerror', fn: (e: Error) => void): void;
}
interface BrowserContext {
  pages(): Page[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
interface Chromium {
  launchPersistentContext(dir: string, options: Record<string, unknown>): Promise<BrowserContext>;
}

interface UiContext {
  url: string;
  workspace: string;
  shots: string;
  playwright: string;
  chromium: string;
  profile: string;
}

const FILE = 'nextjs/Dockerfile';
const SEVERITY_LABEL: Record<string, string> = { error: 'Errors', warning: 'Warnings', info: 'Infos' };

/** The status bar's Problems label for a table, e.g. `Warnings: 3` (VS Code leaves out zero counts, hints not shown). */
function problemsLabel(rows: readonly string[]): string {
  const count = (sev: string) => rows.filter((r) => r.split(' ')[1] === sev).length;
  const parts = ['error', 'warning', 'info'].filter((s) => count(s) > 0).map((s) => `${SEVERITY_LABEL[s]}: ${count(s)}`);
  return parts.length ? parts.join(', ') : 'No Problems';
}

/** Waits until the status bar's Problems entry reads `label` (its aria-label, e.g. `Warnings: 3`). */
async function waitForProblemsLabel(page: Page, label: string): Promise<void> {
  const expr = `(() => { const e = document.getElementById('status.problems'); if (!e) return false;
    const labels = [e, ...e.querySelectorAll('[aria-label]')].map((x) => x.getAttribute('aria-label'));
    return labels.includes(${JSON.stringify(label)}); })()`;
  try {
    await page.waitForFunction(expr, undefined, { timeout: 30_000 });
  } catch (e) {
    const now = await page.evaluate<string | null>(`(() => { const e = document.getElementById('status.problems'); return e && (e.getAttribute('aria-label') || (e.querySelector('[aria-label]') || e).getAttribute('aria-label')); })()`);
    throw new Error(`the Problems status reads ${JSON.stringify(now)}, not ${JSON.stringify(label)}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Waits until a visible line of the active editor reads `text` (Monaco renders spaces as U+00A0). */
async function waitForEditorLine(page: Page, text: string): Promise<void> {
  const expr = `[...document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line')]
    .some((l) => (l.textContent || '').replace(/\u00a0/g, ' ') === ${JSON.stringify(text)})`;
  await page.waitForFunction(expr, undefined, { timeout: 15_000 });
}

/** Resolves when `file` holds `expected`, on fs.watch events of its folder, with a timeout. */
function waitForDisk(file: string, expected: string, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const read = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
    const watcher = fs.watch(path.dirname(file), () => {
      if (read() === expected) finish();
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`timed out after ${ms} ms waiting for ${file} on disk; it holds:\n${read()}`));
    }, ms);
    const finish = () => {
      clearTimeout(timer);
      watcher.close();
      resolve();
    };
    if (read() === expected) finish();
  });
}

describe('UI: the packaged extension in code-server, driven like a user', function () {
  this.timeout(180_000);
  const ctx = JSON.parse(process.env.LAYERWISE_E2E_UI ?? 'null') as UiContext | null;
  let browser: BrowserContext;
  let page: Page;
  const shot = async (name: string) => {
    const p = path.join(ctx!.shots, `${name}.png`);
    await page.screenshot({ path: p });
    console.log(`      screenshot: ${p}`);
  };
  const squiggles = '.editor-instance .monaco-editor .view-overlays [class*="squiggly-"]';

  before(async function () {
    assert.ok(ctx, 'LAYERWISE_E2E_UI is not set: run this through `npm run test:e2e` (scripts/e2e/run.mjs)');
    fs.mkdirSync(ctx.shots, { recursive: true });
    const { chromium } = createRequire(path.join(ctx.playwright, 'package.json'))('playwright-core') as { chromium: Chromium };
    browser = await chromium.launchPersistentContext(ctx.profile, {
      executablePath: ctx.chromium,
      headless: true,
      viewport: { width: 1280, height: 720 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('pageerror', (e) => console.log(`      [page error] ${String(e).split('\n')[0]}`));
  });

  after(async () => {
    await browser?.close();
  });

  it('opens the workspace in the workbench', async () => {
    await page.goto(ctx!.url, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    await shot('01-workbench');
  });

  it('opens the naive Next.js Dockerfile as a Dockerfile', async () => {
    const tab = '.tabs-container .tab[data-resource-name="Dockerfile"]';
    // Quick Open (Ctrl+P). Right after load the workbench may still swallow keys: try again, then the Explorer.
    for (let attempt = 1; ; attempt++) {
      try {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+P');
        await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 5_000 });
        await page.keyboard.type('Dockerfile');
        await page.locator('.quick-input-list .monaco-list-row[aria-label*="Dockerfile"]').first().click({ timeout: 10_000 });
        await page.waitForSelector(tab, { timeout: 10_000 });
        break;
      } catch (e) {
        console.log(`      quick open attempt ${attempt} failed: ${String((e as Error).message).split('\n')[0]}`);
        if (attempt === 3) throw e;
      }
    }
    await page.waitForSelector('.editor-instance .monaco-editor .view-lines .view-line', { timeout: 10_000 });
    assert.equal((await page.locator('#status\\.editor\\.mode').innerText({ timeout: 10_000 })).trim(), 'Docker');
  });

  it('shows the squiggles and the Problems count', async () => {
    await page.waitForSelector(squiggles, { timeout: 60_000 });
    const want = problemsLabel(DIAGNOSTICS[FILE]);
    await waitForProblemsLabel(page, want);
    await shot('02-squiggles');
    await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 30_000 });
    // The file's row counts the problems; each problem's row gives its severity and position.
    const n = DIAGNOSTICS[FILE].length;
    const wanted = [
      `${n} problem${n === 1 ? '' : 's'} in file Dockerfile`,
      ...DIAGNOSTICS[FILE].map((r) => {
        const [line, col] = r.split(/[:-]/).map(Number);
        const sev = { error: 'Error', warning: 'Warning', info: 'Info', hint: 'Hint' }[r.split(' ')[1]];
        return `${sev}: .* at line ${line} and character ${col}\\.`;
      }),
    ];
    const rowsExpr = `[...document.querySelectorAll('.markers-panel .monaco-list-row')].map((e) => e.getAttribute('aria-label') || '')`;
    const allThere = `(() => { const rows = ${rowsExpr}; return ${JSON.stringify(wanted)}.every((w) => rows.some((r) => new RegExp('^' + w).test(r))); })()`;
    try {
      await page.waitForFunction(allThere, undefined, { timeout: 15_000 });
    } catch {
      throw new Error(`Problems rows ${JSON.stringify(await page.evaluate<string[]>(rowsExpr), null, 1)}\ndo not match ${JSON.stringify(wanted, null, 1)}`);
    }
    await shot('03-problems');
  });

  it('shows the lightbulb on the copy-manifests-first finding (`npm ci`)', async () => {
    const finding = DIAGNOSTICS[FILE].find((r) => r.endsWith(' copy-manifests-first'));
    assert.ok(finding, 'the table has a copy-manifests-first finding');
    const [line, col] = finding.split(/[:-]/).map(Number);
    // Focus the editor and go to the finding (Ctrl+G line:column).
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 5_000 });
    await page.keyboard.type(`${line}:${col}`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.quick-input-widget', { state: 'hidden', timeout: 5_000 });
    await page.waitForSelector('.editor-instance .monaco-editor .glyph-margin-widgets [class*="codicon-gutter-lightbulb"]', { timeout: 15_000 });
    await shot('04-squiggle-lightbulb');
  });

  it('lists the reorder fix in the quick-fix menu and applies it', async () => {
    await page.keyboard.press('Control+.');
    await page.waitForSelector('.action-widget .monaco-list-row.action', { timeout: 15_000 });
    const titles = await page.locator('.action-widget .monaco-list-row.action').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
    const reorder = titles.find((t) => t.startsWith(REORDER_TITLE_PREFIX));
    assert.ok(reorder, `a quick fix starting "${REORDER_TITLE_PREFIX}" in ${JSON.stringify(titles)}`);
    await shot('05-quick-fix-menu');
    await page.locator('.action-widget .monaco-list-row.action', { hasText: REORDER_TITLE_PREFIX }).first().click();
    await page.waitForSelector('.action-widget .monaco-list-row.action', { state: 'hidden', timeout: 10_000 });
    await waitForEditorLine(page, NEXTJS_AFTER_REORDER.split('\n')[2]);
  });

  it('saves the fixed file to disk, and the finding is gone', async () => {
    await page.keyboard.press('Control+S');
    await waitForDisk(path.join(ctx!.workspace, 'Dockerfile'), NEXTJS_AFTER_REORDER, 15_000);
    await page.waitForSelector('.tabs-container .tab.dirty[data-resource-name="Dockerfile"]', { state: 'detached', timeout: 10_000 });
    const want = problemsLabel(NEXTJS_AFTER_REORDER_DIAGNOSTICS);
    await waitForProblemsLabel(page, want);
    await shot('06-fixed-and-saved');
  });
});
