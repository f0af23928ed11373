import { TextIndex } from '../engine/text';
import type { TextEdit } from '../engine/types';

/**
 * Reads a Next.js config file (next.config.js/.mjs/.cjs/.ts) without running it: whether it sets
 * `output: "standalone"`, and the edit that adds it while keeping the file's style. A light, linear scanner, not a
 * JavaScript parser: comments are blanked out, strings and brackets are tracked, and anything it does not
 * recognise is reported as unknown rather than guessed.
 */

/** The names Next.js looks for, in its order, and the module variants it may also accept. */
export const NEXT_CONFIG_NAMES = ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs', 'next.config.mts', 'next.config.cts'];

export type OutputSetting =
  /** `output: "standalone"`, possibly behind a condition. */
  | { kind: 'standalone' }
  /** No `output` anywhere the config object can be seen. */
  | { kind: 'missing' }
  /** `output` set to another literal, e.g. "export". */
  | { kind: 'other'; value: string; start: number; end: number }
  /** Set from a variable, a spread or a function Layerwise cannot follow. */
  | { kind: 'unknown' };

export interface NextConfigAnalysis {
  output: OutputSetting;
  /** Offset of the `{` of the exported config object, when it could be found. */
  objectStart: number | undefined;
  /** Why the object could not be found, for the message. */
  objectProblem?: string;
}

/**
 * The text with comments replaced by spaces (offsets and line breaks kept), so that searches see only code.
 * Strings, template literals and regular-expression literals are kept as written.
 */
export function maskComments(text: string): string {
  const out = text.split('');
  const n = text.length;
  let i = 0;
  let lastSignificant = '';
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  while (i < n) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      let e = text.indexOf('\n', i);
      if (e === -1) e = n;
      blank(i, e);
      i = e;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      let e = text.indexOf('*/', i + 2);
      e = e === -1 ? n : e + 2;
      blank(i, e);
      i = e;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(text, i);
      lastSignificant = c;
      continue;
    }
    if (c === '/' && (lastSignificant === '' || '(,=:[!&|?{};+-*%<>~^'.includes(lastSignificant))) {
      // A regular-expression literal.
      let k = i + 1;
      let inClass = false;
      while (k < n && text[k] !== '\n') {
        if (text[k] === '\\') k += 2;
        else if (text[k] === '[') (inClass = true), k++;
        else if (text[k] === ']') (inClass = false), k++;
        else if (text[k] === '/' && !inClass) break;
        else k++;
      }
      i = k + 1;
      lastSignificant = '/';
      continue;
    }
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') lastSignificant = /[A-Za-z0-9_$)\]]/.test(c) ? 'a' : c;
    i++;
  }
  return out.join('');
}

/** Offset just past a string or template literal starting at `i`. */
function skipString(text: string, i: number): number {
  const q = text[i];
  let k = i + 1;
  while (k < text.length) {
    const c = text[k];
    if (c === '\\') {
      k += 2;
      continue;
    }
    if (c === q) return k + 1;
    if (q !== '`' && c === '\n') return k;
    k++;
  }
  return text.length;
}

/** Offset of the bracket that closes the one at `open`, or -1. Strings are skipped. */
function matchBracket(code: string, open: number): number {
  let depth = 0;
  for (let k = open; k < code.length; k++) {
    const c = code[k];
    if (c === '"' || c === "'" || c === '`') {
      k = skipString(code, k) - 1;
      continue;
    }
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') {
      depth--;
      if (depth === 0) return k;
    }
  }
  return -1;
}

function skipSpace(code: string, k: number): number {
  while (k < code.length && /\s/.test(code[k])) k++;
  return k;
}

const IDENT = /^[A-Za-z_$][\w$]*/;

