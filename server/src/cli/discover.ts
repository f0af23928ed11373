import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageOfPath } from '../engine/languages';
import type { Language } from '../engine/types';

/** Directories never worth descending into. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', 'dist', 'out', '.next', 'target', 'vendor']);

export interface Target {
  path: string;
  language: Language;
}

/**
 * The Dockerfiles and Compose files named by the arguments: files as given (their kind from their name, or
 * Dockerfile when the name says nothing), directories searched recursively.
 */
export function discover(args: string[], cwd: string): { targets: Target[]; missing: string[] } {
  const targets: Target[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (p: string, language: Language) => {
    const abs = path.resolve(cwd, p);
    if (seen.has(abs)) return;
    seen.add(abs);
    targets.push({ path: abs, language });
  };
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      missing.push(arg);
      continue;
    }
    if (st.isFile()) add(abs, languageOfPath(abs) ?? 'dockerfile');
    else if (st.isDirectory()) walk(abs, add);
  }
  targets.sort((a, b) => a.path.localeCompare(b.path));
  return { targets, missing };
}

function walk(dir: string, add: (p: string, l: Language) => void, depth = 0): void {
  if (depth > 32) return;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(p, add, depth + 1);
    } else if (e.isFile()) {
      const language = languageOfPath(e.name);
      if (language) add(p, language);
    }
  }
}
