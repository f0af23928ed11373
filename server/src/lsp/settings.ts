import { isSeveritySetting, type LintConfig } from '../engine/config';
import { allRuleMetas } from '../rules';

/** The `layerwise` settings section as the client sends it (VS Code nests `layerwise.rules.<id>` under `rules`). */
export interface Settings {
  enable: boolean;
  /** Per rule: a severity, or `default` to leave it to the project file and the rule's default. */
  rules: Record<string, string>;
  /** Rule options by rule id, e.g. `{ "compose-env-file": { "maxEntries": 8 } }`. */
  options: Record<string, Record<string, unknown>>;
}

export const DEFAULT_SETTINGS: Settings = { enable: true, rules: {}, options: {} };

export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, string> = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [id, v] of Object.entries(r.rules as Record<string, unknown>)) if (typeof v === 'string') rules[id] = v;
  }
  const options: Record<string, Record<string, unknown>> = {};
  if (r.options && typeof r.options === 'object') {
    for (const [id, v] of Object.entries(r.options as Record<string, unknown>)) if (v && typeof v === 'object') options[id] = v as Record<string, unknown>;
  }
  return { enable: r.enable !== false, rules, options };
}

/**
 * The settings as a lint configuration layer: only what the user set, so the project file can fill the rest.
 * A severity of `default` is unset. VS Code reports every option with its default value filled in, so an option
 * equal to the rule's declared default counts as unset too (the project file's value then applies).
 */
export function settingsToConfig(s: Settings): LintConfig {
  const rules: NonNullable<LintConfig['rules']> = {};
  for (const [id, sev] of Object.entries(s.rules)) if (isSeveritySetting(sev)) rules[id] = { severity: sev };
  for (const [id, opts] of Object.entries(s.options)) {
    const declared = allRuleMetas().find((m) => m.id === id)?.options ?? {};
    const set = Object.fromEntries(Object.entries(opts).filter(([name, v]) => !(name in declared) || JSON.stringify(declared[name].default) !== JSON.stringify(v)));
    if (Object.keys(set).length === 0) continue;
    const prev = rules[id];
    rules[id] = { severity: typeof prev === 'object' ? prev.severity : undefined, options: set };
  }
  return { rules };
}
