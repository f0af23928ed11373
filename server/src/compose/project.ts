import { buildDockerfileModel, stageChain } from '../dockerfile/model';
import { joinPosix } from '../engine/files';
import type { RuleContext } from '../engine/rule';
import { interpolate, type Interpolated } from './interpolate';
import { buildComposeModel, servicesNamed, type ComposeModel, type Entry, type Service } from './model';

/**
 * The linted Compose file among the files Compose reads with it: the `.env` beside it (interpolation), the
 * override file Compose merges by default (`compose.override.yaml` for `compose.yaml`, and the other way round),
 * `include`d files, `extends` bases and the Dockerfiles of `build` sections. Rules ask it whether a service has a
 * key anywhere Compose would find one, so a health check or restart policy set in an override is not reported
 * missing. Reads go through ctx.files, so the file is re-linted when any of them changes. Findings and fixes stay
 * in the linted file.
 */
export interface ComposeProject {
  readonly model: ComposeModel;
  /** Variables of the `.env` file beside the Compose file. */
  readonly env: Map<string, string>;
  interpolate(text: string): Interpolated;
  /** Definitions of a service: in this file first, then in the files Compose reads with it. */
  definitions(name: string): Service[];
  /**
   * The first entry for a key of a service: its own (merges included), then its `extends` base, then other
   * definitions of the same service in the project.
   */
  find(service: Service, key: string): Entry | undefined;
  /** The services of this file that are complete definitions (not override fragments). */
  readonly services: Service[];
  /** The HEALTHCHECK of the Dockerfile a service builds, read through `build.context` and `build.dockerfile`. */
  dockerfileHealthcheck(service: Service): 'check' | 'none' | 'absent' | 'unknown';
  /** How a service's health check stands across the project. */
  health(service: Service): 'check' | 'disabled' | 'absent' | 'unknown';
  /**
   * True when the service `extends` a base that cannot be read (a file that is not there, a service it does not
   * define): what the base sets is unknown, so nothing can be called missing.
   */
  unresolvedBase(service: Service): boolean;
  /** A swarm stack file: by its content (see ComposeModel.stack) or its name (`docker-stack.yml`). */
  readonly stack: boolean;
  /** Every service of this file that lists `name` in depends_on, with its condition. */
  dependents(name: string): { service: Service; condition: string }[];
}

const cache = new WeakMap<ComposeModel, ComposeProject>();
const sideModels = new Map<string, ComposeModel>();

function sideModel(text: string): ComposeModel {
  let m = sideModels.get(text);
  if (!m) {
    m = buildComposeModel(text);
    if (sideModels.size > 32) sideModels.delete(sideModels.keys().next().value!);
    sideModels.set(text, m);
  }
  return m;
}

const BASE_NAME = /^((?:docker-)?compose)\.(ya?ml)$/i;
const OVERRIDE_NAME = /^((?:docker-)?compose)\.override\.(ya?ml)$/i;

export function projectOf(ctx: RuleContext<ComposeModel>): ComposeProject {
  const hit = cache.get(ctx.model);
  if (hit) return hit;
  const p = makeProject(ctx);
  cache.set(ctx.model, p);
  return p;
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);
}

