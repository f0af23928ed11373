import rule from '../../../server/src/rules/dockerfile/multi-stage-build';
import { ruleTester } from '../helpers/rule-tester';

const HEAD = 'This single-stage image builds the app and ships the build toolchain with it: ';
const GO_ADVICE = 'Build in a first stage (`FROM … AS build`) and copy only the output into a runtime stage: for Go, the binary (built with CGO_ENABLED=0) onto alpine, distroless or scratch.';
const NODE_ADVICE = 'Build in a first stage (`FROM … AS build`) and copy only the output into a runtime stage: for Next.js, `.next/standalone` (with `output: "standalone"`); otherwise the built files and `npm ci --omit=dev` dependencies. The `docker-nextjs` snippet and the rule\'s documentation have a template.';
const C_ADVICE = 'Build in a first stage (`FROM … AS build`) and copy only the output into a runtime stage: compile in the first stage and copy what it produced (a virtual environment, node_modules, a binary) into a stage without compilers. The `docker-python-uv` snippet and the rule\'s documentation have a template for Python.';
const NEXT = 'FROM node:24-alpine\nWORKDIR /app\nENV NEXT_TELEMETRY_DISABLED=1\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nEXPOSE 3000\nCMD ["npm", "start"]\n';
const NEXT_PKG = '{ "scripts": { "build": "next build", "start": "next start" }, "dependencies": { "next": "15.5.0" } }';
const SPLIT = 'Split into a build stage and an alpine:3.24 runtime stage that gets only /src/server (check: files the program reads at run time)';

