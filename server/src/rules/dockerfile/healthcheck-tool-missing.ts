import { nonRootByDesign } from '../../dockerfile/base-images';
import { insertAfter, insertBefore } from '../../dockerfile/edits';
import {
  effectiveHealthcheck,
  httpProbe,
  imageTools,
  installLine,
  probeCommands,
  programName,
  type HttpTool,
  type ImageTools,
  type Probe,
  type ProbeCommands,
  type ProbeKind,
} from '../../dockerfile/image-tools';
import { effectiveUser, type DockerfileModel, type HealthcheckInfo, type Stage } from '../../dockerfile/model';
import { commandWords, type ShellCommand, type Word } from '../../dockerfile/shell';
import { defineRule } from '../../engine/rule';
import type { Fix, FixSafety, Range, TextEdit } from '../../engine/types';

/**
 * Flags the HEALTHCHECK in effect for the final image when its probe calls curl or wget and the image does not
 * have that tool (slim Debian images ship neither, Alpine has busybox wget but no curl, distroless has nothing),
 * or uses the shell form on an image without a shell. Packages installed or removed in the final stage's chain
 * count. A check that falls back to a tool the image has (`curl … || wget …`) is fine.
 */
export default defineRule({
  meta: {
    id: 'healthcheck-tool-missing',
    title: 'HEALTHCHECK calls curl or wget, but the image does not have it',
    language: 'dockerfile',
    category: 'reliability',
    defaultSeverity: 'warning',
    fixSafety: ['safe', 'unsafe'],
    aliases: [],
    rationale:
      'A health check whose command does not exist fails every time: the container is reported unhealthy forever, Compose never starts the services that wait for it, and Swarm keeps replacing it.',
  },
  check(ctx) {
    const { model } = ctx;
    const stage = model.finalStage;
    if (!stage) return;
    const hc = effectiveHealthcheck(stage);
    if (!hc) return;
    const probe = probeCommands(model, hc);
    if (!probe || probe.commands.length === 0) return;
    const tools = imageTools(stage);

    if (probe.form === 'shell' && tools.shell.presence === 'no') {
      const used = probe.commands.map(programName).filter((p) => p === 'curl' || p === 'wget');
      const also = used.length ? `, and it has no ${[...new Set(used)].join(' or ')} either` : '';
      ctx.report({
        range: commandRange(model, probe, probe.commands),
        message: `The HEALTHCHECK uses the shell form, which runs \`/bin/sh -c\`, but the final image has no shell (${tools.shell.reason})${also}. The check fails every time, so the container never becomes healthy. ${noEditAdvice(tools)}`,
        fixes: [],
      });
      return;
    }

    const calls = probe.commands.filter((c) => isHttpTool(programName(c)));
    if (calls.length === 0) return;
    // A fallback to a tool the image has (or may have) makes the check work.
    if (calls.some((c) => tools[programName(c) as HttpTool].presence !== 'no')) return;
    const tool = programName(calls[0]) as HttpTool;
    const missing = [...new Set(calls.map((c) => programName(c) as HttpTool))];
    const fact = tools[tool];
    const missingText = missing.length === 1 ? `\`${tool}\`, which the final image does not have` : `${missing.map((t) => `\`${t}\``).join(' and ')}, which the final image does not have`;
    let message = `The HEALTHCHECK calls ${missingText} (${fact.reason}). The check fails every time, so the container never becomes healthy.`;

    const fixes: Fix[] = [];
    const rewrite = rewriteFix(model, hc, probe, calls, tools, missing);
    if (rewrite) fixes.push(rewrite);
    const install = installFix(model, stage, hc, tools, tool);
    if (install) fixes.push(install);
    if (fixes.length === 0) message += ` ${noEditAdvice(tools)}`;
    else if (!rewrite) message += ` Install ${tool} in the final stage, or probe with a runtime the image has.`;
    ctx.report({ range: commandRange(model, probe, calls), message, fixes });
  },
});

function isHttpTool(prog: string): prog is HttpTool {
  return prog === 'curl' || prog === 'wget';
}

function commandRange(model: DockerfileModel, probe: ProbeCommands, commands: ShellCommand[]): Range {
  if (probe.wrapper) return model.index.rangeOf(probe.wrapper.start, probe.wrapper.end);
  return model.index.rangeOf(commands[0].start, commands[commands.length - 1].end);
}

function noEditAdvice(tools: ImageTools): string {
  if (tools.variant === 'distroless' || tools.variant === 'scratch') {
    return 'No edit is offered: this image has no shell and no HTTP client. Build a probe into the application (e.g. a `healthcheck` subcommand) and call it in exec form, `HEALTHCHECK CMD ["/app", "healthcheck"]`, or leave health checks to the orchestrator.';
  }
  return `No edit is offered: Layerwise knows no HTTP client in \`${tools.baseLabel}\` to probe with, and no package manager to install one; install curl or wget in the final stage.`;
}

// ---------------------------------------------------------------------------------------------------------
// Rewriting the probe

interface HttpCall {
  url: string;
  /** The call fails on HTTP errors (curl -f, any wget). */
  failsOnHttpError: boolean;
}

const CURL_VALUE_FLAGS = new Set(['-o', '--output', '-m', '--max-time', '--connect-timeout', '-w', '--write-out', '--retry', '--retry-delay', '--retry-max-time', '-A', '--user-agent']);
const CURL_FLAGS = new Set(['-f', '--fail', '--fail-with-body', '-s', '--silent', '-S', '--show-error', '-L', '--location', '-v', '--verbose', '--compressed', '-4', '--ipv4', '-N', '--no-buffer', '--no-progress-meter']);
const WGET_VALUE_FLAGS = new Set(['-O', '--output-document', '-T', '--timeout', '-t', '--tries', '-U', '--user-agent']);
const WGET_FLAGS = new Set(['-q', '--quiet', '--spider', '-nv', '--no-verbose', '-S', '--server-response', '-O-', '-qO-', '-qO', '-4', '--inet4-only', '--no-cache']);

