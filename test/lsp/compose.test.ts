import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, CreateFile, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { applyTextEdits, editsFor, fileUri, fmt, LspClient, SERVER } from './harness';

/** Compose documents through the bundled server over stdio, as an editor opens them. */

const SHOP = [
  'services:',
  '  web:',
  '    image: ghcr.io/acme/web:1.4',
  '    build: .',
  '    ports: ["8080:8000"]',
  '    depends_on: [db]',
  '    restart: unless-stopped',
  '    networks: [back]',
  '  db:',
  '    image: postgres',
  '    environment:',
  '      POSTGRES_PASSWORD: hunter2',
  '    restart: unless-stopped',
  '    networks: [back]',
  'networks:',
  '  back: {}',
  '',
].join('\n');

describe('language server over stdio: Compose files', function () {
  let dir: string;
  let client: LspClient;
  let uri: string;

  before(function () {
    if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`node scripts/build.mjs\` first (npm run test:lsp does)`);
  });

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-lsp-compose-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM python:3.13-slim\nCMD ["python", "-m", "http.server", "8000"]\n');
    uri = fileUri(path.join(dir, 'compose.yaml'));
    client = new LspClient();
    await client.initialize(dir);
  });

  afterEach(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes Compose diagnostics on didOpen (languageId dockercompose), with codes, severities and doc links', async () => {
    const p = await client.open(uri, SHOP, 'dockercompose');
    assert.deepEqual(p.diagnostics.map(fmt), [
      '2:3-2:6 compose-healthcheck-missing',
      '4:5-4:10 compose-build-cache-from',
      '6:18-6:20 compose-depends-on-healthy',
      '9:3-9:5 compose-healthcheck-missing',
      '10:12-10:20 compose-pin-image-tag',
      '12:7-12:24 compose-no-inline-secrets',
    ]);
    const pin = p.diagnostics.find((d) => d.code === 'compose-pin-image-tag')!;
    assert.equal(pin.message, 'The image `postgres` of service `db` has no tag: each pull can bring a different version. Pin a version, e.g. `postgres:18` (current as of 2026-08-19).');
    assert.equal(pin.source, 'layerwise');
    assert.equal(pin.severity, 2);
    assert.equal(p.diagnostics.find((d) => d.code === 'compose-build-cache-from')!.severity, 3, 'info');
    assert.match(String(pin.codeDescription!.href), /\/docs\/rules\/compose-pin-image-tag\.md$/);
    const secret = p.diagnostics.find((d) => d.code === 'compose-no-inline-secrets')!;
    assert.ok(!String(secret.message).includes('hunter2'), 'the message masks the value');
  });

  it('reads a Compose file opened as plain yaml, by its name', async () => {
    const p = await client.open(uri, 'services:\n  db:\n    image: postgres\n    restart: always\n', 'yaml');
    assert.deepEqual(p.diagnostics.map(fmt), ['3:12-3:20 compose-pin-image-tag']);
  });

  it('a quick fix edits the Compose text in place', async () => {
    const p = await client.open(uri, SHOP, 'dockercompose');
    const pin = p.diagnostics.find((d) => d.code === 'compose-pin-image-tag')!;
    const actions = (await client.codeActions(uri, pin.range, [pin], ['quickfix'])) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred ?? false]),
      [
        ['Pin to postgres:18', true],
        ['Pin to postgres:18-alpine', false],
        ['Ignore compose-pin-image-tag for this line', false],
        ['Ignore compose-pin-image-tag for this file', false],
      ],
    );
    const fixed = applyTextEdits(SHOP, editsFor(actions[0].edit, uri));
    assert.equal(fixed, SHOP.replace('    image: postgres\n', '    image: postgres:18\n'));
    const ignored = applyTextEdits(SHOP, editsFor(actions[2].edit, uri));
    assert.equal(ignored, SHOP.replace('    image: postgres\n', '    # layerwise-ignore compose-pin-image-tag\n    image: postgres\n'));
    const after = await client.change(uri, fixed);
    assert.ok(!after.diagnostics.some((d) => d.code === 'compose-pin-image-tag'));
  });

  it('a fix that moves a secret creates the env file in the same workspace edit', async () => {
    const p = await client.open(uri, SHOP, 'dockercompose');
    const secret = p.diagnostics.find((d) => d.code === 'compose-no-inline-secrets')!;
    const actions = (await client.codeActions(uri, secret.range, [secret], ['quickfix'])) as CodeAction[];
    assert.deepEqual(actions.slice(0, 2).map((a) => a.title), ['Move POSTGRES_PASSWORD to db.env', 'Move POSTGRES_PASSWORD to the Compose secret db_postgres_password']);
    const changes = actions[0].edit!.documentChanges!;
    const envUri = fileUri(path.join(dir, 'db.env'));
    assert.deepEqual((changes[1] as CreateFile).kind, 'create');
    assert.equal((changes[1] as CreateFile).uri, envUri);
    assert.equal(applyTextEdits('', (changes[2] as TextDocumentEdit).edits as never), 'POSTGRES_PASSWORD=hunter2\n');
    assert.equal(
      applyTextEdits(SHOP, editsFor(actions[0].edit, uri)),
      SHOP.replace('    environment:\n      POSTGRES_PASSWORD: hunter2\n', '    env_file: db.env\n'),
    );
  });

  it('source.fixAll.layerwise applies the safe Compose fixes only', async () => {
    await client.open(uri, SHOP, 'dockercompose');
    const actions = (await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll'])) as CodeAction[];
    assert.deepEqual(actions.map((a) => a.title), ['Fix all safe Layerwise findings (2)']);
    const fixed = applyTextEdits(SHOP, editsFor(actions[0].edit, uri));
    assert.equal(
      fixed,
      SHOP.replace('    build: .\n', '    build:\n      context: .\n      cache_from:\n        - ghcr.io/acme/web:1.4\n').replace('    image: postgres\n', '    image: postgres:18\n'),
    );
  });

  it('re-lints when the Dockerfile a service builds gains a HEALTHCHECK', async () => {
    const first = await client.open(uri, SHOP, 'dockercompose');
    assert.ok(first.diagnostics.some((d) => fmt(d) === '2:3-2:6 compose-healthcheck-missing'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM python:3.13-slim\nHEALTHCHECK CMD python -c "1"\nCMD ["python", "-m", "http.server", "8000"]\n');
    const wait = client.waitFor(uri);
    await client.watchedFilesChanged([{ uri: fileUri(path.join(dir, 'Dockerfile')), type: 2 }]);
    const again = await wait;
    assert.deepEqual(
      again.diagnostics.map(fmt),
      first.diagnostics.map(fmt).filter((d) => d !== '2:3-2:6 compose-healthcheck-missing'),
      'web now has a health check; the rest is unchanged',
    );
  });

  it('keeps CRLF in Compose quick fixes', async () => {
    const text = 'services:\r\n  db:\r\n    image: postgres\r\n    restart: always\r\n';
    const p = await client.open(uri, text, 'dockercompose');
    const [fix] = (await client.codeActions(uri, p.diagnostics[0].range, [p.diagnostics[0]])) as CodeAction[];
    assert.equal(applyTextEdits(text, editsFor(fix.edit, uri)), 'services:\r\n  db:\r\n    image: postgres:18\r\n    restart: always\r\n');
  });

  it('a YAML error gets one diagnostic, and the parts that parse are still checked', async () => {
    const p = await client.open(uri, 'services:\n  db:\n    image: postgres\n    image: postgres\n    restart: always\n', 'dockercompose');
    assert.deepEqual(p.diagnostics.map(fmt), ['3:12-3:20 compose-pin-image-tag', '4:5-4:10 compose-syntax']);
    assert.equal(p.diagnostics[1].severity, 1);
    const actions = (await client.codeActions(uri, p.diagnostics[0].range, [p.diagnostics[0]], ['quickfix'])) as CodeAction[];
    assert.deepEqual(actions.map((a) => a.title), ['Ignore compose-pin-image-tag for this line', 'Ignore compose-pin-image-tag for this file'], 'no edit inside a broken document');
  });
});
