/**
 * Expansion of Dockerfile variables (`$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME:+alt}`, `${NAME-default}`,
 * `${NAME+alt}`) as BuildKit does it for FROM, COPY --from and other instruction arguments.
 */

export interface VariableValue {
  /** The value; undefined when the variable is declared without a default (or not declared at all). */
  value: string | undefined;
  /** Where the value came from, e.g. the ARG that declares the default. Opaque to this module. */
  source?: unknown;
}

export type Lookup = (name: string) => VariableValue | undefined;

export interface Expansion {
  value: string;
  /** True when a variable had no value, so the result is not what the build will use. */
  unresolved: boolean;
  /** Variables whose values made up the result, in order. */
  used: { name: string; source?: unknown }[];
}

const MAX_DEPTH = 8;

export function expand(text: string, lookup: Lookup, escape = '\\', depth = 0): Expansion {
  const used: Expansion['used'] = [];
  let unresolved = false;
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === escape && text[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    if (text[i + 1] === '{') {
      const close = findClose(text, i + 2);
      if (close === -1) {
        out += text.slice(i);
        unresolved = true;
        break;
      }
      const body = text.slice(i + 2, close);
      i = close + 1;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])(.*))?$/s.exec(body);
      if (!m) {
        // ${VAR#pattern}, ${VAR%...} and friends: keep the value unknown rather than guess.
        unresolved = true;
        out += '${' + body + '}';
        continue;
      }
      const [, name, op, word] = m;
      const v = lookup(name);
      const hasValue = v !== undefined && v.value !== undefined;
      const nonEmpty = hasValue && v!.value !== '';
      if (op === ':-' || op === '-') {
        const useDefault = op === ':-' ? !nonEmpty : !hasValue;
        if (useDefault) {
          if (depth < MAX_DEPTH) {
            const inner = expand(word ?? '', lookup, escape, depth + 1);
            out += inner.value;
            used.push(...inner.used);
            unresolved ||= inner.unresolved;
          } else unresolved = true;
        } else {
          out += v!.value;
          used.push({ name, source: v!.source });
        }
      } else if (op === ':+' || op === '+') {
        const useAlt = op === ':+' ? nonEmpty : hasValue;
        if (useAlt) {
          if (depth < MAX_DEPTH) {
            const inner = expand(word ?? '', lookup, escape, depth + 1);
            out += inner.value;
            used.push({ name, source: v!.source }, ...inner.used);
            unresolved ||= inner.unresolved;
          } else unresolved = true;
        }
      } else {
        if (hasValue) {
          out += v!.value;
          used.push({ name, source: v!.source });
        } else {
          unresolved = true;
          out += '${' + name + '}';
        }
      }
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1, i + 257));
    if (!m) {
      out += c;
      i++;
      continue;
    }
    const name = m[0];
    i += 1 + name.length;
    const v = lookup(name);
    if (v !== undefined && v.value !== undefined) {
      out += v.value;
      used.push({ name, source: v.source });
    } else {
      unresolved = true;
      out += '$' + name;
    }
  }
  return { value: out, unresolved, used };
}

function findClose(text: string, from: number): number {
  let depth = 1;
  for (let k = from; k < text.length; k++) {
    if (text[k] === '{') depth++;
    else if (text[k] === '}' && --depth === 0) return k;
  }
  return -1;
}

/** True when the text mentions a variable at all. */
export function hasVariables(text: string): boolean {
  return /\$(?:\{|[A-Za-z_])/.test(text);
}
