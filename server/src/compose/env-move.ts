import { isMap, isScalar, isSeq } from 'yaml';
import { joinPosix } from '../engine/files';
import type { RuleContext } from '../engine/rule';
import { TextIndex } from '../engine/text';
import type { FileChange, Fix, TextEdit } from '../engine/types';
import { addToSeq, canEdit, commentsAbove, deleteLines, restOfLineIsEmpty, sc, startsLine, yamlString } from './edits';
import { hasVariables } from './interpolate';
import { parseEnvFile, type ComposeProject } from './project';
import type { ComposeModel, EnvEntry, Service } from './model';

/**
 * The edit behind "move these variables to an env file": the entries leave `environment`, go to
 * `<service>.env` beside the Compose file (created, or extended when it exists), and the service lists that file
 * in `env_file`, all as one workspace edit. Not `.env`: that file also feeds interpolation of the Compose file
 * itself, so moving variables there would change what `${VAR}` means elsewhere in it.
 */

/** The env file a service's variables move to. */
export function envFileName(service: Service): string {
  return `${service.name.replace(/[^A-Za-z0-9._-]/g, '_')}.env`;
}

/** The entry as an env file line, or undefined when its value cannot be written there with the same meaning. */
export function envLine(e: EnvEntry): string | undefined {
  if (e.value === null || e.inherited) return undefined;
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(e.name)) return undefined;
  const v = e.value;
  // `$` is interpolated differently in env files; line breaks and NULs do not fit on a line.
  if (hasVariables(v) || v.includes('$') || /[\r\n\0]/.test(v)) return undefined;
  if (/^[A-Za-z0-9_./:@,+=%^~-]*$/.test(v)) return `${e.name}=${v}`;
  if (!v.includes("'")) return `${e.name}='${v}'`;
  if (!/["\\]/.test(v)) return `${e.name}="${v}"`;
  return undefined;
}

/** Whether an entry sits alone on its line(s), so deleting its lines removes exactly it. */
function ownLines(model: ComposeModel, e: EnvEntry): boolean {
  return startsLine(model, e.start) && restOfLineIsEmpty(model, e.end);
}

export function moveToEnvFile(
  ctx: RuleContext<ComposeModel>,
  project: ComposeProject,
  service: Service,
  entries: EnvEntry[],
  title: string,
): Fix | undefined {
  const { model, dir } = ctx;
  const env = service.environment;
  if (!dir || !env || env.entry.inherited || !service.map || !service.ownMap || service.entry.inherited) return undefined;
  if (!canEdit(model, env.entry.keyStart) || entries.length === 0) return undefined;
  if (env.flow || env.form === 'other') return undefined;
  if (!startsLine(model, env.entry.keyStart)) return undefined;
  const lines: string[] = [];
  for (const e of entries) {
    const line = envLine(e);
    if (!line || !ownLines(model, e)) return undefined;
    lines.push(line);
  }

  const name = envFileName(service);
  const abs = joinPosix(dir, name);
  // Another service reading that file would receive these variables too.
  const refersTo = (s: Service) =>
    (s.envFiles?.files ?? []).some((f) => {
      const p = project.interpolate(f.path.value).value;
      return p !== undefined && joinPosix(dir, p) === abs;
    });
  if (model.services.some((s) => s.name !== service.name && refersTo(s))) return undefined;

  const existing = ctx.files.read(abs);
  if (existing !== undefined) {
    const keys = new Set(parseEnvFile(existing).map(([k]) => k));
    if (entries.some((e) => keys.has(e.name))) return undefined;
  }

  const edits: TextEdit[] = [];
  // env_file: the new file goes last, so its values win over other env files, as `environment` did.
  const own = service.envFiles;
  if (own) {
    if (own.entry.inherited) return undefined;
    const files = own.files;
    const at = files.findIndex((f) => {
      const p = project.interpolate(f.path.value).value;
      return p !== undefined && joinPosix(dir, p) === abs;
    });
    if (at !== -1 && at !== files.length - 1) return undefined;
    if (at === -1) {
      const v = own.entry.value;
      if (isSeq(v)) {
        const edit = addToSeq(model, v, sc(yamlString(name, v.flow)));
        if (!edit) return undefined;
        edits.push(edit);
      } else if (isScalar(v) && files.length === 1) {
        edits.push({ range: files[0].path.range, newText: `[${files[0].path.raw}, ${yamlString(name, true)}]` });
      } else return undefined;
    }
  }

  // Lines to delete: each entry with the comments right above it (they go to the env file with it).
  const moved = new Set(entries);
  const merges = isMap(env.entry.value) && env.entry.value.items.some((p) => isScalar(p.key) && typeof p.key.value === 'symbol');
  const all = !merges && env.entries.every((e) => moved.has(e));
  const del = new Set<number>();
  const out: string[] = [];
  for (const e of entries) {
    const line = model.index.positionAt(e.start).line;
    const above = line > model.index.positionAt(env.entry.keyStart).line ? commentsAbove(model, line).filter((l) => l > model.index.positionAt(env.entry.keyStart).line) : [];
    for (const l of above) {
      out.push(model.index.lineText(l).trim());
      del.add(l);
    }
    const rest = model.text.slice(e.end, model.index.lineEnd(model.index.positionAt(e.end).line));
    const hash = rest.search(/\s#/);
    if (hash !== -1) out.push(`#${rest.slice(hash + 2)}`);
    out.push(envLine(e)!);
    const last = model.index.positionAt(e.end).line;
    for (let l = line; l <= last; l++) del.add(l);
  }
  const keyLine = model.index.positionAt(env.entry.keyStart).line;
  if (all) {
    // Nothing is left under `environment`: the key goes too, with whatever comments sat between its entries.
    const lastLine = Math.max(...[...del]);
    for (let l = keyLine; l <= lastLine; l++) del.add(l);
  }
  const sorted = [...del].sort((a, b) => a - b);
  const envFileLine = `${' '.repeat(model.index.positionAt(env.entry.keyStart).character)}env_file: ${yamlString(name)}`;
  for (let k = 0; k < sorted.length; ) {
    let j = k;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    const edit = deleteLines(model, model.index.lineStart(sorted[k]), model.index.lineStart(sorted[j]));
    if (!own && sorted[k] === keyLine) {
      // `env_file:` takes the place of `environment`. At the end of a file without a final line break, the deletion
      // starts at the line break before the key.
      const atLineStart = model.index.offsetAt(edit.range.start) === model.index.lineStart(keyLine);
      edit.newText = atLineStart ? `${envFileLine}\n` : `\n${envFileLine}`;
    }
    edits.push(edit);
    k = j + 1;
  }
  if (!own && !all) {
    // Some entries stay: `env_file:` goes right above `environment`.
    const at = model.index.positionAt(model.index.lineStart(keyLine));
    edits.push({ range: { start: at, end: at }, newText: `${envFileLine}\n` });
  }

  const eolOf = (t: string) => (new TextIndex(t).eol);
  let change: FileChange;
  if (existing === undefined) {
    const eol = model.index.eol;
    change = { path: abs, create: true, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: out.join(eol) + eol }] };
  } else {
    const idx = new TextIndex(existing);
    const eol = existing.includes('\n') ? eolOf(existing) : model.index.eol;
    const end = idx.positionAt(existing.length);
    const sep = existing.length === 0 || existing.endsWith('\n') ? '' : eol;
    change = { path: abs, edits: [{ range: { start: end, end }, newText: sep + out.join(eol) + eol }] };
  }
  return { title, safety: 'unsafe', edits, otherFiles: [change] };
}
