import { type Dockerfile, type Flag, type Instruction } from 'dockerfile-ast';
import { DockerfileParser } from './ast';
import { TextIndex } from '../engine/text';
import type { Range } from '../engine/types';
import { parseImageRef, type ParsedImage } from './image';
import { classifyInstall, classifySystemInstall, type InstallCommand, type SystemInstall } from './installs';
import { joinLines, plainText, splitCommands, commandWords, type JoinedText, type ShellCommand, type Word } from './shell';
import { expand, hasVariables, type Lookup } from './variables';

/**
 * The prepared model of a Dockerfile that every rule reads. It is built once per text from dockerfile-ast and
 * knows stages, image references, users, copies, installs, ports and health checks, with exact ranges.
 * Rules never re-parse the text.
 */
export interface DockerfileModel {
  readonly language: 'dockerfile';
  readonly text: string;
  readonly index: TextIndex;
  readonly ast: Dockerfile;
  readonly escape: string;
  readonly directives: Directive[];
  readonly comments: CommentLine[];
  readonly instructions: Instr[];
  /** ARGs declared before the first FROM. */
  readonly globalArgs: ArgDecl[];
  readonly stages: Stage[];
  /** The stage a plain `docker build` produces: the last one. */
  readonly finalStage: Stage | undefined;
  /** Every image reference: FROM, COPY --from, RUN --mount=from. */
  readonly images: ImageRef[];
  readonly heredocs: HeredocInfo[];
}

export interface Directive {
  name: string;
  value: string;
  range: Range;
  line: number;
}

export interface CommentLine {
  /** The text after `#`, trimmed. */
  text: string;
  line: number;
  range: Range;
}

/** One instruction, with the stage it belongs to. */
export interface Instr {
  keyword: string;
  node: Instruction;
  range: Range;
  /** Document offsets of the whole instruction, heredoc bodies included. */
  start: number;
  end: number;
  /** Offsets of the arguments (after the keyword and before any heredoc body), when there are any. */
  argsStart: number;
  stage: Stage | undefined;
  /** Position in {@link DockerfileModel.instructions}. */
  index: number;
  /** Set for ONBUILD: the trigger runs in images built FROM this one, not here. */
  onbuild: boolean;
  /** Working directory in effect when the instruction runs; undefined when a variable hides it. */
  workdir: string | undefined;
}

export interface ArgDecl {
  name: string;
  /** The default after expanding earlier ARGs; undefined when there is none or it cannot be known. */
  value: string | undefined;
  /** The default as written. */
  raw: string | undefined;
  instr: Instr;
  nameRange: Range;
  valueRange: Range | undefined;
}

export interface EnvDecl {
  name: string;
  value: string;
  instr: Instr;
  nameRange: Range;
  valueRange: Range | undefined;
}

export type ImageRefKind = 'from' | 'copy-from' | 'mount-from';

export interface ImageRef {
  kind: ImageRefKind;
  instr: Instr;
  /** The reference as written, variables unexpanded. */
  text: string;
  range: Range;
  /** The reference after variable expansion; undefined when a variable has no value. */
  resolved: string | undefined;
  /** Variables that made up the value, with the ARG that declared each default. */
  via: { name: string; arg?: ArgDecl }[];
  scratch: boolean;
  /** The earlier stage this refers to (a stage name, or an index for `COPY --from=0`). */
  stage: Stage | undefined;
  /** The parsed image, when the reference is to an image (not a stage or scratch) and resolved. */
  image: ParsedImage | undefined;
}

export interface UserDecl {
  instr: Instr;
  /** As written, variables unexpanded: `app`, `1000:1000`, `${UID}`. */
  text: string;
  /** After variable expansion; undefined when unresolved. */
  resolved: string | undefined;
  user: string | undefined;
  group: string | undefined;
  range: Range;
}

export interface CopyArg {
  value: string;
  range: Range;
  start: number;
  end: number;
}

