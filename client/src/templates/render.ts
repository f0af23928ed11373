/**
 * Renders the two multi-stage templates (Python + uv, Next.js standalone) and their .dockerignore files from
 * settings. Pure text in, text out: the "Add Dockerfile" command, the tests and the snippet consistency test
 * call it directly. The output passes every Layerwise rule (test/unit/templates.test.ts).
 */
import { COREPACK_VERSION, DEFAULT_NODE, DEFAULT_PYTHON, UV_IMAGE } from './versions';

export type TemplateId = 'python-uv' | 'nextjs';
export type PackageManager = 'npm' | 'pnpm' | 'yarn';

export interface PythonUvSettings {
  template: 'python-uv';
  /** `3.14`, or a full version (`3.13.2`) when .python-version pins one. */
  pythonVersion: string;
  port: number;
  /** The ASGI/WSGI application, `module:attribute` (`app.main:app`). */
  appModule: string;
  server: 'uvicorn' | 'gunicorn';
  /** The path the HEALTHCHECK requests (`/health`). */
  healthPath: string;
}

export interface NextjsSettings {
  template: 'nextjs';
  nodeMajor: number;
  packageManager: PackageManager;
  /** Yarn 2 or later (`yarn install --immutable`); Yarn 1 otherwise. */
  yarnBerry: boolean;
  port: number;
  healthPath: string;
  /** The project has a `public/` folder (the runner copies it; COPY fails on a missing source). */
  publicDir: boolean;
  /** Configuration files the install needs, copied with the manifests (`.npmrc`, `pnpm-workspace.yaml`, `.yarnrc.yml`). */
  installFiles: string[];
  /** `.yarn/releases` holds the Yarn binary that .yarnrc.yml's `yarnPath` names. */
  yarnReleases: boolean;
  /** .npmrc holds registry credentials: mount it as a build secret instead of copying it. */
  npmrcSecret: boolean;
}

export type TemplateSettings = PythonUvSettings | NextjsSettings;

export function defaultPythonSettings(): PythonUvSettings {
  return { template: 'python-uv', pythonVersion: DEFAULT_PYTHON, port: 8000, appModule: 'app.main:app', server: 'uvicorn', healthPath: '/health' };
}

export function defaultNextjsSettings(): NextjsSettings {
  return {
    template: 'nextjs',
    nodeMajor: DEFAULT_NODE,
    packageManager: 'npm',
    yarnBerry: false,
    port: 3000,
    healthPath: '/',
    publicDir: true,
    installFiles: [],
    yarnReleases: false,
    npmrcSecret: false,
  };
}

export interface RenderedFile {
  /** Relative to the project folder. */
  name: string;
  text: string;
}

export function renderTemplate(settings: TemplateSettings): RenderedFile[] {
  return [
    { name: 'Dockerfile', text: renderDockerfile(settings) },
    { name: '.dockerignore', text: renderDockerignore(settings) },
  ];
}

export function renderDockerfile(settings: TemplateSettings): string {
  return settings.template === 'python-uv' ? renderPythonUv(settings) : renderNextjs(settings);
}

export function renderDockerignore(settings: TemplateSettings): string {
  return settings.template === 'python-uv' ? pythonDockerignore() : nodeDockerignore(settings);
}

/** The health probe, in exec form, that works in a slim Python image (no curl or wget there). */
export function pythonHealthProbe(port: number | string, path: string): string {
  return `["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:${port}${path}', timeout=4)"]`;
}

function renderPythonUv(s: PythonUvSettings): string {
  const image = `python:${s.pythonVersion}-slim`;
  const cmd =
    s.server === 'gunicorn'
      ? `["gunicorn", "--bind", "0.0.0.0:${s.port}", "${s.appModule}"]`
      : `["uvicorn", "${s.appModule}", "--host", "0.0.0.0", "--port", "${s.port}"]`;
  return [
    '# syntax=docker/dockerfile:1',
    '',
    '# Builder: uv from a pinned image; the dependencies first (cached until pyproject.toml or uv.lock change), then the project.',
    `FROM ${image} AS builder`,
    `COPY --from=${UV_IMAGE} /uv /uvx /bin/`,
    'ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never',
    'WORKDIR /app',
    'COPY pyproject.toml uv.lock ./',
    'RUN --mount=type=cache,target=/root/.cache/uv \\',
    '    uv sync --locked --no-install-project --no-dev',
    'COPY . .',
    'RUN --mount=type=cache,target=/root/.cache/uv \\',
    '    uv sync --locked --no-dev --no-editable',
    '',
    '# Runner: the slim image with the virtual environment and the app, copied once, run by a non-root user.',
    `FROM ${image} AS runner`,
    'RUN groupadd --system appuser && useradd --system --gid appuser --no-create-home appuser',
    'WORKDIR /app',
    'COPY --from=builder /app /app',
    'ENV PATH="/app/.venv/bin:$PATH" PYTHONUNBUFFERED=1',
    'USER appuser',
    `EXPOSE ${s.port}`,
    'HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \\',
    `  CMD ${pythonHealthProbe(s.port, s.healthPath)}`,
    `CMD ${cmd}`,
    '',
  ].join('\n');
}

interface InstallSteps {
  lockFile: string;
  /** Run once per stage before the package manager is used (Corepack), if any. */
  setup?: string;
  cacheTarget: string;
  install: string;
  build: string;
}

