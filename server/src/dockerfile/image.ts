/**
 * Image references as the Docker distribution grammar reads them: `[registry[:port]/]path[:tag][@digest]`.
 */

export interface ParsedImage {
  /** Registry host as written (`ghcr.io`, `localhost:5000`), or undefined for Docker Hub. */
  registry?: string;
  /** Repository path as written, without registry: `python`, `library/python`, `astral-sh/uv`. */
  path: string;
  tag?: string;
  digest?: string;
  /**
   * Canonical repository name for lookups: Docker Hub's `docker.io/` and `library/` prefixes dropped, lower case.
   * `python`, `ghcr.io/astral-sh/uv`, `bitnami/redis`.
   */
  name: string;
  /** Offsets of the tag (after `:`) and digest (after `@`) inside the reference string. */
  tagStart?: number;
  digestStart?: number;
  /** Offset where a tag would be inserted: just after the path. */
  pathEnd: number;
}

export function parseImageRef(ref: string): ParsedImage {
  let rest = ref;
  let digest: string | undefined;
  let digestStart: number | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    digestStart = at + 1;
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  let tagStart: number | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    tagStart = colon + 1;
    rest = rest.slice(0, colon);
  }
  const pathEnd = rest.length;
  let registry: string | undefined;
  let path = rest;
  const firstSlash = rest.indexOf('/');
  if (firstSlash !== -1) {
    const head = rest.slice(0, firstSlash);
    if (head.includes('.') || head.includes(':') || head === 'localhost') {
      registry = head;
      path = rest.slice(firstSlash + 1);
    }
  }
  return { registry, path, tag, digest, name: canonicalName(registry, path), tagStart, digestStart, pathEnd };
}

function canonicalName(registry: string | undefined, path: string): string {
  const reg = registry?.toLowerCase();
  let p = path.toLowerCase();
  if (reg === undefined || reg === 'docker.io' || reg === 'index.docker.io' || reg === 'registry-1.docker.io') {
    if (p.startsWith('library/')) p = p.slice('library/'.length);
    return p;
  }
  return `${reg}/${p}`;
}

/** Whether a tag moves over time by design (`latest`) or is missing. */
export function isUnpinnedTag(tag: string | undefined): boolean {
  return tag === undefined || tag === '' || tag.toLowerCase() === 'latest';
}
