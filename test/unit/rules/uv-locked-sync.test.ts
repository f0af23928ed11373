import rule from '../../../server/src/rules/dockerfile/uv-locked-sync';
import { ruleTester } from '../helpers/rule-tester';

const UV = { 'pyproject.toml': '[project]\nname = "app"\nversion = "0.1.0"\n', 'uv.lock': 'version = 1\n' };
const MSG = '`uv sync` runs without `--locked`: when uv.lock is out of date, uv re-resolves and installs versions nobody tested.';
const ADD = ' Add `--locked` to fail the build instead (or `--frozen` to install the lock as it is).';

ruleTester(rule, {
  valid: [
    { name: '--locked', code: 'FROM python:3.13-slim\nRUN uv sync --locked\n' },
    { name: '--frozen', code: 'FROM python:3.13-slim\nRUN uv sync --frozen --no-dev\n' },
    { name: 'UV_LOCKED in the environment', code: 'FROM python:3.13-slim\nENV UV_LOCKED=1\nRUN uv sync\n' },
    { name: 'UV_FROZEN inherited from the parent stage', code: 'FROM python:3.13-slim AS base\nENV UV_FROZEN=true\nFROM base\nRUN uv sync\n' },
    { name: 'UV_FROZEN as a build argument', code: 'FROM python:3.13-slim\nARG UV_FROZEN=1\nRUN uv sync\n' },
    { name: 'an ARG without a default is unknown', code: 'FROM python:3.13-slim\nARG UV_LOCKED\nRUN uv sync\n' },
    { name: 'inline assignment', code: 'FROM python:3.13-slim\nRUN UV_LOCKED=1 uv sync\n' },
    { name: 'export earlier in the RUN', code: 'FROM python:3.13-slim\nRUN export UV_FROZEN=1 && uv sync\n' },
    { name: 'flags from a variable may hold --frozen', code: 'FROM python:3.13-slim\nARG UV_OPTIONS="--frozen"\nRUN uv sync $UV_OPTIONS\n' },
    { name: 'uv pip install is not uv sync', code: 'FROM python:3.13-slim\nRUN uv pip install -r requirements.txt\n' },
    { name: 'uv sync --check changes nothing', code: 'FROM python:3.13-slim\nRUN uv sync --check\n' },
    { name: 'ONBUILD runs elsewhere', code: 'FROM python:3.13-slim\nONBUILD RUN uv sync\n' },
    { name: 'the lock file in a heredoc script, locked', code: 'FROM python:3.13-slim\nRUN <<EOF\nset -e\nuv sync --locked\nEOF\n' },
    { name: 'half-typed RUN', code: 'FROM python:3.13-slim\nRUN uv\n' },
  ],
  invalid: [
    {
      name: 'a broad copy with uv.lock in the context: --locked is safe',
      code: 'FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN uv sync --no-dev\n',
      files: UV,
      findings: [{ range: '4:5-4:21', message: MSG + ADD, fixes: [{ title: 'Add --locked', safety: 'safe', output: 'FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN uv sync --no-dev --locked\n' }] }],
    },
    {
      name: 'the lock copied explicitly: safe even without seeing the context',
      code: 'FROM python:3.13-slim\nCOPY pyproject.toml uv.lock ./\nRUN uv sync\n',
      findings: [{ range: '3:5-3:12', fixes: [{ safety: 'safe', output: 'FROM python:3.13-slim\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked\n' }] }],
    },
    {
      name: 'nothing known about the lock file: unsafe',
      code: 'FROM python:3.13-slim\nCOPY . .\nRUN uv sync\n',
      findings: [{ range: '3:5-3:12', fixes: [{ safety: 'unsafe', output: 'FROM python:3.13-slim\nCOPY . .\nRUN uv sync --locked\n' }] }],
    },
    {
      name: 'only pyproject.toml is copied: the fix copies uv.lock too',
      code: 'FROM python:3.13-slim\nWORKDIR /app\nCOPY pyproject.toml ./\nRUN uv sync --no-install-project\n',
      files: UV,
      findings: [
        {
          range: '4:5-4:33',
          message: MSG + ' uv.lock is not copied before it (line 3 copies pyproject.toml alone): copy it too and add `--locked`.',
          fixes: [
            {
              title: 'Copy uv.lock with pyproject.toml and add --locked',
              safety: 'safe',
              output: 'FROM python:3.13-slim\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --no-install-project --locked\n',
            },
          ],
        },
      ],
    },
    {
      name: 'pyproject.toml of a subfolder, exec-form COPY',
      code: 'FROM python:3.13-slim\nCOPY ["backend/pyproject.toml", "./"]\nRUN uv sync\n',
      findings: [{ range: '3:5-3:12', fixes: [{ title: 'Copy backend/uv.lock with pyproject.toml and add --locked', safety: 'unsafe', output: 'FROM python:3.13-slim\nCOPY ["backend/pyproject.toml", "backend/uv.lock", "./"]\nRUN uv sync --locked\n' }] }],
    },
    {
      name: 'no uv.lock in the build context: no edit, the message says what to do',
      code: 'FROM python:3.13-slim\nCOPY . .\nRUN uv sync\n',
      files: { 'pyproject.toml': '[project]\nname = "app"\n' },
      findings: [{ range: '3:5-3:12', message: MSG + ' There is no uv.lock in the build context: run `uv lock`, commit the lock file and copy it with pyproject.toml; no edit is offered until it exists.', fixes: [] }],
    },
    {
      name: 'every stage counts, and a bind-mounted lock file is copied',
      code: 'FROM python:3.13-slim AS build\nRUN --mount=type=bind,source=uv.lock,target=uv.lock --mount=type=bind,source=pyproject.toml,target=pyproject.toml uv sync --no-install-project\nFROM python:3.13-slim\nCOPY --from=build /app /app\n',
      findings: [{ range: '2:115-2:143', fixes: [{ safety: 'safe' }] }],
    },
    {
      name: 'exec form',
      code: 'FROM python:3.13-slim\nCOPY pyproject.toml uv.lock ./\nRUN ["uv", "sync", "--no-dev"]\n',
      findings: [{ range: '3:6-3:30', fixes: [{ safety: 'safe', output: 'FROM python:3.13-slim\nCOPY pyproject.toml uv.lock ./\nRUN ["uv", "sync", "--no-dev", "--locked"]\n' }] }],
    },
    {
      name: 'continuation lines and CRLF',
      code: 'FROM python:3.13-slim\r\nCOPY pyproject.toml uv.lock ./\r\nRUN --mount=type=cache,target=/root/.cache/uv \\\r\n    uv sync \\\r\n      --no-dev\r\n',
      findings: [{ range: '4:5-5:15', fixes: [{ safety: 'safe', output: 'FROM python:3.13-slim\r\nCOPY pyproject.toml uv.lock ./\r\nRUN --mount=type=cache,target=/root/.cache/uv \\\r\n    uv sync \\\r\n      --no-dev --locked\r\n' }] }],
    },
    {
      name: 'heredoc script',
      code: 'FROM python:3.13-slim\nCOPY pyproject.toml uv.lock ./\nRUN <<EOF\nset -e\nuv sync --no-dev\nEOF\n',
      findings: [{ range: '5:1-5:17', fixes: [{ safety: 'safe', output: 'FROM python:3.13-slim\nCOPY pyproject.toml uv.lock ./\nRUN <<EOF\nset -e\nuv sync --no-dev --locked\nEOF\n' }] }],
    },
    {
      name: 'an ENV UV_LOCKED set after the sync does not count',
      code: 'FROM python:3.13-slim\nCOPY pyproject.toml uv.lock ./\nRUN uv sync\nENV UV_LOCKED=1\n',
      findings: [{ range: '3:5-3:12' }],
    },
    {
      name: 'UV_LOCKED=0 is off',
      code: 'FROM python:3.13-slim\nENV UV_LOCKED=0\nCOPY pyproject.toml uv.lock ./\nRUN uv sync\n',
      findings: [{ range: '4:5-4:12' }],
    },
  ],
});
