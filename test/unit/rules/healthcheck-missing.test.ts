import rule from '../../../server/src/rules/dockerfile/healthcheck-missing';
import { ruleTester } from '../helpers/rule-tester';

const TIMINGS = 'HEALTHCHECK --interval=30s --timeout=10s --retries=3';
const PY = (url: string) => `${TIMINGS} \\\n  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('${url}')"]\n`;
const NODE = (url: string) => `${TIMINGS} \\\n  CMD ["node", "-e", "fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]\n`;
const MESSAGE = (what: string) =>
  `The final image serves ${what} but defines no HEALTHCHECK: Docker cannot tell a hung server from a healthy one, and Compose cannot wait for it with \`condition: service_healthy\`. Add one, or \`HEALTHCHECK NONE\` if an orchestrator probes it instead.`;

/** The runner stage of the best-practices document's Python + uv pattern, without its health check. */
const UV_RUNNER = [
  'FROM python:3.13-slim AS builder',
  'WORKDIR /app',
  'COPY . .',
  'RUN uv sync --no-dev --locked --no-editable',
  '',
  'FROM python:3.13-slim AS runner',
  'COPY --from=builder /app/.venv /app/.venv',
  'ENV PATH="/app/.venv/bin:$PATH"',
  'USER appuser',
  'WORKDIR /app',
  'COPY --from=builder /app .',
  'EXPOSE 8000',
  'CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]',
  '',
].join('\n');

const NEXT_RUNNER = [
  'FROM node:22-alpine AS runner',
  'WORKDIR /app',
  'USER node',
  'COPY --from=builder /app/.next/standalone ./',
  'COPY --from=builder /app/.next/static ./.next/static',
  'EXPOSE 3000',
  'ENV PORT=3000 HOSTNAME="0.0.0.0"',
  'CMD ["node", "server.js"]',
  '',
].join('\n');

