import rule from '../../../server/src/rules/dockerfile/copy-manifests-first';
import { ruleTester } from '../helpers/rule-tester';

const NODE_CONTEXT = { 'package.json': '{ "name": "app", "scripts": { "build": "next build" } }', 'package-lock.json': '{}' };
const UV_CONTEXT = { 'pyproject.toml': '[project]\nname = "app"\nversion = "0.1.0"\n', 'uv.lock': 'version = 1\n' };

ruleTester(rule, {
  valid: [
    { name: 'manifests first, then install, then source', code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n' },
    {
      name: "the document's uv pattern: the second sync after the copy installs only the project",
      code: 'FROM python:3.13-slim AS builder\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --no-dev --locked --no-install-project\nCOPY . .\nRUN uv sync --no-dev --locked --no-editable\n',
    },
    { name: 'go mod download before the copy, go build after', code: 'FROM golang:1.27\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n' },
    { name: 'no install after the broad copy', code: 'FROM nginx:1.28\nCOPY . /usr/share/nginx/html\n' },
    { name: 'a copy from another stage is not the build context', code: 'FROM node:22 AS deps\nFROM node:22\nCOPY --from=deps . .\nRUN npm ci\n' },
    { name: 'named packages need no manifest', code: 'FROM python:3.13\nCOPY . .\nRUN pip install gunicorn\n' },
    { name: 'install in another stage', code: 'FROM node:22 AS src\nCOPY . .\nFROM node:22\nRUN npm ci\n' },
    { name: 'narrow copies are not broad', code: 'FROM node:22\nCOPY src/ ./src/\nRUN npm ci\n' },
    { name: 'install outside the copied tree', code: 'FROM node:22\nCOPY . /srv/site\nWORKDIR /opt/tool\nRUN npm ci\n' },
    { name: 'heredoc COPY is not the build context', code: 'FROM node:22\nCOPY <<EOF /app/x.txt\nhello\nEOF\nRUN npm ci\n' },
    { name: 'ONBUILD install runs elsewhere', code: 'FROM node:22\nCOPY . .\nONBUILD RUN npm ci\n' },
    { name: 'npm run build alone', code: 'FROM node:22\nCOPY . .\nRUN npm run build\n' },
  ],
  invalid: [
    {
      name: 'npm ci && npm run build after COPY . .: the RUN is split around the copy',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "server.js"]\n',
      files: NODE_CONTEXT,
      findings: [
        {
          range: '4:5-4:11',
          message: '`npm ci` runs after `COPY . .` (line 3), so any source change reinstalls every dependency. Copy the package.json and lock file first, install, then copy the rest.',
          fixes: [
            {
              title: 'Copy package.json package-lock.json first, install, then copy the source',
              safety: 'safe',
              output: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nCMD ["node", "server.js"]\n',
            },
          ],
        },
      ],
    },
    {
      name: 'no build context visible: the lock file becomes a glob and the fix is unsafe',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm install\n',
      findings: [
        {
          range: '4:5-4:16',
          fixes: [
            {
              title: 'Copy package.json package-lock.json* first, install, then copy the source (check: the manifests were not found next to the Dockerfile, so their names are guessed)',
              safety: 'unsafe',
              output: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json* ./\nRUN npm install\nCOPY . .\n',
            },
          ],
        },
      ],
    },
    {
      name: 'yarn with the lock files the context has, and --chown kept',
      code: 'FROM node:22\nWORKDIR /home/node/app\nCOPY --chown=node:node . .\nRUN yarn install --frozen-lockfile\n',
      files: { 'package.json': '{}', 'yarn.lock': '', '.yarnrc': '' },
      findings: [{ range: '4:5-4:35', fixes: [{ safety: 'safe', output: 'FROM node:22\nWORKDIR /home/node/app\nCOPY --chown=node:node package.json yarn.lock .yarnrc ./\nRUN yarn install --frozen-lockfile\nCOPY --chown=node:node . .\n' }] }],
    },
    {
      name: 'install lifecycle scripts may need the source: unsafe',
      code: 'FROM node:22\nCOPY . .\nRUN npm ci\n',
      files: { 'package.json': '{ "scripts": { "postinstall": "prisma generate" } }', 'package-lock.json': '{}' },
      findings: [{ range: '3:5-3:11', fixes: [{ title: /\(check: package\.json runs postinstall scripts at install time, which may need source files\)$/, safety: 'unsafe', output: 'FROM node:22\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n' }] }],
    },
    {
      name: 'npm workspaces: no edit',
      code: 'FROM node:22\nCOPY . .\nRUN npm ci\n',
      files: { 'package.json': '{ "workspaces": ["packages/*"] }', 'package-lock.json': '{}' },
      findings: [{ range: '3:5-3:11', message: /No automatic edit: package\.json declares workspaces/, fixes: [] }],
    },
    {
      name: 'uv sync: a dependency-only sync goes before the copy, the full sync stays after',
      code: 'FROM python:3.13-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.11.6 /uv /bin/\nWORKDIR /app\nCOPY . .\nRUN uv sync --locked --no-dev\nCMD ["python", "-m", "app"]\n',
      files: UV_CONTEXT,
      findings: [
        {
          range: '5:5-5:30',
          fixes: [
            {
              title: 'Copy pyproject.toml uv.lock first, install, then copy the source',
              safety: 'safe',
              output:
                'FROM python:3.13-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.11.6 /uv /bin/\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-dev --no-install-project\nCOPY . .\nRUN uv sync --locked --no-dev\nCMD ["python", "-m", "app"]\n',
            },
          ],
        },
      ],
    },
    {
      name: 'a cache mount goes with the install',
      code: 'FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\n',
      files: UV_CONTEXT,
      findings: [
        {
          range: '4:47-4:63',
          fixes: [
            {
              safety: 'safe',
              output: 'FROM python:3.13-slim\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked --no-install-project\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\n',
            },
          ],
        },
      ],
    },
    {
      name: 'pip: requirements files and their -r includes are copied',
      code: 'FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements/prod.txt\n',
      files: { 'requirements/prod.txt': '-r base.txt\ngunicorn\n', 'requirements/base.txt': 'flask\n' },
      findings: [{ range: '4:5-4:56', fixes: [{ safety: 'safe', output: 'FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements/prod.txt requirements/base.txt ./requirements/\nRUN pip install --no-cache-dir -r requirements/prod.txt\nCOPY . .\n' }] }],
    },
    {
      name: 'pip requirements with -e . install the project: unsafe',
      code: 'FROM python:3.13-slim\nCOPY . .\nRUN pip install -r requirements.txt\n',
      files: { 'requirements.txt': '-e .\nflask\n' },
      findings: [{ range: '3:5-3:36', fixes: [{ title: /\(check: requirements\.txt installs a local path\)$/, safety: 'unsafe' }] }],
    },
    {
      name: 'go build downloads modules: go mod download goes first',
      code: 'FROM golang:1.27 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n',
      files: { 'go.mod': 'module example.com/app\n', 'go.sum': '' },
      findings: [
        {
          range: '4:5-4:49',
          message: /^`go build -o \/out\/app \.\/cmd\/app` runs after `COPY \. \.`/,
          fixes: [{ safety: 'safe', output: 'FROM golang:1.27 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n' }],
        },
      ],
    },
    {
      name: 'cargo: no edit, the message names the alternatives',
      code: 'FROM rust:1\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\n',
      findings: [{ range: '4:5-4:26', message: /No automatic edit: Cargo needs a source tree/, fixes: [] }],
    },
    {
      name: 'install in a subdirectory with cd: manifests keep their path, cd is repeated after the copy',
      code: 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN cd web && npm ci && npm run build\n',
      files: { 'web/package.json': '{}', 'web/package-lock.json': '{}' },
      findings: [{ range: '4:15-4:21', fixes: [{ safety: 'safe', output: 'FROM node:22\nWORKDIR /app\nCOPY web/package.json web/package-lock.json ./web/\nRUN cd web && npm ci\nCOPY . .\nRUN cd web && npm run build\n' }] }],
    },
    {
      name: 'a WORKDIR between the copy and the install: the moved copy keeps its absolute destination',
      code: 'FROM node:22\nWORKDIR /app\nCOPY . .\nWORKDIR /app/server\nENV NODE_ENV=production\nRUN npm ci\n',
      files: { 'server/package.json': '{}', 'server/package-lock.json': '{}' },
      findings: [{ range: '6:5-6:11', fixes: [{ safety: 'safe', output: 'FROM node:22\nWORKDIR /app\nCOPY server/package.json server/package-lock.json ./server/\nWORKDIR /app/server\nENV NODE_ENV=production\nRUN npm ci\nCOPY . /app/\n' }] }],
    },
    {
      name: 'a RUN between that may need the source makes the fix unsafe',
      code: 'FROM node:22\nCOPY . .\nRUN ./scripts/prepare.sh\nRUN npm ci\n',
      files: NODE_CONTEXT,
      findings: [{ range: '4:5-4:11', fixes: [{ title: /\(check: line 3 runs commands that may need the source\)$/, safety: 'unsafe', output: 'FROM node:22\nCOPY package.json package-lock.json ./\nRUN ./scripts/prepare.sh\nRUN npm ci\nCOPY . .\n' }] }],
    },
    {
      name: 'continuation lines and CRLF are kept when splitting',
      code: 'FROM node:22\r\nWORKDIR /app\r\nCOPY . .\r\nRUN npm ci \\\r\n    && npm run build \\\r\n    && npm prune --omit=dev\r\n',
      files: NODE_CONTEXT,
      findings: [
        {
          range: '4:5-4:11',
          fixes: [
            {
              safety: 'safe',
              output: 'FROM node:22\r\nWORKDIR /app\r\nCOPY package.json package-lock.json ./\r\nRUN npm ci\r\nCOPY . .\r\nRUN npm run build \\\r\n    && npm prune --omit=dev\r\n',
            },
          ],
        },
      ],
    },
    {
      name: 'a heredoc script ending with the install moves as a whole',
      code: 'FROM node:22\nCOPY . .\nRUN <<EOF\nset -e\nnpm ci\nEOF\nCMD ["node", "."]\n',
      files: NODE_CONTEXT,
      findings: [{ range: '5:1-5:7', fixes: [{ safety: 'safe', output: 'FROM node:22\nCOPY package.json package-lock.json ./\nRUN <<EOF\nset -e\nnpm ci\nEOF\nCOPY . .\nCMD ["node", "."]\n' }] }],
    },
    {
      name: 'a heredoc script with steps after the install cannot be split',
      code: 'FROM node:22\nCOPY . .\nRUN <<EOF\nnpm ci\nnpm run build\nEOF\n',
      files: NODE_CONTEXT,
      findings: [{ range: '4:1-4:7', message: /No automatic edit: the install is part of a heredoc script with later steps\.$/, fixes: [] }],
    },
    {
      name: 'an install joined with || cannot be split',
      code: 'FROM node:22\nCOPY . .\nRUN npm ci || npm install\n',
      files: NODE_CONTEXT,
      findings: [{ range: '3:5-3:11', message: /joined to other commands with `\|\|` or a pipe/, fixes: [] }],
    },
    {
      name: 'COPY . /app followed by WORKDIR /app',
      code: 'FROM python:3.12\nCOPY . /app\nWORKDIR /app\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
      files: { 'requirements.txt': 'flask\n' },
      findings: [{ range: '4:5-4:36', fixes: [{ safety: 'safe', output: 'FROM python:3.12\nCOPY requirements.txt /app/\nWORKDIR /app\nRUN pip install -r requirements.txt\nCOPY . /app\nCMD ["python", "app.py"]\n' }] }],
    },
    {
      name: 'poetry install gets a --no-root dependency step',
      code: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN poetry install --only main\n',
      files: { 'pyproject.toml': '[tool.poetry]\nname = "x"\n', 'poetry.lock': '' },
      findings: [{ range: '4:5-4:31', fixes: [{ safety: 'safe', output: 'FROM python:3.12\nWORKDIR /app\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --only main --no-root\nCOPY . .\nRUN poetry install --only main\n' }] }],
    },
    {
      name: 'only the first install of an ecosystem is reported',
      code: 'FROM node:22\nCOPY . .\nRUN npm ci\nRUN npm ci --omit=dev\n',
      files: NODE_CONTEXT,
      findings: [{ range: '3:5-3:11' }],
    },
  ],
});
