import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DIAGNOSTICS, LANGUAGE } from '../expected';
import { closeAll, DiagnosticsRecorder, expectRows, extension, openFile, rangeOfRow, shiftRows, waitForDiagnostics, wsUri } from './helpers';

describe('diagnostics in a real VS Code', () => {
  afterEach(closeAll);

  it('activates on a Dockerfile and starts the bundled server', async () => {
    const { doc } = await openFile('nextjs/Dockerfile');
    assert.equal(doc.languageId, 'dockerfile');
    const ext = extension();
    // Activation is asynchronous after the open; the first diagnostics prove the server is up.
    await waitForDiagnostics(doc.uri, (r) => r.length > 0, 'the first Layerwise diagnostics');
    assert.equal(ext.isActive, true);
  });

  for (const [file, expected] of Object.entries(DIAGNOSTICS)) {
    it(`shows exactly the expected diagnostics on open: ${file}`, async () => {
      // Recorded from before the open, so that a clean file proves it was linted (a file opened by an earlier
      // test brings no new event: its rows are already there).
      const since = new DiagnosticsRecorder(wsUri(file));
      try {
        const { doc } = await openFile(file);
        assert.equal(doc.languageId, LANGUAGE[file], `${file} opens as ${doc.languageId}`);
        await expectRows(doc.uri, expected, undefined, undefined, expected.length ? undefined : since);
      } finally {
        since.dispose();
      }
    });
  }

  it('gives each diagnostic a message, the rule id as code and a link to its documentation', async () => {
    const { doc } = await openFile('nextjs/Dockerfile');
    await expectRows(doc.uri, DIAGNOSTICS['nextjs/Dockerfile']);
    const copy = vscode.languages.getDiagnostics(doc.uri).find((d) => d.source === 'layerwise' && rangeOfRow('4:5-4:11 x').isEqual(d.range));
    assert.ok(copy, 'the copy-manifests-first diagnostic on `npm ci`');
    assert.equal(
      copy.message,
      '`npm ci` runs after `COPY . .` (line 3), so any source change reinstalls every dependency. Copy the package.json and lock file first, install, then copy the rest.',
    );
    assert.ok(typeof copy.code === 'object' && copy.code !== null, 'code carries a documentation target');
    assert.equal(copy.code.value, 'copy-manifests-first');
    assert.match(copy.code.target.toString(), /copy-manifests-first/);
  });

  it('updates the diagnostics after an edit, and again after undo', async () => {
    const file = 'python-uv/Dockerfile';
    const { doc, editor } = await openFile(file);
    await expectRows(doc.uri, DIAGNOSTICS[file]);
    // A comment line on top moves every finding down one line, ranges otherwise unchanged.
    assert.equal(await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# the API image\n')), true);
    await expectRows(doc.uri, shiftRows(DIAGNOSTICS[file], 1, 1), 'the diagnostics one line lower');
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.isDirty, false);
    await expectRows(doc.uri, DIAGNOSTICS[file], 'the original diagnostics after undo');
  });
});
