import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from '../../../server/src/engine/edits';
import { DiskFiles, MemoryFiles, OverlayFiles, stripBom } from '../../../server/src/engine/files';
import { fixAll } from '../../../server/src/engine/fix-all';
import { lint, type LintResult } from '../../../server/src/engine/runner';
import { TextIndex } from '../../../server/src/engine/text';
import type { Fix, Language } from '../../../server/src/engine/types';
import { CORPUS_ABSENT, corpusDir, corpusFiles } from '../../helpers/corpus';

/**
 * Every fix that any rule offers on any corpus file is applied, alone, and checked: the result is analysable,
 * the finding is gone, no rule reports more than before, applying every fix again converges, line endings are
 * kept and the lines outside the edit are untouched. The same for fix-all (safe fixes). A failure names the file
 * and the rule.
 */

interface Subject {
  file: string;
  language: Language;
  text: string;
}

function subjects(): Subject[] {
  const out: Subject[] = [];
  for (const kind of ['dockerfile', 'compose'] as const) {
    for (const file of corpusFiles(kind)) out.push({ file, language: kind, text: stripBom(fs.readFileSync(file, 'utf8')) });
  }
  return out;
}

function counts(r: LintResult): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of r.findings) m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1);
  return m;
}

/** Line breaks of a text, in order: a fix must not turn CRLF into LF or the reverse. */
function eolKinds(text: string): Set<string> {
  const kinds = new Set<string>();
  for (const m of text.matchAll(/\r?\n/g)) kinds.add(m[0]);
  return kinds;
}

/** Lines before the first edited line and after the last one are the same in both texts. */
function outsideUntouched(before: string, after: string, fix: Fix): string | undefined {
  if (fix.edits.length === 0) return undefined;
  const a = before.split('\n');
  const b = after.split('\n');
  const first = Math.min(...fix.edits.map((e) => e.range.start.line));
  const last = Math.max(...fix.edits.map((e) => e.range.end.line));
  for (let k = 0; k < first; k++) if (a[k] !== b[k]) return `line ${k + 1} (before the edit) changed`;
  const tail = a.length - 1 - last;
  for (let k = 0; k < tail; k++) if (a[a.length - 1 - k] !== b[b.length - 1 - k]) return `line ${a.length - k} (after the edit) changed`;
  return undefined;
}

describe('robustness: fix safety on real files', function () {
  this.timeout(300000);
  before(function () {
    if (!corpusDir()) {
      console.log(`      (${CORPUS_ABSENT})`);
      this.skip();
    }
  });

  it('every single fix on every corpus file', () => {
    const problems: string[] = [];
    let fixesTried = 0;
    for (const s of subjects()) {
      const name = path.basename(s.file);
      // The corpus file's folder is its build context; a fix that creates or edits other files sees them in memory.
      const lintText = (text: string, overlay = new MemoryFiles()) =>
        lint({ text, language: s.language, path: s.file, files: new OverlayFiles((p) => overlay.read(p), new DiskFiles()) });
      const before = lintText(s.text);
      const beforeCounts = counts(before);
      for (const finding of before.findings) {
        for (const fix of finding.fixes) {
          if (fix.safety === 'display-only') continue;
          fixesTried++;
          const where = `${name}: ${finding.ruleId} fix "${fix.title}"`;
          let fixed: string;
          try {
            fixed = applyEdits(s.text, fix.edits);
          } catch (e) {
            problems.push(`${where}: edits do not apply: ${(e as Error).message}`);
            continue;
          }
          const overlay = new MemoryFiles();
          for (const o of fix.otherFiles ?? []) {
            const current = o.create ? '' : new DiskFiles().read(o.path) ?? '';
            overlay.set(o.path, applyEdits(current, o.edits));
          }
          const after = lintText(fixed, overlay);
          if (after.skipped) problems.push(`${where}: the result is not analysable (${after.skipped})`);
          if (after.ruleErrors.length) problems.push(`${where}: a rule failed on the result: ${JSON.stringify(after.ruleErrors)}`);
          const afterCounts = counts(after);
          if ((afterCounts.get(finding.ruleId) ?? 0) >= (beforeCounts.get(finding.ruleId) ?? 0)) {
            problems.push(`${where}: the finding is still there ("${finding.message.slice(0, 90)}")`);
          }
          for (const [rule, n] of afterCounts) {
            if (n > (beforeCounts.get(rule) ?? 0)) problems.push(`${where}: a new ${rule} finding appears`);
          }
          const kindsBefore = eolKinds(s.text);
          for (const k of eolKinds(fixed)) if (kindsBefore.size && !kindsBefore.has(k)) problems.push(`${where}: line endings changed`);
          const outside = outsideUntouched(s.text, fixed, fix);
          if (outside) problems.push(`${where}: ${outside}`);
          // Re-parse sanity for Dockerfiles: the same instructions outside the edit, and nothing lost.
          if (new TextIndex(fixed).lineCount < new TextIndex(s.text).lineCount - 20) problems.push(`${where}: the fix removed many lines`);
        }
      }
    }
    assert.ok(fixesTried > 0, 'the corpus offers fixes');
    assert.deepEqual(problems, []);
  });

  it('fix-all (safe fixes) on every corpus file converges and keeps line endings', () => {
    const problems: string[] = [];
    for (const s of subjects()) {
      const name = path.basename(s.file);
      const req = { text: s.text, language: s.language, path: s.file, files: new DiskFiles() };
      const once = fixAll(req, ['safe']);
      if (once.applied.length === 0) continue;
      const twice = fixAll({ ...req, text: once.text, files: new OverlayFiles((p) => once.otherFiles.get(p)?.text, new DiskFiles()) }, ['safe']);
      const rules = [...new Set(once.applied.map((f) => f.ruleId))].join(', ');
      if (twice.text !== once.text) problems.push(`${name} (${rules}): a second fix-all pass changes the text`);
      if (once.remaining.skipped) problems.push(`${name} (${rules}): the result is not analysable`);
      if (once.remaining.findings.some((f) => f.fixes.some((x) => x.safety === 'safe'))) {
        problems.push(`${name} (${rules}): safe fixes remain after fix-all: ${once.remaining.findings.filter((f) => f.fixes.some((x) => x.safety === 'safe')).map((f) => f.ruleId).join(', ')}`);
      }
      const kindsBefore = eolKinds(s.text);
      for (const k of eolKinds(once.text)) if (kindsBefore.size && !kindsBefore.has(k)) problems.push(`${name} (${rules}): line endings changed`);
    }
    assert.deepEqual(problems, []);
  });
});
