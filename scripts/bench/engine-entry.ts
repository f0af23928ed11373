// What the benchmark bundles and measures: the engine, as the server and the CLI ship it.
export { lint } from '../../server/src/engine/runner';
export { ARGUMENT_CACHE_INSTALLED } from '../../server/src/dockerfile/ast';
