import type { Range, RuleMeta } from './types';

/**
 * Inline suppression, handled once for every rule. A rule never looks at ignore comments.
 *
 * Layerwise's own comments:
 * - `# layerwise-ignore <id>[,<id>] [-- reason]` on the line(s) right before an instruction (or YAML key), or at
 *   the end of a YAML line;
 * - `# layerwise-ignore-stage <id>…` before a FROM, for that whole stage;
 * - `# layerwise-ignore-file <id>…` anywhere, for the whole file.
 * Without ids, a comment silences every rule.
 *
 * Other tools' comments are read too, their codes mapped to rules through each rule's aliases
 * (`RuleMeta.aliases`). Each tool's own scoping is kept:
 *
 * | Syntax                                   | Scope                                                          |
 * | ---------------------------------------- | -------------------------------------------------------------- |
 * | `# hadolint ignore=DL3006,DL3007`        | the next instruction                                           |
 * | `# hadolint stage ignore=…`              | the stage that follows                                         |
 * | `# hadolint global ignore=…`             | the file                                                       |
 * | `# check=skip=A,B` (parser directive)    | the file; `skip=all` silences the rules that are BuildKit checks |
 * | `# trivy:ignore:DS-0001` (`AVD-DS-0001`, `DS001`; several per line; `:exp:YYYY-MM-DD`) | the next instruction, until the date |
 * | `#checkov:skip=CKV_DOCKER_7[,…][:reason]` | the file (Checkov reads Dockerfile skips file-wide)           |
 * | `# dclint disable-line [rule …]`         | that line when trailing, else the next line                    |
 * | `# dclint disable [rule …]`, `# dclint disable-file` | the file, on its first non-blank line (not after `---`) |
 * | `# dockerfile-utils: ignore`             | the next instruction, every rule                               |
 *
 * A foreign comment without codes silences every rule when it is line-scoped (the tool's whole verdict on that
 * line), but only the rules that have an alias of that tool when it covers the file (`check=skip=all`,
 * `dclint disable-file`): a file-wide switch for another tool must not turn Layerwise off.
 */

export type SuppressionScope = 'line' | 'stage' | 'file';

/** Tools whose ignore comments Layerwise reads. */
export type SuppressionTool = 'layerwise' | ForeignTool;
export type ForeignTool = 'hadolint' | 'buildkit' | 'trivy' | 'checkov' | 'dclint' | 'dockerfile-utils';

export interface Suppression {
  scope: SuppressionScope;
  /** Codes as written (rule ids or other tools' codes); empty means every rule (see {@link toolWide}). */
  codes: string[];
  /** Where each code is written, parallel to {@link codes}. */
  codeRanges: Range[];
  /** Set when the comment silences every rule that has an alias of this tool (e.g. `check=skip=all`). */
  toolWide?: ForeignTool;
  /** Which tool's syntax the comment uses. */
  tool: SuppressionTool;
  /** Line and range of the comment. */
  line: number;
  range: Range;
  /** The comment stands after code on its line (YAML). */
  trailing: boolean;
  /** Lines covered: for `line`, the anchor line that follows; for `stage`, the stage's lines. */
  fromLine: number;
  toLine: number;
  /** A Trivy ignore past its `exp:` date: it silences nothing and is not reported as unused. */
  expired?: boolean;
  /** Codes that silenced at least one finding (`*` for a comment without codes). */
  used: Set<string>;
}

export interface CommentInfo {
  line: number;
  /** The comment as written (with or without its leading `#`). */
  text: string;
  /** From the `#` to the end of the comment. */
  range: Range;
  /** The line is a parser directive (Dockerfile): only there is `# check=` read, as BuildKit does. */
  directive?: boolean;
  /** The comment follows code on the same line (YAML `image: x  # …`). */
  trailing?: boolean;
}

/**
 * What the runner needs to know about a file's layout to place suppressions. Each language's support
 * (server/src/dockerfile/support.ts, server/src/compose/support.ts) provides it.
 */
export interface SuppressionLayout {
  comments: CommentInfo[];
  /** The line a comment on `line` applies to: the start of the next instruction or key, with only comments between. */
  targetAfter(line: number): number | undefined;
  /** Lines of the stage that starts at or after `line` (Dockerfile only). */
  stageAfter?(line: number): { fromLine: number; toLine: number } | undefined;
  /** A line's text as written; lets the parser point at each code and check dclint's "first line" rule. */
  lineText?(line: number): string;
  lastLine: number;
}

