/**
 * A small, linear-time reader for the POSIX shell that RUN instructions run. It is not a shell parser: it finds
 * commands and their words, with exact offsets back into the Dockerfile, which is what rules need to recognise
 * `npm ci`, `uv sync --locked` or `apt-get install -y curl`, and to split or edit them.
 *
 * Two layers, as Docker itself does it:
 * 1. {@link joinLines} removes Dockerfile line continuations (escape character + newline) and the comment lines
 *    inside a continued instruction, keeping a map from the joined text back to document offsets.
 * 2. {@link splitCommands} reads the joined text as shell: quotes, escapes, `$(...)`, backticks, comments,
 *    redirections and the operators `&&`, `||`, `;`, `|`, `&` and newlines.
 */

interface Segment {
  /** Offset in the joined text. */
  at: number;
  /** Offset in the document. */
  doc: number;
  length: number;
}

/** Text assembled from pieces of a document, with a map back to document offsets. */
export class JoinedText {
  constructor(
    readonly text: string,
    private readonly segments: Segment[],
  ) {}

  /** Document offset of a joined-text offset. An offset at a seam maps to the end of the earlier piece. */
  toDoc(offset: number): number {
    const s = this.segmentBefore(offset, false);
    if (!s) return 0;
    if (offset <= s.at) return s.doc + Math.max(0, offset - s.at);
    return s.doc + Math.min(offset - s.at, s.length);
  }

  /** Document offset of the start of the character at a joined-text offset. */
  toDocStart(offset: number): number {
    const s = this.segmentBefore(offset, true);
    if (!s) return 0;
    return s.doc + Math.max(0, Math.min(offset - s.at, s.length));
  }

  /** The last segment that starts before the offset (or at it, when `inclusive`); the first one when none does. */
  private segmentBefore(offset: number, inclusive: boolean): Segment | undefined {
    const segs = this.segments;
    if (segs.length === 0) return undefined;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (inclusive ? segs[mid].at <= offset : segs[mid].at < offset) lo = mid;
      else hi = mid - 1;
    }
    return segs[lo];
  }
}

/** A contiguous document range read as is (heredoc bodies, exec-form strings). */
export function plainText(doc: string, start: number, end: number): JoinedText {
  return new JoinedText(doc.slice(start, end), [{ at: 0, doc: start, length: end - start }]);
}

/**
 * Joins the lines of an instruction's arguments as Docker does: an escape character followed only by spaces or
 * tabs up to the line break continues the line; inside a continued instruction, lines that start with `#` are
 * comments and empty lines are dropped.
 */
export function joinLines(doc: string, start: number, end: number, escape: string): JoinedText {
  const segments: Segment[] = [];
  let text = '';
  let lineStart = start;
  let first = true;
  while (lineStart <= end) {
    let nl = doc.indexOf('\n', lineStart);
    if (nl === -1 || nl > end) nl = end;
    let contentEnd = nl;
    if (contentEnd > lineStart && doc.charCodeAt(contentEnd - 1) === 13) contentEnd--;
    if (!first) {
      // Comment and blank lines inside a continuation do not end the instruction and add nothing.
      let k = lineStart;
      while (k < contentEnd && (doc[k] === ' ' || doc[k] === '\t')) k++;
      if (k === contentEnd || doc[k] === '#') {
        if (nl >= end) break;
        lineStart = nl + 1;
        continue;
      }
    }
    first = false;
    // Does the line end with the escape character (possibly followed by blanks)?
    let t = contentEnd;
    while (t > lineStart && (doc[t - 1] === ' ' || doc[t - 1] === '\t')) t--;
    const continues = t > lineStart && doc[t - 1] === escape && nl < end && !isEscaped(doc, lineStart, t - 1, escape);
    const pieceEnd = continues ? t - 1 : contentEnd;
    if (pieceEnd > lineStart) {
      segments.push({ at: text.length, doc: lineStart, length: pieceEnd - lineStart });
      text += doc.slice(lineStart, pieceEnd);
    }
    if (!continues) break;
    lineStart = nl + 1;
  }
  return new JoinedText(text, segments);
}

