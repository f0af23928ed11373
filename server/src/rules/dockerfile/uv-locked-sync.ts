import { appendFlags, hasFlag, hasOpaqueWords } from '../../dockerfile/command-flags';
import type { CopyInfo, DockerfileModel, Install } from '../../dockerfile/model';
import { contextCopiesBefore, manifestDir } from '../../dockerfile/project-files';
import { truthy, varsForInstall } from '../../dockerfile/stage-vars';
import { joinPosix } from '../../engine/files';
import { defineRule, type RuleContext } from '../../engine/rule';
import type { Fix, TextEdit } from '../../engine/types';

/**
 * Flags `uv sync` without `--locked` or `--frozen` (or UV_LOCKED / UV_FROZEN in its environment), in every stage.
 * The fix adds `--locked`; when uv.lock is not copied before the sync, it adds it to the COPY of pyproject.toml.
 */
export default defineRule({
  meta: {
    id: 'uv-locked-sync',
    title: 'Run uv sync with --locked (or --frozen) in images',
    language: 'dockerfile',
    category: 'reliability',
    defaultSeverity: 'warning',
    fixSafety: ['safe', 'unsafe'],
    aliases: [],
    rationale:
      'Without `--locked`, `uv sync` quietly re-resolves when uv.lock does not match pyproject.toml, so the image gets versions nobody reviewed or tested. `--locked` fails the build instead; `--frozen` installs the lock as it is.',
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      for (const install of stage.installs) {
        if (install.run.instr.onbuild || install.ecosystem !== 'uv' || install.action !== 'sync') continue;
        checkSync(ctx, install);
      }
    }
  },
});

function checkSync(ctx: RuleContext<DockerfileModel>, install: Install): void {
  const { model } = ctx;
  const words = install.words.slice(1);
  if (hasFlag(words, '--locked', '--frozen', '--check', '--dry-run') || hasOpaqueWords(words)) return;
  const vars = varsForInstall(model, install);
  if (truthy(vars, 'UV_LOCKED') !== 'no' || truthy(vars, 'UV_FROZEN') !== 'no') return;

  const copies = contextCopiesBefore(install);
  const dir = manifestDir(copies, 'pyproject.toml');
  const lockPath = ctx.dir === undefined ? undefined : joinPosix(ctx.dir, dir, 'uv.lock');
  const pyPath = ctx.dir === undefined ? undefined : joinPosix(ctx.dir, dir, 'pyproject.toml');
  const contextShowsProject = pyPath !== undefined && ctx.files.exists(pyPath);
  const lockExists = lockPath !== undefined && ctx.files.exists(lockPath);
  const lockRel = dir ? `${dir}/uv.lock` : 'uv.lock';

  let message = '`uv sync` runs without `--locked`: when uv.lock is out of date, uv re-resolves and installs versions nobody tested.';
  const fixes: Fix[] = [];
  const add = appendFlags(model, install.run, install.command, ['--locked']);
  const pyCopy = copies.manifests.get('pyproject.toml')?.copy;
  const lockCopied = copies.manifests.has('uv.lock') || copies.broad;

  if (contextShowsProject && !lockExists) {
    message += ` There is no ${lockRel} in the build context: run \`uv lock\`, commit the lock file and copy it with pyproject.toml; no edit is offered until it exists.`;
  } else if (!lockCopied && pyCopy && !copies.opaque) {
    // Only pyproject.toml reaches the sync: the lock file has to be copied too, or --locked fails.
    const edit = addLockToCopy(model, pyCopy);
    message += ` uv.lock is not copied before it (line ${pyCopy.instr.range.start.line + 1} copies pyproject.toml alone): copy it too and add \`--locked\`.`;
    if (edit) {
      fixes.push({
        title: `Copy ${lockRel} with pyproject.toml and add --locked`,
        safety: lockExists ? 'safe' : 'unsafe',
        edits: [edit, add],
      });
    }
  } else {
    message += ' Add `--locked` to fail the build instead (or `--frozen` to install the lock as it is).';
    fixes.push({ title: 'Add --locked', safety: lockExists || copies.manifests.has('uv.lock') ? 'safe' : 'unsafe', edits: [add] });
  }
  ctx.report({ range: install.range, message, fixes });
}

/** Inserts the lock file after pyproject.toml in the COPY that copies it, in shell or exec form. */
function addLockToCopy(model: DockerfileModel, copy: CopyInfo | undefined): TextEdit | undefined {
  if (!copy) return undefined;
  const src = copy.sources.find((s) => /(?:^|\/)pyproject\.toml$/.test(s.value));
  if (!src) return undefined;
  const lock = src.value.replace(/pyproject\.toml$/, 'uv.lock');
  const at = model.index.positionAt(src.end);
  const exec = model.text[src.start] === '"' && model.text[src.end - 1] === '"';
  return { range: { start: at, end: at }, newText: exec ? `, ${JSON.stringify(lock)}` : ` ${lock}` };
}
