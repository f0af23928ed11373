import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, visit, type Document, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { TextIndex } from '../engine/text';
import type { Range } from '../engine/types';

/**
 * The prepared model of a Compose file that every Compose rule reads. It is built once per text with the `yaml`
 * package's document API, whose nodes carry exact source offsets, so every range points at the text as written
 * (after a BOM, with CRLF). Merge keys (`<<: *base`) and aliases are resolved into each service's effective keys,
 * each entry remembering whether it is written in the service itself or inherited from an anchor elsewhere.
 * Rules never re-parse the text; fixes edit it in place (see ./edits.ts).
 */
export interface ComposeModel {
  readonly language: 'compose';
  readonly text: string;
  readonly index: TextIndex;
  readonly documents: ComposeDocument[];
  /** Services of every document, in order. */
  readonly services: Service[];
  /** Top-level `networks`, `secrets` and `volumes` entries of every document. */
  readonly networks: Entry[];
  readonly secrets: Entry[];
  readonly volumes: Entry[];
  /** Paths of top-level `include` entries, as written. */
  readonly includes: string[];
  /** YAML errors of every document. */
  readonly errors: YamlProblem[];
  /** Full-line comments (outside block scalars). */
  readonly comments: { line: number; text: string; range: Range }[];
  /** Comments after content on the same line (`image: x  # note`), outside quotes and block scalars. */
  readonly trailingComments: { line: number; text: string; range: Range }[];
  /** Indentation the file uses: per mapping level, and for `- ` items under a key (0 for `key:\n- item`). */
  readonly indent: { unit: number; seq: number };
  /** A swarm stack file (`docker stack deploy`): a service has swarm-only `deploy` keys or a network is overlay. */
  readonly stack: boolean;
}

export type DocumentFormat =
  /** A Compose file: `services` and/or the other top-level keys. */
  | 'compose'
  /** The v1 format: services at the top level, no `services:` key. Docker Compose v2 no longer reads it. */
  | 'v1'
  | 'empty'
  /** YAML that is not a Compose file (a list, a scalar, a mapping of something else). */
  | 'other';

export interface ComposeDocument {
  index: number;
  doc: Document.Parsed;
  format: DocumentFormat;
  /** Offsets of the document in the text. */
  start: number;
  end: number;
  root: YAMLMap | undefined;
  /** Top-level keys (merges resolved). */
  top: Map<string, Entry>;
  services: Service[];
  errors: YamlProblem[];
}

export interface YamlProblem {
  message: string;
  code: string;
  start: number;
  end: number;
  range: Range;
}

export type YNode = Scalar | YAMLMap | YAMLSeq;

/** A key of a mapping with its value. */
export interface Entry {
  key: string;
  keyNode: Scalar;
  keyStart: number;
  keyEnd: number;
  keyRange: Range;
  pair: Pair;
  /** The value with aliases resolved; null when empty, or when an alias points nowhere. */
  value: YNode | null;
  /** The value as written (an Alias stays an Alias); null when empty. */
  written: unknown;
  /**
   * True when the pair is written somewhere else than where it applies: in a mapping merged with `<<`, or in an
   * anchored mapping used through an alias. Editing it there changes every user of the anchor.
   */
  inherited: boolean;
  /** The mapping the pair is written in. */
  parent: YAMLMap;
  /** The value's tag when it is `!override` (or another custom tag). */
  tag: string | undefined;
}

/** A scalar read as a string. */
export interface Str {
  /** The value as Compose reads it: plain scalars as written, quoted and block scalars decoded. */
  value: string;
  node: Scalar;
  /** Offsets of the scalar in the text, quotes included. */
  start: number;
  end: number;
  range: Range;
  /** The source text, quotes included. */
  raw: string;
  /** Offset in the text of the value's first character when the source spells the value one to one. */
  contentStart: number | undefined;
  inherited: boolean;
}

