import rule from '../../../server/src/rules/dockerfile/healthcheck-tool-missing';
import { ruleTester } from '../helpers/rule-tester';

const APT_CURL = 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*';
const PY_PROBE = (url: string) => `["python", "-c", "import urllib.request; urllib.request.urlopen('${url}')"]`;
const NODE_PROBE = (url: string) => `["node", "-e", "fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]`;

/** The runner stage of the best-practices document, with its curl health check. */
const DOC_RUNNER = [
  'FROM python:3.13-slim AS runner',
  'COPY --from=builder /app/.venv /app/.venv',
  'RUN adduser --disabled-password --no-create-home appuser',
  'USER appuser',
  'EXPOSE 8000',
  'HEALTHCHECK --interval=30s --timeout=10s --retries=3 \\',
  '  CMD curl -f http://localhost:8000/health || exit 1',
  'CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]',
  '',
].join('\n');

ruleTester(rule, {
  valid: [
    { name: 'full Debian-based python image ships curl', code: 'FROM python:3.13\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\n' },
    { name: 'full node image ships wget', code: 'FROM node:22\nHEALTHCHECK CMD wget -q --spider http://localhost:3000/ || exit 1\n' },
    { name: 'slim image that installs curl with apt-get', code: 'FROM python:3.13-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\n' },
    { name: 'curl installed inside an if', code: 'FROM python:3.13-slim\nRUN apt-get update && if [ ! -x /usr/bin/curl ]; then apt-get install -y curl; fi\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n' },
    { name: 'curl installed in a heredoc RUN', code: 'FROM debian:bookworm-slim\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n' },
    { name: 'Alpine has busybox wget', code: 'FROM node:22-alpine\nHEALTHCHECK CMD wget -q --spider http://localhost:3000/ || exit 1\n' },
    { name: 'Alpine with curl added by apk', code: 'FROM alpine:3.24\nRUN apk add --no-cache curl\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n' },
    { name: 'a fallback to wget works on Alpine', code: 'FROM node:22-alpine\nHEALTHCHECK CMD curl -f http://localhost:3000/ || wget -q --spider http://localhost:3000/ || exit 1\n' },
    { name: 'Python probe on a slim image', code: `FROM python:3.13-slim\nHEALTHCHECK CMD ${PY_PROBE('http://localhost:8000/health')}\n` },
    { name: 'a curl check in a build stage does not ship', code: 'FROM python:3.13-slim AS test\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nFROM python:3.13\nCMD ["python"]\n' },
    { name: 'curl installed in the stage the final one builds on', code: 'FROM python:3.13-slim AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n' },
    { name: 'the base image resolved through an ARG is the full image', code: 'ARG PY=3.13\nFROM python:${PY}\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n' },
    { name: 'an unresolved base image is unknown', code: 'ARG BASE\nFROM ${BASE}\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n' },
    { name: 'an unknown image may ship curl', code: 'FROM mycompany/base:1.0\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n' },
    { name: 'a script may install anything', code: 'FROM python:3.13-slim\nCOPY install-tools.sh /tmp/\nRUN /tmp/install-tools.sh\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n' },
    { name: 'packages named by a variable', code: 'FROM debian:bookworm-slim\nARG PACKAGES\nRUN apt-get update && apt-get install -y $PACKAGES\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n' },
    { name: 'a RUN that calls curl proves it is there', code: 'FROM python:3.13-slim\nRUN curl -fsSL https://example.com/setup | sh\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n' },
    { name: 'curl copied in from another image', code: 'FROM python:3.13-slim\nCOPY --from=curlimages/curl:8.11.0 /usr/bin/curl /usr/bin/curl\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n' },
    { name: 'only the last HEALTHCHECK counts', code: `FROM python:3.13-slim\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nHEALTHCHECK CMD ${PY_PROBE('http://localhost/')}\n` },
    { name: 'HEALTHCHECK NONE', code: 'FROM python:3.13-slim\nHEALTHCHECK NONE\n' },
    { name: 'ONBUILD HEALTHCHECK runs in child images', code: 'FROM python:3.13-slim\nONBUILD HEALTHCHECK CMD curl -f http://localhost/ || exit 1\n' },
    { name: 'a check that calls neither curl nor wget', code: 'FROM python:3.13-slim\nHEALTHCHECK CMD pg_isready -U postgres || exit 1\n' },
    { name: 'half-typed: HEALTHCHECK CMD with no command', code: 'FROM python:3.13-slim\nHEALTHCHECK CMD\n' },
    { name: 'half-typed: HEALTHCHECK alone', code: 'FROM python:3.13-slim\nHEALTHCHECK\n' },
    { name: 'no FROM at all', code: 'HEALTHCHECK CMD curl -f http://localhost/\n' },
  ],
  invalid: [
    {
      name: "the best-practices document's pattern: curl on python:3.13-slim",
      code: DOC_RUNNER,
      findings: [
        {
          range: '7:7-7:43',
          message:
            'The HEALTHCHECK calls `curl`, which the final image does not have (`python:3.13-slim` is a slim Debian image: it ships neither curl nor wget). The check fails every time, so the container never becomes healthy.',
          fixes: [
            {
              title: "Probe with Python's urllib instead of curl",
              safety: 'safe',
              output: DOC_RUNNER.replace('CMD curl -f http://localhost:8000/health || exit 1', `CMD ${PY_PROBE('http://localhost:8000/health')}`),
            },
            {
              title: 'Install curl in the final stage (apt-get install curl)',
              safety: 'unsafe',
              output: DOC_RUNNER.replace('USER appuser\n', `${APT_CURL}\nUSER appuser\n`),
            },
          ],
        },
      ],
    },
    {
      name: 'CRLF line endings are kept',
      code: 'FROM python:3.13-slim\r\nHEALTHCHECK --interval=30s \\\r\n  CMD curl -fsS http://localhost:8000/ || exit 1\r\nCMD ["python", "app.py"]\r\n',
      findings: [
        {
          range: '3:7-3:39',
          fixes: [
            {
              safety: 'safe',
              output: `FROM python:3.13-slim\r\nHEALTHCHECK --interval=30s \\\r\n  CMD ${PY_PROBE('http://localhost:8000/')}\r\nCMD ["python", "app.py"]\r\n`,
            },
            {
              safety: 'unsafe',
              output: `FROM python:3.13-slim\r\n${APT_CURL}\r\nHEALTHCHECK --interval=30s \\\r\n  CMD curl -fsS http://localhost:8000/ || exit 1\r\nCMD ["python", "app.py"]\r\n`,
            },
          ],
        },
      ],
    },
    {
      name: 'Alpine has no curl: probe with Node fetch (node >= 18), or apk add curl',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nHEALTHCHECK CMD curl --fail http://localhost:3000 || exit 1\nCMD ["node", "server.js"]\n',
      findings: [
        {
          range: '4:17-4:50',
          message:
            'The HEALTHCHECK calls `curl`, which the final image does not have (Alpine-based `node:22-alpine` has busybox wget but no curl). The check fails every time, so the container never becomes healthy.',
          fixes: [
            {
              title: "Probe with Node's fetch instead of curl",
              safety: 'safe',
              output: `FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nHEALTHCHECK CMD ${NODE_PROBE('http://localhost:3000')}\nCMD ["node", "server.js"]\n`,
            },
            {
              title: 'Install curl in the final stage (apk add curl)',
              safety: 'unsafe',
              output: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN apk add --no-cache curl\nHEALTHCHECK CMD curl --fail http://localhost:3000 || exit 1\nCMD ["node", "server.js"]\n',
            },
          ],
        },
      ],
    },
    {
      name: 'Node 16 on Alpine has no fetch: busybox wget',
      code: 'FROM node:16-alpine\nHEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1\n',
      findings: [
        {
          range: '2:17-2:47',
          fixes: [
            { title: 'Probe with wget instead of curl', safety: 'safe', output: 'FROM node:16-alpine\nHEALTHCHECK CMD wget -q --spider http://localhost:3000/ || exit 1\n' },
            { safety: 'unsafe', output: 'FROM node:16-alpine\nRUN apk add --no-cache curl\nHEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1\n' },
          ],
        },
      ],
    },
    {
      name: 'wget on a slim image, exec form',
      code: 'FROM python:3.12-slim-bookworm\nHEALTHCHECK CMD ["wget", "-q", "-O", "/dev/null", "http://localhost:8000/"]\n',
      findings: [
        {
          range: '2:18-2:75',
          message: /^The HEALTHCHECK calls `wget`, which the final image does not have \(`python:3\.12-slim-bookworm` is a slim Debian image: it ships neither curl nor wget\)\./,
          fixes: [
            { title: "Probe with Python's urllib instead of wget", safety: 'safe', output: `FROM python:3.12-slim-bookworm\nHEALTHCHECK CMD ${PY_PROBE('http://localhost:8000/')}\n` },
            {
              title: 'Install wget in the final stage (apt-get install wget)',
              safety: 'unsafe',
              output: 'FROM python:3.12-slim-bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends wget && rm -rf /var/lib/apt/lists/*\nHEALTHCHECK CMD ["wget", "-q", "-O", "/dev/null", "http://localhost:8000/"]\n',
            },
          ],
        },
      ],
    },
    {
      name: 'curl without -f accepted HTTP errors: the rewrite is unsafe',
      code: 'FROM python:3.13-slim\nHEALTHCHECK CMD curl -s http://localhost:8000/ping\n',
      findings: [
        {
          range: '2:17-2:51',
          fixes: [
            {
              title: "Probe with Python's urllib instead of curl (it fails on HTTP errors, which curl without -f accepted)",
              safety: 'unsafe',
              output: `FROM python:3.13-slim\nHEALTHCHECK CMD ${PY_PROBE('http://localhost:8000/ping')}\n`,
            },
            { safety: 'unsafe' },
          ],
        },
      ],
    },
    {
      name: 'a URL with a variable: the probe keeps the shell form',
      code: 'FROM python:3.13-slim\nENV PORT=8000\nHEALTHCHECK CMD curl -f http://localhost:${PORT}/health || exit 1\n',
      findings: [
        {
          range: '3:17-3:56',
          fixes: [
            {
              safety: 'safe',
              output: 'FROM python:3.13-slim\nENV PORT=8000\nHEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen(\'http://localhost:${PORT}/health\')"\n',
            },
            { safety: 'unsafe' },
          ],
        },
      ],
    },
    {
      name: 'options a plain probe cannot keep (a header): only the install',
      code: 'FROM python:3.13-slim\nHEALTHCHECK CMD curl -f -H "Host: api" http://localhost:8000/ || exit 1\n',
      findings: [
        {
          range: '2:17-2:62',
          message: /The check fails every time, so the container never becomes healthy\. Install curl in the final stage, or probe with a runtime the image has\.$/,
          fixes: [{ title: 'Install curl in the final stage (apt-get install curl)', safety: 'unsafe' }],
        },
      ],
    },
    {
      name: 'a continuation inside the probe',
      code: 'FROM python:3.13-slim\nHEALTHCHECK --interval=30s CMD curl -f \\\n    http://localhost:8000/ || exit 1\n',
      findings: [
        {
          range: '2:32-3:27',
          fixes: [
            { safety: 'safe', output: `FROM python:3.13-slim\nHEALTHCHECK --interval=30s CMD ${PY_PROBE('http://localhost:8000/')}\n` },
            { safety: 'unsafe' },
          ],
        },
      ],
    },
    {
      name: 'sh -c in exec form: the script is reported, no rewrite',
      code: 'FROM python:3.13-slim\nHEALTHCHECK CMD ["sh", "-c", "curl -f http://localhost:8000/ || exit 1"]\n',
      findings: [{ range: '2:30-2:72', fixes: [{ title: 'Install curl in the final stage (apt-get install curl)', safety: 'unsafe' }] }],
    },
    {
      name: 'curl removed after use',
      code: 'FROM python:3.13\nRUN apt-get purge -y curl\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n',
      findings: [
        {
          range: '3:17-3:42',
          message: /^The HEALTHCHECK calls `curl`, which the final image does not have \(removed on line 2\)\./,
          fixes: [
            { safety: 'safe', output: `FROM python:3.13\nRUN apt-get purge -y curl\nHEALTHCHECK CMD ${PY_PROBE('http://localhost/')}\n` },
            { safety: 'unsafe', output: `FROM python:3.13\nRUN apt-get purge -y curl\n${APT_CURL}\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n` },
          ],
        },
      ],
    },
    {
      name: 'curl installed in an apk virtual group, then the group deleted',
      code: 'FROM alpine:3.24\nRUN apk add --no-cache --virtual .fetch curl && curl -fsSLo /tmp/x https://example.com/x && apk del .fetch\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n',
      findings: [
        {
          range: '3:17-3:42',
          message: /\(removed on line 2\)/,
          fixes: [
            { title: 'Probe with wget instead of curl', safety: 'safe', output: 'FROM alpine:3.24\nRUN apk add --no-cache --virtual .fetch curl && curl -fsSLo /tmp/x https://example.com/x && apk del .fetch\nHEALTHCHECK CMD wget -q --spider http://localhost/ || exit 1\n' },
            { safety: 'unsafe' },
          ],
        },
      ],
    },
    {
      name: 'a check inherited from a parent stage: the install goes before CMD',
      code: 'FROM python:3.13-slim AS base\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\nFROM base\nCOPY . /app\nCMD ["python", "/app/main.py"]\n',
      findings: [
        {
          range: '2:17-2:47',
          fixes: [
            { safety: 'safe', output: `FROM python:3.13-slim AS base\nHEALTHCHECK CMD ${PY_PROBE('http://localhost:8000/')}\nFROM base\nCOPY . /app\nCMD ["python", "/app/main.py"]\n` },
            { safety: 'unsafe', output: `FROM python:3.13-slim AS base\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\nFROM base\nCOPY . /app\n${APT_CURL}\nCMD ["python", "/app/main.py"]\n` },
          ],
        },
      ],
    },
    {
      name: 'the final stage starts as a non-root user from its parent: no install',
      code: 'FROM python:3.13-slim AS base\nUSER nobody\nFROM base\nHEALTHCHECK CMD curl -fsS http://localhost:8000/ || exit 1\n',
      findings: [{ range: '4:17-4:49', fixes: [{ safety: 'safe', output: `FROM python:3.13-slim AS base\nUSER nobody\nFROM base\nHEALTHCHECK CMD ${PY_PROBE('http://localhost:8000/')}\n` }] }],
    },
    {
      name: 'Ubuntu has no curl, wget or Python: only the install',
      code: 'FROM ubuntu:24.04\nCOPY app /usr/local/bin/app\nHEALTHCHECK CMD wget -qO- http://localhost:8080/healthz || exit 1\nCMD ["app"]\n',
      findings: [
        {
          range: '3:17-3:56',
          message:
            'The HEALTHCHECK calls `wget`, which the final image does not have (`ubuntu:24.04` is a minimal Ubuntu image: it ships neither curl nor wget). The check fails every time, so the container never becomes healthy. Install wget in the final stage, or probe with a runtime the image has.',
          fixes: [
            {
              safety: 'unsafe',
              output: 'FROM ubuntu:24.04\nCOPY app /usr/local/bin/app\nRUN apt-get update && apt-get install -y --no-install-recommends wget && rm -rf /var/lib/apt/lists/*\nHEALTHCHECK CMD wget -qO- http://localhost:8080/healthz || exit 1\nCMD ["app"]\n',
            },
          ],
        },
      ],
    },
    {
      name: 'distroless: exec-form curl, no edit',
      code: 'FROM golang:1.27 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nHEALTHCHECK CMD ["curl", "-f", "http://localhost:8080/"]\nENTRYPOINT ["/app"]\n',
      findings: [
        {
          range: '5:18-5:56',
          message:
            'The HEALTHCHECK calls `curl`, which the final image does not have (distroless `gcr.io/distroless/static-debian12` has no shell, no curl and no wget). The check fails every time, so the container never becomes healthy. No edit is offered: this image has no shell and no HTTP client. Build a probe into the application (e.g. a `healthcheck` subcommand) and call it in exec form, `HEALTHCHECK CMD ["/app", "healthcheck"]`, or leave health checks to the orchestrator.',
          fixes: [],
        },
      ],
    },
    {
      name: 'distroless: the shell form needs /bin/sh',
      code: 'FROM gcr.io/distroless/python3-debian12\nCOPY app.py /app.py\nHEALTHCHECK CMD python3 /app.py --check || exit 1\n',
      findings: [
        {
          range: '3:17-3:50',
          message: /^The HEALTHCHECK uses the shell form, which runs `\/bin\/sh -c`, but the final image has no shell \(distroless `gcr\.io\/distroless\/python3-debian12` has no shell, no curl and no wget\)\. The check fails every time/,
          fixes: [],
        },
      ],
    },
    {
      name: 'scratch: shell form with curl',
      code: 'FROM scratch\nCOPY server /server\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nENTRYPOINT ["/server"]\n',
      findings: [
        {
          range: '3:17-3:52',
          message: /^The HEALTHCHECK uses the shell form, which runs `\/bin\/sh -c`, but the final image has no shell \(`scratch` is an empty image: no shell, no curl, no wget\), and it has no curl either\./,
          fixes: [],
        },
      ],
    },
  ],
});
