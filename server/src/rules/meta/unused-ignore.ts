import type { MetaRule } from '../../engine/suppression';

/**
 * Reported by the runner, not by a check: an ignore comment that silenced nothing. Only codes of rules that ran
 * on the file count; a foreign code for a check Layerwise does not have is never unused.
 */
const unusedIgnore: MetaRule = {
  meta: {
    id: 'unused-ignore',
    title: 'Remove ignore comments that silence nothing',
    language: 'any',
    category: 'maintainability',
    defaultSeverity: 'hint',
    fixSafety: ['safe', 'unsafe'],
    aliases: [],
    rationale:
      'An ignore comment outlives the finding it was written for: once the line is fixed, it only hides the next real problem there and tells readers something that is no longer true.',
  },
};

export default unusedIgnore;
