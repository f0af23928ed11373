import rule from '../../../server/src/rules/dockerfile/run-as-non-root';
import { ruleTester } from '../helpers/rule-tester';

const DEBIAN_USER = 'RUN groupadd --system appuser && useradd --system --gid appuser --no-create-home appuser\nUSER appuser\n';
const ALPINE_USER = 'RUN addgroup -S appuser && adduser -S -G appuser -H appuser\nUSER appuser\n';

ruleTester(rule, {
  valid: [
    { name: 'named user', code: 'FROM python:3.13-slim\nRUN useradd app\nUSER app\nCMD ["python"]\n' },
    { name: 'numeric user', code: 'FROM alpine:3.24\nUSER 1000\n' },
    { name: 'user:group', code: 'FROM alpine:3.24\nUSER 1000:1000\n' },
    { name: 'root group but non-root user', code: 'FROM alpine:3.24\nUSER app:root\n' },
    { name: 'USER inherited from an earlier stage', code: 'FROM node:22 AS base\nUSER node\nFROM base\nCMD ["node"]\n' },
    { name: 'distroless nonroot tag', code: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n' },
    { name: 'chainguard images are non-root by design', code: 'FROM cgr.dev/chainguard/python:latest\n' },
    { name: 'bitnami images are non-root by design', code: 'FROM bitnami/redis:7.4\n' },
    { name: 'only the final stage counts', code: 'FROM golang:1.27 AS build\nRUN go build\nFROM alpine:3.24\nUSER 65532\n' },
    { name: 'root in a build stage does not matter', code: 'FROM golang:1.27 AS build\nUSER root\nFROM alpine:3.24\nUSER nobody\n' },
    { name: 'unresolved USER is unknown', code: 'FROM alpine:3.24\nARG APP_USER\nUSER ${APP_USER}\n' },
    { name: 'USER from an ARG default', code: 'FROM alpine:3.24\nARG APP_USER=app\nUSER ${APP_USER}\n' },
    { name: 'unknown base image', code: 'ARG BASE\nFROM ${BASE}\n' },
    { name: 'Windows images', code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\n' },
    { name: 'ONBUILD USER root does not apply here', code: 'FROM alpine:3.24\nUSER app\nONBUILD USER root\n' },
    { name: 'no stage at all', code: '# just a comment\n' },
    { name: 'a dev container Dockerfile (its user is set in devcontainer.json)', file: '.devcontainer/Dockerfile', code: 'FROM python:3.13\nRUN pip install ruff\n' },
    { name: 'dev container base images', code: 'FROM mcr.microsoft.com/devcontainers/base:bookworm\n' },
    { name: 'an image whose ARG default uses other global ARGs', code: 'ARG REGISTRY=quay.io\nARG OWNER=jupyter\nARG BASE=$REGISTRY/$OWNER/scipy-notebook\nFROM $BASE\n' },
  ],
  invalid: [
    {
      name: 'no USER on a Debian-based image: create a system user before CMD',
      code: 'FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nEXPOSE 8000\nCMD ["uvicorn", "main:app"]\n',
      findings: [
        {
          range: '1:1-1:22',
          message: 'The final stage runs as root: no USER is set, and `python:3.13-slim` starts as root. Switch to a non-root user before CMD/ENTRYPOINT.',
          fixes: [
            {
              title: 'Create the system user appuser and switch to it',
              safety: 'unsafe',
              output: `FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nEXPOSE 8000\n${DEBIAN_USER}CMD ["uvicorn", "main:app"]\n`,
            },
          ],
        },
      ],
    },
    {
      name: 'Alpine: addgroup/adduser -S',
      code: 'FROM alpine:3.24\nRUN apk add --no-cache curl\nENTRYPOINT ["curl"]\n',
      findings: [{ range: '1:1-1:17', fixes: [{ safety: 'unsafe', output: `FROM alpine:3.24\nRUN apk add --no-cache curl\n${ALPINE_USER}ENTRYPOINT ["curl"]\n` }] }],
    },
    {
      name: 'official node image: USER node',
      code: 'FROM node:22-alpine\nCMD ["node", "index.js"]\n',
      findings: [{ range: '1:1-1:20', fixes: [{ title: "Run as the image's built-in node user (USER node)", safety: 'unsafe', output: 'FROM node:22-alpine\nUSER node\nCMD ["node", "index.js"]\n' }] }],
    },
    {
      name: 'distroless: USER nonroot',
      code: 'FROM golang:1.27 AS build\nRUN go build -o /app\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
      findings: [{ range: '3:1-3:39', fixes: [{ safety: 'unsafe', output: 'FROM golang:1.27 AS build\nRUN go build -o /app\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nUSER nonroot\nENTRYPOINT ["/app"]\n' }] }],
    },
    {
      name: 'scratch: numeric user, appended at the end when there is no CMD',
      code: 'FROM scratch\nCOPY app /app',
      findings: [{ range: '1:1-1:13', message: /`scratch` starts as root/, fixes: [{ safety: 'unsafe', output: 'FROM scratch\nCOPY app /app\nUSER 65532:65532' }] }],
    },
    {
      name: 'last USER is root: reported on that USER, switch back to the earlier user',
      code: 'FROM node:22\nUSER node\nRUN npm ci\nUSER root\nRUN apt-get update\nCMD ["node", "server.js"]\n',
      findings: [
        {
          range: '4:1-4:10',
          message: "The final stage runs as root: `USER root` is the last USER, so the container's process has root rights.",
          fixes: [{ title: 'Switch to the non-root user node (USER node)', safety: 'unsafe', output: 'FROM node:22\nUSER node\nRUN npm ci\nUSER root\nRUN apt-get update\nUSER node\nCMD ["node", "server.js"]\n' }],
        },
      ],
    },
    {
      name: 'USER 0 counts as root',
      code: 'FROM alpine:3.24\nUSER 0:0\n',
      findings: [{ range: '2:1-2:9', fixes: [{ safety: 'unsafe', output: `FROM alpine:3.24\nUSER 0:0\n${ALPINE_USER}` }] }],
    },
    {
      name: 'a user created but never switched to',
      code: 'FROM debian:bookworm-slim\nRUN useradd --uid 10001 --create-home worker\nCMD ["bash"]\n',
      findings: [{ range: '1:1-1:26', fixes: [{ title: 'Switch to the non-root user worker (USER worker)', safety: 'unsafe', output: 'FROM debian:bookworm-slim\nRUN useradd --uid 10001 --create-home worker\nUSER worker\nCMD ["bash"]\n' }] }],
    },
    {
      name: 'root inherited from a parent stage is reported on the final FROM',
      code: 'FROM ubuntu:24.04 AS base\nUSER root\nFROM base\nCMD ["bash"]\n',
      findings: [{ range: '3:1-3:10', message: /`USER root` \(set in stage base\) is the last USER/, fixes: [{ safety: 'unsafe', output: `FROM ubuntu:24.04 AS base\nUSER root\nFROM base\n${DEBIAN_USER}CMD ["bash"]\n` }] }],
    },
    {
      name: 'USER goes after the last RUN even when CMD comes earlier',
      code: 'FROM alpine:3.24\nCMD ["sh"]\nRUN apk add curl\n',
      findings: [{ range: '1:1-1:17', fixes: [{ safety: 'unsafe', output: `FROM alpine:3.24\nCMD ["sh"]\nRUN apk add curl\n${ALPINE_USER}` }] }],
    },
    {
      name: 'unknown image family: no edit, and the message says why',
      code: 'FROM mycompany/base:1.0\nCMD ["app"]\n',
      findings: [{ range: '1:1-1:24', message: /No edit is offered: Layerwise cannot tell which tools `mycompany\/base:1\.0` has to create a user/, fixes: [] }],
    },
    {
      name: 'unknown image family, but the stage uses apt-get',
      code: 'FROM mycompany/base:1.0\nRUN apt-get update && apt-get install -y curl\nCMD ["app"]\n',
      findings: [{ range: '1:1-1:24', fixes: [{ safety: 'unsafe', output: `FROM mycompany/base:1.0\nRUN apt-get update && apt-get install -y curl\n${DEBIAN_USER}CMD ["app"]\n` }] }],
    },
    {
      name: 'CRLF is kept',
      code: 'FROM alpine:3.24\r\nCMD ["sh"]\r\n',
      findings: [{ range: '1:1-1:17', fixes: [{ safety: 'unsafe', output: 'FROM alpine:3.24\r\nRUN addgroup -S appuser && adduser -S -G appuser -H appuser\r\nUSER appuser\r\nCMD ["sh"]\r\n' }] }],
    },
  ],
});
