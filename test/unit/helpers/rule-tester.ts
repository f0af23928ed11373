import * as assert from 'node:assert/strict';
import { applyEdits } from '../../../server/src/engine/edits';
import { MemoryFiles } from '../../../server/src/engine/files';
import { fixAll } from '../../../server/src/engine/fix-all';
import type { Rule } from '../../../server/src/engine/rule';
import { lint, type LintResult } from '../../../server/src/engine/runner';
import type { Finding, FixSafety, Language, Range } from '../../../server/src/engine/types';

/**
 * Table tests for one rule, after ESLint's RuleTester: valid cases must produce no finding; invalid cases list
 * every expected finding with its exact range (`"L:C-L:C"`, one-based as editors show them) and, where the rule
 * fixes, the exact text after each fix. Every fix is also checked to re-parse, to remove its own finding, to
 * introduce no new finding of the rule, and to converge.
 */

/** Where case files live: the linted file is `<DIR>/<file>`, context files are relative to `<DIR>`. */
export const DIR = '/work/project';

export interface Case {
  name?: string;
  code: string;
  /** Name of the linted file inside DIR (default: Dockerfile, or compose.yaml for Compose rules). */
  file?: string;
  /** Files of the build context, relative to DIR. */
  files?: Record<string, string>;
  /** Rule options. */
  options?: Record<string, unknown>;
}

export interface ExpectedFix {
  title?: string | RegExp;
  safety: FixSafety;
  /** The whole linted file after applying this fix alone. */
  output?: string;
  /** New texts of other files after this fix, relative to DIR. */
  otherFiles?: Record<string, string>;
}

export interface ExpectedFinding {
  /** One-based `line:col-line:col`, end exclusive. */
  range: string;
  message?: string | RegExp;
  /** Every fix the finding offers, in order. Omit to leave fixes unchecked; [] asserts there are none. */
  fixes?: ExpectedFix[];
}

export interface InvalidCase extends Case {
  findings: ExpectedFinding[];
}

export function run(result: LintResult, rule: Rule<Language>): Finding[] {
  return result.findings.filter((f) => f.ruleId === rule.meta.id);
}

export function lintCase(rule: Rule<Language>, c: Case, text = c.code): LintResult {
  const file = c.file ?? (rule.meta.language === 'compose' ? 'compose.yaml' : 'Dockerfile');
  const files = new MemoryFiles(Object.fromEntries(Object.entries(c.files ?? {}).map(([k, v]) => [`${DIR}/${k}`, v])));
  files.set(`${DIR}/${file}`, text);
  const config = c.options ? { rules: { [rule.meta.id]: { options: c.options } } } : undefined;
  return lint({ text, language: rule.meta.language, path: `${DIR}/${file}`, files, rules: [rule], config, log: (m) => assert.fail(m) });
}

export function fmtRange(r: Range): string {
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}

function label(c: Case, k: number): string {
  return c.name ?? `case ${k + 1}: ${c.code.split('\n').slice(0, 3).join(' ⏎ ').slice(0, 70)}`;
}

export function ruleTester(rule: Rule<Language>, cases: { valid: Case[]; invalid: InvalidCase[] }): void {
  describe(`rule ${rule.meta.id}`, () => {
    describe('valid', () => {
      cases.valid.forEach((c, k) => {
        it(label(c, k), () => {
          const found = run(lintCase(rule, c), rule);
          assert.deepEqual(found.map((f) => `${fmtRange(f.range)} ${f.message}`), []);
        });
      });
    });
    describe('invalid', () => {
      cases.invalid.forEach((c, k) => {
        it(label(c, k), () => {
          const result = lintCase(rule, c);
          const found = run(result, rule);
          assert.deepEqual(
            found.map((f) => fmtRange(f.range)),
            c.findings.map((f) => f.range),
            `ranges of ${rule.meta.id} findings`,
          );
          c.findings.forEach((exp, n) => {
            const f = found[n];
            if (exp.message instanceof RegExp) assert.match(f.message, exp.message);
            else if (typeof exp.message === 'string') assert.equal(f.message, exp.message);
            for (const fix of f.fixes) {
              assert.ok(rule.meta.fixSafety.includes(fix.safety), `fix safety ${fix.safety} is declared in meta.fixSafety`);
            }
            if (exp.fixes) {
              assert.deepEqual(f.fixes.map((x) => x.safety), exp.fixes.map((x) => x.safety), 'fix safeties');
              exp.fixes.forEach((ef, m) => {
                const fix = f.fixes[m];
                if (ef.title instanceof RegExp) assert.match(fix.title, ef.title);
                else if (typeof ef.title === 'string') assert.equal(fix.title, ef.title);
                const out = applyEdits(c.code, fix.edits);
                if (ef.output !== undefined) assert.equal(out, ef.output, `text after fix "${fix.title}"`);
                if (ef.otherFiles) {
                  const got: Record<string, string> = {};
                  for (const o of fix.otherFiles ?? []) {
                    const rel = o.path.slice(DIR.length + 1);
                    const before = o.create ? '' : c.files?.[rel] ?? '';
                    got[rel] = applyEdits(before, o.edits);
                  }
                  assert.deepEqual(got, ef.otherFiles, 'other files after the fix');
                }
                if (fix.safety !== 'display-only') checkFixRemovesFinding(rule, c, f, out, fix.otherFiles?.length ?? 0);
              });
            }
          });
          checkConverges(rule, c);
        });
      });
    });
  });
}

/** The fixed text parses, the finding is gone, and the rule reports nothing new there. */
function checkFixRemovesFinding(rule: Rule<Language>, c: Case, finding: Finding, fixed: string, otherFiles: number): void {
  const after = lintCase(rule, c, fixed);
  assert.equal(after.skipped, undefined, 'the fixed text is still analysable');
  const remaining = run(after, rule);
  const same = remaining.filter((f) => f.message === finding.message);
  // A fix that edits other files only removes the finding once those files change; the tester checks that in the
  // rule's own tests with otherFiles.
  if (otherFiles === 0) assert.equal(same.length, 0, `the fix "${finding.fixes[0]?.title}" removes its finding: ${finding.message}`);
  const before = run(lintCase(rule, c), rule).length;
  assert.ok(remaining.length <= before, `the fix adds no ${rule.meta.id} findings (before ${before}, after ${remaining.length}: ${remaining.map((f) => f.message).join(' | ')})`);
}

/** Applying every fix (safe and unsafe) repeatedly reaches a text with nothing left to fix. */
function checkConverges(rule: Rule<Language>, c: Case): void {
  const file = c.file ?? (rule.meta.language === 'compose' ? 'compose.yaml' : 'Dockerfile');
  const files = new MemoryFiles(Object.fromEntries(Object.entries(c.files ?? {}).map(([k, v]) => [`${DIR}/${k}`, v])));
  const config = c.options ? { rules: { [rule.meta.id]: { options: c.options } } } : undefined;
  const first = fixAll({ text: c.code, language: rule.meta.language, path: `${DIR}/${file}`, files, rules: [rule], config }, ['safe', 'unsafe']);
  const second = fixAll({ text: first.text, language: rule.meta.language, path: `${DIR}/${file}`, files, rules: [rule], config }, ['safe', 'unsafe']);
  assert.equal(second.text, first.text, 'fixes converge: a second fix-all pass changes nothing');
  assert.ok(first.remaining.findings.every((f) => f.fixes.every((x) => x.safety === 'display-only')), 'no fixable finding remains after fix-all');
}
