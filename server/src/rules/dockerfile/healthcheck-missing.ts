import { isDevImage } from '../../dockerfile/dev-image';
import { firstLineRange, insertAfter, insertBefore } from '../../dockerfile/edits';
import { healthcheckLines, httpProbe, imageTools, knownWithoutHealthcheck, probeUrl, type ImageTools } from '../../dockerfile/image-tools';
import { baseImageOf, stageChain, type CommandInfo, type DockerfileModel, type Instr, type Stage } from '../../dockerfile/model';
import { commandWords, joinLines, plainText, splitCommands, type ShellCommand } from '../../dockerfile/shell';
import { expand } from '../../dockerfile/variables';
import { lastSegment } from '../../engine/strings';
import { defineRule } from '../../engine/rule';
import type { Fix, RelatedLocation, TextEdit } from '../../engine/types';

/**
 * Flags a final image that serves something (an EXPOSEd port, a known server command such as uvicorn, gunicorn,
 * `next start`, `node server.js` or nginx) and has no HEALTHCHECK, not even one inherited from a stage it builds
 * on. `HEALTHCHECK NONE` counts as a decision. Only images known to define no HEALTHCHECK of their own are judged
 * (Docker official images, distroless, Chainguard, .NET, scratch); any other base image may bring one.
 */
export default defineRule({
  meta: {
    id: 'healthcheck-missing',
    title: 'A served final image defines a HEALTHCHECK',
    language: 'dockerfile',
    category: 'reliability',
    defaultSeverity: 'info',
    fixSafety: ['unsafe'],
    aliases: ['DS026', 'CKV_DOCKER_2'],
    rationale:
      'Without a HEALTHCHECK, Docker only knows whether the process runs, not whether it answers: a hung server stays "up", and Compose cannot make other services wait until it is ready (`condition: service_healthy`).',
    options: {
      path: { type: 'string', default: '/', description: 'The HTTP path the suggested HEALTHCHECK probes, e.g. `/health`.' },
    },
  },
  check(ctx) {
    const { model } = ctx;
    const stage = model.finalStage;
    if (!stage) return;
    const chain = stageChain(stage);
    // Any HEALTHCHECK in the chain, HEALTHCHECK NONE included, is a decision already made.
    if (chain.some((s) => s.healthchecks.some((h) => !h.instr.onbuild))) return;
    if (!knownWithoutHealthcheck(baseImageOf(stage))) return;
    // Development and test images (dev containers, `dev` stages, dev servers) are not deployed.
    if (isDevImage(ctx.path, stage)) return;
    // A server packaged without an application (an nginx or database image) is a base for others: how to check it
    // depends on how it is deployed, which is why Docker's official images ship none.
    if (!shipsApplication(stage)) return;
    const served = whatItServes(model, stage);
    if (!served) return;

    const path = typeof ctx.options.path === 'string' && ctx.options.path ? ctx.options.path : '/';
    const tools = imageTools(stage);
    const plan = planFix(model, stage, served, tools, path);
    let message = `The final image serves ${served.label} but defines no HEALTHCHECK: Docker cannot tell a hung server from a healthy one, and Compose cannot wait for it with \`condition: service_healthy\`. Add one, or \`HEALTHCHECK NONE\` if an orchestrator probes it instead.`;
    if ('blocker' in plan) message += ` No edit is offered: ${plan.blocker}`;
    ctx.report({
      range: firstLineRange(model, stage.from),
      message,
      fixes: 'fix' in plan ? [plan.fix] : [],
      related: served.instr ? [{ range: firstLineRange(model, served.instr), message: served.instr.keyword === 'EXPOSE' ? 'the exposed port' : 'the server command' } satisfies RelatedLocation] : undefined,
    });
  },
});

