import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { applyTextEdits, editsFor, fileUri, LspClient, SERVER } from './harness';

/** The project configuration in the server: .layerwise.yaml under the settings, reloads, problems, ignore actions. */
describe('language server: project configuration and ignore actions', function () {
  let dir: string;
  let client: LspClient;
  let uri: string;
  const sev = (d: Diagnostic[], code: string) => d.find((x) => x.code === code)?.severity;

  before(function () {
    if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`node scripts/build.mjs\` first (npm run test:lsp does)`);
  });

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-lsp-config-'));
    fs.mkdirSync(path.join(dir, 'app'));
    uri = fileUri(path.join(dir, 'app', 'Dockerfile'));
    client = new LspClient();
  });

  afterEach(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies the nearest .layerwise.yaml, and settings win over it', async () => {
    fs.writeFileSync(path.join(dir, '.layerwise.yaml'), 'rules:\n  pin-image-tag: error\n');
    await client.initialize(dir);
    const p = await client.open(uri, 'FROM alpine\nUSER 1000\n');
    assert.equal(sev(p.diagnostics, 'pin-image-tag'), 1);
    const wait = client.waitFor(uri, (q) => sev(q.diagnostics, 'pin-image-tag') === 3);
    await client.setSettings({ rules: { 'pin-image-tag': 'info' } });
    await wait;
    const back = client.waitFor(uri, (q) => sev(q.diagnostics, 'pin-image-tag') === 1);
    await client.setSettings({ rules: { 'pin-image-tag': 'default' } });
    await back;
  });

  it('reads .hadolint.yaml when there is no .layerwise.*', async () => {
    fs.writeFileSync(path.join(dir, '.hadolint.yaml'), 'ignored:\n  - DL3007\n');
    await client.initialize(dir);
    const p = await client.open(uri, 'FROM alpine:latest\nUSER 1000\n');
    assert.equal(sev(p.diagnostics, 'pin-image-tag'), undefined);
  });

  it('re-lints open documents when the configuration file changes', async () => {
    const config = path.join(dir, '.layerwise.yaml');
    fs.writeFileSync(config, 'rules:\n  pin-image-tag: error\n');
    await client.initialize(dir);
    await client.open(uri, 'FROM alpine\nUSER 1000\n');
    assert.ok(client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles' && JSON.stringify(r.registerOptions).includes('.layerwise.{yaml,yml,json}')));
    fs.writeFileSync(config, 'rules:\n  pin-image-tag: off\n');
    const wait = client.waitFor(uri, (q) => sev(q.diagnostics, 'pin-image-tag') === undefined);
    await client.watchedFilesChanged([{ uri: fileUri(config), type: 2 }]);
    await wait;
    // A file that ignores the document clears its diagnostics.
    fs.writeFileSync(config, 'ignore:\n  - app\n');
    const cleared = client.waitFor(uri, (q) => q.diagnostics.length === 0);
    await client.watchedFilesChanged([{ uri: fileUri(config), type: 2 }]);
    await cleared;
  });

  it('an invalid configuration gets one clear diagnostic on the file, and linting goes on with the defaults', async () => {
    const config = path.join(dir, '.layerwise.yaml');
    const configUri = fileUri(config);
    fs.writeFileSync(config, 'rules:\n  pin-image-tag: loud\n  nope: off\n');
    await client.initialize(dir);
    const onConfig = client.waitFor(configUri, (q) => q.diagnostics.length === 1);
    const p = await client.open(uri, 'FROM alpine\nUSER 1000\n');
    assert.equal(sev(p.diagnostics, 'pin-image-tag'), 2, 'the default severity');
    const d = (await onConfig).diagnostics[0];
    assert.deepEqual(
      { range: d.range, severity: d.severity, source: d.source, code: d.code, message: d.message },
      {
        range: { start: { line: 1, character: 17 }, end: { line: 1, character: 21 } },
        severity: 1,
        source: 'layerwise',
        code: 'invalid-config',
        message:
          'Invalid Layerwise configuration; linting uses the defaults until it is fixed: `loud` is not a severity for `pin-image-tag`: use off, hint, info, warning or error. (line 2) Unknown rule `nope` (`layerwise --list-rules` lists them). (line 3)',
      },
    );
    // Fixed: the diagnostic goes, and the file applies.
    fs.writeFileSync(config, 'rules:\n  pin-image-tag: error\n');
    const clearedConfig = client.waitFor(configUri, (q) => q.diagnostics.length === 0);
    const relinted = client.waitFor(uri, (q) => sev(q.diagnostics, 'pin-image-tag') === 1);
    await client.watchedFilesChanged([{ uri: configUri, type: 2 }]);
    await Promise.all([clearedConfig, relinted]);
  });

  it('offers Ignore for this line, this stage and this file; a BuildKit check joins an existing check= directive', async () => {
    await client.initialize(dir);
    const text = '# check=skip=JSONArgsRecommended\nFROM alpine:3.24 AS build\nRUN echo hi\n\nFROM alpine:3.24\nENV API_TOKEN=s3cr3t-value-123\nUSER 1000\nCMD ["sh"]\n';
    const p = await client.open(uri, text);
    const diag = p.diagnostics.find((d) => d.code === 'no-secrets-in-image')!;
    const actions = (await client.codeActions(uri, diag.range, [diag], ['quickfix'])).filter((a) => a.title.startsWith('Ignore'));
    assert.deepEqual(actions.map((a) => a.title), ['Ignore no-secrets-in-image for this line', 'Ignore no-secrets-in-image for this stage', 'Ignore no-secrets-in-image for this file']);
    const after = actions.map((a) => applyTextEdits(text, editsFor(a.edit, uri)));
    assert.equal(after[0], text.replace('ENV API_TOKEN', '# layerwise-ignore no-secrets-in-image\nENV API_TOKEN'));
    assert.equal(after[1], text.replace('\nFROM alpine:3.24\n', '\n# layerwise-ignore-stage no-secrets-in-image\nFROM alpine:3.24\n'));
    assert.equal(after[2], text.replace('# check=skip=JSONArgsRecommended', '# check=skip=JSONArgsRecommended,SecretsUsedInArgOrEnv'));
    for (const fixed of after) {
      const q = await client.change(uri, fixed);
      assert.equal(q.diagnostics.find((d) => d.code === 'no-secrets-in-image'), undefined, fixed);
    }
  });

  it('an unused ignore comment is a faded hint whose quick fix removes it', async () => {
    await client.initialize(dir);
    const text = 'FROM alpine:3.24\n# layerwise-ignore pin-image-tag\nUSER 1000\nCMD ["sh"]\n';
    const p = await client.open(uri, text);
    const diag = p.diagnostics.find((d) => d.code === 'unused-ignore')!;
    assert.deepEqual([diag.range.start.line, diag.severity, diag.tags], [1, 4, [1]]);
    const actions = await client.codeActions(uri, diag.range, [diag], ['quickfix']);
    assert.deepEqual(actions.map((a) => [a.title, a.isPreferred ?? false]), [['Remove the unused ignore comment', true], ['Ignore unused-ignore for this file', false]]);
    assert.equal(applyTextEdits(text, editsFor(actions[0].edit, uri)), 'FROM alpine:3.24\nUSER 1000\nCMD ["sh"]\n');
    // Safe, so fix-all removes it too, as `layerwise --fix` does.
    const all = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.layerwise']);
    assert.deepEqual(all.map((a) => a.title), ['Fix all safe Layerwise findings (1)']);
    assert.equal(applyTextEdits(text, editsFor(all[0].edit, uri)), 'FROM alpine:3.24\nUSER 1000\nCMD ["sh"]\n');
  });
});
