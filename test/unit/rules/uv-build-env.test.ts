import rule from '../../../server/src/rules/dockerfile/uv-build-env';
import { ruleTester } from '../helpers/rule-tester';

const PACKAGE = { 'pyproject.toml': '[project]\nname = "app"\nversion = "0.1.0"\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n', 'uv.lock': '' };
const VIRTUAL = { 'pyproject.toml': '[project]\nname = "app"\nversion = "0.1.0"\n', 'uv.lock': '' };
const BYTECODE = 'without UV_COMPILE_BYTECODE=1, so the image has no compiled bytecode and every new container compiles its imports on first start (a slow first request)';
const ENV_OK = 'ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy\n';

ruleTester(rule, {
  valid: [
    {
      name: "the document's pattern",
      code: 'FROM python:3.13-slim AS builder\nENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --no-dev --locked --no-install-project\nCOPY . .\nRUN uv sync --no-dev --locked --no-editable\n',
      files: PACKAGE,
    },
    { name: 'no cache mount: UV_LINK_MODE is not needed', code: 'FROM python:3.13-slim\nENV UV_COMPILE_BYTECODE=1\nRUN uv sync --locked\n' },
    { name: '--compile-bytecode on the command', code: 'FROM python:3.13-slim\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked --compile-bytecode --link-mode=copy\n' },
    { name: 'ENV inherited from the parent stage', code: 'FROM python:3.13-slim AS base\n' + ENV_OK + 'FROM base\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\n' },
    { name: 'ARG defaults are in the environment of RUN', code: 'FROM python:3.13-slim\nARG UV_COMPILE_BYTECODE=1\nRUN uv sync --locked\n' },
    { name: 'an explicit choice is respected', code: 'FROM python:3.13-slim\nENV UV_COMPILE_BYTECODE=0\nRUN uv sync --locked\n' },
    { name: 'a stage without uv sync', code: 'FROM python:3.13-slim\nRUN pip install -r requirements.txt\n' },
    { name: 'a dev stage', code: 'FROM python:3.13-slim AS dev\nRUN uv sync\nFROM python:3.13-slim\nCMD ["python"]\n' },
    { name: 'a development image (uv run fastapi dev)', code: 'FROM python:3.13-slim\nRUN uv sync --locked\nCMD ["uv", "run", "fastapi", "dev"]\n' },
    { name: 'a Dockerfile.dev', file: 'Dockerfile.dev', code: 'FROM python:3.13-slim\nRUN uv sync --locked\n' },
    { name: 'manifests only, but a virtual project: nothing to install', code: 'FROM python:3.13-slim\n' + ENV_OK + 'COPY pyproject.toml uv.lock ./\nRUN uv sync --locked\n', files: VIRTUAL },
    { name: 'manifests only, package = false', code: 'FROM python:3.13-slim\n' + ENV_OK + 'COPY pyproject.toml uv.lock ./\nRUN uv sync --locked\n', files: { 'pyproject.toml': PACKAGE['pyproject.toml'] + '\n[tool.uv]\npackage = false\n' } },
    { name: 'the source is there too', code: 'FROM python:3.13-slim\n' + ENV_OK + 'COPY pyproject.toml uv.lock ./\nCOPY src ./src\nRUN uv sync --locked\n', files: PACKAGE },
    { name: 'manifests only, pyproject not readable: unknown', code: 'FROM python:3.13-slim\n' + ENV_OK + 'COPY pyproject.toml uv.lock ./\nRUN uv sync --locked\n' },
    { name: 'files from another stage: unknown', code: 'FROM python:3.13-slim AS src\nFROM python:3.13-slim\n' + ENV_OK + 'COPY pyproject.toml uv.lock ./\nCOPY --from=src /app /app\nRUN uv sync --locked\n', files: PACKAGE },
    { name: '--only-group installs no project', code: 'FROM python:3.13-slim\n' + ENV_OK + 'COPY pyproject.toml uv.lock ./\nRUN uv sync --locked --only-group web\n', files: PACKAGE },
    { name: 'UV_NO_INSTALL_PROJECT in the environment', code: 'FROM python:3.13-slim\n' + ENV_OK + 'ENV UV_NO_INSTALL_PROJECT=1\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked\n', files: PACKAGE },
    { name: 'ONBUILD', code: 'FROM python:3.13-slim\nONBUILD RUN uv sync\n' },
  ],
  invalid: [
    {
      name: 'no UV_COMPILE_BYTECODE: one ENV line before the sync',
      code: 'FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN uv sync --locked\nCMD ["python", "-m", "app"]\n',
      findings: [
        {
          range: '4:5-4:21',
          message: `This stage runs \`uv sync\` ${BYTECODE}. Add \`ENV UV_COMPILE_BYTECODE=1\`.`,
          fixes: [{ title: 'Add ENV UV_COMPILE_BYTECODE=1', safety: 'safe', output: 'FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nENV UV_COMPILE_BYTECODE=1\nRUN uv sync --locked\nCMD ["python", "-m", "app"]\n' }],
        },
      ],
    },
    {
      name: 'a cache mount without UV_LINK_MODE, next to the existing UV_ ENV',
      code: 'FROM python:3.13-slim\nENV UV_COMPILE_BYTECODE=1\nWORKDIR /app\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/uv \\\n    uv sync --locked\n',
      findings: [
        {
          range: '6:5-6:21',
          message: 'This stage runs `uv sync` with a cache mount (line 5) but without UV_LINK_MODE=copy, so uv cannot hard-link from the mount and warns while falling back to copying. Add `ENV UV_LINK_MODE=copy`.',
          fixes: [{ title: 'Add ENV UV_LINK_MODE=copy', safety: 'safe', output: 'FROM python:3.13-slim\nENV UV_COMPILE_BYTECODE=1\nENV UV_LINK_MODE=copy\nWORKDIR /app\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/uv \\\n    uv sync --locked\n' }],
        },
      ],
    },
    {
      name: 'both missing: one finding, one ENV line; CRLF kept',
      code: 'FROM python:3.13-slim\r\nCOPY . .\r\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\r\n',
      findings: [
        {
          range: '3:47-3:63',
          message: `This stage runs \`uv sync\` ${BYTECODE}, and with a cache mount (line 3) but without UV_LINK_MODE=copy, so uv cannot hard-link from the mount and warns while falling back to copying. Add \`ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy\`.`,
          fixes: [{ title: 'Add ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy', safety: 'safe', output: 'FROM python:3.13-slim\r\nCOPY . .\r\nENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy\r\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\r\n' }],
        },
      ],
    },
    {
      name: 'a build stage counts (its venv is what the runtime copies)',
      code: 'FROM python:3.13-slim AS builder\nRUN uv sync --locked\nFROM python:3.13-slim\nCOPY --from=builder /app /app\n',
      findings: [{ range: '2:5-2:21', fixes: [{ safety: 'safe', output: 'FROM python:3.13-slim AS builder\nENV UV_COMPILE_BYTECODE=1\nRUN uv sync --locked\nFROM python:3.13-slim\nCOPY --from=builder /app /app\n' }] }],
    },
    {
      name: 'a heredoc sync',
      code: 'FROM python:3.13-slim\nRUN <<EOF\nset -e\nuv sync --locked\nEOF\n',
      findings: [{ range: '4:1-4:17', fixes: [{ safety: 'safe', output: 'FROM python:3.13-slim\nENV UV_COMPILE_BYTECODE=1\nRUN <<EOF\nset -e\nuv sync --locked\nEOF\n' }] }],
    },
    {
      name: 'the project is synced while only its manifests are copied',
      code: 'FROM python:3.13-slim\n' + ENV_OK + 'WORKDIR /app\nCOPY pyproject.toml uv.lock README.md ./\nRUN uv sync --locked\nCOPY . .\nRUN uv sync --locked\n',
      files: PACKAGE,
      findings: [
        {
          range: '5:5-5:21',
          message: '`uv sync` runs when only the manifests have been copied (pyproject.toml, uv.lock, README.md), but the project is a package (pyproject.toml has a [build-system]): uv tries to build and install it without its source. Add `--no-install-project` here and sync again after copying the source.',
          fixes: [{ title: 'Add --no-install-project', safety: 'safe', output: 'FROM python:3.13-slim\n' + ENV_OK + 'WORKDIR /app\nCOPY pyproject.toml uv.lock README.md ./\nRUN uv sync --locked --no-install-project\nCOPY . .\nRUN uv sync --locked\n' }],
        },
      ],
    },
    {
      name: 'bind-mounted manifests of a subfolder, a workspace: --no-install-workspace',
      code: 'FROM python:3.13-slim\n' + ENV_OK + 'RUN --mount=type=bind,source=backend/pyproject.toml,target=pyproject.toml --mount=type=bind,source=backend/uv.lock,target=uv.lock uv sync --frozen\n',
      files: { 'backend/pyproject.toml': '[project]\nname = "app"\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n' },
      findings: [{ range: '3:131-3:147', message: /but the project is a uv workspace whose members are packages: .* Add `--no-install-workspace` here/, fixes: [{ safety: 'safe', output: 'FROM python:3.13-slim\n' + ENV_OK + 'RUN --mount=type=bind,source=backend/pyproject.toml,target=pyproject.toml --mount=type=bind,source=backend/uv.lock,target=uv.lock uv sync --frozen --no-install-workspace\n' }] }],
    },
    {
      name: 'the final stage of a multi-stage build that keeps the dev image out',
      code: 'FROM python:3.13-slim AS dev\nRUN uv sync\nCMD ["fastapi", "dev"]\nFROM python:3.13-slim AS prod\nRUN uv sync --locked --no-dev\nCMD ["fastapi", "run"]\n',
      findings: [{ range: '5:5-5:30' }],
    },
  ],
});