/** Meta-data of the findings the runner itself reports about ignore comments (unused, unknown id). */
export interface MetaRuleMeta extends Omit<RuleMeta, 'language'> {
  language: 'any';
}

export interface MetaRule {
  readonly meta: MetaRuleMeta;
}

/** Which tool an alias belongs to, from its spelling. */
export function aliasTool(alias: string): ForeignTool | undefined {
  if (/^(?:DL|SC)\d{4}$/i.test(alias)) return 'hadolint';
  if (/^(?:AVD-)?DS-?\d+$/i.test(alias)) return 'trivy';
  if (/^CKV2?_DOCKER_\d+$/i.test(alias)) return 'checkov';
  if (/^[A-Z][a-z0-9]*[A-Z][A-Za-z0-9]*$/.test(alias)) return 'buildkit';
  if (/^[a-z][a-z0-9]*-[a-z0-9-]*[a-z0-9]$/.test(alias) && !alias.includes('--')) return 'dclint';
  return undefined;
}

/** A BuildKit check name among a rule's aliases (`JSONArgsRecommended`), if any. */
export function buildKitName(meta: Pick<RuleMeta, 'aliases'>): string | undefined {
  return meta.aliases.find((a) => aliasTool(a) === 'buildkit');
}

interface Code {
  text: string;
  /** Offsets in the comment body. */
  start: number;
  end: number;
}

interface Parsed {
  tool: SuppressionTool;
  scope: SuppressionScope;
  codes: Code[];
  toolWide?: ForeignTool;
  expired?: boolean;
  /** dclint's file comments count only on the file's first non-blank line. */
  firstLineOnly?: boolean;
}

/** Codes in a list separated by commas and/or spaces, with their offsets. */
function codesIn(body: string, from: number, to: number, separators = /[^\s,]+/g): Code[] {
  const out: Code[] = [];
  const part = body.slice(from, to);
  for (const m of part.matchAll(separators)) out.push({ text: m[0], start: from + m.index, end: from + m.index + m[0].length });
  return out;
}

/** Where a Layerwise comment's reason (` -- …`) starts, or the end of the body. */
function reasonStart(body: string, from: number): number {
  const rest = body.slice(from);
  const m = /(?:^|\s)--(?:\s|$)/.exec(rest);
  return m ? from + m.index : body.length;
}