export interface CopyInfo {
  instr: Instr;
  keyword: 'COPY' | 'ADD';
  /** Set with --from: the stage or image the files come from instead of the build context. */
  from: ImageRef | undefined;
  sources: CopyArg[];
  dest: CopyArg | undefined;
  flags: Map<string, string | null>;
  /** True for `COPY . .`, `ADD . /app`, `COPY ./ ./`, `COPY * ./`: the whole build context. */
  broad: boolean;
  /** Written as a heredoc (`COPY <<EOF /file`). */
  heredoc: boolean;
}

export interface Mount {
  type: string;
  options: Map<string, string>;
  range: Range;
}

export interface RunInfo {
  instr: Instr;
  mounts: Mount[];
  /** `shell`: RUN cmd; `exec`: RUN ["cmd"]; `heredoc`: the script is a here-document. */
  form: 'shell' | 'exec' | 'heredoc';
  /** Commands of the RUN, including those of shell heredoc bodies, in order. */
  commands: ShellCommand[];
  /** The command line of the RUN (after flags), joined across continuations. */
  script: JoinedText | undefined;
  installs: Install[];
  systemInstalls: { command: ShellCommand; install: SystemInstall }[];
}

export interface Install extends InstallCommand {
  run: RunInfo;
  command: ShellCommand;
  /** Position of the command in {@link RunInfo.commands}. */
  commandIndex: number;
  range: Range;
  /** Directory the command runs in, when a `cd` before it in the same RUN changes it. */
  cd: string | undefined;
}

export interface PortInfo {
  instr: Instr;
  text: string;
  port: number | undefined;
  protocol: string;
  range: Range;
}

export interface HealthcheckInfo {
  instr: Instr;
  /** `HEALTHCHECK NONE` disables an inherited check. */
  none: boolean;
  /** The probe command's words (exec form strings or shell words). */
  command: Word[];
  flags: Map<string, string | null>;
}

export interface CommandInfo {
  instr: Instr;
  form: 'shell' | 'exec';
  words: Word[];
}

export interface HeredocInfo {
  instr: Instr;
  name: string;
  /** Body range (between the opener line and the delimiter), when there is a body. */
  contentStart: number;
  contentEnd: number;
  startLine: number;
  endLine: number;
}

export interface Stage {
  index: number;
  name: string | undefined;
  nameRange: Range | undefined;
  from: Instr;
  image: ImageRef;
  /** The earlier stage this one builds on (`FROM builder AS runner`). */
  parent: Stage | undefined;
  isFinal: boolean;
  /** All instructions of the stage, FROM first. */
  instructions: Instr[];
  args: ArgDecl[];
  envs: EnvDecl[];
  users: UserDecl[];
  copies: CopyInfo[];
  runs: RunInfo[];
  installs: Install[];
  exposes: PortInfo[];
  healthchecks: HealthcheckInfo[];
  cmds: CommandInfo[];
  entrypoints: CommandInfo[];
  workdirs: { instr: Instr; path: string }[];
  /** Last line of the stage (before the next FROM). */
  endLine: number;
}

export interface EffectiveUser {
  /** The USER in effect, possibly set in an earlier stage this one builds on. */
  decl: UserDecl | undefined;
  /** The external image at the root of the stage chain, whose default user applies when `decl` is undefined. */
  base: ImageRef;
}

const SCRATCH = 'scratch';

