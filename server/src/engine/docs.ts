import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Rule documentation lives in docs/rules/<id>.md, shipped next to the bundles (and read from the source tree
 * in tests). Nothing here touches the network: links point at the local file.
 */

let cached: string | null | undefined;

/** The folder that holds the rule pages, searched upward from this module. */
export function rulesDocDir(): string | undefined {
  if (cached !== undefined) return cached ?? undefined;
  let dir = __dirname;
  for (let k = 0; k < 6; k++) {
    const candidate = path.join(dir, 'docs', 'rules');
    if (fs.existsSync(candidate)) {
      cached = candidate;
      return candidate;
    }
    dir = path.dirname(dir);
  }
  cached = null;
  return undefined;
}

export function ruleDocPath(id: string): string | undefined {
  const dir = rulesDocDir();
  if (!dir || !/^[a-z0-9-]+$/.test(id)) return undefined;
  const file = path.join(dir, `${id}.md`);
  return fs.existsSync(file) ? file : undefined;
}

export function readRuleDoc(id: string): string | undefined {
  const file = ruleDocPath(id);
  return file ? fs.readFileSync(file, 'utf8') : undefined;
}

const uris = new Map<string, string | undefined>();

/** A file:// URI for a rule's page, for diagnostics' code links (looked up once per rule). */
export function ruleDocUri(id: string): string | undefined {
  if (!uris.has(id)) {
    const file = ruleDocPath(id);
    uris.set(id, file ? pathToFileURL(file).href : undefined);
  }
  return uris.get(id);
}
