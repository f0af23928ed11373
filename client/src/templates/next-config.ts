/**
 * The next.config edit behind the Next.js template: the standalone Dockerfile copies `.next/standalone`, which
 * `next build` writes only with `output: "standalone"`. The edit adds that property to the exported config object
 * in the file's own style (quotes, indentation, one property per line or inline) and leaves anything it cannot
 * read safely alone. No `vscode` import: the command and the tests call it directly.
 */

/** next.config file names, in the order Next.js looks for them. */
export const NEXT_CONFIG_NAMES: readonly string[] = ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.mts', 'next.config.cjs'];

export type StandaloneEdit =
  /** The config already sets `output: "standalone"`. */
  | { kind: 'present' }
  /** The config sets another output (`"export"`) or computes it: changing it is the user's call. */
  | { kind: 'conflict'; message: string }
  /** Replace `length` characters at `offset` with `insert`; `text` is the whole file after the edit. */
  | { kind: 'edit'; offset: number; length: number; insert: string; text: string }
  /** No config object could be found (a function config, an unusual export): the user adds the line. */
  | { kind: 'unknown'; message: string };

/** A new next.config.mjs for a project that has none. */
export const NEW_NEXT_CONFIG = {
  name: 'next.config.mjs',
  text: ['/** @type {import(\'next\').NextConfig} */', 'const nextConfig = {', '  output: "standalone",', '};', '', 'export default nextConfig;', ''].join('\n'),
};

/**
 * The text with comments blanked (newlines kept) and, when `blankStrings`, string contents blanked too (quotes
 * kept), so searches see only code and offsets stay those of the original.
 */
export function maskJs(text: string, blankStrings: boolean): string {
  const out = text.split('');
  let i = 0;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'" || c === '`') {
      let k = i + 1;
      while (k < text.length && text[k] !== c) {
        if (text[k] === '\\') k++;
        else if (c !== '`' && text[k] === '\n') break;
        k++;
      }
      if (blankStrings) blank(i + 1, Math.min(k, text.length));
      i = k + 1;
    } else {
      i++;
    }
  }
  return out.join('');
}

/** `'` or `"`, whichever the file's code uses more (double on a tie). */
function quoteStyle(code: string): string {
  const singles = (code.match(/'[^'\n]*'/g) ?? []).length;
  const doubles = (code.match(/"[^"\n]*"/g) ?? []).length;
  return singles > doubles ? "'" : '"';
}

/** The indentation unit of the file: the smallest leading run of spaces or a tab; two spaces by default. */
function indentUnit(text: string): string {
  let best: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const m = /^([ \t]+)\S/.exec(line);
    if (!m) continue;
    if (m[1].startsWith('\t')) return '\t';
    if (!best || m[1].length < best.length) best = m[1];
  }
  return best ?? '  ';
}

const IDENT = /^[A-Za-z_$][\w$]*/;

/** The offset of the `{` of the exported config object in `code` (comments and strings blanked), or a reason. */
function findConfigObject(code: string): number | string {
  const exp = /\bexport\s+default\s+|\bmodule\.exports\s*=\s*/.exec(code);
  if (!exp) return 'it has no `export default` or `module.exports`';
  let at = exp.index + exp[0].length;
  for (let hops = 0; hops < 8; hops++) {
    while (/\s/.test(code[at] ?? '')) at++;
    if (code[at] === '{') return at;
    if (code[at] === '(') return 'the config is a function; add `output: "standalone"` to the object it returns';
    const id = IDENT.exec(code.slice(at));
    if (!id) return 'the exported config is not an object literal';
    const after = code.slice(at + id[0].length);
    const call = /^\s*\(\s*/.exec(after);
    if (id[0] === 'async' || id[0] === 'function') return 'the config is a function; add `output: "standalone"` to the object it returns';
    if (call) {
      // withBundleAnalyzer({ ... }) or withMDX(nextConfig): look at the first argument.
      at += id[0].length + call[0].length;
      continue;
    }
    // An identifier: find its declaration.
    const decl = new RegExp(`\\b(?:const|let|var)\\s+${id[0].replace(/\$/g, '\\$')}\\s*(?::[^=]+)?=\\s*`).exec(code);
    if (!decl) return `the declaration of \`${id[0]}\` was not found`;
    at = decl.index + decl[0].length;
  }
  return 'the exported config is not an object literal';
}

/** Adds `output: "standalone"` to a next.config text. */
export function addStandaloneOutput(text: string): StandaloneEdit {
  const noComments = maskJs(text, false);
  const code = maskJs(text, true);
  const output = /(?:^|[{,\s])(["']?)output\1\s*:\s*/m.exec(code);
  if (output) {
    const valueAt = output.index + output[0].length;
    const literal = /^(["'`])([^"'`\n]*)\1/.exec(noComments.slice(valueAt));
    if (literal && literal[2] === 'standalone') return { kind: 'present' };
    const shown = literal ? literal[0] : noComments.slice(valueAt).split(/[,\n}]/)[0].trim();
    return {
      kind: 'conflict',
      message: `next.config sets \`output: ${shown}\`; the standalone Dockerfile needs \`output: "standalone"\`.`,
    };
  }
  const open = findConfigObject(code);
  if (typeof open === 'string') return { kind: 'unknown', message: `Could not add \`output: "standalone"\` to next.config: ${open}.` };

  const q = quoteStyle(noComments);
  const prop = `output: ${q}standalone${q},`;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let k = open + 1;
  while (k < code.length && (code[k] === ' ' || code[k] === '\t')) k++;
  if (code[k] === '}') {
    // `{}` or `{ }`: open it up over three lines, indented like the `{` line plus one unit.
    const lineStart = text.lastIndexOf('\n', open) + 1;
    const base = /^[ \t]*/.exec(text.slice(lineStart))![0];
    const insert = `${eol}${base}${indentUnit(text)}${prop}${eol}${base}`;
    const newText = text.slice(0, open + 1) + insert + text.slice(k);
    return { kind: 'edit', offset: open + 1, length: k - open - 1, insert, text: newText };
  }
  if (code[k] === '\n' || code[k] === '\r') {
    // Properties on their own lines: a new first line, indented like the next non-blank line.
    const nextLine = text.indexOf('\n', open) + 1;
    const rest = text.slice(nextLine).split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
    const indent = /^[ \t]*/.exec(rest)![0] || indentUnit(text);
    const insert = `${indent}${prop}${eol}`;
    return { kind: 'edit', offset: nextLine, length: 0, insert, text: text.slice(0, nextLine) + insert + text.slice(nextLine) };
  }
  // Inline object: `{ reactStrictMode: true }`.
  const insert = `${prop} `;
  return { kind: 'edit', offset: k, length: 0, insert, text: text.slice(0, k) + insert + text.slice(k) };
}
