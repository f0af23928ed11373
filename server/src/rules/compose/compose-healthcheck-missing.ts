import { addToMap, canEdit } from '../../compose/edits';
import { healthcheckValue, knownServiceImage } from '../../compose/images';
import { projectOf } from '../../compose/project';
import { isDisabled, isOneShot } from '../../compose/service-kind';
import { defineRule } from '../../engine/rule';
import type { Fix } from '../../engine/types';

/**
 * Flags a service that other services depend on, or that serves ports, and has no health check: none in the
 * Compose file (its own, an anchor's, `extends`, the override file) and none in the Dockerfile it builds (the
 * final stage, or `build.target`, read through `build.context` and `build.dockerfile`). Left alone: services
 * others only wait on to complete (`service_completed_successfully`), one-shot jobs, disabled ones, health checks
 * disabled on purpose, and builds whose Dockerfile cannot be read. For well-known images the fix inserts the
 * probe the image ships (`pg_isready`, `redis-cli ping`, `mysqladmin ping`, …).
 */
export default defineRule({
  meta: {
    id: 'compose-healthcheck-missing',
    title: 'Give services that others depend on, or that serve ports, a health check',
    language: 'compose',
    category: 'reliability',
    defaultSeverity: 'warning',
    fixSafety: ['unsafe'],
    aliases: [],
    rationale:
      'Without a health check Docker only knows that a container started, not that it works: services that depend on it start too early, a hung process looks healthy, and `depends_on: condition: service_healthy` cannot be used.',
  },
  check(ctx) {
    const { model } = ctx;
    const project = projectOf(ctx);
    for (const s of project.services) {
      const dependents = project.dependents(s.name).filter((d) => d.condition !== 'service_completed_successfully' && d.service !== s);
      const ports = nonEmpty(project.find(s, 'ports')?.value) || nonEmpty(project.find(s, 'expose')?.value);
      if (!dependents.length && !ports) continue;
      if (isDisabled(s) || isOneShot(s, project)) continue;
      if (project.unresolvedBase(s)) continue;
      if (project.health(s) !== 'absent') continue;

      const imageRef = s.image && !s.build ? project.interpolate(s.image.value).value : undefined;
      const known = s.build ? undefined : knownServiceImage(imageRef);
      const value = known ? healthcheckValue(known) : undefined;
      const fixes: Fix[] = [];
      if (value && s.map && s.ownMap && !s.entry.inherited && canEdit(model, s.entry.keyStart)) {
        const edit = addToMap(model, s.map, 'healthcheck', value);
        if (edit) fixes.push({ title: `Add a ${known!.probeName} health check to ${s.name}`, safety: 'unsafe', edits: [edit] });
      }
      const waitsHealthy = dependents.filter((d) => d.condition === 'service_healthy').map((d) => d.service.name);
      const names = [...new Set(dependents.map((d) => d.service.name))];
      const either = s.build ? ' (its Dockerfile has no HEALTHCHECK either)' : '';
      let problem: string;
      if (waitsHealthy.length) {
        problem = `has no health check${either}, but ${list(waitsHealthy)} ${waitsHealthy.length > 1 ? 'wait' : 'waits'} for it to be healthy: \`docker compose up\` fails.`;
      } else if (names.length) {
        problem = `has no health check${either}, though ${list(names)} ${names.length > 1 ? 'depend' : 'depends'} on it: Compose can tell that it started, not that it is ready.`;
      } else {
        problem = `serves ports but has no health check${either}: Docker cannot tell a hung process from a working one.`;
      }
      const advice = known?.probeName
        ? ` Add a \`healthcheck:\` that runs \`${known.probeName}\`.`
        : ' Add a `healthcheck:` whose `test` probes the service with a tool its image has (for HTTP, a request to its port), or a HEALTHCHECK to its Dockerfile.';
      ctx.report({
        range: s.keyRange,
        message: `Service \`${s.name}\` ${problem}${advice}`,
        fixes,
      });
    }
  },
});

function nonEmpty(v: unknown): boolean {
  const items = (v as { items?: unknown[] } | null)?.items;
  return Array.isArray(items) ? items.length > 0 : false;
}

function list(names: string[]): string {
  const q = names.map((n) => `\`${n}\``);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}