export interface Service {
  name: string;
  doc: ComposeDocument;
  /** The service's key under `services`. */
  entry: Entry;
  keyRange: Range;
  /** The service's mapping (aliases resolved); undefined when the value is not a mapping. */
  map: YAMLMap | undefined;
  /** True when the mapping is written under the service's key (not `web: *base`). */
  ownMap: boolean;
  /** Effective keys: written ones first, then merged ones; keys tagged `!reset` are left out. */
  fields: Map<string, Entry>;
  image: Str | undefined;
  build: BuildInfo | undefined;
  dependsOn: DependsOn | undefined;
  healthcheck: Healthcheck | undefined;
  /** Published `ports` and `expose` entries. */
  ports: Entry | undefined;
  expose: Entry | undefined;
  restart: Str | undefined;
  environment: Environment | undefined;
  envFiles: EnvFiles | undefined;
  /** Network names from `networks` (list or mapping form); undefined when there is no `networks` key. */
  networks: { entry: Entry; names: string[] } | undefined;
  networkMode: Str | undefined;
  secrets: { entry: Entry; names: string[] } | undefined;
  profiles: string[];
  extends: { entry: Entry; service: string | undefined; file: string | undefined } | undefined;
  /** `command` and `entrypoint` as one text, for a look at what the container runs. */
  command: string | undefined;
  entrypoint: string | undefined;
  deploy: { entry: Entry; restartPolicy: boolean; swarm: boolean; replicas: number | undefined } | undefined;
  scale: number | undefined;
  links: string[];
  /** Neither `image`, `build` nor `extends`: a partial definition completed by another file (an override). */
  fragment: boolean;
}

export interface BuildInfo {
  entry: Entry;
  /** `build: ./dir`: the short form. */
  short: Str | undefined;
  map: YAMLMap | undefined;
  context: Str | undefined;
  dockerfile: Str | undefined;
  dockerfileInline: Str | undefined;
  target: Str | undefined;
  cacheFrom: Entry | undefined;
}

export interface DependsOn {
  entry: Entry;
  form: 'short' | 'long' | 'other';
  deps: Dependency[];
}

export interface Dependency {
  name: string;
  form: 'short' | 'long';
  /** Short form: the list item; long form: the key. */
  node: Scalar;
  start: number;
  end: number;
  range: Range;
  /** Long form: the entry under `depends_on`. */
  entry: Entry | undefined;
  /** Long form: `condition` as written (undefined when absent: Compose then uses service_started). */
  condition: Str | undefined;
  inherited: boolean;
}

export interface Healthcheck {
  entry: Entry;
  /** `disable: true`, or a test of `NONE`. */
  disabled: boolean;
  /** The test as one text, when there is one. */
  test: string | undefined;
}

export interface Environment {
  entry: Entry;
  form: 'map' | 'list' | 'other';
  /** Flow style: `{A: 1}` or `[A=1]`. */
  flow: boolean;
  entries: EnvEntry[];
}

export interface EnvEntry {
  name: string;
  /** The value; null when the variable is passed through from the shell (`- NAME`, `NAME:`). */
  value: string | null;
  form: 'map' | 'list';
  /** Map form: the pair; list form: the item. */
  pair: Pair | undefined;
  item: Scalar | undefined;
  /** The name's offsets; in list form, inside the item when it is written one to one, else the whole item. */
  nameStart: number;
  nameEnd: number;
  nameRange: Range;
  /** The value's offsets, when it is written and maps one to one. */
  valueStart: number | undefined;
  valueEnd: number | undefined;
  /** Map form: the value scalar. */
  valueNode: Scalar | undefined;
  /** The whole entry: map form from key to value end; list form the item. */
  start: number;
  end: number;
  /** Quoted in the source (the value or, in list form, the item). */
  quoted: boolean;
  inherited: boolean;
}

export interface EnvFiles {
  entry: Entry;
  files: { path: Str; required: boolean }[];
}

const MERGE = '<<';

class Builder {
  readonly index: TextIndex;
  readonly indentCounts = new Map<number, number>();
  readonly seqCounts = new Map<number, number>();
  /** Lines inside a multi-line scalar, where `#` does not start a comment. */
  readonly scalarLines = new Set<number>();
  private anchors = new Map<string, { at: number; node: unknown }[]>();

  constructor(readonly text: string) {
    this.index = new TextIndex(text);
  }

