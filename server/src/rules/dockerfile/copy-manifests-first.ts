import * as path from 'node:path';
import { escapeRegExp, firstLineRange, flagsText, insertAfter, insertBefore, instructionText, replaceInstruction } from '../../dockerfile/edits';
import type { Ecosystem } from '../../dockerfile/installs';
import { stageChain, type CopyInfo, type DockerfileModel, type Install, type Stage } from '../../dockerfile/model';
import { commandWords, type ShellCommand } from '../../dockerfile/shell';
import { joinPosix, type ProjectFiles } from '../../engine/files';
import { defineRule, type RuleContext } from '../../engine/rule';
import type { Fix, FixSafety, TextEdit } from '../../engine/types';
import { stripTrailingComment, trimEndChar } from '../../engine/strings';

/**
 * Flags a dependency install that runs after a broad copy of the build context (`COPY . .`) in the same stage:
 * every source edit then invalidates the install layer. The fix copies the ecosystem's manifests first, installs,
 * and copies the rest afterwards, splitting a RUN that also builds.
 */
export default defineRule({
  meta: {
    id: 'copy-manifests-first',
    title: 'Copy dependency manifests and install before copying the source',
    language: 'dockerfile',
    category: 'caching',
    defaultSeverity: 'warning',
    fixSafety: ['safe', 'unsafe'],
    aliases: [],
    rationale:
      'Docker reuses a layer only while everything before it is unchanged. Installing after `COPY . .` ties the install to every source file, so any edit re-downloads all dependencies; copying the manifests first keeps the install cached until they change.',
  },
  check(ctx) {
    for (const stage of ctx.model.stages) checkStage(ctx, stage);
  },
});

type Group = 'node' | 'python' | 'go' | 'cargo' | 'ruby' | 'php';

const GROUP: Record<Ecosystem, Group> = {
  npm: 'node', pnpm: 'node', yarn: 'node', pip: 'python', uv: 'python', poetry: 'python',
  go: 'go', cargo: 'cargo', bundler: 'ruby', composer: 'php',
};

/** Installs that read the dependency manifests (or, for go and cargo, builds that download dependencies). */
function readsManifests(i: Install): boolean {
  if (i.kind === 'manifest') return true;
  return i.kind === 'project' && (i.ecosystem === 'go' || i.ecosystem === 'cargo') && (i.action === 'build' || i.action === 'install');
}

function checkStage(ctx: RuleContext<DockerfileModel>, stage: Stage): void {
  const broad = stage.copies.find((c) => c.broad && !c.instr.onbuild);
  if (!broad) return;
  // Groups already installed from manifests before the broad copy: a later install then only adds the project.
  const before = new Set<Group>();
  for (const s of stageChain(stage)) {
    for (const i of s.installs) {
      if (s === stage && i.run.instr.index > broad.instr.index) continue;
      if (i.kind === 'manifest' || (i.ecosystem === 'go' && i.action === 'mod download')) before.add(GROUP[i.ecosystem]);
    }
  }
  const flagged = new Set<Group>();
  for (const install of stage.installs) {
    if (install.run.instr.onbuild || install.run.instr.index < broad.instr.index) continue;
    if (!readsManifests(install)) continue;
    const group = GROUP[install.ecosystem];
    if (before.has(group) || flagged.has(group)) continue;
    const placement = installDir(broad, install);
    if (placement === 'outside') continue;
    flagged.add(group);
    const plan = placement === 'unknown' ? { blocker: 'the install directory depends on a variable.' } : planFix(ctx, stage, broad, install, placement);
    const what = installLabel(install);
    let message = `\`${what}\` runs after \`${copyLabel(ctx.model, broad)}\` (line ${broad.instr.range.start.line + 1}), so any source change reinstalls every dependency. Copy the ${manifestNoun(install.ecosystem)} first, install, then copy the rest.`;
    if ('blocker' in plan) message += ` No automatic edit: ${plan.blocker}`;
    ctx.report({
      range: ctx.model.index.rangeOf(install.command.start, install.command.end),
      message,
      fixes: 'fix' in plan ? [plan.fix] : [],
      related: [{ range: firstLineRange(ctx.model, broad.instr), message: 'the broad copy of the build context' }],
    });
  }
}

