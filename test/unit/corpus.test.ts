import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { stripBom } from '../../server/src/engine/files';
import { lint } from '../../server/src/engine/runner';
import { languageOfPath } from '../../server/src/engine/languages';
import { CORPUS_ABSENT, corpusDir, corpusFiles } from '../helpers/corpus';

/** Every corpus file goes through the model and every rule: nothing may throw, no rule may fail. */
describe('corpus smoke run', function () {
  before(function () {
    if (!corpusDir()) {
      console.log(`      (${CORPUS_ABSENT})`);
      this.skip();
    }
  });

  for (const kind of ['dockerfile', 'compose'] as const) {
    it(`lints every ${kind} file without an error`, function () {
      const files = corpusFiles(kind);
      if (files.length === 0) this.skip();
      const problems: string[] = [];
      let findings = 0;
      for (const file of files) {
        const text = stripBom(fs.readFileSync(file, 'utf8'));
        const language = kind === 'compose' ? 'compose' : languageOfPath(file) === 'compose' ? 'compose' : 'dockerfile';
        try {
          const r = lint({ text, language, path: file, log: (m) => problems.push(`${file}: ${m.split('\n')[0]}`) });
          for (const e of r.ruleErrors) problems.push(`${file}: rule ${e.ruleId} threw: ${e.message}`);
          findings += r.findings.length;
        } catch (e) {
          problems.push(`${file}: ${(e as Error).stack}`);
        }
      }
      assert.deepEqual(problems, []);
      if (kind === 'dockerfile') assert.ok(findings > 0, 'the corpus produces findings');
    });
  }
});