  beginDocument(doc: Document.Parsed): void {
    this.anchors = new Map();
    visit(doc, {
      Node: (_k, node) => {
        const n = node as { anchor?: string; range?: [number, number, number] };
        if (n.anchor && n.range) {
          const list = this.anchors.get(n.anchor) ?? [];
          list.push({ at: n.range[0], node });
          this.anchors.set(n.anchor, list);
        }
      },
      Scalar: (_k, node) => {
        const r = node.range;
        if (!r) return;
        const a = this.index.positionAt(r[0]).line;
        const b = this.index.positionAt(r[1]).line;
        for (let l = a + 1; l <= b; l++) this.scalarLines.add(l);
      },
      Pair: (_k, pair) => this.countIndent(pair),
    });
  }

  /** The node an alias names: the last anchor of that name before it. */
  resolve(node: unknown, depth = 0): YNode | null {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      if (depth > 16) return null;
      const list = this.anchors.get(node.source);
      const at = node.range?.[0] ?? Infinity;
      let found: unknown;
      for (const a of list ?? []) if (a.at < at && a.node !== node) found = a.node;
      return this.resolve(found, depth + 1);
    }
    if (isScalar(node) || isMap(node) || isSeq(node)) return node;
    return null;
  }

  private countIndent(pair: Pair): void {
    const key = pair.key;
    if (!isScalar(key) || !key.range) return;
    const value = pair.value;
    const keyCol = this.col(key.range[0]);
    if (isMap(value) && !value.flow && value.items.length && isScalar(value.items[0].key) && value.items[0].key.range) {
      const keyPos = this.index.positionAt(key.range[0]);
      const child = this.index.positionAt(value.items[0].key.range[0]);
      if (child.line > keyPos.line) bump(this.indentCounts, child.character - keyCol);
    } else if (isSeq(value) && !value.flow && value.range) {
      const keyPos = this.index.positionAt(key.range[0]);
      const dash = this.index.positionAt(value.range[0]);
      if (dash.line > keyPos.line) bump(this.seqCounts, dash.character - keyCol);
    }
  }

  col(offset: number): number {
    return this.index.positionAt(offset).character;
  }

  range(start: number, end: number): Range {
    return this.index.rangeOf(start, end);
  }

  /** Effective entries of a mapping: written keys, then keys merged with `<<`, first merge source first. */
  entries(map: YAMLMap, inherited: boolean, depth = 0): Entry[] {
    const own: Entry[] = [];
    const merged: Entry[] = [];
    const seen = new Set<string>();
    for (const pair of map.items) {
      if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) continue;
      const k = pair.key.value;
      if (k === MERGE || (typeof k === 'symbol' && k.description === MERGE)) {
        if (depth > 16) continue;
        const src = this.resolve(pair.value);
        const sources = isSeq(src) ? src.items.map((i) => this.resolve(i)) : [src];
        for (const s of sources) if (isMap(s)) merged.push(...this.entries(s, true, depth + 1));
        continue;
      }
      if (k === null || k === undefined || typeof k === 'object') continue;
      const key = String(k);
      if (seen.has(key)) continue;
      seen.add(key);
      const written = pair.value;
      const tag = (written as { tag?: string } | null)?.tag;
      // `!reset` removes the key, here and from what a merge would bring.
      if (tag === '!reset') continue;
      own.push(this.entry(pair, key, map, inherited, tag));
    }
    for (const e of merged) {
      if (seen.has(e.key)) continue;
      seen.add(e.key);
      own.push(e);
    }
    return own;
  }

  entry(pair: Pair, key: string, parent: YAMLMap, inherited: boolean, tag?: string): Entry {
    const keyNode = pair.key as Scalar;
    const [keyStart, keyEnd] = keyNode.range!;
    const value = this.resolve(pair.value);
    return {
      key,
      keyNode,
      keyStart,
      keyEnd,
      keyRange: this.range(keyStart, keyEnd),
      pair,
      value: value && isScalar(value) && value.value === null ? null : value,
      written: pair.value,
      inherited: inherited || isAlias(pair.value),
      parent,
      tag: tag && tag.startsWith('!') && !tag.startsWith('!!') ? tag : undefined,
    };
  }

  str(node: YNode | null, inherited: boolean): Str | undefined {
    if (!node || !isScalar(node) || !node.range) return undefined;
    const v = node.value;
    if (v === null || v === undefined || typeof v === 'object') return undefined;
    const [start, end] = node.range;
    const raw = this.text.slice(start, end);
    let value: string;
    let contentStart: number | undefined;
    if (node.type === 'PLAIN' && !raw.includes('\n')) {
      value = raw;
      contentStart = start;
    } else {
      value = String(v);
      if (node.type === 'QUOTE_DOUBLE' && raw === `"${value}"` && !value.includes('\\')) contentStart = start + 1;
      else if (node.type === 'QUOTE_SINGLE' && raw === `'${value}'`) contentStart = start + 1;
    }
    return { value, node, start, end, range: this.range(start, end), raw, contentStart, inherited };
  }

  mapOf(entry: Entry | undefined): YAMLMap | undefined {
    return entry && isMap(entry.value) ? entry.value : undefined;
  }

  /** Strings of a list (or of a mapping's keys), e.g. `profiles`, `networks`, `links`. */
  names(node: YNode | null): string[] {
    if (isSeq(node)) {
      const out: string[] = [];
      for (const item of node.items) {
        const r = this.resolve(item);
        if (isScalar(r) && r.value !== null && typeof r.value !== 'object') out.push(String(r.value));
        else if (isMap(r)) {
          // Long forms such as secrets: `- source: x`.
          const src = r.items.find((p) => isScalar(p.key) && p.key.value === 'source');
          const v = src ? this.resolve(src.value) : null;
          if (isScalar(v) && v.value !== null) out.push(String(v.value));
        }
      }
      return out;
    }
    if (isMap(node)) return this.entries(node, false).map((e) => e.key);
    if (isScalar(node) && node.value !== null && typeof node.value !== 'object') return [String(node.value)];
    return [];
  }

  /** A command or entrypoint as one line of text. */
  commandText(node: YNode | null): string | undefined {
    if (isScalar(node)) return node.value === null ? undefined : String(node.value);
    if (isSeq(node)) return this.names(node).join(' ');
    return undefined;
  }
}