export function buildDockerfileModel(text: string): DockerfileModel {
  const ast = DockerfileParser.parse(text);
  const index = new TextIndex(text);
  const escape = ast.getEscapeCharacter();

  const heredocs: HeredocInfo[] = [];
  const instructions: Instr[] = [];
  const stages: Stage[] = [];
  const globalArgs: ArgDecl[] = [];
  const images: ImageRef[] = [];

  const heredocLines: [number, number][] = [];
  for (const node of ast.getInstructions()) {
    const r = node.getRange();
    const argsRange = node.getArgumentsRange();
    const instr: Instr = {
      keyword: node.getKeyword().toUpperCase(),
      node,
      range: r,
      start: index.offsetAt(r.start),
      end: index.offsetAt(r.end),
      argsStart: argsRange ? index.offsetAt(argsRange.start) : index.offsetAt(r.end),
      stage: undefined,
      index: instructions.length,
      onbuild: false,
      workdir: '/',
    };
    instructions.push(instr);
    const canHaveHeredocs = instr.keyword === 'RUN' || instr.keyword === 'COPY' || instr.keyword === 'ADD';
    const docs = canHaveHeredocs ? (node as unknown as { getHeredocs(): import('dockerfile-ast').Heredoc[] }).getHeredocs() : [];
    for (const h of docs) {
      const content = h.getContentRange();
      const delim = h.getDelimiterRange();
      const startLine = h.getStartRange().start.line;
      const endLine = delim ? delim.end.line : r.end.line;
      heredocs.push({
        instr,
        name: h.getName(),
        contentStart: content ? index.offsetAt(content.start) : index.offsetAt(h.getStartRange().end),
        contentEnd: content ? index.offsetAt(content.end) : index.offsetAt(h.getStartRange().end),
        startLine,
        endLine,
      });
      if (content) heredocLines.push([content.start.line, content.end.line]);
    }
  }

  const inHeredoc = (line: number) => heredocLines.some(([a, b]) => line >= a && line <= b);
  const comments: CommentLine[] = ast
    .getComments()
    .map((c) => ({ text: (c.getContent() ?? '').trim(), line: c.getRange().start.line, range: c.getRange() }))
    .filter((c) => !inHeredoc(c.line));
  const directives: Directive[] = ast.getDirectives().map((d) => ({
    name: d.getName().toLowerCase(),
    value: d.getValue(),
    range: d.getRange(),
    line: d.getRange().start.line,
  }));

  const model: DockerfileModel = {
    language: 'dockerfile',
    text,
    index,
    ast,
    escape,
    directives,
    comments,
    instructions,
    globalArgs,
    stages,
    finalStage: undefined,
    images,
    heredocs,
  };

  // Pass 1: stages and their instructions.
  let current: Stage | undefined;
  for (const instr of instructions) {
    if (instr.keyword === 'FROM') {
      current = newStage(model, instr, stages.length);
      stages.push(current);
    }
    instr.stage = current;
    if (current) current.instructions.push(instr);
    else if (instr.keyword === 'ARG') {
      // A default may use earlier global ARGs (`ARG BASE=$REGISTRY/app`): BuildKit expands it where it is declared.
      for (const a of argDecls(instr)) {
        if (a.value !== undefined && hasVariables(a.value)) {
          const ex = expand(a.value, globalLookup(globalArgs), model.escape);
          a.value = ex.unresolved ? undefined : ex.value;
        }
        globalArgs.push(a);
      }
    }
  }
  for (let k = 0; k < stages.length; k++) {
    const next = stages[k + 1];
    stages[k].endLine = next ? next.from.range.start.line - 1 : Math.max(index.lineCount - 1, stages[k].from.range.end.line);
  }
  if (stages.length) {
    stages[stages.length - 1].isFinal = true;
    (model as { finalStage: Stage | undefined }).finalStage = stages[stages.length - 1];
  }

  // Pass 2: what each stage does, now that every stage name is known.
  const finalScopes = new Map<Stage, { scope: Scope; workdir: string | undefined }>();
  for (const stage of stages) analyseStage(model, stage, finalScopes);
  images.sort((a, b) => a.instr.index - b.instr.index || a.range.start.character - b.range.start.character);
  return model;
}

