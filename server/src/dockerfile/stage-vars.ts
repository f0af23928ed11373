import type { DockerfileModel, Install, Instr, Stage } from './model';
import { commandAssignments, commandWords } from './shell';
import { expand } from './variables';

/**
 * The environment a RUN command sees: ENV inherited through `FROM <stage>` chains and set in the stage, the
 * stage's ARGs (build arguments are environment variables of RUN, with their defaults), `export` earlier in the
 * same RUN and assignments written before the command (`NODE_ENV=production npm ci`).
 *
 * A value is `undefined` when it is not known: an ARG without a default, or a value built from one.
 */
export type VarMap = ReadonlyMap<string, string | undefined>;

interface StageVars {
  /** ENV in effect at the end of the stage (what a child stage inherits). */
  envEnd: Map<string, string | undefined>;
  /** Variables in effect when each RUN of the stage starts. */
  atRun: Map<Instr, VarMap>;
}

const CACHE = new WeakMap<DockerfileModel, Map<Stage, StageVars>>();

function stageVars(model: DockerfileModel, stage: Stage): StageVars {
  let byStage = CACHE.get(model);
  if (!byStage) CACHE.set(model, (byStage = new Map()));
  const hit = byStage.get(stage);
  if (hit) return hit;
  const result: StageVars = { envEnd: new Map(), atRun: new Map() };
  // Set before computing so that a (malformed) cycle of stages ends here.
  byStage.set(stage, result);
  const parent = stage.parent && stage.parent !== stage ? stageVars(model, stage.parent).envEnd : undefined;
  const env = new Map<string, string | undefined>(parent ?? []);
  const args = new Map<string, string | undefined>();
  const lookup = (name: string) => {
    if (env.has(name)) return { value: env.get(name) };
    if (args.has(name)) return { value: args.get(name) };
    return undefined;
  };
  const resolve = (raw: string): string | undefined => {
    const ex = expand(raw, lookup, model.escape);
    return ex.unresolved ? undefined : ex.value;
  };
  const argsByInstr = new Map<Instr, typeof stage.args>();
  for (const a of stage.args) argsByInstr.set(a.instr, [...(argsByInstr.get(a.instr) ?? []), a]);
  const envsByInstr = new Map<Instr, typeof stage.envs>();
  for (const e of stage.envs) envsByInstr.set(e.instr, [...(envsByInstr.get(e.instr) ?? []), e]);
  for (const instr of stage.instructions) {
    if (instr.onbuild) continue;
    if (instr.keyword === 'RUN') {
      const snapshot = new Map(args);
      for (const [k, v] of env) snapshot.set(k, v);
      result.atRun.set(instr, snapshot);
    } else if (instr.keyword === 'ARG') {
      for (const a of argsByInstr.get(instr) ?? []) {
        if (a.value !== undefined) args.set(a.name, resolve(a.value));
        else {
          const global = [...model.globalArgs].reverse().find((g) => g.name === a.name);
          args.set(a.name, global?.value !== undefined ? resolve(global.value) : undefined);
        }
      }
    } else if (instr.keyword === 'ENV') {
      for (const e of envsByInstr.get(instr) ?? []) env.set(e.name, resolve(e.value));
    }
  }
  result.envEnd = env;
  return result;
}

/** Variables in effect when a RUN instruction starts (empty for an instruction that is not a RUN of the stage). */
export function varsAtRun(model: DockerfileModel, instr: Instr): VarMap {
  if (!instr.stage) return new Map();
  return stageVars(model, instr.stage).atRun.get(instr) ?? new Map();
}

/** ENV in effect at the end of a stage, inherited ones included. */
export function envAtEnd(model: DockerfileModel, stage: Stage): VarMap {
  return stageVars(model, stage).envEnd;
}

/** Variables a command of a RUN sees: the RUN's, then `export`s before it in the RUN, then its own assignments. */
export function varsForInstall(model: DockerfileModel, install: Install): VarMap {
  const vars = new Map(varsAtRun(model, install.run.instr));
  const commands = install.run.commands;
  for (let k = 0; k < install.commandIndex && k < commands.length; k++) {
    const words = commandWords(commands[k]);
    if (words[0]?.value !== 'export') continue;
    for (const w of words.slice(1)) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w.value);
      if (m) vars.set(m[1], /\$/.test(m[2]) ? undefined : m[2]);
    }
  }
  for (const [k, v] of commandAssignments(install.command)) vars.set(k, /\$/.test(v) ? undefined : v);
  return vars;
}

export type Tristate = 'yes' | 'no' | 'unknown';

/** Whether a boolean-like variable (`1`, `true`, `yes`, `on`) is set in a map. */
export function truthy(vars: VarMap, name: string): Tristate {
  if (!vars.has(name)) return 'no';
  const v = vars.get(name);
  if (v === undefined) return 'unknown';
  return /^(?:1|true|yes|on|y|t)$/i.test(v.trim()) ? 'yes' : 'no';
}