/** Follows the exported expression to the config object literal. */
function findObject(code: string): { start?: number; problem?: string } {
  const exp = /\bexport\s+default\s+|\bmodule\.exports\s*=\s*/g;
  let m: RegExpExecArray | null;
  let last: RegExpExecArray | null = null;
  while ((m = exp.exec(code))) last = m;
  if (!last) return { problem: 'it has no `export default` or `module.exports`' };
  let at = last.index + last[0].length;
  for (let step = 0; step < 12; step++) {
    at = skipSpace(code, at);
    const c = code[at];
    if (c === '{') return { start: at };
    if (c === '(') {
      // `({ … })`, or an arrow function's parameters.
      const close = matchBracket(code, at);
      if (close !== -1 && /^\s*=>/.test(code.slice(close + 1, close + 8))) return { problem: 'it exports a function' };
      at++;
      continue;
    }
    const id = IDENT.exec(code.slice(at, at + 200));
    if (!id) return { problem: 'its exported value is not an object Layerwise can follow' };
    const name = id[0];
    if (name === 'async' || name === 'function') return { problem: 'it exports a function' };
    let after = skipSpace(code, at + name.length);
    if (code.slice(after, after + 2) === '=>') return { problem: 'it exports a function' };
    if (code[after] === '(' || code[after] === '<') {
      // A call: `withBundleAnalyzer(nextConfig)`, `defineConfig({ … })`, `withPWA({ … })(nextConfig)`.
      if (code[after] === '<') {
        const gt = code.indexOf('>', after);
        if (gt === -1) return { problem: 'its exported value is not an object Layerwise can follow' };
        after = skipSpace(code, gt + 1);
      }
      let argStart = after;
      for (;;) {
        const close = matchBracket(code, after);
        if (close === -1) return { problem: 'its exported value is not an object Layerwise can follow' };
        argStart = after + 1;
        const next = skipSpace(code, close + 1);
        if (code[next] !== '(') break;
        after = next;
      }
      at = argStart;
      continue;
    }
    // An identifier: find its declaration.
    const decl = new RegExp(`\\b(?:const|let|var)\\s+${name.replace(/\$/g, '\\$')}\\b(?:\\s*:\\s*[^=;]+?)?\\s*=(?!=)\\s*`).exec(code);
    if (!decl) {
      if (new RegExp(`\\bfunction\\s+${name.replace(/\$/g, '\\$')}\\b`).test(code)) return { problem: 'it exports a function' };
      return { problem: `\`${name}\` is not declared in the file` };
    }
    at = decl.index + decl[0].length;
  }
  return { problem: 'its exported value is not an object Layerwise can follow' };
}

interface Property {
  key: string;
  keyQuoted: boolean;
  valueStart: number;
  valueEnd: number;
}

/** The direct properties of an object literal, and whether it spreads another object into itself. */
function properties(code: string, open: number): { props: Property[]; spread: boolean; close: number } {
  const close = matchBracket(code, open);
  const end = close === -1 ? code.length : close;
  const props: Property[] = [];
  let spread = false;
  let k = open + 1;
  while (k < end) {
    k = skipSpace(code, k);
    if (k >= end) break;
    if (code.startsWith('...', k)) spread = true;
    // Key.
    let key = '';
    let keyQuoted = false;
    if (code[k] === '"' || code[k] === "'") {
      const e = skipString(code, k);
      key = code.slice(k + 1, e - 1);
      keyQuoted = true;
      k = e;
    } else {
      const id = IDENT.exec(code.slice(k, k + 200));
      if (id) {
        key = id[0];
        k += key.length;
      }
    }
    const keyEnd = k;
    k = skipSpace(code, k);
    let valueStart = k;
    if (code[k] === ':') valueStart = skipSpace(code, k + 1);
    // Value: up to the next comma at this depth.
    let v = valueStart;
    while (v < end && code[v] !== ',') {
      const c = code[v];
      if (c === '"' || c === "'" || c === '`') {
        v = skipString(code, v);
        continue;
      }
      if (c === '{' || c === '(' || c === '[') {
        const m = matchBracket(code, v);
        v = m === -1 ? end : m + 1;
        continue;
      }
      v++;
    }
    let valueEnd = v;
    while (valueEnd > valueStart && /\s/.test(code[valueEnd - 1])) valueEnd--;
    if (key && code[skipSpace(code, k)] === ':') props.push({ key, keyQuoted, valueStart, valueEnd });
    else if (key && !keyQuoted && (code[k] === ',' || k >= end)) props.push({ key, keyQuoted, valueStart: keyEnd - key.length, valueEnd: keyEnd }); // `{ output }`
    k = v + 1;
  }
  return { props, spread, close };
}

