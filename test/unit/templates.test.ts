import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { detectProject, planNextConfig, portFromStartScript, requirementName, tomlStringArray, type ProjectReader } from '../../client/src/templates/detect';
import { addStandaloneOutput } from '../../client/src/templates/next-config';
import {
  defaultNextjsSettings,
  defaultPythonSettings,
  renderDockerfile,
  renderDockerignore,
  renderTemplate,
  type NextjsSettings,
  type TemplateSettings,
} from '../../client/src/templates/render';
import { majorSatisfies, nodeForRange, nodeFromVersionFile, pythonForSpecifier, pythonFromVersionFile } from '../../client/src/templates/versions';
import { DiskFiles, MemoryFiles, OverlayFiles, type ProjectFiles } from '../../server/src/engine/files';
import { lint } from '../../server/src/engine/runner';

/**
 * The "Add Dockerfile" command's logic, on small real projects under test/fixtures/projects: which template it
 * picks and with which values, the exact text it writes, the next.config edit, and that every Dockerfile it
 * writes is clean under every registered rule with the project folder as the build context.
 */

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'projects');

/** Reads a fixture folder from disk, as the command reads a workspace folder. */
function diskReader(dir: string): ProjectReader {
  return {
    async read(rel) {
      try {
        const p = path.join(dir, rel);
        return fs.statSync(p).isFile() ? fs.readFileSync(p, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
    async exists(rel) {
      return fs.existsSync(path.join(dir, rel));
    },
  };
}

/** An in-memory project: file paths relative to the folder. */
function memoryReader(files: Record<string, string>): ProjectReader {
  return {
    async read(rel) {
      return files[rel];
    },
    async exists(rel) {
      return rel in files || Object.keys(files).some((f) => f.startsWith(rel + '/'));
    },
  };
}

function fixture(name: string): { dir: string; reader: ProjectReader } {
  const dir = path.join(FIXTURES, name);
  return { dir, reader: diskReader(dir) };
}

/** Lints `settings`' Dockerfile as `<dir>/Dockerfile`, with the project around it plus the files the command writes. */
function lintRendered(dir: string, settings: TemplateSettings, base: ProjectFiles, extra: Record<string, string> = {}): string[] {
  const posix = dir.replace(/\\/g, '/');
  const written: Record<string, string> = { ...extra };
  for (const f of renderTemplate(settings)) written[f.name] = f.text;
  const files = new OverlayFiles((f) => (f.startsWith(posix + '/') ? written[f.slice(posix.length + 1)] : undefined), base);
  const r = lint({ text: written.Dockerfile, language: 'dockerfile', path: `${posix}/Dockerfile`, files, log: (m) => assert.fail(m) });
  assert.equal(r.skipped, undefined);
  return [...r.ruleErrors.map((e) => `rule ${e.ruleId} threw: ${e.message}`), ...r.findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId} ${f.message}`)];
}

/** The lines of `text` from the one that starts with `from` up to (not including) the next blank line. */
function block(text: string, from: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(from));
  assert.ok(start !== -1, `a line starting with ${from}`);
  const end = lines.indexOf('', start);
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
}

// ---------------------------------------------------------------------------------------------------------------

describe('template versions', () => {
  it('picks the newest current Python that requires-python allows', () => {
    assert.equal(pythonForSpecifier('>=3.11'), '3.14');
    assert.equal(pythonForSpecifier('>=3.12,<3.14'), '3.13');
    assert.equal(pythonForSpecifier('>=3.12, <3.14'), '3.13');
    assert.equal(pythonForSpecifier('~=3.12'), '3.14');
    assert.equal(pythonForSpecifier('~=3.12.1'), '3.12');
    assert.equal(pythonForSpecifier('==3.11.*'), '3.11');
    assert.equal(pythonForSpecifier('>=3.10,!=3.14.*'), '3.13');
    assert.equal(pythonForSpecifier('^3.11'), '3.14');
    assert.equal(pythonForSpecifier('~3.12'), '3.12');
    assert.equal(pythonForSpecifier('<3.8'), undefined);
    assert.equal(pythonForSpecifier('>=3.15'), undefined);
  });

  it('reads .python-version', () => {
    assert.equal(pythonFromVersionFile('3.13\n'), '3.13');
    assert.equal(pythonFromVersionFile('# comment\n3.12.8\n'), '3.12.8');
    assert.equal(pythonFromVersionFile('cpython@3.12\n'), '3.12');
    assert.equal(pythonFromVersionFile('pypy@3.10\n'), undefined);
  });

  it('matches npm semver ranges against Node.js major lines', () => {
    assert.equal(majorSatisfies('>=20', 26), true);
    assert.equal(majorSatisfies('^22.12.0', 22), true);
    assert.equal(majorSatisfies('^22.12.0', 24), false);
    assert.equal(majorSatisfies('22.x', 22), true);
    assert.equal(majorSatisfies('>=18 <23', 24), false);
    assert.equal(majorSatisfies('>=18 <23', 22), true);
    assert.equal(majorSatisfies('>22', 22), false);
    assert.equal(majorSatisfies('>22.1', 22), true);
    assert.equal(majorSatisfies('<=22', 22), true);
    assert.equal(majorSatisfies('20 - 22', 22), true);
    assert.equal(majorSatisfies('20 - 22', 24), false);
    assert.equal(majorSatisfies('~24.1', 24), true);
    assert.equal(majorSatisfies('not a range', 24), undefined);
  });

  it('prefers Node.js 24, then 26, then 22', () => {
    assert.equal(nodeForRange('>=20'), 24);
    assert.equal(nodeForRange('^20 || ^22'), 22);
    assert.equal(nodeForRange('>=25'), 26);
    assert.equal(nodeForRange('18.x'), undefined);
  });

  it('reads .nvmrc and .node-version', () => {
    assert.equal(nodeFromVersionFile('v22.11.0\n'), 22);
    assert.equal(nodeFromVersionFile('24\n'), 24);
    assert.equal(nodeFromVersionFile('lts/jod\n'), 22);
    assert.equal(nodeFromVersionFile('lts/*\n'), undefined);
  });
});

describe('template detection helpers', () => {
  it('reads a multi-line TOML string array with brackets inside strings and comments', () => {
    const body = 'dependencies = [\n  "fastapi[standard]>=0.115",  # web\n  \'gunicorn\',\n]\n';
    assert.deepEqual(tomlStringArray(body, 'dependencies'), ['fastapi[standard]>=0.115', 'gunicorn']);
    assert.deepEqual(requirementName('FastAPI[standard]>=0.115'), { name: 'fastapi', extras: ['standard'] });
    assert.deepEqual(requirementName('Typing_Extensions; python_version < "3.11"'), { name: 'typing-extensions', extras: [] });
  });

  it('reads the port from a start script', () => {
    assert.equal(portFromStartScript('next start -p 4000'), 4000);
    assert.equal(portFromStartScript('next start --port=8080'), 8080);
    assert.equal(portFromStartScript('PORT=5000 next start'), 5000);
    assert.equal(portFromStartScript('next start'), undefined);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('template: uv project (fixtures/projects/uv-fastapi)', () => {
  const { dir, reader } = fixture('uv-fastapi');

  it('detects the uv template with the project values', async () => {
    const d = await detectProject(reader);
    assert.equal(d.template, 'python-uv');
    assert.equal(d.reason, 'pyproject.toml and uv.lock: a uv project.');
    assert.deepEqual(d.python.settings, {
      template: 'python-uv',
      pythonVersion: '3.13',
      port: 8000,
      appModule: 'app.main:api',
      server: 'uvicorn',
      healthPath: '/healthz',
    });
    assert.deepEqual(d.python.evidence, [
      'Python 3.13: the newest current version that requires-python ">=3.12,<3.14" allows',
      'served by uvicorn (a dependency)',
      'application app.main:api (app/main.py)',
      'health check on /healthz (a route in the application)',
    ]);
    assert.deepEqual(d.python.notes, []);
  });

  it('renders the exact Dockerfile', async () => {
    const d = await detectProject(reader);
    assert.equal(
      renderDockerfile(d.python.settings),
      `# syntax=docker/dockerfile:1

# Builder: uv from a pinned image; the dependencies first (cached until pyproject.toml or uv.lock change), then the project.
FROM python:3.13-slim AS builder
COPY --from=ghcr.io/astral-sh/uv:0.11.6 /uv /uvx /bin/
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \\
    uv sync --locked --no-install-project --no-dev
COPY . .
RUN --mount=type=cache,target=/root/.cache/uv \\
    uv sync --locked --no-dev --no-editable

# Runner: the slim image with the virtual environment and the app, copied once, run by a non-root user.
FROM python:3.13-slim AS runner
RUN groupadd --system appuser && useradd --system --gid appuser --no-create-home appuser
WORKDIR /app
COPY --from=builder /app /app
ENV PATH="/app/.venv/bin:$PATH" PYTHONUNBUFFERED=1
USER appuser
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \\
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/healthz', timeout=4)"]
CMD ["uvicorn", "app.main:api", "--host", "0.0.0.0", "--port", "8000"]
`,
    );
  });

  it('renders the exact .dockerignore (README.md stays: pyproject.toml names it)', () => {
    assert.equal(
      renderDockerignore(defaultPythonSettings()),
      `# Version control and editors
.git
.vscode
.idea

# The Dockerfile itself: editing it need not invalidate COPY . .
Dockerfile
.dockerignore

# Secrets and local settings: pass them at run time, never bake them into an image
.env
.env.*
!.env.example

# Python: the image builds its own virtual environment
.venv
**/__pycache__
**/*.py[cod]
.pytest_cache
.mypy_cache
.ruff_cache
.tox
.coverage
htmlcov
dist
build
*.egg-info
`,
    );
  });

  it('the rendered Dockerfile lints clean with the project as the build context', async () => {
    const d = await detectProject(reader);
    assert.deepEqual(lintRendered(dir, d.python.settings, new DiskFiles()), []);
  });
});

describe('template: Python variants (in memory)', () => {
  const base = {
    'pyproject.toml': '[project]\nname = "billing-service"\nrequires-python = ">=3.11"\ndependencies = ["flask>=3", "gunicorn>=23"]\n',
    'uv.lock': 'version = 1\nrequires-python = ">=3.11"\n',
  };

  it('.python-version wins over requires-python; gunicorn; a src layout module; no health route', async () => {
    const d = await detectProject(
      memoryReader({ ...base, '.python-version': '3.12.8\n', 'src/billing_service/app.py': 'from flask import Flask\n\nserver = Flask(__name__)\n' }),
    );
    assert.equal(d.template, 'python-uv');
    assert.deepEqual(d.python.settings, {
      template: 'python-uv',
      pythonVersion: '3.12.8',
      port: 8000,
      appModule: 'billing_service.app:server',
      server: 'gunicorn',
      healthPath: '/health',
    });
    assert.deepEqual(d.python.notes, ['No health route found: add GET /health to the application, or change the HEALTHCHECK path.']);
    const text = renderDockerfile(d.python.settings);
    assert.match(text, /^FROM python:3\.12\.8-slim AS builder$/m);
    assert.match(text, /^CMD \["gunicorn", "--bind", "0\.0\.0\.0:8000", "billing_service\.app:server"\]$/m);
    assert.deepEqual(lintRendered('/mem/billing', d.python.settings, new MemoryFiles({ '/mem/billing/pyproject.toml': base['pyproject.toml'], '/mem/billing/uv.lock': base['uv.lock'] })), []);
  });

  it('pyproject.toml without uv.lock asks, and says why', async () => {
    const d = await detectProject(memoryReader({ 'pyproject.toml': base['pyproject.toml'] }));
    assert.equal(d.template, undefined);
    assert.deepEqual(d.candidates, ['python-uv', 'nextjs']);
    assert.equal(d.reason, 'pyproject.toml without uv.lock: the uv template installs with --locked, so run `uv lock` first.');
  });

  it('no server dependency and no module: defaults, with notes', async () => {
    const d = await detectProject(memoryReader({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = []\n', 'uv.lock': '' }));
    assert.deepEqual(d.python.settings, defaultPythonSettings());
    assert.deepEqual(d.python.notes, [
      'Neither uvicorn nor gunicorn is a dependency: add one (the CMD runs uvicorn) or change the CMD.',
      'No app/main.py, main.py or app.py found: check the module in the CMD (app.main:app).',
      'No health route found: add GET /health to the application, or change the HEALTHCHECK path.',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('template: Next.js with npm (fixtures/projects/next-npm)', () => {
  const { dir, reader } = fixture('next-npm');

  it('detects Next.js, npm, the port from the start script and public/', async () => {
    const d = await detectProject(reader);
    assert.equal(d.template, 'nextjs');
    assert.equal(d.reason, 'package.json depends on next: a Next.js app (npm).');
    assert.deepEqual(d.nextjs.settings, { ...defaultNextjsSettings(), port: 4000 });
    assert.deepEqual(d.nextjs.evidence, ['npm (package-lock.json)', 'Node.js 24 (no .nvmrc or engines.node)', 'port 4000 from the start script']);
    assert.deepEqual(d.nextjs.notes, []);
  });

  it('renders the exact Dockerfile', async () => {
    const d = await detectProject(reader);
    assert.equal(
      renderDockerfile(d.nextjs.settings),
      `# syntax=docker/dockerfile:1

# Dependencies: cached until package.json or package-lock.json change.
FROM node:24-alpine AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \\
    npm ci

# Builder: the standalone build (next.config sets output: "standalone").
FROM node:24-alpine AS builder
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm run build

# Runner: only the standalone server and its assets, run by the image's non-root node user.
FROM node:24-alpine AS runner
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=4000 HOSTNAME=0.0.0.0
COPY --from=builder --chown=node:node /app/public ./public
COPY --from=builder --chown=node:node /app/.next/standalone ./
COPY --from=builder --chown=node:node /app/.next/static ./.next/static
USER node
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \\
  CMD wget -q --spider http://localhost:4000/ || exit 1
CMD ["node", "server.js"]
`,
    );
  });

  it('renders the exact .dockerignore', async () => {
    const d = await detectProject(reader);
    assert.equal(
      renderDockerignore(d.nextjs.settings),
      `# Version control and editors
.git
.vscode
.idea

# The Dockerfile itself: editing it need not invalidate COPY . .
Dockerfile
.dockerignore

# Secrets and local settings: pass them at run time, never bake them into an image
.env
.env.*
!.env.example

# Node.js and Next.js: the image installs and builds its own
node_modules
.next
out
coverage
.vercel
*.tsbuildinfo
npm-debug.log*
yarn-debug.log*
yarn-error.log*
.pnpm-debug.log*
`,
    );
  });

  it('offers the next.config.mjs edit, in the file\'s style (single quotes)', async () => {
    const plan = await planNextConfig(reader);
    assert.equal(plan.file, 'next.config.mjs');
    assert.equal(plan.exists, true);
    assert.equal(plan.edit.kind, 'edit');
    assert.equal(
      plan.edit.kind === 'edit' && plan.edit.text,
      `/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone',
  reactStrictMode: true,
  images: {
    remotePatterns: [{ protocol: 'https', hostname: 'cdn.example.com' }],
  },
};

export default nextConfig;
`,
    );
  });

  it('the rendered Dockerfile lints clean once next.config is edited', async () => {
    const d = await detectProject(reader);
    const plan = await planNextConfig(reader);
    assert.ok(plan.edit.kind === 'edit');
    assert.deepEqual(lintRendered(dir, d.nextjs.settings, new DiskFiles(), { [plan.file]: plan.edit.text }), []);
  });
});

describe('template: Next.js with pnpm (fixtures/projects/next-pnpm)', () => {
  const { dir, reader } = fixture('next-pnpm');

  it('detects pnpm, engines.node, pnpm-workspace.yaml and the /api/health route', async () => {
    const d = await detectProject(reader);
    assert.equal(d.template, 'nextjs');
    assert.deepEqual(d.nextjs.settings, {
      ...defaultNextjsSettings(),
      packageManager: 'pnpm',
      nodeMajor: 24,
      healthPath: '/api/health',
      installFiles: ['pnpm-workspace.yaml'],
    });
    assert.deepEqual(d.nextjs.evidence, ['pnpm (pnpm-lock.yaml)', 'Node.js 24: allowed by engines.node ">=22"', 'health check on /api/health']);
  });

  it('installs with pnpm through Corepack, from pnpm-lock.yaml, and builds with pnpm', async () => {
    const text = renderDockerfile((await detectProject(reader)).nextjs.settings);
    assert.equal(
      block(text, '# Dependencies'),
      `# Dependencies: cached until package.json or pnpm-lock.yaml change.
FROM node:24-alpine AS deps
WORKDIR /app
RUN corepack enable pnpm
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
RUN --mount=type=cache,target=/root/.local/share/pnpm/store \\
    pnpm install --frozen-lockfile`,
    );
    assert.equal(
      block(text, '# Builder'),
      `# Builder: the standalone build (next.config sets output: "standalone").
FROM node:24-alpine AS builder
WORKDIR /app
RUN corepack enable pnpm
COPY --from=deps /app/node_modules ./node_modules
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN pnpm run build`,
    );
    assert.match(text, /^ {2}CMD wget -q --spider http:\/\/localhost:3000\/api\/health \|\| exit 1$/m);
  });

  it('adds output: "standalone" before the comment, with the file\'s four-space indent', async () => {
    const plan = await planNextConfig(reader);
    assert.ok(plan.edit.kind === 'edit');
    assert.equal(
      plan.edit.text,
      `/** @type {import("next").NextConfig} */
const nextConfig = {
    output: "standalone",
    /* config options here */
};

export default nextConfig;
`,
    );
  });

  it('the rendered Dockerfile lints clean once next.config is edited', async () => {
    const d = await detectProject(reader);
    const plan = await planNextConfig(reader);
    assert.ok(plan.edit.kind === 'edit');
    assert.deepEqual(lintRendered(dir, d.nextjs.settings, new DiskFiles(), { [plan.file]: plan.edit.text }), []);
  });
});

describe('template: Next.js with Yarn 1 (fixtures/projects/next-yarn)', () => {
  const { dir, reader } = fixture('next-yarn');

  it('detects yarn 1, .nvmrc and the missing public/', async () => {
    const d = await detectProject(reader);
    assert.equal(d.template, 'nextjs');
    assert.deepEqual(d.nextjs.settings, { ...defaultNextjsSettings(), packageManager: 'yarn', nodeMajor: 22, publicDir: false });
    assert.deepEqual(d.nextjs.evidence, ['yarn (yarn.lock)', 'Node.js 22 from .nvmrc', 'no public/ folder (not copied)']);
  });

  it('installs with the image\'s Yarn 1 from yarn.lock and copies no public/', async () => {
    const text = renderDockerfile((await detectProject(reader)).nextjs.settings);
    assert.equal(
      block(text, '# Dependencies'),
      `# Dependencies: cached until package.json or yarn.lock change.
FROM node:22-alpine AS deps
WORKDIR /app
COPY package.json yarn.lock ./
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn \\
    yarn install --frozen-lockfile`,
    );
    assert.match(text, /^RUN yarn run build$/m);
    assert.doesNotMatch(text, /public/);
    assert.equal(
      block(text, '# Runner'),
      `# Runner: only the standalone server and its assets, run by the image's non-root node user.
FROM node:22-alpine AS runner
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
COPY --from=builder --chown=node:node /app/.next/standalone ./
COPY --from=builder --chown=node:node /app/.next/static ./.next/static
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \\
  CMD wget -q --spider http://localhost:3000/ || exit 1
CMD ["node", "server.js"]`,
    );
  });

  it('edits an inline CommonJS config inline', async () => {
    const plan = await planNextConfig(reader);
    assert.equal(plan.file, 'next.config.js');
    assert.ok(plan.edit.kind === 'edit');
    assert.equal(plan.edit.text, '// @ts-check\n\nmodule.exports = { output: "standalone", reactStrictMode: true, poweredByHeader: false }\n');
  });

  it('the rendered Dockerfile lints clean once next.config is edited', async () => {
    const d = await detectProject(reader);
    const plan = await planNextConfig(reader);
    assert.ok(plan.edit.kind === 'edit');
    assert.deepEqual(lintRendered(dir, d.nextjs.settings, new DiskFiles(), { [plan.file]: plan.edit.text }), []);
  });
});

describe('template: Next.js variants (in memory)', () => {
  const pkg = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({ name: 'web', private: true, scripts: { build: 'next build', start: 'next start' }, dependencies: { next: '15.5.0', react: '19.1.0' }, ...extra });
  const standalone = 'export default { output: "standalone" };\n';
  const lintMem = (settings: NextjsSettings, files: Record<string, string>) =>
    lintRendered('/mem/web', settings, new MemoryFiles(Object.fromEntries(Object.entries(files).map(([k, v]) => [`/mem/web/${k}`, v]))));

  it('pnpm on Node.js 26 installs Corepack first (the image no longer bundles it)', async () => {
    const files = { 'package.json': pkg({ engines: { node: '>=26' } }), 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'next.config.mjs': standalone, 'public/favicon.ico': '' };
    const d = await detectProject(memoryReader(files));
    assert.equal(d.nextjs.settings.nodeMajor, 26);
    const text = renderDockerfile(d.nextjs.settings);
    assert.equal((text.match(/^RUN npm install --global corepack@0\.34\.6 && corepack enable pnpm$/gm) ?? []).length, 2);
    assert.deepEqual(lintMem(d.nextjs.settings, files), []);
  });

  it('Yarn 2+ installs --immutable through Corepack with .yarnrc.yml and its release', async () => {
    const files = {
      'package.json': pkg({ packageManager: 'yarn@4.9.2' }),
      'yarn.lock': '__metadata:\n  version: 8\n',
      '.yarnrc.yml': 'nodeLinker: node-modules\nyarnPath: .yarn/releases/yarn-4.9.2.cjs\n',
      '.yarn/releases/yarn-4.9.2.cjs': '',
      'next.config.mjs': standalone,
    };
    const d = await detectProject(memoryReader(files));
    assert.deepEqual(d.nextjs.notes, []);
    assert.equal(
      block(renderDockerfile(d.nextjs.settings), '# Dependencies'),
      `# Dependencies: cached until package.json or yarn.lock change.
FROM node:24-alpine AS deps
WORKDIR /app
RUN corepack enable yarn
COPY package.json yarn.lock .yarnrc.yml ./
COPY .yarn/releases ./.yarn/releases
RUN --mount=type=cache,target=/root/.yarn/berry/cache \\
    yarn install --immutable`,
    );
    assert.match(renderDockerignore(d.nextjs.settings), /^\.yarn\/cache\n\.yarn\/install-state\.gz\n\.pnp\.\*$/m);
    assert.deepEqual(lintMem(d.nextjs.settings, files), []);
  });

  it('Yarn Plug\'n\'Play gets a note', async () => {
    const d = await detectProject(memoryReader({ 'package.json': pkg(), 'yarn.lock': '__metadata:\n', '.yarnrc.yml': 'enableTelemetry: false\n' }));
    assert.deepEqual(d.nextjs.notes, ["Yarn Plug'n'Play: the template copies node_modules, so set `nodeLinker: node-modules` in .yarnrc.yml."]);
  });

  it('an .npmrc with a token is mounted as a build secret and kept out of the context; one without is copied', async () => {
    const secret = { 'package.json': pkg(), 'package-lock.json': '{}', '.npmrc': '//npm.example.com/:_authToken=${NPM_TOKEN}\n', 'next.config.mjs': standalone };
    const d = await detectProject(memoryReader(secret));
    assert.equal(d.nextjs.settings.npmrcSecret, true);
    const text = renderDockerfile(d.nextjs.settings);
    assert.match(text, /^RUN --mount=type=cache,target=\/root\/\.npm --mount=type=secret,id=npmrc,target=\/root\/\.npmrc \\\n {4}npm ci$/m);
    assert.match(renderDockerignore(d.nextjs.settings), /^\.npmrc$/m);
    assert.deepEqual(lintMem(d.nextjs.settings, secret), []);

    const plain = { ...secret, '.npmrc': 'legacy-peer-deps=true\n' };
    const p = await detectProject(memoryReader(plain));
    assert.match(renderDockerfile(p.nextjs.settings), /^COPY package\.json package-lock\.json \.npmrc \.\/$/m);
    assert.deepEqual(lintMem(p.nextjs.settings, plain), []);
  });

  it('several lock files: packageManager decides, with a note; no lock file: a note', async () => {
    const d = await detectProject(memoryReader({ 'package.json': pkg({ packageManager: 'pnpm@10.12.1' }), 'package-lock.json': '{}', 'pnpm-lock.yaml': '' }));
    assert.equal(d.nextjs.settings.packageManager, 'pnpm');
    assert.deepEqual(d.nextjs.notes, ['Several lock files (pnpm-lock.yaml, package-lock.json): the template uses pnpm-lock.yaml; delete the others.']);
    const n = await detectProject(memoryReader({ 'package.json': pkg() }));
    assert.deepEqual(n.nextjs.notes, ['No lock file: run `npm install` to create package-lock.json; the install step needs it.']);
  });
});

describe('next.config edits', () => {
  it('leaves a config that already sets standalone alone', () => {
    assert.deepEqual(addStandaloneOutput(fs.readFileSync(path.join(ROOT, 'examples', 'nextjs', 'corrected', 'next.config.mjs'), 'utf8')), { kind: 'present' });
  });
  it('replaces another output only as a change the command asks about', () => {
    const r = addStandaloneOutput("module.exports = { output: 'export' }\n");
    assert.equal(r.kind, 'edit');
    assert.equal(r.kind === 'edit' && r.replaces, 'export');
    assert.equal(r.kind === 'edit' && r.text, "module.exports = { output: 'standalone' }\n");
  });
  it('a TypeScript config with a typed declaration', () => {
    const r = addStandaloneOutput("import type { NextConfig } from 'next'\nconst config: NextConfig = {\n  images: { unoptimized: true },\n}\nexport default config\n");
    assert.equal(r.kind === 'edit' && r.text, "import type { NextConfig } from 'next'\nconst config: NextConfig = {\n  output: 'standalone',\n  images: { unoptimized: true },\n}\nexport default config\n");
  });
  it('gives up on a function config, with the reason', () => {
    assert.deepEqual(addStandaloneOutput('export default (phase) => ({})\n'), {
      kind: 'unknown',
      message: 'Could not add `output: "standalone"` to next.config: it exports a function. Add it by hand.',
    });
  });
  it('plans a new next.config.mjs when there is none', async () => {
    const plan = await planNextConfig(memoryReader({ 'package.json': '{}' }));
    assert.equal(plan.file, 'next.config.mjs');
    assert.equal(plan.exists, false);
    assert.equal(plan.edit.kind === 'edit' && plan.edit.text, '/** @type {import("next").NextConfig} */\nconst nextConfig = {\n  output: "standalone",\n};\n\nexport default nextConfig;\n');
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('template: neither (fixtures/projects/neither)', () => {
  it('a package.json without next: no template, ask', async () => {
    const d = await detectProject(fixture('neither').reader);
    assert.equal(d.template, undefined);
    assert.equal(d.reason, 'package.json does not depend on next.');
    assert.deepEqual(d.candidates, ['nextjs', 'python-uv']);
  });

  it('an empty folder: no template, ask, and the defaults still render clean', async () => {
    const d = await detectProject(memoryReader({}));
    assert.equal(d.template, undefined);
    assert.equal(d.reason, 'No pyproject.toml with uv.lock and no package.json with next.');
    assert.deepEqual(d.nextjs.settings, { ...defaultNextjsSettings(), publicDir: false });
    assert.deepEqual(d.python.settings, defaultPythonSettings());
  });

  it('both a uv project and a Next.js app: ask', async () => {
    const d = await detectProject(memoryReader({ 'pyproject.toml': '[project]\nname = "api"\n', 'uv.lock': '', 'package.json': '{"dependencies":{"next":"15.5.0"}}' }));
    assert.equal(d.template, undefined);
    assert.deepEqual(d.candidates, ['python-uv', 'nextjs']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The command itself (client/src/commands/add-dockerfile.ts) against a scripted stand-in for the `vscode` API, on
// copies of the fixtures in a temporary folder: what it asks, what it writes, and that it never replaces a file
// without a modal confirmation.

type Answer = (message: string, items: unknown[], options: Record<string, unknown> | undefined) => unknown;

class FakeUri {
  readonly scheme = 'file';
  constructor(readonly fsPath: string) {}
  get path(): string {
    return this.fsPath.replace(/\\/g, '/');
  }
  static file(p: string): FakeUri {
    return new FakeUri(path.resolve(p));
  }
  static joinPath(base: FakeUri, ...segments: string[]): FakeUri {
    return new FakeUri(path.resolve(base.fsPath, ...segments));
  }
  toString(): string {
    return `file://${this.path}`;
  }
}

interface Prompt {
  kind: 'quickPick' | 'warning' | 'information' | 'inputBox';
  message: string;
  items: unknown[];
  options?: Record<string, unknown>;
}

function fakeVscode(folder: string, answers: Answer[]) {
  const prompts: Prompt[] = [];
  const shown: string[] = [];
  const ask = (kind: Prompt['kind'], message: string, items: unknown[], options?: Record<string, unknown>) => {
    prompts.push({ kind, message, items, options });
    const answer = answers.shift();
    assert.ok(answer, `an answer for the ${kind} "${message}"`);
    return answer(message, items, options);
  };
  const messageArgs = (rest: unknown[]): [Record<string, unknown> | undefined, unknown[]] =>
    rest.length && typeof rest[0] === 'object' && rest[0] !== null ? [rest[0] as Record<string, unknown>, rest.slice(1)] : [undefined, rest];
  const doc = (uri: FakeUri, text?: string) => ({
    uri,
    isDirty: false,
    getText: () => text ?? fs.readFileSync(uri.fsPath, 'utf8'),
    save: async () => true,
  });
  class WorkspaceEdit {
    readonly ops: (() => void)[] = [];
    createFile(uri: FakeUri, o: { overwrite?: boolean; ignoreIfExists?: boolean; contents?: Uint8Array }) {
      this.ops.push(() => {
        if (fs.existsSync(uri.fsPath) && !o.overwrite) {
          if (o.ignoreIfExists) return;
          throw new Error(`${uri.fsPath} exists`);
        }
        fs.writeFileSync(uri.fsPath, Buffer.from(o.contents ?? new Uint8Array()));
      });
    }
    replace(uri: FakeUri, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string) {
      this.ops.push(() => {
        const old = fs.readFileSync(uri.fsPath, 'utf8');
        const offset = (p: { line: number; character: number }) => old.split('\n').slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
        fs.writeFileSync(uri.fsPath, old.slice(0, offset(range.start)) + text + old.slice(offset(range.end)));
      });
    }
  }
  const api = {
    Uri: FakeUri,
    FileType: { File: 1, Directory: 2 },
    QuickPickItemKind: { Separator: -1, Default: 0 },
    Range: class {
      readonly start: { line: number; character: number };
      readonly end: { line: number; character: number };
      constructor(sl: number, sc: number, el: number, ec: number) {
        this.start = { line: sl, character: sc };
        this.end = { line: el, character: ec };
      }
    },
    WorkspaceEdit,
    commands: {
      handlers: new Map<string, (...args: unknown[]) => unknown>(),
      registerCommand(id: string, fn: (...args: unknown[]) => unknown) {
        this.handlers.set(id, fn);
        return { dispose() {} };
      },
    },
    workspace: {
      workspaceFolders: [{ uri: FakeUri.file(folder), name: path.basename(folder), index: 0 }],
      textDocuments: [] as unknown[],
      asRelativePath: (u: FakeUri) => path.relative(folder, u.fsPath),
      fs: {
        async stat(u: FakeUri) {
          const st = fs.statSync(u.fsPath);
          return { type: st.isDirectory() ? 2 : 1, size: st.size };
        },
        async readFile(u: FakeUri) {
          return new Uint8Array(fs.readFileSync(u.fsPath));
        },
      },
      async applyEdit(e: WorkspaceEdit) {
        for (const op of e.ops) op();
        return true;
      },
      async openTextDocument(arg: FakeUri | { content: string }) {
        return arg instanceof FakeUri ? doc(arg) : doc(FakeUri.file('/untitled'), arg.content);
      },
    },
    window: {
      async showQuickPick(items: unknown[], options?: Record<string, unknown>) {
        return ask('quickPick', String(options?.title ?? ''), items, options);
      },
      async showInputBox(options?: Record<string, unknown>) {
        return ask('inputBox', String(options?.title ?? ''), [], options);
      },
      async showWarningMessage(message: string, ...rest: unknown[]) {
        const [options, items] = messageArgs(rest);
        return ask('warning', message, items, options);
      },
      async showInformationMessage(message: string, ...rest: unknown[]) {
        const [options, items] = messageArgs(rest);
        return ask('information', message, items, options);
      },
      async showErrorMessage(message: string) {
        assert.fail(`error shown: ${message}`);
      },
      async showTextDocument(d: FakeUri | { uri: FakeUri }) {
        shown.push(path.basename(d instanceof FakeUri ? d.fsPath : d.uri.fsPath));
      },
      async showWorkspaceFolderPick() {
        return undefined;
      },
    },
  };
  return { api, prompts, shown };
}

const tempDirs: string[] = [];
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Runs the command on a copy of a fixture, answering each prompt in turn. */
async function runCommand(fixtureName: string, answers: Answer[], before?: (dir: string) => void) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `layerwise-${fixtureName}-`));
  tempDirs.push(dir);
  fs.cpSync(path.join(FIXTURES, fixtureName), dir, { recursive: true });
  before?.(dir);
  const fake = fakeVscode(dir, answers);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = Module._load;
  Module._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? fake.api : load.call(this, request, ...rest);
  };
  try {
    const modPath = require.resolve('../../client/src/commands/add-dockerfile');
    delete require.cache[modPath];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(modPath) as typeof import('../../client/src/commands/add-dockerfile');
    mod.registerAddDockerfile();
    await fake.api.commands.handlers.get(mod.ADD_DOCKERFILE_COMMAND)!();
  } finally {
    Module._load = load;
  }
  assert.deepEqual(answers, [], 'every scripted answer was used');
  const read = (f: string) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8') : undefined);
  return { dir, read, prompts: fake.prompts, shown: fake.shown };
}

