import type { Finding, Severity } from '../engine/types';
import { readRuleDoc } from '../engine/docs';
import { allRuleMetas } from '../rules';

/** One linted file as the formatters see it. */
export interface FileReport {
  /** The path shown: relative to the working directory, with `/` separators. */
  file: string;
  findings: Finding[];
  /** Set when the file was not analysed, with the reason. */
  skipped?: string;
}

export interface FormatOptions {
  color: boolean;
  version: string;
}

export const FORMATS = ['stylish', 'compact', 'json', 'sarif', 'github', 'checkstyle'] as const;
export type Format = (typeof FORMATS)[number];

export function format(name: Format, reports: FileReport[], options: FormatOptions): string {
  switch (name) {
    case 'stylish':
      return stylish(reports, options.color);
    case 'compact':
      return compact(reports);
    case 'json':
      return json(reports);
    case 'sarif':
      return JSON.stringify(sarif(reports, options.version), null, 2) + '\n';
    case 'github':
      return github(reports);
    case 'checkstyle':
      return checkstyle(reports);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// compact: `file:line:col severity rule message`, one finding per line.

export function compact(reports: FileReport[]): string {
  let out = '';
  for (const r of reports) {
    for (const f of r.findings) out += `${r.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId} ${f.message}\n`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// stylish: grouped by file, aligned, with a summary line.

const ANSI = { reset: '\u001b[0m', bold: '\u001b[1m', dim: '\u001b[2m', underline: '\u001b[4m', red: '\u001b[31m', yellow: '\u001b[33m', blue: '\u001b[34m', green: '\u001b[32m' };

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function stylish(reports: FileReport[], color: boolean): string {
  const paint = (codes: string, s: string) => (color ? `${codes}${s}${ANSI.reset}` : s);
  const sevColor: Record<Severity, string> = { error: ANSI.red, warning: ANSI.yellow, info: ANSI.blue, hint: ANSI.dim };
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let safe = 0;
  let unsafe = 0;
  let out = '';
  for (const r of reports) {
    if (r.findings.length === 0) continue;
    out += `${paint(ANSI.underline, r.file)}\n`;
    const pos = r.findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1}`);
    const posWidth = Math.max(...pos.map((p) => p.length));
    const sevWidth = Math.max(...r.findings.map((f) => f.severity.length));
    r.findings.forEach((f, k) => {
      counts[f.severity]++;
      const fixes = f.fixes.filter((x) => x.safety !== 'display-only');
      let fixNote = '';
      if (fixes.some((x) => x.safety === 'safe')) {
        safe++;
        fixNote = ' (fixable)';
      } else if (fixes.length) {
        unsafe++;
        fixNote = ' (fixable with --fix-unsafe)';
      }
      out += `  ${paint(ANSI.dim, pos[k].padEnd(posWidth))}  ${paint(sevColor[f.severity], f.severity.padEnd(sevWidth))}  ${f.message}${paint(ANSI.dim, fixNote)}  ${paint(ANSI.dim, f.ruleId)}\n`;
    });
    out += '\n';
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  if (total === 0) return '';
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.info) parts.push(`${counts.info} info`);
  if (counts.hint) parts.push(plural(counts.hint, 'hint'));
  const summaryColor = counts.error ? ANSI.red : counts.warning ? ANSI.yellow : ANSI.blue;
  out += paint(ANSI.bold + summaryColor, `✖ ${plural(total, 'problem')} (${parts.join(', ')})`) + '\n';
  if (safe) out += paint(ANSI.bold + summaryColor, `  ${safe} fixable with --fix`) + '\n';
  if (unsafe) out += paint(ANSI.bold + summaryColor, `  ${unsafe} more fixable with --fix-unsafe (check the result)`) + '\n';
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// json: the findings with one-based positions and their fixes.

export function json(reports: FileReport[]): string {
  return (
    JSON.stringify(
      reports.map((r) => ({
        file: r.file,
        skipped: r.skipped,
        findings: r.findings.map((f) => ({
          ruleId: f.ruleId,
          severity: f.severity,
          message: f.message,
          line: f.range.start.line + 1,
          column: f.range.start.character + 1,
          endLine: f.range.end.line + 1,
          endColumn: f.range.end.character + 1,
          range: f.range,
          fixes: f.fixes.map((x) => ({ title: x.title, safety: x.safety, edits: x.edits, otherFiles: x.otherFiles })),
        })),
      })),
      null,
      2,
    ) + '\n'
  );
}

// ---------------------------------------------------------------------------------------------------------------
// github: workflow commands that GitHub Actions turns into annotations on the pull request.

/** Escapes the message of a workflow command. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value of a workflow command (`,` and `:` separate properties). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function github(reports: FileReport[]): string {
  const level: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };
  let out = '';
  for (const r of reports) {
    for (const f of r.findings) {
      const s = f.range.start;
      const e = f.range.end;
      const props = [`file=${escapeProperty(r.file)}`, `line=${s.line + 1}`, `col=${s.character + 1}`, `endLine=${e.line + 1}`, `endColumn=${e.character + 1}`, `title=${escapeProperty(f.ruleId)}`];
      out += `::${level[f.severity]} ${props.join(',')}::${escapeData(f.message)}\n`;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// checkstyle: the XML that Jenkins, GitLab and reviewdog read.

export function escapeXml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function checkstyle(reports: FileReport[]): string {
  const sev: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info', hint: 'info' };
  let out = '<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">\n';
  for (const r of reports) {
    out += `  <file name="${escapeXml(r.file)}">\n`;
    for (const f of r.findings) {
      out += `    <error line="${f.range.start.line + 1}" column="${f.range.start.character + 1}" severity="${sev[f.severity]}" message="${escapeXml(f.message)}" source="layerwise.${escapeXml(f.ruleId)}" />\n`;
    }
    out += '  </file>\n';
  }
  return out + '</checkstyle>\n';
}

// ---------------------------------------------------------------------------------------------------------------
// sarif: SARIF 2.1.0, as GitHub code scanning ingests it.

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** `pin-image-tag` → `PinImageTag`: SARIF's rule `name` is an identifier-like word. */
function pascal(id: string): string {
  return id
    .split('-')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}

/** A relative path as a URI reference: `/` separators, each segment percent-encoded. */
export function uriOf(file: string): string {
  return file
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

/** The help text of a rule's page without its title line (which repeats the id). */
function helpMarkdown(id: string): string | undefined {
  const doc = readRuleDoc(id);
  return doc?.replace(/^# .*\n+/, '').trim();
}

export function sarif(reports: FileReport[], version: string): Record<string, unknown> {
  const metas = allRuleMetas();
  const index = new Map(metas.map((m, k) => [m.id, k]));
  const rules = metas.map((m) => {
    const markdown = helpMarkdown(m.id);
    const fixes = m.fixSafety.length ? `Fix: ${m.fixSafety.join(' / ')}.` : 'No automatic fix.';
    const text = `${m.title}. ${m.rationale} ${fixes}`;
    return {
      id: m.id,
      name: pascal(m.id),
      shortDescription: { text: m.title },
      fullDescription: { text: m.rationale },
      help: { text, markdown: markdown ?? text },
      defaultConfiguration: { level: SARIF_LEVEL[m.defaultSeverity] },
      properties: {
        tags: [m.category, m.language === 'any' ? 'ignore-comments' : m.language, ...m.aliases],
        precision: 'high',
      },
    };
  });
  const location = (file: string, range: Finding['range']) => ({
    physicalLocation: {
      artifactLocation: { uri: uriOf(file), uriBaseId: '%SRCROOT%' },
      region: regionOf(range),
    },
  });
  const results = [];
  for (const r of reports) {
    for (const f of r.findings) {
      const result: Record<string, unknown> = {
        ruleId: f.ruleId,
        ruleIndex: index.get(f.ruleId) ?? -1,
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [location(r.file, f.range)],
      };
      if (f.related?.length) {
        result.relatedLocations = f.related
          .filter((rel) => !rel.path)
          .map((rel, k) => ({ id: k, ...location(r.file, rel.range), message: { text: rel.message } }));
      }
      const fixes = f.fixes.filter((x) => x.safety !== 'display-only' && !(x.otherFiles ?? []).some((o) => o.create));
      if (fixes.length) {
        result.fixes = fixes.map((x) => ({
          description: { text: `${x.title} (${x.safety})` },
          artifactChanges: [
            {
              artifactLocation: { uri: uriOf(r.file), uriBaseId: '%SRCROOT%' },
              replacements: x.edits.map((e) => ({ deletedRegion: regionOf(e.range), insertedContent: { text: e.newText } })),
            },
          ],
        }));
      }
      results.push(result);
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Layerwise', version, semanticVersion: version, rules } },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The folder layerwise ran in.' } } },
        results,
      },
    ],
  };
}

/** SARIF regions are one-based; columns count UTF-16 code units (the run's columnKind), as the engine does. */
function regionOf(range: Finding['range']) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}
