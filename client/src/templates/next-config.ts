/**
 * The next.config edit behind the Next.js template: the standalone Dockerfile copies `.next/standalone`, which
 * `next build` writes only with `output: "standalone"`. The reading and the edit are the ones the
 * `nextjs-standalone-output` rule uses (server/src/dockerfile/next-config.ts, a light scanner with no parser
 * dependency), so the command and the rule agree; this module only shapes the result for the command.
 */
import { analyseNextConfig, NEXT_CONFIG_NAMES as NAMES, newNextConfig, standaloneEdit } from '../../../server/src/dockerfile/next-config';
import { applyEdits } from '../../../server/src/engine/edits';
import type { TextEdit } from '../../../server/src/engine/types';

/** next.config file names, in the order Next.js looks for them. */
export const NEXT_CONFIG_NAMES: readonly string[] = NAMES;

export type StandaloneEdit =
  /** The config already sets `output: "standalone"`. */
  | { kind: 'present' }
  /**
   * `edit` makes the config set standalone output; `text` is the whole file after it. `replaces` is the value it
   * overwrites (`export`) when the config set another output: that is the user's call, so the command asks.
   */
  | { kind: 'edit'; edit: TextEdit; text: string; replaces?: string }
  /** No config object could be found (a function config, a computed value): the user adds the line. */
  | { kind: 'unknown'; message: string };

/** A new next.config.mjs for a project that has none. */
export const NEW_NEXT_CONFIG = { name: 'next.config.mjs', text: newNextConfig() };

/** What it takes for a next.config text to set `output: "standalone"`. */
export function addStandaloneOutput(text: string): StandaloneEdit {
  const analysis = analyseNextConfig(text);
  if (analysis.output.kind === 'standalone') return { kind: 'present' };
  const edit = standaloneEdit(text, analysis);
  if (!edit) {
    const why =
      analysis.output.kind === 'unknown'
        ? 'it sets `output` in a way Layerwise cannot follow'
        : (analysis.objectProblem ?? 'its config object could not be found');
    return { kind: 'unknown', message: `Could not add \`output: "standalone"\` to next.config: ${why}. Add it by hand.` };
  }
  const out: StandaloneEdit = { kind: 'edit', edit, text: applyEdits(text, [edit]) };
  if (analysis.output.kind === 'other') out.replaces = analysis.output.value;
  return out;
}
