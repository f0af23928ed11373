/**
 * Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`,
 * `${VAR+alt}`, `${VAR:?err}`, `${VAR?err}`, nested defaults, and `$$` for a literal `$`.
 *
 * Besides the value, the result keeps where each part of it came from, so an edit to the resolved text (a tag
 * inside `${TAG:-latest}`) can be mapped back to the raw text.
 */

export type Lookup = (name: string) => string | undefined;

export interface Segment {
  /** `literal`: copied from the raw text; `default`: text of a default that was used (also raw text); `value`: a
   * variable's value, which is not in this text; `escape`: `$$`. */
  kind: 'literal' | 'default' | 'value' | 'escape';
  /** Offsets in the raw text (for `value`, the whole `${…}` expression). */
  rawStart: number;
  rawEnd: number;
  /** Offsets in the resolved text. */
  outStart: number;
  outEnd: number;
}

export interface Interpolated {
  /** The resolved text; undefined when a variable without a default or value decides it. */
  value: string | undefined;
  segments: Segment[];
  /** Every variable the text names, in order. */
  variables: string[];
  /** Variables whose value came from the lookup (not from a default). */
  looked: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** True when the text names a variable (anything but `$$`). */
export function hasVariables(text: string): boolean {
  return /\$(?!\$)/.test(text.replace(/\$\$/g, ''));
}

/** Resolves a Compose string; unknown variables make the value undefined unless a default applies. */
export function interpolate(text: string, lookup: Lookup = () => undefined, base = 0, depth = 0): Interpolated {
  const out: Interpolated = { value: '', segments: [], variables: [], looked: [] };
  let value = '';
  let unresolved = false;
  let lit = 0;
  const flush = (end: number) => {
    if (end > lit) {
      out.segments.push({ kind: 'literal', rawStart: base + lit, rawEnd: base + end, outStart: value.length, outEnd: value.length + end - lit });
      value += text.slice(lit, end);
    }
    lit = end;
  };
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 36 /* $ */) {
      i++;
      continue;
    }
    flush(i);
    const next = text[i + 1];
    if (next === '$') {
      out.segments.push({ kind: 'escape', rawStart: base + i, rawEnd: base + i + 2, outStart: value.length, outEnd: value.length + 1 });
      value += '$';
      i += 2;
      lit = i;
      continue;
    }
    if (next === '{') {
      const close = matchBrace(text, i + 1);
      if (close === -1) {
        // An unterminated `${`: Compose rejects it; keep it literal so nothing downstream guesses.
        unresolved = true;
        i = text.length;
        lit = i;
        break;
      }
      const inner = text.slice(i + 2, close);
      const m = NAME.exec(inner);
      if (!m) {
        unresolved = true;
        i = close + 1;
        lit = i;
        continue;
      }
      const name = m[0];
      out.variables.push(name);
      const rest = inner.slice(name.length);
      const op = /^(:?[-+?])/.exec(rest)?.[1];
      const argStart = i + 2 + name.length + (op?.length ?? 0);
      const arg = op ? rest.slice(op.length) : '';
      const v = lookup(name);
      if (v !== undefined) out.looked.push(name);
      const set = v !== undefined;
      const nonEmpty = set && v !== '';
      const useArg = (): void => {
        if (depth > 8) {
          unresolved = true;
          return;
        }
        const sub = interpolate(arg, lookup, base + argStart, depth + 1);
        out.variables.push(...sub.variables);
        out.looked.push(...sub.looked);
        if (sub.value === undefined) {
          unresolved = true;
          return;
        }
        for (const s of sub.segments) {
          out.segments.push({ ...s, kind: s.kind === 'literal' ? 'default' : s.kind, outStart: value.length + s.outStart, outEnd: value.length + s.outEnd });
        }
        value += sub.value;
      };
      const useValue = (): void => {
        out.segments.push({ kind: 'value', rawStart: base + i, rawEnd: base + close + 1, outStart: value.length, outEnd: value.length + v!.length });
        value += v!;
      };
      if (op === ':-') nonEmpty ? useValue() : useArg();
      else if (op === '-') set ? useValue() : useArg();
      else if (op === ':+') {
        if (nonEmpty) useArg();
      } else if (op === '+') {
        if (set) useArg();
      } else if (op === ':?' || op === '?' || op === undefined) {
        if (op === undefined && rest !== '') unresolved = true;
        else if ((op === ':?' && nonEmpty) || (op !== ':?' && set)) useValue();
        else unresolved = true;
      }
      i = close + 1;
      lit = i;
      continue;
    }
    const m = NAME.exec(text.slice(i + 1));
    if (!m) {
      // A lone `$` stays literal.
      lit = i;
      i++;
      continue;
    }
    out.variables.push(m[0]);
    const v = lookup(m[0]);
    if (v === undefined) unresolved = true;
    else {
      out.looked.push(m[0]);
      out.segments.push({ kind: 'value', rawStart: base + i, rawEnd: base + i + 1 + m[0].length, outStart: value.length, outEnd: value.length + v.length });
      value += v;
    }
    i += 1 + m[0].length;
    lit = i;
  }
  flush(text.length);
  out.value = unresolved ? undefined : value;
  return out;
}

/** Index of the `}` closing the `{` at `open`, counting nested `${`; -1 when there is none. */
function matchBrace(text: string, open: number): number {
  let depth = 0;
  for (let k = open; k < text.length; k++) {
    const ch = text[k];
    if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return k;
    }
  }
  return -1;
}

/**
 * Maps an offset of the resolved text back to the raw text, when the character there was written in the raw
 * text (literally or in a used default). At a boundary, the segment that ends there is preferred for
 * insertions (`atEnd`), the one that starts there otherwise.
 */
export function rawOffset(interp: Interpolated, outOffset: number, atEnd = false): number | undefined {
  let found: number | undefined;
  for (const s of interp.segments) {
    if (s.kind !== 'literal' && s.kind !== 'default') {
      if (outOffset > s.outStart && outOffset < s.outEnd) return undefined;
      continue;
    }
    if (outOffset >= s.outStart && outOffset <= s.outEnd) {
      const raw = s.rawStart + (outOffset - s.outStart);
      if (atEnd ? outOffset === s.outEnd : outOffset === s.outStart) return raw;
      if (outOffset > s.outStart && outOffset < s.outEnd) return raw;
      found ??= raw;
    }
  }
  return found;
}