function installLabel(i: Install): string {
  const words = i.words.map((w) => w.value);
  const text = words.join(' ');
  return text.length > 60 ? text.slice(0, 57) + '…' : text;
}

function copyLabel(model: DockerfileModel, c: CopyInfo): string {
  const text = model.text.slice(c.instr.start, c.instr.end).replace(/\s+/g, ' ');
  return text.length > 40 ? text.slice(0, 37) + '…' : text;
}

function manifestNoun(e: Ecosystem): string {
  switch (e) {
    case 'npm':
    case 'pnpm':
    case 'yarn':
      return 'package.json and lock file';
    case 'pip':
      return 'requirements files';
    case 'uv':
      return 'pyproject.toml and uv.lock';
    case 'poetry':
      return 'pyproject.toml and poetry.lock';
    case 'go':
      return 'go.mod and go.sum';
    case 'cargo':
      return 'Cargo.toml and Cargo.lock';
    case 'bundler':
      return 'Gemfile and Gemfile.lock';
    case 'composer':
      return 'composer.json and composer.lock';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Where things are

/** Absolute directory of a path relative to a working directory; undefined when unknown. */
function resolveDir(workdir: string | undefined, p: string | undefined): string | undefined {
  if (p === undefined) return workdir;
  if (/\$/.test(p)) return undefined;
  if (p.startsWith('/')) return path.posix.normalize(p).replace(/\/$/, '') || '/';
  if (workdir === undefined) return undefined;
  return path.posix.normalize(path.posix.join(workdir, p)).replace(/\/$/, '') || '/';
}

/** The install's directory relative to where the broad copy puts the context: '' for the same directory. */
function installDir(broad: CopyInfo, install: Install): string | 'outside' | 'unknown' {
  const dest = broad.dest?.value;
  const destAbs = resolveDir(broad.instr.workdir, dest);
  let cd = install.cd;
  const prefix = prefixFlag(install);
  if (prefix !== undefined) cd = cd === undefined ? prefix : path.posix.join(cd, prefix);
  const dir = resolveDir(install.run.instr.workdir, cd);
  if (destAbs === undefined || dir === undefined) return 'unknown';
  if (dir === destAbs) return '';
  if (destAbs === '/' ? dir.startsWith('/') : dir.startsWith(destAbs + '/')) return dir.slice(destAbs === '/' ? 1 : destAbs.length + 1);
  return 'outside';
}

function prefixFlag(install: Install): string | undefined {
  const names = install.ecosystem === 'npm' ? ['--prefix'] : install.ecosystem === 'pnpm' ? ['--dir', '-C'] : install.ecosystem === 'yarn' ? ['--cwd'] : install.ecosystem === 'composer' ? ['--working-dir', '-d'] : [];
  const w = install.args;
  for (let k = 0; k < w.length; k++) {
    for (const n of names) {
      if (w[k].value === n && w[k + 1]) return w[k + 1].value;
      if (w[k].value.startsWith(n + '=')) return w[k].value.slice(n.length + 1);
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Manifests

interface Manifests {
  /** Source paths relative to the build context, grouped by destination subdirectory ('' = the install dir). */
  files: string[];
  /** True when every file was seen in the build context (not guessed with a glob). */
  seen: boolean;
  /** Why the install may need more than these files, when it might. */
  risk?: string;
  /** Why no edit can be offered. */
  blocker?: string;
}

function exists(files: ProjectFiles, dir: string | undefined, rel: string): boolean {
  return dir !== undefined && files.exists(joinPosix(dir, rel));
}

function read(files: ProjectFiles, dir: string | undefined, rel: string): string | undefined {
  return dir === undefined ? undefined : files.read(joinPosix(dir, rel));
}

function manifestsFor(ctx: RuleContext<DockerfileModel>, install: Install, sub: string): Manifests {
  const { files } = ctx;
  const root = ctx.dir;
  const at = (f: string) => (sub ? `${sub}/${f}` : f);
  const has = (f: string) => exists(files, root, at(f));
  const contextVisible = root !== undefined && (files.list(sub ? joinPosix(root, sub) : root)?.length ?? 0) > 0;

  switch (install.ecosystem) {
    case 'npm':
    case 'pnpm':
    case 'yarn': {
      const pkgText = read(files, root, at('package.json'));
      if (pkgText === undefined) {
        const lock = install.ecosystem === 'pnpm' ? 'pnpm-lock.yaml*' : install.ecosystem === 'yarn' ? 'yarn.lock*' : 'package-lock.json*';
        return { files: [at('package.json'), at(lock)], seen: false };
      }
      const list = [at('package.json')];
      for (const f of ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', '.npmrc', '.yarnrc', '.yarnrc.yml', '.pnpmfile.cjs']) {
        if (has(f)) list.push(at(f));
      }
      if (has('pnpm-workspace.yaml')) return { files: list, seen: true, blocker: 'this is a pnpm workspace; copy every workspace package.json before installing.' };
      let pkg: Record<string, unknown> | undefined;
      try {
        pkg = JSON.parse(pkgText) as Record<string, unknown>;
      } catch {
        return { files: list, seen: true, risk: 'package.json could not be read' };
      }
      if (pkg && pkg.workspaces) return { files: list, seen: true, blocker: 'package.json declares workspaces; copy every workspace package.json before installing.' };
      if (install.ecosystem === 'yarn' && has('.yarn/releases')) return { files: list, seen: true, blocker: 'Yarn Berry also needs .yarn/releases (and plugins) copied before installing.' };
      const scripts = (pkg?.scripts ?? {}) as Record<string, unknown>;
      const hooks = ['preinstall', 'install', 'postinstall', 'prepare'].filter((h) => typeof scripts[h] === 'string');
      if (hooks.length) return { files: list, seen: true, risk: `package.json runs ${hooks.join(', ')} scripts at install time, which may need source files` };
      const deps = { ...(pkg?.dependencies as object), ...(pkg?.devDependencies as object), ...(pkg?.optionalDependencies as object) } as Record<string, unknown>;
      if (Object.values(deps).some((v) => typeof v === 'string' && /^(?:file|link|portal):/.test(v))) return { files: list, seen: true, risk: 'package.json has local file: dependencies' };
      return { files: list, seen: true };
    }
    case 'pip':
    case 'uv': {
      if (install.ecosystem === 'uv' && install.action === 'sync') return uvManifests(ctx, sub, has);
      const reqs = install.requirementFiles;
      if (reqs.length === 0) return { files: [], seen: false, blocker: 'the install names no requirements file.' };
      if (reqs.some((r) => /\$/.test(r))) return { files: [], seen: false, blocker: 'a requirements path depends on a variable.' };
      return requirementClosure(files, root, sub, reqs);
    }
    case 'poetry': {
      const list = [at('pyproject.toml'), has('poetry.lock') ? at('poetry.lock') : at('poetry.lock*')];
      const seen = has('pyproject.toml') && has('poetry.lock');
      const py = read(files, root, at('pyproject.toml'));
      if (py && /path\s*=\s*["'][.\/]/.test(py)) return { files: list, seen, risk: 'pyproject.toml has path dependencies' };
      return { files: list, seen };
    }
    case 'go': {
      if (has('go.work') || exists(files, root, 'go.work')) return { files: [], seen: true, blocker: 'this is a Go workspace (go.work); copy every module\'s go.mod first.' };
      const list = [at('go.mod'), has('go.sum') ? at('go.sum') : contextVisible && has('go.mod') ? '' : at('go.sum*')].filter(Boolean);
      const gomod = read(files, root, at('go.mod'));
      if (gomod && /=>[ \t]*\.{1,2}\//.test(gomod)) return { files: list, seen: true, risk: 'go.mod replaces modules with local directories' };
      return { files: list, seen: gomod !== undefined };
    }
    case 'cargo':
      return { files: [], seen: false, blocker: 'Cargo needs a source tree to fetch or build; use a cache mount (`--mount=type=cache,target=/usr/local/cargo/registry`) or cargo-chef.' };
    case 'bundler': {
      const list = [at('Gemfile'), has('Gemfile.lock') ? at('Gemfile.lock') : at('Gemfile.lock*')];
      const gemfile = read(files, root, at('Gemfile'));
      if (gemfile && /^[ \t]*gemspec\b/m.test(gemfile)) return { files: list, seen: true, blocker: 'the Gemfile uses `gemspec`, which reads the gem\'s own files.' };
      if (gemfile && /path:\s*["'][.\/]/.test(gemfile)) return { files: list, seen: true, risk: 'the Gemfile has path: gems' };
      return { files: list, seen: gemfile !== undefined && has('Gemfile.lock') };
    }
    case 'composer': {
      const list = [at('composer.json'), has('composer.lock') ? at('composer.lock') : at('composer.lock*')];
      return { files: list, seen: has('composer.json') && has('composer.lock') };
    }
  }
}

function uvManifests(ctx: RuleContext<DockerfileModel>, sub: string, has: (f: string) => boolean): Manifests {
  const at = (f: string) => (sub ? `${sub}/${f}` : f);
  const list = [at('pyproject.toml'), has('uv.lock') ? at('uv.lock') : at('uv.lock*')];
  if (has('.python-version')) list.push(at('.python-version'));
  const py = read(ctx.files, ctx.dir, at('pyproject.toml'));
  if (py && /^[ \t]*\[tool\.uv\.workspace\]/m.test(py)) return { files: list, seen: true, blocker: 'this is a uv workspace; copy every member\'s pyproject.toml first.' };
  if (py && /path\s*=\s*["']/.test(py)) return { files: list, seen: true, risk: 'pyproject.toml has path sources' };
  return { files: list, seen: py !== undefined && has('uv.lock') };
}

/** Requirements files and the files they include with -r/-c, relative to the build context. */
function requirementClosure(files: ProjectFiles, root: string | undefined, sub: string, reqs: string[]): Manifests {
  const out: string[] = [];
  let seen = true;
  let risk: string | undefined;
  const queue = reqs.map((r) => path.posix.normalize(sub ? `${sub}/${r}` : r));
  const visited = new Set<string>();
  while (queue.length && visited.size < 50) {
    const rel = queue.shift()!;
    if (visited.has(rel)) continue;
    visited.add(rel);
    if (rel.startsWith('../') || rel.startsWith('/')) return { files: out, seen, blocker: `${rel} is outside the build context.` };
    out.push(rel);
    const text = read(files, root, rel);
    if (text === undefined) {
      seen = false;
      continue;
    }
    const dir = path.posix.dirname(rel);
    for (const raw of text.split(/\r?\n/)) {
      const line = stripTrailingComment(raw).trim();
      const inc = /^(?:-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)/.exec(line);
      if (inc) queue.push(path.posix.normalize(dir === '.' ? inc[1] : `${dir}/${inc[1]}`));
      else if (/^(?:-e|--editable)\s+[.\/]|^\.{1,2}(?:\/|$|\[)|^file:/.test(line)) risk = `${rel} installs a local path`;
    }
  }
  return { files: out, seen, risk };
}

// ---------------------------------------------------------------------------------------------------------
// The fix

/** Commands that only set up the shell and can be repeated in both halves of a split RUN. */
function isSetup(cmd: ShellCommand): boolean {
  const w = commandWords(cmd);
  const prog = w[0]?.value;
  return prog === 'cd' || prog === 'export' || prog === 'set' || prog === 'pushd' || prog === 'true' || prog === 'umask';
}

/** Commands that cannot depend on the build context's files. */
function independentOfSource(cmd: ShellCommand): boolean {
  const w = commandWords(cmd);
  if (w.length === 0) return true;
  if (w.some((x) => x.value === '.' || x.value.startsWith('./') || x.value.startsWith('../'))) return false;
  const prog = w[0].value.replace(/^.*\//, '');
  return /^(?:apt-get|apt|apk|yum|dnf|microdnf|zypper|tdnf|rm|mkdir|chown|chmod|ln|useradd|adduser|groupadd|addgroup|echo|printf|true|set|export|cd|corepack|update-ca-certificates|locale-gen|curl|wget|ldconfig|git|npm|pip|pip3|gem|go|uv)$/.test(prog)
    && !(prog === 'npm' && w[1]?.value !== 'install' && w[1]?.value !== 'i' && w[1]?.value !== 'config')
    && !((prog === 'pip' || prog === 'pip3' || prog === 'uv') && w.some((x) => x.value === '-r' || x.value === '-e' || x.value === 'sync'))
    && !(prog === 'go' && w[1]?.value !== 'install');
}

/** Operators that join commands so that cutting between them keeps the meaning. */
function joinable(op: string | undefined): boolean {
  return op === undefined || op === '&&' || op === ';' || op === '\n';
}

type Plan = { fix: Fix } | { blocker: string };

function planFix(ctx: RuleContext<DockerfileModel>, stage: Stage, broad: CopyInfo, install: Install, sub: string): Plan {
  const { model } = ctx;
  const run = install.run;
  const cmds = run.commands;
  const i = install.commandIndex;
  const prefix = cmds.slice(0, i);
  const suffix = cmds.slice(i + 1);
  if (install.command.depth > 0) return { blocker: 'the install runs inside a subshell or group.' };
  if (![...prefix, install.command].every((c) => joinable(c.after?.op))) return { blocker: 'the install is joined to other commands with `||` or a pipe.' };
  const body = model.heredocs.find((h) => h.instr === run.instr);
  const inHeredoc = body !== undefined && install.command.start >= body.contentStart;
  if (run.form === 'exec' && suffix.length) return { blocker: 'the exec-form RUN cannot be split.' };
  if (inHeredoc && suffix.length) return { blocker: 'the install is part of a heredoc script with later steps.' };
  if (!broad.dest) return { blocker: 'the COPY has no destination.' };
  if (prefix.some((c) => !isSetup(c)) && suffix.length && prefix.some(isSetup)) {
    return { blocker: 'the RUN mixes directory changes with other setup before the install.' };
  }

  const manifests = manifestsFor(ctx, install, sub);
  if (manifests.blocker) return { blocker: manifests.blocker };
  if (manifests.files.length === 0) return { blocker: 'Layerwise could not tell which files the install reads.' };

  // Instructions between the broad copy and the install run before the source arrives after the fix.
  const between = stage.instructions.filter((x) => x.index > broad.instr.index && x.index < run.instr.index);
  let betweenRisk: string | undefined;
  let workdirChanged = false;
  for (const x of between) {
    if (x.keyword === 'WORKDIR') workdirChanged = true;
    if (x.keyword === 'COPY' || x.keyword === 'ADD') {
      const c = stage.copies.find((cc) => cc.instr === x);
      if (c && !c.from) betweenRisk = `line ${x.range.start.line + 1} copies more files before the install`;
    }
    if (x.keyword === 'RUN') {
      const r = stage.runs.find((rr) => rr.instr === x);
      if (r && !r.commands.every(independentOfSource)) betweenRisk = `line ${x.range.start.line + 1} runs commands that may need the source`;
    }
  }

  // The broad copy, moved down: a relative destination must keep meaning the same directory.
  let broadText = instructionText(model, broad.instr);
  if (workdirChanged && !broad.dest.value.startsWith('/')) {
    const abs = resolveDir(broad.instr.workdir, broad.dest.value);
    if (abs === undefined) return { blocker: 'the copy destination depends on a variable.' };
    const rel = broad.dest.start - broad.instr.start;
    broadText = broadText.slice(0, rel) + (abs === '/' ? '/' : abs + '/') + broadText.slice(rel + (broad.dest.end - broad.dest.start));
  }

  const manifestCopy = manifestCopyLines(broad, manifests.files);
  const edits: TextEdit[] = [replaceInstruction(model, broad.instr, manifestCopy.join('\n' + model.index.indentation(broad.instr.range.start.line)))];
  const runFlags = flagsText(model, run.mounts.map((m) => m.range));
  const runHead = runFlags ? `RUN ${runFlags} ` : 'RUN ';
  const commandText = (c: ShellCommand) => oneLine(model, model.text.slice(c.start, c.end));
  const setupText = prefix.filter(isSetup).map(commandText);

  if (preInstalls(install)) {
    // Install the dependencies alone before the copy; the original command then only adds the project.
    const depsRun = runHead + [...prefix.map(commandText), dependencyOnlyCommand(model, install)].join(' && ');
    edits.push(insertBefore(model, run.instr, [depsRun, ...broadText.split(/\r?\n/)]));
  } else if (suffix.length === 0) {
    edits.push(insertAfter(model, run.instr, broadText.split(/\r?\n/)));
  } else {
    // Split the RUN: the install (and what precedes it) stays; the later steps follow the copy.
    const cutStart = install.command.end;
    const lastEnd = suffix[suffix.length - 1].end;
    edits.push({ range: model.index.rangeOf(cutStart, lastEnd), newText: '' });
    const rest = model.text.slice(suffix[0].start, lastEnd);
    const restRun = runHead + [...setupText, rest].join(' && ');
    edits.push(insertAfter(model, run.instr, [...broadText.split(/\r?\n/), ...restRun.split(/\r?\n/)]));
  }

  const risk = manifests.risk ?? betweenRisk ?? (manifests.seen ? undefined : 'the manifests were not found next to the Dockerfile, so their names are guessed');
  const safety: FixSafety = risk ? 'unsafe' : 'safe';
  const names = manifests.files.join(' ');
  return {
    fix: {
      title: `Copy ${names} first, install, then copy the source${risk ? ` (check: ${risk})` : ''}`,
      safety,
      edits,
    },
  };
}

/** `COPY` lines for the manifests, one per destination directory, with the broad copy's flags. */
function manifestCopyLines(broad: CopyInfo, files: string[]): string[] {
  const flags = [...broad.flags.entries()]
    .filter(([k]) => k === 'chown' || k === 'chmod' || k === 'link')
    .map(([k, v]) => (v === null ? `--${k}` : `--${k}=${v}`));
  const dest = broad.dest!.value;
  const base = dest === '.' || dest === './' ? '.' : trimEndChar(dest, '/');
  const byDir = new Map<string, string[]>();
  for (const f of files) {
    const dir = path.posix.dirname(f);
    byDir.set(dir, [...(byDir.get(dir) ?? []), f]);
  }
  return [...byDir].map(([dir, list]) => ['COPY', ...flags, ...list, dir === '.' ? `${base}/` : `${base}/${dir}/`].join(' '));
}

/** Installs whose command also builds or installs the project: a dependency-only step goes before the copy. */
function preInstalls(install: Install): boolean {
  if (install.ecosystem === 'composer') return true; // scripts and the autoloader need the source
  return install.installsProject && (install.ecosystem === 'uv' || install.ecosystem === 'poetry' || install.ecosystem === 'go');
}

/** A command's text on one line: Dockerfile line continuations removed. */
function oneLine(model: DockerfileModel, text: string): string {
  return text.replace(new RegExp(`${escapeRegExp(model.escape)}[ \\t]*\\r?\\n[ \\t]*`, 'g'), ' ');
}

/** The install command restricted to dependencies: `uv sync … --no-install-project`, `go mod download`, … */
function dependencyOnlyCommand(model: DockerfileModel, install: Install): string {
  const text = oneLine(model, model.text.slice(install.command.start, install.command.end));
  switch (install.ecosystem) {
    case 'uv':
      return `${text} --no-install-project`;
    case 'poetry':
      return `${text} --no-root`;
    case 'go':
      return 'go mod download';
    case 'composer':
      return `${text} --no-scripts --no-autoloader`;
    default:
      return text;
  }
}
