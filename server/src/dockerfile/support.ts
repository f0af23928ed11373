import type { LanguageSupport } from '../engine/languages';
import { buildDockerfileModel, instructionAtLine, type DockerfileModel } from './model';

/** How the runner reads a Dockerfile: its model, its comments and where a finding is anchored. */
export const dockerfileSupport: LanguageSupport<'dockerfile'> = {
  language: 'dockerfile',
  build: (text) => buildDockerfileModel(text),
  layout: (model: DockerfileModel) => {
    const commentLines = new Set(model.comments.map((c) => c.line));
    const directiveLines = new Set(model.directives.map((d) => d.line));
    return {
      comments: [
        ...model.comments,
        // Lines at the top that look like parser directives (`# check=skip=…`, and `# hadolint global ignore=…`,
        // which the parser also takes for one) are read as written.
        ...model.directives.map((d) => ({ line: d.line, text: model.index.lineText(d.line).trim(), range: d.range, directive: true })),
      ],
      targetAfter: (line) => {
        for (let l = line + 1; l < model.index.lineCount; l++) {
          if (commentLines.has(l) || directiveLines.has(l)) continue;
          const instr = instructionAtLine(model, l);
          return instr && instr.range.start.line === l ? l : undefined;
        }
        return undefined;
      },
      stageAfter: (line) => {
        const stage = model.stages.find((s) => s.from.range.start.line > line);
        if (!stage) return undefined;
        // Only comments may stand between the comment and the FROM.
        for (let l = line + 1; l < stage.from.range.start.line; l++) {
          if (!commentLines.has(l) && model.index.lineText(l).trim() !== '') return undefined;
        }
        return { fromLine: stage.from.range.start.line, toLine: stage.endLine };
      },
      lineText: (line) => model.index.lineText(line),
      lastLine: model.index.lineCount - 1,
    };
  },
  anchorLine: (model, line) => instructionAtLine(model, line)?.range.start.line ?? line,
};
