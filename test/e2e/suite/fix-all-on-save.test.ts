import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AFTER_FIX_ALL_DIAGNOSTICS, DIAGNOSTICS, FIX_ALL_ON_SAVE } from '../expected';
import { closeAll, DiagnosticsRecorder, expectRows, openFile, readDisk, scratchCopy, setSetting } from './helpers';

describe('fix-all on save (editor.codeActionsOnSave: source.fixAll.layerwise)', () => {
  before(async () => {
    await setSetting('editor', 'codeActionsOnSave', { 'source.fixAll.layerwise': 'explicit' });
  });
  after(async () => {
    await setSetting('editor', 'codeActionsOnSave', undefined);
  });
  afterEach(closeAll);

  for (const [file, expected] of Object.entries(FIX_ALL_ON_SAVE)) {
    it(`saving ${file} applies every safe fix`, async () => {
      const [fixture, name] = file.split('/');
      const rel = `${scratchCopy(fixture, 'fix-all')}/${name}`;
      const before = readDisk(rel);
      const { doc, editor } = await openFile(rel);
      await expectRows(doc.uri, DIAGNOSTICS[file]);
      // Type a character and take it back: the file is dirty with unchanged text, as after any edit.
      const end = doc.lineAt(doc.lineCount - 1).range.end;
      assert.equal(await editor.edit((b) => b.insert(end, ' ')), true);
      assert.equal(await editor.edit((b) => b.delete(new vscode.Range(end, end.translate(0, 1)))), true);
      assert.equal(doc.getText(), before);
      // Ctrl+S: an explicit save, which runs the "explicit" code actions on save before writing.
      const since = new DiagnosticsRecorder(doc.uri);
      await vscode.commands.executeCommand('workbench.action.files.save');
      assert.equal(doc.isDirty, false, 'the document is saved');
      assert.equal(readDisk(rel), expected, `${file} on disk after save`);
      assert.equal(doc.getText(), expected);
      // What is left: the findings that have no safe fix.
      await expectRows(doc.uri, AFTER_FIX_ALL_DIAGNOSTICS[file], 'the diagnostics left after fix-all', undefined, since);
      since.dispose();
    });
  }

  it('does not run fix-all when the setting is off', async () => {
    await setSetting('editor', 'codeActionsOnSave', {});
    try {
      const rel = `${scratchCopy('nextjs', 'no-fix-all')}/Dockerfile`;
      const before = readDisk(rel);
      const { doc, editor } = await openFile(rel);
      await expectRows(doc.uri, DIAGNOSTICS['nextjs/Dockerfile']);
      const end = doc.lineAt(doc.lineCount - 1).range.end;
      await editor.edit((b) => b.insert(end, ' '));
      await editor.edit((b) => b.delete(new vscode.Range(end, end.translate(0, 1))));
      await vscode.commands.executeCommand('workbench.action.files.save');
      assert.equal(readDisk(rel), before);
    } finally {
      await setSetting('editor', 'codeActionsOnSave', { 'source.fixAll.layerwise': 'explicit' });
    }
  });
});
