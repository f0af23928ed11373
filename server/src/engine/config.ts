import type { RuleMeta, Severity, SeveritySetting } from './types';
import { SEVERITY_SETTINGS } from './types';

/**
 * The configuration the runner applies: one model for the server and the CLI, whatever its source
 * (VS Code settings, `.layerwise.yaml`, `.hadolint.yaml`, command-line flags).
 */
export interface LintConfig {
  /** Per rule: a severity, or a severity and options. Keys are rule ids. */
  rules?: Record<string, SeveritySetting | RuleConfig>;
  /** Registries whose images count as trusted; empty or absent means every registry. */
  trustedRegistries?: string[];
}

export interface RuleConfig {
  severity?: SeveritySetting;
  options?: Record<string, unknown>;
}

export function isSeveritySetting(v: unknown): v is SeveritySetting {
  return typeof v === 'string' && (SEVERITY_SETTINGS as readonly string[]).includes(v);
}

/** The severity a rule runs with, or 'off'. */
export function severityFor(meta: Pick<RuleMeta, 'id' | 'defaultSeverity'>, config: LintConfig | undefined): SeveritySetting {
  const entry = config?.rules?.[meta.id];
  if (entry === undefined) return meta.defaultSeverity;
  if (typeof entry === 'string') return isSeveritySetting(entry) ? entry : meta.defaultSeverity;
  return entry.severity && isSeveritySetting(entry.severity) ? entry.severity : meta.defaultSeverity;
}

/** The rule's options with defaults filled in; values of the wrong type fall back to the default. */
export function optionsFor(meta: Pick<RuleMeta, 'id' | 'options'>, config: LintConfig | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const entry = config?.rules?.[meta.id];
  const given = entry && typeof entry === 'object' ? entry.options ?? {} : {};
  for (const [name, opt] of Object.entries(meta.options ?? {})) {
    const v = given[name];
    const ok =
      (opt.type === 'number' && typeof v === 'number' && Number.isFinite(v) && (opt.minimum === undefined || v >= opt.minimum)) ||
      (opt.type === 'string' && typeof v === 'string') ||
      (opt.type === 'boolean' && typeof v === 'boolean') ||
      (opt.type === 'string[]' && Array.isArray(v) && v.every((x) => typeof x === 'string'));
    out[name] = ok ? v : opt.default;
  }
  return out;
}

/** Layers configs: later ones win, rule by rule (a later severity keeps an earlier rule's options). */
export function mergeConfigs(...configs: (LintConfig | undefined)[]): LintConfig {
  const rules: Record<string, RuleConfig> = {};
  let trustedRegistries: string[] | undefined;
  for (const c of configs) {
    if (!c) continue;
    for (const [id, entry] of Object.entries(c.rules ?? {})) {
      const prev = rules[id] ?? {};
      if (typeof entry === 'string') rules[id] = { ...prev, severity: entry };
      else rules[id] = { severity: entry.severity ?? prev.severity, options: { ...prev.options, ...entry.options } };
    }
    if (c.trustedRegistries) trustedRegistries = c.trustedRegistries;
  }
  return trustedRegistries ? { rules, trustedRegistries } : { rules };
}

export const SEVERITY_RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

/** The lowest severity that fails a run (`none`: nothing fails). */
export type SeverityThreshold = Severity | 'none';
export const SEVERITY_THRESHOLDS: readonly SeverityThreshold[] = ['hint', 'info', 'warning', 'error', 'none'];

export function meetsThreshold(severity: Severity, threshold: SeverityThreshold): boolean {
  return threshold !== 'none' && SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}
