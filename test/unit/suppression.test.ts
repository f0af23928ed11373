import * as assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/engine/edits';
import { ignoreFileEdit, ignoreLineEdit, ignoreStageEdit } from '../../server/src/engine/ignore';
import { defineRule } from '../../server/src/engine/rule';
import { lint } from '../../server/src/engine/runner';
import { aliasTool, parseSuppressions, type SuppressionLayout } from '../../server/src/engine/suppression';
import type { RuleMeta } from '../../server/src/engine/types';
import { META_RULES } from '../../server/src/rules';

const meta = <L extends 'dockerfile' | 'compose'>(id: string, language: L, aliases: string[]): RuleMeta & { language: L } => ({
  id,
  title: `test rule ${id}`,
  category: 'correctness',
  defaultSeverity: 'warning',
  fixSafety: [],
  aliases,
  rationale: 'for tests',
  language,
});

/** Reports every instruction; it is every other tool's check, through its aliases. */
const everywhere = defineRule({
  meta: meta('every-instruction', 'dockerfile', ['DL9999', 'DS999', 'CKV_DOCKER_99', 'JSONArgsRecommended']),
  check(ctx) {
    for (const i of ctx.model.instructions) ctx.report({ range: i.range, message: i.keyword });
  },
});

/** Reports every instruction too, but no other tool has this check. */
const ownOnly = defineRule({
  meta: meta('own-only', 'dockerfile', []),
  check(ctx) {
    for (const i of ctx.model.instructions) ctx.report({ range: i.range, message: i.keyword });
  },
});

/** Reports every Compose service key; dclint's `no-version-field` stands in for its alias. */
const composeRule = defineRule({
  meta: meta('every-service', 'compose', ['no-version-field']),
  check(ctx) {
    for (const s of ctx.model.services) ctx.report({ range: s.keyRange, message: s.name });
  },
});

const run = (text: string, language: 'dockerfile' | 'compose' = 'dockerfile') =>
  lint({ text, language, rules: language === 'dockerfile' ? [everywhere, ownOnly] : [composeRule], metaRules: META_RULES });

/** `line rule` for each finding left, one-based. */
const left = (text: string, language: 'dockerfile' | 'compose' = 'dockerfile') =>
  run(text, language).findings.map((f) => `${f.range.start.line + 1} ${f.ruleId}`);

