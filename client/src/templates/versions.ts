/**
 * Version knowledge for the templates, kept free of any import so the client bundle stays small. The release
 * lines follow the offline tag table (server/src/data/image-tags.json, snapshot 2026-08-19).
 */

/** Python release lines with an official `-slim` image, newest first, each with its newest patch release. */
export const PYTHON_RELEASES: readonly string[] = ['3.14.6', '3.13.14', '3.12.13', '3.11.15', '3.10.20'];
export const DEFAULT_PYTHON = '3.14';

/**
 * Node.js majors in the order the templates prefer them: 24 is an LTS line whose official images still bundle
 * Corepack and Yarn 1; 26 (LTS from 2026-10-28) ships neither; 22 is in maintenance.
 */
export const NODE_MAJORS: readonly number[] = [24, 26, 22];
export const DEFAULT_NODE = 24;

/** The uv image the Python template copies its binary from (pinned). */
export const UV_IMAGE = 'ghcr.io/astral-sh/uv:0.11.6';
/** Corepack for Node.js 25 and later, whose images no longer bundle it. */
export const COREPACK_VERSION = '0.34.6';

type V3 = [number, number, number];

function cmp(a: V3, b: V3): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function parts(v: string): number[] {
  return v.split('.').map((x) => Number(x));
}

// ---------------------------------------------------------------------------------------------------------------
// Python: PEP 440 specifier sets (`>=3.11`, `>=3.12,<3.14`, `~=3.12`, `==3.13.*`, `!=3.13.*`) and Poetry's `^3.11`.

/** True when the version `v` (`3.13.14`) satisfies one clause of a specifier set. */
function pep440Clause(clause: string, v: V3): boolean | undefined {
  const m = /^(~=|===|==|!=|>=|<=|>|<|\^|~)?\s*v?(\d+(?:\.\d+)*)(\.\*)?$/.exec(clause.trim());
  if (!m) return undefined;
  const op = m[1] ?? '==';
  const p = parts(m[2]);
  const wildcard = m[3] !== undefined;
  const full: V3 = [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0];
  const prefixMatch = p.every((x, k) => v[k] === x);
  switch (op) {
    case '==':
    case '===':
      return wildcard || p.length < 3 ? prefixMatch : cmp(v, full) === 0;
    case '!=':
      return wildcard || p.length < 3 ? !prefixMatch : cmp(v, full) !== 0;
    case '>=':
      return cmp(v, full) >= 0;
    case '<=':
      return cmp(v, full) <= 0;
    case '>':
      return cmp(v, full) > 0;
    case '<':
      return cmp(v, full) < 0;
    case '~=': {
      // ~=3.12 means >=3.12, ==3.*; ~=3.12.1 means >=3.12.1, ==3.12.*
      if (cmp(v, full) < 0) return false;
      const prefix = p.slice(0, Math.max(1, p.length - 1));
      return prefix.every((x, k) => v[k] === x);
    }
    case '^': // Poetry: ^3.11 means >=3.11,<4
      return cmp(v, full) >= 0 && v[0] === full[0];
    case '~': // Poetry: ~3.11 means >=3.11,<3.12
      return cmp(v, full) >= 0 && v[0] === full[0] && (p.length < 2 || v[1] === full[1]);
  }
  return undefined;
}

/** True when `v` satisfies every clause of `spec`; undefined when a clause cannot be read. */
export function satisfiesPython(spec: string, version: string): boolean | undefined {
  const p = parts(version);
  const v: V3 = [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0];
  let all = true;
  for (const clause of spec.split(',')) {
    if (!clause.trim()) continue;
    const ok = pep440Clause(clause, v);
    if (ok === undefined) return undefined;
    all &&= ok;
  }
  return all;
}

/** The newest current Python line (`3.13`) that satisfies `requires-python`, or undefined. */
export function pythonForSpecifier(spec: string): string | undefined {
  for (const release of PYTHON_RELEASES) {
    if (satisfiesPython(spec, release)) return release.split('.').slice(0, 2).join('.');
  }
  return undefined;
}

/** The version a `.python-version` file pins (`3.13`, `3.13.2`), or undefined (`pypy@3.10`, `system`). */
export function pythonFromVersionFile(text: string): string | undefined {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:cpython[-@]?)?(\d+\.\d+(?:\.\d+)?)$/i.exec(line);
    return m ? m[1] : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Node.js: npm semver ranges (`>=20`, `^22.12.0`, `22.x`, `20 || 22 || >=24`, `>=18 <23`, `1.2.3 - 2.3.4`).

