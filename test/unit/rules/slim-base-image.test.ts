import * as assert from 'node:assert/strict';
import rule, { slimTag } from '../../../server/src/rules/dockerfile/slim-base-image';
import { ruleTester } from '../helpers/rule-tester';

const FULL = 'the full Debian image with compilers, headers and version-control tools (about 1 GB)';
const APP = 'WORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python", "app.py"]\n';

describe('slimTag', () => {
  const cases: [string, string, string | undefined][] = [
    ['python', '3.13', '3.13-slim'],
    ['python', '3.13.2', '3.13.2-slim'],
    ['python', '3', '3-slim'],
    ['python', '3.13-bookworm', '3.13-slim-bookworm'],
    ['python', 'bookworm', 'slim-bookworm'],
    ['python', '3.13-slim', undefined],
    ['python', '3.13-alpine', undefined],
    ['python', '3.13-windowsservercore', undefined],
    ['node', '22', '22-slim'],
    ['node', '22-bookworm', '22-bookworm-slim'],
    ['node', 'lts', 'lts-slim'],
    ['node', 'jod', 'jod-slim'],
    ['node', '22-alpine', undefined],
    ['ruby', '3.4', '3.4-slim'],
    ['ruby', '3.4-trixie', '3.4-slim-trixie'],
    ['debian', 'bookworm', undefined],
  ];
  for (const [name, tag, want] of cases) it(`${name}:${tag}`, () => assert.equal(slimTag(name, tag), want));
});

