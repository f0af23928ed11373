import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MemoryFiles } from '../../server/src/engine/files';
import { lint } from '../../server/src/engine/runner';
import { META_RULES, RULES } from '../../server/src/rules';

const ROOT = path.join(__dirname, '..', '..');
const HEADINGS = ['## What it flags', '## Why it matters', '## Example', '## Use instead', '## Fix safety'];

/** The first fenced code block after a heading. */
function blockAfter(doc: string, heading: string): { lang: string; code: string } | undefined {
  const at = doc.indexOf(`\n${heading}\n`);
  if (at === -1) return undefined;
  const m = /```(\w+)\n([\s\S]*?)```/.exec(doc.slice(at));
  return m ? { lang: m[1], code: m[2] } : undefined;
}

/** The page exists, starts with the id and has the fixed headings in order. */
function assertDocPage(docPath: string, id: string): void {
  assert.ok(fs.existsSync(docPath), `docs/rules/${id}.md`);
  const doc = fs.readFileSync(docPath, 'utf8');
  assert.ok(doc.startsWith(`# ${id}\n`), 'the page starts with the rule id');
  let last = -1;
  for (const h of HEADINGS) {
    const at = doc.indexOf(`\n${h}\n`);
    assert.ok(at > last, `heading "${h}" present and in order`);
    last = at;
  }
}

describe('rule registry', () => {
  it('ids are unique, kebab-case and sorted', () => {
    const ids = RULES.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/);
    assert.deepEqual(ids, [...ids].sort());
    const metaIds = META_RULES.map((r) => r.meta.id);
    for (const id of metaIds) assert.match(id, /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/);
    assert.deepEqual(metaIds, [...metaIds].sort());
    assert.equal(new Set([...ids, ...metaIds]).size, ids.length + metaIds.length, 'meta-rule ids do not clash with rule ids');
  });

  it('every meta-rule file (rules/meta) is registered, and every registered meta-rule has its own file', () => {
    const dir = path.join(ROOT, 'server', 'src', 'rules', 'meta');
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)) : [];
    assert.deepEqual(files.sort(), META_RULES.map((r) => r.meta.id).sort());
  });

  it('every rule file is registered, and every registered rule has its own file', () => {
    const files: string[] = [];
    for (const lang of ['dockerfile', 'compose']) {
      const dir = path.join(ROOT, 'server', 'src', 'rules', lang);
      if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) if (f.endsWith('.ts')) files.push(`${lang}/${f.slice(0, -3)}`);
    }
    assert.deepEqual(files.sort(), RULES.map((r) => `${r.meta.language}/${r.meta.id}`).sort());
  });

  for (const rule of RULES) {
    const { id } = rule.meta;
    describe(id, () => {
      it('has metadata', () => {
        assert.ok(rule.meta.title.length > 10, 'title');
        assert.ok(rule.meta.rationale.length > 40, 'rationale');
        assert.ok(['error', 'warning', 'info', 'hint'].includes(rule.meta.defaultSeverity));
      });

      it('has table tests in test/unit/rules', () => {
        assert.ok(fs.existsSync(path.join(ROOT, 'test', 'unit', 'rules', `${id}.test.ts`)), `test/unit/rules/${id}.test.ts`);
      });

      const docPath = path.join(ROOT, 'docs', 'rules', `${id}.md`);
      it('has a doc page with the fixed headings', () => assertDocPage(docPath, id));

      it("the doc's Example triggers the rule and its Use instead does not", () => {
        const doc = fs.readFileSync(docPath, 'utf8');
        const bad = blockAfter(doc, '## Example');
        const good = blockAfter(doc, '## Use instead');
        assert.ok(bad && good, 'both examples have a code block');
        const file = rule.meta.language === 'compose' ? '/doc/compose.yaml' : '/doc/Dockerfile';
        const run = (code: string) =>
          lint({ text: code, language: rule.meta.language, path: file, files: new MemoryFiles({}), rules: [rule] }).findings.filter((f) => f.ruleId === id);
        assert.ok(run(bad!.code).length > 0, 'the Example is flagged');
        assert.deepEqual(run(good!.code).map((f) => f.message), [], 'the Use instead example is clean');
      });
    });
  }
});

/**
 * Meta-rules (server/src/rules/meta) report on ignore comments for every kind of file; the runner produces their
 * findings, so their docs are checked with the whole registry running. Their tests live in
 * test/unit/suppression.test.ts, one `describe` per id.
 */
describe('meta-rule registry', () => {
  const suppressionTests = fs.readFileSync(path.join(ROOT, 'test', 'unit', 'suppression.test.ts'), 'utf8');
  for (const rule of META_RULES) {
    const { id } = rule.meta;
    describe(id, () => {
      it('has metadata', () => {
        assert.ok(rule.meta.title.length > 10, 'title');
        assert.ok(rule.meta.rationale.length > 40, 'rationale');
        assert.ok(['error', 'warning', 'info', 'hint'].includes(rule.meta.defaultSeverity));
        assert.equal(rule.meta.language, 'any');
      });

      it('has tests in test/unit/suppression.test.ts', () => {
        assert.ok(suppressionTests.includes(`describe('${id}'`), `describe('${id}', …) in test/unit/suppression.test.ts`);
      });

      const docPath = path.join(ROOT, 'docs', 'rules', `${id}.md`);
      it('has a doc page with the fixed headings', () => assertDocPage(docPath, id));

      it("the doc's Example triggers the meta-rule and its Use instead does not", () => {
        const doc = fs.readFileSync(docPath, 'utf8');
        const bad = blockAfter(doc, '## Example');
        const good = blockAfter(doc, '## Use instead');
        assert.ok(bad && good, 'both examples have a code block');
        const language = bad!.lang === 'yaml' ? 'compose' : 'dockerfile';
        const file = language === 'compose' ? '/doc/compose.yaml' : '/doc/Dockerfile';
        const run = (code: string) => lint({ text: code, language, path: file, files: new MemoryFiles({}) }).findings.filter((f) => f.ruleId === id);
        assert.ok(run(bad!.code).length > 0, 'the Example is flagged');
        assert.deepEqual(run(good!.code).map((f) => f.message), [], 'the Use instead example is clean');
      });
    });
  }
});
