import type { AnyModel, ModelByLanguage } from './rule';
import type { SuppressionLayout } from './suppression';
import type { Language } from './types';

/** What the runner needs from each kind of file. */
export interface LanguageSupport<L extends keyof ModelByLanguage> {
  language: L;
  /** Builds the model. May throw only on an engine bug; the runner reports that instead of crashing. */
  build(text: string): ModelByLanguage[L];
  layout(model: ModelByLanguage[L]): SuppressionLayout;
  /** The line a finding starting on `line` is anchored to for suppression (its instruction's first line). */
  anchorLine(model: ModelByLanguage[L], line: number): number;
}

export type AnySupport = { [L in keyof ModelByLanguage]: LanguageSupport<L> }[keyof ModelByLanguage];

const DOCKERFILE_NAME = /^(?:dockerfile|containerfile)(?:[.-].*)?$|\.(?:dockerfile|containerfile)$/i;
const COMPOSE_NAME = /^(?:docker-)?compose(?:[.-].*)?\.ya?ml$/i;

/**
 * The kind of file a path names: `Dockerfile`, `Dockerfile.dev`, `Containerfile`, `api.dockerfile`;
 * `compose.yaml`, `docker-compose.override.yml`, `compose.prod.yaml`.
 */
export function languageOfPath(path: string): Language | undefined {
  const name = path.replace(/\\/g, '/').split('/').pop() ?? '';
  if (COMPOSE_NAME.test(name)) return 'compose';
  if (DOCKERFILE_NAME.test(name)) {
    // Dockerfile.j2, Dockerfile.template and the like are templates, not Dockerfiles.
    if (/\.(?:j2|jinja2?|tmpl|tpl|template|erb|mustache|hbs|orig|bak|swp|md|txt|dockerignore)$/i.test(name)) return undefined;
    return 'dockerfile';
  }
  return undefined;
}

/** The kind of file an editor language id and a path name (VS Code calls Compose files `yaml` or `dockercompose`). */
export function languageOf(languageId: string | undefined, path: string | undefined): Language | undefined {
  if (languageId === 'dockerfile') return 'dockerfile';
  if (languageId === 'dockercompose') return 'compose';
  const byPath = path ? languageOfPath(path) : undefined;
  if (languageId === 'yaml') return byPath === 'compose' ? 'compose' : undefined;
  return byPath;
}

export function isModelOf<L extends Language>(model: AnyModel, language: L): model is AnyModel & { language: L } {
  return (model as { language: string }).language === language;
}
