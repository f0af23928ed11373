import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { isSeveritySetting, SEVERITY_THRESHOLDS, type LintConfig, type RuleConfig, type SeverityThreshold } from '../engine/config';
import { codeMatches, type MetaRuleMeta } from '../engine/suppression';
import { TextIndex } from '../engine/text';
import type { Range, RuleMeta, SeveritySetting } from '../engine/types';
import { allRuleMetas } from '../rules';

/**
 * Reads one configuration file's text: `.layerwise.yaml`/`.yml`/`.json`, or hadolint's `.hadolint.yaml`/`.yml`.
 * Every problem has a message meant for the user and the range of the offending text, so the server can put a
 * diagnostic on it and the CLI can print `file:line:col`.
 */

export type ConfigKind = 'layerwise' | 'hadolint';

/** What one file says, before `extends` is followed. */
export interface ConfigFileData {
  kind: ConfigKind;
  rules: NonNullable<LintConfig['rules']>;
  trustedRegistries?: string[];
  /** Globs relative to the file's folder. */
  ignore: string[];
  severityThreshold?: SeverityThreshold;
  /** As written (relative to the file's folder). */
  extends: { path: string; range: Range }[];
}

export interface ConfigProblem {
  /** The configuration file (absolute, `/` separators). */
  path: string;
  message: string;
  range: Range;
}

export const LAYERWISE_CONFIG_NAMES = ['.layerwise.yaml', '.layerwise.yml', '.layerwise.json'] as const;
export const HADOLINT_CONFIG_NAMES = ['.hadolint.yaml', '.hadolint.yml'] as const;

const LAYERWISE_KEYS = ['$schema', 'extends', 'rules', 'ignore', 'trustedRegistries', 'severityThreshold'];
/** hadolint's keys; those Layerwise does not use are accepted and left alone (the file is hadolint's). */
const HADOLINT_KEYS = ['ignored', 'override', 'trustedRegistries', 'failure-threshold', 'no-fail', 'no-color', 'format', 'strict-labels', 'label-schema', 'disable-ignore-pragma', 'verbose'];

const SEVERITY_WORDS = 'off, hint, info, warning or error';
const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function configKindOf(path: string): ConfigKind | undefined {
  const name = path.replace(/\\/g, '/').split('/').pop() ?? '';
  if ((LAYERWISE_CONFIG_NAMES as readonly string[]).includes(name)) return 'layerwise';
  if ((HADOLINT_CONFIG_NAMES as readonly string[]).includes(name)) return 'hadolint';
  return undefined;
}

type AnyMeta = RuleMeta | MetaRuleMeta;