/** True when the escape character at `at` is itself escaped by an odd run of escape characters before it. */
function isEscaped(doc: string, lineStart: number, at: number, escape: string): boolean {
  let n = 0;
  for (let k = at - 1; k >= lineStart && doc[k] === escape; k--) n++;
  return n % 2 === 1;
}

export interface Word {
  /** The word as the shell sees it after quote removal (parameter expansions kept verbatim). */
  value: string;
  /** Document offsets of the word as written. */
  start: number;
  end: number;
  /** True when any part of the word was quoted. */
  quoted: boolean;
}

export type Operator = '&&' | '||' | ';' | '|' | '&' | '\n' | '(' | ')' | '{' | '}';

export interface ShellCommand {
  /** Words of the command, redirections removed. */
  words: Word[];
  /** Redirection operators and their targets, e.g. `>`, `/dev/null`. */
  redirects: Word[];
  /** Document offsets from the first to the last token of the command (words and redirections). */
  start: number;
  end: number;
  /** The operator before this command, if any. */
  before?: Operator;
  /** The operator after this command, if any, with its document offsets. */
  after?: { op: Operator; start: number; end: number };
  /** Nesting depth of `(`/`{` groups around the command. */
  depth: number;
}

/** Characters that end a run of ordinary word characters: blanks, operators, quotes, escapes and `$`. */
const SPECIAL = new Uint8Array(128);
for (const c of ' \t\n\r;|()&\\\'"`$') SPECIAL[c.charCodeAt(0)] = 1;
function isSpecial(code: number): boolean {
  return code < 128 && SPECIAL[code] === 1;
}

const REDIRECT = /^(?:[0-9]*(?:>>|>&|>\||>|<<<|<&|<>|<)|&>>?)$/;

/**
 * Splits shell text into simple commands. Never throws; unbalanced quotes run to the end of the text.
 * Runs in time linear in the text.
 */