function parseBody(body: string, comment: CommentInfo, today: () => string): Parsed[] {
  let m: RegExpExecArray | null;
  // Layerwise.
  if ((m = /^#\s*layerwise-ignore(-file|-stage)?(?=\s|$)/i.exec(body))) {
    const scope: SuppressionScope = m[1]?.toLowerCase() === '-file' ? 'file' : m[1]?.toLowerCase() === '-stage' ? 'stage' : 'line';
    const from = m[0].length;
    return [{ tool: 'layerwise', scope, codes: codesIn(body, from, reasonStart(body, from)) }];
  }
  // hadolint.
  if ((m = /^#\s*hadolint\s+(?:(global|stage)\s+)?ignore\s*=\s*/i.exec(body))) {
    const kind = m[1]?.toLowerCase();
    const from = m[0].length;
    const to = from + (/^\S*/.exec(body.slice(from))?.[0].length ?? 0);
    return [{ tool: 'hadolint', scope: kind === 'global' ? 'file' : kind === 'stage' ? 'stage' : 'line', codes: codesIn(body, from, to) }];
  }
  // BuildKit: a parser directive `# check=skip=A,B;error=true`.
  if (comment.directive && (m = /^#\s*check\s*=/i.exec(body))) {
    let at = m[0].length;
    for (const part of body.slice(at).split(';')) {
      const key = /^\s*skip[ \t]*=[ \t]*/i.exec(part);
      if (key) {
        const from = at + key[0].length;
        const codes = codesIn(body, from, from + part.slice(key[0].length).trimEnd().length, /[^\s,]+/g);
        if (codes.some((c) => c.text.toLowerCase() === 'all')) return [{ tool: 'buildkit', scope: 'file', codes: [], toolWide: 'buildkit' }];
        return [{ tool: 'buildkit', scope: 'file', codes }];
      }
      at += part.length + 1;
    }
    return [];
  }
  // Trivy: one or more `trivy:ignore:<id>[:exp:YYYY-MM-DD]` markers.
  if (/^#\s*trivy:ignore:/i.test(body)) {
    const out: Parsed[] = [];
    for (const t of body.matchAll(/trivy:ignore:([^\s:#]+)(?::exp:(\d{4}-\d{2}-\d{2}))?/gi)) {
      const start = t.index + 'trivy:ignore:'.length;
      const code = { text: t[1], start, end: start + t[1].length };
      const expired = t[2] !== undefined && t[2] < today();
      out.push(t[1] === '*' ? { tool: 'trivy', scope: 'line', codes: [], toolWide: 'trivy', expired } : { tool: 'trivy', scope: 'line', codes: [code], expired });
    }
    return out;
  }
  // Checkov (and its former name, Bridgecrew): file-wide in Dockerfiles.
  if ((m = /^#\s*(?:checkov|bridgecrew):skip=\s*/i.exec(body))) {
    const from = m[0].length;
    const to = from + (/^[A-Za-z0-9_,]*/.exec(body.slice(from))?.[0].length ?? 0);
    return [{ tool: 'checkov', scope: 'file', codes: codesIn(body, from, to, /[^,]+/g) }];
  }
  // dclint (Compose).
  if ((m = /^#\s*dclint\s+(disable-file|disable-line|disable)(?=\s|$)/i.exec(body))) {
    const kind = m[1].toLowerCase();
    const codes = kind === 'disable-file' ? [] : codesIn(body, m[0].length, body.length, /\S+/g);
    if (kind === 'disable-line') return [{ tool: 'dclint', scope: 'line', codes }];
    return [{ tool: 'dclint', scope: 'file', codes, toolWide: codes.length ? undefined : 'dclint', firstLineOnly: true }];
  }
  // dockerfile-utils (the validator behind the Docker extension).
  if (/^#\s*dockerfile-utils:\s*ignore\b/i.test(body)) return [{ tool: 'dockerfile-utils', scope: 'line', codes: [] }];
  return [];
}

/** Today as YYYY-MM-DD (UTC), for Trivy's `exp:` dates. */
function isoToday(): string {
  return new Date().toISOString().slice(0, 10);
}

export function parseSuppressions(layout: SuppressionLayout, today: string | (() => string) = isoToday): Suppression[] {
  // The date is only needed for Trivy's `:exp:` markers, so it is read when one appears.
  const todayFn = typeof today === 'string' ? () => today : today;
  const out: Suppression[] = [];
  for (const c of layout.comments) {
    // The comment from its `#`, and the column where that is.
    const raw = layout.lineText?.(c.line);
    let body: string;
    let col: number;
    if (raw !== undefined && raw.charAt(c.range.start.character) === '#') {
      col = c.range.start.character;
      body = raw.slice(col).trimEnd();
    } else if (c.text.startsWith('#')) {
      // The comment as written from its `#` (Compose): positions follow from its range.
      col = c.range.start.character;
      body = c.text.trimEnd();
    } else {
      const t = c.text.trim();
      body = t.startsWith('#') ? t : `# ${t}`;
      col = -1; // positions unknown: codes point at the whole comment
    }
    for (const p of parseBody(body, c, todayFn)) {
      if (p.firstLineOnly && !isFirstContentLine(layout, c.line)) continue;
      let fromLine: number;
      let toLine: number;
      if (p.scope === 'file') {
        fromLine = 0;
        toLine = layout.lastLine;
      } else if (p.scope === 'stage') {
        const stage = layout.stageAfter?.(c.line);
        if (!stage) continue;
        fromLine = stage.fromLine;
        toLine = stage.toLine;
      } else if (c.trailing) {
        fromLine = toLine = c.line;
      } else {
        const target = layout.targetAfter(c.line);
        if (target === undefined) continue;
        fromLine = toLine = target;
      }
      const codeRanges = p.codes.map((code) =>
        col < 0 ? c.range : { start: { line: c.line, character: col + code.start }, end: { line: c.line, character: col + code.end } },
      );
      out.push({
        scope: p.scope,
        codes: p.codes.map((code) => code.text),
        codeRanges,
        toolWide: p.toolWide,
        tool: p.tool,
        line: c.line,
        range: c.range,
        trailing: !!c.trailing,
        fromLine,
        toLine,
        expired: p.expired || undefined,
        used: new Set(),
      });
    }
  }
  return out;
}

/** dclint reads its file comments on the first line that is neither blank nor `---`. */
function isFirstContentLine(layout: SuppressionLayout, line: number): boolean {
  if (layout.lineText) {
    for (let l = 0; l < line; l++) {
      const t = layout.lineText(l).replace(/^\uFEFF/, '').trim();
      if (t !== '' && t !== '---') return false;
    }
    return true;
  }
  return line === 0;
}

/** True when a code written in a comment names this rule, directly or through an alias. */
export function codeMatches(code: string, meta: Pick<RuleMeta, 'id' | 'aliases'>): boolean {
  const c = normalizeCode(code);
  return c === meta.id.toLowerCase() || meta.aliases.some((a) => normalizeCode(a) === c);
}

/** One spelling per code: Trivy's `DS001`, `DS-0001` and `AVD-DS-0001` are the same check. */
export function normalizeCode(code: string): string {
  const c = code.trim().toLowerCase();
  const trivy = /^(?:avd-)?ds-?([0-9]+)$/.exec(c);
  if (trivy) return `ds${(trivy[1].replace(/^0+/, '') || '0').padStart(3, '0')}`;
  return c;
}

/** True when a suppression covers this rule (whatever the line). */
export function coversRule(s: Suppression, meta: Pick<RuleMeta, 'id' | 'aliases'>): string | undefined {
  if (s.expired) return undefined;
  if (s.toolWide) return meta.aliases.some((a) => aliasTool(a) === s.toolWide) ? '*' : undefined;
  if (s.codes.length === 0) return '*';
  return s.codes.find((c) => codeMatches(c, meta));
}

/**
 * Finds the suppression that silences a finding of `meta` anchored at `anchorLine`, and records the use.
 */
export function suppressedBy(suppressions: Suppression[], meta: Pick<RuleMeta, 'id' | 'aliases'>, anchorLine: number): Suppression | undefined {
  for (const s of suppressions) {
    if (anchorLine < s.fromLine || anchorLine > s.toLine) continue;
    const code = coversRule(s, meta);
    if (code !== undefined) {
      s.used.add(code);
      return s;
    }
  }
  return undefined;
}

/**
 * The codes of a comment that silenced nothing, counting only codes of rules that ran on the file: a foreign code
 * for a check Layerwise does not have is not unused, nor is one for a rule that is off. `all` is set when the
 * whole comment is unused (then it can go).
 */
export function unusedCodes(s: Suppression, ran: readonly Pick<RuleMeta, 'id' | 'aliases'>[]): { codes: string[]; all: boolean } {
  if (s.expired || s.toolWide) return { codes: [], all: false };
  if (s.codes.length === 0) {
    // Only our own blanket comment is ours to judge; another tool's blanket comment is for its own checks.
    return s.tool === 'layerwise' && s.used.size === 0 ? { codes: [], all: true } : { codes: [], all: false };
  }
  const codes = s.codes.filter((c) => !s.used.has(c) && ran.some((m) => codeMatches(c, m)));
  const all = codes.length > 0 && s.codes.every((c) => codes.includes(c));
  return { codes, all };
}

/** Codes of a Layerwise comment that name no rule (by id or alias). */
export function unknownCodes(s: Suppression, known: readonly Pick<RuleMeta, 'id' | 'aliases'>[]): { code: string; range: Range }[] {
  if (s.tool !== 'layerwise') return [];
  const out: { code: string; range: Range }[] = [];
  s.codes.forEach((c, k) => {
    if (!known.some((m) => codeMatches(c, m))) out.push({ code: c, range: s.codeRanges[k] });
  });
  return out;
}

/** The known id closest to a misspelt one, when it is close enough to suggest. */
export function closestId(code: string, ids: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const c = code.toLowerCase();
  for (const id of ids) {
    const d = editDistance(c, id);
    if (d < bestDistance) {
      bestDistance = d;
      best = id;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(c.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
