import { imageFamily, nonRootByDesign, stageFamily } from '../../dockerfile/base-images';
import { firstLineRange, insertAfter, insertBefore } from '../../dockerfile/edits';
import { effectiveUser, stageChain, type DockerfileModel, type Stage } from '../../dockerfile/model';
import { commandWords } from '../../dockerfile/shell';
import { defineRule } from '../../engine/rule';
import type { Fix, TextEdit } from '../../engine/types';

const NEW_USER = 'appuser';

/**
 * Flags a final stage that runs as root: no USER anywhere in its chain (and a base image that starts as root),
 * or a last USER of `root`/`0`.
 */
export default defineRule({
  meta: {
    id: 'run-as-non-root',
    title: 'Run the final image as a non-root user',
    language: 'dockerfile',
    category: 'security',
    defaultSeverity: 'warning',
    fixSafety: ['unsafe'],
    aliases: ['DL3002', 'DS002', 'CKV_DOCKER_3', 'CKV_DOCKER_8'],
    rationale:
      'A process that runs as root in the container is root on any file or socket the container can reach; a bug or a compromised dependency then gets far more than it needs.',
  },
  check(ctx) {
    const { model } = ctx;
    const stage = model.finalStage;
    if (!stage) return;
    // Dev containers are development environments; their user is chosen in devcontainer.json (remoteUser).
    if (ctx.path && /\/\.devcontainer\//.test(ctx.path)) return;
    const root = stageChain(stage).at(-1)!.image.image?.name ?? '';
    if (/^mcr\.microsoft\.com\/(?:vscode\/)?devcontainers\//.test(root)) return;
    const { decl, base } = effectiveUser(stage);
    if (decl) {
      if (decl.user === undefined) return; // a variable without a default: unknown
      if (!isRoot(decl.user)) return;
    } else {
      if (base.resolved === undefined) return; // unknown base image
      if (base.image && nonRootByDesign(base.image)) return;
      if (imageFamily(base) === 'windows') return;
    }
    const fix = userFix(model, stage);
    const baseName = base.scratch ? 'scratch' : base.resolved ?? base.text;
    let message: string;
    if (decl) {
      const inherited = decl.instr.stage !== stage ? ` (set in stage ${stageLabel(decl.instr.stage!)})` : '';
      message = `The final stage runs as root: \`USER ${decl.text}\`${inherited} is the last USER, so the container's process has root rights.`;
    } else {
      message = `The final stage runs as root: no USER is set, and \`${baseName}\` starts as root. Switch to a non-root user before CMD/ENTRYPOINT.`;
    }
    if (!fix) message += ` No edit is offered: ${fixBlocker(stage)}`;
    ctx.report({
      range: decl && decl.instr.stage === stage ? decl.instr.range : firstLineRange(model, stage.from),
      message,
      fixes: fix ? [fix] : [],
    });
  },
});

function isRoot(user: string): boolean {
  return user === 'root' || /^0+$/.test(user);
}

function stageLabel(stage: Stage): string {
  return stage.name ?? String(stage.index);
}

/** A non-root user that the stage chain already creates or used earlier, to switch back to. */
function existingUser(stage: Stage): string | undefined {
  for (const s of stageChain(stage)) {
    // A USER that was set earlier and later replaced by root.
    for (let k = s.users.length - 1; k >= 0; k--) {
      const u = s.users[k].user;
      if (u && !isRoot(u) && !s.users[k].instr.onbuild) return s.users[k].text;
    }
  }
  for (const s of stageChain(stage)) {
    for (const run of s.runs) {
      for (const cmd of run.commands) {
        const w = commandWords(cmd).map((x) => x.value);
        const name = createdUserName(w);
        if (name) return name;
      }
    }
  }
  return undefined;
}

const USERADD_VALUE_FLAGS = new Set(['-u', '--uid', '-g', '--gid', '-G', '--groups', '-d', '--home', '--home-dir', '-s', '--shell', '-c', '--comment', '--gecos', '-k', '--skel', '-e', '--expiredate', '-f', '--inactive', '-K', '--key', '-p', '--password', '-R', '--root', '-b', '--base-dir', '-Z', '--selinux-user', '-h', '--ingroup', '--firstuid', '--lastuid', '--add_extra_groups']);

/** The user name a `useradd`/`adduser` command creates. */
function createdUserName(words: string[]): string | undefined {
  const prog = words[0]?.replace(/^.*\//, '');
  if (prog !== 'useradd' && prog !== 'adduser') return undefined;
  const positional: string[] = [];
  for (let k = 1; k < words.length; k++) {
    const w = words[k];
    if (w.startsWith('-')) {
      if (USERADD_VALUE_FLAGS.has(w)) k++;
      continue;
    }
    positional.push(w);
  }
  // `adduser user group` adds an existing user to a group.
  if (positional.length !== 1) return undefined;
  const name = positional[0];
  return /^[a-z_][a-z0-9_-]*\$?$/i.test(name) && !isRoot(name) ? name : undefined;
}

/** Where USER goes: before the CMD/ENTRYPOINT that follows the stage's last RUN, else after the stage's end. */
function insertLines(model: DockerfileModel, stage: Stage, lines: string[]): TextEdit {
  const own = stage.instructions.filter((i) => !i.onbuild);
  let lastRun = 0;
  own.forEach((i, k) => {
    if (i.keyword === 'RUN' || i.keyword === 'USER' || i.keyword === 'FROM') lastRun = k;
  });
  for (let k = lastRun + 1; k < own.length; k++) {
    if (own[k].keyword === 'CMD' || own[k].keyword === 'ENTRYPOINT') return insertBefore(model, own[k], lines);
  }
  return insertAfter(model, own[own.length - 1], lines);
}

function userFix(model: DockerfileModel, stage: Stage): Fix | undefined {
  const existing = existingUser(stage);
  if (existing) {
    return { title: `Switch to the non-root user ${existing} (USER ${existing})`, safety: 'unsafe', edits: [insertLines(model, stage, [`USER ${existing}`])] };
  }
  const base = stageChain(stage).at(-1)!.image;
  const family = stageFamily(stage);
  if (base.image?.name === 'node' && (family === 'debian' || family === 'alpine')) {
    return { title: 'Run as the image\'s built-in node user (USER node)', safety: 'unsafe', edits: [insertLines(model, stage, ['USER node'])] };
  }
  switch (family) {
    case 'debian':
    case 'rhel':
      if (family === 'rhel' && /minimal|micro/.test(base.image?.name ?? '')) return undefined;
      return {
        title: `Create the system user ${NEW_USER} and switch to it`,
        safety: 'unsafe',
        edits: [insertLines(model, stage, [`RUN groupadd --system ${NEW_USER} && useradd --system --gid ${NEW_USER} --no-create-home ${NEW_USER}`, `USER ${NEW_USER}`])],
      };
    case 'alpine':
    case 'busybox':
      return {
        title: `Create the system user ${NEW_USER} and switch to it`,
        safety: 'unsafe',
        edits: [insertLines(model, stage, [`RUN addgroup -S ${NEW_USER} && adduser -S -G ${NEW_USER} -H ${NEW_USER}`, `USER ${NEW_USER}`])],
      };
    case 'distroless':
      return { title: 'Run as the image\'s nonroot user (USER nonroot)', safety: 'unsafe', edits: [insertLines(model, stage, ['USER nonroot'])] };
    case 'scratch':
      return { title: 'Run as an unprivileged numeric user (USER 65532:65532)', safety: 'unsafe', edits: [insertLines(model, stage, ['USER 65532:65532'])] };
    default:
      return undefined;
  }
}

function fixBlocker(stage: Stage): string {
  const base = stageChain(stage).at(-1)!.image;
  if (stageFamily(stage) === 'rhel') return 'minimal Red Hat images have no useradd; install shadow-utils first, then add a user and USER.';
  return `Layerwise cannot tell which tools \`${base.resolved ?? base.text}\` has to create a user; add one (useradd or adduser) and a USER line.`;
}