export function splitCommands(joined: JoinedText): ShellCommand[] {
  const s = joined.text;
  const n = s.length;
  const commands: ShellCommand[] = [];
  let words: Word[] = [];
  let redirects: Word[] = [];
  let pendingRedirect = false;
  let before: Operator | undefined;
  let depth = 0;
  let cmdStart = -1;
  let cmdEnd = -1;

  const flush = (op?: Operator, opStart = 0, opEnd = 0) => {
    if (words.length || redirects.length) {
      commands.push({
        words,
        redirects,
        start: joined.toDocStart(cmdStart),
        end: joined.toDoc(cmdEnd),
        before,
        after: op ? { op, start: joined.toDocStart(opStart), end: joined.toDoc(opEnd) } : undefined,
        depth,
      });
    }
    words = [];
    redirects = [];
    pendingRedirect = false;
    cmdStart = -1;
    if (op) before = op;
  };

  let i = 0;
  while (i < n) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && s[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\n' || c === ';') {
      flush(c as Operator, i, i + 1);
      i++;
      continue;
    }
    if (c === '&' || c === '|') {
      if (s[i + 1] === c) {
        flush((c + c) as Operator, i, i + 2);
        i += 2;
        continue;
      }
      if (c === '&' && s[i + 1] === '>') {
        // &> redirection, read as a word below
      } else {
        flush(c as Operator, i, i + 1);
        i++;
        continue;
      }
    }
    if (c === '(' || (c === ')' && depth > 0)) {
      flush(c as Operator, i, i + 1);
      depth = c === '(' ? depth + 1 : depth - 1;
      i++;
      continue;
    }
    if (c === '#') {
      // A comment runs to the end of the line.
      const nl = s.indexOf('\n', i);
      i = nl === -1 ? n : nl;
      continue;
    }
    // A word (possibly a redirection operator, or `{` / `}` when they stand alone).
    const start = i;
    let value = '';
    let quoted = false;
    let parens = 0;
    while (i < n) {
      // Fast path: a run of ordinary characters is taken as one slice.
      if (parens === 0) {
        let j = i;
        while (j < n && !isSpecial(s.charCodeAt(j))) j++;
        if (j > i) {
          value += s.slice(i, j);
          i = j;
          continue;
        }
      }
      const ch = s[i];
      if (parens === 0 && (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === ';' || ch === '|' || ch === ')' || ch === '(')) break;
      if (parens === 0 && ch === '&' && !(value.endsWith('>') || s[i + 1] === '>')) break;
      if (ch === '\\') {
        if (s[i + 1] === '\n') {
          i += 2;
          continue;
        }
        if (i + 1 < n) value += s[i + 1];
        i += 2;
        continue;
      }
      if (ch === "'") {
        quoted = true;
        const close = s.indexOf("'", i + 1);
        const stop = close === -1 ? n : close;
        value += s.slice(i + 1, stop);
        i = stop + 1;
        continue;
      }
      if (ch === '"') {
        quoted = true;
        i++;
        while (i < n && s[i] !== '"') {
          let j = i;
          while (j < n && s.charCodeAt(j) !== 34 && s.charCodeAt(j) !== 92) j++;
          if (j > i) {
            value += s.slice(i, j);
            i = j;
            continue;
          }
          if (s[i] === '\\' && i + 1 < n && '"\\$`\n'.includes(s[i + 1])) {
            if (s[i + 1] !== '\n') value += s[i + 1];
            i += 2;
          } else {
            value += s[i];
            i++;
          }
        }
        i++;
        continue;
      }
      if (ch === '`') {
        const close = s.indexOf('`', i + 1);
        const stop = close === -1 ? n : close + 1;
        value += s.slice(i, stop);
        i = stop;
        continue;
      }
      if (ch === '$' && s[i + 1] === '(') {
        parens++;
        value += '$(';
        i += 2;
        continue;
      }
      if (ch === '$' && s[i + 1] === '{') {
        const close = s.indexOf('}', i + 2);
        const stop = close === -1 ? n : close + 1;
        value += s.slice(i, stop);
        i = stop;
        continue;
      }
      if (parens > 0 && ch === '(') parens++;
      if (parens > 0 && ch === ')') parens--;
      value += ch;
      i++;
    }
    if (i === start) {
      // A lone character that ends words (a stray `)` at depth 0): skip it.
      i++;
      continue;
    }
    const word: Word = { value, start: joined.toDocStart(start), end: joined.toDoc(i), quoted };
    if (cmdStart < 0) cmdStart = start;
    cmdEnd = i;
    if (!quoted && (value === '{' || value === '}') && words.length === 0 && redirects.length === 0) {
      flush(value as Operator, start, i);
      depth = value === '{' ? depth + 1 : Math.max(0, depth - 1);
      continue;
    }
    if (pendingRedirect) {
      redirects.push(word);
      pendingRedirect = false;
    } else if (!quoted && REDIRECT.test(value)) {
      redirects.push(word);
      pendingRedirect = true;
    } else if (!quoted && /^(?:[0-9]*(?:>>?|<)|&>>?)[^>&<]/.test(value)) {
      // A redirection written together with its target: >/dev/null, 2>/tmp/log
      redirects.push(word);
    } else if (!quoted && /^[0-9]*>&[0-9-]+$/.test(value)) {
      redirects.push(word);
    } else {
      words.push(word);
    }
  }
  flush();
  return commands;
}

/** The command's words with leading `VAR=value` assignments and wrappers like `sudo`/`env`/`time` removed. */
export function commandWords(cmd: ShellCommand): Word[] {
  let k = 0;
  const w = cmd.words;
  for (;;) {
    while (k < w.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w[k].value)) k++;
    if (k < w.length && (w[k].value === 'sudo' || w[k].value === 'exec' || w[k].value === 'time' || w[k].value === 'nice' || w[k].value === 'command')) {
      k++;
      while (k < w.length && w[k].value.startsWith('-')) k++;
      continue;
    }
    if (k < w.length && w[k].value === 'env') {
      k++;
      while (k < w.length && (w[k].value.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w[k].value))) k++;
      continue;
    }
    break;
  }
  return w.slice(k);
}

/** Environment assignments written before the command: `NODE_ENV=production npm ci`. */
export function commandAssignments(cmd: ShellCommand): Map<string, string> {
  const out = new Map<string, string>();
  for (const w of cmd.words) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w.value);
    if (!m) break;
    out.set(m[1], m[2]);
  }
  return out;
}
