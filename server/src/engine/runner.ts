import { composeSupport } from '../compose/support';
import { dockerfileSupport } from '../dockerfile/support';
import { META_RULES, RULES } from '../rules';
import { optionsFor, severityFor, type LintConfig } from './config';
import { fixWithEol } from './edits';
import { dirnamePosix, NO_FILES, RecordingFiles, toPosix, type ProjectFiles } from './files';
import type { AnySupport, LanguageSupport } from './languages';
import type { AnyModel, ModelByLanguage, Rule, RuleContext } from './rule';
import { removeCodesEdits } from './ignore';
import { closestId, parseSuppressions, suppressedBy, unknownCodes, unusedCodes, type MetaRule, type Suppression } from './suppression';
import { comparePositions, detectEol } from './text';
import type { Finding, Language, Report, RuleMeta } from './types';

const SUPPORTS: Partial<Record<Language, AnySupport>> = {
  dockerfile: dockerfileSupport,
  compose: composeSupport,
};

/** Registers the support for a kind of file (the Compose module calls this). */
export function registerLanguage<L extends keyof ModelByLanguage>(support: LanguageSupport<L>): void {
  (SUPPORTS as Record<string, unknown>)[support.language] = support;
}

export interface LintRequest {
  text: string;
  language: Language;
  /** Absolute path of the file; relative files (build context, next.config) are found from it. */
  path?: string;
  config?: LintConfig;
  /** The files around this one; nothing is readable when absent. */
  files?: ProjectFiles;
  /** The rules to run; all registered rules when absent. */
  rules?: readonly Rule[];
  /**
   * Findings about ignore comments (unused, unknown id) to report; all of them when `rules` is absent, none when
   * only some rules are asked for (unless listed here).
   */
  metaRules?: readonly MetaRule[];
  /** Where a rule that throws is reported. */
  log?: (message: string) => void;
  /** Larger texts are not analysed; {@link LintResult.skipped} says why. */
  maxBytes?: number;
}

export interface LintResult {
  findings: Finding[];
  /** Every ignore comment in the file, with the codes it used. */
  suppressions: Suppression[];
  /** Files that rules read or probed: a change to any of them can change the findings. */
  dependencies: string[];
  /** Rules that threw; the others' findings are still reported. */
  ruleErrors: { ruleId: string; message: string }[];
  /** Set when the file was not analysed at all, with the reason. */
  skipped?: string;
  model?: AnyModel;
}

/**
 * Larger files are not analysed. Real Dockerfiles and Compose files are a few KB; the parser needs about a
 * second per MB on a single pathological line, so 1 MB keeps the worst case bounded in an editor.
 */
export const DEFAULT_MAX_BYTES = 1024 * 1024;

export function lint(req: LintRequest): LintResult {
  const result: LintResult = { findings: [], suppressions: [], dependencies: [], ruleErrors: [] };
  const support = SUPPORTS[req.language];
  if (!support) {
    result.skipped = `no support for ${req.language} files`;
    return result;
  }
  const maxBytes = req.maxBytes ?? DEFAULT_MAX_BYTES;
  if (req.text.length > maxBytes) {
    result.skipped = `Layerwise skipped this file: it is ${formatSize(req.text.length)}, over the ${formatSize(maxBytes)} limit for analysis.`;
    return result;
  }
  if (looksBinary(req.text)) {
    result.skipped = 'Layerwise skipped this file: it looks like binary data, not text.';
    return result;
  }

  let model: AnyModel;
  try {
    model = (support as LanguageSupport<keyof ModelByLanguage>).build(req.text);
  } catch (e) {
    req.log?.(`layerwise: could not read ${req.path ?? 'the file'}: ${errorText(e)}`);
    result.skipped = `Layerwise could not analyse this file (${errorText(e)}).`;
    return result;
  }
  result.model = model;

  const path = req.path ? toPosix(req.path) : undefined;
  const files = new RecordingFiles(req.files ?? NO_FILES);
  const rules = (req.rules ?? RULES).filter((r) => r.meta.language === req.language);
  const eol = detectEol(req.text);
  const settings = { trustedRegistries: req.config?.trustedRegistries ?? [] };

  const raw: { rule: Rule; report: Report; severity: Finding['severity'] }[] = [];
  const ran: RuleMeta[] = [];
  for (const rule of rules) {
    const severity = severityFor(rule.meta, req.config);
    if (severity === 'off') continue;
    const reports: Report[] = [];
    const ctx: RuleContext<AnyModel> = {
      model,
      path,
      dir: path ? dirnamePosix(path) : undefined,
      files,
      options: optionsFor(rule.meta, req.config),
      settings,
      report: (r) => reports.push(r),
    };
    try {
      (rule as Rule<Language>).check(ctx as never);
    } catch (e) {
      result.ruleErrors.push({ ruleId: rule.meta.id, message: errorText(e) });
      req.log?.(`layerwise: rule ${rule.meta.id} failed on ${req.path ?? 'a file'} and was skipped: ${errorStack(e)}`);
      continue;
    }
    ran.push(rule.meta);
    for (const report of reports) raw.push({ rule, report, severity });
  }

  const sup = support as LanguageSupport<keyof ModelByLanguage>;
  const layout = sup.layout(model);
  if (!layout.lineText) {
    // Lets the parser point at each code and check "first line" rules; split only when a comment needs it.
    let lines: string[] | undefined;
    layout.lineText = (l) => (lines ??= req.text.split('\n'))[l]?.replace(/\r$/, '') ?? '';
  }
  const suppressions = parseSuppressions(layout);
  result.suppressions = suppressions;
  for (const { rule, report, severity } of raw) {
    const anchor = sup.anchorLine(model, report.range.start.line);
    if (suppressedBy(suppressions, rule.meta, anchor)) continue;
    result.findings.push({
      ruleId: rule.meta.id,
      message: report.message,
      range: report.range,
      severity,
      fixes: (report.fixes ?? []).map((f) => fixWithEol(f, eol)),
      related: report.related,
      unnecessary: report.unnecessary,
    });
  }
  const metaRules = req.metaRules ?? (req.rules ? [] : META_RULES);
  if (metaRules.length) result.findings.push(...ignoreCommentFindings(req, suppressions, ran, metaRules, eol));
  result.findings.sort((a, b) => comparePositions(a.range.start, b.range.start) || a.ruleId.localeCompare(b.ruleId));
  result.dependencies = [...files.touched];
  return result;
}

