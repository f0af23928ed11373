import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { allRuleMetas } from '../../server/src/rules';
import { applyTextEdits, editsFor, fileUri, fmt, LspClient, SERVER } from './harness';

/**
 * These tests are about the protocol, so they run the three foundation rules only: every other rule is turned off
 * through the settings, which also proves that settings reach the server. Rules added later do not change them.
 */
const FOUNDATION = ['copy-manifests-first', 'pin-image-tag', 'run-as-non-root'];
const OTHERS_OFF = Object.fromEntries(allRuleMetas().filter((m) => !FOUNDATION.includes(m.id)).map((m) => [m.id, 'off']));
const withRules = (rules: Record<string, string> = {}) => ({ rules: { ...OTHERS_OFF, ...rules } });

const NAIVE = 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "server.js"]\n';

describe('language server over stdio', function () {
  let dir: string;
  let client: LspClient;
  let uri: string;

  before(function () {
    if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`node scripts/build.mjs\` first (npm run test:lsp does)`);
  });

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-lsp-'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "app" }');
    fs.writeFileSync(path.join(dir, 'package-lock.json'), '{}');
    uri = fileUri(path.join(dir, 'Dockerfile'));
    client = new LspClient({ settings: withRules() });
  });

  afterEach(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('announces its capabilities', async () => {
    const init = await client.initialize(dir);
    assert.equal(init.capabilities.textDocumentSync, 2);
    assert.deepEqual(init.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.layerwise'], resolveProvider: false });
    assert.equal(init.capabilities.hoverProvider, true);
    assert.equal(init.serverInfo?.name, 'layerwise');
  });

  it('publishes diagnostics on open with rule ids, ranges, source, severity and a doc link', async () => {
    await client.initialize(dir);
    const p = await client.open(uri, NAIVE);
    assert.deepEqual(p.diagnostics.map(fmt), ['1:1-1:20 run-as-non-root', '4:5-4:11 copy-manifests-first']);
    const d = p.diagnostics[1];
    assert.equal(d.source, 'layerwise');
    assert.equal(d.severity, 2);
    assert.equal(d.message, '`npm ci` runs after `COPY . .` (line 3), so any source change reinstalls every dependency. Copy the package.json and lock file first, install, then copy the rest.');
    assert.match(String(d.codeDescription!.href), /^file:\/\/.*\/docs\/rules\/copy-manifests-first\.md$/);
    assert.equal(fs.existsSync(new URL(d.codeDescription!.href)), true, 'the doc link points at a real file');
    assert.deepEqual(d.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.message]), [[uri, 2, 'the broad copy of the build context']]);
  });

  it('re-publishes after every change, full and incremental', async () => {
    await client.initialize(dir);
    await client.open(uri, NAIVE);
    const pinned = await client.change(uri, 'FROM node\nUSER node\n');
    assert.deepEqual(pinned.diagnostics.map(fmt), ['1:6-1:10 pin-image-tag']);
    const fixed = await client.edit(uri, { start: { line: 0, character: 9 }, end: { line: 0, character: 9 } }, ':22');
    assert.equal(client.text(uri), 'FROM node:22\nUSER node\n');
    assert.deepEqual(fixed.diagnostics, []);
  });

  it('offers the fix as a preferred quick fix, plus an ignore action; applying the fix gives the expected text', async () => {
    await client.initialize(dir);
    const p = await client.open(uri, NAIVE);
    const diag = p.diagnostics.find((d) => d.code === 'copy-manifests-first')!;
    const actions = await client.codeActions(uri, diag.range, [diag], ['quickfix']);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred ?? false]),
      [
        ['Copy package.json package-lock.json first, install, then copy the source', 'quickfix', true],
        ['Ignore copy-manifests-first for this line', 'quickfix', false],
        ['Ignore copy-manifests-first for this file', 'quickfix', false],
      ],
    );
    const fixed = applyTextEdits(NAIVE, editsFor(actions[0].edit, uri));
    assert.equal(fixed, 'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nCMD ["node", "server.js"]\n');
    const ignored = applyTextEdits(NAIVE, editsFor(actions[1].edit, uri));
    assert.equal(ignored, 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\n# layerwise-ignore copy-manifests-first\nRUN npm ci && npm run build\nCMD ["node", "server.js"]\n');
    const after = await client.change(uri, ignored);
    assert.deepEqual(after.diagnostics.map(fmt), ['1:1-1:20 run-as-non-root']);
  });

  it('unsafe fixes are offered but not preferred', async () => {
    await client.initialize(dir);
    const p = await client.open(uri, NAIVE);
    const diag = p.diagnostics.find((d) => d.code === 'run-as-non-root')!;
    const actions = await client.codeActions(uri, diag.range, [diag]);
    assert.deepEqual(actions.map((a) => [a.title, a.isPreferred ?? false]), [
      ["Run as the image's built-in node user (USER node)", false],
      ['Ignore run-as-non-root for this line', false],
      ['Ignore run-as-non-root for this file', false],
    ]);
  });

  it('source.fixAll.layerwise applies every safe fix and only those', async () => {
    await client.initialize(dir);
    const text = 'FROM python\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n';
    fs.writeFileSync(path.join(dir, 'requirements.txt'), 'flask\n');
    await client.open(uri, text);
    const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']);
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all safe Layerwise findings (2)', 'source.fixAll.layerwise']]);
    const fixed = applyTextEdits(text, editsFor(actions[0].edit, uri));
    assert.equal(fixed, 'FROM python:3.14\nWORKDIR /app\nCOPY requirements.txt ./\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n');
    const after = await client.change(uri, fixed);
    assert.deepEqual(after.diagnostics.map(fmt), ['1:1-1:17 run-as-non-root'], 'the unsafe fix is left for the user');
  });

  it('no fix-all action when nothing safe can be fixed', async () => {
    await client.initialize(dir);
    await client.open(uri, 'FROM alpine:3.24\nCMD ["sh"]\n');
    const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.layerwise']);
    assert.deepEqual(actions, []);
  });

  it('hover over a finding explains the rule', async () => {
    await client.initialize(dir);
    await client.open(uri, NAIVE);
    const h = await client.hover(uri, 3, 6);
    const value = (h!.contents as { kind: string; value: string }).value;
    assert.equal((h!.contents as { kind: string }).kind, 'markdown');
    assert.match(value, /^\*\*Copy dependency manifests and install before copying the source\*\* `copy-manifests-first`\n\n`npm ci` runs after/);
    assert.match(value, /\*Why:\* Docker reuses a layer only while everything before it is unchanged\./);
    assert.match(value, /\*Fix:\* Copy package\.json package-lock\.json first, install, then copy the source \(safe\)/);
    assert.equal(await client.hover(uri, 1, 2), null, 'nothing to explain outside findings');
  });

  it('severity settings apply live, and off silences a rule', async () => {
    await client.initialize(dir);
    await client.open(uri, NAIVE);
    let wait = client.waitFor(uri, (p) => p.diagnostics.some((d) => d.code === 'run-as-non-root' && d.severity === 1));
    await client.setSettings(withRules({ 'run-as-non-root': 'error' }));
    let p = await wait;
    assert.deepEqual(p.diagnostics.map((d: Diagnostic) => [d.code, d.severity]), [['run-as-non-root', 1], ['copy-manifests-first', 2]]);
    wait = client.waitFor(uri, (q) => !q.diagnostics.some((d) => d.code === 'run-as-non-root'));
    await client.setSettings(withRules({ 'run-as-non-root': 'off', 'copy-manifests-first': 'hint' }));
    p = await wait;
    assert.deepEqual(p.diagnostics.map((d: Diagnostic) => [d.code, d.severity]), [['copy-manifests-first', 4]]);
    wait = client.waitFor(uri, (q) => q.diagnostics.length === 0);
    await client.setSettings({ ...withRules(), enable: false });
    await wait;
  });

  it('settings from initializationOptions when the client has no workspace/configuration', async () => {
    await client.shutdown();
    client = new LspClient({ configuration: false, settings: withRules({ 'pin-image-tag': 'info' }) });
    await client.initialize(dir);
    const p = await client.open(uri, 'FROM alpine\nUSER 1000\n');
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.severity]), [['pin-image-tag', 3]]);
  });

  it('re-lints when a file the rules read changes on disk', async () => {
    await client.initialize(dir);
    fs.rmSync(path.join(dir, 'package.json'));
    fs.rmSync(path.join(dir, 'package-lock.json'));
    const first = await client.open(uri, NAIVE);
    const fixTitle = async (diags: Diagnostic[]) => {
      const d = diags.find((x) => x.code === 'copy-manifests-first')!;
      return (await client.codeActions(uri, d.range, [d]))[0].title;
    };
    assert.match(await fixTitle(first.diagnostics), /^Copy package\.json package-lock\.json\* first.*\(check: the manifests were not found/, 'manifests guessed while the context has none');
    assert.ok(client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'), 'the server asks to watch manifests');
    fs.writeFileSync(path.join(dir, 'package.json'), '{}');
    fs.writeFileSync(path.join(dir, 'package-lock.json'), '{}');
    const wait = client.waitFor(uri);
    await client.watchedFilesChanged([{ uri: fileUri(path.join(dir, 'package.json')), type: 1 }]);
    const again = await wait;
    assert.equal(await fixTitle(again.diagnostics), 'Copy package.json package-lock.json first, install, then copy the source');
  });

  it('closing a document clears its diagnostics', async () => {
    await client.initialize(dir);
    await client.open(uri, NAIVE);
    const p = await client.close(uri);
    assert.deepEqual(p.diagnostics, []);
  });

  it('keeps CRLF line endings in quick fixes', async () => {
    await client.initialize(dir);
    const text = NAIVE.replace(/\n/g, '\r\n');
    const p = await client.open(uri, text);
    const diag = p.diagnostics.find((d) => d.code === 'copy-manifests-first')!;
    const [fix] = (await client.codeActions(uri, diag.range, [diag])) as CodeAction[];
    assert.equal(applyTextEdits(text, editsFor(fix.edit, uri)), 'FROM node:22-alpine\r\nWORKDIR /app\r\nCOPY package.json package-lock.json ./\r\nRUN npm ci\r\nCOPY . .\r\nRUN npm run build\r\nCMD ["node", "server.js"]\r\n');
  });

  it('answers a 10 MB file with one clear diagnostic instead of analysing it', async () => {
    await client.initialize(dir);
    const big = 'FROM alpine:3.24\n' + `RUN echo ${'x'.repeat(100)}\n`.repeat(100000);
    const p = await client.open(uri, big);
    assert.equal(p.diagnostics.length, 1);
    assert.equal(p.diagnostics[0].code, 'analysis-skipped');
    assert.match(String(p.diagnostics[0].message), /^Layerwise skipped this file: it is 10\.\d MB, over the 1\.0 MB limit for analysis\.$/);
  });

  it('ignores documents that are neither Dockerfiles nor Compose files', async () => {
    await client.initialize(dir);
    const other = fileUri(path.join(dir, 'notes.yaml'));
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: other, languageId: 'yaml', version: 1, text: 'a: 1\n' } });
    // The Dockerfile opened after it is answered; the YAML file never is.
    await client.open(uri, NAIVE);
    assert.deepEqual(client.publishes(other), []);
  });
});
