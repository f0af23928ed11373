import type { DockerfileModel, Install, Instr, RunInfo, Stage } from './model';
import { commandAssignments, commandWords } from './shell';
import { expand } from './variables';

/**
 * The environment a RUN command sees: ENV inherited through `FROM <stage>` chains and set in the stage, the
 * stage's ARGs (build arguments are environment variables of RUN, with their defaults; an ENV of the same name
 * wins), `export` earlier in the same RUN and assignments written before the command (`NODE_ENV=production npm ci`).
 *
 * A value is `undefined` when it is not known: an ARG without a default, or a value built from one.
 */
export interface VarMap {
  has(name: string): boolean;
  get(name: string): string | undefined;
}

interface Assignment {
  /** Index of the instruction (in the model) that set the value. */
  at: number;
  value: string | undefined;
}

/**
 * ENV values in effect at the end of a stage: its own, over its parent's. Lookups walk up the chain once per
 * name and remember the answer, so deep `FROM <stage>` chains stay linear.
 */
class EnvScope implements VarMap {
  private readonly memo = new Map<string, { value: string | undefined } | null>();
  constructor(
    readonly own: Map<string, string | undefined>,
    readonly parent: EnvScope | undefined,
  ) {}
  private find(name: string): { value: string | undefined } | null {
    const path: EnvScope[] = [];
    let found: { value: string | undefined } | null = null;
    for (let s: EnvScope | undefined = this; s; s = s.parent) {
      if (s.own.has(name)) {
        found = { value: s.own.get(name) };
        break;
      }
      const m = s.memo.get(name);
      if (m !== undefined) {
        found = m;
        break;
      }
      path.push(s);
    }
    for (const s of path) s.memo.set(name, found);
    return found;
  }
  has(name: string): boolean {
    return this.find(name) !== null;
  }
  get(name: string): string | undefined {
    return this.find(name)?.value;
  }
}

interface StageVars {
  /** ENV in effect at the end of the stage (what a child stage inherits). */
  envEnd: EnvScope;
  /** ENV values the stage inherits from its parent. */
  inherited: EnvScope | undefined;
  /** Every ENV and ARG assignment of the stage, per name, in order: a RUN looks up the last one before it. */
  env: Map<string, Assignment[]>;
  args: Map<string, Assignment[]>;
}

const CACHE = new WeakMap<DockerfileModel, Map<Stage, StageVars>>();

/** Built once per stage in one pass, parents first and without recursion; lookups are binary searches. */
function stageVars(model: DockerfileModel, stage: Stage): StageVars {
  let byStage = CACHE.get(model);
  if (!byStage) CACHE.set(model, (byStage = new Map()));
  const todo: Stage[] = [];
  const seen = new Set<Stage>();
  for (let s: Stage | undefined = stage; s && !byStage.has(s) && !seen.has(s); s = s.parent) {
    seen.add(s);
    todo.push(s);
  }
  for (let k = todo.length - 1; k >= 0; k--) {
    const s = todo[k];
    const parent = s.parent && s.parent !== s ? byStage.get(s.parent)?.envEnd : undefined;
    byStage.set(s, buildStageVars(model, s, parent));
  }
  return byStage.get(stage)!;
}

