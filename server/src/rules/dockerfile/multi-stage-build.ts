import * as path from 'node:path';
import { commandStart, flagValues, programWords } from '../../dockerfile/command-flags';
import { isDevImage } from '../../dockerfile/dev-image';
import { insertAfter, replaceInstruction } from '../../dockerfile/edits';
import { stageChain, type DockerfileModel, type Install, type RunInfo, type Stage } from '../../dockerfile/model';
import type { ShellCommand } from '../../dockerfile/shell';
import { analyseNextConfig, NEXT_CONFIG_NAMES, newNextConfig, standaloneEdit } from '../../dockerfile/next-config';
import { envAtEnd, varsForInstall } from '../../dockerfile/stage-vars';
import { joinPosix } from '../../engine/files';
import { defineRule, type RuleContext } from '../../engine/rule';
import { cutAtAny } from '../../engine/strings';
import type { FileChange, Fix, Range, TextEdit } from '../../engine/types';

/**
 * Flags a final image that builds its app and keeps the build toolchain, in a Dockerfile where the final stage
 * takes nothing from other stages (a single-stage build): `go build` on golang, `npm run build` with
 * devDependencies left in, `cargo build`, Maven/Gradle and `dotnet publish`, or compilers (build-essential, gcc)
 * installed and never removed. For the common Go shape (a static binary) the fix splits the file into a build stage
 * and a small runtime stage; other shapes get the template in the message.
 */
export default defineRule({
  meta: {
    id: 'multi-stage-build',
    title: 'Build in a separate stage and ship only the output',
    language: 'dockerfile',
    category: 'size',
    defaultSeverity: 'warning',
    fixSafety: ['unsafe'],
    aliases: [],
    rationale:
      'Compilers, SDKs, devDependencies and build caches are needed to build the app, not to run it. In a single-stage image they all ship: the image is several times larger, slower to pull, and carries tools an attacker can use. A build stage keeps them out of the runtime image.',
  },
  check(ctx) {
    const { model } = ctx;
    const final = model.finalStage;
    if (!final) return;
    const chain = stageChain(final);
    if (takesFromOtherStages(model, chain)) return;
    if (!chain.some((s) => [...s.cmds, ...s.entrypoints].some((c) => !c.instr.onbuild))) return;
    if (isDevImage(ctx.path, final, envAtEnd(model, final))) return;
    const evidence = findEvidence(model, [...chain].reverse());
    if (evidence.length === 0) return;
    const first = evidence[0];
    const what = joinList(evidence.map((e) => `${e.text} (line ${e.line})`));
    const advice = adviceFor(evidence);
    const go = evidence.find((e) => e.kind === 'go');
    const node = evidence.find((e) => e.kind === 'node');
    const plan: Plan = go ? goSplit(ctx, chain, go) : node && evidence.every((e) => e.kind === 'node' || e.kind === 'compiler') ? nextSplit(ctx, chain, node) : { blocker: undefined };
    let message = `This single-stage image builds the app and ships the build toolchain with it: ${what}. Build in a first stage (\`FROM … AS build\`) and copy only the output into a runtime stage: ${advice}`;
    if ('blocker' in plan && plan.blocker) message += ` No automatic split: ${plan.blocker}`;
    ctx.report({ range: first.range, message, fixes: 'fix' in plan ? [plan.fix] : [] });
  },
});

/** True when a stage of the final image's chain copies or mounts files from a stage outside the chain. */
function takesFromOtherStages(model: DockerfileModel, chain: Stage[]): boolean {
  const inChain = new Set(chain);
  return model.images.some((ref) => ref.stage !== undefined && ref.kind !== 'from' && !ref.instr.onbuild && ref.instr.stage !== undefined && inChain.has(ref.instr.stage) && !inChain.has(ref.stage));
}

type EvidenceKind = 'go' | 'node' | 'rust' | 'java' | 'dotnet' | 'compiler';

interface Evidence {
  kind: EvidenceKind;
  text: string;
  line: number;
  range: Range;
  install?: Install;
  run?: RunInfo;
  commandIndex?: number;
}

const COMPILERS = new Set(['build-essential', 'build-base', 'gcc', 'g++', 'gcc-c++']);

/** Packages that show the image compiles at run time (kernel modules, BPF programs): its compiler is needed. */
const RUNTIME_COMPILE = /^(?:dkms|kmod|linux-headers.*|kernel-devel|kernel-headers|clang.*|llvm.*|libbpf.*|bpfcc.*|bcc.*)$/;

