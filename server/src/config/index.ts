/** One configuration model for the CLI and the language server: see loader.ts and parse.ts. */
export { ConfigLoader, DISK_CONFIG_FS, isConfigFile, type ConfigFs, type ResolvedConfig } from './loader';
export { configKindOf, HADOLINT_CONFIG_NAMES, LAYERWISE_CONFIG_NAMES, parseConfigText, type ConfigFileData, type ConfigKind, type ConfigProblem } from './parse';
