import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Read-only access to the files around the linted one (the build context, next.config, a Compose file's
 * Dockerfile). Rules never touch the disk directly: the server serves open editor buffers first, the CLI reads
 * the disk, and tests pass an in-memory map. Paths are absolute with `/` separators.
 */
export interface ProjectFiles {
  /** The text of a file, or undefined when it does not exist, is a directory or is too large to read. */
  read(file: string): string | undefined;
  exists(file: string): boolean;
  /** Names of the entries of a directory, or undefined when it is not one. */
  list(dir: string): string[] | undefined;
}

/** Largest side file a rule may read (next.config, requirements.txt, package.json). */
export const MAX_SIDE_FILE_BYTES = 1024 * 1024;

export class DiskFiles implements ProjectFiles {
  read(file: string): string | undefined {
    try {
      // Missing files are the common case: ask without an exception.
      const st = fs.statSync(file, { throwIfNoEntry: false });
      if (!st || !st.isFile() || st.size > MAX_SIDE_FILE_BYTES) return undefined;
      return stripBom(fs.readFileSync(file, 'utf8'));
    } catch {
      return undefined;
    }
  }
  exists(file: string): boolean {
    return fs.existsSync(file);
  }
  list(dir: string): string[] | undefined {
    try {
      const st = fs.statSync(dir, { throwIfNoEntry: false });
      return st?.isDirectory() ? fs.readdirSync(dir) : undefined;
    } catch {
      return undefined;
    }
  }
}

/**
 * Remembers what another tree answered for a short time, so that linting on every keystroke does not read the
 * same package.json or next.config again and again. The server forgets a path as soon as a watched file changes;
 * for files no watcher covers, answers expire after `ttlMs`.
 */
export class CachedFiles implements ProjectFiles {
  private readonly reads = new Map<string, { at: number; value: string | undefined }>();
  private readonly exist = new Map<string, { at: number; value: boolean }>();
  private readonly lists = new Map<string, { at: number; value: string[] | undefined }>();

  constructor(
    private readonly base: ProjectFiles,
    private readonly ttlMs = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  private cached<T>(map: Map<string, { at: number; value: T }>, key: string, load: () => T): T {
    const t = this.now();
    const hit = map.get(key);
    if (hit && t - hit.at < this.ttlMs) return hit.value;
    const value = load();
    if (map.size > 5000) map.clear();
    map.set(key, { at: t, value });
    return value;
  }

  read(file: string): string | undefined {
    return this.cached(this.reads, toPosix(file), () => this.base.read(file));
  }
  exists(file: string): boolean {
    return this.cached(this.exist, toPosix(file), () => this.base.exists(file));
  }
  list(dir: string): string[] | undefined {
    return this.cached(this.lists, toPosix(dir), () => this.base.list(dir));
  }

  /** Forgets a path (and the listing of its folder), or everything. */
  invalidate(file?: string): void {
    if (file === undefined) {
      this.reads.clear();
      this.exist.clear();
      this.lists.clear();
      return;
    }
    const p = toPosix(file);
    this.reads.delete(p);
    this.exist.delete(p);
    this.lists.delete(p);
    this.lists.delete(p.slice(0, p.lastIndexOf('/')) || '/');
  }
}

/** An in-memory tree for tests and for unsaved buffers. Keys are absolute paths. */
export class MemoryFiles implements ProjectFiles {
  private readonly files: Map<string, string>;
  constructor(files: Record<string, string> = {}) {
    this.files = new Map(Object.entries(files).map(([k, v]) => [toPosix(k), v]));
  }
  set(file: string, text: string): void {
    this.files.set(toPosix(file), text);
  }
  read(file: string): string | undefined {
    return this.files.get(toPosix(file));
  }
  exists(file: string): boolean {
    const p = toPosix(file);
    if (this.files.has(p)) return true;
    const prefix = p.endsWith('/') ? p : p + '/';
    for (const k of this.files.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }
  list(dir: string): string[] | undefined {
    const prefix = toPosix(dir).replace(/\/?$/, '/');
    const names = new Set<string>();
    for (const k of this.files.keys()) {
      if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split('/')[0]);
    }
    return names.size ? [...names] : undefined;
  }
}

/** Files that nothing can be read from: linting text with no known location. */
export const NO_FILES: ProjectFiles = { read: () => undefined, exists: () => false, list: () => undefined };

/** Overlays open buffers on another tree. */
export class OverlayFiles implements ProjectFiles {
  constructor(
    private readonly overlay: (file: string) => string | undefined,
    private readonly base: ProjectFiles,
  ) {}
  read(file: string): string | undefined {
    return this.overlay(file) ?? this.base.read(file);
  }
  exists(file: string): boolean {
    return this.overlay(file) !== undefined || this.base.exists(file);
  }
  list(dir: string): string[] | undefined {
    return this.base.list(dir);
  }
}

/** Wraps a tree and remembers every path asked for, so a file can be re-linted when one of them changes. */
export class RecordingFiles implements ProjectFiles {
  readonly touched = new Set<string>();
  constructor(private readonly base: ProjectFiles) {}
  read(file: string): string | undefined {
    this.touched.add(toPosix(file));
    return this.base.read(file);
  }
  exists(file: string): boolean {
    this.touched.add(toPosix(file));
    return this.base.exists(file);
  }
  list(dir: string): string[] | undefined {
    this.touched.add(toPosix(dir));
    return this.base.list(dir);
  }
}

export function toPosix(p: string): string {
  return p.replace(/\\/g, '/');
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function dirnamePosix(p: string): string {
  return path.posix.dirname(toPosix(p));
}

export function joinPosix(...parts: string[]): string {
  return path.posix.join(...parts.map(toPosix));
}
