import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  DIAGNOSTICS,
  NEXTJS_AFTER_PIN_ALPINE,
  NEXTJS_AFTER_PIN_ALPINE_DIAGNOSTICS,
  NEXTJS_AFTER_REORDER,
  NEXTJS_AFTER_REORDER_DIAGNOSTICS,
  QUICK_FIXES,
  REORDER_TITLE_PREFIX,
} from '../expected';
import { applyAction, closeAll, expectRows, openFile, quickFixesAt, rangeOfRow, scratchCopy, shiftRows, waitForText } from './helpers';

/**
 * The quick fixes VS Code lists for a range, in menu order (what the lightbulb at the finding shows). VS Code's
 * command returns actions without their diagnostics, so the tables list every fix at the range.
 */
async function fixesAt(uri: vscode.Uri, range: string): Promise<vscode.CodeAction[]> {
  return quickFixesAt(uri, rangeOfRow(`${range} x`));
}

describe('quick fixes through vscode.executeCodeActionProvider', () => {
  afterEach(closeAll);

  for (const [file, byRow] of Object.entries(QUICK_FIXES)) {
    for (const [range, titles] of Object.entries(byRow)) {
      it(`lists the quick fixes at ${file} ${range}`, async () => {
        const { doc } = await openFile(file);
        await expectRows(doc.uri, DIAGNOSTICS[file]);
        const fixes = await fixesAt(doc.uri, range);
        assert.deepEqual(fixes.map((a) => a.title), titles);
        for (const a of fixes) assert.equal(a.kind?.value, vscode.CodeActionKind.QuickFix.value, `${a.title} is a quick fix`);
      });
    }
  }

  it('applies the copy-manifests-first reorder, and the finding goes away', async () => {
    const dir = scratchCopy('nextjs', 'reorder');
    const file = `${dir}/Dockerfile`;
    const { doc } = await openFile(file);
    await expectRows(doc.uri, DIAGNOSTICS['nextjs/Dockerfile']);
    const fixes = await fixesAt(doc.uri, '4:5-4:11');
    const reorder = fixes.find((a) => a.title.startsWith(REORDER_TITLE_PREFIX));
    assert.ok(reorder, `a fix titled "${REORDER_TITLE_PREFIX}…" among ${JSON.stringify(fixes.map((a) => a.title))}`);
    assert.equal(reorder.isPreferred, true, 'the reorder is safe, so it is the preferred fix (Shift+Alt+. / the auto-fix lightbulb)');
    await applyAction(reorder);
    assert.equal(doc.getText(), NEXTJS_AFTER_REORDER);
    await expectRows(doc.uri, NEXTJS_AFTER_REORDER_DIAGNOSTICS, 'the diagnostics after the reorder');
  });

  it('applies the pin-image-tag fix the user picks (not only the preferred one)', async () => {
    const dir = scratchCopy('nextjs', 'pin');
    const { doc } = await openFile(`${dir}/Dockerfile`);
    await expectRows(doc.uri, DIAGNOSTICS['nextjs/Dockerfile']);
    const fixes = await fixesAt(doc.uri, '1:6-1:10');
    const alpine = fixes.find((a) => a.title === 'Pin to node:26-alpine');
    assert.ok(alpine, `"Pin to node:26-alpine" among ${JSON.stringify(fixes.map((a) => a.title))}`);
    assert.equal(alpine.isPreferred ?? false, false, 'a different base variant is not the preferred fix');
    await applyAction(alpine);
    await waitForText(doc, (t) => t === NEXTJS_AFTER_PIN_ALPINE, 'the pinned FROM line');
    await expectRows(doc.uri, NEXTJS_AFTER_PIN_ALPINE_DIAGNOSTICS, 'the diagnostics after pinning');
  });

  it('ignores a finding for one line with a comment above the instruction', async () => {
    const dir = scratchCopy('nextjs', 'ignore');
    const { doc } = await openFile(`${dir}/Dockerfile`);
    await expectRows(doc.uri, DIAGNOSTICS['nextjs/Dockerfile']);
    const fixes = await fixesAt(doc.uri, '4:5-4:11');
    const ignore = fixes.find((a) => a.title === 'Ignore copy-manifests-first for this line');
    assert.ok(ignore);
    await applyAction(ignore);
    const lines = doc.getText().split('\n');
    assert.deepEqual(lines.slice(2, 5), ['COPY . .', '# layerwise-ignore copy-manifests-first', 'RUN npm ci && npm run build']);
    // The finding is gone; everything from line 4 on moved down one line.
    await expectRows(
      doc.uri,
      shiftRows(DIAGNOSTICS['nextjs/Dockerfile'].filter((r) => !r.endsWith(' copy-manifests-first')), 4, 1),
      'the diagnostics without the ignored finding',
    );
  });
});
