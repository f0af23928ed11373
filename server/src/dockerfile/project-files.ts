import * as path from 'node:path';
import { stageChain, type CopyInfo, type Install } from './model';

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
  const plain = base.replace(/\*+$/, '');
  if (MANIFEST_NAMES.has(plain)) return plain;
  if (/^requirements[\w.-]*\.(?:txt|in)$/i.test(plain)) return plain;
  if (/^README(?:\.\w+)?$/i.test(plain) || /^LICEN[CS]E(?:\.\w+)?$/i.test(plain)) return plain;
  return undefined;
}

function normalizeSource(src: string): string {
  const n = path.posix.normalize(src.replace(/^\.\//, ''));
  return n === '.' ? '' : n.replace(/\/$/, '');
}

/**
 * The context files present in the install's stage chain before the install runs, including bind mounts of the
 * install's own RUN.
 */
export function contextCopiesBefore(install: Install): ContextCopies {
  const result: ContextCopies = { manifests: new Map(), broad: false, other: false, opaque: false };
  const runInstr = install.run.instr;
  const stage = runInstr.stage;
  if (!stage) return result;
  const chain = stageChain(stage).reverse();
  for (const s of chain) {
    for (const c of s.copies) {
      if (c.instr.onbuild) continue;
      if (s === stage && c.instr.index > runInstr.index) continue;
      if (c.from || c.heredoc) {
        if (c.from) result.opaque = true;
        else result.other = true;
        continue;
      }
      if (c.broad) {
        result.broad = true;
        continue;
      }
      for (const src of c.sources) {
        if (/^[a-z]+:\/\//i.test(src.value)) continue; // ADD of a URL
        const rel = normalizeSource(src.value);
        if (/\$/.test(rel) || rel.startsWith('../')) {
          result.opaque = true;
          continue;
        }
        const base = rel.split('/').pop() ?? '';
        const name = manifestName(base);
        if (name) result.manifests.set(name, { source: rel.replace(/\*+$/, ''), copy: c });
        else if (/[*?[]/.test(base) && /\.(?:toml|lock|json|ya?ml)\*?$|^\*$/.test(base)) result.opaque = true;
        else result.other = true;
      }
    }
  }
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
