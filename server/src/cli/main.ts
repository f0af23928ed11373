import * as fs from 'node:fs';
import * as path from 'node:path';
import { structuredPatch } from 'diff';
import { ConfigLoader, type ResolvedConfig } from '../config';
import { isSeveritySetting, meetsThreshold, mergeConfigs, SEVERITY_THRESHOLDS, type LintConfig, type SeverityThreshold } from '../engine/config';
import { readRuleDoc } from '../engine/docs';
import { DiskFiles, toPosix } from '../engine/files';
import { fixAll } from '../engine/fix-all';
import { languageOfPath } from '../engine/languages';
import { lint } from '../engine/runner';
import { codeMatches } from '../engine/suppression';
import type { Finding, FixSafety, Language, SeveritySetting } from '../engine/types';
import { allRuleMetas } from '../rules';
import { discover, type Target } from './discover';
import { format, FORMATS, type FileReport, type Format } from './format';

export interface CliIo {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Reads all of standard input (for `-`). */
  stdin?: () => string;
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
  env?: Record<string, string | undefined>;
}

const USAGE = `Usage: layerwise [options] [paths, globs or - ...]

Lints Dockerfiles and Compose files against Docker best practices.
Folders are searched recursively (skipping what .gitignore ignores); quote globs such as 'services/**/Dockerfile'.
The default is the current folder. "-" reads standard input (name it with --stdin-filename).

Output:
  -f, --format <name>          stylish (default), compact (file:line:col severity rule message), json,
                               sarif (SARIF 2.1.0 for code scanning), github (Actions annotations), checkstyle
      --color, --no-color      Force colours on or off (default: on when stdout is a terminal and NO_COLOR is unset)

Fixes:
      --fix                    Apply safe fixes in place
      --fix-unsafe             Apply safe and unsafe fixes in place (check the result)
      --fix-dry-run            Print the fixes as a unified diff instead of writing them

Exit status (0 clean, 1 findings, 2 usage or configuration error):
      --severity-threshold <s> Lowest severity that fails: hint, info, warning (default), error or none
      --max-warnings <n>       Also fail when there are more than n warnings

Rules and configuration:
      --rule <id>=<severity>   Set a rule's severity: off, hint, info, warning or error (repeatable)
      --ignore <id>            Turn a rule off (repeatable, or a comma-separated list)
  -c, --config <file>          Use this configuration file instead of the nearest .layerwise.yaml / .hadolint.yaml
      --stdin-filename <path>  The path standard input stands for (its kind, its configuration, its name in output)
      --list-rules             List the rules
      --explain <id>           Print a rule's documentation

  -h, --help                   Show this help
      --version                Show the version
`;

class UsageError extends Error {}

interface Options {
  format: Format;
  color?: boolean;
  fix: boolean;
  fixUnsafe: boolean;
  dryRun: boolean;
  threshold?: SeverityThreshold;
  maxWarnings?: number;
  rules: Record<string, SeveritySetting>;
  config?: string;
  stdinFilename?: string;
  listRules: boolean;
  explain?: string;
  help: boolean;
  version: boolean;
  paths: string[];
}

