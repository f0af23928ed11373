import type { ComposeModel } from '../compose/model';
import type { DockerfileModel } from '../dockerfile/model';
import type { ProjectFiles } from './files';
import type { Language, Report, RuleMeta } from './types';

/** Models by language. */
export interface ModelByLanguage {
  dockerfile: DockerfileModel;
  compose: ComposeModel;
}

export type AnyModel = ModelByLanguage[keyof ModelByLanguage];

export interface RuleContext<M> {
  readonly model: M;
  /** Absolute path of the linted file (with `/` separators), when it has one. */
  readonly path: string | undefined;
  /** Directory of the linted file: the usual build context. */
  readonly dir: string | undefined;
  /** The files around the linted one. Reads are recorded, so the file is re-linted when they change. */
  readonly files: ProjectFiles;
  /** The rule's options, defaults filled in. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Project-wide settings that rules may read. */
  readonly settings: RuleSettings;
  report(report: Report): void;
}

export interface RuleSettings {
  /** Registries whose images are trusted (from the configuration); empty means all. */
  trustedRegistries: readonly string[];
}

export interface Rule<L extends Language = Language> {
  readonly meta: RuleMeta & { language: L };
  check(ctx: RuleContext<L extends keyof ModelByLanguage ? ModelByLanguage[L] : never>): void;
}

/** Declares a rule. Only a typing helper: the registry in rules/index.ts is what makes it run. */
export function defineRule<L extends keyof ModelByLanguage>(rule: Rule<L>): Rule<L> {
  return rule;
}
