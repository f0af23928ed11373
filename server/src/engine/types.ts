/**
 * The engine's own vocabulary. Nothing here knows about LSP or VS Code: the language server, the CLI and the
 * tests all speak these types, and only `server/src/lsp/` converts them to protocol objects.
 *
 * Positions are zero-based lines and UTF-16 code-unit columns of the text the engine was given (the same
 * convention as LSP's default position encoding and JavaScript strings).
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'hint', 'info', 'warning', 'error'];

/** Which kind of file a rule or a model belongs to. */
export type Language = 'dockerfile' | 'compose';

/**
 * How far a fix can be trusted, after ruff's applicability levels.
 * - `safe`: keeps the meaning of the file; it is the preferred quick fix and joins "fix all" and `--fix`.
 * - `unsafe`: a good edit that may change behaviour (a user, a base image variant); offered as a quick fix only.
 * - `display-only`: a suggestion shown in the message and hover, never applied as an edit.
 */
export type FixSafety = 'safe' | 'unsafe' | 'display-only';

export interface TextEdit {
  range: Range;
  newText: string;
}

/** An edit to a file other than the one being linted (e.g. next.config.mjs, an env file). */
export interface FileChange {
  /** Absolute path, with `/` separators. */
  path: string;
  /** Edits against the file's current text; against the empty text when the file is created. */
  edits: TextEdit[];
  /** True when the file does not exist yet and the fix creates it. */
  create?: boolean;
}

export interface Fix {
  /** Imperative, shown as the quick-fix title: "Pin python to python:3.14". */
  title: string;
  safety: FixSafety;
  /** Edits to the linted file. Newlines may be written as `\n`; the runner converts them to the file's EOL. */
  edits: TextEdit[];
  /** Edits to other files, applied together with `edits` as one workspace edit. */
  otherFiles?: FileChange[];
}

export interface RelatedLocation {
  range: Range;
  message: string;
  /** Another file; the linted file when absent. */
  path?: string;
}

/** What a rule reports. The runner turns it into a {@link Finding}. */
export interface Report {
  range: Range;
  message: string;
  fixes?: Fix[];
  related?: RelatedLocation[];
  /** Marks the range as unused code (faded in editors). */
  unnecessary?: boolean;
}

export interface Finding {
  ruleId: string;
  message: string;
  range: Range;
  severity: Severity;
  fixes: Fix[];
  related?: RelatedLocation[];
  unnecessary?: boolean;
}

export type RuleCategory = 'caching' | 'security' | 'reliability' | 'size' | 'correctness' | 'maintainability';

/** A rule option, declared once: the settings schema and the config loader are derived from it. */
export interface RuleOption {
  type: 'number' | 'string' | 'boolean' | 'string[]';
  default: number | string | boolean | string[];
  description: string;
  minimum?: number;
}

export interface RuleMeta {
  /** User-facing id, kebab-case, stable. */
  id: string;
  /** One line, shown in settings and `--list-rules`. */
  title: string;
  language: Language;
  category: RuleCategory;
  defaultSeverity: Severity;
  /** The safety levels this rule's fixes can have; empty when it never fixes. A meta-test checks this. */
  fixSafety: readonly FixSafety[];
  /** Codes of other tools that mean the same finding (hadolint DL*, BuildKit check names, Trivy DS*, Checkov CKV_*). */
  aliases: readonly string[];
  /** Why the practice matters, in a sentence or two. Shown on hover; the long form is docs/rules/<id>.md. */
  rationale: string;
  options?: Readonly<Record<string, RuleOption>>;
}
