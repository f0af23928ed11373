/**
 * What a user sees on the fixture workspace (test/e2e/workspace/), one table per file. Rows are
 * `<one-based range> <severity> <rule id>`, the range as `line:col-endLine:endCol` (the rule tests' notation).
 *
 * When a rule is added or changes, the extension-host suite fails with the actual table in paste-ready form:
 * check it against the rule, then paste it here. Row order does not matter.
 */

export const DIAGNOSTICS: Record<string, readonly string[]> = {
  'nextjs/Dockerfile': [
    '1:1-1:10 info healthcheck-missing',
    '1:1-1:10 warning run-as-non-root',
    '1:6-1:10 warning pin-image-tag',
    '4:5-4:11 warning copy-manifests-first',
    '4:15-4:28 warning multi-stage-build',
  ],
  'python-uv/Dockerfile': [
    '1:1-1:17 info healthcheck-missing',
    '1:1-1:17 warning run-as-non-root',
    '1:6-1:17 warning slim-base-image',
    '2:13-2:40 warning pin-image-tag',
    '5:5-5:12 warning copy-manifests-first',
    '5:5-5:12 warning dev-dependencies-in-image',
    '5:5-5:12 warning uv-build-env',
    '5:5-5:12 warning uv-locked-sync',
  ],
  'compose.yaml': [
    '2:3-2:6 warning compose-healthcheck-missing',
    '2:3-2:6 warning compose-named-networks',
    '2:3-2:6 warning compose-restart-policy',
    '8:3-8:6 warning compose-healthcheck-missing',
    '8:3-8:6 warning compose-named-networks',
    '8:3-8:6 warning compose-restart-policy',
    '15:9-15:11 warning compose-depends-on-healthy',
    '16:3-16:5 warning compose-healthcheck-missing',
    '16:3-16:5 warning compose-named-networks',
    '16:3-16:5 warning compose-restart-policy',
    '17:12-17:20 warning compose-pin-image-tag',
    '20:7-20:24 warning compose-no-inline-secrets',
  ],
};

/** The VS Code language each fixture opens in (the client's document selector must cover it). */
export const LANGUAGE: Record<string, string> = {
  'nextjs/Dockerfile': 'dockerfile',
  'python-uv/Dockerfile': 'dockerfile',
  'compose.yaml': 'dockercompose',
};

/** nextjs/Dockerfile after the copy-manifests-first quick fix (the README shows the same change). */
export const NEXTJS_AFTER_REORDER = [
  'FROM node',
  'WORKDIR /app',
  'COPY package.json package-lock.json ./',
  'RUN npm ci',
  'COPY . .',
  'RUN npm run build',
  'EXPOSE 3000',
  'CMD ["npm", "start"]',
  '',
].join('\n');

/** The reorder fix's title starts with this (the UI test picks it in the quick-fix menu). */
export const REORDER_TITLE_PREFIX = 'Copy package.json';

/**
 * Each Dockerfile after "Fix all safe Layerwise findings" on save (`source.fixAll.layerwise`): every safe fix,
 * repeated until stable (pinned tags, the manifests-first reorder, uv's --locked and UV_COMPILE_BYTECODE). Unsafe
 * fixes (USER, slimmer bases, --no-dev, a HEALTHCHECK, a multi-stage split) are offered, not applied.
 */
export const FIX_ALL_ON_SAVE: Record<string, string> = {
  'nextjs/Dockerfile': [
    'FROM node:26',
    'WORKDIR /app',
    'COPY package.json package-lock.json ./',
    'RUN npm ci',
    'COPY . .',
    'RUN npm run build',
    'EXPOSE 3000',
    'CMD ["npm", "start"]',
    '',
  ].join('\n'),
  'python-uv/Dockerfile': [
    'FROM python:3.13',
    'COPY --from=ghcr.io/astral-sh/uv:0.11.6 /uv /uvx /bin/',
    'WORKDIR /app',
    'COPY pyproject.toml uv.lock ./',
    'RUN uv sync --no-install-project --locked',
    'COPY . .',
    'ENV UV_COMPILE_BYTECODE=1',
    'RUN uv sync --locked',
    'EXPOSE 8000',
    'CMD ["uv", "run", "uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]',
    '',
  ].join('\n'),
};

/** The quick fixes the lightbulb lists at a finding's range (titles in menu order: preferred first), by file and range. */
export const QUICK_FIXES: Record<string, Record<string, readonly string[]>> = {
  'nextjs/Dockerfile': {
    '4:5-4:11': [
      'Copy package.json package-lock.json first, install, then copy the source',
      'Ignore copy-manifests-first for this line',
      'Ignore copy-manifests-first for this file',
    ],
    // `node` is inside pin-image-tag's range and in those of the findings on the whole FROM instruction.
    '1:6-1:10': [
      'Pin to node:26',
      "Add a HEALTHCHECK that requests http://127.0.0.1:3000/ with Node's fetch",
      'Ignore healthcheck-missing for this line',
      'Ignore healthcheck-missing for this file',
      "Run as the image's built-in node user (USER node)",
      'Ignore run-as-non-root for this line',
      'Ignore run-as-non-root for this file',
      'Pin to node:26-slim',
      'Pin to node:26-alpine',
      'Ignore pin-image-tag for this line',
      'Ignore pin-image-tag for this file',
    ],
  },
};

