import * as assert from 'node:assert/strict';
import { ARGUMENT_CACHE_INSTALLED } from '../../server/src/dockerfile/ast';
import { buildDockerfileModel, effectiveUser, instructionAtLine, stageChain, type DockerfileModel } from '../../server/src/dockerfile/model';
import type { Range } from '../../server/src/engine/types';

const r = (x: Range) => `${x.start.line}:${x.start.character}-${x.end.line}:${x.end.character}`;
const slice = (m: DockerfileModel, x: Range) => m.index.slice(x);

describe('Dockerfile model', () => {
  it("installs the argument cache on dockerfile-ast (pinned to the version it was written for)", () => {
    assert.equal(ARGUMENT_CACHE_INSTALLED, true);
    const m = buildDockerfileModel('FROM node:22 AS build\nCOPY --chown=a:b --from=build x y\n');
    // The cached arguments are handed out as copies: the flags getter shifting them must not change later answers.
    const copy = m.instructions[1].node;
    assert.deepEqual(copy.getArguments().map((a) => a.getValue()), ['x', 'y']);
    assert.deepEqual(copy.getArguments().map((a) => a.getValue()), ['x', 'y']);
  });

  describe('stages', () => {
    it('names stages, links FROM <stage> and marks the final one', () => {
      const m = buildDockerfileModel('FROM node:22 AS deps\nRUN npm ci\nFROM deps AS build\nRUN npm run build\nFROM nginx:1.28\nCOPY --from=build /app/dist /usr/share/nginx/html\n');
      assert.deepEqual(m.stages.map((s) => [s.index, s.name, s.isFinal, s.parent?.name, s.endLine]), [
        [0, 'deps', false, undefined, 1],
        [1, 'build', false, 'deps', 3],
        [2, undefined, true, undefined, 6],
      ]);
      assert.equal(m.finalStage, m.stages[2]);
      assert.deepEqual(stageChain(m.stages[1]).map((s) => s.name), ['build', 'deps']);
      assert.deepEqual(m.stages[1].instructions.map((i) => i.keyword), ['FROM', 'RUN']);
    });

    it('has no stage for a file without FROM, and keeps global ARGs', () => {
      const m = buildDockerfileModel('ARG A=1\n# nothing else\n');
      assert.equal(m.stages.length, 0);
      assert.equal(m.finalStage, undefined);
      assert.deepEqual(m.globalArgs.map((a) => [a.name, a.value]), [['A', '1']]);
    });
  });

  describe('image references', () => {
    it('resolves ARG defaults, splits tag and digest, and recognises scratch and stages', () => {
      const text = [
        'ARG BASE=python:3.13-slim',
        'ARG REG=ghcr.io',
        'ARG NOVALUE',
        'FROM ${BASE} AS builder',
        'COPY --from=${REG}/astral-sh/uv:0.11.6 /uv /bin/',
        'FROM scratch',
        'COPY --from=builder /app /app',
        'COPY --from=0 /x /x',
        'FROM reg.example.com:5000/team/app:1.2@sha256:abc',
        'FROM ${NOVALUE}',
        'FROM docker.io/library/node',
        'RUN --mount=type=cache,target=/c --mount=from=alpine:3.24,source=/etc,target=/e true',
      ].join('\n');
      const m = buildDockerfileModel(text);
      assert.deepEqual(
        m.images.map((i) => [i.kind, i.text, r(i.range), i.resolved, i.scratch, i.stage?.name ?? i.stage?.index, i.image?.name, i.image?.tag, i.image?.digest, i.via.map((v) => v.name).join()]),
        [
          ['from', '${BASE}', '3:5-3:12', 'python:3.13-slim', false, undefined, 'python', '3.13-slim', undefined, 'BASE'],
          // A global ARG is not in scope inside a stage until the stage declares it again.
          ['copy-from', '${REG}/astral-sh/uv:0.11.6', '4:12-4:38', undefined, false, undefined, undefined, undefined, undefined, ''],
          ['from', 'scratch', '5:5-5:12', 'scratch', true, undefined, undefined, undefined, undefined, ''],
          ['copy-from', 'builder', '6:12-6:19', 'builder', false, 'builder', undefined, undefined, undefined, ''],
          ['copy-from', '0', '7:12-7:13', '0', false, 'builder', undefined, undefined, undefined, ''],
          ['from', 'reg.example.com:5000/team/app:1.2@sha256:abc', '8:5-8:49', 'reg.example.com:5000/team/app:1.2@sha256:abc', false, undefined, 'reg.example.com:5000/team/app', '1.2', 'sha256:abc', ''],
          ['from', '${NOVALUE}', '9:5-9:15', undefined, false, undefined, undefined, undefined, undefined, ''],
          ['from', 'docker.io/library/node', '10:5-10:27', 'docker.io/library/node', false, undefined, 'node', undefined, undefined, ''],
          ['mount-from', 'alpine:3.24', '11:46-11:57', 'alpine:3.24', false, undefined, 'alpine', '3.24', undefined, ''],
        ],
      );
      assert.equal(slice(m, m.images[8].range), 'alpine:3.24');
    });

    it('resolves ${VAR:-default} and stage ARGs that re-declare a global one', () => {
      const m = buildDockerfileModel('ARG TAG=3.24\nFROM alpine:${TAG:-latest}\nARG TAG\nCOPY --from=busybox:${TAG} /bin/sh /sh\nFROM node:${MISSING:-22}\nCOPY --from=busybox:${TAG} /x /x\n');
      assert.deepEqual(m.images.map((i) => i.resolved), ['alpine:3.24', 'busybox:3.24', 'node:22', undefined]);
    });
  });

  describe('users', () => {
    it('follows USER through stages and resolves variables', () => {
      const m = buildDockerfileModel('FROM node:22 AS base\nUSER node\nFROM base\nARG UID=1000\nUSER ${UID}:${UID}\nFROM base AS last\n');
      assert.deepEqual(m.stages[1].users.map((u) => [u.text, u.resolved, u.user, u.group]), [['${UID}:${UID}', '1000:1000', '1000', '1000']]);
      const eff = effectiveUser(m.stages[2]);
      assert.equal(eff.decl?.text, 'node');
      assert.equal(eff.base.resolved, 'node:22');
    });
  });

  describe('copies and workdirs', () => {
    it('records sources, destination, flags and the working directory', () => {
      const m = buildDockerfileModel('FROM node:22\nWORKDIR /app\nWORKDIR web\nCOPY --chown=node:node --link package.json package-lock.json ./\nCOPY ["a b.txt", "./c/"]\nADD . .\n');
      const [a, b, c] = m.stages[0].copies;
      assert.deepEqual([a.sources.map((s) => s.value), a.dest?.value, [...a.flags], a.broad, a.instr.workdir], [['package.json', 'package-lock.json'], './', [['chown', 'node:node'], ['link', null]], false, '/app/web']);
      assert.deepEqual([b.sources.map((s) => [s.value, r(s.range)]), b.dest?.value], [[['a b.txt', '4:6-4:15']], './c/']);
      assert.deepEqual([c.keyword, c.broad], ['ADD', true]);
    });
  });

  describe('runs and installs', () => {
    it('finds installs with their ecosystem and exact command range inside a RUN', () => {
      const text = 'FROM python:3.13\nRUN apt-get update && apt-get install -y --no-install-recommends curl git \\\n  && pip install --no-cache-dir -r requirements.txt \\\n  && cd web && npm ci --omit=dev; uv sync --locked\n';
      const m = buildDockerfileModel(text);
      const run = m.stages[0].runs[0];
      assert.deepEqual(run.commands.map((c) => m.text.slice(c.start, c.end)), [
        'apt-get update',
        'apt-get install -y --no-install-recommends curl git',
        'pip install --no-cache-dir -r requirements.txt',
        'cd web',
        'npm ci --omit=dev',
        'uv sync --locked',
      ]);
      assert.deepEqual(
        m.stages[0].installs.map((i) => [i.ecosystem, i.kind, i.action, i.commandIndex, r(i.range), i.cd, i.requirementFiles.join()]),
        [
          ['pip', 'manifest', 'install', 2, '2:5-2:51', undefined, 'requirements.txt'],
          ['npm', 'manifest', 'ci', 4, '3:15-3:32', 'web', ''],
          ['uv', 'manifest', 'sync', 5, '3:34-3:50', 'web', ''],
        ],
      );
      assert.deepEqual(run.systemInstalls.map((s) => [s.install.manager, s.install.packages.map((p) => p.value)]), [['apt', ['curl', 'git']]]);
    });

    it('reads installs in exec form and in heredoc scripts, never heredoc lines as instructions', () => {
      const text = 'FROM node:22\nRUN ["npm", "ci"]\nRUN <<EOF\nset -e\nFROM python\nyarn install --frozen-lockfile\nEOF\nRUN python3 <<EOF\nimport os\nEOF\nUSER node\n';
      const m = buildDockerfileModel(text);
      assert.deepEqual(m.instructions.map((i) => i.keyword), ['FROM', 'RUN', 'RUN', 'RUN', 'USER']);
      assert.deepEqual(m.stages[0].runs.map((x) => x.form), ['exec', 'heredoc', 'shell']);
      assert.deepEqual(m.stages[0].installs.map((i) => [i.ecosystem, r(i.range)]), [['npm', '1:5-1:16'], ['yarn', '5:0-5:30']]);
      assert.deepEqual(m.heredocs.map((h) => [h.name, h.startLine, h.endLine]), [['EOF', 2, 6], ['EOF', 7, 9]]);
      assert.equal(m.stages.length, 1, 'FROM inside a heredoc is not a stage');
    });

    it('reads ports, health checks and commands', () => {
      const m = buildDockerfileModel('FROM nginx:1.28\nEXPOSE 80 443/tcp 53/udp ${PORT}\nHEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1\nCMD ["nginx", "-g", "daemon off;"]\nENTRYPOINT /docker-entrypoint.sh\n');
      const s = m.stages[0];
      assert.deepEqual(s.exposes.map((p) => [p.text, p.port, p.protocol]), [['80', 80, 'tcp'], ['443/tcp', 443, 'tcp'], ['53/udp', 53, 'udp'], ['${PORT}', undefined, 'tcp']]);
      assert.deepEqual([s.healthchecks[0].none, s.healthchecks[0].command.map((w) => w.value), [...s.healthchecks[0].flags]], [false, ['curl', '-f', 'http://localhost/', 'exit', '1'], [['interval', '30s']]]);
      assert.deepEqual([s.cmds[0].form, s.cmds[0].words.map((w) => w.value)], ['exec', ['nginx', '-g', 'daemon off;']]);
      assert.deepEqual([s.entrypoints[0].form, s.entrypoints[0].words.map((w) => w.value)], ['shell', ['/docker-entrypoint.sh']]);
    });
  });

  describe('exact ranges in odd encodings', () => {
    const base = 'FROM node\nCOPY . .\nRUN npm ci \\\n  && npm run build\n';
    const check = (text: string, shift: number) => {
      const m = buildDockerfileModel(text);
      const img = m.images[0];
      assert.equal(slice(m, img.range), 'node');
      assert.equal(img.range.start.character, 5 + shift);
      const install = m.stages[0].installs[0];
      assert.equal(m.text.slice(install.command.start, install.command.end), 'npm ci');
      assert.equal(r(install.range), '2:4-2:10');
      assert.deepEqual(m.stages[0].runs[0].commands.map((c) => m.text.slice(c.start, c.end)), ['npm ci', 'npm run build']);
    };
    it('LF', () => check(base, 0));
    it('CRLF', () => check(base.replace(/\n/g, '\r\n'), 0));
    it('BOM (positions count the BOM as the text does)', () => check('\ufeff' + base, 1));
    it('# escape=` with backtick continuations', () => {
      const text = '# escape=`\nFROM mcr.microsoft.com/dotnet/sdk:8.0\nCOPY . C:\\app\\\nRUN dotnet restore `\n    && dotnet build\n';
      const m = buildDockerfileModel(text);
      assert.equal(m.escape, '`');
      assert.deepEqual(m.stages[0].copies[0].dest?.value, 'C:\\app\\');
      assert.deepEqual(m.stages[0].runs[0].commands.map((c) => m.text.slice(c.start, c.end)), ['dotnet restore', 'dotnet build']);
    });
    it('comment lines inside a continuation are skipped', () => {
      const m = buildDockerfileModel('FROM debian:trixie-slim\nRUN apt-get update \\\n# a comment\n\n    && apt-get install -y curl\n');
      assert.deepEqual(m.stages[0].runs[0].commands.map((c) => m.text.slice(c.start, c.end)), ['apt-get update', 'apt-get install -y curl']);
      assert.deepEqual(m.comments.map((c) => [c.line, c.text]), [[2, 'a comment']]);
    });
  });

  describe('half-typed and broken input', () => {
    for (const text of ['FROM', 'FROM node AS', 'RUN \\', 'COPY --from=', 'FROM a\nRUN <<EOF\nnever closed', 'FROM a\nUSER', 'FROM a\nCOPY', 'FROM a\nRUN "unterminated', 'FROM a\nRUN $(echo', 'FROM a\nHEALTHCHECK', 'FROM a\nEXPOSE', '\u0000\u0001FROM', 'FROM a\nRUN ((((((((((((((((', '']) {
      it(JSON.stringify(text), () => {
        const m = buildDockerfileModel(text);
        assert.ok(Array.isArray(m.stages));
      });
    }
    it('instructionAtLine finds the instruction of any line it spans', () => {
      const m = buildDockerfileModel('FROM a\n\nRUN x \\\n  y \\\n  z\nUSER b\n');
      assert.deepEqual([0, 1, 2, 3, 4, 5].map((l) => instructionAtLine(m, l)?.keyword), ['FROM', undefined, 'RUN', 'RUN', 'RUN', 'USER']);
    });
  });
});
