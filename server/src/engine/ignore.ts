import type { LintResult } from './runner';
import { instructionAtLine } from '../dockerfile/model';
import { buildKitName, type Suppression } from './suppression';
import { TextIndex } from './text';
import type { Finding, Range, RuleMeta, TextEdit } from './types';

/**
 * The edits behind the "Ignore <id> …" quick actions, and behind removing an unused ignore comment.
 * New comments are always Layerwise's own (`# layerwise-ignore…`); an existing comment of the same scope is
 * extended instead of adding a second one. For a whole file, a rule that is also a BuildKit check is added to an
 * existing `# check=skip=` directive: BuildKit rejects a second `check` directive, and one entry then silences
 * both tools.
 */

const at = (line: number, character = 0) => ({ line, character });
const insertAt = (line: number, newText: string): TextEdit => ({ range: { start: at(line), end: at(line) }, newText });

/** The edit behind "Ignore <id> for this line": a `# layerwise-ignore <id>` comment on the line before the finding's instruction (or YAML key). */
export function ignoreLineEdit(text: string, result: LintResult, finding: Finding): TextEdit {
  const index = new TextIndex(text);
  let anchor = finding.range.start.line;
  const model = result.model;
  if (model && model.language === 'dockerfile') {
    anchor = instructionAtLine(model, anchor)?.range.start.line ?? anchor;
  }
  const indent = index.indentation(anchor);
  // Merge into an existing `# layerwise-ignore …` right above.
  if (anchor > 0) {
    const above = index.lineText(anchor - 1);
    const head = /^[ \t]*#[ \t]*layerwise-ignore(?![\w-])/.exec(above);
    if (head) {
      // The codes run up to ` -- reason` (or the end of the line).
      const rest = above.slice(head[0].length);
      const reason = rest.search(/[ \t]--(?:[ \t]|$)/);
      const list = reason === -1 ? rest.trimEnd() : rest.slice(0, reason).trimEnd();
      const codes = list.trim();
      if (codes === '') return { range: { start: at(anchor), end: at(anchor) }, newText: '' };
      const start = head[0].length;
      const end = start + list.length;
      return {
        range: { start: at(anchor - 1, start), end: at(anchor - 1, end) },
        newText: ` ${codes.split(/[\s,]+/).filter(Boolean).concat(finding.ruleId).join(',')}`,
      };
    }
  }
  return insertAt(anchor, `${indent}# layerwise-ignore ${finding.ruleId}${index.eol}`);
}

/** The edit behind "Ignore <id> for this stage" (Dockerfile): `# layerwise-ignore-stage <id>` above the stage's FROM. */
export function ignoreStageEdit(text: string, result: LintResult, finding: Finding): TextEdit | undefined {
  const model = result.model;
  if (!model || model.language !== 'dockerfile') return undefined;
  const line = finding.range.start.line;
  const stage = model.stages.find((s) => line >= s.from.range.start.line && line <= s.endLine);
  if (!stage) return undefined;
  const fromLine = stage.from.range.start.line;
  const existing = result.suppressions.find((s) => s.tool === 'layerwise' && s.scope === 'stage' && s.fromLine === fromLine);
  if (existing) return appendCode(existing, finding.ruleId);
  const index = new TextIndex(text);
  return insertAt(fromLine, `${index.indentation(fromLine)}# layerwise-ignore-stage ${finding.ruleId}${index.eol}`);
}

/**
 * The edit behind "Ignore <id> for this file". When the rule is also a BuildKit check and the Dockerfile already
 * has a `# check=` directive, its BuildKit name joins that directive's `skip=` list. Otherwise an existing
 * `# layerwise-ignore-file` comment is extended, or one is added below the parser directives (a comment above
 * them would turn them into plain comments).
 */
