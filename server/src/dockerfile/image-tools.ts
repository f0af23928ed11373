import { imageFamily, stageFamily, type OsFamily } from './base-images';
import { classifySystemInstall } from './installs';
import { execForm, stageChain, type CopyInfo, type DockerfileModel, type HealthcheckInfo, type ImageRef, type Instr, type RunInfo, type Stage } from './model';
import { commandWords, joinLines, plainText, splitCommands, type ShellCommand, type Word } from './shell';
import { cutAtAny, lastSegment } from '../engine/strings';

/**
 * Offline knowledge of what a stage's image has on board for a health check: a shell, curl, wget, a Python or
 * Node.js runtime, and which package manager can add a missing tool. It reads the external image at the root of
 * the stage chain (from a small table of official images whose contents are known) and then every instruction of
 * the chain, oldest first: packages installed or removed with apt/apk/dnf, tools used by a RUN (a RUN that calls
 * curl proves curl is there at that point), binaries copied in, and scripts whose effect cannot be known.
 *
 * The answer for each tool is a {@link Presence}: `no` only when Layerwise is sure, `unknown` whenever something
 * in the chain could have changed it. Rules act on `no` (a missing tool) and on `yes` (a probe that works).
 */

export type Presence = 'yes' | 'no' | 'unknown';

export interface ToolFact {
  presence: Presence;
  /** Why, worded to fit in a message: "`python:3.13-slim` ships neither curl nor wget", "installed on line 4". */
  reason: string;
  /** The instruction that installed, used, copied or removed the tool, when one did. */
  instr?: Instr;
}

export interface PythonFact extends ToolFact {
  /** The command that runs Python 3 when present: `python` in the official images, `python3` from packages. */
  binary?: 'python' | 'python3';
}

export interface NodeFact extends ToolFact {
  /** The major version when the tag tells it (`node:22-alpine` → 22); undefined for floating tags. */
  major?: number;
  /** True when the runtime has a global `fetch` (Node.js 18 and later). */
  fetch: boolean;
}

/** The shape of an image, as far as tools go. */
export type ImageVariant = 'full' | 'slim' | 'alpine' | 'distroless' | 'scratch' | 'other';

export interface ImageTools {
  /** The external image at the root of the stage chain. */
  base: ImageRef;
  /** The base image as the messages name it: the resolved reference, or the text as written. */
  baseLabel: string;
  family: OsFamily;
  variant: ImageVariant;
  shell: ToolFact;
  curl: ToolFact;
  wget: ToolFact;
  python: PythonFact;
  node: NodeFact;
  /** The package manager a fix can use to add a tool (`apt` on Debian/Ubuntu, `apk` on Alpine), when known. */
  packageManager: 'apt' | 'apk' | undefined;
  /** The language runtime the base image is built around (`python:*` → python, `node:*` → node). */
  baseRuntime: 'python' | 'node' | undefined;
}

export type HttpTool = 'curl' | 'wget';

// ---------------------------------------------------------------------------------------------------------
// The base image

/** Official images built on buildpack-deps: the full tags ship curl and wget, `-slim` neither, `-alpine` busybox wget. */
const BUILDPACK_LANGUAGES = new Set(['python', 'node', 'ruby', 'golang', 'rust', 'gcc', 'perl', 'buildpack-deps']);

/** Node.js release code names used as tags. */
const NODE_CODENAMES: Record<string, number> = {
  argon: 4, boron: 6, carbon: 8, dubnium: 10, erbium: 12, fermium: 14, gallium: 16, hydrogen: 18, iron: 20, jod: 22, krypton: 24,
};

/** Tags of the node image that float with the current release (every current release has fetch). */
const NODE_FLOATING = /^(?:lts|current|latest|alpine[0-9.]*|slim|bookworm|bullseye|trixie|buster)(?:-|$)/;

interface BaseFacts {
  variant: ImageVariant;
  shell: Presence;
  curl: Presence;
  wget: Presence;
  python: Presence;
  pythonBinary?: 'python' | 'python3';
  node: Presence;
  nodeMajor?: number;
  nodeFetch: boolean;
  /** How the messages describe the base's lack of curl/wget. */
  note: string;
}

/** True for Docker Hub's official images (`python`, `library/python`, `docker.io/library/python`). */
export function isOfficialImage(ref: ImageRef): boolean {
  const image = ref.image;
  if (!image) return false;
  return !image.name.includes('/');
}

