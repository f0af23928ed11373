import { programWords } from '../../dockerfile/command-flags';
import { isDevImage } from '../../dockerfile/dev-image';
import { stageChain, type DockerfileModel, type ImageRef, type Stage } from '../../dockerfile/model';
import { commandWords, type Word } from '../../dockerfile/shell';
import { envAtEnd } from '../../dockerfile/stage-vars';
import { defineRule, type RuleContext } from '../../engine/rule';
import { cutAtAny } from '../../engine/strings';
import type { Fix, TextEdit } from '../../engine/types';

/**
 * Flags a final image that runs on a full-size official language image (`python:3.13`, `node:22`, `ruby:3.4`,
 * built on buildpack-deps with compilers, headers and VCS tools) where a `-slim` variant exists, and a final image
 * that runs a compiled program on `golang`. The fix rewrites the tag (or, for golang, the image); the message
 * warns when the stage uses tools the smaller image lacks.
 */
export default defineRule({
  meta: {
    id: 'slim-base-image',
    title: 'Run the final image on a slim variant of the base image',
    language: 'dockerfile',
    category: 'size',
    defaultSeverity: 'warning',
    fixSafety: ['unsafe'],
    aliases: [],
    rationale:
      'The default tags of the official Python, Node.js and Ruby images are built on buildpack-deps: compilers, headers, git and hundreds of packages a running app never uses. They make the image several times larger and add vulnerabilities to scan and patch. The -slim variants carry the same runtime without them.',
  },
  check(ctx) {
    const { model } = ctx;
    const final = model.finalStage;
    if (!final) return;
    const chain = stageChain(final);
    const rootStage = chain[chain.length - 1];
    const root = rootStage.image;
    const image = root.image;
    if (!image || root.resolved === undefined || root.instr.onbuild) return;
    const tag = image.tag;
    // No tag or `latest`: pin-image-tag's finding, whose fixes already offer the slim variants.
    if (tag === undefined || tag === '' || tag.toLowerCase() === 'latest') return;
    if (!chain.some((s) => [...s.cmds, ...s.entrypoints].some((c) => !c.instr.onbuild))) return;
    if (isDevImage(ctx.path, final, envAtEnd(model, final))) return;
    const usage = toolUsage(model, chain);
    if (image.name === 'golang') checkGolang(ctx, chain, root, tag, usage);
    else checkSlim(ctx, chain, root, image.name, tag, usage);
  },
});

// ---------------------------------------------------------------------------------------------------------
// Tags

/** The `-slim` tag for a full-size tag of an official image, or undefined when the tag is not a full one. */
export function slimTag(name: string, tag: string): string | undefined {
  const t = tag.toLowerCase();
  if (/slim|alpine|windows|nanoserver|servercore|onbuild/.test(t)) return undefined;
  const suites = '(?:trixie|bookworm|bullseye|buster|stretch)';
  const m = new RegExp(`^([0-9][0-9a-z.]*|[a-z]+)?(?:-?(${suites}))?$`).exec(t);
  if (!m || (!m[1] && !m[2])) return undefined;
  let version: string | undefined = m[1];
  let suite: string | undefined = m[2];
  if (version && !suite && new RegExp(`^${suites}$`).test(version)) [version, suite] = [undefined, version];
  if (version && !/^[0-9]/.test(version) && name !== 'node') return undefined;
  switch (name) {
    case 'python':
    case 'ruby':
      // python:3.13 → 3.13-slim; python:3.13-bookworm → 3.13-slim-bookworm
      if (!version) return `slim-${suite}`;
      return suite ? `${tag.slice(0, version.length)}-slim-${suite}` : `${tag}-slim`;
    case 'node':
      // node:22 → 22-slim; node:22-bookworm → 22-bookworm-slim; node:lts → lts-slim
      if (!version) return `${suite}-slim`;
      return `${tag}-slim`;
    default:
      return undefined;
  }
}

const SIZE_NOTE: Record<string, string> = {
  python: 'the full Debian image with compilers, headers and version-control tools (about 1 GB)',
  node: 'the full Debian image with compilers, headers and version-control tools (about 1 GB)',
  ruby: 'the full Debian image with compilers, headers and version-control tools (about 1 GB)',
};

// ---------------------------------------------------------------------------------------------------------
// Tools the stage relies on

/** Commands that the full images have and the -slim (and runtime) images do not, with the packages that add them. */
const FULL_ONLY_TOOLS: Record<string, string[]> = {
  curl: ['curl'],
  wget: ['wget'],
  git: ['git', 'git-core'],
  gcc: ['gcc', 'build-essential', 'build-base', 'clang'],
  cc: ['gcc', 'build-essential', 'build-base', 'clang'],
  'g++': ['g++', 'build-essential', 'build-base'],
  'c++': ['g++', 'build-essential', 'build-base'],
  make: ['make', 'build-essential', 'build-base'],
  ssh: ['openssh-client', 'ssh'],
  scp: ['openssh-client', 'ssh'],
  ps: ['procps'],
  pgrep: ['procps'],
  pkill: ['procps'],
  unzip: ['unzip'],
  patch: ['patch'],
  hg: ['mercurial'],
  svn: ['subversion'],
};