/** How each package manager installs from its lock file and runs the build, on a given Node.js major. */
export function installSteps(s: Pick<NextjsSettings, 'packageManager' | 'yarnBerry' | 'nodeMajor'>): InstallSteps {
  // Node.js 25 and later ship neither Corepack nor Yarn 1 in the official images.
  const corepack = (pm: string) =>
    s.nodeMajor >= 25 ? `npm install --global corepack@${COREPACK_VERSION} && corepack enable ${pm}` : `corepack enable ${pm}`;
  switch (s.packageManager) {
    case 'pnpm':
      return {
        lockFile: 'pnpm-lock.yaml',
        setup: corepack('pnpm'),
        cacheTarget: '/root/.local/share/pnpm/store',
        install: 'pnpm install --frozen-lockfile',
        build: 'pnpm run build',
      };
    case 'yarn':
      if (s.yarnBerry) {
        return { lockFile: 'yarn.lock', setup: corepack('yarn'), cacheTarget: '/root/.yarn/berry/cache', install: 'yarn install --immutable', build: 'yarn run build' };
      }
      return {
        lockFile: 'yarn.lock',
        setup: s.nodeMajor >= 25 ? corepack('yarn') : undefined,
        cacheTarget: '/usr/local/share/.cache/yarn',
        install: 'yarn install --frozen-lockfile',
        build: 'yarn run build',
      };
    case 'npm':
      return { lockFile: 'package-lock.json', cacheTarget: '/root/.npm', install: 'npm ci', build: 'npm run build' };
  }
}

function renderNextjs(s: NextjsSettings): string {
  const image = `node:${s.nodeMajor}-alpine`;
  const steps = installSteps(s);
  const manifests = ['package.json', steps.lockFile, ...s.installFiles];
  const mounts = [`--mount=type=cache,target=${steps.cacheTarget}`];
  if (s.npmrcSecret) mounts.push('--mount=type=secret,id=npmrc,target=/root/.npmrc');
  const lines = [
    '# syntax=docker/dockerfile:1',
    '',
    `# Dependencies: cached until package.json or ${steps.lockFile} change.`,
    `FROM ${image} AS deps`,
    'WORKDIR /app',
  ];
  if (steps.setup) lines.push(`RUN ${steps.setup}`);
  lines.push(`COPY ${manifests.join(' ')} ./`);
  if (s.yarnReleases) lines.push('COPY .yarn/releases ./.yarn/releases');
  if (s.npmrcSecret) lines.push('# Registry credentials come from a build secret: docker build --secret id=npmrc,src=.npmrc .');
  lines.push(`RUN ${mounts.join(' ')} \\`, `    ${steps.install}`);
  lines.push(
    '',
    '# Builder: the standalone build (next.config sets output: "standalone").',
    `FROM ${image} AS builder`,
    'WORKDIR /app',
  );
  if (steps.setup) lines.push(`RUN ${steps.setup}`);
  lines.push(
    'COPY --from=deps /app/node_modules ./node_modules',
    'COPY . .',
    'ENV NEXT_TELEMETRY_DISABLED=1',
    `RUN ${steps.build}`,
    '',
    "# Runner: only the standalone server and its assets, run by the image's non-root node user.",
    `FROM ${image} AS runner`,
    'WORKDIR /app',
    `ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=${s.port} HOSTNAME=0.0.0.0`,
  );
  if (s.publicDir) lines.push('COPY --from=builder --chown=node:node /app/public ./public');
  lines.push(
    'COPY --from=builder --chown=node:node /app/.next/standalone ./',
    'COPY --from=builder --chown=node:node /app/.next/static ./.next/static',
    'USER node',
    `EXPOSE ${s.port}`,
    'HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \\',
    `  CMD wget -q --spider http://localhost:${s.port}${s.healthPath} || exit 1`,
    'CMD ["node", "server.js"]',
    '',
  );
  return lines.join('\n');
}

const COMMON_IGNORES = [
  '# Version control and editors',
  '.git',
  '.vscode',
  '.idea',
  '',
  '# The Dockerfile itself: editing it need not invalidate COPY . .',
  'Dockerfile',
  '.dockerignore',
  '',
  '# Secrets and local settings: pass them at run time, never bake them into an image',
  '.env',
  '.env.*',
  '!.env.example',
];

function pythonDockerignore(): string {
  return [
    ...COMMON_IGNORES,
    '',
    '# Python: the image builds its own virtual environment',
    '.venv',
    '**/__pycache__',
    '**/*.py[cod]',
    '.pytest_cache',
    '.mypy_cache',
    '.ruff_cache',
    '.tox',
    '.coverage',
    'htmlcov',
    'dist',
    'build',
    '*.egg-info',
    '',
  ].join('\n');
}

function nodeDockerignore(s: Pick<NextjsSettings, 'packageManager' | 'yarnBerry' | 'npmrcSecret'>): string {
  const lines = [
    ...COMMON_IGNORES,
    '',
    '# Node.js and Next.js: the image installs and builds its own',
    'node_modules',
    '.next',
    'out',
    'coverage',
    '.vercel',
    '*.tsbuildinfo',
    'npm-debug.log*',
    'yarn-debug.log*',
    'yarn-error.log*',
    '.pnpm-debug.log*',
  ];
  if (s.packageManager === 'yarn' && s.yarnBerry) lines.push('.yarn/cache', '.yarn/install-state.gz', '.pnp.*');
  if (s.npmrcSecret) lines.push('', '# Registry credentials: mounted as a build secret instead', '.npmrc');
  lines.push('');
  return lines.join('\n');
}