function isSlimTag(tag: string): boolean {
  return /(?:^|-)slim(?:-|$)/.test(tag);
}

function nodeMajorOf(tag: string | undefined): { major?: number; fetch: boolean } {
  if (tag === undefined || tag === '') return { fetch: true };
  const t = tag.toLowerCase();
  const m = /^([0-9]+)/.exec(t);
  if (m) {
    const major = Number(m[1]);
    return { major, fetch: major >= 18 };
  }
  const word = t.split('-')[0];
  if (NODE_CODENAMES[word] !== undefined) return { major: NODE_CODENAMES[word], fetch: NODE_CODENAMES[word] >= 18 };
  // A floating tag follows a current release; any other tag is not on record.
  return { fetch: NODE_FLOATING.test(t) };
}

function baseFacts(ref: ImageRef, label: string): BaseFacts {
  const unknown: BaseFacts = { variant: 'other', shell: 'unknown', curl: 'unknown', wget: 'unknown', python: 'unknown', node: 'unknown', nodeFetch: false, note: '' };
  if (ref.scratch) {
    return { variant: 'scratch', shell: 'no', curl: 'no', wget: 'no', python: 'no', node: 'no', nodeFetch: false, note: '`scratch` is an empty image: no shell, no curl, no wget' };
  }
  const image = ref.image;
  if (!image) return unknown;
  const family = imageFamily(ref);
  const name = image.name;
  const tag = (image.tag ?? '').toLowerCase();
  if (family === 'distroless') {
    const python = /python/.test(name) ? 'yes' : 'no';
    const node = /node/.test(name) ? 'yes' : 'no';
    return {
      variant: 'distroless', shell: 'no', curl: 'no', wget: 'no', python, pythonBinary: python === 'yes' ? 'python3' : undefined,
      node, nodeFetch: false, note: `distroless \`${label}\` has no shell, no curl and no wget`,
    };
  }
  if (family === 'windows') return unknown;
  const shell: Presence = family === 'alpine' || family === 'debian' || family === 'rhel' || family === 'busybox' ? 'yes' : 'unknown';
  const official = isOfficialImage(ref);
  const alpine = family === 'alpine';
  const slim = isSlimTag(tag);
  const facts: BaseFacts = { ...unknown, shell, variant: alpine ? 'alpine' : slim ? 'slim' : family === 'debian' ? 'full' : 'other' };
  // Any Alpine or BusyBox image has busybox wget.
  if (alpine || family === 'busybox') facts.wget = 'yes';
  if (!official) return facts;

  if (name === 'python') {
    const major = /^([0-9]+)/.exec(tag)?.[1];
    facts.python = major === '2' ? 'no' : 'yes';
    facts.pythonBinary = facts.python === 'yes' ? 'python' : undefined;
  } else if (name === 'node') {
    const n = nodeMajorOf(image.tag);
    facts.node = 'yes';
    facts.nodeMajor = n.major;
    facts.nodeFetch = n.fetch;
  }
  if (BUILDPACK_LANGUAGES.has(name)) {
    if (alpine) {
      facts.curl = 'no';
      facts.note = `Alpine-based \`${label}\` has busybox wget but no curl`;
    } else if (slim) {
      facts.curl = 'no';
      facts.wget = 'no';
      facts.note = `\`${label}\` is a slim Debian image: it ships neither curl nor wget`;
    } else if (family === 'debian') {
      facts.curl = 'yes';
      facts.wget = 'yes';
    }
  } else if (name === 'debian' || name === 'ubuntu') {
    facts.curl = 'no';
    facts.wget = 'no';
    facts.python = 'no';
    facts.node = 'no';
    facts.note = `\`${label}\` is a minimal ${name === 'debian' ? 'Debian' : 'Ubuntu'} image: it ships neither curl nor wget`;
  } else if (name === 'alpine' || name === 'busybox') {
    facts.curl = 'no';
    facts.python = 'no';
    facts.node = 'no';
    facts.note = `\`${label}\` has busybox wget but no curl`;
  } else if (name === 'php') {
    facts.curl = 'yes';
  } else if (name === 'nginx') {
    if (alpine && slim) {
      facts.curl = 'no';
      facts.note = `\`${label}\` has busybox wget but no curl`;
    } else {
      // Current nginx images keep curl; for old releases it is not on record.
      const v = /^1\.([0-9]+)/.exec(tag);
      facts.curl = v === null || Number(v[1]) >= 25 ? 'yes' : 'unknown';
    }
  } else if (alpine) {
    // Other official Alpine-based images keep busybox; whether they add curl is not on record.
  }
  return facts;
}

