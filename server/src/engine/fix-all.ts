import { applyEdits, mergeFixes } from './edits';
import { OverlayFiles, NO_FILES, toPosix } from './files';
import { lint, type LintRequest, type LintResult } from './runner';
import type { Finding, FixSafety } from './types';

export interface FixAllResult {
  /** The linted file's text after every applicable fix. */
  text: string;
  /** New full texts of other files the fixes edited or created, by absolute path. */
  otherFiles: Map<string, { text: string; created: boolean }>;
  /** Findings whose fix was applied, across all passes. */
  applied: Finding[];
  /** The findings left after the last pass. */
  remaining: LintResult;
}

const MAX_PASSES = 10;

/**
 * Applies the first fix of each finding whose safety is allowed, re-lints and repeats until nothing changes
 * (fixes that overlap wait for the next pass). Used by "fix all" in the editor and by `layerwise --fix`.
 */
export function fixAll(req: LintRequest, allowed: readonly FixSafety[] = ['safe']): FixAllResult {
  let text = req.text;
  const otherTexts = new Map<string, { text: string; created: boolean }>();
  const baseFiles = req.files ?? NO_FILES;
  const files = new OverlayFiles((p) => otherTexts.get(toPosix(p))?.text, baseFiles);
  const applied: Finding[] = [];
  let result = lint({ ...req, text, files });
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const candidates = result.findings
      .map((f) => ({ f, fix: f.fixes.find((x) => allowed.includes(x.safety) && x.safety !== 'display-only') }))
      .filter((c): c is { f: Finding; fix: NonNullable<typeof c.fix> } => c.fix !== undefined);
    if (candidates.length === 0) break;
    const merged = mergeFixes(candidates.map((c) => c.fix));
    if (merged.taken.length === 0) break;
    const next = applyEdits(text, merged.edits);
    for (const change of merged.otherFiles) {
      const prev = otherTexts.get(change.path);
      const current = prev?.text ?? (change.create ? '' : baseFiles.read(change.path) ?? '');
      otherTexts.set(change.path, { text: applyEdits(current, change.edits), created: prev?.created ?? !!change.create });
    }
    applied.push(...candidates.filter((c) => merged.taken.includes(c.fix)).map((c) => c.f));
    if (next === text && merged.otherFiles.length === 0) break;
    text = next;
    result = lint({ ...req, text, files });
  }
  return { text, otherFiles: otherTexts, applied, remaining: result };
}