/** nextjs/Dockerfile's diagnostics once the reorder fix is applied (copy-manifests-first is gone). */
export const NEXTJS_AFTER_REORDER_DIAGNOSTICS: readonly string[] = [
  '1:1-1:10 info healthcheck-missing',
  '1:1-1:10 warning run-as-non-root',
  '1:6-1:10 warning pin-image-tag',
  '6:5-6:18 warning multi-stage-build',
];

/** nextjs/Dockerfile after the user picks "Pin to node:26-alpine", and its diagnostics then. */
export const NEXTJS_AFTER_PIN_ALPINE = ['FROM node:26-alpine', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', 'EXPOSE 3000', 'CMD ["npm", "start"]', ''].join('\n');
export const NEXTJS_AFTER_PIN_ALPINE_DIAGNOSTICS: readonly string[] = [
  '1:1-1:20 info healthcheck-missing',
  '1:1-1:20 warning run-as-non-root',
  '4:5-4:11 warning copy-manifests-first',
  '4:15-4:28 warning multi-stage-build',
];

/** The diagnostics left after fix-all on save: findings whose fixes are all unsafe (or that have none). */
export const AFTER_FIX_ALL_DIAGNOSTICS: Record<string, readonly string[]> = {
  'nextjs/Dockerfile': [
    '1:1-1:13 info healthcheck-missing',
    '1:1-1:13 warning run-as-non-root',
    '1:6-1:13 warning slim-base-image',
    '6:5-6:18 warning multi-stage-build',
  ],
  'python-uv/Dockerfile': [
    '1:1-1:17 info healthcheck-missing',
    '1:1-1:17 warning run-as-non-root',
    '1:6-1:17 warning slim-base-image',
    '5:5-5:42 warning dev-dependencies-in-image',
    '8:5-8:21 warning dev-dependencies-in-image',
  ],
};

/** The snippet files each language gets (package.json `contributes.snippets`). */
export const SNIPPET_CONTRIBUTIONS: Record<string, string> = {
  dockerfile: './snippets/dockerfile.json',
  dockercompose: './snippets/compose.json',
  yaml: './snippets/compose.json',
  ignore: './snippets/dockerignore.json',
};

/**
 * Snippets expanded in a real editor. A file `file` (in a copy of `fixture`, when given, so the project's files are
 * there) starts as `seed.before + seed.replace + seed.after`, with the seed's diagnostics; the snippet replaces
 * `seed.replace` with its defaults (indented like the line it starts on), then the file is linted. The templates
 * are the product's own statement of best practice: no findings.
 */
export const SNIPPET_EXPANSIONS: Record<
  string,
  {
    prefix: string;
    name: string;
    language: string;
    file: string;
    fixture?: string;
    /** Whether Layerwise lints this kind of file (it does not lint .dockerignore). */
    linted: boolean;
    seed: { before: string; replace: string; after: string; diagnostics: readonly string[] };
    diagnostics: readonly string[];
  }
> = {
  'Python + uv template': {
    prefix: 'docker-python-uv',
    name: 'Python + uv multi-stage Dockerfile',
    language: 'dockerfile',
    fixture: 'python-uv',
    file: 'Dockerfile',
    linted: true,
    seed: { before: '', replace: 'FROM python\n', after: '', diagnostics: ['1:1-1:12 warning run-as-non-root', '1:6-1:12 warning pin-image-tag'] },
    diagnostics: [],
  },
  'Compose service': {
    prefix: 'compose-postgres',
    name: 'Compose PostgreSQL service (health check, named volume)',
    language: 'dockercompose',
    file: 'compose.yaml',
    linted: true,
    seed: {
      before: 'services:\n  ',
      replace: 'db:\n    image: postgres\n',
      after: '\nnetworks:\n  backend:\n\nvolumes:\n  db-data:\n',
      diagnostics: ['2:3-2:5 warning compose-restart-policy', '3:12-3:20 warning compose-pin-image-tag'],
    },
    diagnostics: [],
  },
  '.dockerignore': {
    prefix: 'dockerignore-python',
    name: '.dockerignore for a Python project',
    language: 'ignore',
    file: '.dockerignore',
    fixture: 'python-uv',
    linted: false,
    seed: { before: '', replace: '', after: '', diagnostics: [] },
    diagnostics: [],
  },
};

/**
 * "Layerwise: Add Dockerfile to workspace" on a copy of the python-uv fixture without its Dockerfile: the uv
 * template with the values detected from the project (Python 3.14, the newest line `requires-python = ">=3.13"`
 * allows; uvicorn and app.main:app from the dependencies and app/main.py; /health from its route).
 */
export const ADD_DOCKERFILE_PYTHON_UV: { Dockerfile: string; '.dockerignore': string } = {
  Dockerfile: [
    '# syntax=docker/dockerfile:1',
    '',
    '# Builder: uv from a pinned image; the dependencies first (cached until pyproject.toml or uv.lock change), then the project.',
    'FROM python:3.14-slim AS builder',
    'COPY --from=ghcr.io/astral-sh/uv:0.11.6 /uv /uvx /bin/',
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
    'FROM python:3.14-slim AS runner',
    'RUN groupadd --system appuser && useradd --system --gid appuser --no-create-home appuser',
    'WORKDIR /app',
    'COPY --from=builder /app /app',
    'ENV PATH="/app/.venv/bin:$PATH" PYTHONUNBUFFERED=1',
    'USER appuser',
    'EXPOSE 8000',
    'HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \\',
    `  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health', timeout=4)"]`,
    'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]',
    '',
  ].join('\n'),
  '.dockerignore': [
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
  ].join('\n'),
};
