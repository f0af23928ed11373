import table from '../data/image-tags.json';
import type { ParsedImage } from './image';
import { stageChain, type ImageRef, type Stage } from './model';

/**
 * What Layerwise knows about base images without a network: current tags (a dated data file), which OS family
 * an image is built on, and which images run as a non-root user by design.
 */

interface TagEntry {
  latest?: string;
  versions: string[];
  variants: string[];
  snapshot: string;
  source: string;
}

const TAGS: Record<string, TagEntry> = (table as { images: Record<string, TagEntry> }).images;
export const TAG_TABLE_SNAPSHOT: string = (table as { snapshot: string }).snapshot;

export interface TagSuggestion {
  tag: string;
  /** True when the tag is what `:latest` pointed to at the snapshot: the same image, now stable. */
  sameAsLatest: boolean;
}

/**
 * Pinned tags to suggest for an image that has no tag or `:latest`, best first. The first is the same variant
 * as `:latest` when the table knows it; slimmer variants follow.
 */
export function suggestTags(image: ParsedImage): TagSuggestion[] {
  const entry = TAGS[image.name];
  if (!entry || entry.versions.length === 0) return [];
  const out: TagSuggestion[] = [];
  const newest = entry.latest ?? entry.versions[0];
  out.push({ tag: newest, sameAsLatest: entry.latest !== undefined });
  for (const v of entry.variants.slice(0, 2)) out.push({ tag: newest + v, sameAsLatest: false });
  return out;
}

export function knownImage(image: ParsedImage): boolean {
  return TAGS[image.name] !== undefined;
}

export type OsFamily = 'alpine' | 'debian' | 'rhel' | 'distroless' | 'scratch' | 'windows' | 'busybox' | 'unknown';

/** Official images built on Debian (or Ubuntu) unless their tag names another base. */
const DEBIAN_BASED = new Set([
  'python', 'node', 'golang', 'ruby', 'php', 'perl', 'rust', 'openjdk', 'eclipse-temurin', 'amazoncorretto',
  'buildpack-deps', 'debian', 'ubuntu', 'nginx', 'httpd', 'postgres', 'redis', 'mongo', 'mysql', 'mariadb',
  'elixir', 'erlang', 'haskell', 'julia', 'r-base', 'gcc', 'maven', 'gradle', 'tomcat', 'jenkins/jenkins',
  'mcr.microsoft.com/devcontainers/base', 'mcr.microsoft.com/vscode/devcontainers/base', 'nvidia/cuda', 'swift', 'clojure',
  'ghost', 'wordpress', 'drupal', 'rabbitmq', 'memcached', 'neo4j', 'odoo', 'pypy', 'sonarqube', 'kong',
]);

const RHEL_BASED = /^(?:fedora|centos|rockylinux|almalinux|amazonlinux|oraclelinux|registry\.access\.redhat\.com\/.*|registry\.redhat\.io\/.*|quay\.io\/centos\/.*|redhat\/.*)$/;

/** The OS family of an image reference, from its name and tag. */
export function imageFamily(ref: ImageRef): OsFamily {
  if (ref.scratch) return 'scratch';
  const image = ref.image;
  if (!image) return 'unknown';
  const name = image.name;
  const tag = (image.tag ?? '').toLowerCase();
  if (name.includes('distroless') || (name.startsWith('cgr.dev/chainguard/') && !tag.includes('dev'))) return 'distroless';
  if (/windows|nanoserver|servercore/.test(name) || /nanoserver|servercore|ltsc20/.test(tag)) return 'windows';
  if (name === 'alpine' || tag.includes('alpine') || name.startsWith('cgr.dev/chainguard/')) return 'alpine';
  if (name === 'busybox') return 'busybox';
  if (RHEL_BASED.test(name) || /ubi[0-9]/.test(name) || /(?:^|[-.])(?:ubi|el)[0-9]/.test(tag)) return 'rhel';
  if (/bookworm|bullseye|buster|trixie|stretch|jessie|jammy|noble|focal|bionic|xenial/.test(tag)) return 'debian';
  if (DEBIAN_BASED.has(name) || DEBIAN_BASED.has(name.split('/').pop()!)) return 'debian';
  return 'unknown';
}

/** The family of a stage's image, falling back on the package manager its chain uses. */
export function stageFamily(stage: Stage): OsFamily {
  const chain = stageChain(stage);
  const fromImage = imageFamily(chain[chain.length - 1].image);
  if (fromImage !== 'unknown') return fromImage;
  for (const s of chain) {
    for (const run of s.runs) {
      for (const { install } of run.systemInstalls) {
        if (install.manager === 'apk') return 'alpine';
        if (install.manager === 'apt') return 'debian';
        if (install.manager === 'dnf' || install.manager === 'yum' || install.manager === 'microdnf' || install.manager === 'tdnf') return 'rhel';
      }
    }
  }
  return 'unknown';
}

/** Images that start as a non-root user by design, so a Dockerfile built on them needs no USER. */
export function nonRootByDesign(image: ParsedImage): boolean {
  const name = image.name;
  const tag = (image.tag ?? '').toLowerCase();
  if (name.includes('distroless') && tag.includes('nonroot')) return true;
  if (name.startsWith('cgr.dev/chainguard/') && !tag.includes('dev')) return true;
  if (name.startsWith('bitnami/') || name.startsWith('docker.io/bitnami/') || name.startsWith('bitnamilegacy/')) return true;
  if (name === 'nginxinc/nginx-unprivileged') return true;
  if (/^(?:quay\.io\/)?jupyter\//.test(name)) return true;
  if (name.startsWith('mcr.microsoft.com/dotnet/') && tag.includes('chiseled')) return true;
  if (/nanoserver/.test(name) || /nanoserver/.test(tag)) return true;
  return false;
}
