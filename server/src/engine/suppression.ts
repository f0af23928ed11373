import type { Range, RuleMeta } from './types';

/**
 * Inline suppression, handled once for every rule. A rule never looks at ignore comments.
 *
 * Layerwise's own comments:
 * - `# layerwise-ignore <id>[,<id>] [-- reason]` on the line(s) right before an instruction (or YAML key);
 * - `# layerwise-ignore-stage <id>…` before a FROM, for that whole stage;
 * - `# layerwise-ignore-file <id>…` anywhere, for the whole file.
 * Without ids, a comment silences every rule. Other tools' comments are read too, their codes mapped to rules
 * through each rule's aliases (see FOREIGN below).
 */

export type SuppressionScope = 'line' | 'stage' | 'file';

export interface Suppression {
  scope: SuppressionScope;
  /** Codes as written (rule ids or other tools' codes); empty means every rule. */
  codes: string[];
  /** Which tool's syntax the comment uses: `layerwise`, `hadolint`, … */
  tool: string;
  /** Line and range of the comment. */
  line: number;
  range: Range;
  /** Lines covered: for `line`, the anchor line that follows; for `stage`, the stage's lines. */
  fromLine: number;
  toLine: number;
  /** Codes that silenced at least one finding (`*` for a comment without codes). */
  used: Set<string>;
}

export interface CommentInfo {
  line: number;
  text: string;
  range: Range;
}

/** What the runner needs to know about a file's layout to place suppressions. */
export interface SuppressionLayout {
  comments: CommentInfo[];
  /** The line a comment on `line` applies to: the start of the next instruction or key, with only comments between. */
  targetAfter(line: number): number | undefined;
  /** Lines of the stage that starts at or after `line` (Dockerfile only). */
  stageAfter?(line: number): { fromLine: number; toLine: number } | undefined;
  lastLine: number;
}

interface Syntax {
  tool: string;
  scope: SuppressionScope;
  re: RegExp;
}

/** Comment syntaxes, tried in order on the text after `#`. Group 1 holds the codes. */
const SYNTAXES: Syntax[] = [
  { tool: 'layerwise', scope: 'file', re: /^layerwise-ignore-file\b(.*)$/i },
  { tool: 'layerwise', scope: 'stage', re: /^layerwise-ignore-stage\b(.*)$/i },
  { tool: 'layerwise', scope: 'line', re: /^layerwise-ignore\b(.*)$/i },
  { tool: 'hadolint', scope: 'file', re: /^hadolint\s+global\s+ignore\s*=\s*(\S*)/i },
  { tool: 'hadolint', scope: 'stage', re: /^hadolint\s+stage\s+ignore\s*=\s*(\S*)/i },
  { tool: 'hadolint', scope: 'line', re: /^hadolint\s+ignore\s*=\s*(\S*)/i },
];

function parseCodes(rest: string): string[] {
  const body = rest.replace(/\s--(\s.*)?$/, '').replace(/^--.*$/, '');
  return body
    .split(/[\s,]+/)
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
}

export function parseSuppressions(layout: SuppressionLayout): Suppression[] {
  const out: Suppression[] = [];
  for (const c of layout.comments) {
    const text = c.text.replace(/^#\s*/, '').trim();
    for (const syntax of SYNTAXES) {
      const m = syntax.re.exec(text);
      if (!m) continue;
      const codes = parseCodes(m[1] ?? '');
      let fromLine: number;
      let toLine: number;
      if (syntax.scope === 'file') {
        fromLine = 0;
        toLine = layout.lastLine;
      } else if (syntax.scope === 'stage') {
        const stage = layout.stageAfter?.(c.line);
        if (!stage) break;
        fromLine = stage.fromLine;
        toLine = stage.toLine;
      } else {
        const target = layout.targetAfter(c.line);
        if (target === undefined) break;
        fromLine = toLine = target;
      }
      out.push({ scope: syntax.scope, codes, tool: syntax.tool, line: c.line, range: c.range, fromLine, toLine, used: new Set() });
      break;
    }
  }
  return out;
}

/** True when a code written in a comment names this rule, directly or through an alias. */
export function codeMatches(code: string, meta: RuleMeta): boolean {
  const c = normalizeCode(code);
  return c === meta.id.toLowerCase() || meta.aliases.some((a) => normalizeCode(a) === c);
}

/** One spelling per code: Trivy's `DS001`, `DS-0001` and `AVD-DS-0001` are the same check. */
export function normalizeCode(code: string): string {
  const c = code.trim().toLowerCase();
  const trivy = /^(?:avd-)?ds-?0*([0-9]+)$/.exec(c);
  if (trivy) return `ds${trivy[1].padStart(3, '0')}`;
  return c;
}

/**
 * Finds the suppression that silences a finding of `meta` anchored at `anchorLine`, and records the use.
 */
export function suppressedBy(suppressions: Suppression[], meta: RuleMeta, anchorLine: number): Suppression | undefined {
  for (const s of suppressions) {
    if (anchorLine < s.fromLine || anchorLine > s.toLine) continue;
    if (s.codes.length === 0) {
      s.used.add('*');
      return s;
    }
    const code = s.codes.find((c) => codeMatches(c, meta));
    if (code !== undefined) {
      s.used.add(code);
      return s;
    }
  }
  return undefined;
}
