import type { Range, TextEdit } from '../engine/types';
import type { DockerfileModel, Instr } from './model';

/**
 * Edit builders shared by Dockerfile rules. New text uses `\n`; the runner converts it to the file's line
 * endings. Inserted instructions take the indentation of the instruction they are placed next to.
 */

/** Inserts whole lines before an instruction. */
export function insertBefore(model: DockerfileModel, instr: Instr, lines: string[]): TextEdit {
  const line = instr.range.start.line;
  const indent = model.index.indentation(line);
  const pos = { line, character: 0 };
  return { range: { start: pos, end: pos }, newText: lines.map((l) => indent + l + '\n').join('') };
}

/** Inserts whole lines after an instruction (after its heredoc bodies, if any). */
export function insertAfter(model: DockerfileModel, instr: Instr, lines: string[]): TextEdit {
  const { index } = model;
  const endLine = index.positionAt(instr.end).line;
  const indent = index.indentation(instr.range.start.line);
  const at = index.lineEnd(endLine);
  const pos = index.positionAt(at);
  return { range: { start: pos, end: pos }, newText: lines.map((l) => '\n' + indent + l).join('') };
}

/** Removes an instruction with its line break (and its heredoc bodies). */
export function deleteInstruction(model: DockerfileModel, instr: Instr): TextEdit {
  const { index } = model;
  const startLine = instr.range.start.line;
  const endLine = index.positionAt(instr.end).line;
  const start = index.lineStart(startLine);
  let end = index.lineStart(endLine + 1);
  if (endLine + 1 >= index.lineCount) {
    // Last line of the file: take the line break before it instead.
    end = index.text.length;
    const prevBreakStart = startLine > 0 ? index.lineEnd(startLine - 1) : start;
    return { range: index.rangeOf(prevBreakStart, end), newText: '' };
  }
  return { range: index.rangeOf(start, end), newText: '' };
}

/** Replaces an instruction's whole text (keyword to last argument, heredocs included). */
export function replaceInstruction(model: DockerfileModel, instr: Instr, text: string): TextEdit {
  return { range: model.index.rangeOf(instr.start, instr.end), newText: text };
}

/** The instruction's text as written. */
export function instructionText(model: DockerfileModel, instr: Instr): string {
  return model.text.slice(instr.start, instr.end);
}

/** The text of the flags of an instruction (`--mount=… --network=none`), as written, or ''. */
export function flagsText(model: DockerfileModel, flagRanges: Range[]): string {
  if (flagRanges.length === 0) return '';
  const start = model.index.offsetAt(flagRanges[0].start);
  const end = model.index.offsetAt(flagRanges[flagRanges.length - 1].end);
  return model.text.slice(start, end).replace(new RegExp(`${escapeRegExp(model.escape)}[ \\t]*\\r?\\n[ \\t]*`, 'g'), ' ');
}

/** A range covering only the first line of an instruction, for a finding that should not cover a long RUN. */
export function firstLineRange(model: DockerfileModel, instr: Instr): Range {
  const line = instr.range.start.line;
  const end = Math.min(model.index.lineEnd(line), instr.end);
  return model.index.rangeOf(instr.start, end);
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
