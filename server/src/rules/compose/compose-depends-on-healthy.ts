import { isMap, isScalar, isSeq } from 'yaml';
import { addToMap, canEdit, fillEmptyKey, replaceScalar, restOfLineIsEmpty, sc, startsLine, dashBefore, flowText, yamlString } from '../../compose/edits';
import { healthcheckValue, knownServiceImage } from '../../compose/images';
import type { ComposeModel, Dependency, DependsOn, Service } from '../../compose/model';
import { projectOf, type ComposeProject } from '../../compose/project';
import { isOneShot } from '../../compose/service-kind';
import { defineRule } from '../../engine/rule';
import type { Fix, TextEdit } from '../../engine/types';

/**
 * Flags a `depends_on` entry that waits only for the dependency to start (the short form, or
 * `condition: service_started`) when the dependency has a health check (in the Compose file or its Dockerfile),
 * or should have one because it is a well-known server whose probe Layerwise knows (PostgreSQL, Redis, MySQL,
 * …). Swarm stack files are left alone: `docker stack deploy` ignores depends_on and rejects the long form.
 * The fix rewrites the entry to the long form with `condition: service_healthy`, keeping the other entries'
 * meaning (`service_started`); when the dependency has no health check yet, the same fix adds one.
 */
export default defineRule({
  meta: {
    id: 'compose-depends-on-healthy',
    title: 'Wait for dependencies to be healthy, not just started',
    language: 'compose',
    category: 'reliability',
    defaultSeverity: 'warning',
    fixSafety: ['unsafe'],
    aliases: [],
    rationale:
      'The short form of `depends_on` only waits for the dependency\'s container to start. A database takes seconds more to accept connections, so the dependent service fails or retries at startup; `condition: service_healthy` waits until the health check passes.',
  },
  check(ctx) {
    const { model } = ctx;
    const project = projectOf(ctx);
    if (project.stack) return;
    const seen = new Set<number>();
    for (const s of model.services) {
      const dep = s.dependsOn;
      if (!dep) continue;
      for (const d of dep.deps) {
        if (seen.has(d.start)) continue;
        if (d.form === 'long' && d.condition && d.condition.value !== 'service_started') continue;
        const target = project.definitions(d.name).find((t) => !t.fragment) ?? project.definitions(d.name)[0];
        if (!target || target === s || isOneShot(target, project)) continue;
        const health = project.health(target);
        let known: ReturnType<typeof knownServiceImage>;
        if (health !== 'check') {
          if (health !== 'absent' || target.build) continue;
          known = knownServiceImage(target.image ? project.interpolate(target.image.value).value : undefined);
          if (!known?.probe) continue;
        }
        seen.add(d.start);
        const fixes: Fix[] = [];
        const edits = canEdit(model, dep.entry.keyStart) ? rewrite(model, dep, d) : undefined;
        if (edits && !known) fixes.push({ title: `Wait for ${d.name} to be healthy`, safety: 'unsafe', edits });
        else if (edits && known) {
          const add = addHealthcheck(model, project, target, known);
          if (add) fixes.push({ title: `Add a ${known.probeName} health check to ${d.name} and wait for it to be healthy`, safety: 'unsafe', edits: [...edits, add] });
        }
        const where = d.form === 'short' ? '' : ' (`condition: service_started`)';
        const message = known
          ? `\`${s.name}\` starts as soon as \`${d.name}\` has started${where}, not when it accepts connections. Give \`${d.name}\` a health check (\`${known.probeName}\`) and wait for \`condition: service_healthy\`.`
          : `\`${s.name}\` starts as soon as \`${d.name}\` has started${where}, not when it is ready: \`${d.name}\` has a health check, so wait for \`condition: service_healthy\`.`;
        const range = d.form === 'long' && d.condition ? d.condition.range : d.range;
        ctx.report({ range, message, fixes });
      }
    }
  },
});

function addHealthcheck(model: ComposeModel, project: ComposeProject, target: Service, known: NonNullable<ReturnType<typeof knownServiceImage>>): TextEdit | undefined {
  if (!model.services.includes(target) || !target.map || !target.ownMap || target.entry.inherited) return undefined;
  if (!canEdit(model, target.entry.keyStart) || project.find(target, 'healthcheck')) return undefined;
  const value = healthcheckValue(known);
  return value ? addToMap(model, target.map, 'healthcheck', value) : undefined;
}

/** The edits that make `d` wait for service_healthy, leaving the other entries' conditions as they were. */
function rewrite(model: ComposeModel, dep: DependsOn, d: Dependency): TextEdit[] | undefined {
  if (d.form === 'long') {
    if (d.condition) return d.condition.inherited && !d.inherited ? undefined : [replaceScalar(d.condition, 'service_healthy')];
    const e = d.entry!;
    if (isMap(e.value)) {
      const edit = addToMap(model, e.value, 'condition', sc('service_healthy'));
      return edit ? [edit] : undefined;
    }
    if (e.value === null) {
      const edit = fillEmptyKey(model, e, { map: [['condition', sc('service_healthy')]] });
      return edit ? [edit] : undefined;
    }
    return undefined;
  }
  const seq = dep.entry.value;
  if (!isSeq(seq) || !seq.range) return undefined;
  const items = dep.deps;
  if (items.length !== seq.items.length || !seq.items.every((i) => isScalar(i))) return undefined;
  const cond = (x: Dependency) => (x === d ? 'service_healthy' : 'service_started');
  if (seq.flow) {
    const text = model.text.slice(seq.range[0], seq.range[1]);
    if (/(^|\s)#/.test(text)) return undefined;
    const map = { map: items.map((x) => [keyText(model, x), { map: [['condition', sc(cond(x))]] }] as [string, { map: [string, { scalar: string }][] }]) };
    return [{ range: model.index.rangeOf(seq.range[0], seq.range[1]), newText: flowText(map) }];
  }
  // Block list: each `- name` line becomes `name:` with its condition below.
  const keyCol = model.index.positionAt(dep.entry.keyStart).character;
  const edits: TextEdit[] = [];
  let col: number | undefined;
  for (const x of items) {
    const dash = dashBefore(model, x.start);
    if (dash === undefined || !startsLine(model, x.start) || !restOfLineIsEmpty(model, x.end)) return undefined;
    const dashCol = model.index.positionAt(dash).character;
    col ??= Math.max(dashCol, keyCol + model.indent.unit);
    const line = model.index.positionAt(x.start).line;
    const lineStart = model.index.lineStart(line);
    const pad = ' '.repeat(col);
    const rest = model.text.slice(x.end, model.index.lineEnd(line));
    edits.push({
      range: model.index.rangeOf(lineStart, model.index.lineEnd(line)),
      newText: `${pad}${keyText(model, x)}:${rest}\n${pad}${' '.repeat(model.indent.unit)}condition: ${cond(x)}`,
    });
  }
  return edits;
}

/** A dependency's name as a mapping key, written as the list item was. */
function keyText(model: ComposeModel, x: Dependency): string {
  const raw = model.text.slice(x.start, x.end);
  return raw.startsWith('"') || raw.startsWith("'") ? raw : yamlString(x.name, true);
}