function newStage(model: DockerfileModel, from: Instr, index: number): Stage {
  const node = from.node as import('dockerfile-ast').From;
  const name = node.getBuildStage() ?? undefined;
  const stage: Stage = {
    index,
    name,
    nameRange: node.getBuildStageRange() ?? undefined,
    from,
    image: undefined as unknown as ImageRef,
    parent: undefined,
    isFinal: false,
    instructions: [],
    args: [],
    envs: [],
    users: [],
    copies: [],
    runs: [],
    installs: [],
    exposes: [],
    healthchecks: [],
    cmds: [],
    entrypoints: [],
    workdirs: [],
    endLine: from.range.end.line,
  };
  const imageRange = node.getImageRange();
  const text = imageRange ? model.index.slice(imageRange) : '';
  const globals = globalLookup(model.globalArgs);
  stage.image = makeImageRef(model, 'from', from, text, imageRange ?? from.range, globals, index);
  stage.parent = stage.image.stage;
  model.images.push(stage.image);
  return stage;
}

function globalLookup(args: ArgDecl[]): (name: string) => { value: string | undefined; source: ArgDecl } | undefined {
  return (name) => {
    for (let k = args.length - 1; k >= 0; k--) if (args[k].name === name) return { value: args[k].value, source: args[k] };
    return undefined;
  };
}

function makeImageRef(
  model: DockerfileModel,
  kind: ImageRefKind,
  instr: Instr,
  text: string,
  range: Range,
  lookup: Lookup,
  stagesBefore: number,
): ImageRef {
  const ex = expand(text, lookup, model.escape);
  const resolved = ex.unresolved || text === '' ? undefined : ex.value;
  const via = ex.used.map((u) => ({ name: u.name, arg: u.source as ArgDecl | undefined }));
  const ref: ImageRef = { kind, instr, text, range, resolved, via, scratch: false, stage: undefined, image: undefined };
  if (resolved === undefined) return ref;
  const lower = resolved.toLowerCase();
  if (lower === SCRATCH) {
    ref.scratch = true;
    return ref;
  }
  // The first stage with that name, if it comes before this reference.
  const byName = stageNames(model).get(lower);
  if (byName && byName.index < stagesBefore) {
    ref.stage = byName;
    return ref;
  }
  if (kind !== 'from' && /^[0-9]+$/.test(resolved) && Number(resolved) < stagesBefore) {
    ref.stage = model.stages[Number(resolved)];
    if (ref.stage) return ref;
  }
  ref.image = parseImageRef(resolved);
  return ref;
}

const STAGE_NAMES = new WeakMap<DockerfileModel, { names: Map<string, Stage>; indexed: number }>();

/** Stage names (lower case) to the first stage of that name, extended as stages are added. */
function stageNames(model: DockerfileModel): Map<string, Stage> {
  let entry = STAGE_NAMES.get(model);
  if (!entry) STAGE_NAMES.set(model, (entry = { names: new Map(), indexed: 0 }));
  for (; entry.indexed < model.stages.length; entry.indexed++) {
    const s = model.stages[entry.indexed];
    if (s.name !== undefined && !entry.names.has(s.name.toLowerCase())) entry.names.set(s.name.toLowerCase(), s);
  }
  return entry.names;
}

function argDecls(instr: Instr): ArgDecl[] {
  const node = instr.node as import('dockerfile-ast').Arg;
  const props = (node as unknown as { getProperties(): import('dockerfile-ast').Property[] }).getProperties?.() ?? [];
  return props.map((p) => ({
    name: p.getName(),
    value: p.getValue() ?? undefined,
    raw: p.getValue() ?? undefined,
    instr,
    nameRange: p.getNameRange(),
    valueRange: p.getValueRange() ?? undefined,
  }));
}

function envDecls(instr: Instr): EnvDecl[] {
  const props = (instr.node as unknown as { getProperties(): import('dockerfile-ast').Property[] }).getProperties?.() ?? [];
  return props.map((p) => ({
    name: p.getName(),
    value: p.getValue() ?? '',
    instr,
    nameRange: p.getNameRange(),
    valueRange: p.getValueRange() ?? undefined,
  }));
}

