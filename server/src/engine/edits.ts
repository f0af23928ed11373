import { comparePositions, TextIndex, withEol, type Eol } from './text';
import type { FileChange, Fix, TextEdit } from './types';

export class OverlappingEditsError extends Error {}

/** Sorts edits by position; throws when two of them overlap (an insertion at the end of another is fine). */
export function sortEdits(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => comparePositions(a.e.range.start, b.e.range.start) || comparePositions(a.e.range.end, b.e.range.end) || a.i - b.i)
    .map((x) => x.e);
  for (let k = 1; k < sorted.length; k++) {
    if (comparePositions(sorted[k].range.start, sorted[k - 1].range.end) < 0) {
      throw new OverlappingEditsError('overlapping edits');
    }
  }
  return sorted;
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[], index = new TextIndex(text)): string {
  const sorted = sortEdits(edits);
  let out = '';
  let cursor = 0;
  for (const e of sorted) {
    const start = index.offsetAt(e.range.start);
    const end = Math.max(start, index.offsetAt(e.range.end));
    out += text.slice(cursor, start) + e.newText;
    cursor = end;
  }
  return out + text.slice(cursor);
}

/** Rewrites a fix's new text to a file's line endings. */
export function fixWithEol(fix: Fix, eol: Eol): Fix {
  if (eol === '\n') return fix;
  return {
    ...fix,
    edits: fix.edits.map((e) => ({ range: e.range, newText: withEol(e.newText, eol) })),
    otherFiles: fix.otherFiles,
  };
}

/**
 * Merges the edits of several fixes into one edit list, skipping any fix whose edits overlap an earlier one's.
 * Returns the merged edits and how many fixes were taken. Callers re-lint and repeat until nothing changes.
 */
export function mergeFixes(fixes: readonly Fix[]): { edits: TextEdit[]; otherFiles: FileChange[]; taken: Fix[] } {
  const taken: Fix[] = [];
  let edits: TextEdit[] = [];
  const others = new Map<string, FileChange>();
  // Two findings may offer the same edit (several Compose findings share one network fix; a health check is
  // added by two rules): an edit identical to one already taken is applied once.
  const takenKeys = new Set<string>();
  const keyOf = (e: TextEdit) => `${e.range.start.line}:${e.range.start.character}:${e.range.end.line}:${e.range.end.character}:${e.newText}`;
  for (const fix of fixes) {
    if (fix.safety === 'display-only') continue;
    const candidate = edits.concat(fix.edits.filter((e) => !takenKeys.has(keyOf(e))));
    const candidateOthers = new Map(others);
    try {
      sortEdits(candidate);
      for (const change of fix.otherFiles ?? []) {
        const prev = candidateOthers.get(change.path);
        if (prev && (prev.create || change.create)) throw new OverlappingEditsError('two fixes create one file');
        const merged = { path: change.path, create: change.create, edits: (prev?.edits ?? []).concat(change.edits) };
        sortEdits(merged.edits);
        candidateOthers.set(change.path, merged);
      }
    } catch (e) {
      if (e instanceof OverlappingEditsError) continue;
      throw e;
    }
    edits = candidate;
    for (const e of fix.edits) takenKeys.add(keyOf(e));
    others.clear();
    for (const [k, v] of candidateOthers) others.set(k, v);
    taken.push(fix);
  }
  return { edits, otherFiles: [...others.values()], taken };
}