describe('suppression', () => {
  describe("every tool's ignore comments, mapped through aliases", () => {
    const ALL = (lines: number[]) => lines.flatMap((l) => [`${l} every-instruction`, `${l} own-only`]);
    // Each case: the Dockerfile, and the findings left. `FROM a` / `RUN b` / `USER c` carry both rules.
    const cases: [string, string, string[]][] = [
      ['nothing', 'FROM a\nRUN b\nUSER c\n', ALL([1, 2, 3])],
      ['layerwise-ignore by id, with a reason', 'FROM a\n# layerwise-ignore every-instruction -- legacy\nRUN b\nUSER c\n', [...ALL([1]), '3 own-only', ...ALL([4])]],
      ['layerwise-ignore by another tool’s code', 'FROM a\n# layerwise-ignore DL9999\nRUN b\nUSER c\n', [...ALL([1]), '3 own-only', ...ALL([4])]],
      ['layerwise-ignore-file', 'FROM a\nRUN b\n# layerwise-ignore-file own-only\nUSER c\n', ['1 every-instruction', '2 every-instruction', '4 every-instruction']],
      ['hadolint ignore=', 'FROM a\n# hadolint ignore=DL3008,DL9999\nRUN b\nUSER c\n', [...ALL([1]), '3 own-only', ...ALL([4])]],
      ['hadolint global ignore=', '# hadolint global ignore=DL9999\nFROM a\nRUN b\nUSER c\n', ['2 own-only', '3 own-only', '4 own-only']],
      ['hadolint stage ignore=', 'FROM a\n# hadolint stage ignore=DL9999\nFROM b\nRUN c\n', [...ALL([1]), '3 own-only', '4 own-only']],
      ['BuildKit check=skip= (a parser directive)', '# check=skip=JSONArgsRecommended\nFROM a\nRUN b\n', ['2 own-only', '3 own-only']],
      ['BuildKit check= with other keys first', '# syntax=docker/dockerfile:1\n# check=error=true;skip=StageNameCasing,JSONArgsRecommended\nFROM a\nRUN b\n', ['3 own-only', '4 own-only']],
      ['BuildKit skip=all silences only rules that are BuildKit checks', '# check=skip=all\nFROM a\nRUN b\n', ['2 own-only', '3 own-only']],
      ['check= after a comment is no directive, so BuildKit and Layerwise ignore it', '# base image\n# check=skip=JSONArgsRecommended\nFROM a\n', ALL([3])],
      ['trivy:ignore:AVD-DS-…', 'FROM a\n# trivy:ignore:AVD-DS-0999\nRUN b\nUSER c\n', [...ALL([1]), '3 own-only', ...ALL([4])]],
      ['trivy:ignore:DS-…, several per line', 'FROM a\n#trivy:ignore:DS-0001 #trivy:ignore:DS999\nRUN b\n', [...ALL([1]), '3 own-only']],
      ['trivy:ignore with a future exp: date', 'FROM a\n# trivy:ignore:DS999:exp:2999-12-31\nRUN b\n', [...ALL([1]), '3 own-only']],
      ['trivy:ignore past its exp: date', 'FROM a\n# trivy:ignore:DS999:exp:2000-01-01\nRUN b\n', ALL([1, 3])],
      ['trivy:ignore:* silences the rules that are Trivy checks', 'FROM a\n# trivy:ignore:*\nRUN b\n', [...ALL([1]), '3 own-only']],
      ['checkov:skip= is file-wide, with a reason', 'FROM a\nRUN b\n#checkov:skip=CKV_DOCKER_99:we pin in CI\nUSER c\n', ['1 own-only', '2 own-only', '4 own-only']],
      ['checkov:skip= with a list', 'FROM a\n# checkov:skip=CKV_DOCKER_1,CKV_DOCKER_99\nRUN b\n', ['1 own-only', '3 own-only']],
      ['dockerfile-utils: ignore silences the next instruction', 'FROM a\n# dockerfile-utils: ignore\nRUN b\nUSER c\n', [...ALL([1]), ...ALL([4])]],
      ['a blank line breaks a line-scoped comment', 'FROM a\n# trivy:ignore:DS999\n\nRUN b\n', ALL([1, 4])],
    ];
    for (const [name, text, expected] of cases) {
      it(name, () => assert.deepEqual(left(text).filter((l) => !/ignore/.test(l)), expected));
    }

    it('dclint disable-line (own line: the next line) and disable (file, on the first line) in Compose', () => {
      const services = 'services:\n  web:\n    image: nginx:1\n  # dclint disable-line no-version-field\n  db:\n    image: postgres:17\n';
      assert.deepEqual(left(services, 'compose'), ['2 every-service']);
      assert.deepEqual(left(`# dclint disable no-version-field\n${services.replace('  # dclint disable-line no-version-field\n', '')}`, 'compose'), []);
      assert.deepEqual(left(`# dclint disable-file\nservices:\n  web:\n    image: nginx:1\n`, 'compose'), []);
      assert.deepEqual(left(`services:\n  web:\n    image: nginx:1\n# dclint disable no-version-field\n`, 'compose'), ['2 every-service'], 'not on the first line: dclint ignores it');
    });

    it('trailing comments in real Compose files: dclint disable-line and layerwise-ignore at the end of the line', () => {
      assert.deepEqual(left('services:\n  web:  # dclint disable-line no-version-field\n    image: nginx:1\n  db:\n    image: postgres:17\n', 'compose'), ['4 every-service']);
      assert.deepEqual(left("services:\n  web: # layerwise-ignore every-service\n    image: 'a # not a comment'\n  db:\n    image: x\n", 'compose'), ['4 every-service']);
      assert.deepEqual(left("services:\n  'web # quoted': {}\n  db: {}\n", 'compose'), ['2 every-service', '3 every-service'], 'a # inside quotes is not a comment');
    });

    it('dclint disable-line at the end of a line, and the first-line rule, from the layout', () => {
      const text = ['---', '# dclint disable a-rule b-rule', 'services:', '  web:  # dclint disable-line', '    image: x'];
      const layout: SuppressionLayout = {
        comments: [
          { line: 1, text: text[1], range: { start: { line: 1, character: 0 }, end: { line: 1, character: text[1].length } } },
          { line: 3, text: '# dclint disable-line', trailing: true, range: { start: { line: 3, character: 8 }, end: { line: 3, character: 29 } } },
        ],
        targetAfter: (l) => l + 1,
        lineText: (l) => text[l],
        lastLine: text.length - 1,
      };
      const s = parseSuppressions(layout);
      assert.deepEqual(
        s.map((x) => [x.tool, x.scope, x.codes, x.codeRanges.map((r) => `${r.start.character}-${r.end.character}`), x.fromLine, x.toLine, x.trailing]),
        [
          ['dclint', 'file', ['a-rule', 'b-rule'], ['17-23', '24-30'], 0, 4, false],
          ['dclint', 'line', [], [], 3, 3, true],
        ],
      );
    });

    it('knows which tool an alias belongs to', () => {
      assert.deepEqual(['DL3007', 'SC2086', 'DS001', 'AVD-DS-0002', 'CKV_DOCKER_7', 'CKV2_DOCKER_1', 'JSONArgsRecommended', 'no-version-field', 'x'].map(aliasTool), [
        'hadolint', 'hadolint', 'trivy', 'trivy', 'checkov', 'checkov', 'buildkit', 'dclint', undefined,
      ]);
    });
  });

  describe('unused-ignore', () => {
    /** Runs on every file and reports nothing; it is also some other tools' checks. */
    const quiet = defineRule({ meta: meta('quiet', 'dockerfile', ['DL3007', 'DS001', 'FromAsCasing']), check() {} });
    const runQ = (text: string, rules = [everywhere, quiet], config?: Parameters<typeof lint>[0]['config']) =>
      lint({ text, language: 'dockerfile', rules, metaRules: META_RULES, config });
    const unused = (text: string, rules = [everywhere, quiet]) =>
      runQ(text, rules)
        .findings.filter((f) => f.ruleId === 'unused-ignore')
        .map((f) => `${f.range.start.line + 1} ${f.severity} ${f.message}${f.unnecessary ? ' [faded]' : ''}`);
    const fixed = (text: string, rules = [everywhere, quiet]) => {
      const f = runQ(text, rules).findings.find((x) => x.ruleId === 'unused-ignore')!;
      return [f.fixes[0].title, f.fixes[0].safety, applyEdits(text, f.fixes[0].edits)];
    };

    it('reports our own comment that silences nothing, faded, with a safe fix that removes the line', () => {
      const text = 'FROM a\n# layerwise-ignore quiet\nRUN b\n';
      assert.deepEqual(unused(text), ['2 hint `quiet` is ignored here, but Layerwise reports nothing for it on the next line. Remove it. [faded]']);
      assert.deepEqual(fixed(text), ['Remove the unused ignore comment', 'safe', 'FROM a\nRUN b\n']);
      assert.deepEqual(unused('FROM a\n# layerwise-ignore every-instruction\nRUN b\n'), [], 'used');
    });

    it('says where: the stage, the file; and a blanket comment', () => {
      assert.deepEqual(unused('# layerwise-ignore-stage quiet\nFROM a\n'), ['1 hint `quiet` is ignored here, but Layerwise reports nothing for it in this stage. Remove it. [faded]']);
      assert.deepEqual(unused('FROM a\n# layerwise-ignore-file quiet,own-only\n', [quiet, ownOnly]), ['2 hint `quiet` is ignored here, but Layerwise reports nothing for it in this file. Remove it. [faded]']);
      assert.deepEqual(unused('FROM a\n# layerwise-ignore\nRUN b\n', [quiet]), ['2 hint This ignore comment silences nothing: no rule reports anything on the next line. Remove it. [faded]']);
    });

    it('partly unused: only the id that silenced nothing goes', () => {
      const text = 'FROM a\n# layerwise-ignore quiet,every-instruction -- legacy\nRUN b\n';
      assert.deepEqual(unused(text), ['2 hint `quiet` is ignored here, but Layerwise reports nothing for it on the next line. Remove it. [faded]']);
      assert.deepEqual(fixed(text), ['Remove quiet from the ignore comment', 'safe', 'FROM a\n# layerwise-ignore every-instruction -- legacy\nRUN b\n']);
    });

    it("another tool's code: reported when it maps to a rule that ran, with an unsafe fix", () => {
      const text = 'FROM a\n# hadolint ignore=DL3008,DL3007\nRUN b\n';
      assert.deepEqual(unused(text), ['2 hint `DL3007` is ignored here, but Layerwise reports nothing for it on the next line. Remove it unless hadolint still needs it. [faded]']);
      assert.deepEqual(fixed(text), ['Remove DL3007 from the ignore comment', 'unsafe', 'FROM a\n# hadolint ignore=DL3008\nRUN b\n']);
      assert.deepEqual(unused('FROM a\n# hadolint ignore=DL3008\nRUN b\n'), [], 'a code for a check Layerwise does not have is not unused');
      assert.deepEqual(unused('FROM a\n# dockerfile-utils: ignore\nRUN b\n', [quiet]), [], "another tool's blanket comment is for its own checks");
      const trivy = 'FROM a\n# trivy:ignore:AVD-DS-0999 #trivy:ignore:DS-0001\nRUN b\n';
      assert.deepEqual(fixed(trivy), ['Remove the unused ignore comment', 'unsafe', 'FROM a\n# trivy:ignore:AVD-DS-0999\nRUN b\n'], 'one marker of two goes');
      const check = '# check=skip=FromAsCasing;error=true\nFROM a\n';
      assert.deepEqual(fixed(check), ['Remove the unused ignore comment', 'unsafe', '# check=error=true\nFROM a\n'], 'other check= keys stay');
      assert.deepEqual(fixed('#checkov:skip=CKV_DOCKER_1,DS001\nFROM a\n'), ['Remove DS001 from the ignore comment', 'unsafe', '#checkov:skip=CKV_DOCKER_1\nFROM a\n']);
    });

    it('not for rules that are off or did not run, nor for meta-rule ids; a file comment can silence the report', () => {
      assert.deepEqual(runQ('FROM a\n# layerwise-ignore quiet\nRUN b\n', [everywhere, quiet], { rules: { quiet: 'off' } }).findings.filter((f) => f.ruleId === 'unused-ignore'), []);
      assert.deepEqual(unused('FROM a\n# layerwise-ignore quiet\nRUN b\n', [everywhere]), []);
      assert.deepEqual(unused('# layerwise-ignore-file unused-ignore\nFROM a\n# layerwise-ignore quiet\nRUN b\n'), []);
    });

    it('keeps CRLF, and a last line without a line break', () => {
      assert.deepEqual(fixed('FROM a\r\n# layerwise-ignore quiet\r\nRUN b\r\n'), ['Remove the unused ignore comment', 'safe', 'FROM a\r\nRUN b\r\n']);
      assert.deepEqual(fixed('FROM a\n# layerwise-ignore-file quiet'), ['Remove the unused ignore comment', 'safe', 'FROM a']);
    });

    it('is a setting like any rule: off, or another severity', () => {
      const sev = (config?: Parameters<typeof lint>[0]['config']) => runQ('FROM a\n# layerwise-ignore quiet\nRUN b\n', [quiet], config).findings.map((f) => `${f.ruleId} ${f.severity}`);
      assert.deepEqual(sev(), ['unused-ignore hint']);
      assert.deepEqual(sev({ rules: { 'unused-ignore': 'warning' } }), ['unused-ignore warning']);
      assert.deepEqual(sev({ rules: { 'unused-ignore': 'off' } }), []);
    });

    it('runs by default with the registry, and not when only some rules are asked for', () => {
      const text = '# layerwise-ignore pin-image-tag\nFROM python:3.14-slim\n';
      assert.deepEqual(lint({ text, language: 'dockerfile' }).findings.filter((f) => f.ruleId === 'unused-ignore').length, 1);
      assert.deepEqual(lint({ text, language: 'dockerfile', rules: [quiet] }).findings, []);
    });
  });

  describe('unknown-ignore-id', () => {
    it('reports an id that names no rule, at the id, suggesting the closest one', () => {
      const r = run('FROM a\n# layerwise-ignore every-instructon,own-only\nRUN b\n');
      const f = r.findings.filter((x) => x.ruleId === 'unknown-ignore-id');
      assert.deepEqual(
        f.map((x) => [`${x.range.start.line + 1}:${x.range.start.character + 1}-${x.range.end.character + 1}`, x.severity, x.message]),
        [['2:20-36', 'hint', '`every-instructon` is not a Layerwise rule id or alias, so this comment silences nothing for it. Did you mean `every-instruction`?']],
      );
    });

    it("does not judge other tools' codes, and accepts aliases in our own comments", () => {
      assert.deepEqual(run('FROM a\n# hadolint ignore=DL4000\nRUN b\n').findings.filter((x) => x.ruleId === 'unknown-ignore-id'), []);
      assert.deepEqual(run('FROM a\n# layerwise-ignore DL9999\nRUN b\n').findings.filter((x) => x.ruleId === 'unknown-ignore-id'), []);
      assert.deepEqual(
        run('FROM a\n# layerwise-ignore nothing-like-this-at-all\nRUN b\n').findings.filter((x) => x.ruleId === 'unknown-ignore-id').map((x) => x.message),
        ['`nothing-like-this-at-all` is not a Layerwise rule id or alias, so this comment silences nothing for it.'],
      );
    });
  });

  describe('ignore quick actions', () => {
    const finding = (text: string, line: number, rules = [everywhere]) => {
      const r = lint({ text, language: 'dockerfile', rules, metaRules: META_RULES });
      return { r, f: r.findings.find((x) => x.range.start.line === line && x.ruleId === rules[0].meta.id)! };
    };
    it('for this line: a comment above the instruction', () => {
      const text = 'FROM a\nRUN b\n';
      const { r, f } = finding(text, 1);
      assert.equal(applyEdits(text, [ignoreLineEdit(text, r, f)]), 'FROM a\n# layerwise-ignore every-instruction\nRUN b\n');
    });

    it('for this stage: a comment above its FROM, or an id added to the one there', () => {
      const text = 'FROM a AS build\nRUN b\n\nFROM c\nUSER d\n';
      const { r, f } = finding(text, 4);
      assert.equal(applyEdits(text, [ignoreStageEdit(text, r, f)!]), 'FROM a AS build\nRUN b\n\n# layerwise-ignore-stage every-instruction\nFROM c\nUSER d\n');
      const more = 'FROM a\n# layerwise-ignore-stage own-only\nFROM c\nUSER d\n';
      const g = finding(more, 3);
      assert.equal(applyEdits(more, [ignoreStageEdit(more, g.r, g.f)!]), 'FROM a\n# layerwise-ignore-stage own-only,every-instruction\nFROM c\nUSER d\n');
    });

    it('for this file: below the parser directives, or an id added to an existing layerwise-ignore-file', () => {
      const text = '# syntax=docker/dockerfile:1\r\nFROM a\r\nRUN b\r\n';
      const { r, f } = finding(text, 2, [ownOnly]);
      assert.equal(applyEdits(text, [ignoreFileEdit(text, r, f, ownOnly.meta)!]), '# syntax=docker/dockerfile:1\r\n# layerwise-ignore-file own-only\r\nFROM a\r\nRUN b\r\n');
      const more = 'FROM a\n# layerwise-ignore-file every-instruction\nRUN b\n';
      const g = finding(more, 0, [ownOnly, everywhere]);
      assert.equal(applyEdits(more, [ignoreFileEdit(more, g.r, g.f, ownOnly.meta)!]), 'FROM a\n# layerwise-ignore-file every-instruction,own-only\nRUN b\n');
    });

    it('for this file, a BuildKit check joins an existing check= directive (BuildKit rejects a second one)', () => {
      const text = '# syntax=docker/dockerfile:1\n# check=skip=StageNameCasing\nFROM a\nRUN b\n';
      const { r, f } = finding(text, 3);
      const merged = applyEdits(text, [ignoreFileEdit(text, r, f, everywhere.meta)!]);
      assert.equal(merged, '# syntax=docker/dockerfile:1\n# check=skip=StageNameCasing,JSONArgsRecommended\nFROM a\nRUN b\n');
      assert.deepEqual(lint({ text: merged, language: 'dockerfile', rules: [everywhere] }).findings, [], 'and it silences the rule');
      const noSkip = '# check=error=true\nFROM a\n';
      const g = finding(noSkip, 1);
      assert.equal(applyEdits(noSkip, [ignoreFileEdit(noSkip, g.r, g.f, everywhere.meta)!]), '# check=skip=JSONArgsRecommended;error=true\nFROM a\n');
      // A rule that is no BuildKit check gets our own comment below the directive instead.
      const h = finding(text, 3, [ownOnly]);
      assert.equal(applyEdits(text, [ignoreFileEdit(text, h.r, h.f, ownOnly.meta)!]), '# syntax=docker/dockerfile:1\n# check=skip=StageNameCasing\n# layerwise-ignore-file own-only\nFROM a\nRUN b\n');
      // Without a check= directive, no new one is created: BuildKit's configuration stays the user's.
      const plain = 'FROM a\nRUN b\n';
      const k = finding(plain, 1);
      assert.equal(applyEdits(plain, [ignoreFileEdit(plain, k.r, k.f, everywhere.meta)!]), '# layerwise-ignore-file every-instruction\nFROM a\nRUN b\n');
    });
  });
});
