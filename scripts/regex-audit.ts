/**
 * `npm run regex-audit`: checks every regex literal of the sources with recheck (a ReDoS checker that finds both
 * exponential and polynomial backtracking) and records the verdicts in test/fixtures/regex-audit.json, which the
 * unit test reads so that CI needs recheck only for regexes that changed.
 */
import * as fs from 'node:fs';
import { checkSync } from 'recheck';
import { AUDIT_FILE, auditKey, regexLiterals } from '../test/helpers/regexes';

const audit: Record<string, string> = {};
let bad = 0;
for (const r of regexLiterals()) {
  const key = auditKey(r);
  if (audit[key]) continue;
  const d = checkSync(r.source, r.flags.replace(/[gy]/g, ''));
  audit[key] = d.status === 'vulnerable' ? `vulnerable (${d.complexity.type})` : d.status;
  if (d.status !== 'safe') {
    bad++;
    console.log(`${r.where}: ${audit[key]} /${r.source}/${r.flags}`);
  }
}
const sorted = Object.fromEntries(Object.entries(audit).sort(([a], [b]) => a.localeCompare(b)));
fs.writeFileSync(AUDIT_FILE, JSON.stringify(sorted, null, 1) + '\n');
console.log(`${Object.keys(sorted).length} regexes recorded in ${AUDIT_FILE}; ${bad} not safe.`);
process.exitCode = bad ? 1 : 0;
