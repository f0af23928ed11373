import { isMap } from 'yaml';
import { addToMap, addTopLevel, canEdit, fillEmptyKey, flowText, sc, yamlString, type YValue } from '../../compose/edits';
import { isProxyImage, knownServiceImage } from '../../compose/images';
import type { ComposeModel, Service } from '../../compose/model';
import { projectOf, type ComposeProject } from '../../compose/project';
import { defineRule } from '../../engine/rule';
import type { Fix, TextEdit } from '../../engine/types';

/**
 * Flags services with no `networks` (and no `network_mode`) in a file with more than one such service: they
 * all share the project's default network, so every container reaches every other. A file that configures the
 * `default` network itself (a name, `external`, a driver) has chosen it and is left alone; so are override
 * fragments. The fix declares named networks and attaches every service that has none: one shared network,
 * or, when the file has data services (databases, caches, brokers) and a service that publishes ports and
 * depends only on non-data services (a proxy in front of an app), `frontend` and `backend` networks so the
 * data services are reachable only from the services that use them.
 */
export default defineRule({
  meta: {
    id: 'compose-named-networks',
    title: 'Attach services to named networks instead of the default one',
    language: 'compose',
    category: 'security',
    defaultSeverity: 'warning',
    fixSafety: ['unsafe'],
    aliases: [],
    rationale:
      'On the default network every container of the project can reach every other one, so a compromised web-facing service can talk straight to the database. Named networks make the topology explicit and let you keep back-end services away from the front end.',
  },
  check(ctx) {
    const { model } = ctx;
    const project = projectOf(ctx);
    if (model.networks.some((n) => n.key === 'default')) return;
    const networked = project.services.filter((s) => !project.find(s, 'network_mode'));
    if (networked.length < 2) return;
    // A service extending a base that cannot be read may get its networks there.
    const bare = networked.filter((s) => !project.find(s, 'networks') && !project.unresolvedBase(s));
    if (!bare.length) return;
    const plan = planNetworks(model, project, networked, bare);
    const fix = plan ? networkFix(model, plan, bare) : undefined;
    const declared = model.networks.filter((n) => n.key !== 'default');
    for (const s of bare) {
      const advice =
        declared.length > 1
          ? ` Attach it to the networks it needs among those declared (${declared.map((n) => `\`${n.key}\``).join(', ')}).`
          : plan && plan.names.length > 1
            ? ' Attach services to named networks: `frontend` for those that take traffic, `backend` for those that hold data.'
            : ` Attach services to a named network${declared.length === 1 ? ` (\`${declared[0].key}\`)` : ''}.`;
      ctx.report({
        range: s.keyRange,
        message: `Service \`${s.name}\` has no \`networks\`, so it sits on the project's default network, where every container reaches every other.${advice}`,
        fixes: fix ? [fix] : [],
      });
    }
  },
});

interface Plan {
  names: string[];
  /** Networks per service lacking them. */
  of: Map<Service, string[]>;
  /** Network names to declare at the top level. */
  declare: string[];
}

function planNetworks(model: ComposeModel, project: ComposeProject, networked: Service[], bare: Service[]): Plan | undefined {
  const declared = model.networks.filter((n) => n.key !== 'default');
  if (declared.length > 1) return undefined;
  if (declared.length === 1) {
    const name = declared[0].key;
    return { names: [name], of: new Map(bare.map((s) => [s, [name]])), declare: [] };
  }
  // Services that already name networks without declaring them: the file is in a state we should not guess about.
  if (bare.length !== networked.length) return undefined;
  const imageOf = (s: Service) => (s.image && !s.build ? project.interpolate(s.image.value).value : undefined);
  const data = new Set(networked.filter((s) => knownServiceImage(imageOf(s)) !== undefined));
  const byName = new Map(networked.map((s) => [s.name, s]));
  const talksTo = (s: Service): Service[] => {
    const names = new Set([...(s.dependsOn?.deps.map((d) => d.name) ?? []), ...s.links]);
    return [...names].map((n) => byName.get(n)).filter((x): x is Service => !!x);
  };
  const mentionsData = (s: Service) =>
    (s.environment?.entries ?? []).some((e) => e.value !== null && [...data].some((d) => new RegExp(`(^|[/@:=,\\s])${escape(d.name)}([:/,\\s]|$)`).test(e.value!)));
  const single: Plan = { names: ['app-network'], of: new Map(bare.map((s) => [s, ['app-network']])), declare: ['app-network'] };
  if (data.size === 0 || data.size === networked.length) return single;
  // Front: services that publish ports, and the non-data services they depend on.
  const front = new Set<Service>();
  const queue = networked.filter((s) => !data.has(s) && (project.find(s, 'ports') || isProxyImage(imageOf(s))));
  while (queue.length) {
    const s = queue.pop()!;
    if (front.has(s)) continue;
    front.add(s);
    for (const t of talksTo(s)) if (!data.has(t)) queue.push(t);
  }
  const frontOnly = (s: Service) => front.has(s) && talksTo(s).length > 0 && !talksTo(s).some((t) => data.has(t)) && !mentionsData(s);
  if (!networked.some(frontOnly)) return single;
  const of = new Map<Service, string[]>();
  for (const s of networked) {
    if (data.has(s)) of.set(s, ['backend']);
    else if (frontOnly(s)) of.set(s, ['frontend']);
    else if (front.has(s)) of.set(s, ['frontend', 'backend']);
    else of.set(s, ['backend']);
  }
  return { names: ['frontend', 'backend'], of, declare: ['frontend', 'backend'] };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function networkFix(model: ComposeModel, plan: Plan, bare: Service[]): Fix | undefined {
  const edits: TextEdit[] = [];
  for (const s of bare) {
    if (!s.map || !s.ownMap || s.entry.inherited || !canEdit(model, s.entry.keyStart)) return undefined;
    const names = plan.of.get(s) ?? [];
    const value: YValue = s.map.flow ? { seq: names.map((n) => sc(yamlString(n, true))), flow: true } : { seq: names.map((n) => sc(yamlString(n))) };
    const edit = addToMap(model, s.map, 'networks', value);
    if (!edit) return undefined;
    edits.push(edit);
  }
  if (plan.declare.length) {
    const doc = bare[0].doc;
    const top = doc.top.get('networks');
    const entries: [string, YValue][] = plan.declare.map((n) => [n, { map: [] }]);
    let edit: TextEdit | undefined;
    if (!top) edit = addTopLevel(model, doc, 'networks', { map: entries });
    else if (top.inherited) return undefined;
    else if (top.value === null) edit = fillEmptyKey(model, top, { map: entries });
    else if (isMap(top.value) && top.value.flow && top.value.items.length === 0 && top.value.range) {
      edit = { range: model.index.rangeOf(top.value.range[0], top.value.range[1]), newText: flowText({ map: entries }) };
    }
    if (!edit) return undefined;
    edits.push(edit);
  }
  const title =
    plan.names.length > 1
      ? 'Put services on frontend and backend networks'
      : `Put every service on the network ${plan.names[0]}`;
  return { title, safety: 'unsafe', edits };
}
