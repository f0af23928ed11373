import * as path from 'node:path';
import { appendFlags, flagValues, hasFlag, hasOpaqueWords, programWords } from '../../dockerfile/command-flags';
import { isDevImage } from '../../dockerfile/dev-image';
import { baseImageOf, stageChain, type DockerfileModel, type Install, type Stage } from '../../dockerfile/model';
import { contextCopiesBefore, manifestDir, tomlHeaders, tomlKeys, tomlTable } from '../../dockerfile/project-files';
import type { ShellCommand, Word } from '../../dockerfile/shell';
import { envAtEnd, truthy, varsForInstall, type VarMap } from '../../dockerfile/stage-vars';
import { joinPosix } from '../../engine/files';
import { defineRule, type RuleContext } from '../../engine/rule';
import type { Fix, TextEdit } from '../../engine/types';

/**
 * Flags installs of development dependencies in the final image (its stage and the stages it builds on):
 * `uv sync` without `--no-dev`, `npm ci`/`npm install` without `--omit=dev` or NODE_ENV=production, pnpm and
 * Yarn equivalents, `poetry install` without `--only main`, and pip installs of dev requirement files or extras.
 * Installs followed by a build or test step that needs the dev dependencies are left to multi-stage-build, and
 * development images (dev containers, `Dockerfile.dev`, dev servers) are not flagged.
 */
export default defineRule({
  meta: {
    id: 'dev-dependencies-in-image',
    title: 'Do not install development dependencies in the final image',
    language: 'dockerfile',
    category: 'size',
    defaultSeverity: 'warning',
    fixSafety: ['unsafe'],
    aliases: [],
    rationale:
      'Test runners, linters, type checkers and build tools are not needed to run the app. In the final image they add size, start-up work and packages with vulnerabilities of their own.',
  },
  check(ctx) {
    const { model } = ctx;
    const final = model.finalStage;
    if (!final) return;
    if (isDevImage(ctx.path, final, envAtEnd(model, final))) return;
    const chain = stageChain(final).reverse();
    const timeline = commandTimeline(chain);
    for (const stage of chain) {
      for (const install of stage.installs) {
        if (install.run.instr.onbuild) continue;
        checkInstall(ctx, install, timeline);
      }
    }
  },
});

// ---------------------------------------------------------------------------------------------------------
// What runs after an install

interface Timeline {
  position: Map<ShellCommand, number>;
  /** Position of the last command that needs the dev dependencies (a build, a test run), per language. */
  lastDevUse: { node: number; python: number };
  /** Position of the last command that removes dev dependencies again, per ecosystem. */
  lastPrune: Map<string, number>;
}

function commandTimeline(chain: Stage[]): Timeline {
  const position = new Map<ShellCommand, number>();
  const lastDevUse = { node: -1, python: -1 };
  const lastPrune = new Map<string, number>();
  let k = 0;
  for (const s of chain) {
    for (const run of s.runs) {
      if (run.instr.onbuild) continue;
      for (const cmd of run.commands) {
        position.set(cmd, k);
        const w = programWords(cmd).map((x) => x.value);
        if (usesNodeDevDeps(w)) lastDevUse.node = k;
        if (usesPythonDevDeps(w)) lastDevUse.python = k;
        const prune = pruneOf(w);
        if (prune) lastPrune.set(prune, k);
        k++;
      }
    }
  }
  return { position, lastDevUse, lastPrune };
}

const PM_NON_SCRIPT = new Set(['install', 'i', 'ci', 'add', 'global', 'cache', 'config', 'remove', 'rm', 'uninstall', 'fetch', 'prune', 'set', 'info', 'audit', 'why', 'list', 'ls', 'outdated', 'version', 'init', 'login', 'logout', 'publish', 'pack', 'link', 'unlink', 'dedupe', 'store', 'start', 'help', 'dlx', 'create', 'workspaces', 'upgrade', 'update', 'up', 'clean-install', 'install-clean', 'setup', 'env']);

