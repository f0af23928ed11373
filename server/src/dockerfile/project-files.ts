import * as path from 'node:path';
import type { CopyInfo, Install, Instr, Stage } from './model';
import { trimEndChar } from '../engine/strings';

/**
 * What the build context has put into a stage by the time an install runs: which manifests were copied (or bind
 * mounted), from which paths of the context, and whether anything else (the source, another stage's files) was.
 */
export interface ContextCopies {
  /** Context-relative paths of copied or mounted files, by base name (`pyproject.toml` → `backend/pyproject.toml`). */
  manifests: Map<string, { source: string; copy?: CopyInfo }>;
  /** The whole context was copied (`COPY . .`) or bind mounted. */
  broad: boolean;
  /** Files other than manifests were copied from the context (source directories, scripts). */
  other: boolean;
  /** Files came from another stage or image, or from a path Layerwise cannot read: contents unknown. */
  opaque: boolean;
}

/** Base names that describe dependencies or project metadata, not source. */
const MANIFEST_NAMES = new Set([
  'pyproject.toml', 'uv.lock', 'uv.toml', '.python-version', 'poetry.lock', 'poetry.toml', 'requirements.txt', 'setup.cfg',
  'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc', '.yarnrc', '.yarnrc.yml',
  'go.mod', 'go.sum', 'Cargo.toml', 'Cargo.lock', 'Gemfile', 'Gemfile.lock', 'composer.json', 'composer.lock',
]);

/** A manifest name, also for globs written to tolerate a missing file (`uv.lock*`, `package-lock.json*`). */
function manifestName(base: string): string | undefined {
  const plain = trimEndChar(base, '*');
  if (MANIFEST_NAMES.has(plain)) return plain;
  if (/^requirements[\w.-]*\.(?:txt|in)$/i.test(plain)) return plain;
  if (/^README(?:\.\w+)?$/i.test(plain) || /^LICEN[CS]E(?:\.\w+)?$/i.test(plain)) return plain;
  return undefined;
}

