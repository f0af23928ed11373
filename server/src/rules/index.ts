import type { Rule } from '../engine/rule';
import type { MetaRule, MetaRuleMeta } from '../engine/suppression';
import type { Language } from '../engine/types';
import composeBuildCacheFrom from './compose/compose-build-cache-from';
import composeDependsOnHealthy from './compose/compose-depends-on-healthy';
import composeEnvFile from './compose/compose-env-file';
import composeHealthcheckMissing from './compose/compose-healthcheck-missing';
import composeNamedNetworks from './compose/compose-named-networks';
import composeNoInlineSecrets from './compose/compose-no-inline-secrets';
import composePinImageTag from './compose/compose-pin-image-tag';
import composeRestartPolicy from './compose/compose-restart-policy';
import composeSyntax from './compose/compose-syntax';
import copyManifestsFirst from './dockerfile/copy-manifests-first';
import devDependenciesInImage from './dockerfile/dev-dependencies-in-image';
import healthcheckMissing from './dockerfile/healthcheck-missing';
import healthcheckToolMissing from './dockerfile/healthcheck-tool-missing';
import multiStageBuild from './dockerfile/multi-stage-build';
import nextjsStandaloneOutput from './dockerfile/nextjs-standalone-output';
import noSecretsInImage from './dockerfile/no-secrets-in-image';
import pinImageTag from './dockerfile/pin-image-tag';
import runAsNonRoot from './dockerfile/run-as-non-root';
import slimBaseImage from './dockerfile/slim-base-image';
import uvBuildEnv from './dockerfile/uv-build-env';
import uvLockedSync from './dockerfile/uv-locked-sync';
import unknownIgnoreId from './meta/unknown-ignore-id';
import unusedIgnore from './meta/unused-ignore';

/**
 * Every rule, sorted by id. A rule runs only when it is listed here; test/unit/registry.test.ts checks that each
 * rule file is registered and has a doc page and tests.
 */
export const RULES: readonly Rule<Language>[] = [
  composeBuildCacheFrom,
  composeDependsOnHealthy,
  composeEnvFile,
  composeHealthcheckMissing,
  composeNamedNetworks,
  composeNoInlineSecrets,
  composePinImageTag,
  composeRestartPolicy,
  composeSyntax,
  copyManifestsFirst,
  devDependenciesInImage,
  healthcheckMissing,
  healthcheckToolMissing,
  multiStageBuild,
  nextjsStandaloneOutput,
  noSecretsInImage,
  pinImageTag,
  runAsNonRoot,
  slimBaseImage,
  uvBuildEnv,
  uvLockedSync,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

export function ruleById(id: string): Rule<Language> | undefined {
  return RULES.find((r) => r.meta.id === id);
}

/**
 * Findings the runner reports about ignore comments themselves (rules/meta/<id>.ts): they have ids, docs,
 * severities and settings like any rule, for every kind of file, but no check of their own.
 */
export const META_RULES: readonly MetaRule[] = [unknownIgnoreId, unusedIgnore].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

/** Every rule's metadata, checks and meta-rules alike, sorted by id (settings, `--list-rules`, SARIF). */
export function allRuleMetas(): (Rule<Language>['meta'] | MetaRuleMeta)[] {
  return [...RULES.map((r) => r.meta), ...META_RULES.map((r) => r.meta)].sort((a, b) => a.id.localeCompare(b.id));
}