// ---------------------------------------------------------------------------------------------------------
// What the stage chain changes

const CURL_PACKAGES = /^(?:curl|curl-minimal)$/;
const WGET_PACKAGES = /^wget$/;
const PYTHON_PACKAGES = /^python3(?:\.[0-9]+)?(?:-minimal|-full|-pip|-venv|-dev)?$/;
const NODE_PACKAGES = /^(?:nodejs|nodejs-current|nodejs-lts)$/;

/** Installers whose packages Layerwise reads like apt's (bitnami's `install_packages`, gitpod's `install-packages`). */
const APT_WRAPPERS = new Set(['install_packages', 'install-packages']);

/** Package managers and installers whose effect on curl/wget cannot be read. */
const OPAQUE_INSTALLERS = new Set(['conda', 'mamba', 'micromamba', 'brew', 'nix-env', 'nix', 'spack', 'pacman', 'emerge', 'xbps-install', 'snap', 'port', 'pkg', 'zypper', 'rpm', 'dpkg', 'opkg']);

/** Directories where a copied tree may bring binaries along. */
const BIN_DIRS = /^(?:\/|\/usr|\/usr\/local|\/opt)?(?:\/s?bin)?\/?$|\/s?bin\/?$/;


function packageName(w: Word): string {
  // apt `curl=7.88.1-10`, apk `curl>8`, `curl~8`, dnf `curl-7.76.1`
  return cutAtAny(w.value, '=<>~');
}

interface Tracked {
  fact: ToolFact;
  /** Installed by the chain itself (not the base image), so autoremove after `apt-mark auto` may drop it. */
  ownInstall: boolean;
  /** The apk virtual group it was installed in. */
  group?: string;
}

type ToolName = 'curl' | 'wget' | 'python' | 'node';

function lineOf(instr: Instr): number {
  return instr.range.start.line + 1;
}

function matchesTool(tool: ToolName, pkg: string): boolean {
  switch (tool) {
    case 'curl':
      return CURL_PACKAGES.test(pkg);
    case 'wget':
      return WGET_PACKAGES.test(pkg);
    case 'python':
      return PYTHON_PACKAGES.test(pkg);
    case 'node':
      return NODE_PACKAGES.test(pkg);
  }
}

/** Shell keywords that can open a simple command: `then apt-get install …`, `do curl …`, `! grep …`. */
const SHELL_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!']);

/** A command without the shell keywords in front of it, so `if …; then apt-get install -y curl; fi` is an install. */
function withoutKeywords(cmd: ShellCommand): ShellCommand {
  let k = 0;
  while (k < cmd.words.length - 1 && SHELL_KEYWORDS.has(cmd.words[k].value) && !cmd.words[k].quoted) k++;
  return k === 0 ? cmd : { ...cmd, words: cmd.words.slice(k) };
}

function programOf(cmd: ShellCommand): { prog: string; words: Word[] } {
  const words = commandWords(cmd);
  return { prog: words.length ? lastSegment(words[0].value) : '', words };
}