function buildStageVars(model: DockerfileModel, stage: Stage, parent: EnvScope | undefined): StageVars {
  const result: StageVars = { envEnd: new EnvScope(new Map(), parent), inherited: parent, env: new Map(), args: new Map() };
  const own = result.envEnd.own;
  const args = new Map<string, string | undefined>();
  const lookup = (name: string) => {
    if (own.has(name)) return { value: own.get(name) };
    if (parent?.has(name)) return { value: parent.get(name) };
    if (args.has(name)) return { value: args.get(name) };
    return undefined;
  };
  const resolve = (raw: string): string | undefined => {
    const ex = expand(raw, lookup, model.escape);
    return ex.unresolved ? undefined : ex.value;
  };
  const record = (into: Map<string, Assignment[]>, name: string, at: number, value: string | undefined) => {
    let list = into.get(name);
    if (!list) into.set(name, (list = []));
    list.push({ at, value });
  };
  let globals: Map<string, string | undefined> | undefined;
  let a = 0;
  let e = 0;
  for (const instr of stage.instructions) {
    if (instr.onbuild) continue;
    if (instr.keyword === 'ARG') {
      for (; a < stage.args.length && stage.args[a].instr.index <= instr.index; a++) {
        const decl = stage.args[a];
        if (decl.instr !== instr) continue;
        let value: string | undefined;
        if (decl.value !== undefined) value = resolve(decl.value);
        else {
          if (!globals) {
            globals = new Map();
            for (const g of model.globalArgs) globals.set(g.name, g.value);
          }
          const g = globals.get(decl.name);
          value = g !== undefined ? resolve(g) : undefined;
        }
        args.set(decl.name, value);
        record(result.args, decl.name, instr.index, value);
      }
    } else if (instr.keyword === 'ENV') {
      for (; e < stage.envs.length && stage.envs[e].instr.index <= instr.index; e++) {
        const decl = stage.envs[e];
        if (decl.instr !== instr) continue;
        const value = resolve(decl.value);
        own.set(decl.name, value);
        record(result.env, decl.name, instr.index, value);
      }
    }
  }
  return result;
}

/** The last assignment before an instruction, by binary search. */
function before(list: Assignment[] | undefined, at: number): Assignment | undefined {
  if (!list || list.length === 0 || list[0].at >= at) return undefined;
  let lo = 0;
  let hi = list.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (list[mid].at < at) lo = mid;
    else hi = mid - 1;
  }
  return list[lo];
}

/** Variables in effect when an instruction of a stage starts. */
export function varsAtRun(model: DockerfileModel, instr: Instr): VarMap {
  const stage = instr.stage;
  if (!stage) return new Map();
  const v = stageVars(model, stage);
  const find = (name: string): { value: string | undefined } | undefined => {
    const env = before(v.env.get(name), instr.index);
    if (env) return env;
    if (v.inherited?.has(name)) return { value: v.inherited.get(name) };
    return before(v.args.get(name), instr.index);
  };
  return { has: (name) => find(name) !== undefined, get: (name) => find(name)?.value };
}

/** ENV in effect at the end of a stage, inherited ones included. */
export function envAtEnd(model: DockerfileModel, stage: Stage): VarMap {
  return stageVars(model, stage).envEnd;
}

const EXPORTS = new WeakMap<RunInfo, Map<string, Assignment[]>>();

/** `export NAME=value` commands of a RUN, per name, by command position (built once per RUN). */
function exportsOf(run: RunInfo): Map<string, Assignment[]> {
  let map = EXPORTS.get(run);
  if (map) return map;
  map = new Map();
  run.commands.forEach((cmd, k) => {
    const words = commandWords(cmd);
    if (words[0]?.value !== 'export') return;
    for (const w of words.slice(1)) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w.value);
      if (!m) continue;
      let list = map!.get(m[1]);
      if (!list) map!.set(m[1], (list = []));
      list.push({ at: k, value: /\$/.test(m[2]) ? undefined : m[2] });
    }
  });
  EXPORTS.set(run, map);
  return map;
}

/** Variables a command of a RUN sees: the RUN's, then `export`s before it in the RUN, then its own assignments. */
export function varsForInstall(model: DockerfileModel, install: Install): VarMap {
  const base = varsAtRun(model, install.run.instr);
  const exports = exportsOf(install.run);
  const own = new Map<string, string | undefined>();
  for (const [k, v] of commandAssignments(install.command)) own.set(k, /\$/.test(v) ? undefined : v);
  const find = (name: string): { value: string | undefined } | undefined => {
    if (own.has(name)) return { value: own.get(name) };
    const exported = before(exports.get(name), install.commandIndex);
    if (exported) return exported;
    return base.has(name) ? { value: base.get(name) } : undefined;
  };
  return { has: (name) => find(name) !== undefined, get: (name) => find(name)?.value };
}

export type Tristate = 'yes' | 'no' | 'unknown';

/** Whether a boolean-like variable (`1`, `true`, `yes`, `on`) is set in a map. */
export function truthy(vars: VarMap, name: string): Tristate {
  if (!vars.has(name)) return 'no';
  const v = vars.get(name);
  if (v === undefined) return 'unknown';
  return /^(?:1|true|yes|on|y|t)$/i.test(v.trim()) ? 'yes' : 'no';
}
