import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCodes } from 'vscode-jsonrpc';
import { fileUri, fmt, LspClient } from './harness';

const FIXTURE = path.join(__dirname, 'fixtures', 'server-with-failing-rule.ts');
const DOCKERFILE = 'FROM node\nUSER node\nCMD ["node", "index.js"]\n';

describe('server resilience', function () {
  let client: LspClient;
  const uri = fileUri(path.join(os.tmpdir(), 'layerwise-resilience', 'Dockerfile'));

  afterEach(async () => client.shutdown());

  it('a rule that throws is logged and skipped; the other rules still report', async () => {
    client = new LspClient({ serverModule: FIXTURE, execArgv: ['--require', 'tsx/cjs'], settings: { rules: { 'healthcheck-missing': 'off', 'slim-base-image': 'off' } } });
    await client.initialize(os.tmpdir());
    const p = await client.open(uri, DOCKERFILE);
    assert.deepEqual(p.diagnostics.map(fmt), ['1:6-1:10 pin-image-tag']);
    assert.ok(client.logs.some((l) => /rule always-fails failed on .*Dockerfile and was skipped: Error: injected failure/.test(l)), client.logs.join('\n'));
    // And it keeps answering.
    const again = await client.change(uri, DOCKERFILE.replace('FROM node', 'FROM node:22'));
    assert.deepEqual(again.diagnostics, []);
  });

  describe('bad requests', () => {
    beforeEach(async () => {
      client = new LspClient({ settings: {} });
      await client.initialize(os.tmpdir());
    });

    it('an unknown method gets MethodNotFound and the server goes on', async () => {
      await assert.rejects(client.connection.sendRequest('layerwise/nonsense', { x: 1 }), (e: { code: number }) => e.code === ErrorCodes.MethodNotFound);
      const p = await client.open(uri, 'FROM alpine\n');
      assert.deepEqual(p.diagnostics.map(fmt).filter((d) => d.endsWith('pin-image-tag')), ['1:6-1:12 pin-image-tag']);
    });

    it('malformed params and unknown documents get empty answers, not a crash', async () => {
      const actions = await client.connection.sendRequest('textDocument/codeAction', {}).catch((e: Error) => e);
      assert.ok(Array.isArray(actions) ? actions.length === 0 : actions instanceof Error);
      assert.equal(await client.hover('file:///nowhere/Dockerfile', 0, 0), null);
      assert.deepEqual(await client.codeActions('file:///nowhere/Dockerfile', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []), []);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///never/opened/Dockerfile', version: 2 }, contentChanges: [{ text: 'FROM a' }] });
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///x/Dockerfile' } });
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'not a uri', type: 9 }] });
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const p = await client.open(uri, 'FROM alpine\n');
      assert.ok(p.diagnostics.some((d) => d.code === 'pin-image-tag'), 'still linting');
    });

    it('a document closed while its lint is pending publishes nothing stale', async () => {
      const other = fileUri(path.join(os.tmpdir(), 'layerwise-resilience', 'closed', 'Dockerfile'));
      const cleared = client.waitFor(other, (p) => p.diagnostics.length === 0);
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: other, languageId: 'dockerfile', version: 1, text: 'FROM alpine\n' } });
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: other, version: 2 }, contentChanges: [{ text: 'FROM node\n' }] });
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: other } });
      await cleared;
      // The server is still there, and nothing more arrives for the closed document.
      const p = await client.open(uri, 'FROM alpine\n');
      assert.ok(p.diagnostics.length > 0);
      const last = client.publishes(other).at(-1)!;
      assert.deepEqual(last.diagnostics, [], 'the last word on a closed document is "no diagnostics"');
    });

    it('a garbage message on the wire does not stop the server', async () => {
      client.process.stdin!.write('Content-Length: 9\r\n\r\n{garbage}');
      const p = await client.open(uri, 'FROM alpine\n');
      assert.ok(p.diagnostics.some((d) => d.code === 'pin-image-tag'));
    });
  });
});
