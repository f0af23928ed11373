import * as assert from 'node:assert/strict';
import { applyEdits, mergeFixes } from '../../server/src/engine/edits';
import { MemoryFiles } from '../../server/src/engine/files';
import { fixAll } from '../../server/src/engine/fix-all';
import { ignoreLineEdit } from '../../server/src/engine/ignore';
import { defineRule } from '../../server/src/engine/rule';
import { lint } from '../../server/src/engine/runner';
import { TextIndex } from '../../server/src/engine/text';
import type { RuleMeta } from '../../server/src/engine/types';

const meta = (id: string, extra: Partial<RuleMeta> = {}): RuleMeta & { language: 'dockerfile' } => ({
  id,
  title: `test rule ${id}`,
  category: 'correctness',
  defaultSeverity: 'warning',
  fixSafety: ['safe'],
  aliases: [],
  rationale: 'for tests',
  ...extra,
  language: 'dockerfile',
});

/** Reports every instruction's first line, with a fix that lower-cases the keyword. */
const everyInstruction = defineRule({
  meta: meta('every-instruction', { aliases: ['DL9999'], options: { limit: { type: 'number', default: 100, description: 'max findings' } } }),
  check(ctx) {
    let n = 0;
    for (const i of ctx.model.instructions) {
      if (n++ >= (ctx.options.limit as number)) break;
      const kw = { start: i.range.start, end: { line: i.range.start.line, character: i.range.start.character + i.keyword.length } };
      ctx.report({ range: kw, message: `instruction ${i.keyword}`, fixes: [{ title: 'lower-case', safety: 'safe', edits: [{ range: kw, newText: i.keyword.toLowerCase() + '\n#' }] }] });
    }
  },
});

const throwing = defineRule({
  meta: meta('always-throws'),
  check() {
    throw new Error('boom');
  },
});

const readsFiles = defineRule({
  meta: meta('reads-files'),
  check(ctx) {
    const text = ctx.files.read(`${ctx.dir}/package.json`);
    if (text !== undefined) ctx.report({ range: ctx.model.instructions[0].range, message: `package.json has ${text.length} characters` });
  },
});

const lines = (text: string, rules = [everyInstruction], config?: Parameters<typeof lint>[0]['config']) =>
  lint({ text, language: 'dockerfile', rules, config }).findings.map((f) => `${f.range.start.line + 1} ${f.ruleId} ${f.severity}`);