function makeProject(ctx: RuleContext<ComposeModel>): ComposeProject {
  const { model, dir, path, files } = ctx;
  const env = new Map<string, string>();
  if (dir) {
    const text = files.read(joinPosix(dir, '.env'));
    if (text !== undefined) for (const [k, v] of parseEnvFile(text)) env.set(k, v);
  }
  const lookup = (name: string) => env.get(name);
  const interp = (text: string) => interpolate(text, lookup);

  // Other files Compose reads together with this one.
  let related: ComposeModel[] | undefined;
  const relatedModels = (): ComposeModel[] => {
    if (related) return related;
    related = [];
    if (!dir || !path) return related;
    const name = path.split('/').pop() ?? '';
    const candidates: string[] = [];
    let m = BASE_NAME.exec(name);
    if (m) candidates.push(`${m[1]}.override.yaml`, `${m[1]}.override.yml`);
    m = OVERRIDE_NAME.exec(name);
    if (m) candidates.push(`${m[1]}.yaml`, `${m[1]}.yml`);
    candidates.push(...model.includes);
    for (const c of candidates) {
      const resolved = interp(c).value;
      if (!resolved || /:\/\//.test(resolved)) continue;
      const abs = isAbsolute(resolved) ? resolved : joinPosix(dir, resolved);
      if (abs === path) continue;
      const text = files.read(abs);
      if (text !== undefined) related.push(sideModel(text));
    }
    return related;
  };

  const definitions = (name: string): Service[] => [...servicesNamed(model, name), ...relatedModels().flatMap((m) => servicesNamed(m, name))];

  const extendsBase = (s: Service): Service[] => {
    const ext = s.extends;
    if (!ext?.service) return [];
    if (ext.file) {
      const resolved = interp(ext.file).value;
      if (!resolved || !dir) return [];
      const text = files.read(isAbsolute(resolved) ? resolved : joinPosix(dir, resolved));
      return text === undefined ? [] : servicesNamed(sideModel(text), ext.service);
    }
    return definitions(ext.service).filter((d) => d !== s);
  };

  const find = (s: Service, key: string, depth = 0, seen = new Set<Service>()): Entry | undefined => {
    if (seen.has(s) || depth > 6) return undefined;
    seen.add(s);
    const own = s.fields.get(key);
    if (own) return own;
    for (const base of extendsBase(s)) {
      const e = find(base, key, depth + 1, seen);
      if (e) return e;
    }
    if (depth === 0) {
      for (const other of definitions(s.name)) {
        if (other === s) continue;
        const e = find(other, key, depth + 1, seen);
        if (e) return e;
      }
    }
    return undefined;
  };

  const buildOf = (s: Service, depth = 0, seen = new Set<Service>()): Service | undefined => {
    if (s.build) return s;
    if (seen.has(s) || depth > 6) return undefined;
    seen.add(s);
    for (const base of [...extendsBase(s), ...(depth === 0 ? definitions(s.name).filter((d) => d !== s) : [])]) {
      const b = buildOf(base, depth + 1, seen);
      if (b) return b;
    }
    return undefined;
  };

  const dockerfileHealthcheck = (s: Service): 'check' | 'none' | 'absent' | 'unknown' => {
    const owner = buildOf(s);
    const build = owner?.build;
    if (!build) return 'absent';
    let text: string | undefined;
    if (build.dockerfileInline) text = build.dockerfileInline.value;
    else {
      if (!dir) return 'unknown';
      const context = build.context ? interp(build.context.value).value : '.';
      if (context === undefined || /^[a-z]+:\/\/|^git@|\.git(?:#|$)|^github\.com\//i.test(context)) return 'unknown';
      const ctxDir = isAbsolute(context) ? context : joinPosix(dir, context);
      const df = build.dockerfile ? interp(build.dockerfile.value).value : 'Dockerfile';
      if (df === undefined) return 'unknown';
      text = files.read(isAbsolute(df) ? df : joinPosix(ctxDir, df));
    }
    if (text === undefined) return 'unknown';
    let df;
    try {
      df = buildDockerfileModel(text);
    } catch {
      return 'unknown';
    }
    const target = build.target ? interp(build.target.value).value : undefined;
    const stage = target ? df.stages.find((st) => st.name?.toLowerCase() === target.toLowerCase()) : df.finalStage;
    if (!stage) return 'unknown';
    for (const st of stageChain(stage)) {
      const checks = st.healthchecks.filter((h) => !h.instr.onbuild);
      if (checks.length) return checks[checks.length - 1].none ? 'none' : 'check';
    }
    return 'absent';
  };

  const health = (s: Service): 'check' | 'disabled' | 'absent' | 'unknown' => {
    const hc = find(s, 'healthcheck');
    if (hc && hc.value !== null) {
      const disabled = definitions(s.name).some((d) => d.healthcheck?.disabled) || s.healthcheck?.disabled;
      return disabled ? 'disabled' : 'check';
    }
    const fromDockerfile = dockerfileHealthcheck(s);
    if (fromDockerfile === 'check') return 'check';
    if (fromDockerfile === 'none') return 'disabled';
    if (fromDockerfile === 'unknown') return 'unknown';
    return 'absent';
  };

  const dependents = (name: string) => {
    const out: { service: Service; condition: string }[] = [];
    for (const s of model.services) {
      for (const d of s.dependsOn?.deps ?? []) {
        if (d.name === name) out.push({ service: s, condition: d.condition?.value ?? 'service_started' });
      }
    }
    return out;
  };

  const project: ComposeProject = {
    model,
    env,
    interpolate: interp,
    definitions,
    find: (s, key) => find(s, key),
    services: model.services.filter((s) => !s.fragment),
    stack: model.stack || (!!path && /^(?:docker-)?stack(?:[.-].*)?\.ya?ml$/i.test(path.split('/').pop() ?? '')),
    unresolvedBase: (s) => !!s.extends && extendsBase(s).length === 0,
    dockerfileHealthcheck,
    health,
    dependents,
  };
  return project;
}

/** `KEY=value` lines of an env file (quotes removed, `export ` allowed, comments skipped). */
export function parseEnvFile(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*([^]*)$/.exec(line);
    if (!m) continue;
    let v = m[2];
    const q = v[0];
    if ((q === '"' || q === "'") && v.length > 1 && v.lastIndexOf(q) > 0) v = v.slice(1, v.lastIndexOf(q));
    else {
      // An unquoted value ends at ` #` (a comment).
      const hash = /\s#/.exec(v);
      if (hash) v = v.slice(0, hash.index).trimEnd();
    }
    out.push([m[1], v]);
  }
  return out;
}
