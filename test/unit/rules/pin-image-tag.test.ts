import rule from '../../../server/src/rules/dockerfile/pin-image-tag';
import { ruleTester } from '../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    { name: 'tagged base image', code: 'FROM python:3.13-slim\n' },
    { name: 'digest pins even without a tag', code: 'FROM python@sha256:0123456789abcdef\n' },
    { name: 'digest pins even with latest', code: 'FROM node:latest@sha256:0123456789abcdef\n' },
    { name: 'scratch is not an image', code: 'FROM scratch\nCOPY app /app\n' },
    { name: 'stage names are not images', code: 'FROM golang:1.27 AS build\nRUN go build\nFROM build\nFROM alpine:3.24\nCOPY --from=build /app /app\n' },
    { name: 'stage name matching is case-insensitive', code: 'FROM golang:1.27 AS Build\nFROM alpine:3.24\nCOPY --from=build /x /x\n' },
    { name: 'COPY --from by stage index', code: 'FROM golang:1.27\nFROM alpine:3.24\nCOPY --from=0 /x /x\n' },
    { name: 'ARG without default is unknown, not unpinned', code: 'ARG BASE\nFROM ${BASE}\n' },
    { name: 'ARG default that pins', code: 'ARG PY=3.13\nFROM python:${PY}-slim\n' },
    { name: 'ARG default of a pinned image', code: 'ARG BASE=node:22-alpine\nFROM $BASE\n' },
    { name: 'undeclared variable is unknown', code: 'FROM node:${NODE_VERSION}\n' },
    { name: 'a stage ARG is not in scope for FROM', code: 'FROM alpine:3.24\nARG V=latest\nFROM node:${V}\n' },
    { name: 'mount from a stage', code: 'FROM node:22 AS deps\nFROM node:22\nRUN --mount=type=bind,from=deps,source=/x,target=/y true\n' },
    { name: 'ONBUILD triggers are not this image', code: 'FROM alpine:3.24\nONBUILD COPY --from=node /x /y\n' },
    { name: 'heredoc body is not read as instructions', code: 'FROM alpine:3.24\nRUN <<EOF\nFROM python\nEOF\n' },
    { name: 'registry with port and tag', code: 'FROM localhost:5000/team/app:1.2\n' },
    { name: 'half-typed FROM', code: 'FROM\n' },
    { name: 'a placeholder that is not a valid reference', code: 'FROM REPLACE-ME\n' },
  ],
  invalid: [
    {
      name: 'no tag: the same-variant pin is safe, slimmer variants are offered as unsafe',
      code: 'FROM python\nCMD ["python"]\n',
      findings: [
        {
          range: '1:6-1:12',
          message: 'The base image `python` has no tag: builds are not reproducible. Pin a version, e.g. `python:3.14` (current as of 2026-08-19).',
          fixes: [
            { title: 'Pin to python:3.14', safety: 'safe', output: 'FROM python:3.14\nCMD ["python"]\n' },
            { title: 'Pin to python:3.14-slim', safety: 'unsafe', output: 'FROM python:3.14-slim\nCMD ["python"]\n' },
            { title: 'Pin to python:3.14-alpine', safety: 'unsafe', output: 'FROM python:3.14-alpine\nCMD ["python"]\n' },
          ],
        },
      ],
    },
    {
      name: 'latest tag is replaced, stage name kept',
      code: 'FROM node:latest AS build\n',
      findings: [
        {
          range: '1:6-1:17',
          message: /^The base image `node:latest` uses the moving `latest` tag/,
          fixes: [
            { safety: 'safe', output: 'FROM node:26 AS build\n' },
            { safety: 'unsafe', output: 'FROM node:26-slim AS build\n' },
            { safety: 'unsafe', output: 'FROM node:26-alpine AS build\n' },
          ],
        },
      ],
    },
    {
      name: "the best-practices document's uv:latest in COPY --from",
      code: 'FROM python:3.13-slim AS builder\nCOPY --from=ghcr.io/astral-sh/uv:latest /uv /uvx /bin/\n',
      findings: [
        {
          range: '2:13-2:40',
          message: /^The image in COPY --from `ghcr\.io\/astral-sh\/uv:latest` uses the moving `latest` tag/,
          fixes: [{ title: 'Pin to ghcr.io/astral-sh/uv:0.11.6', safety: 'safe', output: 'FROM python:3.13-slim AS builder\nCOPY --from=ghcr.io/astral-sh/uv:0.11.6 /uv /uvx /bin/\n' }],
        },
      ],
    },
    {
      name: 'RUN --mount=from=<image>',
      code: 'FROM alpine:3.24\nRUN --mount=type=bind,from=alpine,target=/x ls /x\n',
      findings: [{ range: '2:28-2:34', fixes: [{ safety: 'safe', output: 'FROM alpine:3.24\nRUN --mount=type=bind,from=alpine:3.24,target=/x ls /x\n' }] }],
    },
    {
      name: 'ARG default holding the whole image: the fix edits the ARG',
      code: 'ARG BASE="postgres"\nFROM ${BASE}\n',
      findings: [
        {
          range: '2:6-2:13',
          message: /^The base image `postgres` has no tag \(`\$\{BASE\}` resolves to it through ARG BASE\)/,
          fixes: [
            { safety: 'safe', output: 'ARG BASE="postgres:18"\nFROM ${BASE}\n' },
            { safety: 'unsafe', output: 'ARG BASE="postgres:18-alpine"\nFROM ${BASE}\n' },
          ],
        },
      ],
    },
    {
      name: 'ARG default built from other ARGs: the tag is appended to the default as written',
      code: 'ARG REG=docker.io\nARG BASE=$REG/library/python\nFROM ${BASE}\n',
      findings: [{ range: '3:6-3:13', message: /^The base image `docker\.io\/library\/python` has no tag/, fixes: [{ safety: 'safe', output: 'ARG REG=docker.io\nARG BASE=$REG/library/python:3.14\nFROM ${BASE}\n' }, { safety: 'unsafe' }, { safety: 'unsafe' }] }],
    },
    {
      name: 'ARG default holding the tag',
      code: 'ARG GO=latest\nFROM golang:${GO}\n',
      findings: [{ range: '2:6-2:18', fixes: [{ safety: 'safe', output: 'ARG GO=1.27\nFROM golang:${GO}\n' }, { safety: 'unsafe', output: 'ARG GO=1.27-alpine\nFROM golang:${GO}\n' }] }],
    },
    {
      name: 'Docker Hub prefixes are kept',
      code: 'FROM docker.io/library/alpine\n',
      findings: [{ range: '1:6-1:30', fixes: [{ safety: 'safe', output: 'FROM docker.io/library/alpine:3.24\n' }] }],
    },
    {
      name: 'an image not in the table: no edit, the message says so',
      code: 'FROM gcr.io/distroless/static\n',
      findings: [{ range: '1:6-1:30', message: /no current tag on record for this image\.$/, fixes: [] }],
    },
    {
      name: 'an image whose latest line is not known: every pin is unsafe',
      code: 'FROM nginx\n',
      findings: [{ range: '1:6-1:11', fixes: [{ safety: 'unsafe', output: 'FROM nginx:1.28\n' }, { safety: 'unsafe', output: 'FROM nginx:1.28-alpine\n' }] }],
    },
    {
      name: 'CRLF line endings are kept by the fix',
      code: 'FROM redis:latest\r\nCMD ["redis-server"]\r\n',
      findings: [{ range: '1:6-1:18', fixes: [{ safety: 'unsafe', output: 'FROM redis:8\r\nCMD ["redis-server"]\r\n' }, { safety: 'unsafe', output: 'FROM redis:8-alpine\r\nCMD ["redis-server"]\r\n' }] }],
    },
    {
      name: 'every unpinned stage is reported',
      code: 'FROM node AS deps\nFROM node:22-alpine AS build\nFROM alpine\n',
      findings: [{ range: '1:6-1:10' }, { range: '3:6-3:12' }],
    },
  ],
});
