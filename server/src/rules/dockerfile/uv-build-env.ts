import { appendFlags, hasFlag, hasOpaqueWords } from '../../dockerfile/command-flags';
import { devPath, devStageName, isDevImage } from '../../dockerfile/dev-image';
import { insertAfter, insertBefore } from '../../dockerfile/edits';
import type { DockerfileModel, Install, Instr, Stage } from '../../dockerfile/model';
import { contextCopiesBefore, manifestDir, tomlKeys, tomlTable } from '../../dockerfile/project-files';
import { envAtEnd, truthy, varsForInstall } from '../../dockerfile/stage-vars';
import { joinPosix } from '../../engine/files';
import { defineRule, type RuleContext } from '../../engine/rule';
import type { Fix } from '../../engine/types';

/**
 * Flags a stage that runs `uv sync` without the settings uv recommends for images:
 * - UV_COMPILE_BYTECODE=1 (else every container start compiles the imports again);
 * - UV_LINK_MODE=copy when the sync uses a cache mount (hard links cannot cross into the mount);
 * and a sync that would install the project while only its manifests have been copied.
 */
export default defineRule({
  meta: {
    id: 'uv-build-env',
    title: 'Set UV_COMPILE_BYTECODE and UV_LINK_MODE, and sync dependencies before the project',
    language: 'dockerfile',
    category: 'reliability',
    defaultSeverity: 'warning',
    fixSafety: ['safe'],
    aliases: [],
    rationale:
      'uv installs without compiling bytecode by default, so each new container compiles every import on first start. With a cache mount, uv cannot hard-link from the cache and falls back to copying with a warning unless UV_LINK_MODE=copy. Syncing the project before its source is copied fails or installs an empty package.',
  },
  check(ctx) {
    for (const stage of ctx.model.stages) checkStage(ctx, stage);
  },
});

function isSync(i: Install): boolean {
  return i.ecosystem === 'uv' && i.action === 'sync' && !i.run.instr.onbuild;
}

function checkStage(ctx: RuleContext<DockerfileModel>, stage: Stage): void {
  const { model } = ctx;
  const syncs = stage.installs.filter(isSync);
  if (syncs.length === 0) return;
  // Build settings for production images; a dev or test stage does not need them.
  const dev = stage.isFinal ? isDevImage(ctx.path, stage, envAtEnd(model, stage)) : devPath(ctx.path) || devStageName(stage.name);
  if (!dev) checkEnv(ctx, stage, syncs);
  for (const sync of syncs) checkProjectInstall(ctx, sync);
}

// ---------------------------------------------------------------------------------------------------------
// UV_COMPILE_BYTECODE and UV_LINK_MODE

function checkEnv(ctx: RuleContext<DockerfileModel>, stage: Stage, syncs: Install[]): void {
  const { model } = ctx;
  const missing: string[] = [];
  let at: Install | undefined;
  // Bytecode: one sync that compiles is enough, since uv compiles the whole environment.
  const compiles = syncs.some((s) => {
    const vars = varsForInstall(model, s);
    return vars.has('UV_COMPILE_BYTECODE') || hasFlag(s.words, '--compile-bytecode', '--compile') || hasOpaqueWords(s.words.slice(1));
  });
  if (!compiles) {
    missing.push('UV_COMPILE_BYTECODE=1');
    at = syncs[0];
  }
  const cached = syncs.find((s) => s.run.mounts.some((m) => m.type === 'cache') && !varsForInstall(model, s).has('UV_LINK_MODE') && !hasFlag(s.words, '--link-mode') && !hasOpaqueWords(s.words.slice(1)));
  if (cached) {
    missing.push('UV_LINK_MODE=copy');
    at ??= cached;
  }
  if (!at) return;
  const parts: string[] = [];
  if (!compiles) parts.push('without UV_COMPILE_BYTECODE=1, so the image has no compiled bytecode and every new container compiles its imports on first start (a slow first request)');
  if (cached) {
    const line = cached.run.instr.range.start.line + 1;
    parts.push(`with a cache mount (line ${line}) but without UV_LINK_MODE=copy, so uv cannot hard-link from the mount and warns while falling back to copying`);
  }
  const message = `This stage runs \`uv sync\` ${parts.join(', and ')}. Add \`ENV ${missing.join(' ')}\`.`;
  const fix: Fix = { title: `Add ENV ${missing.join(' ')}`, safety: 'safe', edits: [envEdit(model, stage, syncs[0].run.instr, missing)] };
  ctx.report({ range: at.range, message, fixes: [fix] });
}

/** One ENV line: after the stage's last ENV that sets UV_ variables before the sync, else just before the sync. */
function envEdit(model: DockerfileModel, stage: Stage, firstSync: Instr, values: string[]) {
  const uvEnv = stage.envs.filter((e) => e.name.startsWith('UV_') && !e.instr.onbuild && e.instr.index < firstSync.index).pop();
  const line = `ENV ${values.join(' ')}`;
  return uvEnv ? insertAfter(model, uvEnv.instr, [line]) : insertBefore(model, firstSync, [line]);
}

// ---------------------------------------------------------------------------------------------------------
// Project installed while only the manifests are there

function checkProjectInstall(ctx: RuleContext<DockerfileModel>, sync: Install): void {
  const { model } = ctx;
  if (!sync.installsProject) return;
  const words = sync.words.slice(1);
  if (hasOpaqueWords(words) || hasFlag(words, '--no-install-project', '--no-install-workspace', '--no-install-local', '--only-group', '--only-dev', '--no-sync')) return;
  const vars = varsForInstall(model, sync);
  for (const v of ['UV_NO_INSTALL_PROJECT', 'UV_NO_INSTALL_WORKSPACE', 'UV_NO_INSTALL_LOCAL']) if (truthy(vars, v) !== 'no') return;
  const copies = contextCopiesBefore(sync);
  if (copies.broad || copies.other || copies.opaque || !copies.manifests.has('pyproject.toml')) return;
  if (ctx.dir === undefined) return;
  const dir = manifestDir(copies, 'pyproject.toml');
  const pyproject = ctx.files.read(joinPosix(ctx.dir, dir, 'pyproject.toml'));
  if (pyproject === undefined) return;
  const kind = projectKind(pyproject);
  if (kind === 'virtual') return;
  const flag = kind === 'workspace' ? '--no-install-workspace' : '--no-install-project';
  const copied = [...copies.manifests.keys()].join(', ');
  const why = kind === 'workspace' ? 'the project is a uv workspace whose members are packages' : 'the project is a package (pyproject.toml has a [build-system])';
  ctx.report({
    range: sync.range,
    message: `\`uv sync\` runs when only the manifests have been copied (${copied}), but ${why}: uv tries to build and install it without its source. Add \`${flag}\` here and sync again after copying the source.`,
    fixes: [{ title: `Add ${flag}`, safety: 'safe', edits: [appendFlags(model, sync.run, sync.command, [flag])] }],
  });
}

/** Whether uv installs the project itself: a package (build system), a workspace, or a virtual project. */
function projectKind(pyproject: string): 'package' | 'workspace' | 'virtual' {
  const uvTable = tomlTable(pyproject, 'tool.uv');
  const uvPackage = tomlKeys(uvTable).get('package');
  if (uvPackage !== undefined && uvPackage.startsWith('false')) return 'virtual';
  if (tomlTable(pyproject, 'tool.uv.workspace') !== undefined) return 'workspace';
  if (tomlTable(pyproject, 'build-system') !== undefined) return 'package';
  if (uvPackage !== undefined && uvPackage.startsWith('true')) return 'package';
  return 'virtual';
}
