import { canEdit } from '../../compose/edits';
import { rawOffset, type Interpolated } from '../../compose/interpolate';
import type { Str } from '../../compose/model';
import { projectOf } from '../../compose/project';
import { suggestTags, TAG_TABLE_SNAPSHOT } from '../../dockerfile/base-images';
import { isUnpinnedTag, parseImageRef, type ParsedImage } from '../../dockerfile/image';
import { defineRule } from '../../engine/rule';
import type { Fix, TextEdit } from '../../engine/types';

/** A reference Docker accepts: lower-case repository path, optional registry, tag and digest. */
const VALID_REF = /^(?:[A-Za-z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[A-Za-z0-9_+.-]+:[A-Fa-f0-9]+)?$/;

/**
 * Flags a service `image` with no tag or `:latest`, after interpolation (`${TAG:-latest}` reads its default, and
 * the `.env` beside the file). An image that names what the service builds (`build` + `image`), or that another
 * service of the file builds, is left alone; so are digests and values a variable without a default decides.
 */
export default defineRule({
  meta: {
    id: 'compose-pin-image-tag',
    title: 'Pin service images to a version tag or digest',
    language: 'compose',
    category: 'reliability',
    defaultSeverity: 'warning',
    fixSafety: ['safe', 'unsafe'],
    aliases: ['service-image-require-explicit-tag'],
    rationale:
      'A service image without a tag, or with `latest`, is whatever the registry holds on the day of `docker compose pull`: two machines run different versions of the same file, and a new major version (of a database, say) can arrive without any change of yours.',
  },
  check(ctx) {
    const { model } = ctx;
    const project = projectOf(ctx);
    const built = new Set<string>();
    for (const s of model.services) {
      if (!s.build || !s.image) continue;
      const v = project.interpolate(s.image.value).value;
      if (v) built.add(parseImageRef(v).name);
    }
    const seen = new Set<number>();
    for (const s of model.services) {
      const img = s.image;
      if (!img || seen.has(img.start)) continue;
      // With `build`, `image` names the image Compose builds: there is nothing to pull.
      if (project.find(s, 'build')) continue;
      const interp = project.interpolate(img.value);
      const resolved = interp.value?.trim();
      if (!resolved || !VALID_REF.test(resolved)) continue;
      const parsed = parseImageRef(resolved);
      if (parsed.digest || !isUnpinnedTag(parsed.tag)) continue;
      if (built.has(parsed.name)) continue;
      seen.add(img.start);

      const shown = resolved;
      const via = interp.variables.length
        ? ` (\`${img.value}\` resolves to it${interp.looked.length ? ` through ${interp.looked.join(', ')} in .env` : ''})`
        : '';
      const problem = parsed.tag === undefined ? 'has no tag' : 'uses the moving `latest` tag';
      const suggestions = suggestTags(parsed);
      const fixes: Fix[] = [];
      for (const sug of suggestions) {
        const edit = canEdit(model, img.start) ? pinEdit(img, interp, parsed, sug.tag, model.index.rangeOf.bind(model.index)) : undefined;
        if (!edit) continue;
        fixes.push({ title: `Pin to ${shown.slice(0, parsed.pathEnd)}:${sug.tag}`, safety: sug.sameAsLatest ? 'safe' : 'unsafe', edits: [edit] });
      }
      let advice: string;
      if (fixes.length) advice = ` Pin a version, e.g. \`${shown.slice(0, parsed.pathEnd)}:${suggestions[0].tag}\` (current as of ${TAG_TABLE_SNAPSHOT}).`;
      else if (suggestions.length)
        advice = ` Pin a version, e.g. \`${shown.slice(0, parsed.pathEnd)}:${suggestions[0].tag}\`; no automatic edit is offered because the reference comes from a variable's value.`;
      else advice = ' Pin the version you test with (a tag such as `1.2` or a digest `@sha256:…`); Layerwise has no current tag on record for this image.';
      const users = img.inherited ? '' : ` of service \`${s.name}\``;
      ctx.report({
        range: img.range,
        message: `The image \`${shown}\`${users} ${problem}${via}: each pull can bring a different version.${advice}`,
        fixes,
      });
    }
  },
});

function pinEdit(
  img: Str,
  interp: Interpolated,
  parsed: ParsedImage,
  tag: string,
  rangeOf: (a: number, b: number) => TextEdit['range'],
): TextEdit | undefined {
  if (img.contentStart === undefined) return undefined;
  // Leading whitespace was trimmed off the resolved value.
  const lead = (interp.value ?? '').length - (interp.value ?? '').trimStart().length;
  const toText = (out: number, atEnd: boolean): number | undefined => {
    const raw = rawOffset(interp, out + lead, atEnd);
    return raw === undefined ? undefined : img.contentStart! + raw;
  };
  if (parsed.tagStart !== undefined) {
    const a = toText(parsed.tagStart, false);
    const b = toText(parsed.tagStart + (parsed.tag ?? '').length, true);
    if (a === undefined || b === undefined || b - a !== (parsed.tag ?? '').length) return undefined;
    return { range: rangeOf(a, b), newText: tag };
  }
  const at = toText(parsed.pathEnd, true);
  if (at === undefined) return undefined;
  return { range: rangeOf(at, at), newText: `:${tag}` };
}