/** A command that needs devDependencies: a package script other than start, npx, or a known build tool. */
function usesNodeDevDeps(w: string[]): boolean {
  const prog = (w[0] ?? '').replace(/^.*\//, '');
  if (prog === 'npm') return w[1] === 'run' || w[1] === 'run-script' || w[1] === 'exec' || w[1] === 'x' || w[1] === 'test' || w[1] === 't' || w[1] === 'rebuild';
  if (prog === 'npx' || prog === 'pnpx' || prog === 'bunx') return true;
  if (prog === 'yarn' || prog === 'pnpm' || prog === 'bun') {
    const sub = w.slice(1).find((x) => !x.startsWith('-'));
    return sub !== undefined && !PM_NON_SCRIPT.has(sub) && !/^(?:pnpm|yarn)@/.test(sub);
  }
  return /^(?:tsc|next|vite|webpack|nest|ng|rollup|esbuild|prisma|turbo|nx|gulp|grunt|babel|jest|vitest|eslint|nuxt|astro|svelte-kit|remix|parcel)$/.test(prog);
}

/** A command that needs Python dev dependencies: a test run or a linter. */
function usesPythonDevDeps(w: string[]): boolean {
  let words = w;
  const prog0 = (words[0] ?? '').replace(/^.*\//, '');
  if (prog0 === 'uv' && words[1] === 'run') words = words.slice(2).filter((x) => !x.startsWith('-'));
  else if (prog0 === 'poetry' && words[1] === 'run') words = words.slice(2);
  else if (/^python[0-9.]*$/.test(prog0) && words[1] === '-m') words = words.slice(2);
  const prog = (words[0] ?? '').replace(/^.*\//, '');
  return /^(?:pytest|py\.test|mypy|ruff|flake8|black|pylint|tox|nox|coverage|isort|pyright)$/.test(prog);
}

/** The ecosystem whose dev dependencies a command removes again (`npm prune --omit=dev`). */
function pruneOf(w: string[]): string | undefined {
  const prog = (w[0] ?? '').replace(/^.*\//, '');
  const rest = w.slice(1);
  const has = (...f: string[]) => rest.some((x) => f.some((n) => x === n || x.startsWith(n + '=')));
  if (prog === 'npm' && w[1] === 'prune' && (has('--production') || rest.some((x) => x === '--omit=dev') || rest.join(' ').includes('--omit dev'))) return 'npm';
  if (prog === 'npm' && (w[1] === 'ci' || w[1] === 'clean-install') && (rest.includes('--omit=dev') || has('--production'))) return 'npm';
  if (prog === 'pnpm' && (w[1] === 'prune' || w[1] === 'install' || w[1] === 'i') && has('--prod', '-P', '--production')) return 'pnpm';
  if (prog === 'yarn' && (w[1] === 'install' || w[1] === undefined || w[1].startsWith('-')) && has('--production', '--prod')) return 'yarn';
  if (prog === 'yarn' && w[1] === 'workspaces' && w[2] === 'focus' && has('--production')) return 'yarn';
  if (prog === 'uv' && w[1] === 'sync' && has('--no-dev', '--only-group', '--no-default-groups') && !has('--inexact')) return 'uv';
  if (prog === 'poetry' && w[1] === 'install' && has('--sync') && has('--only', '--without', '--no-dev')) return 'poetry';
  if (prog === 'rm' && rest.some((x) => /(?:^|\/)node_modules\/?$/.test(x))) return 'npm';
  return undefined;
}

function removedLater(t: Timeline, install: Install, ecosystem: string): boolean {
  const at = t.position.get(install.command) ?? -1;
  return (t.lastPrune.get(ecosystem) ?? -1) > at;
}

function usedLater(t: Timeline, install: Install, lang: 'node' | 'python'): boolean {
  const at = t.position.get(install.command) ?? -1;
  return t.lastDevUse[lang] > at;
}

// ---------------------------------------------------------------------------------------------------------
// Per ecosystem

function checkInstall(ctx: RuleContext<DockerfileModel>, install: Install, t: Timeline): void {
  const words = install.words.slice(1);
  if (hasOpaqueWords(words)) return;
  const vars = varsForInstall(ctx.model, install);
  switch (install.ecosystem) {
    case 'uv':
      if (install.action === 'sync') checkUv(ctx, install, vars, t);
      else checkPip(ctx, install);
      return;
    case 'npm':
    case 'pnpm':
    case 'yarn':
      if (install.kind === 'manifest' && install.action !== 'fetch') checkNode(ctx, install, vars, t);
      return;
    case 'poetry':
      checkPoetry(ctx, install, t);
      return;
    case 'pip':
      checkPip(ctx, install);
      return;
    default:
      return;
  }
}

function readContext(ctx: RuleContext<DockerfileModel>, install: Install, name: string): string | undefined {
  if (ctx.dir === undefined) return undefined;
  const copies = contextCopiesBefore(install);
  return ctx.files.read(joinPosix(ctx.dir, manifestDir(copies, name), name));
}

function checkUv(ctx: RuleContext<DockerfileModel>, install: Install, vars: VarMap, t: Timeline): void {
  const words = install.words.slice(1);
  if (hasFlag(words, '--no-dev', '--only-group', '--no-default-groups', '--dev', '--only-dev', '--all-groups', '--no-sync')) return;
  if (flagValues(words, '--group', '--no-group').includes('dev')) return;
  for (const v of ['UV_NO_DEV', 'UV_NO_DEFAULT_GROUPS', 'UV_DEV']) if (truthy(vars, v) !== 'no') return;
  if (removedLater(t, install, 'uv') || usedLater(t, install, 'python')) return;
  const pyproject = readContext(ctx, install, 'pyproject.toml');
  if (pyproject !== undefined) {
    const groups = tomlKeys(tomlTable(pyproject, 'dependency-groups'));
    const uvKeys = tomlKeys(tomlTable(pyproject, 'tool.uv'));
    const hasDev = groups.has('dev') || uvKeys.has('dev-dependencies');
    if (!hasDev || uvKeys.has('default-groups')) return;
  }
  report(ctx, install, '`uv sync` in the final image also installs the `dev` dependency group (test runners, linters). Add `--no-dev`.', [
    { title: 'Add --no-dev', safety: 'unsafe', edits: [appendFlags(ctx.model, install.run, install.command, ['--no-dev'])] },
  ]);
}

function nodeMajor(install: Install): number | undefined {
  const stage = install.run.instr.stage;
  if (!stage) return undefined;
  const image = baseImageOf(stage).image;
  if (image?.name !== 'node' || !image.tag) return undefined;
  const m = /^(\d+)/.exec(image.tag);
  return m ? Number(m[1]) : undefined;
}

function checkNode(ctx: RuleContext<DockerfileModel>, install: Install, vars: VarMap, t: Timeline): void {
  const words = install.words.slice(1);
  const eco = install.ecosystem;
  if (hasFlag(words, '--production', '--prod', '-P', '--include', '--also', '--dev', '-D')) return;
  if (flagValues(words, '--omit').some((v) => v.split(',').includes('dev'))) return;
  if (/(?:^|\s)--only[= ]prod(?:uction)?\b/.test(words.map((w) => w.value).join(' '))) return;
  const nodeEnv = vars.get('NODE_ENV');
  if (vars.has('NODE_ENV') && (nodeEnv === undefined || nodeEnv === 'production')) return;
  for (const v of ['NPM_CONFIG_PRODUCTION', 'npm_config_production']) if (truthy(vars, v) !== 'no') return;
  for (const v of ['NPM_CONFIG_OMIT', 'npm_config_omit']) if (vars.has(v) && (vars.get(v) === undefined || /\bdev\b/.test(vars.get(v)!))) return;
  if (removedLater(t, install, eco) || removedLater(t, install, 'npm') || usedLater(t, install, 'node')) return;
  const pkgText = readContext(ctx, install, 'package.json');
  if (pkgText !== undefined) {
    try {
      const pkg = JSON.parse(pkgText) as { devDependencies?: Record<string, unknown> };
      if (!pkg.devDependencies || Object.keys(pkg.devDependencies).length === 0) return;
    } catch {
      // Unreadable package.json: judge by the command alone.
    }
  }
  const label = install.words.map((w) => w.value).join(' ');
  const shown = label.length > 40 ? label.slice(0, 37) + '…' : label;
  if (eco === 'yarn' && yarnBerry(ctx, install)) {
    report(ctx, install, `\`${shown}\` in the final image also installs devDependencies. Yarn 2+ has no production flag for install: use \`yarn workspaces focus --all --production\` instead.`, []);
    return;
  }
  const flag = eco === 'pnpm' ? '--prod' : eco === 'yarn' ? '--production' : (nodeMajor(install) ?? 99) <= 14 ? '--production' : '--omit=dev';
  report(ctx, install, `\`${shown}\` in the final image also installs devDependencies (build tools, test runners, type definitions). Add \`${flag}\` (or set NODE_ENV=production before it).`, [
    { title: `Add ${flag}`, safety: 'unsafe', edits: [appendFlags(ctx.model, install.run, install.command, [flag])] },
  ]);
}

function yarnBerry(ctx: RuleContext<DockerfileModel>, install: Install): boolean {
  if (hasFlag(install.words, '--immutable', '--immutable-cache', '--check-cache')) return true;
  if (ctx.dir === undefined) return false;
  return ctx.files.exists(joinPosix(ctx.dir, manifestDir(contextCopiesBefore(install), 'package.json'), '.yarnrc.yml'));
}

function checkPoetry(ctx: RuleContext<DockerfileModel>, install: Install, t: Timeline): void {
  const words = install.words.slice(1);
  if (hasFlag(words, '--no-dev', '--only-root', '--with', '--only')) return;
  const without = flagValues(words, '--without').flatMap((v) => v.split(','));
  if (without.includes('dev')) return;
  if (removedLater(t, install, 'poetry') || usedLater(t, install, 'python')) return;
  const pyproject = readContext(ctx, install, 'pyproject.toml');
  if (pyproject !== undefined) {
    const headers = tomlHeaders(pyproject);
    const devGroup = headers.includes('tool.poetry.dev-dependencies') || headers.includes('tool.poetry.group.dev.dependencies');
    const otherGroup = headers.some((h) => h.startsWith('tool.poetry.group.') && h.endsWith('.dependencies'));
    if (!devGroup && (!otherGroup || without.length)) return;
  } else if (without.length) return;
  report(ctx, install, '`poetry install` in the final image also installs the dev dependency groups. Add `--only main`.', [
    { title: 'Add --only main', safety: 'unsafe', edits: [appendFlags(ctx.model, install.run, install.command, ['--only', 'main'])] },
  ]);
}

// ---------------------------------------------------------------------------------------------------------
// pip: dev requirement files and dev extras

const DEV_PART = /(?:^|[-_.\/])(?:dev|devel|develop|development|test|tests|testing)(?:[-_.\/]|$)/i;
const DEV_EXTRA = /^(?:dev|devel|develop|development|test|tests|testing)$/i;

function checkPip(ctx: RuleContext<DockerfileModel>, install: Install): void {
  const args = install.args;
  const reqWords = requirementWords(args);
  const devReqs = reqWords.filter((r) => devFile(r.file));
  for (const r of devReqs) {
    const fixes = devRequirementFix(ctx, install, r, reqWords);
    report(ctx, install, `\`pip install -r ${r.file}\` in the final image installs development requirements (test runners, linters).${fixes.length ? '' : ' Install the production requirements file instead; Layerwise found none to suggest.'}`, fixes, ctx.model.index.rangeOf(r.start, r.end));
  }
  for (const w of args) {
    const m = /^((?:\.|\.\/|\/|\.\.\/)[^\[]*)\[([^\]]*)\]$/.exec(w.value);
    if (!m) continue;
    const extras = m[2].split(',').map((x) => x.trim());
    const dev = extras.filter((x) => DEV_EXTRA.test(x));
    if (dev.length === 0) continue;
    const keep = extras.filter((x) => !DEV_EXTRA.test(x));
    const raw = ctx.model.text.slice(w.start, w.end);
    const open = raw.indexOf('[');
    const close = raw.indexOf(']', open);
    const newRaw = raw.slice(0, open) + (keep.length ? `[${keep.join(',')}]` : '') + raw.slice(close + 1);
    const edit: TextEdit = { range: ctx.model.index.rangeOf(w.start, w.end), newText: newRaw };
    report(ctx, install, `\`${w.value}\` installs the project with its ${dev.map((d) => `\`${d}\``).join(', ')} extra${dev.length > 1 ? 's' : ''} in the final image: development tools the app does not need to run.`, [
      { title: `Drop the ${dev.join(', ')} extra${dev.length > 1 ? 's' : ''}`, safety: 'unsafe', edits: [edit] },
    ], ctx.model.index.rangeOf(w.start, w.end));
  }
}

/** A requirements file for development: requirements-dev.txt, dev-requirements.txt, requirements/test.txt. */
function devFile(file: string): boolean {
  return DEV_PART.test(file.replace(/\.(?:txt|in)$/, '').replace(/(?:^|\/)requirements(?=[-_.]|$)/, '/'));
}

interface ReqWord {
  file: string;
  /** Offsets of the words to remove to drop the file (`-r` and the path, or one `--requirement=x` word). */
  start: number;
  end: number;
  /** Offsets of the path itself, to replace it. */
  pathStart: number;
  pathEnd: number;
  constraint: boolean;
}

function requirementWords(args: Word[]): ReqWord[] {
  const out: ReqWord[] = [];
  for (let k = 0; k < args.length; k++) {
    const v = args[k].value;
    const flag = /^(-r|--requirement|-c|--constraint)$/.exec(v);
    if (flag && args[k + 1]) {
      const p = args[k + 1];
      out.push({ file: p.value, start: args[k].start, end: p.end, pathStart: p.start, pathEnd: p.end, constraint: v === '-c' || v === '--constraint' });
      k++;
      continue;
    }
    const joined = /^(--requirement=|--constraint=|-r|-c)(.+)$/.exec(v);
    if (joined) {
      const w = args[k];
      const prefix = joined[1].length;
      out.push({ file: joined[2], start: w.start, end: w.end, pathStart: w.start + prefix, pathEnd: w.end, constraint: joined[1].includes('c') });
    }
  }
  return out.filter((r) => !r.constraint);
}

function devRequirementFix(ctx: RuleContext<DockerfileModel>, install: Install, r: ReqWord, all: ReqWord[]): Fix[] {
  const { model } = ctx;
  const others = all.filter((o) => o !== r && !devFile(o.file));
  if (others.length) {
    // Drop `-r requirements-dev.txt` with the blank before it.
    let start = r.start;
    while (start > 0 && (model.text[start - 1] === ' ' || model.text[start - 1] === '\t')) start--;
    return [{ title: `Drop -r ${r.file}`, safety: 'unsafe', edits: [{ range: model.index.rangeOf(start, r.end), newText: '' }] }];
  }
  if (ctx.dir === undefined || /\$/.test(r.file)) return [];
  const copies = contextCopiesBefore(install);
  const base = copies.manifests.get(path.posix.basename(r.file))?.source ?? r.file;
  const dir = path.posix.dirname(base);
  const text = ctx.files.read(joinPosix(ctx.dir, base));
  let replacement: string | undefined;
  if (text !== undefined) {
    const inc = text.split('\n').map((l) => /^(?:-r|--requirement)(?:[ \t]+|=)([^ \t]+)/.exec(l.trim())).find((m) => m !== null);
    if (inc && !devFile(inc[1])) replacement = path.posix.join(path.posix.dirname(r.file), inc[1]);
  }
  if (!replacement) {
    const guess = path.posix.join(path.posix.dirname(r.file), 'requirements.txt');
    if (guess !== r.file && ctx.files.exists(joinPosix(ctx.dir, dir, 'requirements.txt'))) replacement = guess;
  }
  if (!replacement) return [];
  return [{ title: `Install ${replacement} instead`, safety: 'unsafe', edits: [{ range: model.index.rangeOf(r.pathStart, r.pathEnd), newText: replacement }] }];
}

function report(ctx: RuleContext<DockerfileModel>, install: Install, message: string, fixes: Fix[], range = install.range): void {
  ctx.report({ range, message, fixes });
}
