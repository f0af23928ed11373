import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { mergeConfigs, type LintConfig, type SeverityThreshold } from '../engine/config';
import { toPosix } from '../engine/files';
import { configKindOf, HADOLINT_CONFIG_NAMES, LAYERWISE_CONFIG_NAMES, parseConfigText, type ConfigFileData, type ConfigProblem } from './parse';
import { trimEndChar } from '../engine/strings';

/**
 * Finds and loads the project configuration of a linted file, for the CLI and the language server alike.
 *
 * - The nearest `.layerwise.yaml`, `.layerwise.yml` or `.layerwise.json` upward from the file's folder (in that
 *   order within one folder). When there is none anywhere above, the nearest `.hadolint.yaml`/`.hadolint.yml`.
 * - `extends` (a path or a list, relative to the file) is followed; the extending file wins; cycles are problems.
 * - A file with any problem (syntax, unknown key, bad severity, unknown rule) is not applied: the file's
 *   configuration falls back to the defaults and the problems are returned, so the caller can say so.
 * - Files are cached by modification time and size (re-read when either changes); folder look-ups are cached until
 *   {@link ConfigLoader.invalidate} is called, which the server does when a watched configuration file changes.
 */

export interface ResolvedConfig {
  /** The configuration from files (empty when there is none, or when it has problems). */
  config: LintConfig;
  /** The nearest configuration file, if any. */
  file?: string;
  /** Every configuration file read for this one: the nearest and what it extends. */
  files: string[];
  problems: ConfigProblem[];
  /** The lowest severity that fails a CLI run, when a file sets one. */
  severityThreshold?: SeverityThreshold;
  /** True when the file matches an `ignore` glob of the configuration. */
  isIgnored(file: string): boolean;
}

/** How the loader reads the disk; tests and the server may substitute it. */
export interface ConfigFs {
  stat(file: string): { mtimeMs: number; size: number } | undefined;
  read(file: string): string | undefined;
}

export const DISK_CONFIG_FS: ConfigFs = {
  stat(file) {
    try {
      const st = fs.statSync(file);
      return st.isFile() ? { mtimeMs: st.mtimeMs, size: st.size } : undefined;
    } catch {
      return undefined;
    }
  },
  read(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
};

interface CachedFile {
  mtimeMs: number;
  size: number;
  text: string;
  data?: ConfigFileData;
  problems: ConfigProblem[];
}

const EMPTY: ResolvedConfig = { config: {}, files: [], problems: [], isIgnored: () => false };

export class ConfigLoader {
  private readonly files = new Map<string, CachedFile>();
  private readonly nearest = new Map<string, string | null>();

  constructor(private readonly fsys: ConfigFs = DISK_CONFIG_FS) {}

  /** Forgets cached look-ups; with a path, also that file's cached text. The server calls it on watched-file changes. */
  invalidate(file?: string): void {
    this.nearest.clear();
    if (file) this.files.delete(toPosix(file));
    else this.files.clear();
  }

  /** The configuration that applies to a file (an absolute path). */
  resolve(file: string): ResolvedConfig {
    const found = this.find(path.posix.dirname(toPosix(path.resolve(file))));
    if (!found) return EMPTY;
    return this.load(found);
  }

  /** The configuration of one configuration file, following `extends`. */
  load(configFile: string): ResolvedConfig {
    const chain: { file: string; data: ConfigFileData }[] = [];
    const problems: ConfigProblem[] = [];
    const visit = (file: string, stack: string[], via?: { path: string; range: ConfigProblem['range'] }) => {
      if (stack.includes(file)) {
        problems.push({ path: via!.path, range: via!.range, message: `\`extends\` makes a cycle: ${[...stack.slice(stack.indexOf(file)), file].map((f) => path.posix.basename(f)).join(' → ')}.` });
        return;
      }
      const got = this.readFile(file);
      if (!got) {
        if (via) problems.push({ path: via.path, range: via.range, message: `\`extends\` names a file that does not exist: ${path.posix.relative(path.posix.dirname(via.path), file) || file}.` });
        return;
      }
      problems.push(...got.problems);
      if (!got.data) return;
      for (const e of got.data.extends) {
        const target = toPosix(path.resolve(path.posix.dirname(file), e.path));
        visit(target, [...stack, file], { path: file, range: e.range });
      }
      chain.push({ file, data: got.data });
    };
    visit(configFile, []);
    const files = [...new Set([configFile, ...chain.map((c) => c.file)])];
    if (problems.length) return { config: {}, file: configFile, files, problems, isIgnored: () => false };
    const config = mergeConfigs(...chain.map((c) => ({ rules: c.data.rules, trustedRegistries: c.data.trustedRegistries })));
    let severityThreshold: SeverityThreshold | undefined;
    for (const c of chain) if (c.data.severityThreshold) severityThreshold = c.data.severityThreshold;
    const matchers = chain
      .filter((c) => c.data.ignore.length)
      .map((c) => ({ base: path.posix.dirname(c.file), match: picomatch(c.data.ignore.map((g) => trimEndChar(g.replace(/^\.\//, ''), '/')), { dot: true }) }));
    const isIgnored = (target: string) => {
      const abs = toPosix(path.resolve(target));
      for (const m of matchers) {
        const rel = path.posix.relative(m.base, abs);
        if (rel === '' || rel.startsWith('../') || path.posix.isAbsolute(rel)) continue;
        // A glob that names a folder ignores everything below it.
        const parts = rel.split('/');
        for (let k = parts.length; k > 0; k--) if (m.match(parts.slice(0, k).join('/'))) return true;
      }
      return false;
    };
    return { config, file: configFile, files, problems: [], severityThreshold, isIgnored };
  }

  /** The nearest configuration file for a folder: `.layerwise.*` anywhere above wins over `.hadolint.*`. */
  private find(dir: string): string | undefined {
    return this.nearestOf(dir, LAYERWISE_CONFIG_NAMES) ?? this.nearestOf(dir, HADOLINT_CONFIG_NAMES);
  }

  private nearestOf(dir: string, names: readonly string[]): string | undefined {
    const key = `${names[0]}\u0000${dir}`;
    const cached = this.nearest.get(key);
    if (cached !== undefined) return cached ?? undefined;
    let found: string | undefined;
    for (const n of names) {
      const candidate = path.posix.join(dir, n);
      if (this.fsys.stat(candidate)) {
        found = candidate;
        break;
      }
    }
    if (!found) {
      const parent = path.posix.dirname(dir);
      if (parent !== dir) found = this.nearestOf(parent, names);
    }
    this.nearest.set(key, found ?? null);
    return found;
  }

  private readFile(file: string): CachedFile | undefined {
    const st = this.fsys.stat(file);
    if (!st) {
      this.files.delete(file);
      return undefined;
    }
    const prev = this.files.get(file);
    if (prev && prev.mtimeMs === st.mtimeMs && prev.size === st.size) return prev;
    const text = this.fsys.read(file);
    if (text === undefined) return undefined;
    if (prev && prev.text === text) {
      const same = { ...prev, mtimeMs: st.mtimeMs, size: st.size };
      this.files.set(file, same);
      return same;
    }
    const { data, problems } = parseConfigText(file, text);
    const entry: CachedFile = { mtimeMs: st.mtimeMs, size: st.size, text, data: problems.length ? undefined : data, problems };
    this.files.set(file, entry);
    return entry;
  }
}

/** True when a path names a configuration file (the server watches these). */
export function isConfigFile(file: string): boolean {
  return configKindOf(file) !== undefined;
}