export function parseConfigText(path: string, text: string, rules: readonly AnyMeta[] = allRuleMetas()): { data?: ConfigFileData; problems: ConfigProblem[] } {
  const kind = configKindOf(path) ?? 'layerwise';
  const body = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const index = new TextIndex(body);
  const problems: ConfigProblem[] = [];
  const rangeOf = (node: Node | null | undefined): Range => {
    const r = node?.range;
    return r ? index.rangeOf(r[0], r[1]) : ZERO;
  };
  const problem = (message: string, node?: Node | null, range?: Range) => problems.push({ path, message, range: range ?? rangeOf(node) });

  if (path.endsWith('.json')) {
    try {
      JSON.parse(body);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const pos = /position (\d+)/.exec(msg);
      const at = pos ? index.positionAt(Number(pos[1])) : ZERO.start;
      const cut = msg.indexOf(' in JSON at position ');
      problem(`JSON syntax error: ${cut === -1 ? msg : msg.slice(0, cut)}.`, undefined, { start: at, end: at });
      return { problems };
    }
  }
  const doc: Document = parseDocument(body, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    for (const err of doc.errors) {
      const at = index.positionAt(err.pos[0]);
      problem(`${path.endsWith('.json') ? 'JSON' : 'YAML'} syntax error: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}.`, undefined, { start: at, end: index.positionAt(err.pos[1]) });
    }
    return { problems };
  }
  const root = doc.contents;
  const data: ConfigFileData = { kind, rules: {}, ignore: [], extends: [] };
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { data, problems };
  if (!isMap(root)) {
    problem('The configuration must be a mapping of keys (rules, ignore, trustedRegistries, extends).', root);
    return { problems };
  }

  const strings = (node: unknown, what: string): string[] | undefined => {
    if (isScalar(node) && typeof node.value === 'string') return [node.value];
    if (isSeq(node) && node.items.every((i) => isScalar(i) && typeof i.value === 'string')) return node.items.map((i) => String((i as { value: unknown }).value));
    problem(`${what} must be a string or a list of strings.`, node as Node);
    return undefined;
  };
  const stringList = (node: unknown, what: string): { value: string; node: Node }[] => {
    if (isScalar(node) && typeof node.value === 'string') return [{ value: node.value, node }];
    if (isSeq(node)) {
      const out: { value: string; node: Node }[] = [];
      for (const i of node.items) {
        if (isScalar(i) && (typeof i.value === 'string' || typeof i.value === 'number')) out.push({ value: String(i.value), node: i });
        else problem(`${what} must list strings.`, i as Node);
      }
      return out;
    }
    problem(`${what} must be a string or a list of strings.`, node as Node);
    return [];
  };

  const byCode = (code: string) => rules.filter((m) => codeMatches(code, m));

  if (kind === 'hadolint') {
    for (const pair of root.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!HADOLINT_KEYS.includes(key)) continue; // another tool's file: keys we do not know are its business
      const value = pair.value;
      if (key === 'ignored') {
        for (const { value: code } of stringList(value, '`ignored`')) for (const m of byCode(code)) data.rules[m.id] = 'off';
      } else if (key === 'override') {
        if (!isMap(value)) {
          problem('`override` must map error, warning, info and style to lists of rule codes.', value as Node);
          continue;
        }
        const levels: Record<string, SeveritySetting> = { error: 'error', warning: 'warning', info: 'info', style: 'hint' };
        for (const p of value.items) {
          const level = isScalar(p.key) ? String(p.key.value) : '';
          if (!(level in levels)) {
            problem(`\`override.${level}\` is not a hadolint level: use error, warning, info or style.`, p.key as Node);
            continue;
          }
          for (const { value: code } of stringList(p.value, `\`override.${level}\``)) {
            for (const m of byCode(code)) if (data.rules[m.id] !== 'off') data.rules[m.id] = levels[level];
          }
        }
      } else if (key === 'trustedRegistries') {
        data.trustedRegistries = strings(value, '`trustedRegistries`');
      } else if (key === 'failure-threshold') {
        const v = isScalar(value) ? String(value.value) : '';
        const map: Record<string, SeverityThreshold> = { error: 'error', warning: 'warning', info: 'info', style: 'hint', ignore: 'none', none: 'none' };
        if (v in map) data.severityThreshold = map[v];
        else problem(`\`failure-threshold\` must be error, warning, info, style, ignore or none, not \`${v}\`.`, value as Node);
      } else if (key === 'no-fail') {
        if (isScalar(value) && value.value === true) data.severityThreshold = 'none';
      }
    }
    // `ignored` wins over `override`, as in hadolint.
    return { data, problems };
  }

  for (const pair of root.items) {
    const keyNode = pair.key as Node;
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value;
    if (!LAYERWISE_KEYS.includes(key)) {
      problem(`Unknown key \`${key}\`: the configuration has ${LAYERWISE_KEYS.filter((k) => k !== '$schema').join(', ')}.`, keyNode);
      continue;
    }
    if (key === '$schema') continue;
    if (key === 'extends') {
      for (const e of stringList(value, '`extends`')) data.extends.push({ path: e.value, range: rangeOf(e.node) });
    } else if (key === 'ignore') {
      data.ignore = stringList(value, '`ignore`').map((e) => e.value);
    } else if (key === 'trustedRegistries') {
      data.trustedRegistries = strings(value, '`trustedRegistries`');
    } else if (key === 'severityThreshold') {
      const v = isScalar(value) ? String(value.value) : '';
      if ((SEVERITY_THRESHOLDS as readonly string[]).includes(v)) data.severityThreshold = v as SeverityThreshold;
      else problem(`\`severityThreshold\` must be ${SEVERITY_THRESHOLDS.join(', ')}, not \`${v}\`.`, value as Node);
    } else if (key === 'rules') {
      if (value === null || (isScalar(value) && value.value === null)) continue;
      if (!isMap(value)) {
        problem('`rules` must map rule ids to a severity or to { severity, options }.', value as Node);
        continue;
      }
      for (const p of value.items) {
        const id = isScalar(p.key) ? String(p.key.value) : '';
        const meta = rules.find((m) => m.id === id);
        if (!meta) {
          const alias = rules.find((m) => codeMatches(id, m));
          problem(alias ? `\`${id}\` is another tool's code: use the Layerwise id \`${alias.id}\`.` : `Unknown rule \`${id}\` (\`layerwise --list-rules\` lists them).`, p.key as Node);
          continue;
        }
        const entry = readRuleEntry(meta, p.value, problem);
        if (entry !== undefined) data.rules[id] = entry;
      }
    }
  }
  return { data, problems };
}