function label(words: string[]): string {
  const t = words.join(' ');
  return t.length > 40 ? t.slice(0, 37) + '…' : t;
}

/** Node build scripts: `npm run build`, `yarn build`, `pnpm build:prod`, `next build`, `tsc`, `vite build`. */
function nodeBuild(w: string[]): boolean {
  const prog = (w[0] ?? '').replace(/^.*\//, '');
  if (prog === 'npm' || prog === 'bun') return (w[1] === 'run' || w[1] === 'run-script') && /^build\b/.test(w[2] ?? '');
  if (prog === 'yarn' || prog === 'pnpm') return /^build\b/.test(w[1] ?? '') || (w[1] === 'run' && /^build\b/.test(w[2] ?? ''));
  if (prog === 'npx' || prog === 'pnpx' || prog === 'bunx') return nodeBuild(w.slice(1).filter((x) => !x.startsWith('-')));
  if (prog === 'next' || prog === 'vite' || prog === 'ng' || prog === 'nest' || prog === 'nuxt' || prog === 'astro') return w[1] === 'build';
  if (prog === 'tsc') return !w.includes('--noEmit');
  return false;
}

/** The language ecosystem whose dev dependencies a command removes again. */
function nodePrune(w: string[]): boolean {
  const prog = (w[0] ?? '').replace(/^.*\//, '');
  const rest = w.slice(1).join(' ');
  if (prog === 'npm' && (w[1] === 'prune' || w[1] === 'ci')) return /--omit[= ]dev|--production|--only[= ]prod/.test(rest);
  if (prog === 'pnpm' && (w[1] === 'prune' || w[1] === 'install' || w[1] === 'i')) return /--prod\b|(?:^|\s)-P\b/.test(rest);
  if (prog === 'yarn') return /--production|workspaces focus/.test(rest);
  if (prog === 'rm') return /node_modules/.test(rest);
  return false;
}

function javaBuild(w: string[]): boolean {
  const prog = (w[0] ?? '').replace(/^.*\//, '');
  if (prog === 'mvn' || prog === 'mvnw') return w.slice(1).some((x) => /^(?:package|install|verify|deploy)$/.test(x) || /spring-boot:/.test(x));
  if (prog === 'gradle' || prog === 'gradlew') return w.slice(1).some((x) => /^(?::?[\w-]+:)?(?:build|assemble|bootJar|jar|shadowJar|installDist|distTar|distZip)$/.test(x));
  return false;
}

function findEvidence(model: DockerfileModel, chain: Stage[]): Evidence[] {
  const out: Evidence[] = [];
  const seen = new Set<EvidenceKind>();
  const add = (e: Evidence) => {
    if (seen.has(e.kind)) return;
    seen.add(e.kind);
    out.push(e);
  };
  // The command, without a leading `then`/`do`.
  const at = (cmd: ShellCommand) => {
    const start = commandStart(cmd);
    return { line: model.index.positionAt(start).line + 1, range: model.index.rangeOf(start, cmd.end) };
  };
  // Node builds count only while no prune follows; compilers only while they are not removed again.
  let nodeBuildAt: Evidence | undefined;
  const compilers: { name: string; virtual?: string; evidence: Evidence }[] = [];
  let builtAfterCompiler = false;
  let runtimeCompile = false;
  for (const s of chain) {
    for (const run of s.runs) {
      if (run.instr.onbuild) continue;
      const installAt = new Map(run.installs.map((i) => [i.commandIndex, i] as const));
      const systemAt = new Map(run.systemInstalls.map((x) => [x.command, x] as const));
      run.commands.forEach((cmd, k) => {
        const words = programWords(cmd).map((w) => w.value);
        const prog = (words[0] ?? '').replace(/^.*\//, '');
        const install = installAt.get(k);
        if (install?.ecosystem === 'go' && install.kind === 'project') add({ kind: 'go', text: `\`${label(words)}\``, ...at(cmd), install, run });
        else if (install?.ecosystem === 'cargo' && install.kind === 'project') add({ kind: 'rust', text: `\`${label(words)}\``, ...at(cmd), install, run });
        else if (javaBuild(words)) add({ kind: 'java', text: `\`${label(words)}\``, ...at(cmd), run });
        else if (prog === 'dotnet' && (words[1] === 'publish' || words[1] === 'build')) add({ kind: 'dotnet', text: `\`${label(words)}\``, ...at(cmd), run });
        if (nodeBuild(words)) nodeBuildAt ??= { kind: 'node', text: `\`${label(words)}\` with its devDependencies`, ...at(cmd), run, commandIndex: k };
        if (nodePrune(words)) nodeBuildAt = undefined;
        // Compilers in, compilers out.
        const sys = systemAt.get(cmd);
        if (sys) {
          const virtual = virtualName(words);
          for (const p of sys.install.packages) {
            const name = cutAtAny(p.value, '=:');
            if (RUNTIME_COMPILE.test(name)) runtimeCompile = true;
            if (COMPILERS.has(name)) compilers.push({ name, virtual, evidence: { kind: 'compiler', text: `${name} installed and kept`, ...at(cmd), run } });
          }
        }
        const removed = removal(words);
        if (removed) {
          for (let c = compilers.length - 1; c >= 0; c--) {
            const x = compilers[c];
            if (removed === 'all' || removed.has(x.name) || (x.virtual !== undefined && removed.has(x.virtual))) compilers.splice(c, 1);
          }
        }
        if (compilers.length && (install || /^(?:make|cmake|configure|\.\/configure|meson|ninja)$/.test(prog))) builtAfterCompiler = true;
      });
    }
  }
  if (nodeBuildAt) add(nodeBuildAt);
  if (compilers.length && builtAfterCompiler && !runtimeCompile) add(compilers[0].evidence);
  out.sort((a, b) => a.line - b.line);
  return out;
}

/** `apk add --virtual .build-deps …`: the name that `apk del` removes them by. */
function virtualName(words: string[]): string | undefined {
  const k = words.findIndex((w) => w === '--virtual' || w === '-t');
  if (k !== -1) return words[k + 1];
  const joined = words.find((w) => w.startsWith('--virtual='));
  return joined?.slice('--virtual='.length);
}

/** Packages a command removes; 'all' when they come from a variable (`apt-get purge -y $buildDeps`). */
function removal(words: string[]): Set<string> | 'all' | undefined {
  const prog = (words[0] ?? '').replace(/^.*\//, '');
  const sub = words.slice(1).find((w) => !w.startsWith('-'));
  const isRemoval =
    ((prog === 'apt-get' || prog === 'apt') && (sub === 'purge' || sub === 'remove')) ||
    (prog === 'apk' && sub === 'del') ||
    ((prog === 'dnf' || prog === 'yum' || prog === 'microdnf') && (sub === 'remove' || sub === 'erase'));
  const autoremove = (prog === 'apt-get' || prog === 'apt') && (sub === 'autoremove' || words.includes('--auto-remove') || words.includes('--autoremove'));
  if (autoremove) return 'all'; // after `apt-mark auto`, the official images' way of dropping build dependencies
  if (!isRemoval) return undefined;
  const pkgs = words.slice(1).filter((w) => !w.startsWith('-') && w !== sub);
  if (pkgs.length === 0 || pkgs.some((p) => p.includes('$'))) return 'all';
  return new Set(pkgs.map((p) => cutAtAny(p, '=:')));
}

function adviceFor(evidence: Evidence[]): string {
  const kinds = new Set(evidence.map((e) => e.kind));
  if (kinds.has('go')) return 'for Go, the binary (built with CGO_ENABLED=0) onto alpine, distroless or scratch.';
  if (kinds.has('rust')) return 'for Rust, the release binary onto debian slim or distroless.';
  if (kinds.has('java')) return 'for Java, the jar onto a JRE image (eclipse-temurin:21-jre).';
  if (kinds.has('dotnet')) return 'for .NET, the `dotnet publish` output onto mcr.microsoft.com/dotnet/aspnet or runtime.';
  if (kinds.has('node')) return 'for Next.js, `.next/standalone` (with `output: "standalone"`); otherwise the built files and `npm ci --omit=dev` dependencies. The `docker-nextjs` snippet and the rule\'s documentation have a template.';
  return 'compile in the first stage and copy what it produced (a virtual environment, node_modules, a binary) into a stage without compilers. The `docker-python-uv` snippet and the rule\'s documentation have a template for Python.';
}

function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------------------
// The Go split

type Plan = { fix: Fix } | { blocker: string | undefined };

const TRAILING_OK = new Set(['EXPOSE', 'CMD', 'ENTRYPOINT', 'LABEL', 'ENV', 'HEALTHCHECK', 'STOPSIGNAL', 'VOLUME', 'WORKDIR', 'ARG', 'USER', 'COPY', 'ADD', 'SHELL', 'MAINTAINER']);

function goSplit(ctx: RuleContext<DockerfileModel>, chain: Stage[], e: Evidence): Plan {
  const { model } = ctx;
  const stage = chain[0];
  const install = e.install!;
  const run = e.run!;
  if (chain.length !== 1 || run.instr.stage !== stage) return { blocker: 'the build spans several stages.' };
  const builds = stage.installs.filter((i) => i.ecosystem === 'go' && i.kind === 'project' && !i.run.instr.onbuild);
  if (builds.length !== 1 || install.action !== 'build') return { blocker: 'Layerwise splits a stage with exactly one `go build`.' };
  const out = flagValues(install.args, '-o')[0];
  if (!out || /[$`]/.test(out) || out.endsWith('/')) return { blocker: 'the `go build` has no literal `-o <file>` output path.' };
  const base = install.cd === undefined ? run.instr.workdir : run.instr.workdir === undefined ? undefined : path.posix.resolve(run.instr.workdir, install.cd);
  if (base === undefined || /\$/.test(base)) return { blocker: 'the build directory depends on a variable.' };
  const outAbs = path.posix.resolve(base, out);
  const root = stage.image;
  const tag = root.image?.tag ?? '';
  const vars = varsForInstall(model, install);
  const cgo = vars.get('CGO_ENABLED');
  if (!(vars.has('CGO_ENABLED') && cgo === '0') && !/alpine/.test(tag)) {
    return { blocker: 'the binary may link against the C library (CGO is on by default on golang); build it with CGO_ENABLED=0 to copy it onto alpine, distroless or scratch.' };
  }
  const own = stage.instructions.filter((i) => !i.onbuild);
  const after = own.filter((i) => i.index > run.instr.index);
  const bad = after.find((i) => !TRAILING_OK.has(i.keyword) || ((i.keyword === 'COPY' || i.keyword === 'ADD') && stage.copies.some((c) => c.instr === i && c.from)));
  if (bad) return { blocker: `line ${bad.range.start.line + 1} (${bad.keyword}) runs after the build and would need the Go image.` };
  if (stage.users.some((u) => !u.instr.onbuild && u.instr.index < run.instr.index)) return { blocker: 'a USER set before the build would have to exist in the runtime image.' };
  if (after.some((i) => i.keyword === 'HEALTHCHECK' && /\bcurl\b/.test(model.text.slice(i.start, i.end)))) return { blocker: 'the HEALTHCHECK uses curl, which alpine does not have.' };

  const edits: TextEdit[] = [];
  const name = buildStageName(model, stage, edits);
  const envLines = carriedEnv(model, stage, run, (env) => /^(?:GO|CGO_)/.test(env));
  const workdir = run.instr.workdir;
  const lines = ['', 'FROM alpine:3.24', ...(workdir && workdir !== '/' ? [`WORKDIR ${workdir}`] : []), ...envLines, `COPY --from=${name} ${outAbs} ${outAbs}`];
  edits.push(insertAfter(model, run.instr, lines));
  return {
    fix: {
      title: `Split into a build stage and an alpine:3.24 runtime stage that gets only ${outAbs} (check: files the program reads at run time)`,
      safety: 'unsafe',
      edits,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The Next.js split

const NEXT_START = /^(?:npm (?:run )?start|yarn (?:run )?start|pnpm (?:run )?start|bun (?:run )?start|(?:npx )?next start)$/;

/**
 * A single-stage Next.js image (package.json in the build context depends on `next`) that builds and then runs
 * `npm start`: the build stays, a runtime stage gets only the standalone output, CMD becomes `node server.js`, and
 * next.config gets `output: "standalone"` (or is created).
 */
function nextSplit(ctx: RuleContext<DockerfileModel>, chain: Stage[], e: Evidence): Plan {
  const { model, files } = ctx;
  const stage = chain[0];
  const run = e.run!;
  if (chain.length !== 1 || run.instr.stage !== stage || ctx.dir === undefined) return { blocker: undefined };
  const pkg = files.read(joinPosix(ctx.dir, 'package.json'));
  if (pkg === undefined || !/"next"\s*:/.test(pkg)) return { blocker: undefined };
  const workdir = run.instr.workdir;
  if (workdir === undefined || workdir === '/' || /\$/.test(workdir)) return { blocker: 'the build does not run in a known WORKDIR.' };
  const k = e.commandIndex ?? -1;
  if (k !== run.commands.length - 1) return { blocker: 'commands follow the build in the same RUN.' };
  if (run.commands.slice(0, k).some((c) => programWords(c)[0]?.value === 'cd')) return { blocker: 'the build runs in another directory (cd).' };
  const own = stage.instructions.filter((i) => !i.onbuild);
  const after = own.filter((i) => i.index > run.instr.index);
  const bad = after.find((i) => !TRAILING_OK.has(i.keyword) || i.keyword === 'ENTRYPOINT' || i.keyword === 'COPY' || i.keyword === 'ADD' || i.keyword === 'WORKDIR');
  if (bad) return { blocker: `line ${bad.range.start.line + 1} (${bad.keyword}) comes after the build; move it into the runtime stage by hand.` };
  if (stage.users.some((u) => !u.instr.onbuild && u.instr.index < run.instr.index)) return { blocker: 'a USER set before the build would have to be set again in the runtime stage.' };
  const cmd = stage.cmds.filter((c) => !c.instr.onbuild).pop();
  const cmdText = cmd?.words.map((w) => w.value).join(' ') ?? '';
  if (!cmd || cmd.instr.index < run.instr.index || !NEXT_START.test(cmdText)) return { blocker: 'the image does not start with `next start` (npm start); a custom server cannot run from the standalone output.' };

  // next.config: add the output, or create the file.
  let config: FileChange | undefined;
  let configNote = '';
  const found = NEXT_CONFIG_NAMES.map((n) => joinPosix(ctx.dir!, n)).find((p) => files.exists(p));
  if (found) {
    const text = files.read(found);
    if (text === undefined) return { blocker: 'next.config could not be read.' };
    const analysis = analyseNextConfig(text);
    if (analysis.output.kind !== 'standalone') {
      const edit = analysis.output.kind === 'missing' ? standaloneEdit(text, analysis) : undefined;
      if (!edit) return { blocker: 'next.config has to set `output: "standalone"`, and Layerwise cannot add it there.' };
      config = { path: found, edits: [edit] };
      configNote = `; adds output: "standalone" to ${found.slice(ctx.dir.length + 1)}`;
    }
  } else {
    config = { path: joinPosix(ctx.dir, 'next.config.mjs'), create: true, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: newNextConfig() }] };
    configNote = '; creates next.config.mjs with output: "standalone"';
  }

  const edits: TextEdit[] = [];
  const name = buildStageName(model, stage, edits);
  const envLines = carriedEnv(model, stage, run, (env) => env === 'NODE_ENV' || env === 'HOSTNAME');
  const from = `--from=${name}`;
  const lines = [
    '',
    `FROM ${stage.image.text}`,
    `WORKDIR ${workdir}`,
    ...envLines,
    'ENV NODE_ENV=production HOSTNAME=0.0.0.0',
    ...(files.exists(joinPosix(ctx.dir, 'public')) ? [`COPY ${from} ${workdir}/public ./public`] : []),
    `COPY ${from} ${workdir}/.next/standalone ./`,
    `COPY ${from} ${workdir}/.next/static ./.next/static`,
  ];
  edits.push(insertAfter(model, run.instr, lines));
  edits.push(replaceInstruction(model, cmd.instr, 'CMD ["node", "server.js"]'));
  return {
    fix: {
      title: `Split into a build stage and a runtime stage with only the Next.js standalone output (CMD node server.js${configNote})`,
      safety: 'unsafe',
      edits,
      otherFiles: config ? [config] : undefined,
    },
  };
}

/** The stage's name for `COPY --from`; an unnamed stage is named `build` (the edit is added to `edits`). */
function buildStageName(model: DockerfileModel, stage: Stage, edits: TextEdit[]): string {
  if (stage.name) return stage.name;
  const at = model.index.positionAt(stage.from.end);
  edits.push({ range: { start: at, end: at }, newText: ' AS build' });
  return 'build';
}

/** ENV lines set before the build that the new runtime stage keeps, except those `skip` names. */
function carriedEnv(model: DockerfileModel, stage: Stage, run: RunInfo, skip: (name: string) => boolean): string[] {
  return stage.envs
    .filter((env) => !env.instr.onbuild && env.instr.index < run.instr.index && !skip(env.name))
    .map((env) => `ENV ${env.name}=${env.valueRange ? model.index.slice(env.valueRange) : ''}`);
}
