import type { MetaRule } from '../../engine/suppression';

/** Reported by the runner, not by a check: a `# layerwise-ignore…` comment that names no rule. */
const unknownIgnoreId: MetaRule = {
  meta: {
    id: 'unknown-ignore-id',
    title: 'Name existing rules in layerwise-ignore comments',
    language: 'any',
    category: 'maintainability',
    defaultSeverity: 'hint',
    fixSafety: [],
    aliases: [],
    rationale:
      'A misspelt or retired rule id in an ignore comment silences nothing, so the finding it was meant for still shows, or the comment hides nothing and misleads the reader.',
  },
};

export default unknownIgnoreId;
