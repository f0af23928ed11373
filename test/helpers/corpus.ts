import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The shared corpus of public Dockerfiles and Compose files (../shared/corpus next to the repository, or
 * $LAYERWISE_CORPUS). It is not part of the project: on a user's clone it is absent, and the tests and benchmarks
 * that need it say so and skip.
 */
export function corpusDir(): string | undefined {
  const candidates = [process.env.LAYERWISE_CORPUS, path.join(__dirname, '..', '..', '..', 'shared', 'corpus')];
  for (const c of candidates) if (c && fs.existsSync(path.join(c, 'dockerfile'))) return c;
  return undefined;
}

export const CORPUS_ABSENT =
  'corpus absent: set LAYERWISE_CORPUS or place the shared corpus at ../shared/corpus to run these tests';

export function corpusFiles(kind: 'dockerfile' | 'compose'): string[] {
  const dir = corpusDir();
  if (!dir) return [];
  const sub = path.join(dir, kind);
  if (!fs.existsSync(sub)) return [];
  return fs.readdirSync(sub).sort().map((f) => path.join(sub, f));
}