export function ignoreFileEdit(text: string, result: LintResult, finding: Finding, meta?: Pick<RuleMeta, 'aliases'>): TextEdit | undefined {
  const index = new TextIndex(text);
  const model = result.model;
  const buildkit = meta ? buildKitName(meta) : undefined;
  if (buildkit && model && model.language === 'dockerfile') {
    const check = model.directives.find((d) => d.name === 'check');
    if (check) {
      const skip = result.suppressions.find((s) => s.tool === 'buildkit' && s.line === check.line);
      if (skip && !skip.toolWide && skip.codes.length > 0) return appendCode(skip, buildkit);
      if (!skip) {
        // `# check=error=true`: add a skip key in front of the others.
        const lineText = index.lineText(check.line);
        const eq = /^(\uFEFF?\s*#\s*check\s*=\s*)/i.exec(lineText);
        if (eq) return { range: { start: at(check.line, eq[1].length), end: at(check.line, eq[1].length) }, newText: `skip=${buildkit};` };
      }
    }
  }
  const existing = result.suppressions.find((s) => s.tool === 'layerwise' && s.scope === 'file' && s.codes.length > 0 && s.codeRanges.length > 0);
  if (existing) return appendCode(existing, finding.ruleId);
  let line = 0;
  if (model && model.language === 'dockerfile' && model.directives.length) line = Math.max(...model.directives.map((d) => d.line)) + 1;
  if (line >= index.lineCount) return { range: { start: at(line - 1, index.lineText(line - 1).length), end: at(line - 1, index.lineText(line - 1).length) }, newText: `${index.eol}# layerwise-ignore-file ${finding.ruleId}` };
  return insertAt(line, `# layerwise-ignore-file ${finding.ruleId}${index.eol}`);
}

/** Adds a code after the last one of a comment's list, with the list's own separator. */
function appendCode(s: Suppression, code: string): TextEdit {
  const last = s.codeRanges[s.codeRanges.length - 1];
  return { range: { start: last.end, end: last.end }, newText: `,${code}` };
}

/**
 * Edits that take codes out of an ignore comment: the whole comment when `all` (the line when the comment stands
 * alone on it), else only those codes from its list.
 */
export function removeCodesEdits(text: string, s: Suppression, codes: readonly string[], all: boolean): TextEdit[] {
  const index = new TextIndex(text);
  const lineText = index.lineText(s.line);
  if (all) {
    // A BuildKit directive with other keys keeps them: only its skip= entry goes.
    if (s.tool === 'buildkit' && s.codeRanges.length) {
      const d = /#[ \t]*check[ \t]*=[ \t]*/i.exec(lineText);
      const m = d ? [lineText, lineText.slice(0, d.index + d[0].length), lineText.slice(d.index + d[0].length)] : null;
      if (m) {
        const parts = m[2].split(';');
        const kept = parts.filter((p) => !/^\s*skip\s*=/i.test(p));
        if (kept.some((p) => p.trim() !== '')) {
          return [{ range: { start: at(s.line, m[1].length), end: at(s.line, lineText.length) }, newText: kept.map((p) => p.trim()).join(';') }];
        }
      }
    }
    // One of several Trivy markers on the line: only that marker goes.
    if (s.tool === 'trivy' && (lineText.match(/trivy:ignore:/gi) ?? []).length > 1 && s.codeRanges.length) {
      const r = s.codeRanges[0];
      const markerStart = r.start.character - 'trivy:ignore:'.length;
      const after = /^(?::exp:\d{4}-\d{2}-\d{2})?/.exec(lineText.slice(r.end.character))![0].length;
      let start = markerStart;
      let end = r.end.character + after;
      const before = trailingMarkerGap(lineText.slice(0, markerStart));
      if (lineText.slice(0, markerStart - before).trim() === '') end += /^\s*#?\s*/.exec(lineText.slice(end))![0].length;
      else start -= before;
      return [{ range: { start: at(s.line, start), end: at(s.line, end) }, newText: '' }];
    }
    if (s.trailing) {
      const start = lineText.slice(0, s.range.start.character).trimEnd().length;
      return [{ range: { start: at(s.line, start), end: at(s.line, lineText.length) }, newText: '' }];
    }
    return [deleteLine(index, s.line)];
  }
  // Rewrite the list without the removed codes, joined like it was.
  const keep: string[] = [];
  s.codes.forEach((c) => {
    if (!codes.includes(c)) keep.push(c);
  });
  const first = s.codeRanges[0];
  const last = s.codeRanges[s.codeRanges.length - 1];
  const sep = s.codeRanges.length > 1 ? lineText.slice(s.codeRanges[0].end.character, s.codeRanges[1].start.character) : ',';
  return [{ range: { start: first.start, end: last.end }, newText: keep.join(sep) }];
}

function deleteLine(index: TextIndex, line: number): TextEdit {
  if (line + 1 < index.lineCount) return { range: { start: at(line), end: at(line + 1) }, newText: '' };
  if (line === 0) return { range: { start: at(0), end: at(0, index.lineText(0).length) }, newText: '' };
  const prev: Range['start'] = at(line - 1, index.lineText(line - 1).length);
  return { range: { start: prev, end: at(line, index.lineText(line).length) }, newText: '' };
}

/**
 * Length of the trailing blanks, optional `#` and blanks of a text, found from its end: the regex `\s*#?\s*$` would
 * try every start position and backtrack quadratically on a long run of spaces.
 */
function trailingMarkerGap(text: string): number {
  let k = text.length;
  const blank = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f' || c === '\v';
  while (k > 0 && blank(text[k - 1])) k--;
  if (k > 0 && text[k - 1] === '#') k--;
  while (k > 0 && blank(text[k - 1])) k--;
  return text.length - k;
}