ruleTester(rule, {
  valid: [
    { name: 'slim', code: 'FROM python:3.13-slim\n' + APP },
    { name: 'alpine', code: 'FROM node:22-alpine\nCMD ["node", "server.js"]\n' },
    { name: 'no tag is pin-image-tag\'s finding', code: 'FROM python\n' + APP },
    { name: 'latest is pin-image-tag\'s finding', code: 'FROM node:latest\nCMD ["node", "server.js"]\n' },
    { name: 'a full build stage, a slim final stage', code: 'FROM python:3.13 AS build\nRUN pip wheel -r requirements.txt -w /wheels\nFROM python:3.13-slim\nCOPY --from=build /wheels /wheels\nCMD ["python", "app.py"]\n' },
    { name: 'no CMD or ENTRYPOINT: a base or toolchain image', code: 'FROM python:3.13\nRUN pip install tox\n' },
    { name: 'a development image', code: 'FROM node:22\nRUN npm ci\nCMD ["npm", "run", "dev"]\n' },
    { name: 'a dev container', file: '.devcontainer/Dockerfile', code: 'FROM python:3.13\nCMD ["sleep", "infinity"]\n' },
    { name: 'images without a slim variant are not this rule\'s', code: 'FROM debian:bookworm\nCMD ["bash"]\n' },
    { name: 'golang that builds is multi-stage-build\'s finding', code: 'FROM golang:1.27\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n' },
    { name: 'golang running go is a development image', code: 'FROM golang:1.27\nCOPY . .\nCMD ["go", "run", "."]\n' },
    { name: 'unknown base image', code: 'ARG BASE\nFROM ${BASE}\nCMD ["x"]\n' },
    { name: 'an unresolved tag', code: 'ARG PY\nFROM python:${PY}\nCMD ["python"]\n' },
  ],
  invalid: [
    {
      name: 'python:3.13 in the final stage',
      code: 'FROM python:3.13\n' + APP,
      findings: [
        {
          range: '1:6-1:17',
          message: `The final image runs on \`python:3.13\`, ${FULL}; \`python:3.13-slim\` has the same Python without them.`,
          fixes: [{ title: 'Use python:3.13-slim', safety: 'unsafe', output: 'FROM python:3.13-slim\n' + APP }],
        },
      ],
    },
    {
      name: 'node: slim first, Alpine second',
      code: 'FROM node:22 AS runner\nCMD ["node", "server.js"]\n',
      findings: [
        {
          range: '1:6-1:13',
          message: `The final image runs on \`node:22\`, ${FULL}; \`node:22-slim\` has the same Node.js without them.`,
          fixes: [
            { title: 'Use node:22-slim', safety: 'unsafe', output: 'FROM node:22-slim AS runner\nCMD ["node", "server.js"]\n' },
            { title: 'Use node:22-alpine (Alpine: musl libc, no bash)', safety: 'unsafe', output: 'FROM node:22-alpine AS runner\nCMD ["node", "server.js"]\n' },
          ],
        },
      ],
    },
    {
      name: 'a Debian suite in the tag',
      code: 'FROM docker.io/library/python:3.12-bookworm\nCMD ["python"]\n',
      findings: [{ range: '1:6-1:44', fixes: [{ title: 'Use docker.io/library/python:3.12-slim-bookworm', safety: 'unsafe', output: 'FROM docker.io/library/python:3.12-slim-bookworm\nCMD ["python"]\n' }] }],
    },
    {
      name: "the document's health check with curl, and git in a RUN: the message warns",
      code: 'FROM python:3.13\nRUN git clone https://example.com/x.git /x\nHEALTHCHECK --interval=30s --timeout=10s --retries=3 \\\n  CMD curl -f http://localhost:8000/health || exit 1\nCMD ["uvicorn", "main:app"]\n',
      findings: [
        {
          range: '1:6-1:17',
          message: `The final image runs on \`python:3.13\`, ${FULL}; \`python:3.13-slim\` has the same Python without them. The stage uses git (line 2) and curl (line 4, HEALTHCHECK), which \`python:3.13-slim\` does not have: install them in the stage or use another tool.`,
          fixes: [{ title: 'Use python:3.13-slim (check: git and curl missing there)', safety: 'unsafe' }],
        },
      ],
    },
    {
      name: 'tools installed in the stage are fine on slim',
      code: 'FROM python:3.13\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nCMD ["python", "app.py"]\n',
      findings: [{ range: '1:6-1:17', message: `The final image runs on \`python:3.13\`, ${FULL}; \`python:3.13-slim\` has the same Python without them.`, fixes: [{ title: 'Use python:3.13-slim', safety: 'unsafe' }] }],
    },
    {
      name: 'build headers without a compiler',
      code: 'FROM python:3.12\nRUN apt-get update && apt-get install -y libpq-dev\nRUN pip install psycopg2\nCMD ["python", "app.py"]\n',
      findings: [
        {
          range: '1:6-1:17',
          message: `The final image runs on \`python:3.12\`, ${FULL}; \`python:3.12-slim\` has the same Python without them. It installs libpq-dev (line 2) to build native extensions, and \`python:3.12-slim\` has no compiler: add build-essential to that install, or build in a separate stage.`,
          fixes: [{ title: 'Use python:3.12-slim (check: a compiler missing there)', safety: 'unsafe' }],
        },
      ],
    },
    {
      name: 'the final stage builds on a base stage: the base FROM is edited',
      code: 'FROM ruby:3.4 AS base\nWORKDIR /app\nFROM base\nCMD ["ruby", "app.rb"]\n',
      findings: [{ range: '1:6-1:14', fixes: [{ title: 'Use ruby:3.4-slim', safety: 'unsafe', output: 'FROM ruby:3.4-slim AS base\nWORKDIR /app\nFROM base\nCMD ["ruby", "app.rb"]\n' }] }],
    },
    {
      name: 'a build stage shares the base: no edit',
      code: 'FROM python:3.13 AS base\nFROM base AS build\nRUN pip wheel . -w /w\nFROM base\nCOPY --from=build /w /w\nCMD ["python"]\n',
      findings: [{ range: '1:6-1:17', message: /No edit is offered: stage `build` also builds on `python:3\.13` and may need its tools; start the final stage from `python:3\.13-slim` instead\.$/, fixes: [] }],
    },
    {
      name: 'the tag from an ARG: the suffix goes after the variable',
      code: 'ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}\nCMD ["node", "server.js"]\n',
      findings: [
        {
          range: '2:6-2:26',
          fixes: [
            { safety: 'unsafe', output: 'ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}-slim\nCMD ["node", "server.js"]\n' },
            { safety: 'unsafe', output: 'ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}-alpine\nCMD ["node", "server.js"]\n' },
          ],
        },
      ],
    },
    {
      name: 'a suite tag from an ARG used only here: the ARG default is edited',
      code: 'ARG PY_TAG="3.13-bookworm"\nFROM python:$PY_TAG\nCMD ["python"]\n',
      findings: [{ range: '2:6-2:20', fixes: [{ safety: 'unsafe', output: 'ARG PY_TAG="3.13-slim-bookworm"\nFROM python:$PY_TAG\nCMD ["python"]\n' }] }],
    },
    {
      name: 'the whole image from an ARG',
      code: 'ARG BASE=python:3.13\nFROM ${BASE}\nCMD ["python"]\n',
      findings: [{ range: '2:6-2:13', message: /^The final image runs on `python:3\.13`/, fixes: [{ safety: 'unsafe', output: 'ARG BASE=python:3.13-slim\nFROM ${BASE}\nCMD ["python"]\n' }] }],
    },
    {
      name: 'an ARG used elsewhere too: no edit',
      code: 'ARG TAG=3.13-bookworm\nFROM python:${TAG} AS build\nFROM python:${TAG}\nCMD ["python"]\n',
      findings: [{ range: '3:6-3:19', message: /No edit is offered: the tag comes from a build argument that is used elsewhere too\.$/, fixes: [] }],
    },
    {
      name: 'golang as a runtime: a small Debian image instead',
      code: 'FROM golang:1.27 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM golang:1.27\nCOPY --from=build /out/app /app\nCMD ["/app"]\n',
      findings: [
        {
          range: '5:6-5:17',
          message: 'The final image runs a compiled program on `golang:1.27`, the whole Go toolchain (about 800 MB). Run it on a small runtime image such as `debian:trixie-slim` (or distroless/scratch for a static binary). debian:trixie-slim has no CA certificates: install ca-certificates if the program makes TLS connections.',
          fixes: [{ title: 'Use debian:trixie-slim (check: CA certificates)', safety: 'unsafe', output: 'FROM golang:1.27 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM debian:trixie-slim\nCOPY --from=build /out/app /app\nCMD ["/app"]\n' }],
        },
      ],
    },
    {
      name: 'golang on Alpine as a runtime, CRLF',
      code: 'FROM golang:1.27-alpine AS build\r\nRUN go build -o /app .\r\nFROM golang:1.27-alpine\r\nCOPY --from=build /app /app\r\nENTRYPOINT ["/app"]\r\n',
      findings: [{ range: '3:6-3:24', fixes: [{ title: 'Use alpine:3.24', safety: 'unsafe', output: 'FROM golang:1.27-alpine AS build\r\nRUN go build -o /app .\r\nFROM alpine:3.24\r\nCOPY --from=build /app /app\r\nENTRYPOINT ["/app"]\r\n' }] }],
    },
    {
      name: 'pinned by digest: no edit',
      code: 'FROM node:22@sha256:0123456789abcdef\nCMD ["node"]\n',
      findings: [{ range: '1:6-1:37', message: /No edit is offered: the image is pinned by digest; pick the digest of the slim tag\.$/, fixes: [] }],
    },
    {
      name: 'a heredoc RUN and continuation lines do not hide tool use',
      code: 'FROM python:3.13\nRUN <<EOF\nset -e\nwget -q https://example.com/x.tgz\nEOF\nRUN pip install \\\n    flask\nCMD ["python"]\n',
      findings: [{ range: '1:6-1:17', message: /The stage uses wget \(line 4\), which `python:3\.13-slim` does not have/ }],
    },
  ],
});