function bump(m: Map<number, number>, k: number): void {
  if (k < 0 || k > 16) return;
  m.set(k, (m.get(k) ?? 0) + 1);
}

function mostCommon(m: Map<number, number>, positive: boolean): number | undefined {
  let best: number | undefined;
  let count = 0;
  for (const [k, c] of m) {
    if (positive && k === 0) continue;
    if (c > count || (c === count && best !== undefined && k < best)) {
      best = k;
      count = c;
    }
  }
  return best;
}

const TOP_LEVEL = new Set(['version', 'name', 'services', 'networks', 'volumes', 'secrets', 'configs', 'include', 'models']);
const SWARM_DEPLOY = new Set(['mode', 'placement', 'update_config', 'rollback_config', 'endpoint_mode', 'restart_policy']);

export function buildComposeModel(text: string): ComposeModel {
  const b = new Builder(text);
  const { index } = b;
  const documents: ComposeDocument[] = [];
  const services: Service[] = [];
  const networks: Entry[] = [];
  const secrets: Entry[] = [];
  const volumes: Entry[] = [];
  const includes: string[] = [];
  const errors: YamlProblem[] = [];
  let stack = false;

  const parsed = parseAllDocuments(text, { merge: true, prettyErrors: false, logLevel: 'silent', uniqueKeys: true });
  const list = (Array.isArray(parsed) ? parsed : []) as Document.Parsed[];
  list.forEach((doc, n) => {
    b.beginDocument(doc);
    const [start, , end] = doc.range ?? [0, 0, text.length];
    const docErrors: YamlProblem[] = doc.errors.map((e) => {
      const s = Math.min(Math.max(0, e.pos[0]), text.length);
      const en = Math.min(Math.max(s, e.pos[1]), text.length);
      return { message: e.message, code: e.code, start: s, end: en, range: b.range(s, en) };
    });
    errors.push(...docErrors);
    const contents = b.resolve(doc.contents);
    const cd: ComposeDocument = { index: n, doc, format: 'empty', start, end, root: undefined, top: new Map(), services: [], errors: docErrors };
    documents.push(cd);
    if (contents === null || (isScalar(contents) && contents.value === null)) return;
    if (!isMap(contents)) {
      cd.format = 'other';
      return;
    }
    cd.root = contents;
    for (const e of b.entries(contents, false)) cd.top.set(e.key, e);
    const keys = [...cd.top.keys()];
    if (cd.top.has('services') || keys.some((k) => TOP_LEVEL.has(k) || k.startsWith('x-'))) cd.format = 'compose';
    else if (keys.some((k) => { const m = b.mapOf(cd.top.get(k)); return !!m && m.items.some((p) => isScalar(p.key) && (p.key.value === 'image' || p.key.value === 'build')); })) {
      cd.format = 'v1';
      return;
    } else {
      cd.format = 'other';
      return;
    }
    const svcMap = b.mapOf(cd.top.get('services'));
    if (svcMap) {
      for (const e of b.entries(svcMap, cd.top.get('services')!.inherited)) {
        const s = buildService(b, cd, e);
        cd.services.push(s);
        services.push(s);
        if (s.deploy?.swarm) stack = true;
      }
    }
    const inc = cd.top.get('include');
    if (inc && isSeq(inc.value)) {
      for (const item of inc.value.items) {
        const r = b.resolve(item);
        if (isScalar(r)) includes.push(...b.names(r));
        else if (isMap(r)) {
          const p = b.entries(r, false).find((e) => e.key === 'path');
          if (p) includes.push(...b.names(p.value));
        }
      }
    }
    for (const [key, out] of [['networks', networks], ['secrets', secrets], ['volumes', volumes]] as const) {
      const m = b.mapOf(cd.top.get(key));
      if (m) out.push(...b.entries(m, cd.top.get(key)!.inherited));
    }
  });
  for (const net of networks) {
    const m = net.value && isMap(net.value) ? net.value : undefined;
    const driver = m?.items.find((p) => isScalar(p.key) && p.key.value === 'driver');
    if (driver && isScalar(driver.value) && driver.value.value === 'overlay') stack = true;
  }

  const comments: ComposeModel['comments'] = [];
  const trailingComments: ComposeModel['trailingComments'] = [];
  for (let l = 0; l < index.lineCount; l++) {
    if (b.scalarLines.has(l)) continue;
    const line = index.lineText(l);
    const m = /^[ \t]*(#.*)$/.exec(line);
    if (m) {
      const col = line.length - m[1].length;
      comments.push({ line: l, text: m[1], range: { start: { line: l, character: col }, end: { line: l, character: line.length } } });
      continue;
    }
    const col = trailingCommentStart(line);
    if (col !== -1) trailingComments.push({ line: l, text: line.slice(col), range: { start: { line: l, character: col }, end: { line: l, character: line.length } } });
  }

  const unit = mostCommon(b.indentCounts, true) ?? 2;
  const seq = mostCommon(b.seqCounts, false) ?? unit;
  return { language: 'compose', text, index, documents, services, networks, secrets, volumes, includes, errors, comments, trailingComments, indent: { unit, seq }, stack };
}

/** Where a comment starts after content on a line: a `#` after a blank, outside quotes; -1 when there is none. */
function trailingCommentStart(line: string): number {
  let quote = '';
  for (let k = 0; k < line.length; k++) {
    const c = line[k];
    if (quote) {
      if (c === quote) {
        // '' inside single quotes is an escaped quote.
        if (quote === "'" && line[k + 1] === "'") k++;
        else quote = '';
      } else if (quote === '"' && c === '\\') k++;
    } else if (c === '"' || c === "'") {
      // A quote only opens a scalar at its start (after a blank or an indicator), not inside a plain word.
      if (k === 0 || /[\s:,[{\-]/.test(line[k - 1])) quote = c;
    } else if (c === '#' && k > 0 && (line[k - 1] === ' ' || line[k - 1] === '\t')) {
      return k;
    }
  }
  return -1;
}

function buildService(b: Builder, doc: ComposeDocument, entry: Entry): Service {
  const map = b.mapOf(entry);
  const inherited = entry.inherited || isAlias(entry.written);
  const fields = new Map<string, Entry>();
  if (map) for (const e of b.entries(map, inherited)) fields.set(e.key, e);
  const get = (k: string) => fields.get(k);
  const str = (k: string) => {
    const e = get(k);
    return e ? b.str(e.value, e.inherited) : undefined;
  };

  const s: Service = {
    name: entry.key,
    doc,
    entry,
    keyRange: entry.keyRange,
    map,
    ownMap: !!map && !isAlias(entry.written),
    fields,
    image: str('image'),
    build: undefined,
    dependsOn: undefined,
    healthcheck: undefined,
    ports: get('ports'),
    expose: get('expose'),
    restart: str('restart'),
    environment: undefined,
    envFiles: undefined,
    networks: undefined,
    networkMode: str('network_mode'),
    secrets: undefined,
    profiles: get('profiles') ? b.names(get('profiles')!.value) : [],
    extends: undefined,
    command: b.commandText(get('command')?.value ?? null),
    entrypoint: b.commandText(get('entrypoint')?.value ?? null),
    deploy: undefined,
    scale: numberOf(get('scale')?.value ?? null),
    links: get('links') ? b.names(get('links')!.value).map((l) => l.split(':')[0]) : [],
    fragment: false,
  };

  const build = get('build');
  if (build) {
    const bm = b.mapOf(build);
    const sub = (k: string) => {
      const e = bm ? b.entries(bm, build.inherited).find((x) => x.key === k) : undefined;
      return e;
    };
    const subStr = (k: string) => {
      const e = sub(k);
      return e ? b.str(e.value, e.inherited) : undefined;
    };
    s.build = {
      entry: build,
      short: bm ? undefined : b.str(build.value, build.inherited),
      map: bm,
      context: bm ? subStr('context') : b.str(build.value, build.inherited),
      dockerfile: subStr('dockerfile'),
      dockerfileInline: subStr('dockerfile_inline'),
      target: subStr('target'),
      cacheFrom: sub('cache_from'),
    };
  }

  const dep = get('depends_on');
  if (dep) s.dependsOn = dependsOn(b, dep);

  const hc = get('healthcheck');
  if (hc && hc.value) {
    const hm = b.mapOf(hc);
    let disabled = false;
    let test: string | undefined;
    if (hm) {
      const he = b.entries(hm, hc.inherited);
      const dis = he.find((e) => e.key === 'disable');
      if (dis && isScalar(dis.value) && (dis.value.value === true || dis.value.value === 'true')) disabled = true;
      const t = he.find((e) => e.key === 'test');
      if (t) {
        test = isSeq(t.value) ? b.names(t.value).join(' ') : b.commandText(t.value);
        if (test !== undefined && /^NONE\b/.test(test.trim())) disabled = true;
      }
    }
    s.healthcheck = { entry: hc, disabled, test };
  }

  const env = get('environment');
  if (env) s.environment = environment(b, env);

  const envFile = get('env_file');
  if (envFile) {
    const files: EnvFiles['files'] = [];
    const one = (node: YNode | null, inh: boolean) => {
      const r = b.resolve(node);
      if (isScalar(r)) {
        const p = b.str(r, inh);
        if (p) files.push({ path: p, required: true });
      } else if (isMap(r)) {
        const es = b.entries(r, inh);
        const p = es.find((e) => e.key === 'path');
        const req = es.find((e) => e.key === 'required');
        const ps = p ? b.str(p.value, p.inherited) : undefined;
        if (ps) files.push({ path: ps, required: !(req && isScalar(req.value) && (req.value.value === false || req.value.value === 'false')) });
      }
    };
    if (isSeq(envFile.value)) for (const item of envFile.value.items) one(item as YNode, envFile.inherited);
    else one(envFile.value, envFile.inherited);
    s.envFiles = { entry: envFile, files };
  }

  const nets = get('networks');
  if (nets) s.networks = { entry: nets, names: b.names(nets.value) };
  const sec = get('secrets');
  if (sec) s.secrets = { entry: sec, names: b.names(sec.value) };

  const ext = get('extends');
  if (ext) {
    const em = b.mapOf(ext);
    if (em) {
      const es = b.entries(em, ext.inherited);
      const sv = es.find((e) => e.key === 'service');
      const fl = es.find((e) => e.key === 'file');
      s.extends = { entry: ext, service: sv ? b.str(sv.value, false)?.value : undefined, file: fl ? b.str(fl.value, false)?.value : undefined };
    } else s.extends = { entry: ext, service: b.str(ext.value, false)?.value, file: undefined };
  }

  const deploy = get('deploy');
  if (deploy) {
    const dm = b.mapOf(deploy);
    const keys = dm ? b.entries(dm, deploy.inherited) : [];
    s.deploy = {
      entry: deploy,
      restartPolicy: keys.some((k) => k.key === 'restart_policy' && k.value !== null),
      swarm: keys.some((k) => SWARM_DEPLOY.has(k.key) && k.key !== 'restart_policy') || keys.some((k) => k.key === 'mode' && isScalar(k.value) && k.value.value === 'global'),
      replicas: numberOf(keys.find((k) => k.key === 'replicas')?.value ?? null),
    };
  }

  s.fragment = !s.image && !s.build && !s.extends;
  return s;
}

function numberOf(node: YNode | null): number | undefined {
  if (!isScalar(node)) return undefined;
  const n = typeof node.value === 'number' ? node.value : typeof node.value === 'string' && /^\d+$/.test(node.value) ? Number(node.value) : undefined;
  return n;
}

function dependsOn(b: Builder, entry: Entry): DependsOn {
  const deps: Dependency[] = [];
  const value = entry.value;
  if (isSeq(value)) {
    for (const item of value.items) {
      const r = b.resolve(item);
      const st = b.str(r, entry.inherited || isAlias(item));
      if (!st) continue;
      deps.push({ name: st.value, form: 'short', node: st.node, start: st.start, end: st.end, range: st.range, entry: undefined, condition: undefined, inherited: st.inherited });
    }
    return { entry, form: 'short', deps };
  }
  if (isMap(value)) {
    for (const e of b.entries(value, entry.inherited)) {
      const m = b.mapOf(e);
      const cond = m ? b.entries(m, e.inherited).find((x) => x.key === 'condition') : undefined;
      deps.push({
        name: e.key,
        form: 'long',
        node: e.keyNode,
        start: e.keyStart,
        end: e.keyEnd,
        range: e.keyRange,
        entry: e,
        condition: cond ? b.str(cond.value, cond.inherited) : undefined,
        inherited: e.inherited,
      });
    }
    return { entry, form: 'long', deps };
  }
  return { entry, form: 'other', deps };
}

function environment(b: Builder, entry: Entry): Environment {
  const value = entry.value;
  const entries: EnvEntry[] = [];
  if (isMap(value)) {
    for (const e of b.entries(value, entry.inherited)) {
      const v = e.value;
      let val: string | null = null;
      let vs: Str | undefined;
      if (isScalar(v)) {
        vs = b.str(v, e.inherited);
        val = vs ? vs.value : null;
      } else if (v !== null) continue; // a mapping or list as a value is not an environment entry
      entries.push({
        name: e.key,
        value: val,
        form: 'map',
        pair: e.pair,
        item: undefined,
        nameStart: e.keyStart,
        nameEnd: e.keyEnd,
        nameRange: e.keyRange,
        valueStart: vs?.contentStart,
        valueEnd: vs?.contentStart !== undefined ? vs.contentStart + vs.value.length : undefined,
        valueNode: vs?.node,
        start: e.keyStart,
        end: vs ? vs.end : e.keyEnd,
        quoted: !!vs && vs.node.type !== 'PLAIN',
        inherited: e.inherited,
      });
    }
    return { entry, form: 'map', flow: !!value.flow, entries };
  }
  if (isSeq(value)) {
    for (const item of value.items) {
      const r = b.resolve(item);
      const st = b.str(r, entry.inherited || isAlias(item));
      if (!st) continue;
      const eq = st.value.indexOf('=');
      const name = eq === -1 ? st.value : st.value.slice(0, eq);
      const base = st.contentStart;
      entries.push({
        name: name.trim(),
        value: eq === -1 ? null : st.value.slice(eq + 1),
        form: 'list',
        pair: undefined,
        item: st.node,
        nameStart: base !== undefined ? base : st.start,
        nameEnd: base !== undefined ? base + name.length : st.end,
        nameRange: base !== undefined ? b.range(base, base + name.length) : st.range,
        valueStart: base !== undefined && eq !== -1 ? base + eq + 1 : undefined,
        valueEnd: base !== undefined && eq !== -1 ? base + st.value.length : undefined,
        valueNode: undefined,
        start: st.start,
        end: st.end,
        quoted: st.node.type !== 'PLAIN',
        inherited: st.inherited,
      });
    }
    return { entry, form: 'list', flow: !!value.flow, entries };
  }
  return { entry, form: 'other', flow: false, entries };
}

/** Every definition of a service name in the file (a multi-document file may define one in several). */
export function servicesNamed(model: ComposeModel, name: string): Service[] {
  return model.services.filter((s) => s.name === name);
}
