import rule from '../../../server/src/rules/dockerfile/dev-dependencies-in-image';
import { ruleTester } from '../helpers/rule-tester';

const NPM = 'also installs devDependencies (build tools, test runners, type definitions).';
const PKG_DEV = { 'package.json': '{ "dependencies": { "express": "^5" }, "devDependencies": { "jest": "^30" } }', 'package-lock.json': '{}' };
const PKG_NO_DEV = { 'package.json': '{ "dependencies": { "express": "^5" } }', 'package-lock.json': '{}' };
const UV_DEV = { 'pyproject.toml': '[project]\nname = "app"\n\n[dependency-groups]\ndev = ["pytest>=8"]\n', 'uv.lock': '' };
const UV_NO_DEV = { 'pyproject.toml': '[project]\nname = "app"\ndependencies = ["fastapi"]\n', 'uv.lock': '' };

ruleTester(rule, {
  valid: [
    { name: 'npm ci --omit=dev', code: 'FROM node:22-slim\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]\n' },
    { name: 'npm ci --omit dev', code: 'FROM node:22-slim\nRUN npm ci --omit dev\nCMD ["node", "server.js"]\n' },
    { name: 'NODE_ENV=production in ENV', code: 'FROM node:22-slim\nENV NODE_ENV=production\nRUN npm ci\nCMD ["node", "server.js"]\n' },
    { name: 'NODE_ENV=production inherited from a parent stage', code: 'FROM node:22-slim AS base\nENV NODE_ENV=production\nFROM base\nRUN npm ci\nCMD ["node", "server.js"]\n' },
    { name: 'NODE_ENV from an ARG default', code: 'FROM node:22-slim\nARG NODE_ENV=production\nENV NODE_ENV=$NODE_ENV\nRUN npm ci\nCMD ["node", "server.js"]\n' },
    { name: 'NODE_ENV from an ARG without default: unknown', code: 'FROM node:22-slim\nARG NODE_ENV\nENV NODE_ENV=$NODE_ENV\nRUN npm ci\nCMD ["node", "server.js"]\n' },
    { name: 'inline NODE_ENV=production', code: 'FROM node:22-slim\nRUN NODE_ENV=production npm ci\nCMD ["node", "server.js"]\n' },
    { name: 'npm ci --production (older npm)', code: 'FROM node:14\nRUN npm ci --production\nCMD ["node", "server.js"]\n' },
    { name: 'a build follows: the dev dependencies are needed (multi-stage-build)', code: 'FROM node:22\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD ["npm", "start"]\n' },
    { name: 'pruned after the build', code: 'FROM node:22\nCOPY . .\nRUN npm ci && npm run build && npm prune --omit=dev\nCMD ["npm", "start"]\n' },
    { name: 'a build stage keeps its dev dependencies', code: 'FROM node:22 AS build\nRUN npm ci\nRUN npm run build\nFROM node:22-slim\nCOPY --from=build /app/dist ./dist\nRUN npm ci --omit=dev\nCMD ["node", "dist/index.js"]\n' },
    { name: 'package.json without devDependencies', code: 'FROM node:22-slim\nCOPY package.json package-lock.json ./\nRUN npm ci\nCMD ["node", "server.js"]\n', files: PKG_NO_DEV },
    { name: 'a dev server image', code: 'FROM node:22\nRUN npm ci\nCMD ["npm", "run", "dev"]\n' },
    { name: 'a Dockerfile.dev', file: 'Dockerfile.dev', code: 'FROM node:22\nRUN npm ci\nCMD ["node", "server.js"]\n' },
    { name: 'a final stage named test', code: 'FROM node:22 AS test\nRUN npm ci\nCMD ["npm", "test"]\n' },
    { name: 'a dev container', file: '.devcontainer/Dockerfile', code: 'FROM node:22\nRUN npm ci\nCMD ["sleep", "infinity"]\n' },
    { name: 'global installs are tools, not dev dependencies', code: 'FROM node:22-slim\nRUN npm install -g pm2\nCMD ["pm2-runtime", "app.js"]\n' },
    { name: 'yarn --version is not an install', code: 'FROM node:22-slim\nRUN yarn --version\nCMD ["node", "app.js"]\n' },
    { name: 'pnpm install --prod', code: 'FROM node:22-slim\nRUN pnpm install --prod --frozen-lockfile\nCMD ["node", "app.js"]\n' },
    { name: 'uv sync --no-dev', code: 'FROM python:3.13-slim\nRUN uv sync --locked --no-dev\nCMD ["python", "-m", "app"]\n' },
    { name: 'UV_NO_DEV in the environment', code: 'FROM python:3.13-slim\nENV UV_NO_DEV=1\nRUN uv sync --locked\nCMD ["python", "-m", "app"]\n' },
    { name: 'uv sync --only-group', code: 'FROM python:3.13-slim\nRUN uv sync --locked --only-group web\nCMD ["python", "-m", "app"]\n' },
    { name: 'uv: pyproject without a dev group', code: 'FROM python:3.13-slim\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked\nCMD ["python", "-m", "app"]\n', files: UV_NO_DEV },
    { name: 'uv: a later exact sync without dev removes them', code: 'FROM python:3.13-slim\nRUN uv sync --locked\nRUN uv run pytest\nRUN uv sync --locked --no-dev\nCMD ["python", "-m", "app"]\n' },
    { name: 'uv: tests run in the image after the sync', code: 'FROM python:3.13-slim\nRUN uv sync --locked\nRUN uv run pytest\nCMD ["python", "-m", "app"]\n' },
    { name: 'uv run fastapi dev is a dev image', code: 'FROM python:3.13-slim\nRUN uv sync --locked\nCMD ["uv", "run", "fastapi", "dev"]\n' },
    { name: 'poetry install --only main', code: 'FROM python:3.13-slim\nRUN poetry install --only main\nCMD ["python", "-m", "app"]\n' },
    { name: 'poetry install --without dev', code: 'FROM python:3.13-slim\nRUN poetry install --without=dev,test\nCMD ["python", "-m", "app"]\n' },
    { name: 'poetry: pyproject without dev groups', code: 'FROM python:3.13-slim\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root\nCMD ["python", "-m", "app"]\n', files: { 'pyproject.toml': '[tool.poetry]\nname = "app"\n\n[tool.poetry.dependencies]\npython = "^3.13"\n' } },
    { name: 'pip production requirements', code: 'FROM python:3.13-slim\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n' },
    { name: 'pip extras that are not for development', code: 'FROM python:3.13-slim\nRUN pip install ".[postgres]" "uvicorn[standard]"\nCMD ["python", "app.py"]\n' },
    { name: 'flags from a variable', code: 'FROM node:22-slim\nARG NPM_FLAGS\nRUN npm ci $NPM_FLAGS\nCMD ["node", "app.js"]\n' },
    { name: 'a build inside if/then needs the dev dependencies', code: 'FROM node:20-alpine\nRUN npm ci\nRUN if [ "$SKIP" != 1 ]; then npm run build; fi\nCMD ["npm", "start"]\n' },
    { name: 'a CI image under .ci/', file: '.ci/Dockerfile.cypress', code: 'FROM node:22\nRUN npm ci\nCMD ["node", "run.js"]\n' },
    { name: 'ONBUILD', code: 'FROM node:22-slim\nONBUILD RUN npm ci\nCMD ["node", "app.js"]\n' },
  ],
  invalid: [
    {
      name: 'npm ci in a single-stage runtime image',
      code: 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]\n',
      files: PKG_DEV,
      findings: [
        {
          range: '4:5-4:11',
          message: `\`npm ci\` in the final image ${NPM} Add \`--omit=dev\` (or set NODE_ENV=production before it).`,
          fixes: [{ title: 'Add --omit=dev', safety: 'unsafe', output: 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]\n' }],
        },
      ],
    },
    {
      name: 'inherited from a base stage the final image builds on',
      code: 'FROM node:22-slim AS base\nRUN npm install\nFROM node:22 AS build\nRUN npm ci && npm run build\nFROM base\nCMD ["node", "server.js"]\n',
      findings: [{ range: '2:5-2:16', fixes: [{ safety: 'unsafe', output: 'FROM node:22-slim AS base\nRUN npm install --omit=dev\nFROM node:22 AS build\nRUN npm ci && npm run build\nFROM base\nCMD ["node", "server.js"]\n' }] }],
    },
    {
      name: 'NODE_ENV set to development before the install, production after',
      code: 'FROM node:22-slim\nENV NODE_ENV=development\nRUN npm ci\nENV NODE_ENV=production\nCMD ["node", "server.js"]\n',
      findings: [{ range: '3:5-3:11' }],
    },
    {
      name: 'Node 14 images have npm 6: --production',
      code: 'FROM node:14-alpine\nRUN npm ci\nCMD ["npm", "start"]\n',
      findings: [{ range: '2:5-2:11', fixes: [{ title: 'Add --production', safety: 'unsafe', output: 'FROM node:14-alpine\nRUN npm ci --production\nCMD ["npm", "start"]\n' }] }],
    },
    {
      name: 'pnpm and Yarn classic',
      code: 'FROM node:22-slim\nRUN pnpm install --frozen-lockfile\nRUN yarn install --frozen-lockfile\nCMD ["node", "app.js"]\n',
      findings: [
        { range: '2:5-2:35', message: /^`pnpm install --frozen-lockfile` in the final image also installs devDependencies/, fixes: [{ title: 'Add --prod', safety: 'unsafe', output: 'FROM node:22-slim\nRUN pnpm install --frozen-lockfile --prod\nRUN yarn install --frozen-lockfile\nCMD ["node", "app.js"]\n' }] },
        { range: '3:5-3:35', fixes: [{ title: 'Add --production', safety: 'unsafe', output: 'FROM node:22-slim\nRUN pnpm install --frozen-lockfile\nRUN yarn install --frozen-lockfile --production\nCMD ["node", "app.js"]\n' }] },
      ],
    },
    {
      name: 'Yarn 2+: no flag to add',
      code: 'FROM node:22-slim\nRUN yarn install --immutable\nCMD ["node", "app.js"]\n',
      findings: [{ range: '2:5-2:29', message: '`yarn install --immutable` in the final image also installs devDependencies. Yarn 2+ has no production flag for install: use `yarn workspaces focus --all --production` instead.', fixes: [] }],
    },
    {
      name: 'uv sync without --no-dev, exec form',
      code: 'FROM python:3.13-slim\nCOPY pyproject.toml uv.lock ./\nRUN ["uv", "sync", "--locked"]\nCMD ["python", "-m", "app"]\n',
      files: UV_DEV,
      findings: [
        {
          range: '3:6-3:30',
          message: '`uv sync` in the final image also installs the `dev` dependency group (test runners, linters). Add `--no-dev`.',
          fixes: [{ title: 'Add --no-dev', safety: 'unsafe', output: 'FROM python:3.13-slim\nCOPY pyproject.toml uv.lock ./\nRUN ["uv", "sync", "--locked", "--no-dev"]\nCMD ["python", "-m", "app"]\n' }],
        },
      ],
    },
    {
      name: 'continuation lines and CRLF',
      code: 'FROM python:3.13-slim\r\nRUN --mount=type=cache,target=/root/.cache/uv \\\r\n    uv sync \\\r\n    --locked\r\nCMD ["python", "-m", "app"]\r\n',
      findings: [{ range: '3:5-4:13', fixes: [{ safety: 'unsafe', output: 'FROM python:3.13-slim\r\nRUN --mount=type=cache,target=/root/.cache/uv \\\r\n    uv sync \\\r\n    --locked --no-dev\r\nCMD ["python", "-m", "app"]\r\n' }] }],
    },
    {
      name: 'a heredoc script',
      code: 'FROM python:3.13-slim\nRUN <<EOF\nset -e\nuv sync --locked\nEOF\nCMD ["python", "-m", "app"]\n',
      findings: [{ range: '4:1-4:17', fixes: [{ safety: 'unsafe', output: 'FROM python:3.13-slim\nRUN <<EOF\nset -e\nuv sync --locked --no-dev\nEOF\nCMD ["python", "-m", "app"]\n' }] }],
    },
    {
      name: 'poetry install',
      code: 'FROM python:3.13-slim\nRUN poetry install --no-root\nCMD ["python", "-m", "app"]\n',
      findings: [{ range: '2:5-2:29', message: '`poetry install` in the final image also installs the dev dependency groups. Add `--only main`.', fixes: [{ title: 'Add --only main', safety: 'unsafe', output: 'FROM python:3.13-slim\nRUN poetry install --no-root --only main\nCMD ["python", "-m", "app"]\n' }] }],
    },
    {
      name: 'poetry: a dev group in pyproject.toml',
      code: 'FROM python:3.13-slim\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root\nCMD ["python", "-m", "app"]\n',
      files: { 'pyproject.toml': '[tool.poetry]\nname = "app"\n\n[tool.poetry.group.dev.dependencies]\npytest = "^8"\n' },
      findings: [{ range: '3:5-3:29', fixes: [{ safety: 'unsafe', output: 'FROM python:3.13-slim\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root --only main\nCMD ["python", "-m", "app"]\n' }] }],
    },
    {
      name: 'pip: the dev requirements include the production ones',
      code: 'FROM python:3.13-slim\nCOPY requirements*.txt ./\nRUN pip install --no-cache-dir -r requirements-dev.txt\nCMD ["python", "app.py"]\n',
      files: { 'requirements.txt': 'flask\n', 'requirements-dev.txt': '-r requirements.txt\npytest\n' },
      findings: [
        {
          range: '3:32-3:55',
          message: '`pip install -r requirements-dev.txt` in the final image installs development requirements (test runners, linters).',
          fixes: [{ title: 'Install requirements.txt instead', safety: 'unsafe', output: 'FROM python:3.13-slim\nCOPY requirements*.txt ./\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python", "app.py"]\n' }],
        },
      ],
    },
    {
      name: 'pip: both files named, the dev one is dropped',
      code: 'FROM python:3.13-slim\nRUN pip install -r requirements/base.txt -r requirements/test.txt\nCMD ["python", "app.py"]\n',
      findings: [{ range: '2:42-2:66', fixes: [{ title: 'Drop -r requirements/test.txt', safety: 'unsafe', output: 'FROM python:3.13-slim\nRUN pip install -r requirements/base.txt\nCMD ["python", "app.py"]\n' }] }],
    },
    {
      name: 'pip: nothing to suggest',
      code: 'FROM python:3.13-slim\nRUN pip install -r dev-requirements.txt\nCMD ["python", "app.py"]\n',
      findings: [{ range: '2:17-2:40', message: '`pip install -r dev-requirements.txt` in the final image installs development requirements (test runners, linters). Install the production requirements file instead; Layerwise found none to suggest.', fixes: [] }],
    },
    {
      name: 'pip: dev extras of the project',
      code: 'FROM python:3.13-slim\nCOPY . .\nRUN pip install -e ".[dev,postgres]"\nCMD ["python", "app.py"]\n',
      findings: [
        {
          range: '3:20-3:37',
          message: '`.[dev,postgres]` installs the project with its `dev` extra in the final image: development tools the app does not need to run.',
          fixes: [{ title: 'Drop the dev extra', safety: 'unsafe', output: 'FROM python:3.13-slim\nCOPY . .\nRUN pip install -e ".[postgres]"\nCMD ["python", "app.py"]\n' }],
        },
      ],
    },
  ],
});
