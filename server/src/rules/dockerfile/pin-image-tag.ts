import { suggestTags, TAG_TABLE_SNAPSHOT } from '../../dockerfile/base-images';
import { isUnpinnedTag, parseImageRef } from '../../dockerfile/image';
import type { DockerfileModel, ImageRef } from '../../dockerfile/model';
import { defineRule } from '../../engine/rule';
import type { Fix, TextEdit } from '../../engine/types';

/**
 * Flags image references with no tag or `:latest`: FROM, `COPY --from=<image>`, `RUN --mount=from=<image>`,
 * after ARG defaults are resolved. A digest pins; `scratch`, stage names and unresolvable references are left
 * alone.
 */
export default defineRule({
  meta: {
    id: 'pin-image-tag',
    title: 'Pin image references to a version tag or digest',
    language: 'dockerfile',
    category: 'reliability',
    defaultSeverity: 'warning',
    fixSafety: ['safe', 'unsafe'],
    aliases: ['DL3006', 'DL3007', 'DS001', 'CKV_DOCKER_7'],
    rationale:
      'An image without a tag, or with `latest`, is whatever the registry holds on the day of the build: two builds of the same commit can differ, and a new major version can break the build without any change of yours.',
  },
  check(ctx) {
    const { model } = ctx;
    for (const ref of model.images) {
      if (ref.instr.onbuild || !ref.image || ref.resolved === undefined) continue;
      const image = ref.image;
      if (image.digest) continue;
      // Upper case is not valid in a repository name: a placeholder such as REPLACE-ME, which the build rejects anyway.
      if (/[A-Z]/.test(image.path)) continue;
      if (!isUnpinnedTag(image.tag)) continue;
      const where = ref.kind === 'from' ? 'base image' : ref.kind === 'copy-from' ? 'image in COPY --from' : 'image in RUN --mount';
      const shown = ref.resolved;
      const viaText = ref.via.length && ref.text !== ref.resolved ? ` (\`${ref.text}\` resolves to it through ARG ${ref.via.map((v) => v.name).join(', ')})` : '';
      const problem = image.tag === undefined ? 'has no tag' : 'uses the moving `latest` tag';
      const suggestions = suggestTags(image);
      const fixes: Fix[] = [];
      for (const s of suggestions) {
        const edit = pinEdit(model, ref, s.tag);
        if (!edit) continue;
        const pinned = `${shown.slice(0, image.pathEnd)}:${s.tag}`;
        fixes.push({
          title: `Pin to ${pinned}`,
          safety: s.sameAsLatest ? 'safe' : 'unsafe',
          edits: [edit],
        });
      }
      let advice: string;
      if (fixes.length) {
        advice = ` Pin a version, e.g. \`${shown.slice(0, image.pathEnd)}:${suggestions[0].tag}\` (current as of ${TAG_TABLE_SNAPSHOT}).`;
      } else if (suggestions.length) {
        advice = ` Pin a version, e.g. \`${shown.slice(0, image.pathEnd)}:${suggestions[0].tag}\`; no automatic edit is offered because the reference is built from several variables.`;
      } else {
        advice = ' Pin the version you test with (a tag such as `1.2` or a digest `@sha256:…`); Layerwise has no current tag on record for this image.';
      }
      ctx.report({
        range: ref.range,
        message: `The ${where} \`${shown}\` ${problem}${viaText}: builds are not reproducible.${advice}`,
        fixes,
      });
    }
  },
});

/**
 * The edit that gives a reference the tag: in place when the reference is written literally; in the ARG default
 * when the whole reference, or its whole tag, comes from one ARG.
 */
function pinEdit(model: DockerfileModel, ref: ImageRef, tag: string): TextEdit | undefined {
  const { index } = model;
  if (ref.via.length === 0) {
    const parsed = parseImageRef(ref.text);
    const start = index.offsetAt(ref.range.start);
    if (parsed.tagStart !== undefined) {
      return { range: index.rangeOf(start + parsed.tagStart, start + parsed.tagStart + (parsed.tag ?? '').length), newText: tag };
    }
    const at = start + parsed.pathEnd;
    return { range: index.rangeOf(at, at), newText: `:${tag}` };
  }
  if (ref.via.length !== 1) return undefined;
  const arg = ref.via[0].arg;
  if (!arg || !arg.valueRange || arg.raw === undefined || ref.resolved === undefined) return undefined;
  const single = new RegExp(`^\\$(?:\\{${arg.name}\\}|${arg.name})$`);
  const tagOnly = new RegExp(`^[^$]*:\\$(?:\\{${arg.name}\\}|${arg.name})$`);
  let newValue: string | undefined;
  if (single.test(ref.text)) {
    const parsed = parseImageRef(arg.raw);
    if (parsed.tag !== undefined && /\$/.test(parsed.tag)) return undefined;
    newValue = `${arg.raw.slice(0, parsed.pathEnd)}:${tag}`;
  } else if (tagOnly.test(ref.text)) {
    newValue = tag;
  }
  if (newValue === undefined) return undefined;
  return { range: arg.valueRange, newText: requote(index.slice(arg.valueRange), newValue) };
}

function requote(raw: string, value: string): string {
  const q = raw[0];
  return (q === '"' || q === "'") && raw.endsWith(q) && raw.length > 1 ? `${q}${value}${q}` : value;
}