ruleTester(rule, {
  valid: [
    { name: 'already multi-stage: the final stage copies from a build stage', code: 'FROM golang:1.27 AS build\nRUN go build -o /app .\nFROM alpine:3.24\nCOPY --from=build /app /app\nCMD ["/app"]\n' },
    { name: 'a mount from a build stage counts too', code: 'FROM node:22 AS build\nRUN npm ci && npm run build\nFROM node:22-slim\nRUN --mount=type=bind,from=build,source=/app/dist,target=/dist cp -r /dist /srv\nCMD ["node", "/srv/index.js"]\n' },
    { name: 'no CMD or ENTRYPOINT: a toolchain image', code: 'FROM golang:1.27\nCOPY . .\nRUN go build ./...\n' },
    { name: 'a dev container', file: '.devcontainer/Dockerfile', code: 'FROM node:22\nRUN npm ci && npm run build\nCMD ["sleep", "infinity"]\n' },
    { name: 'a dev server', code: 'FROM node:22\nCOPY . .\nRUN npm ci && npm run build\nCMD ["npm", "run", "dev"]\n' },
    { name: 'npm build then prune', code: 'FROM node:22\nCOPY . .\nRUN npm ci && npm run build && npm prune --omit=dev\nCMD ["node", "dist/index.js"]\n' },
    { name: 'npm without a build step', code: 'FROM node:22-slim\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "index.js"]\n' },
    { name: 'go install of a tool is not a build of the app', code: 'FROM golang:1.27\nRUN go install golang.org/x/tools/gopls@latest\nCMD ["gopls"]\n' },
    {
      name: 'compilers removed in the same RUN (apk virtual package)',
      code: 'FROM python:3.13-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev \\\n && pip install --no-cache-dir psycopg2 \\\n && apk del .build-deps\nCMD ["python", "app.py"]\n',
    },
    {
      name: 'compilers removed by name',
      code: 'FROM python:3.13-slim\nRUN apt-get update && apt-get install -y gcc && pip install psycopg2 && apt-get purge -y gcc\nCMD ["python", "app.py"]\n',
    },
    {
      name: "the official images' apt-mark auto and purge --auto-remove",
      code: 'FROM debian:trixie-slim\nRUN set -eux; savedAptMark="$(apt-mark showmanual)"; apt-get update; apt-get install -y --no-install-recommends gcc make; make; apt-mark auto \'.*\' > /dev/null; apt-mark manual $savedAptMark; apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false\nCMD ["app"]\n',
    },
    { name: 'a compiler installed but nothing built with it', code: 'FROM python:3.13-slim\nRUN apt-get update && apt-get install -y gcc\nCMD ["python", "app.py"]\n' },
    { name: 'kernel modules compiled at run time need the compiler', code: 'FROM debian:trixie-slim\nRUN apt-get update && apt-get install -y build-essential kmod libelf-dev && make -C /src\nENTRYPOINT ["/entrypoint.sh"]\n' },
    { name: 'BPF tools compile with clang at run time', code: 'FROM debian:trixie-slim\nRUN apt-get update && apt-get install -y clang llvm libbpf-dev make && make -C /src install\nENTRYPOINT ["/usr/local/bin/trace"]\n' },
    { name: 'a test harness folder (lkp-tests/)', file: 'lkp-tests/Dockerfile', code: 'FROM debian:trixie-slim\nRUN apt-get update && apt-get install -y build-essential && make -C /lkp\nENTRYPOINT ["/lkp/bin/lkp"]\n' },
    { name: 'ONBUILD build steps run elsewhere', code: 'FROM golang:1.27\nONBUILD RUN go build -o /app .\nCMD ["/app"]\n' },
    { name: 'tests folder', file: 'tests/Dockerfile', code: 'FROM golang:1.27\nRUN go build -o /app .\nCMD ["/app"]\n' },
  ],
  invalid: [
    {
      name: 'a static Go build: split into a build stage and an alpine runtime stage',
      code: 'FROM golang:1.27\nWORKDIR /src\nENV CGO_ENABLED=0 PORT=8080\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o server ./cmd/server\nEXPOSE 8080\nUSER 65532\nCMD ["./server"]\n',
      findings: [
        {
          range: '7:5-7:36',
          message: `${HEAD}\`go build -o server ./cmd/server\` (line 7). ${GO_ADVICE}`,
          fixes: [
            {
              title: SPLIT,
              safety: 'unsafe',
              output:
                'FROM golang:1.27 AS build\nWORKDIR /src\nENV CGO_ENABLED=0 PORT=8080\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o server ./cmd/server\n\nFROM alpine:3.24\nWORKDIR /src\nENV PORT=8080\nCOPY --from=build /src/server /src/server\nEXPOSE 8080\nUSER 65532\nCMD ["./server"]\n',
            },
          ],
        },
      ],
    },
    {
      name: 'a named stage, CGO off inline, continuation lines and CRLF',
      code: 'FROM golang:1.27-alpine AS app\r\nWORKDIR /src\r\nCOPY . .\r\nRUN CGO_ENABLED=0 \\\r\n    go build -o /src/server .\r\nENTRYPOINT ["/src/server"]\r\n',
      findings: [
        {
          range: '4:5-5:30',
          fixes: [
            {
              title: SPLIT,
              safety: 'unsafe',
              output: 'FROM golang:1.27-alpine AS app\r\nWORKDIR /src\r\nCOPY . .\r\nRUN CGO_ENABLED=0 \\\r\n    go build -o /src/server .\r\n\r\nFROM alpine:3.24\r\nWORKDIR /src\r\nCOPY --from=app /src/server /src/server\r\nENTRYPOINT ["/src/server"]\r\n',
            },
          ],
        },
      ],
    },
    {
      name: 'the Go image from an ARG (Alpine, so static): split',
      code: 'ARG GO_VERSION=1.27\nFROM golang:${GO_VERSION}-alpine\nWORKDIR /src\nCOPY . .\nRUN go build -o /src/server .\nCMD ["/src/server"]\n',
      findings: [{ range: '5:5-5:30', fixes: [{ title: SPLIT, safety: 'unsafe', output: 'ARG GO_VERSION=1.27\nFROM golang:${GO_VERSION}-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /src/server .\n\nFROM alpine:3.24\nWORKDIR /src\nCOPY --from=build /src/server /src/server\nCMD ["/src/server"]\n' }] }],
    },
    {
      name: 'go build in a heredoc script: the runtime stage starts after the heredoc',
      code: 'FROM golang:1.27-alpine\nWORKDIR /src\nCOPY . .\nRUN <<EOF\nset -e\ngo build -o /bin/app .\nEOF\nCMD ["/bin/app"]\n',
      findings: [{ range: '6:1-6:23', fixes: [{ safety: 'unsafe', output: 'FROM golang:1.27-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN <<EOF\nset -e\ngo build -o /bin/app .\nEOF\n\nFROM alpine:3.24\nWORKDIR /src\nCOPY --from=build /bin/app /bin/app\nCMD ["/bin/app"]\n' }] }],
    },
    {
      name: 'CGO left on: no automatic split, the message says why',
      code: 'FROM golang:1.27\nWORKDIR /src\nCOPY . .\nRUN go build -o /server .\nCMD ["/server"]\n',
      findings: [
        {
          range: '4:5-4:26',
          message: `${HEAD}\`go build -o /server .\` (line 4). ${GO_ADVICE} No automatic split: the binary may link against the C library (CGO is on by default on golang); build it with CGO_ENABLED=0 to copy it onto alpine, distroless or scratch.`,
          fixes: [],
        },
      ],
    },
    {
      name: 'a RUN after the build: no automatic split',
      code: 'FROM golang:1.27-alpine\nCOPY . .\nRUN go build -o /server .\nRUN apk add --no-cache tzdata\nCMD ["/server"]\n',
      findings: [{ range: '3:5-3:26', message: /No automatic split: line 4 \(RUN\) runs after the build and would need the Go image\.$/, fixes: [] }],
    },
    {
      name: 'Next.js built in the runtime image',
      code: 'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nEXPOSE 3000\nCMD ["npm", "start"]\n',
      findings: [{ range: '4:15-4:28', message: `${HEAD}\`npm run build\` with its devDependencies (line 4). ${NODE_ADVICE}`, fixes: [] }],
    },
    {
      name: 'Next.js with npm start: split into a standalone runtime stage, next.config gets the output',
      code: NEXT,
      files: { 'package.json': NEXT_PKG, 'next.config.mjs': 'const nextConfig = {\n  reactStrictMode: true,\n};\n\nexport default nextConfig;\n', 'public/logo.svg': '<svg/>' },
      findings: [
        {
          range: '7:5-7:18',
          fixes: [
            {
              title: 'Split into a build stage and a runtime stage with only the Next.js standalone output (CMD node server.js; adds output: "standalone" to next.config.mjs)',
              safety: 'unsafe',
              output:
                'FROM node:24-alpine AS build\nWORKDIR /app\nENV NEXT_TELEMETRY_DISABLED=1\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n\nFROM node:24-alpine\nWORKDIR /app\nENV NEXT_TELEMETRY_DISABLED=1\nENV NODE_ENV=production HOSTNAME=0.0.0.0\nCOPY --from=build /app/public ./public\nCOPY --from=build /app/.next/standalone ./\nCOPY --from=build /app/.next/static ./.next/static\nEXPOSE 3000\nCMD ["node", "server.js"]\n',
              otherFiles: { 'next.config.mjs': 'const nextConfig = {\n  output: "standalone",\n  reactStrictMode: true,\n};\n\nexport default nextConfig;\n' },
            },
          ],
        },
      ],
    },
    {
      name: 'Next.js without a next.config and without public/: the config is created, CRLF kept',
      code: 'FROM node:24-alpine\r\nWORKDIR /app\r\nCOPY . .\r\nRUN npm ci \\\r\n && npm run build\r\nCMD npm start\r\n',
      files: { 'package.json': NEXT_PKG },
      findings: [
        {
          range: '5:5-5:18',
          fixes: [
            {
              title: 'Split into a build stage and a runtime stage with only the Next.js standalone output (CMD node server.js; creates next.config.mjs with output: "standalone")',
              safety: 'unsafe',
              output: 'FROM node:24-alpine AS build\r\nWORKDIR /app\r\nCOPY . .\r\nRUN npm ci \\\r\n && npm run build\r\n\r\nFROM node:24-alpine\r\nWORKDIR /app\r\nENV NODE_ENV=production HOSTNAME=0.0.0.0\r\nCOPY --from=build /app/.next/standalone ./\r\nCOPY --from=build /app/.next/static ./.next/static\r\nCMD ["node", "server.js"]\r\n',
              otherFiles: { 'next.config.mjs': '/** @type {import("next").NextConfig} */\nconst nextConfig = {\n  output: "standalone",\n};\n\nexport default nextConfig;\n' },
            },
          ],
        },
      ],
    },
    {
      name: 'Next.js with a custom server: no automatic split',
      code: 'FROM node:24-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "server.js"]\n',
      files: { 'package.json': NEXT_PKG },
      findings: [{ range: '4:15-4:28', message: /No automatic split: the image does not start with `next start` \(npm start\); a custom server cannot run from the standalone output\.$/, fixes: [] }],
    },
    {
      name: 'a build inside if/then is still a build',
      code: 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN if [ -f yarn.lock ]; then yarn build; else npm run build; fi\nCMD ["npm", "start"]\n',
      findings: [{ range: '5:31-5:41', message: /`yarn build` with its devDependencies \(line 5\)/ }],
    },
    {
      name: 'a heredoc build script',
      code: 'FROM node:22-alpine\nCOPY . .\nRUN <<EOF\nset -e\nnpm ci\nyarn build\nEOF\nCMD ["node", "dist/index.js"]\n',
      findings: [{ range: '6:1-6:11', message: /`yarn build` with its devDependencies \(line 6\)/ }],
    },
    {
      name: 'compilers kept for pip, through a stage chain',
      code: 'FROM python:3.13-slim AS base\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev\nFROM base\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
      findings: [{ range: '2:23-2:91', message: `${HEAD}build-essential installed and kept (line 2). ${C_ADVICE}`, fixes: [] }],
    },
    {
      name: 'several kinds of evidence are listed in order',
      code: 'FROM node:22-alpine\nRUN apk add --no-cache g++ make python3\nCOPY . .\nRUN pnpm install && pnpm build\nCMD ["node", "dist/index.js"]\n',
      findings: [{ range: '2:5-2:40', message: /^This single-stage image builds the app and ships the build toolchain with it: g\+\+ installed and kept \(line 2\) and `pnpm build` with its devDependencies \(line 4\)\. .*for Next\.js/ }],
    },
    {
      name: 'Maven in the runtime image',
      code: 'FROM maven:3.9-eclipse-temurin-21\nCOPY . .\nRUN mvn -B package\nCMD ["java", "-jar", "target/app.jar"]\n',
      findings: [{ range: '3:5-3:19', message: /`mvn -B package` \(line 3\)\. .*for Java, the jar onto a JRE image/ }],
    },
  ],
});
