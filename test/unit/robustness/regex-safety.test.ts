import * as assert from 'node:assert/strict';
import { checkSync } from 'recheck';
import { auditKey, readAudit, regexLiterals } from '../../helpers/regexes';

/**
 * Every regular-expression literal in the shipped sources must be free of catastrophic (exponential) and
 * polynomial backtracking, as recheck proves it; verdicts are cached in test/fixtures/regex-audit.json
 * (`npm run regex-audit` refreshes it) and a regex missing from the cache is checked here. Each regex is also run
 * on adversarial inputs as a hang detector.
 */

const ALL = regexLiterals();

const ADVERSARIAL = ['a', ' ', '\t', '-', '.', '/', ':', '=', '$', '{', '#', '\\', '"', "'", '0', 'A', ',', '_', '\n', ' \\\n', 'a ', '${', '--', '<<', '=> ', 'Aa']
  .map((unit) => unit.repeat(4000) + '\u0000!');

describe('robustness: regular expressions', function () {
  this.timeout(300000);

  it('finds the regex literals of the sources', () => {
    assert.ok(ALL.length > 100, `found ${ALL.length}`);
  });

  it('recheck finds no exponential or polynomial backtracking in any of them', () => {
    const audit = readAudit();
    const problems: string[] = [];
    for (const r of ALL) {
      let verdict = audit[auditKey(r)];
      if (verdict === undefined) {
        const d = checkSync(r.source, r.flags.replace(/[gy]/g, ''));
        verdict = d.status === 'vulnerable' ? `vulnerable (${d.complexity.type}), e.g. ${d.attack.pattern}` : d.status;
      }
      if (verdict !== 'safe') problems.push(`${r.where} /${r.source}/${r.flags}: ${verdict}`);
    }
    assert.deepEqual(problems, []);
  });

  it('every regex answers adversarial inputs without hanging', () => {
    const slow: string[] = [];
    for (const r of ALL) {
      const re = new RegExp(r.source, r.flags.replace(/[gy]/g, ''));
      const t0 = Date.now();
      for (const input of ADVERSARIAL) re.test(input);
      const took = Date.now() - t0;
      if (took > 1000) slow.push(`${r.where} /${r.source}/ took ${took} ms`);
    }
    assert.deepEqual(slow, []);
  });
});