function flagMap(node: Instruction): Map<string, string | null> {
  const m = new Map<string, string | null>();
  for (const f of (node as unknown as { getFlags?: () => Flag[] }).getFlags?.() ?? []) m.set(f.getName().toLowerCase(), f.getValue());
  return m;
}

type Scope = Map<string, { value: string | undefined; source: unknown }>;

function scopeLookup(scope: Scope): Lookup {
  return (name) => scope.get(name);
}

/**
 * Walks a stage once, keeping the variables in scope (the stage's ARGs, ENVs inherited from a parent stage and
 * its own) and the working directory as it goes, so the whole model is built in linear time.
 */
function analyseStage(model: DockerfileModel, stage: Stage, finalScopes: Map<Stage, { scope: Scope; workdir: string | undefined }>): void {
  const { index } = model;
  const globals = globalLookup(model.globalArgs);
  const inherited = stage.parent ? finalScopes.get(stage.parent) : undefined;
  // ARGs do not cross stage boundaries; ENVs do.
  const scope: Scope = new Map();
  if (inherited) for (const [k, v] of inherited.scope) if (v.source && (v.source as EnvDecl).instr?.keyword === 'ENV') scope.set(k, v);
  let workdir: string | undefined = inherited ? inherited.workdir : '/';
  const lookup = scopeLookup(scope);
  for (const instr of stage.instructions) {
    instr.workdir = workdir;
    const node = instr.node;
    const keyword = instr.keyword;
    if (keyword === 'ONBUILD') {
      const trigger = (node as import('dockerfile-ast').Onbuild).getTriggerInstruction();
      if (!trigger) continue;
      // Triggers run in child images; they are not part of this stage's own build.
      instr.onbuild = true;
      continue;
    }
    switch (keyword) {
      case 'ARG':
        for (const a of argDecls(instr)) {
          stage.args.push(a);
          const g = globals(a.name);
          scope.set(a.name, a.value !== undefined ? { value: expand(a.value, lookup, model.escape).value, source: a } : g ?? { value: undefined, source: a });
        }
        break;
      case 'ENV':
        for (const e of envDecls(instr)) {
          stage.envs.push(e);
          const ex = expand(e.value, lookup, model.escape);
          scope.set(e.name, { value: ex.unresolved ? undefined : ex.value, source: e });
        }
        break;
      case 'USER': {
        const argsRange = node.getArgumentsRange();
        if (!argsRange) break;
        const text = index.slice(argsRange).trim();
        const ex = expand(text, lookup, model.escape);
        const resolved = ex.unresolved ? undefined : ex.value;
        const [user, group] = resolved === undefined ? [undefined, undefined] : splitUserGroup(resolved);
        stage.users.push({ instr, text, resolved, user, group, range: argsRange });
        break;
      }
      case 'WORKDIR': {
        const args = node.getArguments();
        if (!args.length) break;
        const path = args.map((a) => a.getValue()).join(' ');
        stage.workdirs.push({ instr, path });
        const ex = expand(path, lookup, model.escape);
        if (ex.unresolved) workdir = undefined;
        else if (ex.value.startsWith('/')) workdir = normalizeDir(ex.value);
        else if (workdir !== undefined) workdir = normalizeDir(`${workdir}/${ex.value}`);
        break;
      }
      case 'COPY':
      case 'ADD':
        stage.copies.push(copyInfo(model, stage, instr, lookup));
        break;
      case 'RUN': {
        const run = runInfo(model, stage, instr, lookup);
        stage.runs.push(run);
        stage.installs.push(...run.installs);
        break;
      }
      case 'EXPOSE':
        for (const a of node.getArguments()) {
          const v = a.getValue();
          const m = /^([0-9]+)(?:-[0-9]+)?(?:\/([a-zA-Z]+))?$/.exec(v);
          stage.exposes.push({ instr, text: v, port: m ? Number(m[1]) : undefined, protocol: m?.[2]?.toLowerCase() ?? 'tcp', range: a.getRange() });
        }
        break;
      case 'HEALTHCHECK': {
        const args = node.getArguments();
        const flags = flagMap(node);
        const none = args.length > 0 && args[0].getValue().toUpperCase() === 'NONE';
        let command: Word[] = [];
        const cmdIdx = args.findIndex((a) => a.getValue().toUpperCase() === 'CMD');
        if (cmdIdx !== -1) {
          const start = index.offsetAt(args[cmdIdx].getRange().end);
          command = commandLineWords(model, start, instr.end);
        }
        stage.healthchecks.push({ instr, none, command, flags });
        break;
      }
      case 'CMD':
      case 'ENTRYPOINT': {
        const exec = execForm(model, instr.argsStart, instr.end);
        const info: CommandInfo = exec
          ? { instr, form: 'exec', words: exec }
          : { instr, form: 'shell', words: commandLineWords(model, instr.argsStart, instr.end) };
        (keyword === 'CMD' ? stage.cmds : stage.entrypoints).push(info);
        break;
      }
    }
  }
  finalScopes.set(stage, { scope, workdir });
}

