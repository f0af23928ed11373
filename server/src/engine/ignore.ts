import type { LintResult } from './runner';
import { instructionAtLine } from '../dockerfile/model';
import { TextIndex } from './text';
import type { Finding, TextEdit } from './types';

/**
 * The edit behind "Ignore <id> for this line": a `# layerwise-ignore <id>` comment on the line before the
 * finding's instruction (or YAML key), merged into such a comment when one is already there.
 */
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
    const m = /^(\s*#\s*layerwise-ignore)(\s+[^\s-][^-]*?)?(\s+--\s.*)?\s*$/.exec(above);
    if (m && !/^\s*#\s*layerwise-ignore-/.test(above)) {
      const codes = (m[2] ?? '').trim();
      if (codes === '') return { range: { start: { line: anchor, character: 0 }, end: { line: anchor, character: 0 } }, newText: '' };
      const start = m[1].length;
      const end = start + (m[2] ?? '').length;
      return {
        range: { start: { line: anchor - 1, character: start }, end: { line: anchor - 1, character: end } },
        newText: ` ${codes.split(/[\s,]+/).filter(Boolean).concat(finding.ruleId).join(',')}`,
      };
    }
  }
  const pos = { line: anchor, character: 0 };
  return { range: { start: pos, end: pos }, newText: `${indent}# layerwise-ignore ${finding.ruleId}${index.eol}` };
}
