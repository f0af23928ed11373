import type { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { TextEdit } from '../engine/types';
import type { ComposeDocument, ComposeModel, Entry, Str } from './model';

/**
 * Edit builders for Compose text. Every edit is made in place: only the new or changed lines are written, in
 * the file's own indentation and quoting, so comments and formatting elsewhere stay as they are. Flow-style
 * collections (`[db]`, `{a: 1}`) are edited inside their brackets. New text uses `\n`; the runner converts it
 * to the file's line endings. A builder returns undefined when it cannot make the edit safely.
 */

/** New content to write: a scalar as YAML source text, a mapping or a list. */
export type YValue = YScalar | YMap | YSeq;
export interface YScalar {
  scalar: string;
}
export interface YMap {
  map: [string, YValue][];
}
export interface YSeq {
  seq: YValue[];
  /** Written as `[a, b]` even in block context (health check tests read best that way). */
  flow?: boolean;
}

export const sc = (source: string): YScalar => ({ scalar: source });

const PLAIN_SAFE = /^[A-Za-z0-9_./@$%^~=+-][A-Za-z0-9_./:@${}%^~=+ -]*$/;
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?[0-9][0-9_.eE+-]*|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)$/i;

/** A string as a YAML scalar: plain when that reads back as the same string, double-quoted otherwise. */
export function yamlString(s: string, flow = false): string {
  const plainOk = PLAIN_SAFE.test(s) && !RESERVED.test(s) && !/ $/.test(s) && !/: | #/.test(s) && !(flow && /[{}[\],]/.test(s));
  if (plainOk) return s;
  return JSON.stringify(s);
}

/** Renders a value in block style as the lines that follow `key:` (or a list item), at column `col`. */
function blockLines(value: YMap | YSeq, col: number, model: ComposeModel): string[] {
  const { unit, seq } = model.indent;
  const pad = ' '.repeat(col);
  const out: string[] = [];
  if ('map' in value) {
    for (const [k, v] of value.map) {
      if ('scalar' in v) out.push(`${pad}${k}: ${v.scalar}`);
      else if ('seq' in v && (v.flow || v.seq.length === 0)) out.push(`${pad}${k}: ${flowText(v)}`);
      else if ('map' in v && v.map.length === 0) out.push(`${pad}${k}: {}`);
      else {
        out.push(`${pad}${k}:`);
        out.push(...blockLines(v, 'seq' in v ? col + seq : col + unit, model));
      }
    }
  } else {
    for (const item of value.seq) {
      if ('scalar' in item) out.push(`${pad}- ${item.scalar}`);
      else if ('seq' in item || item.map.length === 0) out.push(`${pad}- ${flowText(item)}`);
      else {
        const lines = blockLines(item, col + 2, model);
        out.push(`${pad}- ${lines[0].slice(col + 2)}`, ...lines.slice(1));
      }
    }
  }
  return out;
}

/** Renders a value in flow style: `{a: 1, b: [x]}`. */
export function flowText(value: YValue): string {
  if ('scalar' in value) return value.scalar;
  if ('seq' in value) return `[${value.seq.map(flowText).join(', ')}]`;
  return value.map.length ? `{${value.map.map(([k, v]) => `${k}: ${flowText(v)}`).join(', ')}}` : '{}';
}

/** Renders `key: value` in block style at column `col`, as lines. */
export function renderPair(model: ComposeModel, key: string, value: YValue, col: number): string[] {
  return blockLines({ map: [[key, value]] }, col, model);
}

/** Column of a block mapping's keys. */
export function mapColumn(model: ComposeModel, map: YAMLMap): number | undefined {
  const first = map.items[0]?.key as Scalar | undefined;
  if (!first?.range) return undefined;
  return model.index.positionAt(first.range[0]).character;
}

/** Where the value of a pair ends in the text (its key when it has no value). */
function pairEnd(pair: Pair): number {
  const v = pair.value as { range?: [number, number, number] } | null;
  if (v?.range) return v.range[1];
  return (pair.key as Scalar).range![1];
}

/**
 * An insertion of whole lines after the line holding `offset`: before its line break, so the new lines take the
 * file's line ending from the runner. When `offset` already starts a line, the lines go there.
 */
function insertLinesAfter(model: ComposeModel, offset: number, lines: string[]): TextEdit {
  const { text, index } = model;
  if (offset > 0 && text[offset - 1] === '\n') {
    const at = index.positionAt(offset);
    return { range: { start: at, end: at }, newText: lines.join('\n') + '\n' };
  }
  const line = index.positionAt(offset).line;
  const end = index.positionAt(index.lineEnd(line));
  return { range: { start: end, end }, newText: '\n' + lines.join('\n') };
}

/** True when a flow collection's source holds a comment, which rewriting inside it could swallow. */
function flowHasComment(model: ComposeModel, node: YAMLMap | YAMLSeq): boolean {
  const [s, e] = node.range!;
  return /(^|\s)#/.test(model.text.slice(s, e));
}

/** Adds `key: value` to a mapping written in this file: a new line in block style, `, key: value` in flow style. */
export function addToMap(model: ComposeModel, map: YAMLMap, key: string, value: YValue): TextEdit | undefined {
  if (!map.range) return undefined;
  if (map.flow) {
    if (flowHasComment(model, map)) return undefined;
    return insertInFlow(model, map, '}', `${key}: ${flowText(value)}`);
  }
  const col = mapColumn(model, map);
  const last = map.items[map.items.length - 1];
  if (col === undefined || !last) return undefined;
  return insertLinesAfter(model, pairEnd(last), renderPair(model, key, value, col));
}