type Item = { label: string; action?: string; id?: string };
const chooseAction = (action: string): Answer => (_m, items) => (items as Item[]).find((i) => i.action === action);
const choose = (label: string): Answer => (_m, items) => (items as string[]).includes(label) ? label : assert.fail(`no ${label} among ${items.join(', ')}`);

describe('command: Layerwise: Add Dockerfile to workspace', () => {
  it('Next.js: shows the values, writes both files, adds output: "standalone" and opens the Dockerfile', async () => {
    const { read, prompts, shown } = await runCommand('next-npm', [chooseAction('write'), choose('Add output: "standalone"')]);
    const d = await detectProject(fixture('next-npm').reader);
    assert.equal(read('Dockerfile'), renderDockerfile(d.nextjs.settings));
    assert.equal(read('.dockerignore'), renderDockerignore(d.nextjs.settings));
    assert.match(read('next.config.mjs')!, /^const nextConfig = \{\n {2}output: 'standalone',\n {2}reactStrictMode: true,$/m);
    const review = prompts[0];
    assert.equal(review.message, 'Add Dockerfile: Next.js standalone');
    assert.deepEqual(
      (review.items as Item[]).map((i) => i.label),
      [
        '$(check) Write Dockerfile and .dockerignore',
        '$(eye) Preview the Dockerfile',
        'Values',
        'Node.js 24',
        'Package manager npm',
        'Port 4000',
        'Health check /',
        'Detected',
        '$(info) npm (package-lock.json)',
        '$(info) Node.js 24 (no .nvmrc or engines.node)',
        '$(info) port 4000 from the start script',
      ],
    );
    assert.deepEqual(shown, ['Dockerfile']);
  });

  it('changing a value in the review changes what is written', async () => {
    const { read } = await runCommand('next-npm', [chooseAction('port'), () => '8080', chooseAction('version'), choose('26'), chooseAction('write'), () => undefined]);
    const text = read('Dockerfile')!;
    assert.match(text, /^EXPOSE 8080$/m);
    assert.match(text, /^FROM node:26-alpine AS runner$/m);
    assert.match(read('next.config.mjs')!, /reactStrictMode/);
    assert.doesNotMatch(read('next.config.mjs')!, /standalone/, 'declining the next.config offer leaves the file alone');
  });

  it('never replaces an existing Dockerfile without a modal confirmation', async () => {
    const keep = await runCommand('uv-fastapi', [chooseAction('write'), () => undefined], (dir) => fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n'));
    assert.equal(keep.read('Dockerfile'), 'FROM scratch\n');
    assert.equal(keep.read('.dockerignore'), renderDockerignore(defaultPythonSettings()));
    const modal = keep.prompts[1];
    assert.equal(modal.kind, 'warning');
    assert.equal(modal.message, `Dockerfile already exists in ${path.basename(keep.dir)}. Replace it with the Python + uv template?`);
    assert.equal(modal.options?.modal, true);
    assert.deepEqual(modal.items, ['Replace']);
    assert.deepEqual(keep.shown, [], 'the old Dockerfile is not opened as if it were new');

    const replace = await runCommand('uv-fastapi', [chooseAction('write'), () => 'Replace'], (dir) => fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n'));
    assert.match(replace.read('Dockerfile')!, /^FROM python:3\.13-slim AS runner$/m);
    assert.deepEqual(replace.shown, ['Dockerfile']);
  });

  it('asks which template when detection cannot tell, and cancelling writes nothing', async () => {
    const cancelled = await runCommand('neither', [() => undefined]);
    assert.equal(cancelled.prompts[0].options?.placeHolder, 'package.json does not depend on next. Which template?');
    assert.deepEqual((cancelled.prompts[0].items as Item[]).map((i) => i.id), ['nextjs', 'python-uv']);
    assert.equal(cancelled.read('Dockerfile'), undefined);

    const picked = await runCommand('neither', [(_m, items) => (items as Item[]).find((i) => i.id === 'python-uv'), chooseAction('write'), () => undefined]);
    assert.equal(picked.read('Dockerfile'), renderDockerfile(defaultPythonSettings()));
    const notes = picked.prompts.at(-1)!;
    assert.equal(notes.kind, 'warning');
    assert.match(notes.message, /^Layerwise: check the Dockerfile\. Neither uvicorn nor gunicorn is a dependency/);
  });
});
