import { DockerfileParser, Instruction } from 'dockerfile-ast';

/**
 * dockerfile-ast re-reads an instruction's arguments from the text every time getArguments() or a getter built
 * on it (ranges, flags, image, stage name, properties, heredocs) is called, and its own parser calls them several
 * times per instruction. An instruction's text never changes after parsing, so the arguments are computed once
 * per instruction and reused: parsing the corpus takes less than half the time. The Argument objects are immutable;
 * each caller gets its own array because ModifiableInstruction.getArguments() shifts flags off the array it gets.
 *
 * This touches one method of dockerfile-ast 0.7 (pinned in package.json); if a future version renames it, the
 * cache is simply not installed and everything still works, only slower. test/unit/dockerfile-model.test.ts
 * checks that the cache is in place.
 */
const CACHE = Symbol('layerwise.rawArguments');

type WithRaw = { getRawArguments?: () => unknown[]; [CACHE]?: unknown[] };

function installArgumentCache(): boolean {
  const proto = Instruction.prototype as unknown as WithRaw & { [key: symbol]: unknown };
  const original = proto.getRawArguments;
  if (typeof original !== 'function') return false;
  if ((original as { layerwiseCached?: boolean }).layerwiseCached) return true;
  const cached = function getRawArguments(this: WithRaw): unknown[] {
    let args = this[CACHE];
    if (args === undefined) {
      args = original.call(this);
      this[CACHE] = args;
    }
    return args.slice();
  };
  (cached as { layerwiseCached?: boolean }).layerwiseCached = true;
  proto.getRawArguments = cached;
  return true;
}

export const ARGUMENT_CACHE_INSTALLED = installArgumentCache();

export { DockerfileParser };
