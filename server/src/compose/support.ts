import type { LanguageSupport } from '../engine/languages';
import { buildComposeModel, type ComposeModel } from './model';

/**
 * How the runner reads a Compose file: its model, its comments, and where a finding is anchored. A
 * `# layerwise-ignore <id>` comment applies to the next line that is neither blank nor a comment, which is the
 * line of the key (or list item) a finding starts on.
 */
export const composeSupport: LanguageSupport<'compose'> = {
  language: 'compose',
  build: (text) => buildComposeModel(text),
  layout: (model: ComposeModel) => {
    const commentLines = new Set(model.comments.map((c) => c.line));
    return {
      comments: [...model.comments, ...model.trailingComments.map((c) => ({ ...c, trailing: true }))],
      targetAfter: (line) => {
        for (let l = line + 1; l < model.index.lineCount; l++) {
          if (commentLines.has(l)) continue;
          if (model.index.lineText(l).trim() === '') return undefined;
          return l;
        }
        return undefined;
      },
      lastLine: model.index.lineCount - 1,
    };
  },
  anchorLine: (_model, line) => line,
};
