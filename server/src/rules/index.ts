import type { Rule } from '../engine/rule';
import type { Language } from '../engine/types';
import copyManifestsFirst from './dockerfile/copy-manifests-first';
import pinImageTag from './dockerfile/pin-image-tag';
import runAsNonRoot from './dockerfile/run-as-non-root';
import uvLockedSync from './dockerfile/uv-locked-sync';

/**
 * Every rule, sorted by id. A rule runs only when it is listed here; test/unit/registry.test.ts checks that each
 * rule file is registered and has a doc page and tests.
 */
export const RULES: readonly Rule<Language>[] = [
  copyManifestsFirst,
  pinImageTag,
  runAsNonRoot,
  uvLockedSync,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

export function ruleById(id: string): Rule<Language> | undefined {
  return RULES.find((r) => r.meta.id === id);
}