ruleTester(rule, {
  valid: [
    { name: 'a HEALTHCHECK in the final stage', code: `FROM python:3.13-slim\nCOPY . /app\nEXPOSE 8000\n${PY('http://127.0.0.1:8000/')}CMD ["uvicorn", "main:app"]\n` },
    { name: 'a HEALTHCHECK inherited from the stage it builds on', code: 'FROM node:22-alpine AS base\nHEALTHCHECK CMD wget -q --spider http://127.0.0.1:3000/ || exit 1\nFROM base\nCOPY . .\nEXPOSE 3000\nCMD ["node", "server.js"]\n' },
    { name: 'HEALTHCHECK NONE is a decision', code: 'FROM python:3.13-slim\nCOPY . /app\nEXPOSE 8000\nHEALTHCHECK NONE\nCMD ["uvicorn", "main:app"]\n' },
    { name: 'nothing served: a command-line tool', code: 'FROM python:3.13-slim\nCOPY . /app\nENTRYPOINT ["python", "/app/cli.py"]\n' },
    { name: 'an unknown base image may define its own HEALTHCHECK', code: 'FROM mycompany/python-service:3\nCOPY . /app\nEXPOSE 8000\nCMD ["uvicorn", "main:app"]\n' },
    { name: 'an unresolved base image', code: 'ARG BASE\nFROM ${BASE}\nCOPY . /app\nEXPOSE 8000\n' },
    { name: 'EXPOSE in a build stage the final one does not build on', code: 'FROM node:22 AS build\nEXPOSE 3000\nRUN npm run build\nFROM alpine:3.24\nCOPY --from=build /app/dist /srv\nCMD ["/srv/tool"]\n' },
    { name: 'a database port: its check belongs in the Compose file', code: 'FROM postgres:17\nCOPY init.sql /docker-entrypoint-initdb.d/\nEXPOSE 5432\n' },
    { name: 'only UDP exposed', code: 'FROM alpine:3.24\nCOPY app /srv/app\nEXPOSE 5353/udp\nCMD ["/srv/app"]\n' },
    { name: 'a dev stage (dev server with --reload)', code: 'FROM python:3.13 AS dev\nCOPY . /app\nEXPOSE 8000\nCMD ["uvicorn", "main:app", "--reload"]\n' },
    { name: 'a Docker Dev Environments stage (dev-envs) built on the app', code: 'FROM python:3.13-alpine AS builder\nCOPY . /app\nEXPOSE 8000\nCMD ["gunicorn", "app:app"]\nFROM builder AS dev-envs\nRUN apk add git\nCMD ["gunicorn", "app:app"]\n' },
    { name: 'a dev container', file: '.devcontainer/Dockerfile', code: 'FROM node:22\nCOPY . /workspace\nEXPOSE 3000\n' },
    { name: 'a packaged server without an application is a base image', code: 'FROM nginx:1.27\nCOPY nginx.conf /etc/nginx/conf.d/default.conf\nCOPY docker-entrypoint.sh /\n' },
    { name: 'ONBUILD EXPOSE applies to child images', code: 'FROM python:3.13\nCOPY . /app\nONBUILD EXPOSE 8000\n' },
    { name: 'Windows images', code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY app /app\nEXPOSE 80\n' },
    { name: 'half-typed: EXPOSE with no port', code: 'FROM python:3.13\nCOPY . /app\nEXPOSE\n' },
    { name: 'no FROM at all', code: 'EXPOSE 80\n' },
  ],
  invalid: [
    {
      name: "the document's Python + uv runner: Python's urllib, before CMD",
      code: UV_RUNNER,
      findings: [
        {
          range: '6:1-6:32',
          message: MESSAGE('port 8000 (`uvicorn`)'),
          fixes: [
            {
              title: "Add a HEALTHCHECK that requests http://127.0.0.1:8000/ with Python's urllib",
              safety: 'unsafe',
              output: UV_RUNNER.replace('CMD ["uvicorn"', `${PY('http://127.0.0.1:8000/')}CMD ["uvicorn"`),
            },
          ],
        },
      ],
    },
    {
      name: "the document's Next.js runner: Node's fetch",
      code: NEXT_RUNNER,
      findings: [
        {
          range: '1:1-1:30',
          message: MESSAGE('port 3000 (`node server.js`)'),
          fixes: [{ title: "Add a HEALTHCHECK that requests http://127.0.0.1:3000/ with Node's fetch", safety: 'unsafe', output: NEXT_RUNNER.replace('CMD ["node"', `${NODE('http://127.0.0.1:3000/')}CMD ["node"`) }],
        },
      ],
    },
    {
      name: 'Next.js standalone without EXPOSE or PORT: server.js listens on 3000',
      code: 'FROM node:22-alpine\nCOPY --from=builder /app/.next/standalone ./\nCMD ["node", "server.js"]\n',
      findings: [{ range: '1:1-1:20', message: MESSAGE('port 3000 (`node server.js`)'), fixes: [{ safety: 'unsafe', output: `FROM node:22-alpine\nCOPY --from=builder /app/.next/standalone ./\n${NODE('http://127.0.0.1:3000/')}CMD ["node", "server.js"]\n` }] }],
    },
    {
      name: 'Alpine without a runtime: busybox wget, appended when there is no CMD',
      code: 'FROM alpine:3.24\nCOPY server /usr/local/share/app/server\nEXPOSE 8080',
      findings: [
        {
          range: '1:1-1:17',
          message: MESSAGE('port 8080 (EXPOSE)'),
          fixes: [{ title: 'Add a HEALTHCHECK that requests http://127.0.0.1:8080/ with wget', safety: 'unsafe', output: `FROM alpine:3.24\nCOPY server /usr/local/share/app/server\nEXPOSE 8080\n${TIMINGS} \\\n  CMD wget -q --spider http://127.0.0.1:8080/ || exit 1` }],
        },
      ],
    },
    {
      name: 'a site served by the nginx base image: port 80, curl',
      code: 'FROM node:22 AS build\nRUN npm run build\nFROM nginx:1.27-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\n',
      findings: [
        {
          range: '3:1-3:23',
          message: MESSAGE('port 80 (`nginx`)'),
          fixes: [{ safety: 'unsafe', output: `FROM node:22 AS build\nRUN npm run build\nFROM nginx:1.27-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\n${TIMINGS} \\\n  CMD curl -f http://127.0.0.1:80/ || exit 1\n` }],
        },
      ],
    },
    {
      name: "a node image that also installs Python: the image's own runtime probes",
      code: 'FROM node:24-alpine\nRUN apk add --no-cache python3 make g++\nCOPY . .\nEXPOSE 3000\nCMD ["npm", "start"]\n',
      findings: [{ range: '1:1-1:20', fixes: [{ title: "Add a HEALTHCHECK that requests http://127.0.0.1:3000/ with Node's fetch", safety: 'unsafe' }] }],
    },
    {
      name: 'an old nginx Alpine release: busybox wget, not curl',
      code: 'FROM nginx:1.13-alpine\nCOPY build /usr/share/nginx/html\nEXPOSE 80\nCMD ["nginx", "-g", "daemon off;"]\n',
      findings: [{ range: '1:1-1:23', message: MESSAGE('port 80 (`nginx`)'), fixes: [{ title: 'Add a HEALTHCHECK that requests http://127.0.0.1:80/ with wget', safety: 'unsafe' }] }],
    },
    {
      name: 'gunicorn --bind: the port comes from the bind address',
      code: 'FROM python:3.13\nWORKDIR /app\nCOPY . .\nCMD gunicorn --bind 0.0.0.0:5000 app:app\n',
      findings: [{ range: '1:1-1:17', message: MESSAGE('port 5000 (`gunicorn`)'), fixes: [{ safety: 'unsafe', output: `FROM python:3.13\nWORKDIR /app\nCOPY . .\n${PY('http://127.0.0.1:5000/')}CMD gunicorn --bind 0.0.0.0:5000 app:app\n` }] }],
    },
    {
      name: 'the path option',
      code: 'FROM python:3.13-slim\nCOPY . /app\nEXPOSE 8000\nCMD ["fastapi", "run", "app/main.py"]\n',
      options: { path: '/health' },
      findings: [{ range: '1:1-1:22', message: MESSAGE('port 8000 (`fastapi run`)'), fixes: [{ title: /requests http:\/\/127\.0\.0\.1:8000\/health with/, safety: 'unsafe', output: `FROM python:3.13-slim\nCOPY . /app\nEXPOSE 8000\n${PY('http://127.0.0.1:8000/health')}CMD ["fastapi", "run", "app/main.py"]\n` }] }],
    },
    {
      name: 'EXPOSE inherited from the stage the final one builds on, with ENTRYPOINT and CMD at the end',
      code: 'FROM python:3.13-slim AS base\nEXPOSE 8000\nFROM base\nCOPY . /app\nENTRYPOINT ["/app/entrypoint.sh"]\nCMD ["serve"]\n',
      findings: [{ range: '3:1-3:10', message: MESSAGE('port 8000 (EXPOSE)'), fixes: [{ safety: 'unsafe', output: `FROM python:3.13-slim AS base\nEXPOSE 8000\nFROM base\nCOPY . /app\n${PY('http://127.0.0.1:8000/')}ENTRYPOINT ["/app/entrypoint.sh"]\nCMD ["serve"]\n` }] }],
    },
    {
      name: 'ARG-resolved base image and an EXPOSEd variable',
      code: 'ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}-alpine\nENV PORT=4000\nCOPY . .\nEXPOSE ${PORT}\nCMD ["npm", "start"]\n',
      findings: [{ range: '2:1-2:33', message: MESSAGE('port 4000 (EXPOSE)'), fixes: [{ safety: 'unsafe', output: `ARG NODE_VERSION=22\nFROM node:\${NODE_VERSION}-alpine\nENV PORT=4000\nCOPY . .\nEXPOSE \${PORT}\n${NODE('http://127.0.0.1:4000/')}CMD ["npm", "start"]\n` }] }],
    },
    {
      name: 'a heredoc RUN and flask run',
      code: 'FROM python:3.13-alpine\nCOPY . /app\nRUN <<EOF\npip install flask\nEOF\nCMD ["flask", "run", "--host=0.0.0.0"]\n',
      findings: [{ range: '1:1-1:24', message: MESSAGE('port 5000 (`flask run`)'), fixes: [{ safety: 'unsafe', output: `FROM python:3.13-alpine\nCOPY . /app\nRUN <<EOF\npip install flask\nEOF\n${PY('http://127.0.0.1:5000/')}CMD ["flask", "run", "--host=0.0.0.0"]\n` }] }],
    },
    {
      name: 'the escape directive: the continuation uses a backtick',
      code: '# escape=`\nFROM python:3.13\nCOPY . /app\nEXPOSE 8000\nCMD ["uvicorn", "main:app"]\n',
      findings: [
        {
          range: '2:1-2:17',
          fixes: [{ safety: 'unsafe', output: `# escape=\`\nFROM python:3.13\nCOPY . /app\nEXPOSE 8000\n${TIMINGS} \`\n  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/')"]\nCMD ["uvicorn", "main:app"]\n` }],
        },
      ],
    },
    {
      name: 'CRLF line endings are kept',
      code: 'FROM python:3.13-slim\r\nCOPY . /app\r\nEXPOSE 8000\r\nCMD ["uvicorn", "main:app"]\r\n',
      findings: [
        {
          range: '1:1-1:22',
          fixes: [{ safety: 'unsafe', output: `FROM python:3.13-slim\r\nCOPY . /app\r\nEXPOSE 8000\r\n${PY('http://127.0.0.1:8000/').replace(/\n/g, '\r\n')}CMD ["uvicorn", "main:app"]\r\n` }],
        },
      ],
    },
    {
      name: 'distroless: no edit, and the message says why',
      code: 'FROM golang:1.27 AS build\nRUN go build -o /server .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /server /server\nEXPOSE 8080\nENTRYPOINT ["/server"]\n',
      findings: [
        {
          range: '3:1-3:39',
          message: `${MESSAGE('port 8080 (EXPOSE)')} No edit is offered: \`gcr.io/distroless/static-debian12\` has no shell and no HTTP client; build a probe into the application (e.g. a \`healthcheck\` subcommand) and call it in exec form.`,
          fixes: [],
        },
      ],
    },
    {
      name: 'a port that may not speak HTTP: no edit',
      code: 'FROM alpine:3.24\nCOPY relay /srv/relay\nEXPOSE 9001\nCMD ["/srv/relay"]\n',
      findings: [{ range: '1:1-1:17', message: `${MESSAGE('port 9001 (EXPOSE)')} No edit is offered: Layerwise cannot tell whether port 9001 speaks HTTP.`, fixes: [] }],
    },
    {
      name: 'a server whose port is unknown: no edit',
      code: 'FROM node:22-alpine\nCOPY . /app\nCMD ["node", "/app/server.js"]\n',
      findings: [{ range: '1:1-1:20', message: `${MESSAGE('`node /app/server.js`')} No edit is offered: Layerwise cannot tell which port it listens on.`, fixes: [] }],
    },
    {
      name: 'Node 16 on a slim image: no fetch, no curl, no wget',
      code: 'FROM node:16-slim\nCOPY . /app\nEXPOSE 3000\nCMD ["node", "/app/index.js"]\n',
      findings: [{ range: '1:1-1:18', message: `${MESSAGE('port 3000 (EXPOSE)')} No edit is offered: Layerwise knows no HTTP client in \`node:16-slim\` (curl, wget, Python or Node.js) to probe with.`, fixes: [] }],
    },
  ],
});