const COMPILER_PACKAGES = new Set(['gcc', 'g++', 'build-essential', 'build-base', 'clang', 'cc']);

interface ToolUsage {
  /** Tools used and not installed in the chain, with the first line (one-based) and where. */
  missing: Map<string, { line: number; where: string }>;
  /** A `-dev` headers package installed without a compiler in the chain. */
  headersWithoutCompiler: { pkg: string; line: number } | undefined;
}

function toolUsage(model: DockerfileModel, chain: Stage[]): ToolUsage {
  const installed = new Set<string>();
  let headers: { pkg: string; line: number } | undefined;
  for (const s of chain) {
    for (const run of s.runs) {
      if (run.instr.onbuild) continue;
      for (const { install } of run.systemInstalls) {
        for (const p of install.packages) {
          const name = cutAtAny(p.value, '=:');
          installed.add(name);
          if (!headers && /-dev$/.test(name) && (install.manager === 'apt' || install.manager === 'apk')) headers = { pkg: name, line: run.instr.range.start.line + 1 };
        }
      }
    }
  }
  const missing = new Map<string, { line: number; where: string }>();
  const use = (word: Word | undefined, where: string) => {
    if (!word) return;
    const prog = word.value.replace(/^.*\//, '');
    const pkgs = FULL_ONLY_TOOLS[prog];
    if (!pkgs || pkgs.some((p) => installed.has(p)) || missing.has(prog)) return;
    missing.set(prog, { line: model.index.positionAt(word.start).line + 1, where });
  };
  for (const s of [...chain].reverse()) {
    for (const run of s.runs) {
      if (run.instr.onbuild) continue;
      for (const cmd of run.commands) use(programWords(cmd)[0], 'RUN');
    }
    for (const h of s.healthchecks) {
      if (h.instr.onbuild || h.none) continue;
      for (const w of h.command) if (w.value === 'curl' || w.value === 'wget') use(w, 'HEALTHCHECK');
    }
    for (const c of [...s.cmds, ...s.entrypoints]) {
      if (c.instr.onbuild) continue;
      use(c.words[0], c.instr.keyword);
    }
  }
  const hasCompiler = [...installed].some((p) => COMPILER_PACKAGES.has(p));
  return { missing, headersWithoutCompiler: headers && !hasCompiler ? headers : undefined };
}

function toolWarning(usage: ToolUsage, target: string): { text: string; check: string[] } {
  const parts: string[] = [];
  const check: string[] = [];
  if (usage.missing.size) {
    const list = [...usage.missing].map(([tool, u]) => `${tool} (line ${u.line}${u.where === 'RUN' ? '' : `, ${u.where}`})`);
    parts.push(` The stage uses ${joinList(list)}, which \`${target}\` does not have: install ${usage.missing.size > 1 ? 'them' : 'it'} in the stage or use another tool.`);
    check.push(...usage.missing.keys());
  }
  if (usage.headersWithoutCompiler) {
    const h = usage.headersWithoutCompiler;
    parts.push(` It installs ${h.pkg} (line ${h.line}) to build native extensions, and \`${target}\` has no compiler: add build-essential to that install, or build in a separate stage.`);
    check.push('a compiler');
  }
  return { text: parts.join(''), check };
}

function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------------------
// Edits

/** Other stages that build on the root stage without being part of the final image. */
function sharedWith(model: DockerfileModel, chain: Stage[]): Stage[] {
  const root = chain[chain.length - 1];
  const inChain = new Set(chain);
  return model.stages.filter((s) => !inChain.has(s) && stageChain(s).includes(root));
}

/** True when the tag part of an image reference (after the last `:` past the last `/`) holds a variable. */
function tagHasVariable(text: string): boolean {
  const colon = text.lastIndexOf(':');
  return colon > text.lastIndexOf('/') && text.indexOf('$', colon) !== -1;
}

/**
 * The edit that gives the reference a new tag: in place when written literally; by appending to the FROM text
 * when the tag comes last from a variable and the new tag extends it; in the ARG default when the ARG is used
 * nowhere else.
 */
function retagEdit(model: DockerfileModel, ref: ImageRef, oldTag: string, newTag: string): TextEdit | undefined {
  const { index } = model;
  const start = index.offsetAt(ref.range.start);
  if (ref.via.length === 0) {
    const colon = ref.text.lastIndexOf(':');
    if (colon === -1 || ref.text.slice(colon + 1) !== oldTag) return undefined;
    return { range: index.rangeOf(start + colon + 1, start + ref.text.length), newText: newTag };
  }
  if (newTag.startsWith(oldTag) && /\$(?:\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/.test(ref.text) && tagHasVariable(ref.text)) {
    const at = index.positionAt(start + ref.text.length);
    return { range: { start: at, end: at }, newText: newTag.slice(oldTag.length) };
  }
  if (ref.via.length !== 1) return undefined;
  const arg = ref.via[0].arg;
  if (!arg?.valueRange || arg.value === undefined) return undefined;
  const uses = model.text.match(new RegExp(`\\$\\{?${arg.name}\\b`, 'g'))?.length ?? 0;
  if (uses !== 1) return undefined;
  let newValue: string | undefined;
  if (arg.value === oldTag) newValue = newTag;
  else if (arg.value.endsWith(':' + oldTag)) newValue = arg.value.slice(0, arg.value.length - oldTag.length) + newTag;
  if (newValue === undefined) return undefined;
  const raw = index.slice(arg.valueRange);
  const q = raw[0] === '"' || raw[0] === "'" ? raw[0] : '';
  return { range: arg.valueRange, newText: `${q}${newValue}${q}` };
}

// ---------------------------------------------------------------------------------------------------------
// The checks

function checkSlim(ctx: RuleContext<DockerfileModel>, chain: Stage[], root: ImageRef, name: string, tag: string, usage: ToolUsage): void {
  const { model } = ctx;
  const slim = slimTag(name, tag);
  if (!slim) return;
  const shown = root.resolved!;
  const repo = shown.slice(0, shown.length - tag.length - 1);
  const target = `${repo}:${slim}`;
  const warn = toolWarning(usage, target);
  let message = `The final image runs on \`${shown}\`, ${SIZE_NOTE[name]}; \`${target}\` has the same ${name === 'node' ? 'Node.js' : name === 'python' ? 'Python' : 'Ruby'} without them.${warn.text}`;
  const fixes: Fix[] = [];
  const shared = sharedWith(model, chain);
  let blocker: string | undefined;
  if (root.image?.digest) blocker = 'the image is pinned by digest; pick the digest of the slim tag.';
  else if (shared.length) blocker = `stage ${shared.map((s) => `\`${s.name ?? s.index}\``).join(', ')} also builds on \`${shown}\` and may need its tools; start the final stage from \`${target}\` instead.`;
  if (!blocker) {
    const check = warn.check.length ? ` (check: ${joinList(warn.check)} missing there)` : '';
    const edit = retagEdit(model, root, tag, slim);
    if (edit) fixes.push({ title: `Use ${target}${check}`, safety: 'unsafe', edits: [edit] });
    if (name === 'node') {
      const alpine = alpineTag(tag);
      const alpineEdit = alpine ? retagEdit(model, root, tag, alpine) : undefined;
      if (alpine && alpineEdit) fixes.push({ title: `Use ${repo}:${alpine} (Alpine: musl libc, no bash${check ? `, ${check.slice(2, -1)}` : ''})`, safety: 'unsafe', edits: [alpineEdit] });
    }
    if (!fixes.length) blocker = 'the tag comes from a build argument that is used elsewhere too.';
  }
  if (blocker) message += ` No edit is offered: ${blocker}`;
  ctx.report({ range: root.range, message, fixes });
}