function splitUserGroup(v: string): [string | undefined, string | undefined] {
  const k = v.indexOf(':');
  if (k === -1) return [v || undefined, undefined];
  return [v.slice(0, k) || undefined, v.slice(k + 1) || undefined];
}

/** Words of a shell-form command line, or the strings of an exec-form array. */
function commandLineWords(model: DockerfileModel, start: number, end: number): Word[] {
  const exec = execForm(model, start, end);
  if (exec) return exec;
  const joined = joinLines(model.text, skipBlanks(model.text, start, end), end, model.escape);
  return splitCommands(joined).flatMap((c) => c.words);
}

function skipBlanks(text: string, start: number, end: number): number {
  let k = start;
  while (k < end && (text[k] === ' ' || text[k] === '\t')) k++;
  return k;
}

/**
 * Reads an exec-form (JSON array) argument list with the offsets of each string, or returns undefined when the
 * arguments are not a valid JSON array of strings (Docker then runs them as a shell command).
 */
export function execForm(model: DockerfileModel, start: number, end: number, joinedText?: JoinedText): Word[] | undefined {
  // Only text that starts with `[` can be exec form: check before joining lines.
  const first = skipBlanks(model.text, start, end);
  if (model.text[first] !== '[') return undefined;
  const joined = joinedText ?? joinLines(model.text, first, end, model.escape);
  const s = joined.text;
  if (!s.startsWith('[')) return undefined;
  const trimmed = s.trimEnd();
  if (!trimmed.endsWith(']')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) return undefined;
  const words: Word[] = [];
  let k = 1;
  for (const value of parsed as string[]) {
    const open = s.indexOf('"', k);
    let close = open + 1;
    while (close < s.length && s[close] !== '"') close += s[close] === '\\' ? 2 : 1;
    words.push({ value, start: joined.toDocStart(open), end: joined.toDoc(close + 1), quoted: true });
    k = close + 1;
  }
  return words;
}