function normalizeSource(src: string): string {
  const n = path.posix.normalize(src.replace(/^\.\//, ''));
  return n === '.' ? '' : n.replace(/\/$/, '');
}

function emptyCopies(): ContextCopies {
  return { manifests: new Map(), broad: false, other: false, opaque: false };
}

function cloneCopies(c: ContextCopies): ContextCopies {
  return { manifests: new Map(c.manifests), broad: c.broad, other: c.other, opaque: c.opaque };
}

function applyCopy(state: ContextCopies, c: CopyInfo): void {
  if (c.from || c.heredoc) {
    if (c.from) state.opaque = true;
    else state.other = true;
    return;
  }
  if (c.broad) {
    state.broad = true;
    return;
  }
  for (const src of c.sources) {
    if (/^[a-z]+:\/\//i.test(src.value)) continue; // ADD of a URL
    const rel = normalizeSource(src.value);
    if (/\$/.test(rel) || rel.startsWith('../')) {
      state.opaque = true;
      continue;
    }
    const base = rel.split('/').pop() ?? '';
    const name = manifestName(base);
    if (name) state.manifests.set(name, { source: trimEndChar(rel, '*'), copy: c });
    else if (/[*?[]/.test(base) && /\.(?:toml|lock|json|ya?ml)\*?$|^\*$/.test(base)) state.opaque = true;
    else state.other = true;
  }
}

interface StageCopies {
  atRun: Map<Instr, ContextCopies>;
  end: ContextCopies;
}

const CACHE = new WeakMap<Stage, StageCopies>();

/** The copies in effect at each RUN of a stage, built in one pass, parents first and without recursion. */
function stageCopies(stage: Stage): StageCopies {
  const todo: Stage[] = [];
  const seen = new Set<Stage>();
  for (let s: Stage | undefined = stage; s && !CACHE.has(s) && !seen.has(s); s = s.parent) {
    seen.add(s);
    todo.push(s);
  }
  for (let k = todo.length - 1; k >= 0; k--) {
    const s = todo[k];
    const parentEnd = s.parent && s.parent !== s ? CACHE.get(s.parent)?.end : undefined;
    CACHE.set(s, buildStageCopies(s, parentEnd));
  }
  return CACHE.get(stage)!;
}

function buildStageCopies(stage: Stage, parentEnd: ContextCopies | undefined): StageCopies {
  const result: StageCopies = { atRun: new Map(), end: emptyCopies() };
  const state = parentEnd ? cloneCopies(parentEnd) : emptyCopies();
  const byInstr = new Map<Instr, CopyInfo>();
  for (const c of stage.copies) byInstr.set(c.instr, c);
  for (const instr of stage.instructions) {
    if (instr.onbuild) continue;
    const copy = byInstr.get(instr);
    if (copy) applyCopy(state, copy);
    else if (instr.keyword === 'RUN') result.atRun.set(instr, cloneCopies(state));
  }
  result.end = state;
  return result;
}

/**
 * The context files present in the install's stage chain before the install runs, including bind mounts of the
 * install's own RUN.
 */
export function contextCopiesBefore(install: Install): ContextCopies {
  const runInstr = install.run.instr;
  const stage = runInstr.stage;
  if (!stage) return emptyCopies();
  const result = cloneCopies(stageCopies(stage).atRun.get(runInstr) ?? emptyCopies());
  for (const m of install.run.mounts) {
    if (m.type !== 'bind') continue;
    if (m.options.has('from')) {
      result.opaque = true;
      continue;
    }
    const src = normalizeSource(m.options.get('source') ?? m.options.get('src') ?? '');
    if (src === '') {
      result.broad = true;
      continue;
    }
    const name = manifestName(src.split('/').pop() ?? '');
    if (name) result.manifests.set(name, { source: src });
    else result.other = true;
  }
  return result;
}

/** The context-relative directory of a copied manifest (`backend/pyproject.toml` → `backend`), '' for the root. */
export function manifestDir(copies: ContextCopies, name: string): string {
  const m = copies.manifests.get(name);
  if (!m) return '';
  const dir = path.posix.dirname(m.source);
  return dir === '.' ? '' : dir;
}

/** The body of a TOML table (`[name]` up to the next table header), or undefined when absent. */
export function tomlTable(text: string, name: string): string | undefined {
  const lines = text.split(/\r?\n/);
  const header = `[${name}]`;
  let start = -1;
  for (let k = 0; k < lines.length; k++) {
    const t = lines[k].trim();
    if (start === -1) {
      if (t === header || t.startsWith(header + ' ') || t.startsWith(header + '#')) start = k + 1;
    } else if (/^\[/.test(t)) {
      return lines.slice(start, k).join('\n');
    }
  }
  return start === -1 ? undefined : lines.slice(start).join('\n');
}

/** `key = value` pairs of a TOML table body (one line each, quotes around keys removed), read line by line. */
export function tomlKeys(body: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (body === undefined) return out;
  for (const line of body.split('\n')) {
    const t = line.trim();
    if (t === '' || t[0] === '#' || t[0] === '[') continue;
    const eq = t.indexOf('=');
    if (eq <= 0) continue;
    let key = t.slice(0, eq).trim();
    if (key.length > 1 && (key[0] === '"' || key[0] === "'") && key[key.length - 1] === key[0]) key = key.slice(1, -1);
    if (!out.has(key)) out.set(key, t.slice(eq + 1).trim());
  }
  return out;
}

/** The table headers of a TOML text (`[tool.poetry.group.dev.dependencies]` → `tool.poetry.group.dev.dependencies`). */
export function tomlHeaders(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t[0] !== '[' || t[1] === '[') continue;
    const close = t.indexOf(']');
    if (close > 1) out.push(t.slice(1, close).trim());
  }
  return out;
}