/** A RUN command whose effect on the file system cannot be read: a script, a piped installer, an opaque installer. */
function isOpaque(prog: string, words: Word[]): boolean {
  if (prog === '') return false;
  if (OPAQUE_INSTALLERS.has(prog)) return true;
  if (/\.(?:sh|bash|py|pl|rb)$/.test(prog) || words[0].value.startsWith('./') || (words[0].value.startsWith('/') && !/^\/(?:usr\/)?(?:s?bin)\//.test(words[0].value))) return true;
  if (/^(?:sh|bash|ash|dash|zsh|source|\.)$/.test(prog)) {
    // `sh script.sh`, `bash -c '...'` (read as opaque: the script is a string), `sh` reading a pipe
    return true;
  }
  if (prog === 'make' || prog === 'ansible-playbook' || prog === 'ansible') return true;
  return false;
}

function toolsUsedIn(words: Word[], prog: string): Set<ToolName> {
  const used = new Set<ToolName>();
  const check = (name: string) => {
    if (name === 'curl') used.add('curl');
    else if (name === 'wget') used.add('wget');
    else if (/^python3(?:\.[0-9]+)?$/.test(name)) used.add('python');
    else if (name === 'node') used.add('node');
  };
  check(prog);
  // Command substitutions inside words: $(curl -fsSL …), `wget -qO- …`
  for (const w of words) {
    const re = /(?:\$\(|`)\s*([A-Za-z0-9_./-]+)/g;
    for (let m = re.exec(w.value); m; m = re.exec(w.value)) check(lastSegment(m[1]));
  }
  return used;
}

function removalPackages(prog: string, words: Word[]): { packages: string[]; autoremove: boolean } | undefined {
  const rest = words.slice(1);
  const sub = rest.find((w) => !w.value.startsWith('-'))?.value;
  const after = sub === undefined ? [] : rest.slice(rest.findIndex((w) => w.value === sub) + 1);
  const names = after.filter((w) => !w.value.startsWith('-')).map(packageName);
  const autoFlag = rest.some((w) => w.value === '--auto-remove' || w.value === '--autoremove');
  if ((prog === 'apt-get' || prog === 'apt') && (sub === 'purge' || sub === 'remove' || sub === 'autoremove')) {
    return { packages: names, autoremove: autoFlag || sub === 'autoremove' || names.length === 0 };
  }
  if (prog === 'apk' && sub === 'del') return { packages: names, autoremove: false };
  if ((prog === 'dnf' || prog === 'yum' || prog === 'microdnf') && (sub === 'remove' || sub === 'erase' || sub === 'autoremove')) {
    return { packages: names, autoremove: sub === 'autoremove' };
  }
  return undefined;
}

function apkGroup(words: Word[]): string | undefined {
  for (let k = 0; k < words.length; k++) {
    if ((words[k].value === '--virtual' || words[k].value === '-t') && words[k + 1]) return words[k + 1].value;
    if (words[k].value.startsWith('--virtual=')) return words[k].value.slice('--virtual='.length);
  }
  return undefined;
}

function walkRun(run: RunInfo, state: Record<ToolName, Tracked>, marks: { aptMarkAuto: boolean }): void {
  const instr = run.instr;
  for (const original of run.commands) {
    const cmd = withoutKeywords(original);
    const { prog, words } = programOf(cmd);
    if (prog === '') continue;
    const sys = classifySystemInstall(cmd);
    let packages: Word[] | undefined = sys?.packages;
    if (!packages && APT_WRAPPERS.has(prog)) packages = words.slice(1).filter((w) => !w.value.startsWith('-'));
    if (packages) {
      const group = sys?.manager === 'apk' ? apkGroup(words) : undefined;
      const names = packages.map(packageName);
      const unresolved = names.some((n) => n.includes('$') || n.includes('`'));
      for (const tool of Object.keys(state) as ToolName[]) {
        const t = state[tool];
        if (names.some((n) => matchesTool(tool, n))) {
          if (group && t.fact.presence === 'yes' && !t.ownInstall) continue; // already in the base: the group only adds a reference
          state[tool] = { fact: { presence: 'yes', reason: `installed on line ${lineOf(instr)}`, instr }, ownInstall: true, group };
        } else if (unresolved && t.fact.presence === 'no') {
          state[tool] = { fact: { presence: 'unknown', reason: `line ${lineOf(instr)} installs packages named by a variable`, instr }, ownInstall: true };
        }
      }
      continue;
    }
    if (prog === 'apt-mark' && words[1]?.value === 'auto') {
      marks.aptMarkAuto = true;
      continue;
    }
    const removal = removalPackages(prog, words);
    if (removal) {
      for (const tool of Object.keys(state) as ToolName[]) {
        const t = state[tool];
        if (t.fact.presence !== 'yes') continue;
        const named = removal.packages.some((n) => matchesTool(tool, n) || (t.group !== undefined && n === t.group));
        if (named) {
          state[tool] = { fact: { presence: t.ownInstall || prog !== 'apk' ? 'no' : 'unknown', reason: `removed on line ${lineOf(instr)}`, instr }, ownInstall: false };
        } else if (removal.autoremove && t.ownInstall && marks.aptMarkAuto) {
          state[tool] = { fact: { presence: 'unknown', reason: `line ${lineOf(instr)} auto-removes packages`, instr }, ownInstall: false };
        }
      }
      continue;
    }
    for (const tool of toolsUsedIn(words, prog)) {
      state[tool] = { fact: { presence: 'yes', reason: `used on line ${lineOf(instr)}`, instr }, ownInstall: state[tool].ownInstall, group: state[tool].group };
    }
    if (isOpaque(prog, words)) {
      for (const tool of Object.keys(state) as ToolName[]) {
        if (state[tool].fact.presence === 'no') {
          state[tool] = { fact: { presence: 'unknown', reason: `line ${lineOf(instr)} runs commands Layerwise cannot read`, instr }, ownInstall: true };
        }
      }
    }
  }
}

function walkCopy(copy: CopyInfo, state: Record<ToolName, Tracked>, shell: { fact: ToolFact }): void {
  const instr = copy.instr;
  const names = [...copy.sources.map((s) => lastSegment(s.value)), copy.dest ? lastSegment(copy.dest.value) : ''];
  for (const tool of ['curl', 'wget'] as const) {
    if (names.includes(tool)) state[tool] = { fact: { presence: 'yes', reason: `copied in on line ${lineOf(instr)}`, instr }, ownInstall: false };
  }
  if (names.some((n) => n === 'sh' || n === 'busybox' || n === 'bash')) shell.fact = { presence: 'yes', reason: `copied in on line ${lineOf(instr)}`, instr };
  const dest = copy.dest?.value ?? '';
  // A whole tree (`COPY --from=build /usr/local/bin/ /usr/local/bin/`, `COPY --from=tools / /`) may bring any binary.
  const treeIntoBin = BIN_DIRS.test(dest) && copy.sources.some((s) => s.value.endsWith('/') || s.value === '.' || /[*?[]/.test(s.value) || BIN_DIRS.test(s.value));
  if (treeIntoBin) {
    for (const tool of Object.keys(state) as ToolName[]) {
      if (state[tool].fact.presence === 'no') state[tool] = { fact: { presence: 'unknown', reason: `line ${lineOf(instr)} copies a directory of binaries`, instr }, ownInstall: false };
    }
    if (shell.fact.presence === 'no') shell.fact = { presence: 'unknown', reason: `line ${lineOf(instr)} copies a directory of binaries`, instr };
  }
}

function baseReason(presence: Presence, tool: string, facts: BaseFacts, label: string): string {
  if (presence === 'no') return facts.note || `\`${label}\` ships without ${tool}`;
  if (presence === 'yes') return `\`${label}\` ships ${tool}`;
  return `Layerwise does not know whether \`${label}\` ships ${tool}`;
}

/**
 * What the image of a stage has: the external base image at the root of its chain, then every instruction of
 * the chain (parent stages first). Linear in the size of the chain.
 */
export function imageTools(stage: Stage): ImageTools {
  const chain = stageChain(stage);
  const base = chain[chain.length - 1].image;
  const baseLabel = base.scratch ? 'scratch' : base.resolved ?? base.text;
  const facts = baseFacts(base, baseLabel);
  const family = stageFamily(stage);
  const state: Record<ToolName, Tracked> = {
    curl: { fact: { presence: facts.curl, reason: baseReason(facts.curl, 'curl', facts, baseLabel) }, ownInstall: false },
    wget: { fact: { presence: facts.wget, reason: baseReason(facts.wget, 'wget', facts, baseLabel) }, ownInstall: false },
    python: { fact: { presence: facts.python, reason: baseReason(facts.python, 'Python', facts, baseLabel) }, ownInstall: false },
    node: { fact: { presence: facts.node, reason: baseReason(facts.node, 'Node.js', facts, baseLabel) }, ownInstall: false },
  };
  const shell = { fact: { presence: facts.shell, reason: facts.shell === 'no' ? facts.note : baseReason(facts.shell, 'a shell', facts, baseLabel) } as ToolFact };
  const marks = { aptMarkAuto: false };
  for (const s of [...chain].reverse()) {
    const runs = new Map(s.runs.map((r) => [r.instr, r]));
    const copies = new Map(s.copies.map((c) => [c.instr, c]));
    for (const instr of s.instructions) {
      if (instr.onbuild) continue;
      const run = runs.get(instr);
      if (run) walkRun(run, state, marks);
      const copy = copies.get(instr);
      if (copy) walkCopy(copy, state, shell);
    }
  }
  const pythonOwn = state.python.ownInstall && state.python.fact.presence === 'yes';
  const python: PythonFact = { ...state.python.fact, binary: state.python.fact.presence === 'yes' ? (pythonOwn ? 'python3' : facts.pythonBinary ?? 'python3') : undefined };
  const nodeOwn = state.node.ownInstall;
  const node: NodeFact = {
    ...state.node.fact,
    major: nodeOwn ? undefined : facts.nodeMajor,
    // A distribution's nodejs package may be older than 18; only the official image's tag tells.
    fetch: state.node.fact.presence === 'yes' && !nodeOwn && facts.nodeFetch,
  };
  const packageManager = facts.variant === 'distroless' || facts.variant === 'scratch' ? undefined : family === 'debian' ? 'apt' : family === 'alpine' ? 'apk' : undefined;
  const baseRuntime = facts.python === 'yes' ? 'python' : facts.node === 'yes' ? 'node' : undefined;
  return { base, baseLabel, family, variant: facts.variant, shell: shell.fact, curl: state.curl.fact, wget: state.wget.fact, python, node, packageManager, baseRuntime };
}

// ---------------------------------------------------------------------------------------------------------
// Probes

export type ProbeKind = 'python' | 'node' | 'wget' | 'curl';

export interface Probe {
  kind: ProbeKind;
  /** What follows `CMD` in the HEALTHCHECK: an exec-form array, or a shell command. */
  text: string;
  /** True when the probe needs `/bin/sh` (shell form). */
  shellForm: boolean;
}

/** The URL a generated probe asks for. 127.0.0.1 rather than localhost: busybox wget and Node 18 may try ::1 first. */
export function probeUrl(port: number, path = '/'): string {
  return `http://127.0.0.1:${port}${path.startsWith('/') ? path : '/' + path}`;
}

/** Characters a URL may hold to be written inside the quoted probe programs below. */
const PLAIN_URL = /^https?:\/\/[^\s'"\\`]+$/;

function jsonArray(items: string[]): string {
  return '[' + items.map((s) => JSON.stringify(s)).join(', ') + ']';
}

function probeFor(kind: ProbeKind, tools: ImageTools, url: string): Probe | undefined {
  const dynamic = url.includes('$');
  switch (kind) {
    case 'python': {
      const bin = tools.python.binary ?? 'python3';
      const code = `import urllib.request; urllib.request.urlopen('${url}')`;
      return dynamic ? { kind, text: `${bin} -c "${code}"`, shellForm: true } : { kind, text: jsonArray([bin, '-c', code]), shellForm: false };
    }
    case 'node': {
      const code = `fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`;
      return dynamic ? { kind, text: `node -e "${code}"`, shellForm: true } : { kind, text: jsonArray(['node', '-e', code]), shellForm: false };
    }
    case 'wget':
      return { kind, text: `wget -q --spider ${url} || exit 1`, shellForm: true };
    case 'curl':
      return { kind, text: `curl -f ${url} || exit 1`, shellForm: true };
  }
}

/** Whether a probe of this kind can run in the image. */
export function probeWorks(kind: ProbeKind, tools: ImageTools, url: string): boolean {
  const needsShell = kind === 'wget' || kind === 'curl' || url.includes('$');
  if (needsShell && tools.shell.presence !== 'yes') return false;
  switch (kind) {
    case 'python':
      return tools.python.presence === 'yes';
    case 'node':
      return tools.node.presence === 'yes' && tools.node.fetch;
    case 'wget':
      return tools.wget.presence === 'yes';
    case 'curl':
      return tools.curl.presence === 'yes';
  }
}

/**
 * An HTTP probe of `url` that works in the image, or undefined when none is known to. The runtime the base image
 * is built around comes first (Python's urllib on `python`, Node's fetch on `node`): it is there as long as the app
 * is, and survives a switch to a slim base. Then another runtime, curl, wget. `exclude` removes kinds (e.g. the
 * tool a health check misses).
 */
export function httpProbe(tools: ImageTools, url: string, exclude: readonly ProbeKind[] = []): Probe | undefined {
  if (!PLAIN_URL.test(url)) return undefined;
  if (tools.variant === 'distroless' || tools.variant === 'scratch') return undefined;
  const order: ProbeKind[] = tools.baseRuntime === 'node' ? ['node', 'python', 'curl', 'wget'] : ['python', 'node', 'curl', 'wget'];
  for (const kind of order) {
    if (exclude.includes(kind)) continue;
    if (probeWorks(kind, tools, url)) return probeFor(kind, tools, url);
  }
  return undefined;
}

/** The HEALTHCHECK timings of the best-practices document. */
export const HEALTHCHECK_TIMINGS = '--interval=30s --timeout=10s --retries=3';

/** A HEALTHCHECK instruction as lines, the probe on a continuation line. */
export function healthcheckLines(probe: Probe, escape = '\\', timings = HEALTHCHECK_TIMINGS): string[] {
  return [`HEALTHCHECK ${timings} ${escape}`, `  CMD ${probe.text}`];
}

/** A RUN line that installs a package with the image's package manager, or undefined when none is known. */
export function installLine(tools: ImageTools, pkg: string): string | undefined {
  switch (tools.packageManager) {
    case 'apt':
      return `RUN apt-get update && apt-get install -y --no-install-recommends ${pkg} && rm -rf /var/lib/apt/lists/*`;
    case 'apk':
      return `RUN apk add --no-cache ${pkg}`;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reading HEALTHCHECK instructions

/** The HEALTHCHECK in effect at the end of a stage: the last one of the stage, else of the stages it builds on. */
export function effectiveHealthcheck(stage: Stage): HealthcheckInfo | undefined {
  for (const s of stageChain(stage)) {
    const own = s.healthchecks.filter((h) => !h.instr.onbuild);
    if (own.length) return own[own.length - 1];
  }
  return undefined;
}

export interface ProbeCommands {
  form: 'shell' | 'exec';
  /** Offset where the command after `CMD` starts (the `[` of an exec form). */
  start: number;
  /** The probe's simple commands. For `["sh", "-c", script]` they are the script's, with offsets in the script. */
  commands: ShellCommand[];
  /** Set for `["sh", "-c", script]`: the exec-form word that holds the script (its offsets are in the document). */
  wrapper?: Word;
}

function skipBlanksIn(text: string, start: number, end: number): number {
  let k = start;
  while (k < end && (text[k] === ' ' || text[k] === '\t')) k++;
  return k;
}

/** The probe of a HEALTHCHECK, or undefined for `HEALTHCHECK NONE` or a HEALTHCHECK with no command yet. */
export function probeCommands(model: DockerfileModel, hc: HealthcheckInfo): ProbeCommands | undefined {
  if (hc.none) return undefined;
  const args = hc.instr.node.getArguments();
  const cmd = args.find((a) => a.getValue().toUpperCase() === 'CMD');
  if (!cmd) return undefined;
  const instr: Instr = hc.instr;
  const start = skipBlanksIn(model.text, model.index.offsetAt(cmd.getRange().end), instr.end);
  if (start >= instr.end) return undefined;
  const exec = execForm(model, start, instr.end);
  if (exec) {
    if (exec.length === 0) return undefined;
    const prog = exec[0].value.replace(/^.*\//, '');
    if (/^(?:sh|bash|ash|dash)$/.test(prog) && exec[1]?.value === '-c' && exec[2]) {
      const script = exec[2].value;
      const commands = splitCommands(plainText(script, 0, script.length)).filter((c) => c.words.length);
      return { form: 'exec', start, commands, wrapper: exec[2] };
    }
    return { form: 'exec', start, commands: [{ words: exec, redirects: [], start: exec[0].start, end: exec[exec.length - 1].end, depth: 0 }] };
  }
  const joined = joinLines(model.text, start, instr.end, model.escape);
  const commands = splitCommands(joined).filter((c) => c.words.length);
  return { form: 'shell', start, commands };
}

/** The program a command runs, without its directory: `curl` for `/usr/bin/curl -f …`. */
export function programName(cmd: ShellCommand): string {
  const words = commandWords(cmd);
  return words.length ? words[0].value.replace(/^.*\//, '') : '';
}

/**
 * True when the image is known to define no HEALTHCHECK of its own, so a stage built on it has none unless the
 * Dockerfile adds one: Docker's official images (a documented policy), distroless, Chainguard, Microsoft's .NET
 * images and `scratch`. Any other image may define one, which Layerwise cannot see offline.
 */
export function knownWithoutHealthcheck(ref: ImageRef): boolean {
  if (ref.scratch) return true;
  const image = ref.image;
  if (!image) return false;
  if (imageFamily(ref) === 'windows') return false;
  if (isOfficialImage(ref)) return true;
  const name = image.name;
  return name.startsWith('gcr.io/distroless/') || name.startsWith('cgr.dev/chainguard/') || name.startsWith('mcr.microsoft.com/dotnet/');
}