function copyInfo(model: DockerfileModel, stage: Stage, instr: Instr, lookup: Lookup): CopyInfo {
  const { index } = model;
  const node = instr.node as import('dockerfile-ast').Copy;
  const flags = flagMap(node);
  const fromFlag = ((node as unknown as { getFlags?: () => Flag[] }).getFlags?.() ?? []).find((f) => f.getName().toLowerCase() === 'from');
  let from: ImageRef | undefined;
  if (fromFlag) {
    const valueRange = fromFlag.getValueRange() ?? fromFlag.getRange();
    const text = fromFlag.getValue() ?? '';
    from = makeImageRef(model, 'copy-from', instr, text, valueRange, lookup, stage.index);
    model.images.push(from);
  }
  const heredoc = model.heredocs.some((h) => h.instr === instr);
  let args: CopyArg[];
  const exec = execForm(model, instr.argsStart, instr.end);
  if (exec) {
    args = exec.map((w) => ({ value: w.value, start: w.start, end: w.end, range: index.rangeOf(w.start, w.end) }));
  } else {
    // With a heredoc, only the first line holds sources and destination.
    const line = heredoc ? index.lineEnd(instr.range.start.line) : instr.end;
    args = node
      .getArguments()
      .filter((a) => index.offsetAt(a.getRange().start) < Math.max(line, instr.argsStart + 1))
      .map((a) => {
        const r = a.getRange();
        return { value: a.getValue(), range: r, start: index.offsetAt(r.start), end: index.offsetAt(r.end) };
      });
  }
  const sources = args.slice(0, -1);
  const dest = args.length ? args[args.length - 1] : undefined;
  const broad =
    !from &&
    !heredoc &&
    sources.some((s) => s.value === '.' || s.value === './' || s.value === '*' || s.value === './*' || s.value === '.\\');
  return { instr, keyword: instr.keyword as 'COPY' | 'ADD', from, sources, dest, flags, broad, heredoc };
}

function runInfo(model: DockerfileModel, stage: Stage, instr: Instr, lookup: Lookup): RunInfo {
  const { index, text } = model;
  const node = instr.node;
  const mounts: Mount[] = [];
  for (const f of (node as unknown as { getFlags?: () => Flag[] }).getFlags?.() ?? []) {
    if (f.getName().toLowerCase() !== 'mount') continue;
    const options = new Map<string, string>();
    for (const part of (f.getValue() ?? '').split(',')) {
      const eq = part.indexOf('=');
      if (eq === -1) options.set(part.trim().toLowerCase(), 'true');
      else options.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
    }
    const mount: Mount = { type: options.get('type') ?? 'bind', options, range: f.getRange() };
    mounts.push(mount);
    const fromValue = options.get('from');
    if (fromValue !== undefined) {
      // The range of the from= value inside the flag's value (`type=cache,from=builder,target=/x`).
      const vr = f.getValueRange() ?? f.getRange();
      const valueText = index.slice(vr);
      const m = /(?:^|,)\s*from=/i.exec(valueText);
      const valueStart = index.offsetAt(vr.start) + (m ? m.index + m[0].length : 0);
      const valueRange = index.rangeOf(valueStart, valueStart + fromValue.length);
      model.images.push(makeImageRef(model, 'mount-from', instr, fromValue, valueRange, lookup, stage.index));
    }
  }

  const run: RunInfo = { instr, mounts, form: 'shell', commands: [], script: undefined, installs: [], systemInstalls: [] };
  // Where the command starts: after the last flag.
  const flags = (node as unknown as { getFlags?: () => Flag[] }).getFlags?.() ?? [];
  let cmdStart = instr.argsStart;
  if (flags.length) cmdStart = Math.max(cmdStart, index.offsetAt(flags[flags.length - 1].getRange().end));
  cmdStart = skipBlanks(text, cmdStart, instr.end);
  if (cmdStart >= instr.end && instr.argsStart >= instr.end) return run;

  const script = joinLines(text, cmdStart, instr.end, model.escape);
  const exec = execForm(model, cmdStart, instr.end, script);
  if (exec) {
    run.form = 'exec';
    if (exec.length) run.commands.push({ words: exec, redirects: [], start: exec[0].start, end: exec[exec.length - 1].end, depth: 0 });
  } else {
    run.script = script;
    const commands = splitCommands(script);
    const heredocWords = commands.flatMap((c) => c.words).filter((w) => /^<<-?[^<]/.test(w.value));
    const bodies = model.heredocs.filter((h) => h.instr === instr);
    // Heredoc markers are not arguments of the command.
    for (const c of commands) {
      const keep = c.words.filter((w) => !/^<<-?[^<]/.test(w.value));
      c.redirects.push(...c.words.filter((w) => /^<<-?[^<]/.test(w.value)));
      c.words = keep;
    }
    const realCommands = commands.filter((c) => c.words.length > 0);
    run.commands.push(...realCommands);
    if (bodies.length && heredocWords.length) {
      const first = realCommands[0] ? commandWords(realCommands[0]) : [];
      const prog = first[0]?.value.replace(/^.*\//, '');
      const scriptMode = realCommands.length === 0 || ((prog === 'sh' || prog === 'bash' || prog === 'ash' || prog === 'dash') && first.slice(1).every((w) => w.value.startsWith('-') && w.value !== '-c'));
      if (scriptMode) {
        run.form = realCommands.length === 0 ? 'heredoc' : 'shell';
        for (const body of bodies) {
          const bodyText = text.slice(body.contentStart, body.contentEnd);
          const shebang = /^#!\s*(\S+)/.exec(bodyText);
          if (shebang && !/\/(?:ba|a|da)?sh$/.test(shebang[1]) && !/env\s+(?:ba|a|da)?sh\b/.test(bodyText.slice(0, 80))) continue;
          run.commands.push(...splitCommands(plainText(text, body.contentStart, body.contentEnd)).filter((c) => c.words.length > 0));
        }
      }
    }
  }

  let cd: string | undefined;
  run.commands.forEach((command, commandIndex) => {
    const words = commandWords(command);
    if (words[0]?.value === 'cd') cd = words[1]?.value;
    const inst = classifyInstall(command, words);
    if (inst) {
      run.installs.push({ ...inst, run, command, commandIndex, range: index.rangeOf(command.start, command.end), cd });
    }
    const sys = classifySystemInstall(command, words);
    if (sys) run.systemInstalls.push({ command, install: sys });
  });
  return run;
}

// ---------------------------------------------------------------------------------------------------------
// Queries shared by rules.

/** The stages a stage builds on, itself first, up to the one that starts from an external image. */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  const seen = new Set<Stage>();
  for (let s: Stage | undefined = stage; s && !seen.has(s); s = s.parent) {
    seen.add(s);
    chain.push(s);
  }
  return chain;
}