interface Served {
  /** For the message: "port 8000 (`uvicorn`)", "port 3000 (EXPOSE)". */
  label: string;
  port: number | undefined;
  /** True when the port is known to speak HTTP (a web server, or a usual web port). */
  http: boolean;
  instr: Instr | undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Variables

/** ARG and ENV values in effect at the end of a stage chain, as far as they are literal. */
function chainVars(model: DockerfileModel, stage: Stage): Map<string, string | undefined> {
  const vars = new Map<string, string | undefined>();
  const globals = new Map(model.globalArgs.map((a) => [a.name, a.value]));
  const lookup = (name: string) => (vars.has(name) ? { value: vars.get(name) } : undefined);
  for (const s of [...stageChain(stage)].reverse()) {
    for (const a of s.args) {
      if (a.instr.onbuild) continue;
      const raw = a.value ?? globals.get(a.name);
      const ex = raw === undefined ? undefined : expand(raw, lookup, model.escape);
      vars.set(a.name, ex && !ex.unresolved ? ex.value : undefined);
    }
    for (const e of s.envs) {
      if (e.instr.onbuild) continue;
      const ex = expand(e.value, lookup, model.escape);
      vars.set(e.name, ex.unresolved ? undefined : ex.value);
    }
  }
  return vars;
}

function portNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^([0-9]{1,5})(?:\/tcp)?$/i.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return n > 0 && n < 65536 ? n : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Servers

interface ServerCommand {
  name: string;
  port: number | undefined;
}

const WEB_PORTS = new Set([80, 3000, 3001, 4000, 4200, 5000, 5173, 7860, 8000, 8001, 8008, 8080, 8081, 8088, 8501, 8888]);
const NON_HTTP: Record<number, string> = {
  21: 'FTP', 22: 'SSH', 25: 'SMTP', 53: 'DNS', 443: 'HTTPS', 1433: 'SQL Server', 1521: 'Oracle', 2181: 'ZooKeeper', 3306: 'MySQL',
  5432: 'PostgreSQL', 5672: 'AMQP', 6379: 'Redis', 8443: 'HTTPS', 9000: 'FastCGI', 9042: 'Cassandra', 9092: 'Kafka', 11211: 'Memcached', 27017: 'MongoDB',
};


/** The value of a flag: `--port 8000`, `--port=8000`, `-p 8000`, `-p8000`. */
function flagValue(args: string[], names: string[]): string | undefined {
  for (let k = 0; k < args.length; k++) {
    for (const name of names) {
      if (args[k] === name) return args[k + 1];
      if (name.startsWith('--') && args[k].startsWith(name + '=')) return args[k].slice(name.length + 1);
      if (!name.startsWith('--') && name.length === 2 && args[k].startsWith(name) && args[k].length > 2 && /^[0-9]/.test(args[k].slice(2))) return args[k].slice(2);
    }
  }
  return undefined;
}

/** The port of a bind address: `0.0.0.0:8000`, `:8000`, `[::]:8000`, `tcp://0.0.0.0:3000`; undefined for sockets. */
function bindPort(bind: string | undefined): number | undefined {
  if (bind === undefined || bind.startsWith('unix:') || bind.startsWith('fd://')) return undefined;
  const m = /:([0-9]{1,5})\/?$/.exec(bind);
  return m ? portNumber(m[1]) : portNumber(bind);
}

/** Removes process supervisors and runners: `tini --`, `dumb-init`, `uv run`, `npx`, `bundle exec`, `python -m`. */
function unwrap(words: string[]): string[] {
  let w = words;
  for (let guard = 0; guard < 8 && w.length; guard++) {
    const prog = lastSegment(w[0]);
    const skipFlags = (from: number) => {
      let k = from;
      while (k < w.length && w[k].startsWith('-')) k++;
      return k;
    };
    if (prog === 'tini' || prog === 'dumb-init' || prog === 'catatonit') {
      w = w.slice(skipFlags(1));
      if (w[0] === '--') w = w.slice(1);
    } else if ((prog === 'gosu' || prog === 'su-exec') && w.length > 2) {
      w = w.slice(2);
    } else if (/^(?:uv|poetry|pipenv|pdm|hatch|rye)$/.test(prog) && w[1] === 'run') {
      w = w.slice(skipFlags(2));
    } else if (prog === 'npx' || prog === 'bunx') {
      w = w.slice(skipFlags(1));
    } else if ((prog === 'pnpm' || prog === 'yarn' || prog === 'bundle') && w[1] === 'exec') {
      w = w.slice(skipFlags(2));
    } else if (/^python[0-9.]*$/.test(prog) && w[1] === '-m' && w[2]) {
      w = w.slice(2);
    } else {
      break;
    }
  }
  return w;
}

/** Recognises a server command and the port it listens on (its flag, or the server's default). */
function serverOf(words: string[], vars: Map<string, string | undefined>, frameworkServer: boolean): ServerCommand | undefined {
  const w = unwrap(words);
  if (w.length === 0) return undefined;
  const prog = lastSegment(w[0]);
  const args = w.slice(1);
  const envPort = portNumber(vars.get('PORT'));
  switch (prog) {
    case 'uvicorn':
      if (flagValue(args, ['--uds', '--fd'])) return { name: prog, port: undefined };
      return { name: prog, port: portNumber(flagValue(args, ['--port'])) ?? 8000 };
    case 'gunicorn':
    case 'hypercorn': {
      const bind = flagValue(args, ['-b', '--bind']);
      return { name: prog, port: bind !== undefined ? bindPort(bind) : prog === 'gunicorn' && envPort ? envPort : 8000 };
    }
    case 'daphne':
      return { name: prog, port: portNumber(flagValue(args, ['-p', '--port'])) ?? 8000 };
    case 'granian':
      return { name: prog, port: portNumber(flagValue(args, ['--port'])) ?? 8000 };
    case 'waitress-serve':
      return { name: prog, port: portNumber(flagValue(args, ['--port'])) ?? bindPort(flagValue(args, ['--listen'])) ?? 8080 };
    case 'fastapi':
      return args[0] === 'run' || args[0] === 'dev' ? { name: `fastapi ${args[0]}`, port: portNumber(flagValue(args, ['--port'])) ?? 8000 } : undefined;
    case 'flask':
      return args[0] === 'run' ? { name: 'flask run', port: portNumber(flagValue(args, ['--port', '-p'])) ?? 5000 } : undefined;
    case 'streamlit':
      return args[0] === 'run' ? { name: 'streamlit run', port: portNumber(flagValue(args, ['--server.port'])) ?? 8501 } : undefined;
    case 'next':
      return args[0] === 'start' ? { name: 'next start', port: portNumber(flagValue(args, ['-p', '--port'])) ?? envPort ?? 3000 } : undefined;
    case 'node':
    case 'bun': {
      const script = args.find((a) => !a.startsWith('-'));
      if (script && (/^server\.[cm]?[jt]s$/.test(lastSegment(script)) || /\.output\/server\/index\.mjs$/.test(script))) {
        // Next.js standalone and Nuxt servers listen on $PORT, 3000 by default.
        return { name: `${prog} ${script}`, port: envPort ?? (frameworkServer ? 3000 : undefined) };
      }
      return undefined;
    }
    case 'nginx':
      return args.some((a) => a === '-t' || a === '-T' || a === '-v' || a === '-V' || a === '-s') ? undefined : { name: 'nginx', port: 80 };
    case 'httpd-foreground':
    case 'apache2-foreground':
    case 'httpd':
    case 'apache2ctl':
      return { name: prog, port: 80 };
    case 'caddy':
      return args[0] === 'run' || args[0] === 'file-server' || args[0] === 'reverse-proxy' ? { name: `caddy ${args[0]}`, port: bindPort(flagValue(args, ['--listen'])) ?? 80 } : undefined;
    case 'php':
      if (flagValue(args, ['-S'])) return { name: 'php -S', port: bindPort(flagValue(args, ['-S'])) };
      if (lastSegment(args[0] ?? '') === 'artisan' && args[1] === 'serve') return { name: 'artisan serve', port: portNumber(flagValue(args, ['--port'])) ?? 8000 };
      return undefined;
    case 'rails':
      return args[0] === 'server' || args[0] === 's' ? { name: 'rails server', port: portNumber(flagValue(args, ['-p', '--port'])) ?? envPort ?? 3000 } : undefined;
    case 'puma':
      return { name: 'puma', port: portNumber(flagValue(args, ['-p', '--port'])) ?? bindPort(flagValue(args, ['-b', '--bind'])) ?? envPort };
    case 'serve':
      // The static server from npm (`serve -s build`); a bare `serve` is more likely an entrypoint's argument.
      return args.length ? { name: 'serve', port: bindPort(flagValue(args, ['-l', '--listen'])) ?? 3000 } : undefined;
    case 'http-server':
      return { name: 'http-server', port: portNumber(flagValue(args, ['-p', '--port'])) ?? 8080 };
    default:
      if (/^python[0-9.]*$/.test(prog) && lastSegment(args[0] ?? '') === 'manage.py' && args[1] === 'runserver') {
        return { name: 'manage.py runserver', port: bindPort(args[2]) ?? 8000 };
      }
      return undefined;
  }
}

/** The simple commands of a CMD or ENTRYPOINT: exec-form words, `sh -c` scripts, or the shell form. */
function commandsOf(model: DockerfileModel, info: CommandInfo): string[][] {
  if (info.form === 'exec') {
    const words = info.words.map((w) => w.value);
    const prog = lastSegment(words[0] ?? '');
    if (/^(?:sh|bash|ash|dash)$/.test(prog) && words[1] === '-c' && words[2] !== undefined) {
      return splitCommands(plainText(words[2], 0, words[2].length)).map((c) => commandWords(c).map((w) => w.value));
    }
    return [words];
  }
  const joined = joinLines(model.text, info.instr.argsStart, info.instr.end, model.escape);
  return splitCommands(joined).map((c: ShellCommand) => commandWords(c).map((w) => w.value));
}

function lastOf<T extends { instr: Instr }>(stage: Stage, pick: (s: Stage) => T[]): T | undefined {
  for (const s of stageChain(stage)) {
    const own = pick(s).filter((x) => !x.instr.onbuild);
    if (own.length) return own[own.length - 1];
  }
  return undefined;
}

const SERVER_IMAGES: Record<string, number> = { nginx: 80, httpd: 80, caddy: 80 };

function whatItServes(model: DockerfileModel, stage: Stage): Served | undefined {
  const vars = chainVars(model, stage);
  // A Next.js standalone build (or Nuxt's .output) copied in: its server.js listens on 3000 unless PORT says otherwise.
  const frameworkServer = stageChain(stage).some((s) => s.copies.some((c) => c.sources.some((src) => /\.next\/standalone|\.output(?:\/|$)/.test(src.value))));
  const entrypoint = lastOf(stage, (s) => s.entrypoints);
  const cmd = lastOf(stage, (s) => s.cmds);
  let server: (ServerCommand & { instr: Instr | undefined }) | undefined;
  for (const info of [entrypoint, cmd]) {
    if (!info || server) continue;
    for (const words of commandsOf(model, info)) {
      const found = serverOf(words, vars, frameworkServer);
      if (found) {
        server = { ...found, instr: info.instr };
        break;
      }
    }
  }
  if (!server && !entrypoint && !cmd) {
    const image = baseImageOf(stage).image;
    const port = image && SERVER_IMAGES[image.name];
    if (port) server = { name: image.name, port, instr: undefined };
  }

  const exposes = stageChain(stage).flatMap((s) => s.exposes.filter((p) => !p.instr.onbuild));
  const ports: { port: number | undefined; instr: Instr }[] = exposes
    .filter((p) => p.protocol === 'tcp')
    .map((p) => {
      const ex = p.port === undefined ? expand(p.text, (n) => (vars.has(n) ? { value: vars.get(n) } : undefined), model.escape) : undefined;
      return { port: p.port ?? (ex && !ex.unresolved ? portNumber(ex.value) : undefined), instr: p.instr };
    })
    // Databases, caches, brokers, SSH, FastCGI…: their checks need the service's client and credentials, which a
    // Compose file knows (`pg_isready`, `redis-cli ping`); the Dockerfile is not where they belong.
    .filter((p) => p.port === undefined || NON_HTTP[p.port] === undefined);
  // Only UDP or non-HTTP ports exposed, or nothing served.
  if (!server && ports.length === 0) return undefined;
  if (server) {
    const listed = ports.length === 0 || ports.some((p) => p.port === server!.port);
    if (server.port !== undefined && listed) {
      return { label: `port ${server.port} (\`${server.name}\`)`, port: server.port, http: true, instr: server.instr };
    }
    const web = ports.find((p) => p.port !== undefined);
    if (web) return { label: `port ${web.port} (\`${server.name}\`)`, port: web.port, http: true, instr: server.instr ?? web.instr };
    return { label: `\`${server.name}\``, port: undefined, http: true, instr: server.instr };
  }
  const chosen = ports.find((p) => p.port !== undefined && WEB_PORTS.has(p.port)) ?? ports.find((p) => p.port !== undefined) ?? ports[0];
  return {
    label: chosen.port !== undefined ? `port ${chosen.port} (EXPOSE)` : 'an EXPOSEd port',
    port: chosen.port,
    http: chosen.port !== undefined && WEB_PORTS.has(chosen.port),
    instr: chosen.instr,
  };
}

/** Destinations of infrastructure files: scripts, configuration, binaries. */
const INFRA_DEST = /^\/(?:etc|tmp|bin|sbin|usr\/(?:local\/)?s?bin|docker-entrypoint[^/]*|entrypoint[^/]*)(?:\/|$)/;

/**
 * True when the stage chain copies an application in: the build context, another stage's output, or files to a
 * place other than scripts, configuration and binaries (`/etc`, `/usr/local/bin`, `/docker-entrypoint.d`, …).
 */
function shipsApplication(stage: Stage): boolean {
  for (const s of stageChain(stage)) {
    for (const c of s.copies) {
      if (c.instr.onbuild || c.heredoc) continue;
      if (c.broad) return true;
      if (c.sources.length > 0 && c.sources.every((src) => /\.(?:sh|bash)$/.test(src.value))) continue;
      const dest = c.dest?.value ?? '';
      const abs = dest.startsWith('/') ? dest : c.instr.workdir !== undefined ? `${c.instr.workdir.replace(/\/$/, '')}/${dest}` : undefined;
      if (abs === undefined || !INFRA_DEST.test(abs.replace(/\/\.?\/?$/, '/'))) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// The fix

type Plan = { fix: Fix } | { blocker: string };

/** Where the HEALTHCHECK goes: before the CMD/ENTRYPOINT lines that end the final stage, else after its last line. */
function insertEdit(model: DockerfileModel, stage: Stage, lines: string[]): TextEdit {
  const own = stage.instructions.filter((i) => !i.onbuild);
  let k = own.length;
  while (k > 1 && (own[k - 1].keyword === 'CMD' || own[k - 1].keyword === 'ENTRYPOINT')) k--;
  return k < own.length ? insertBefore(model, own[k], lines) : insertAfter(model, own[own.length - 1], lines);
}

function planFix(model: DockerfileModel, stage: Stage, served: Served, tools: ImageTools, path: string): Plan {
  if (tools.variant === 'distroless' || tools.variant === 'scratch') {
    return { blocker: `\`${tools.baseLabel}\` has no shell and no HTTP client; build a probe into the application (e.g. a \`healthcheck\` subcommand) and call it in exec form.` };
  }
  if (served.port === undefined) return { blocker: 'Layerwise cannot tell which port it listens on.' };
  if (!served.http) {
    const proto = NON_HTTP[served.port];
    return { blocker: proto ? `port ${served.port} speaks ${proto}, not plain HTTP; probe it with the service's own client.` : `Layerwise cannot tell whether port ${served.port} speaks HTTP.` };
  }
  const url = probeUrl(served.port, path);
  const probe = httpProbe(tools, url);
  if (!probe) return { blocker: `Layerwise knows no HTTP client in \`${tools.baseLabel}\` (curl, wget, Python or Node.js) to probe with.` };
  const how = probe.kind === 'python' ? "Python's urllib" : probe.kind === 'node' ? "Node's fetch" : probe.kind;
  return {
    fix: {
      title: `Add a HEALTHCHECK that requests ${url} with ${how}`,
      safety: 'unsafe',
      edits: [insertEdit(model, stage, healthcheckLines(probe, model.escape))],
    },
  };
}
