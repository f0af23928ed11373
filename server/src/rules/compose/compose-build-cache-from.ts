import { addToMap, canEdit, flowText, sc, yamlString, type YValue } from '../../compose/edits';
import type { ComposeModel, Service } from '../../compose/model';
import { projectOf } from '../../compose/project';
import { defineRule } from '../../engine/rule';
import type { Fix, TextEdit } from '../../engine/types';

/**
 * Flags a `build` section without `cache_from` (info), in a service that names the `image` it builds: a build
 * with no image name is not pushed anywhere a cache could come from. The fix lists the service's own `image` as a cache
 * source, so a CI runner that pulled (or can pull) the last pushed image reuses its layers; it turns the short
 * form `build: ./dir` into `context:` + `cache_from:`. A `cache_from` set anywhere Compose reads counts. Dev
 * container files (`.devcontainer/`) are left alone: they are built where they run.
 */
export default defineRule({
  meta: {
    id: 'compose-build-cache-from',
    title: 'Give builds a cache source with cache_from',
    language: 'compose',
    category: 'caching',
    defaultSeverity: 'info',
    fixSafety: ['safe'],
    aliases: [],
    rationale:
      'A CI runner starts with an empty build cache, so without `cache_from` every `docker compose build` there rebuilds every layer. Pointing `cache_from` at the image you push lets the build reuse the layers that did not change.',
  },
  check(ctx) {
    const { model } = ctx;
    // A dev container is built on the machine that uses it; there is no CI cache to seed.
    if (ctx.path && /\/\.devcontainer\//.test(ctx.path)) return;
    const project = projectOf(ctx);
    const seen = new Set<number>();
    for (const s of model.services) {
      const build = s.build;
      if (!build || build.cacheFrom || seen.has(build.entry.keyStart)) continue;
      if (project.definitions(s.name).some((d) => d.build?.cacheFrom)) continue;
      seen.add(build.entry.keyStart);
      // Without an image name the build is not pushed anywhere a cache could come from.
      const image = s.image ?? project.definitions(s.name).find((d) => d.image)?.image;
      if (!image) continue;
      const fixes: Fix[] = [];
      if (image && s.image === image) {
        const edit = cacheFromEdit(ctx.model, s, image.raw.startsWith('"') || image.raw.startsWith("'") ? image.raw : yamlString(image.value));
        if (edit) fixes.push({ title: `Add cache_from: [${image.value}]`, safety: 'safe', edits: [edit] });
      }
      const advice = ` Reuse the layers of the image you push: \`cache_from: [${image.value}]\` (build it with \`cache_to\` or the BUILDKIT_INLINE_CACHE build argument so it carries its cache).`;
      ctx.report({
        range: build.entry.keyRange,
        message: `The build of \`${s.name}\` has no \`cache_from\`: a CI runner, which starts with an empty cache, rebuilds every layer.${advice}`,
        fixes: canEdit(model, build.entry.keyStart) ? fixes : [],
      });
    }
  },
});

function cacheFromEdit(model: ComposeModel, s: Service, item: string): TextEdit | undefined {
  const build = s.build!;
  if (build.entry.inherited) return undefined;
  const value: YValue = { seq: [sc(item)] };
  if (build.map) return addToMap(model, build.map, 'cache_from', build.map.flow ? { seq: [sc(item)], flow: true } : value);
  const short = build.short;
  if (!short || !s.map) return undefined;
  if (s.map.flow) return { range: short.range, newText: flowText({ map: [['context', sc(short.raw)], ['cache_from', value]] }) };
  // `build: ./dir` → `build:` + `context: ./dir` + `cache_from: [...]`, written below the key.
  const colon = model.text.indexOf(':', build.entry.keyEnd);
  if (colon === -1 || colon > short.start) return undefined;
  if (model.index.positionAt(short.end).line !== model.index.positionAt(build.entry.keyStart).line) return undefined;
  const col = model.index.positionAt(build.entry.keyStart).character + model.indent.unit;
  const pad = ' '.repeat(col);
  const seqPad = ' '.repeat(col + model.indent.seq);
  // A comment after the value stays on the `build:` line.
  const lineEnd = model.index.lineEnd(model.index.positionAt(short.end).line);
  return {
    range: model.index.rangeOf(colon + 1, lineEnd),
    newText: `${model.text.slice(short.end, lineEnd)}\n${pad}context: ${short.raw}\n${pad}cache_from:\n${seqPad}- ${item}`,
  };
}