/** A half-open interval [lo, hi) of versions. */
type Interval = { lo: V3; hi: V3 };
const INF: V3 = [Infinity, 0, 0];

function partial(text: string): number[] | undefined {
  const m = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+].*)?$/.exec(text);
  if (!m) return undefined;
  const out: number[] = [];
  for (const g of [m[1], m[2], m[3]]) {
    if (g === undefined || /[xX*]/.test(g)) break;
    out.push(Number(g));
  }
  return out;
}

function floor(p: number[]): V3 {
  return [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0];
}

/** The first version after every version that `p` names (`22` → 23.0.0, `22.1` → 22.2.0, `22.1.3` → 22.1.4). */
function after(p: number[]): V3 {
  if (p.length === 0) return INF;
  if (p.length === 1) return [p[0] + 1, 0, 0];
  if (p.length === 2) return [p[0], p[1] + 1, 0];
  return [p[0], p[1], p[2] + 1];
}

function comparator(token: string): Interval | undefined {
  const m = /^(>=|<=|>|<|=|\^|~)?(.*)$/.exec(token);
  if (!m) return undefined;
  const p = partial(m[2]);
  if (!p) return undefined;
  const all: Interval = { lo: [0, 0, 0], hi: INF };
  switch (m[1]) {
    case undefined:
    case '=':
      return p.length === 0 ? all : { lo: floor(p), hi: after(p) };
    case '>=':
      return { lo: floor(p), hi: INF };
    case '>':
      return { lo: after(p), hi: INF };
    case '<':
      return { lo: [0, 0, 0], hi: floor(p) };
    case '<=':
      return { lo: [0, 0, 0], hi: after(p) };
    case '~':
      return { lo: floor(p), hi: p.length >= 2 ? [p[0], p[1] + 1, 0] : after(p) };
    case '^': {
      if (p.length === 0) return all;
      if (p[0] > 0 || p.length === 1) return { lo: floor(p), hi: [p[0] + 1, 0, 0] };
      if ((p[1] ?? 0) > 0 || p.length === 2) return { lo: floor(p), hi: [0, p[1] + 1, 0] };
      return { lo: floor(p), hi: after(p) };
    }
  }
  return undefined;
}

function intersect(a: Interval, b: Interval): Interval {
  return { lo: cmp(a.lo, b.lo) >= 0 ? a.lo : b.lo, hi: cmp(a.hi, b.hi) <= 0 ? a.hi : b.hi };
}

/** The range as a union of intervals, or undefined when it cannot be read. */
function semverRange(range: string): Interval[] | undefined {
  const out: Interval[] = [];
  for (const set of range.split('||')) {
    let text = set.trim();
    let interval: Interval = { lo: [0, 0, 0], hi: INF };
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
    if (hyphen) {
      const a = partial(hyphen[1]);
      const b = partial(hyphen[2]);
      if (!a || !b) return undefined;
      out.push({ lo: floor(a), hi: after(b) });
      continue;
    }
    text = text.replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1');
    for (const token of text.split(/\s+/).filter(Boolean)) {
      const c = comparator(token);
      if (!c) return undefined;
      interval = intersect(interval, c);
    }
    out.push(interval);
  }
  return out;
}

/** True when some release of the major line `major` satisfies the range; undefined when it cannot be read. */
export function majorSatisfies(range: string, major: number): boolean | undefined {
  const intervals = semverRange(range);
  if (!intervals) return undefined;
  const line: Interval = { lo: [major, 0, 0], hi: [major + 1, 0, 0] };
  return intervals.some((i) => {
    const x = intersect(i, line);
    return cmp(x.lo, x.hi) < 0;
  });
}

/** The preferred current Node.js major that `engines.node` allows, or undefined. */
export function nodeForRange(range: string): number | undefined {
  return NODE_MAJORS.find((m) => majorSatisfies(range, m) === true);
}

const LTS_CODENAMES: Record<string, number> = { iron: 20, jod: 22, krypton: 24 };

/** The major a `.nvmrc` or `.node-version` file names (`v22.11.0`, `24`, `lts/jod`), or undefined (`lts/*`, `node`). */
export function nodeFromVersionFile(text: string): number | undefined {
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l && !l.startsWith('#'));
  if (!line) return undefined;
  const m = /^v?(\d+)(?:\.\d+){0,2}$/.exec(line);
  if (m) return Number(m[1]);
  const lts = /^lts\/([a-z]+)$/i.exec(line);
  if (lts) return LTS_CODENAMES[lts[1].toLowerCase()];
  return undefined;
}