/** The image at the root of a stage's chain (the external base image, `scratch`, or unresolved). */
export function baseImageOf(stage: Stage): ImageRef {
  const chain = stageChain(stage);
  return chain[chain.length - 1].image;
}

/** The USER in effect at the end of a stage, following `FROM <stage>` chains. */
export function effectiveUser(stage: Stage): EffectiveUser {
  for (const s of stageChain(stage)) {
    const own = s.users.filter((u) => !u.instr.onbuild);
    if (own.length) return { decl: own[own.length - 1], base: baseImageOf(stage) };
  }
  return { decl: undefined, base: baseImageOf(stage) };
}

/** Instructions of a stage and of the stages it builds on, oldest first. */
export function inheritedInstructions(stage: Stage): Instr[] {
  return stageChain(stage)
    .reverse()
    .flatMap((s) => s.instructions);
}

function normalizeDir(p: string): string {
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return '/' + parts.join('/');
}

/** The stage that contains a line, if any. */
export function stageAtLine(model: DockerfileModel, line: number): Stage | undefined {
  let found: Stage | undefined;
  for (const s of model.stages) if (s.from.range.start.line <= line) found = s;
  return found;
}

/** The instruction whose range contains a line. */
export function instructionAtLine(model: DockerfileModel, line: number): Instr | undefined {
  const list = model.instructions;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = list[mid].range;
    if (line < r.start.line) hi = mid - 1;
    else if (line > Math.max(r.end.line, endLineOf(model, list[mid]))) lo = mid + 1;
    else return list[mid];
  }
  return undefined;
}

function endLineOf(model: DockerfileModel, instr: Instr): number {
  return model.index.positionAt(instr.end).line;
}