const STRING_LITERAL = /^(["'`])([^"'`\\$]*)\1$/;

/** The expression without a trailing TypeScript `as const`. */
function withoutAsConst(value: string): string {
  if (!value.endsWith('const')) return value;
  const head = value.slice(0, -'const'.length).trimEnd();
  if (!head.endsWith('as') || !/\s/.test(head[head.length - 3] ?? '')) return value;
  return head.slice(0, -2).trimEnd();
}

function settingOf(code: string, start: number, end: number): OutputSetting {
  const value = withoutAsConst(code.slice(start, end).trim());
  const lit = STRING_LITERAL.exec(value);
  if (lit) return lit[2] === 'standalone' ? { kind: 'standalone' } : { kind: 'other', value: lit[2], start, end: start + value.length };
  return /standalone/.test(value) ? { kind: 'standalone' } : { kind: 'unknown' };
}

/** What a config file says about `output`. */
export function analyseNextConfig(text: string): NextConfigAnalysis {
  const code = maskComments(text);
  const found = findObject(code);
  // `nextConfig.output = "standalone"` after the declaration.
  const assigned = /(?:^|[^\w$])[A-Za-z_$][\w$]*\.output\s*=(?!=)\s*/.exec(code);
  if (found.start !== undefined) {
    const { props, spread } = properties(code, found.start);
    const prop = props.find((p) => p.key === 'output');
    if (prop) return { output: settingOf(code, prop.valueStart, prop.valueEnd), objectStart: found.start };
    if (assigned) return { output: assignedSetting(code, assigned), objectStart: found.start };
    return { output: spread ? { kind: 'unknown' } : { kind: 'missing' }, objectStart: found.start };
  }
  // No object to look into: any `output:` in the file decides; none at all means it is not set.
  const anyKey = /(?:^|[^\w$.])["']?output["']?\s*:\s*/.exec(code);
  if (anyKey) {
    const start = anyKey.index + anyKey[0].length;
    const end = code.slice(start).search(/[,}\n]/);
    return { output: settingOf(code, start, end === -1 ? code.length : start + end), objectStart: undefined, objectProblem: found.problem };
  }
  if (assigned) return { output: assignedSetting(code, assigned), objectStart: undefined, objectProblem: found.problem };
  if (/\.\.\.|Object\.assign|\bmerge\w*\(/.test(code)) return { output: { kind: 'unknown' }, objectStart: undefined, objectProblem: found.problem };
  return { output: { kind: 'missing' }, objectStart: undefined, objectProblem: found.problem };
}

function assignedSetting(code: string, m: RegExpExecArray): OutputSetting {
  const start = m.index + m[0].length;
  const rest = code.slice(start);
  const end = rest.search(/[;\n]/);
  return settingOf(code, start, end === -1 ? code.length : start + end);
}

/** The quote the file uses most for string literals (double quotes when it is a tie). */
function preferredQuote(code: string): string {
  let single = 0;
  let double = 0;
  for (let k = 0; k < code.length; k++) {
    const c = code[k];
    if (c === "'" || c === '"' || c === '`') {
      if (c === "'") single++;
      else if (c === '"') double++;
      k = skipString(code, k) - 1;
    }
  }
  return single > double ? "'" : '"';
}

/** The indentation unit of the file: the first indented line's leading whitespace, two spaces by default. */
function indentUnit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? m[1] : '  ';
}

/**
 * The edit that makes the config set `output: "standalone"`: a new first property of the exported object, or a
 * replaced value when `output` is set to another literal. Undefined when the object is not found.
 */
export function standaloneEdit(text: string, analysis: NextConfigAnalysis): TextEdit | undefined {
  const code = maskComments(text);
  const index = new TextIndex(text);
  const q = preferredQuote(code);
  if (analysis.output.kind === 'other') {
    const { start, end } = analysis.output;
    const raw = text.slice(start, end);
    const quote = /^["'`]/.test(raw) ? raw[0] : q;
    return { range: index.rangeOf(start, end), newText: `${quote}standalone${quote}` };
  }
  if (analysis.objectStart === undefined || analysis.output.kind !== 'missing') return undefined;
  const open = analysis.objectStart;
  const { props, close } = properties(code, open);
  if (close === -1) return undefined;
  const key = props[0]?.keyQuoted ? `${q}output${q}` : 'output';
  const prop = `${key}: ${q}standalone${q}`;
  const eol = index.eol;
  const inner = text.slice(open + 1, close);
  if (inner.trim() === '' && !inner.includes('\n')) {
    return { range: index.rangeOf(open, close + 1), newText: `{ ${prop} }` };
  }
  const firstContent = skipSpace(code, open + 1);
  const multiline = /\n/.test(text.slice(open + 1, firstContent)) || (firstContent === close && inner.includes('\n'));
  if (multiline) {
    let indent: string;
    if (firstContent < close) {
      indent = index.indentation(index.positionAt(firstContent).line);
    } else {
      indent = index.indentation(index.positionAt(close).line) + indentUnit(text);
    }
    const at = index.positionAt(open + 1);
    return { range: { start: at, end: at }, newText: `${eol}${indent}${prop},` };
  }
  // One line: `{ reactStrictMode: true }` becomes `{ output: "standalone", reactStrictMode: true }`.
  const at = index.positionAt(open + 1 + (text[open + 1] === ' ' ? 1 : 0));
  return { range: { start: at, end: at }, newText: `${prop}, ` };
}

/** The text of a new next.config.mjs that sets standalone output. */
export function newNextConfig(): string {
  return '/** @type {import("next").NextConfig} */\nconst nextConfig = {\n  output: "standalone",\n};\n\nexport default nextConfig;\n';
}
