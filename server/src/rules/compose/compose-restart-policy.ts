import { isMap } from 'yaml';
import { addToMap, canEdit, sc } from '../../compose/edits';
import type { Entry } from '../../compose/model';
import { projectOf } from '../../compose/project';
import { fileRole, isDisabled, isOneShot } from '../../compose/service-kind';
import { defineRule } from '../../engine/rule';
import type { Fix } from '../../engine/types';

/**
 * Flags a long-running service with no `restart` policy. Left alone: one-shot jobs (see service-kind.ts: jobs
 * that others wait on with `service_completed_successfully`, migrations, init and test containers, tool images),
 * services with `deploy.restart_policy`, swarm stack files (where `restart` is ignored and swarm restarts by
 * default), disabled services (`scale: 0`), override fragments, and throwaway stacks: files under
 * `.devcontainer/` (the editor starts and stops those containers) and files named or filed as test, CI, dev or
 * local ones, and override files (`compose.override.yaml` is the development layer Compose adds by default). A policy set anywhere Compose reads (an anchor, `extends`, the
 * override file) counts.
 */
export default defineRule({
  meta: {
    id: 'compose-restart-policy',
    title: 'Give long-running services a restart policy',
    language: 'compose',
    category: 'reliability',
    defaultSeverity: 'warning',
    fixSafety: ['unsafe'],
    aliases: [],
    rationale:
      'Without `restart`, a service that crashes, or whose host or Docker daemon restarts, stays down until someone runs `docker compose up` again. `unless-stopped` brings it back, except after you stop it on purpose.',
  },
  check(ctx) {
    const { model } = ctx;
    const project = projectOf(ctx);
    if (project.stack || (ctx.path && fileRole(ctx.path) !== 'production')) return;
    for (const s of project.services) {
      if (project.find(s, 'restart')) continue;
      if (project.unresolvedBase(s)) continue;
      if (hasRestartPolicy(project.find(s, 'deploy'))) continue;
      if (s.deploy?.swarm || isDisabled(s) || isOneShot(s, project)) continue;
      const fixes: Fix[] = [];
      if (s.map && s.ownMap && !s.entry.inherited && canEdit(model, s.entry.keyStart)) {
        const edit = addToMap(model, s.map, 'restart', sc('unless-stopped'));
        if (edit) fixes.push({ title: `Add restart: unless-stopped to ${s.name}`, safety: 'unsafe', edits: [edit] });
      }
      ctx.report({
        range: s.keyRange,
        message: `Service \`${s.name}\` has no \`restart\` policy: if it crashes, or the Docker daemon or host restarts, it stays down. Set \`restart: unless-stopped\` (or \`on-failure\`); a job that should run once says \`restart: "no"\`.`,
        fixes,
      });
    }
  },
});

function hasRestartPolicy(deploy: Entry | undefined): boolean {
  const m = deploy?.value;
  return !!m && isMap(m) && m.items.some((p) => (p.key as { value?: unknown })?.value === 'restart_policy');
}