/** Adds an item to a list written in this file. */
export function addToSeq(model: ComposeModel, seq: YAMLSeq, item: YValue): TextEdit | undefined {
  if (!seq.range) return undefined;
  if (seq.flow) {
    if (flowHasComment(model, seq)) return undefined;
    return insertInFlow(model, seq, ']', flowText(item));
  }
  const last = seq.items[seq.items.length - 1] as { range?: [number, number, number] } | undefined;
  if (!last?.range) return undefined;
  const col = model.index.positionAt(seq.range[0]).character;
  const lines = blockLines({ seq: [item] }, col, model);
  return insertLinesAfter(model, last.range[1], lines);
}

function insertInFlow(model: ComposeModel, node: YAMLMap | YAMLSeq, close: string, itemText: string): TextEdit | undefined {
  const { text, index } = model;
  const [start, end] = node.range!;
  let k = end - 1;
  while (k > start && /\s/.test(text[k])) k--;
  if (text[k] !== close) return undefined;
  let j = k - 1;
  while (j > start && /\s/.test(text[j])) j--;
  const empty = text[j] === (close === '}' ? '{' : '[');
  const comma = text[j] === ',';
  const newText = empty || comma ? (comma ? ` ${itemText}` : itemText) : `, ${itemText}`;
  const at = index.positionAt(j + 1);
  return { range: { start: at, end: at }, newText };
}

/**
 * Gives a key with an empty value (`networks:`) its first content. Returns undefined when the value is spelled
 * (`~`, `null`), which would need rewriting the key.
 */
export function fillEmptyKey(model: ComposeModel, entry: Entry, value: YMap | YSeq): TextEdit | undefined {
  const written = entry.pair.value as Scalar | null;
  if (written && written.range && written.range[1] > written.range[0]) return undefined;
  const col = model.index.positionAt(entry.keyStart).character;
  const lines = blockLines(value, 'seq' in value ? col + model.indent.seq : col + model.indent.unit, model);
  const line = model.index.positionAt(entry.keyStart).line;
  const end = model.index.positionAt(model.index.lineEnd(line));
  return { range: { start: end, end }, newText: '\n' + lines.join('\n') };
}

/** Adds a top-level key at the end of a document's root mapping. */
export function addTopLevel(model: ComposeModel, doc: ComposeDocument, key: string, value: YValue): TextEdit | undefined {
  const root = doc.root;
  if (!root || root.flow) return undefined;
  return addToMap(model, root, key, value);
}

/** Replaces a scalar's value, keeping its quoting. */
export function replaceScalar(s: Str, value: string): TextEdit {
  const q = s.raw[0];
  let newText: string;
  if (q === '"') newText = JSON.stringify(value);
  else if (q === "'") newText = `'${value.replace(/'/g, "''")}'`;
  else newText = yamlString(value);
  return { range: s.range, newText };
}

/** Deletes the whole lines from the line of `start` to the line of `end`, line breaks included. */
export function deleteLines(model: ComposeModel, start: number, end: number): TextEdit {
  const { index } = model;
  const first = index.positionAt(start).line;
  const last = index.positionAt(end).line;
  const from = index.lineStart(first);
  let to = index.lineStart(last + 1);
  // The last line of the file has no line break of its own: take the one before it instead.
  if (last + 1 >= index.lineCount) {
    const prevBreakStart = first > 0 ? index.lineEnd(first - 1) : from;
    return { range: index.rangeOf(prevBreakStart, index.text.length), newText: '' };
  }
  return { range: index.rangeOf(from, to), newText: '' };
}

/** True when only whitespace and a comment follow `offset` on its line. */
export function restOfLineIsEmpty(model: ComposeModel, offset: number): boolean {
  const line = model.index.positionAt(offset).line;
  return /^\s*(#.*)?$/.test(model.text.slice(offset, model.index.lineEnd(line)));
}

/** True when the text from the line start to `offset` is only indentation (and a `- ` list marker). */
export function startsLine(model: ComposeModel, offset: number): boolean {
  const line = model.index.positionAt(offset).line;
  return /^[ \t]*(-[ \t]+)?$/.test(model.text.slice(model.index.lineStart(line), offset));
}

/** Comment lines directly above a line (no blank line between), first line first. */
export function commentsAbove(model: ComposeModel, line: number): number[] {
  const lines: number[] = [];
  for (let l = line - 1; l >= 0; l--) {
    if (!/^\s*#/.test(model.index.lineText(l))) break;
    lines.unshift(l);
  }
  return lines;
}

/** The `- ` marker before a block list item: the offset of `-`, or undefined. */
export function dashBefore(model: ComposeModel, offset: number): number | undefined {
  const line = model.index.positionAt(offset).line;
  const head = model.text.slice(model.index.lineStart(line), offset);
  const m = /-[ \t]+$/.exec(head);
  return m ? model.index.lineStart(line) + m.index : undefined;
}


/**
 * Whether fixes may edit at an offset: not inside a document with YAML errors, where the parser's reading of
 * the structure around a syntax error is a guess.
 */
export function canEdit(model: ComposeModel, offset: number): boolean {
  const doc = model.documents.find((d) => offset >= d.start && offset <= d.end);
  return !!doc && doc.errors.length === 0;
}
