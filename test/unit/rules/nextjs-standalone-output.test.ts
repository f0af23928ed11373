import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import rule from '../../../server/src/rules/dockerfile/nextjs-standalone-output';
import { DIR, lintCase, run, ruleTester } from '../helpers/rule-tester';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'nextjs');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

const RUNNER = 'FROM node:24-alpine AS builder\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n\nFROM node:24-alpine\nWORKDIR /app\nCOPY --from=builder /app/.next/standalone ./\nCOPY --from=builder /app/.next/static ./.next/static\nCMD ["node", "server.js"]\n';
const PKG = '{ "dependencies": { "next": "15.5.0", "react": "19.1.0" } }';
const MISSING = (file: string) => `The image copies \`/app/.next/standalone\` (line 8), but ${file} does not set \`output: "standalone"\`: \`next build\` writes no .next/standalone, so the COPY fails.`;

ruleTester(rule, {
  valid: [
    { name: 'next.config.mjs sets standalone', code: RUNNER, files: { 'package.json': PKG, 'next.config.mjs': 'export default { output: "standalone" };\n' } },
    { name: 'a conditional standalone output', code: RUNNER, files: { 'next.config.js': 'module.exports = { output: process.env.DOCKER ? "standalone" : undefined };\n' } },
    { name: 'set by assignment', code: RUNNER, files: { 'next.config.js': 'const nextConfig = {};\nnextConfig.output = "standalone";\nmodule.exports = nextConfig;\n' } },
    { name: 'a spread config may set it: unknown', code: RUNNER, files: { 'next.config.js': 'const base = require("./base.config");\nmodule.exports = { ...base, reactStrictMode: true };\n' } },
    { name: 'output from a variable: unknown', code: RUNNER, files: { 'next.config.mjs': 'const output = process.env.NEXT_OUTPUT;\nexport default { output };\n' } },
    { name: 'the typed TypeScript config', code: RUNNER, files: { 'next.config.ts': fixture('typed-standalone.ts.txt') } },
    { name: 'no standalone copy', code: 'FROM node:24-alpine\nCOPY . .\nRUN npm ci && npm run build\nCMD ["npm", "start"]\n', files: { 'next.config.mjs': 'export default {};\n' } },
    {
      name: 'a monorepo app found through the build stage\'s COPY . .',
      code: 'FROM node:24-alpine AS builder\nWORKDIR /repo\nCOPY . .\nRUN npm ci && npm run build -w web\nFROM node:24-alpine\nCOPY --from=builder /repo/apps/web/.next/standalone ./\nCMD ["node", "apps/web/server.js"]\n',
      files: { 'package.json': '{}', 'apps/web/package.json': PKG, 'apps/web/next.config.js': 'module.exports = { output: "standalone" };\n' },
    },
    {
      name: 'a Dockerfile in a subfolder, the app further up',
      file: 'docker/production/Dockerfile',
      code: RUNNER,
      files: { 'package.json': PKG, 'next.config.js': "module.exports = {\n  output: 'standalone',\n};\n" },
    },
    { name: 'a TypeScript `as const` literal', code: RUNNER, files: { 'next.config.ts': 'export default { output: "standalone" as const };\n' } },
    { name: 'a commented-out output does not count, but a live one after it does', code: RUNNER, files: { 'next.config.js': "module.exports = {\n  // output: 'export',\n  output: 'standalone',\n};\n" } },
  ],
  invalid: [
    {
      name: 'next.config.mjs without output: the property is added in the file\'s style',
      code: RUNNER,
      files: { 'package.json': PKG, 'next.config.mjs': fixture('plain.mjs') },
      findings: [
        {
          range: '8:21-8:42',
          message: MISSING('next.config.mjs'),
          fixes: [{ title: 'Add output: "standalone" to next.config.mjs', safety: 'safe', output: RUNNER, otherFiles: { 'next.config.mjs': fixture('plain.fixed.mjs') } }],
        },
      ],
    },
    {
      name: 'module.exports on one line, single quotes',
      code: RUNNER,
      files: { 'next.config.js': "const path = require('path');\nmodule.exports = { reactStrictMode: true, distDir: path.join('build') }\n" },
      findings: [{ range: '8:21-8:42', message: MISSING('next.config.js'), fixes: [{ safety: 'safe', otherFiles: { 'next.config.js': "const path = require('path');\nmodule.exports = { output: 'standalone', reactStrictMode: true, distDir: path.join('build') }\n" } }] }],
    },
    {
      name: 'a typed next.config.ts whose object holds only a comment',
      code: RUNNER,
      files: { 'next.config.ts': fixture('typed.ts.txt') },
      findings: [{ range: '8:21-8:42', fixes: [{ safety: 'safe', otherFiles: { 'next.config.ts': fixture('typed.fixed.ts.txt') } }] }],
    },
    {
      name: 'a wrapped config (withBundleAnalyzer(nextConfig)), tabs, semicolon-free, CRLF',
      code: RUNNER,
      files: { 'next.config.js': "const withBundleAnalyzer = require('@next/bundle-analyzer')({ enabled: false })\r\n\r\nconst nextConfig = {\r\n\treactStrictMode: true,\r\n}\r\n\r\nmodule.exports = withBundleAnalyzer(nextConfig)\r\n" },
      findings: [{ range: '8:21-8:42', fixes: [{ safety: 'safe', otherFiles: { 'next.config.js': "const withBundleAnalyzer = require('@next/bundle-analyzer')({ enabled: false })\r\n\r\nconst nextConfig = {\r\n\toutput: 'standalone',\r\n\treactStrictMode: true,\r\n}\r\n\r\nmodule.exports = withBundleAnalyzer(nextConfig)\r\n" } }] }],
    },
    {
      name: 'export default of a call with an object (defineConfig style) and an empty object',
      code: RUNNER,
      files: { 'next.config.mjs': 'import { defineConfig } from "./config-helpers.mjs";\n\nexport default defineConfig({});\n' },
      findings: [{ range: '8:21-8:42', fixes: [{ safety: 'safe', otherFiles: { 'next.config.mjs': 'import { defineConfig } from "./config-helpers.mjs";\n\nexport default defineConfig({ output: "standalone" });\n' } }] }],
    },
    {
      name: 'output: "export" is replaced, unsafe',
      code: RUNNER,
      files: { 'next.config.js': "module.exports = {\n  output: 'export',\n  images: { unoptimized: true },\n};\n" },
      findings: [
        {
          range: '8:21-8:42',
          message: 'The image copies `/app/.next/standalone` (line 8), but next.config.js sets `output: "export"`: `next build` then writes no .next/standalone. Use `output: "standalone"` for a Node.js server image, or serve the static `out/` folder with a web server instead.',
          fixes: [{ title: 'Set output: "standalone" in next.config.js', safety: 'unsafe', otherFiles: { 'next.config.js': "module.exports = {\n  output: 'standalone',\n  images: { unoptimized: true },\n};\n" } }],
        },
      ],
    },
    {
      name: 'a config exported as a function: no edit, the message says so',
      code: RUNNER,
      files: { 'next.config.js': 'module.exports = (phase) => ({ reactStrictMode: true });\n' },
      findings: [
        {
          range: '8:21-8:42',
          message: MISSING('next.config.js') + ' Layerwise cannot add it for you: it exports a function; add `output: "standalone"` to the config yourself.',
          fixes: [],
        },
      ],
    },
    {
      name: 'no next.config, package.json with next: next.config.mjs is created',
      code: RUNNER,
      files: { 'package.json': PKG },
      findings: [
        {
          range: '8:21-8:42',
          message: 'The image copies `/app/.next/standalone` (line 8), but no next.config.{js,mjs,ts} was found next to package.json: `next build` writes .next/standalone only with `output: "standalone"` in next.config.',
          fixes: [{ title: 'Create next.config.mjs with output: "standalone"', safety: 'safe', otherFiles: { 'next.config.mjs': fixture('created.mjs') } }],
        },
      ],
    },
    {
      name: 'nothing visible at all: the created file is a guess, unsafe',
      code: RUNNER,
      findings: [{ range: '8:21-8:42', message: /no next\.config\.\{js,mjs,ts\} was found next to the Dockerfile/, fixes: [{ safety: 'unsafe', otherFiles: { 'next.config.mjs': fixture('created.mjs') } }] }],
    },
    {
      name: 'the app path from a build argument',
      code: 'ARG APP_DIR=/app\nFROM node:24-alpine AS builder\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nFROM node:24-alpine\nARG APP_DIR\nCOPY --from=builder ${APP_DIR}/.next/standalone ./\nCMD ["node", "server.js"]\n',
      files: { 'package.json': PKG, 'next.config.mjs': 'export default {};\n' },
      findings: [{ range: '8:21-8:48', message: /next\.config\.mjs does not set/, fixes: [{ safety: 'safe', otherFiles: { 'next.config.mjs': 'export default { output: "standalone" };\n' } }] }],
    },
    {
      name: 'nothing visible, a monorepo path: the first folder (the WORKDIR) is dropped from the guess',
      code: 'FROM node:24-alpine AS builder\nWORKDIR /app\nCOPY --from=deps /app/out/ .\nFROM node:24-alpine\nCOPY --from=builder /app/web/.next/standalone ./\n',
      findings: [{ range: '5:21-5:46', fixes: [{ title: 'Create web/next.config.mjs with output: "standalone"', safety: 'unsafe', otherFiles: { 'web/next.config.mjs': fixture('created.mjs') } }] }],
    },
    {
      name: 'a monorepo app: the config in apps/web is edited',
      code: 'FROM node:24-alpine AS builder\nWORKDIR /repo\nCOPY . .\nRUN npm ci && npm run build -w web\nFROM node:24-alpine\nCOPY --from=builder /repo/apps/web/.next/standalone ./\nCMD ["node", "apps/web/server.js"]\n',
      files: { 'package.json': '{}', 'apps/web/package.json': PKG, 'apps/web/next.config.js': 'module.exports = {};\n' },
      findings: [{ range: '6:21-6:52', message: /but apps\/web\/next\.config\.js does not set/, fixes: [{ safety: 'safe', otherFiles: { 'apps/web/next.config.js': 'module.exports = { output: "standalone" };\n' } }] }],
    },
    {
      name: 'copied from the build context, CRLF Dockerfile, two stages copy it: one finding',
      code: 'FROM node:24-alpine AS a\r\nCOPY .next/standalone ./\r\nCMD ["node", "server.js"]\r\nFROM node:24-alpine\r\nCOPY ./.next/standalone/ ./\r\nCMD ["node", "server.js"]\r\n',
      files: { 'next.config.mjs': 'export default {\n  poweredByHeader: false,\n};\n' },
      findings: [{ range: '2:6-2:22', fixes: [{ safety: 'safe', otherFiles: { 'next.config.mjs': 'export default {\n  output: "standalone",\n  poweredByHeader: false,\n};\n' } }] }],
    },
  ],
});

describe('rule nextjs-standalone-output: re-checking when next.config changes', () => {
  it("the lint result's dependencies name every next.config it looked for", () => {
    const result = lintCase(rule, { code: RUNNER, files: { 'package.json': PKG } });
    for (const name of ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs']) {
      assert.ok(result.dependencies.includes(`${DIR}/${name}`), `${name} in ${result.dependencies.join(', ')}`);
    }
  });

  it('the config it read is a dependency, and a change to it changes the finding', () => {
    const before = lintCase(rule, { code: RUNNER, files: { 'next.config.mjs': fixture('plain.mjs') } });
    assert.ok(before.dependencies.includes(`${DIR}/next.config.mjs`));
    assert.equal(run(before, rule).length, 1);
    const after = lintCase(rule, { code: RUNNER, files: { 'next.config.mjs': fixture('plain.fixed.mjs') } });
    assert.equal(run(after, rule).length, 0);
  });
});