/**
 * Findings about the ignore comments themselves, once every rule's findings went through them: an id that names
 * no rule (in our own comments), and a comment that silenced nothing. They pass through suppression too (only
 * another comment can silence them: a comment never silences its own report).
 */
function ignoreCommentFindings(req: LintRequest, suppressions: Suppression[], ran: RuleMeta[], metaRules: readonly MetaRule[], eol: '\n' | '\r\n'): Finding[] {
  const byId = new Map(metaRules.map((m) => [m.meta.id, m.meta]));
  const known = [...RULES.map((r) => r.meta), ...(req.rules ?? []).map((r) => r.meta), ...META_RULES.map((r) => r.meta), ...metaRules.map((m) => m.meta)];
  const knownIds = [...new Set(known.map((m) => m.id))];
  const out: { finding: Finding; source: Suppression }[] = [];
  const unknownMeta = byId.get('unknown-ignore-id');
  const unusedMeta = byId.get('unused-ignore');
  for (const s of suppressions) {
    const unknown = unknownCodes(s, known);
    if (unknownMeta) {
      const severity = severityFor(unknownMeta, req.config);
      if (severity !== 'off') {
        for (const u of unknown) {
          const guess = closestId(u.code, knownIds);
          out.push({
            source: s,
            finding: {
              ruleId: unknownMeta.id,
              severity,
              range: u.range,
              message: `\`${u.code}\` is not a Layerwise rule id or alias, so this comment silences nothing for it.${guess ? ` Did you mean \`${guess}\`?` : ''}`,
              fixes: [],
            },
          });
        }
      }
    }
    if (unusedMeta) {
      const severity = severityFor(unusedMeta, req.config);
      const { codes, all } = unusedCodes(s, ran);
      if (severity !== 'off' && (all || codes.length > 0)) {
        const where = s.scope === 'file' ? 'in this file' : s.scope === 'stage' ? 'in this stage' : s.trailing ? 'on this line' : 'on the next line';
        const ours = s.tool === 'layerwise';
        const names = codes.map((c) => `\`${c}\``).join(', ');
        const message =
          codes.length === 0
            ? `This ignore comment silences nothing: no rule reports anything ${where}. Remove it.`
            : `${names} ${codes.length === 1 ? 'is' : 'are'} ignored here, but Layerwise reports nothing for ${codes.length === 1 ? 'it' : 'them'} ${where}.` +
              (ours ? ' Remove it.' : ` Remove ${codes.length === 1 ? 'it' : 'them'} unless ${s.tool} still needs ${codes.length === 1 ? 'it' : 'them'}.`);
        const title = all ? 'Remove the unused ignore comment' : `Remove ${codes.join(', ')} from the ignore comment`;
        let edits: ReturnType<typeof removeCodesEdits> = [];
        try {
          edits = removeCodesEdits(req.text, s, codes, all);
        } catch {
          edits = [];
        }
        out.push({
          source: s,
          finding: {
            ruleId: unusedMeta.id,
            severity,
            range: s.range,
            message,
            fixes: edits.length ? [fixWithEol({ title, safety: ours ? 'safe' : 'unsafe', edits }, eol)] : [],
            unnecessary: true,
          },
        });
      }
    }
  }
  const kept: Finding[] = [];
  for (const { finding, source } of out) {
    const meta = byId.get(finding.ruleId)!;
    if (suppressedBy(suppressions.filter((x) => x !== source), meta, source.line)) continue;
    kept.push(finding);
  }
  return kept;
}

function looksBinary(text: string): boolean {
  const sample = text.length > 4096 ? text.slice(0, 4096) : text;
  if (sample.length === 0) return false;
  // Fast path: ordinary text has no control characters at all.
  if (!/[\x00-\x08\x0e-\x1f\ufffd]/.test(sample)) return false;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0 || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 11) || c === 0xfffd) control++;
  }
  return control / sample.length > 0.1;
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${bytes} bytes`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function errorStack(e: unknown): string {
  return e instanceof Error && e.stack ? e.stack : String(e);
}
