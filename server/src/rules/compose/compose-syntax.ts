import { defineRule } from '../../engine/rule';

/**
 * Reports the first YAML syntax error of each document of a Compose file, so a file that does not parse says
 * why once, in the editor's terms, while the other rules still report on the parts that parse (without fixes in
 * the broken document).
 */
export default defineRule({
  meta: {
    id: 'compose-syntax',
    title: 'Compose files must be valid YAML',
    language: 'compose',
    category: 'correctness',
    defaultSeverity: 'error',
    fixSafety: [],
    aliases: [],
    rationale:
      'Docker Compose refuses a file that is not valid YAML (a bad indentation, an unclosed bracket or quote, a key written twice). Layerwise still checks the parts it can read, but the file will not run until the error is fixed.',
  },
  check(ctx) {
    const { model } = ctx;
    for (const doc of model.documents) {
      const first = doc.errors[0];
      if (!first) continue;
      let { start, end } = first;
      const text = model.text;
      if (first.code === 'DUPLICATE_KEY') {
        // The whole key, not its first character.
        const m = /^[^:\s]+/.exec(text.slice(start));
        if (m) end = start + m[0].length;
      } else if (start >= text.length || text[start] === '\n' || text[start] === '\r') {
        // An error at a line break or at the end of the text: point at the last character before it.
        let k = Math.min(start, text.length) - 1;
        while (k > 0 && /\s/.test(text[k])) k--;
        start = Math.max(0, k);
        end = Math.min(text.length, start + 1);
      } else if (end <= start) end = start + 1;
      const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more error${doc.errors.length > 2 ? 's' : ''} after it)` : '';
      const where = model.documents.length > 1 ? ` in document ${doc.index + 1}` : '';
      ctx.report({
        range: model.index.rangeOf(start, end),
        message: `YAML syntax error${where}: ${sentence(first.message)}${more}. Docker Compose cannot read the file until it is fixed.`,
      });
    }
  },
});

function sentence(m: string): string {
  const t = m.trim().replace(/\.$/, '');
  return t.charAt(0).toLowerCase() + t.slice(1);
}
