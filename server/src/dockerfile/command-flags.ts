import type { TextEdit } from '../engine/types';
import type { DockerfileModel, RunInfo } from './model';
import { commandWords, type ShellCommand, type Word } from './shell';

/**
 * Reading and adding command-line flags of commands inside RUN (`uv sync --locked`, `npm ci --omit=dev`).
 */

/** True when one of the flags is given, as `--flag`, `--flag=value` or `--flag value`. */
export function hasFlag(words: readonly Word[], ...names: string[]): boolean {
  return words.some((w) => names.some((n) => w.value === n || (n.startsWith('--') && w.value.startsWith(n + '='))));
}

/** Values of a flag that takes one: `--only main`, `--only=main`, `-P x`. */
export function flagValues(words: readonly Word[], ...names: string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < words.length; k++) {
    const v = words[k].value;
    for (const n of names) {
      if (v === n && k + 1 < words.length) out.push(words[k + 1].value);
      else if (n.startsWith('--') && v.startsWith(n + '=')) out.push(v.slice(n.length + 1));
    }
  }
  return out;
}

/** True when a word is a variable expansion (`$UV_OPTIONS`, `${FLAGS}`) that may hold any flag. */
export function hasOpaqueWords(words: readonly Word[]): boolean {
  return words.some((w) => /\$(?:\{|[A-Za-z_@*])|`|\$\(/.test(w.value));
}

/** Appends flags after the last word of a command (before redirections), in shell or exec form. */
export function appendFlags(model: DockerfileModel, run: RunInfo, command: ShellCommand, flags: string[]): TextEdit {
  const last = command.words[command.words.length - 1];
  const at = model.index.positionAt(last.end);
  const text = run.form === 'exec' ? flags.map((f) => `, ${JSON.stringify(f)}`).join('') : flags.map((f) => ` ${f}`).join('');
  return { range: { start: at, end: at }, newText: text };
}

const SHELL_KEYWORDS = new Set(['then', 'else', 'elif', 'if', 'do', 'while', 'until', '!', '{', '(']);

/** The command's words without assignments, wrappers (sudo, env) and leading shell keywords (`then npm ci`). */
export function programWords(cmd: ShellCommand): Word[] {
  const words = commandWords(cmd);
  let k = 0;
  while (k < words.length && SHELL_KEYWORDS.has(words[k].value) && !words[k].quoted) k++;
  if (k === 0) return words;
  return commandWords({ ...cmd, words: words.slice(k) });
}

/** Offset where a command starts once leading shell keywords (`then`, `do`, `!`) are skipped. */
export function commandStart(cmd: ShellCommand): number {
  const w = cmd.words;
  let k = 0;
  while (k < w.length - 1 && SHELL_KEYWORDS.has(w[k].value) && !w[k].quoted) k++;
  return w[k]?.start ?? cmd.start;
}
