import * as path from 'node:path';
import { stageChain, type CopyArg, type CopyInfo, type DockerfileModel } from '../../dockerfile/model';
import { analyseNextConfig, NEXT_CONFIG_NAMES, newNextConfig, standaloneEdit } from '../../dockerfile/next-config';
import { joinPosix } from '../../engine/files';
import { defineRule, type RuleContext } from '../../engine/rule';
import type { Fix } from '../../engine/types';

/**
 * Flags a COPY of `.next/standalone` when the Next.js config of the app (next.config.js/.mjs/.ts/.cjs next to the
 * Dockerfile, in the build context or in a parent folder) does not set `output: "standalone"`: `next build` then
 * writes no such folder and the COPY fails. The fix edits the config, keeping its style, or creates
 * next.config.mjs. The config is read through ctx.files, so editing it re-lints the Dockerfile.
 */
export default defineRule({
  meta: {
    id: 'nextjs-standalone-output',
    title: 'Set output: "standalone" in next.config when the image copies .next/standalone',
    language: 'dockerfile',
    category: 'correctness',
    defaultSeverity: 'error',
    fixSafety: ['safe', 'unsafe'],
    aliases: [],
    rationale:
      '`next build` writes `.next/standalone` (a minimal server.js with only the node_modules it traces) only when next.config sets `output: "standalone"`. Without it the COPY of that folder fails, or the image falls back to shipping the whole project.',
  },
  check(ctx) {
    const { model } = ctx;
    if (ctx.dir === undefined) return;
    const reported = new Set<string>();
    for (const stage of model.stages) {
      for (const copy of stage.copies) {
        if (copy.instr.onbuild || copy.heredoc) continue;
        const src = copy.sources.find((s) => STANDALONE.test(s.value));
        if (!src) continue;
        checkCopy(ctx, copy, src, reported);
      }
    }
  },
});

const STANDALONE = /(?:^|\/)\.next\/standalone\/?(?:\.)?$/;

/** Context-relative folders where the app may be, most likely first. */
function candidateDirs(copy: CopyInfo, src: CopyArg): string[] {
  const appPath = path.posix.normalize(src.value.replace(STANDALONE, '') || '.').replace(/^\/+/, '').replace(/\/$/, '');
  const app = appPath === '.' ? '' : appPath;
  const out: string[] = [];
  if (!copy.from) {
    out.push(app);
  } else if (copy.from.stage) {
    // Where the source stage put the build context: `WORKDIR /app` + `COPY . .` maps /app to the context root.
    const abs = '/' + app;
    for (const s of stageChain(copy.from.stage)) {
      for (const c of s.copies) {
        if (!c.broad || !c.dest || c.instr.onbuild) continue;
        const dest = c.dest.value.startsWith('/') ? c.dest.value : c.instr.workdir === undefined ? undefined : path.posix.join(c.instr.workdir, c.dest.value);
        if (dest === undefined || /\$/.test(dest)) continue;
        const d = path.posix.normalize(dest).replace(/\/$/, '') || '/';
        if (abs === d) out.push('');
        else if (abs.startsWith(d === '/' ? '/' : d + '/')) out.push(abs.slice(d === '/' ? 1 : d.length + 1));
      }
    }
  }
  // The app's path inside the image, shortened from the left (the first folder is usually the WORKDIR):
  // /app/apps/web → apps/web, web, then the context root, then the path as written.
  const parts = app.split('/').filter(Boolean);
  for (let k = 1; k < parts.length; k++) out.push(parts.slice(k).join('/'));
  out.push('');
  if (copy.from) out.push(app);
  // A folder named by a variable (`${APP_DIR}/.next/standalone`) is not a path in the build context.
  return [...new Set(out)].filter((d) => !d.includes('$'));
}

function checkCopy(ctx: RuleContext<DockerfileModel>, copy: CopyInfo, src: CopyArg, reported: Set<string>): void {
  const { files } = ctx;
  const dir = ctx.dir!;
  const candidates = candidateDirs(copy, src);
  let config: { path: string; rel: string } | undefined;
  let pkgDir: { rel: string; next: boolean } | undefined;
  const look = (rel: string): boolean => {
    const abs = joinPosix(dir, rel);
    for (const name of NEXT_CONFIG_NAMES) {
      const p = joinPosix(abs, name);
      if (files.exists(p)) {
        config = { path: p, rel: rel ? `${rel}/${name}` : name };
        return true;
      }
    }
    if (!pkgDir) {
      const pkg = files.read(joinPosix(abs, 'package.json'));
      if (pkg !== undefined) pkgDir = { rel, next: /"next"\s*:/.test(pkg) };
    }
    return false;
  };
  for (const rel of candidates) if (look(rel)) break;
  // A Dockerfile kept in a subfolder (docker/production/Dockerfile) with the app further up.
  if (!config && !pkgDir) for (const rel of ['..', '../..', '../../..']) if (look(rel)) break;

  const key = config?.path ?? `create:${pkgDir?.rel ?? candidates[0]}`;
  if (reported.has(key)) return;
  reported.add(key);
  const range = src.range;
  const line = copy.instr.range.start.line + 1;
  const copied = `\`${src.value}\` (line ${line})`;

  if (!config) {
    const rel = pkgDir?.rel ?? candidates[0];
    const relPath = path.posix.normalize(rel ? `${rel}/next.config.mjs` : 'next.config.mjs');
    const fix: Fix = {
      title: `Create ${relPath} with output: "standalone"`,
      safety: pkgDir?.next ? 'safe' : 'unsafe',
      edits: [],
      otherFiles: [{ path: joinPosix(dir, relPath), create: true, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: newNextConfig() }] }],
    };
    ctx.report({
      range,
      message: `The image copies ${copied}, but no next.config.{js,mjs,ts} was found${pkgDir ? ` next to ${pkgDir.rel ? pkgDir.rel + '/' : ''}package.json` : ' next to the Dockerfile'}: \`next build\` writes .next/standalone only with \`output: "standalone"\` in next.config.`,
      fixes: [fix],
    });
    return;
  }

  const text = files.read(config.path);
  if (text === undefined) return;
  const analysis = analyseNextConfig(text);
  const output = analysis.output;
  if (output.kind === 'standalone' || output.kind === 'unknown') return;
  const edit = standaloneEdit(text, analysis);
  if (output.kind === 'other') {
    ctx.report({
      range,
      message: `The image copies ${copied}, but ${config.rel} sets \`output: "${output.value}"\`: \`next build\` then writes no .next/standalone. Use \`output: "standalone"\` for a Node.js server image${output.value === 'export' ? ', or serve the static `out/` folder with a web server instead' : ''}.`,
      fixes: edit ? [{ title: `Set output: "standalone" in ${config.rel}`, safety: 'unsafe', edits: [], otherFiles: [{ path: config.path, edits: [edit] }] }] : [],
    });
    return;
  }
  let message = `The image copies ${copied}, but ${config.rel} does not set \`output: "standalone"\`: \`next build\` writes no .next/standalone, so the COPY fails.`;
  if (!edit) message += ` Layerwise cannot add it for you: ${analysis.objectProblem ?? 'the config object was not found'}; add \`output: "standalone"\` to the config yourself.`;
  ctx.report({
    range,
    message,
    fixes: edit ? [{ title: `Add output: "standalone" to ${config.rel}`, safety: 'safe', edits: [], otherFiles: [{ path: config.path, edits: [edit] }] }] : [],
  });
}
