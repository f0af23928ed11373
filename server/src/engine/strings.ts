/**
 * Small string helpers that run in linear time. Regular expressions like `/\/+$/` or `/@.*$/` look harmless but
 * backtrack quadratically on long inputs (every start position is tried), and a linter reads attacker-sized
 * files; these do the same jobs with one scan.
 */

/** The text without a trailing run of one character: `trimEnd('a///', '/')` is `a`. */
export function trimEndChar(text: string, ch: string): string {
  let k = text.length;
  while (k > 0 && text[k - 1] === ch) k--;
  return text.slice(0, k);
}

/** The text before the first of any of the characters (all of it when none occurs). */
export function cutAtAny(text: string, chars: string): string {
  for (let k = 0; k < text.length; k++) if (chars.includes(text[k])) return text.slice(0, k);
  return text;
}

/** The last path segment, ignoring trailing slashes. */
export function lastSegment(p: string): string {
  const trimmed = trimEndChar(p, '/');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** The text before an unquoted ` #` comment (a blank then `#`), right-trimmed; the whole text when there is none. */
export function stripTrailingComment(text: string): string {
  const k = text.search(/[ \t]#/);
  return k === -1 ? text : text.slice(0, k).trimEnd();
}