function parseArgs(argv: string[]): Options {
  const o: Options = { format: 'stylish', fix: false, fixUnsafe: false, dryRun: false, rules: {}, listRules: false, help: false, version: false, paths: [] };
  const metas = allRuleMetas();
  const ruleId = (id: string, flag: string) => {
    if (metas.some((m) => m.id === id)) return id;
    const alias = metas.find((m) => codeMatches(id, m));
    throw new UsageError(alias ? `${flag}: \`${id}\` is another tool's code; the Layerwise rule is \`${alias.id}\`` : `${flag}: unknown rule \`${id}\` (see --list-rules)`);
  };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string => {
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++k];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        o.help = true;
        break;
      case '--version':
        o.version = true;
        break;
      case '-f':
      case '--format': {
        const v = value();
        if (!(FORMATS as readonly string[]).includes(v)) throw new UsageError(`unknown format "${v}" (use ${FORMATS.join(', ')})`);
        o.format = v as Format;
        break;
      }
      case '--color':
        o.color = true;
        break;
      case '--no-color':
        o.color = false;
        break;
      case '--fix':
        o.fix = true;
        break;
      case '--fix-unsafe':
        o.fix = o.fixUnsafe = true;
        break;
      case '--fix-dry-run':
        o.dryRun = true;
        break;
      case '--severity-threshold': {
        const v = value();
        if (!(SEVERITY_THRESHOLDS as readonly string[]).includes(v)) throw new UsageError(`--severity-threshold must be ${SEVERITY_THRESHOLDS.join(', ')}, not "${v}"`);
        o.threshold = v as SeverityThreshold;
        break;
      }
      case '--max-warnings': {
        const v = value();
        if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings needs a whole number, not "${v}"`);
        o.maxWarnings = Number(v);
        break;
      }
      case '--rule': {
        const v = value();
        const m = /^([^=]+)=(.*)$/.exec(v);
        if (!m) throw new UsageError(`--rule needs <id>=<severity>, not "${v}"`);
        if (!isSeveritySetting(m[2])) throw new UsageError(`--rule ${m[1]}: "${m[2]}" is not a severity (use off, hint, info, warning or error)`);
        o.rules[ruleId(m[1], '--rule')] = m[2];
        break;
      }
      case '--ignore':
        for (const id of value().split(',').filter(Boolean)) o.rules[ruleId(id.trim(), '--ignore')] = 'off';
        break;
      case '-c':
      case '--config':
        o.config = value();
        break;
      case '--stdin-filename':
        o.stdinFilename = value();
        break;
      case '--list-rules':
        o.listRules = true;
        break;
      case '--explain':
        o.explain = value();
        break;
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        o.paths.push(a);
    }
  }
  if (o.fix && o.paths.includes('-') && !o.dryRun) throw new UsageError('--fix cannot write back to standard input; use --fix-dry-run to see the diff');
  if (o.stdinFilename !== undefined && !o.paths.includes('-')) o.paths.push('-');
  return o;
}

/** Runs the CLI and returns its exit code: 0 clean, 1 findings at or over the threshold, 2 usage or configuration error. */
export function runCli(argv: string[], io: CliIo): number {
  let o: Options;
  try {
    o = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`layerwise: ${e.message}\nRun \`layerwise --help\` for the options.\n`);
      return 2;
    }
    throw e;
  }
  if (o.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (o.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (o.listRules) {
    io.stdout(listRules());
    return 0;
  }
  if (o.explain !== undefined) return explain(o.explain, io);

  const env = io.env ?? {};
  const color = o.color ?? (!!io.stdoutIsTTY && env.NO_COLOR === undefined);

  // What to lint.
  const fileArgs = o.paths.filter((p) => p !== '-');
  const useStdin = o.paths.includes('-');
  const { targets, missing } = fileArgs.length || !useStdin ? discover(fileArgs.length ? fileArgs : ['.'], io.cwd) : { targets: [] as Target[], missing: [] };
  if (missing.length) {
    for (const m of missing) io.stderr(`layerwise: no such file or directory, and no Dockerfile or Compose file matches: ${m}\n`);
    return 2;
  }
  const stdinPath = o.stdinFilename ? toPosix(path.resolve(io.cwd, o.stdinFilename)) : undefined;

  // Configuration: the nearest file for each target, or the one given; flags win.
  const loader = new ConfigLoader();
  let explicit: ResolvedConfig | undefined;
  if (o.config) {
    const file = toPosix(path.resolve(io.cwd, o.config));
    if (!fs.existsSync(file)) {
      io.stderr(`layerwise: --config: no such file: ${o.config}\n`);
      return 2;
    }
    explicit = loader.load(file);
  }
  const configOf = (file: string): ResolvedConfig => explicit ?? loader.resolve(file);
  const problems = new Map<string, string>();
  for (const p of [...targets.map((t) => t.path), ...(stdinPath ? [stdinPath] : useStdin ? [toPosix(path.join(io.cwd, 'Dockerfile'))] : [])]) {
    for (const pr of configOf(p).problems) {
      const where = `${rel(io.cwd, pr.path)}:${pr.range.start.line + 1}:${pr.range.start.character + 1}`;
      problems.set(`${where} ${pr.message}`, `layerwise: invalid configuration: ${where}: ${pr.message}\n`);
    }
  }
  if (problems.size) {
    for (const line of problems.values()) io.stderr(line);
    return 2;
  }
  const flagLayer: LintConfig = { rules: o.rules };

  const disk = new DiskFiles();
  const reports: (FileReport & { threshold: SeverityThreshold })[] = [];
  const safeties: FixSafety[] = o.fixUnsafe ? ['safe', 'unsafe'] : ['safe'];
  const fixing = o.fix || o.dryRun;
  let diffs = '';

  const lintOne = (abs: string | undefined, shown: string, language: Language, raw: string, canWrite: boolean) => {
    const resolved = abs ? configOf(abs) : explicit ?? { config: {}, problems: [], files: [], isIgnored: () => false };
    const config = mergeConfigs(resolved.config, flagLayer);
    const threshold = o.threshold ?? resolved.severityThreshold ?? 'warning';
    const bom = raw.charCodeAt(0) === 0xfeff;
    const text = bom ? raw.slice(1) : raw;
    const log = (m: string) => io.stderr(m + '\n');
    let findings: Finding[];
    let skipped: string | undefined;
    if (fixing) {
      const result = fixAll({ text, language, path: abs, config, files: disk, log }, safeties);
      findings = result.remaining.findings;
      skipped = result.remaining.skipped;
      const changes: { file: string; abs?: string; before: string; after: string; created: boolean; bom: boolean }[] = [];
      if (result.text !== text) changes.push({ file: shown, abs, before: text, after: result.text, created: false, bom });
      for (const [p, other] of result.otherFiles) {
        const before = other.created ? '' : disk.read(p) ?? '';
        const otherBom = !other.created && readRaw(p)?.charCodeAt(0) === 0xfeff;
        if (before !== other.text) changes.push({ file: rel(io.cwd, p), abs: p, before, after: other.text, created: other.created, bom: otherBom });
      }
      for (const c of changes) {
        if (o.dryRun) diffs += unifiedDiff(c.file, c.before, c.after, c.created);
        else if (canWrite && c.abs) {
          fs.mkdirSync(path.dirname(c.abs), { recursive: true });
          fs.writeFileSync(c.abs, (c.bom ? '\ufeff' : '') + c.after);
        }
      }
    } else {
      const result = lint({ text, language, path: abs, config, files: disk, log });
      findings = result.findings;
      skipped = result.skipped;
    }
    reports.push({ file: shown, findings, skipped, threshold });
  };

  const progress = !!io.stderrIsTTY && targets.length >= 100;
  let done = 0;
  for (const t of targets) {
    if (configOf(t.path).isIgnored(t.path)) continue;
    let raw: string;
    try {
      raw = fs.readFileSync(t.path, 'utf8');
    } catch (e) {
      io.stderr(`layerwise: cannot read ${rel(io.cwd, t.path)}: ${(e as Error).message}\n`);
      continue;
    }
    lintOne(t.path, rel(io.cwd, t.path), t.language, raw, true);
    done++;
    if (progress && (done % 25 === 0 || done === targets.length)) io.stderr(`\rLinting ${done}/${targets.length} files…`);
  }
  if (progress) io.stderr('\r\u001b[K');
  if (useStdin) {
    const raw = io.stdin ? io.stdin() : fs.readFileSync(0, 'utf8');
    const language = (stdinPath && languageOfPath(stdinPath)) || 'dockerfile';
    if (!stdinPath || !configOf(stdinPath).isIgnored(stdinPath)) lintOne(stdinPath, stdinPath ? rel(io.cwd, stdinPath) : '<stdin>', language, raw, false);
  }

  if (o.dryRun) io.stdout(diffs);
  else {
    for (const r of reports) if (r.skipped && o.format !== 'json') io.stderr(`${r.file}: ${r.skipped}\n`);
    io.stdout(format(o.format, reports, { color, version: VERSION }));
  }

  let warnings = 0;
  let failing = false;
  for (const r of reports) {
    for (const f of r.findings) {
      if (f.severity === 'warning') warnings++;
      if (meetsThreshold(f.severity, r.threshold)) failing = true;
    }
  }
  if (o.maxWarnings !== undefined && warnings > o.maxWarnings) {
    io.stderr(`layerwise: ${warnings} warnings, more than --max-warnings ${o.maxWarnings}\n`);
    failing = true;
  }
  return failing ? 1 : 0;
}

function readRaw(p: string): string | undefined {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

function rel(cwd: string, abs: string): string {
  const r = toPosix(path.relative(cwd, abs));
  return r === '' ? toPosix(abs) : r;
}

/** A git-style unified diff of one file. */
export function unifiedDiff(file: string, before: string, after: string, created: boolean): string {
  const patch = structuredPatch(`a/${file}`, `b/${file}`, before, after, '', '', { context: 3 });
  let out = `--- ${created ? '/dev/null' : `a/${file}`}\n+++ b/${file}\n`;
  for (const h of patch.hunks) {
    out += `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@\n`;
    for (const line of h.lines) out += `${line.replace(/\r$/, '')}\n`;
  }
  return out;
}

function listRules(): string {
  const metas = allRuleMetas();
  const rows = metas.map((m) => [m.id, m.language === 'any' ? 'all' : m.language, m.defaultSeverity, m.fixSafety.length ? m.fixSafety.join('/') : '-', m.title]);
  const head = ['RULE', 'FILES', 'DEFAULT', 'FIX', 'WHAT IT ASKS'];
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) => cells.map((c, k) => (k === cells.length - 1 ? c : c.padEnd(widths[k]))).join('  ') + '\n';
  return line(head) + rows.map(line).join('');
}

function explain(id: string, io: CliIo): number {
  const metas = allRuleMetas();
  const meta = metas.find((m) => m.id === id) ?? metas.find((m) => codeMatches(id, m));
  if (!meta) {
    io.stderr(`layerwise: --explain: unknown rule \`${id}\` (see --list-rules)\n`);
    return 2;
  }
  const doc = readRuleDoc(meta.id);
  if (!doc) {
    io.stderr(`layerwise: --explain: the documentation of ${meta.id} is not installed next to layerwise (docs/rules/${meta.id}.md)\n`);
    return 2;
  }
  io.stdout(doc.endsWith('\n') ? doc : doc + '\n');
  return 0;
}

declare const __LAYERWISE_VERSION__: string | undefined;
const VERSION = typeof __LAYERWISE_VERSION__ === 'string' ? __LAYERWISE_VERSION__ : '0.0.0-dev';