describe('runner', () => {
  it('isolates a rule that throws: it is logged and the other rules still report', () => {
    const logged: string[] = [];
    const r = lint({ text: 'FROM a\n', language: 'dockerfile', rules: [throwing, everyInstruction], log: (m) => logged.push(m) });
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['every-instruction']);
    assert.deepEqual(r.ruleErrors, [{ ruleId: 'always-throws', message: 'boom' }]);
    assert.equal(logged.length, 1);
    assert.match(logged[0], /^layerwise: rule always-throws failed on a file and was skipped: Error: boom/);
  });

  it('applies configured severities and options, and skips rules that are off', () => {
    assert.deepEqual(lines('FROM a\nRUN b\n', [everyInstruction], { rules: { 'every-instruction': 'error' } }), ['1 every-instruction error', '2 every-instruction error']);
    assert.deepEqual(lines('FROM a\nRUN b\n', [everyInstruction], { rules: { 'every-instruction': 'off' } }), []);
    assert.deepEqual(lines('FROM a\nRUN b\n', [everyInstruction], { rules: { 'every-instruction': { severity: 'info', options: { limit: 1 } } } }), ['1 every-instruction info']);
    assert.deepEqual(lines('FROM a\nRUN b\n', [everyInstruction], { rules: { 'every-instruction': { options: { limit: 'x' } } } }).length, 2, 'a wrong option type falls back to the default');
  });

  it('rewrites fix text to the file line endings', () => {
    const r = lint({ text: 'FROM a\r\n', language: 'dockerfile', rules: [everyInstruction] });
    assert.equal(r.findings[0].fixes[0].edits[0].newText, 'from\r\n#');
  });

  it('records the files rules read, for re-linting when they change', () => {
    const files = new MemoryFiles({ '/p/package.json': '{}' });
    const r = lint({ text: 'FROM a\n', language: 'dockerfile', path: '/p/Dockerfile', files, rules: [readsFiles] });
    assert.deepEqual(r.findings.map((f) => f.message), ['package.json has 2 characters']);
    assert.deepEqual(r.dependencies, ['/p/package.json']);
  });

  it('skips huge and binary texts with a clear reason', () => {
    const big = lint({ text: 'FROM a\n' + 'x'.repeat(3 * 1024 * 1024), language: 'dockerfile', rules: [everyInstruction] });
    assert.equal(big.skipped, 'Layerwise skipped this file: it is 3.0 MB, over the 1.0 MB limit for analysis.');
    assert.deepEqual(big.findings, []);
    const bin = lint({ text: '\u0000\u0001\u0002\u0003 FROM a', language: 'dockerfile', rules: [everyInstruction] });
    assert.equal(bin.skipped, 'Layerwise skipped this file: it looks like binary data, not text.');
  });

  describe('suppression', () => {
    const text = (comment: string) => `FROM a\n${comment}\nRUN b \\\n  c\nUSER d\n`;
    it('# layerwise-ignore <id> silences the next instruction only', () => {
      assert.deepEqual(lines(text('# layerwise-ignore every-instruction')), ['1 every-instruction warning', '5 every-instruction warning']);
    });
    it('several ids, a reason, and no ids at all', () => {
      assert.deepEqual(lines(text('# layerwise-ignore other-rule,every-instruction -- we build with make')).length, 2);
      assert.deepEqual(lines(text('# layerwise-ignore other-rule')).length, 3);
      assert.deepEqual(lines(text('# layerwise-ignore')).length, 2);
    });
    it('stacked comment lines above the instruction all apply', () => {
      assert.deepEqual(lines(text('# layerwise-ignore every-instruction\n# why: legacy')).length, 2);
    });
    it('a blank line between comment and instruction breaks the link', () => {
      assert.deepEqual(lines(text('# layerwise-ignore every-instruction\n')).length, 3);
    });
    it('# layerwise-ignore-file and -stage', () => {
      assert.deepEqual(lines(`FROM a\nRUN x\n# layerwise-ignore-file every-instruction\n`), []);
      assert.deepEqual(lines(`FROM a\nRUN x\n# layerwise-ignore-stage every-instruction\nFROM b\nRUN y\nFROM c\n`), ['1 every-instruction warning', '2 every-instruction warning', '6 every-instruction warning']);
    });
    it("other tools' codes through aliases: hadolint ignore= and global ignore=", () => {
      assert.deepEqual(lines(text('# hadolint ignore=DL3008,DL9999')).length, 2);
      assert.deepEqual(lines(text('# hadolint ignore=DL3008')).length, 3);
      assert.deepEqual(lines(`# hadolint global ignore=DL9999\nFROM a\nRUN b\n`), []);
    });
    it('comments inside heredoc bodies are not suppressions', () => {
      assert.deepEqual(lines('FROM a\nRUN <<EOF\n# layerwise-ignore-file every-instruction\nEOF\n').length, 2);
    });
    it('records which codes were used', () => {
      const r = lint({ text: text('# layerwise-ignore other-rule,every-instruction'), language: 'dockerfile', rules: [everyInstruction] });
      assert.deepEqual(r.suppressions.map((s) => [s.line, s.scope, s.codes, [...s.used]]), [[1, 'line', ['other-rule', 'every-instruction'], ['every-instruction']]]);
    });
  });

  describe('fixes', () => {
    it('mergeFixes skips a fix that overlaps an earlier one', () => {
      const r = (l: number, a: number, b: number) => ({ start: { line: l, character: a }, end: { line: l, character: b } });
      const m = mergeFixes([
        { title: 'a', safety: 'safe', edits: [{ range: r(0, 0, 4), newText: 'X' }] },
        { title: 'b', safety: 'safe', edits: [{ range: r(0, 2, 6), newText: 'Y' }] },
        { title: 'c', safety: 'safe', edits: [{ range: r(0, 4, 4), newText: 'Z' }] },
        { title: 'd', safety: 'display-only', edits: [] },
      ]);
      assert.deepEqual(m.taken.map((t) => t.title), ['a', 'c']);
      assert.equal(applyEdits('abcdefgh', m.edits), 'XZefgh');
    });
    it('fixAll re-lints until nothing changes and keeps line endings', () => {
      const once = defineRule({
        meta: meta('pin-a'),
        check(ctx) {
          for (const img of ctx.model.images) {
            if (img.text === 'a') ctx.report({ range: img.range, message: 'pin a', fixes: [{ title: 'pin', safety: 'safe', edits: [{ range: img.range, newText: 'a:1' }] }] });
          }
        },
      });
      const r = fixAll({ text: 'FROM a\r\nFROM a\r\n', language: 'dockerfile', rules: [once] });
      assert.equal(r.text, 'FROM a:1\r\nFROM a:1\r\n');
      assert.equal(r.applied.length, 2);
      assert.deepEqual(r.remaining.findings, []);
    });
    it('TextIndex maps offsets and positions with CRLF', () => {
      const idx = new TextIndex('ab\r\ncd\r\n');
      assert.equal(idx.eol, '\r\n');
      assert.deepEqual([idx.lineText(0), idx.lineText(1), idx.lineText(2)], ['ab', 'cd', '']);
      assert.equal(idx.offsetAt({ line: 1, character: 1 }), 5);
      assert.equal(idx.offsetAt({ line: 0, character: 99 }), 2, 'clamped to the line content');
      assert.deepEqual(idx.positionAt(5), { line: 1, character: 1 });
    });
  });

  describe('ignore-line edit', () => {
    const run = (text: string) => {
      const r = lint({ text, language: 'dockerfile', rules: [everyInstruction] });
      const f = r.findings.find((x) => x.range.start.line === 2)!;
      return applyEdits(text, [ignoreLineEdit(text, r, f)]);
    };
    it('inserts a comment above the instruction, indented like it', () => {
      assert.equal(run('FROM a\n\n  RUN b \\\n  c\n'), 'FROM a\n\n  # layerwise-ignore every-instruction\n  RUN b \\\n  c\n');
    });
    it('merges into an existing comment and keeps CRLF', () => {
      assert.equal(run('FROM a\r\n# layerwise-ignore other\r\nRUN b\r\n'), 'FROM a\r\n# layerwise-ignore other,every-instruction\r\nRUN b\r\n');
    });
  });
});