/**
 * Reads `curl -fsS http://…` / `wget -q --spider http://…` when every option is one that a plain GET probe
 * keeps (quietness, output to /dev/null, timeouts, redirects). Anything else (headers, methods, credentials,
 * `-k`) makes the call not translatable.
 */
function readHttpCall(tool: HttpTool, words: Word[]): HttpCall | undefined {
  const valueFlags = tool === 'curl' ? CURL_VALUE_FLAGS : WGET_VALUE_FLAGS;
  const flags = tool === 'curl' ? CURL_FLAGS : WGET_FLAGS;
  let url: string | undefined;
  let fail = tool === 'wget';
  for (let k = 1; k < words.length; k++) {
    const v = words[k].value;
    if (v.startsWith('-')) {
      const eq = v.indexOf('=');
      const name = eq === -1 ? v : v.slice(0, eq);
      if (valueFlags.has(name)) {
        if (eq === -1) k++;
        continue;
      }
      if (flags.has(v)) {
        if (tool === 'curl' && (v === '-f' || v === '--fail' || v === '--fail-with-body')) fail = true;
        continue;
      }
      // Combined short flags: -fsS, -sf, -fsSL
      if (tool === 'curl' && /^-[fsSLv]+$/.test(v)) {
        if (v.includes('f')) fail = true;
        continue;
      }
      if (tool === 'wget' && /^-[qS]+$/.test(v)) continue;
      return undefined;
    }
    if (url !== undefined) return undefined;
    url = v;
  }
  if (url === undefined || !/^https?:\/\//.test(url)) return undefined;
  return { url, failsOnHttpError: fail };
}

/** The probe is the HTTP call alone, or followed by `|| exit 1` (or `|| false`). */
function simpleShape(probe: ProbeCommands, calls: ShellCommand[]): boolean {
  if (probe.wrapper || calls.length !== 1) return false;
  const cmds = probe.commands;
  if (cmds.some((c) => c.depth > 0)) return false;
  if (cmds.length === 1) return cmds[0] === calls[0];
  if (cmds.length !== 2 || cmds[0] !== calls[0] || cmds[0].after?.op !== '||') return false;
  const tail = commandWords(cmds[1]).map((w) => w.value);
  return (tail.length === 2 && tail[0] === 'exit' && tail[1] === '1') || (tail.length === 1 && tail[0] === 'false');
}

const PROBE_LABEL: Record<ProbeKind, string> = {
  python: "Python's urllib",
  node: "Node's fetch",
  wget: 'wget',
  curl: 'curl',
};

function rewriteFix(model: DockerfileModel, hc: HealthcheckInfo, probe: ProbeCommands, calls: ShellCommand[], tools: ImageTools, missing: HttpTool[]): Fix | undefined {
  if (!simpleShape(probe, calls)) return undefined;
  const call = readHttpCall(programName(calls[0]) as HttpTool, commandWords(calls[0]));
  if (!call) return undefined;
  const replacement: Probe | undefined = httpProbe(tools, call.url, missing);
  if (!replacement) return undefined;
  const safety: FixSafety = call.failsOnHttpError ? 'safe' : 'unsafe';
  const note = call.failsOnHttpError ? '' : ' (it fails on HTTP errors, which curl without -f accepted)';
  const edit: TextEdit = { range: model.index.rangeOf(probe.start, hc.instr.end), newText: replacement.text };
  return { title: `Probe with ${PROBE_LABEL[replacement.kind]} instead of ${missing[0]}${note}`, safety, edits: [edit] };
}

// ---------------------------------------------------------------------------------------------------------
// Installing the tool

/**
 * Installs the tool in the final stage while it still runs as root: before its first USER, or before the
 * HEALTHCHECK when that comes first, or before the CMD/ENTRYPOINT lines that end the stage. Needs a known package manager and a stage that
 * starts as root.
 */
function installFix(model: DockerfileModel, stage: Stage, hc: HealthcheckInfo, tools: ImageTools, tool: HttpTool): Fix | undefined {
  const line = installLine(tools, tool);
  if (!line) return undefined;
  // The user the final stage starts with: whatever the stages it builds on left.
  if (stage.parent) {
    const { decl } = effectiveUser(stage.parent);
    if (decl && (decl.user === undefined || !(decl.user === 'root' || /^0+$/.test(decl.user)))) return undefined;
  }
  const image = tools.base.image;
  if (image && (nonRootByDesign(image) || image.name.startsWith('cgr.dev/'))) return undefined;
  const own = stage.instructions.filter((i) => !i.onbuild);
  let anchor = own.find((i) => i.keyword === 'USER' || i === hc.instr);
  if (!anchor) {
    // The check comes from a parent stage: before the CMD/ENTRYPOINT lines that end this one.
    let k = own.length;
    while (k > 1 && (own[k - 1].keyword === 'CMD' || own[k - 1].keyword === 'ENTRYPOINT')) k--;
    anchor = own[k];
  }
  const edit = anchor ? insertBefore(model, anchor, [line]) : insertAfter(model, own[own.length - 1], [line]);
  return { title: `Install ${tool} in the final stage (${tools.packageManager === 'apk' ? 'apk add' : 'apt-get install'} ${tool})`, safety: 'unsafe', edits: [edit] };
}
