import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { toPosix } from '../engine/files';
import { languageOfPath } from '../engine/languages';
import type { Language } from '../engine/types';

/** Directories never worth descending into, whatever .gitignore says. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', 'dist', 'out', '.next', 'target', 'vendor']);

export interface Target {
  path: string;
  language: Language;
}

export interface Discovered {
  targets: Target[];
  /** Arguments that name nothing: a missing path, or a glob that matches no Dockerfile or Compose file. */
  missing: string[];
}

/**
 * The Dockerfiles and Compose files named by the arguments:
 * - a file is linted as given (its kind from its name; a name that says nothing is read as a Dockerfile);
 * - a folder is searched recursively for `Dockerfile`, `Dockerfile.*`, `*.dockerfile`, `Containerfile*` and
 *   Compose files, skipping what .gitignore files ignore (from the repository root down) and dependency folders;
 * - a glob such as `docker/*.dockerfile` (quote it so the shell leaves it alone) matches files below its static
 *   prefix, with the same skipping, and keeps only Dockerfiles and Compose files.
 */
export function discover(args: string[], cwd: string): Discovered {
  const targets: Target[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (p: string, language: Language) => {
    const abs = toPosix(path.resolve(cwd, p));
    if (seen.has(abs)) return;
    seen.add(abs);
    targets.push({ path: abs, language });
  };
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(abs);
    } catch {
      st = undefined;
    }
    if (st?.isFile()) {
      add(abs, languageOfPath(abs) ?? 'dockerfile');
      continue;
    }
    if (st?.isDirectory()) {
      walk(toPosix(abs), gitignoresAbove(toPosix(abs)), (file) => {
        const language = languageOfPath(file);
        if (language) add(file, language);
      });
      continue;
    }
    if (picomatch.scan(toPosix(arg)).isGlob) {
      const scan = picomatch.scan(toPosix(arg));
      const base = toPosix(path.resolve(cwd, scan.base || '.'));
      const match = picomatch(toPosix(path.resolve(cwd, scan.base || '.')) + '/' + scan.glob);
      let found = 0;
      if (fs.existsSync(base)) {
        walk(base, gitignoresAbove(base), (file) => {
          const language = languageOfPath(file);
          if (language && match(file)) {
            add(file, language);
            found++;
          }
        });
      }
      if (found === 0) missing.push(arg);
      continue;
    }
    missing.push(arg);
  }
  targets.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { targets, missing };
}

interface IgnoreLevel {
  base: string;
  ig: Ignore;
}

function readGitignore(dir: string): IgnoreLevel | undefined {
  try {
    const text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
    return { base: dir, ig: ignore().add(text) };
  } catch {
    return undefined;
  }
}

/** The .gitignore files that apply to a folder from above it: from the repository root (the folder with .git) down. */
function gitignoresAbove(dir: string): IgnoreLevel[] {
  const chain: string[] = [];
  let d = dir;
  for (;;) {
    const parent = path.posix.dirname(d);
    if (fs.existsSync(path.posix.join(d, '.git'))) break;
    if (parent === d) return []; // not in a repository: only the .gitignore files from `dir` down count
    chain.push(parent);
    d = parent;
  }
  return chain
    .reverse()
    .map(readGitignore)
    .filter((l): l is IgnoreLevel => l !== undefined);
}

/** As git decides: the deepest .gitignore that says anything about a path has the last word. */
function ignored(levels: IgnoreLevel[], file: string, isDir: boolean): boolean {
  let state = false;
  for (const l of levels) {
    const rel = path.posix.relative(l.base, file);
    if (!rel || rel.startsWith('..')) continue;
    const r = l.ig.test(isDir ? `${rel}/` : rel);
    if (r.ignored) state = true;
    else if (r.unignored) state = false;
  }
  return state;
}

function walk(dir: string, above: IgnoreLevel[], visit: (file: string) => void, depth = 0): void {
  if (depth > 32) return;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  const own = readGitignore(dir);
  const levels = own ? [...above, own] : above;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !ignored(levels, p, true)) walk(p, levels, visit, depth + 1);
    } else if (e.isFile() && !ignored(levels, p, false)) {
      visit(p);
    }
  }
}