function readRuleEntry(meta: AnyMeta, node: unknown, problem: (message: string, node?: Node | null) => void): SeveritySetting | RuleConfig | undefined {
  if (isScalar(node)) {
    const v = String(node.value);
    if (isSeveritySetting(v)) return v;
    problem(`\`${v}\` is not a severity for \`${meta.id}\`: use ${SEVERITY_WORDS}.`, node);
    return undefined;
  }
  if (!isMap(node)) {
    problem(`\`${meta.id}\` must be a severity (${SEVERITY_WORDS}) or { severity, options }.`, node as Node);
    return undefined;
  }
  const out: RuleConfig = {};
  let ok = true;
  for (const p of node.items) {
    const key = isScalar(p.key) ? String(p.key.value) : '';
    if (key === 'severity') {
      const v = isScalar(p.value) ? String(p.value.value) : '';
      if (isSeveritySetting(v)) out.severity = v;
      else {
        problem(`\`${v}\` is not a severity for \`${meta.id}\`: use ${SEVERITY_WORDS}.`, p.value as Node);
        ok = false;
      }
    } else if (key === 'options') {
      if (!isMap(p.value)) {
        problem(`\`${meta.id}.options\` must be a mapping.`, p.value as Node);
        ok = false;
        continue;
      }
      const declared = meta.options ?? {};
      const options: Record<string, unknown> = {};
      for (const o of p.value.items) {
        const name = isScalar(o.key) ? String(o.key.value) : '';
        const opt = declared[name];
        if (!opt) {
          const names = Object.keys(declared);
          problem(`\`${meta.id}\` has no option \`${name}\`${names.length ? ` (it has ${names.join(', ')})` : ''}.`, o.key as Node);
          ok = false;
          continue;
        }
        const v = (o.value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? (isScalar(o.value) ? o.value.value : undefined);
        const good =
          (opt.type === 'number' && typeof v === 'number' && Number.isFinite(v) && (opt.minimum === undefined || v >= opt.minimum)) ||
          (opt.type === 'string' && typeof v === 'string') ||
          (opt.type === 'boolean' && typeof v === 'boolean') ||
          (opt.type === 'string[]' && Array.isArray(v) && v.every((x) => typeof x === 'string'));
        if (!good) {
          problem(`\`${meta.id}.options.${name}\` must be ${opt.type === 'string[]' ? 'a list of strings' : `a ${opt.type}`}${opt.minimum !== undefined ? ` of at least ${opt.minimum}` : ''}.`, o.value as Node);
          ok = false;
          continue;
        }
        options[name] = v;
      }
      out.options = options;
    } else {
      problem(`Unknown key \`${key}\` for \`${meta.id}\`: use severity and options.`, p.key as Node);
      ok = false;
    }
  }
  return ok ? out : undefined;
}