/** node:22 → 22-alpine; node:22-bookworm has no Alpine equivalent with the same suite, so none. */
function alpineTag(tag: string): string | undefined {
  return /^(?:[0-9][0-9.]*|lts|current)$/.test(tag) ? `${tag}-alpine` : undefined;
}

function checkGolang(ctx: RuleContext<DockerfileModel>, chain: Stage[], root: ImageRef, tag: string, usage: ToolUsage): void {
  const { model } = ctx;
  // A stage that runs the go tool is a build (multi-stage-build) or a development image: not this rule's case.
  for (const s of chain) {
    for (const run of s.runs) if (!run.instr.onbuild && run.commands.some((c) => commandWords(c)[0]?.value.replace(/^.*\//, '') === 'go')) return;
    for (const c of [...s.cmds, ...s.entrypoints]) if (c.words[0]?.value.replace(/^.*\//, '') === 'go') return;
  }
  const alpine = /alpine/.test(tag);
  const suite = /(trixie|bookworm|bullseye|buster)/.exec(tag)?.[1] ?? 'trixie';
  const runtime = alpine ? 'alpine:3.24' : `debian:${suite}-slim`;
  usage.missing.delete('gcc');
  const warn = toolWarning(usage, runtime);
  const certs = alpine ? '' : ` ${runtime} has no CA certificates: install ca-certificates if the program makes TLS connections.`;
  let message = `The final image runs a compiled program on \`${root.resolved}\`, the whole Go toolchain (about 800 MB). Run it on a small runtime image such as \`${runtime}\` (or distroless/scratch for a static binary).${certs}${warn.text}`;
  const shared = sharedWith(model, chain);
  const fixes: Fix[] = [];
  if (shared.length) message += ` No edit is offered: stage ${shared.map((s) => `\`${s.name ?? s.index}\``).join(', ')} also builds on it; start the final stage from \`${runtime}\` instead.`;
  else if (root.image?.digest) message += ' No edit is offered: the image is pinned by digest.';
  else {
    const check = [...warn.check, ...(alpine ? [] : ['CA certificates'])];
    fixes.push({ title: `Use ${runtime}${check.length ? ` (check: ${joinList(check)})` : ''}`, safety: 'unsafe', edits: [{ range: root.range, newText: runtime }] });
  }
  ctx.report({ range: root.range, message, fixes });
}
