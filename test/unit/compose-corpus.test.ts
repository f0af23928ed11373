import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildComposeModel } from '../../server/src/compose/model';
import { applyEdits } from '../../server/src/engine/edits';
import { MemoryFiles, stripBom } from '../../server/src/engine/files';
import { lint } from '../../server/src/engine/runner';
import { CORPUS_ABSENT, corpusDir, corpusFiles } from '../helpers/corpus';

/**
 * Every Compose file of the shared corpus ($LAYERWISE_CORPUS, or ../shared/corpus beside the repository) goes
 * through the Compose model and every rule: nothing may throw or be skipped, and every fix, applied alone, must
 * leave YAML that parses as well as before with the same services.
 */
describe('Compose corpus', function () {
  before(function () {
    if (!corpusDir()) {
      console.log(`      (${CORPUS_ABSENT})`);
      this.skip();
    }
  });

  const load = () => corpusFiles('compose').map((file) => ({ file, text: stripBom(fs.readFileSync(file, 'utf8')) }));
  // The corpus files are flat copies; their directory holds no build contexts.
  const lintOne = (file: string, text: string) => lint({ text, language: 'compose', path: `/corpus/${path.basename(file)}`, files: new MemoryFiles({}) });

  it('lints every Compose file without an error', function () {
    const files = load();
    if (files.length === 0) this.skip();
    const problems: string[] = [];
    let findings = 0;
    for (const { file, text } of files) {
      try {
        const res = lint({ text, language: 'compose', path: file, log: (m) => problems.push(`${file}: ${m.split('\n')[0]}`) });
        if (res.skipped) problems.push(`${file}: skipped: ${res.skipped}`);
        for (const e of res.ruleErrors) problems.push(`${file}: rule ${e.ruleId} threw: ${e.message}`);
        findings += res.findings.length;
      } catch (e) {
        problems.push(`${file}: ${(e as Error).stack}`);
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(findings > 0, 'the corpus produces Compose findings');
  });

  it('every fix keeps the file parsing, with the same services', function () {
    this.timeout(120_000);
    const files = load();
    if (files.length === 0) this.skip();
    const problems: string[] = [];
    let fixes = 0;
    for (const { file, text } of files) {
      const before = buildComposeModel(text);
      const names = before.services.map((s) => s.name).join(',');
      for (const f of lintOne(file, text).findings) {
        for (const fix of f.fixes) {
          fixes++;
          const after = buildComposeModel(applyEdits(text, fix.edits));
          const where = `${path.basename(file)}:${f.range.start.line + 1} ${f.ruleId} "${fix.title}"`;
          if (after.errors.length > before.errors.length) problems.push(`${where}: YAML error ${after.errors[0].message}`);
          if (after.services.map((s) => s.name).join(',') !== names) problems.push(`${where}: services changed`);
        }
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(fixes > 0, 'the corpus offers Compose fixes');
  });

  it('says nothing about a file in the v1 format', function () {
    const v1 = load().filter(({ text }) => buildComposeModel(text).documents.some((d) => d.format === 'v1'));
    if (v1.length === 0) this.skip();
    for (const { file, text } of v1) assert.deepEqual(lintOne(file, text).findings.map((f) => f.ruleId), [], file);
  });
});
