import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';

function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-'));
    fs.mkdirSync(path.join(dir, 'api'));
    fs.mkdirSync(path.join(dir, 'node_modules', 'x'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'api', 'Dockerfile'), 'FROM alpine\nUSER 1000\n');
    fs.writeFileSync(path.join(dir, 'Dockerfile.clean'), 'FROM alpine:3.24\nUSER 1000\n');
    fs.writeFileSync(path.join(dir, 'node_modules', 'x', 'Dockerfile'), 'FROM alpine\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds Dockerfiles in directories (skipping node_modules) and prints file:line:col severity rule message', () => {
    const r = cli([], dir);
    assert.equal(r.stdout, 'api/Dockerfile:1:6 warning pin-image-tag The base image `alpine` has no tag: builds are not reproducible. Pin a version, e.g. `alpine:3.24` (current as of 2026-08-19).\n');
    assert.equal(r.code, 1);
  });

  it('exits 0 when nothing at warning level or above is found', () => {
    assert.deepEqual(cli(['Dockerfile.clean'], dir), { code: 0, stdout: '', stderr: '' });
  });

  it('--format json', () => {
    const r = cli(['--format', 'json', 'api'], dir);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.map((f: { file: string }) => f.file), ['api/Dockerfile']);
    assert.deepEqual(out[0].findings.map((f: { ruleId: string; line: number; column: number; endColumn: number }) => [f.ruleId, f.line, f.column, f.endColumn]), [['pin-image-tag', 1, 6, 12]]);
    assert.equal(out[0].findings[0].fixes[0].safety, 'safe');
  });

  it('exits 2 on a usage error or a missing path', () => {
    assert.equal(cli(['--format', 'xml'], dir).code, 2);
    assert.equal(cli(['--nope'], dir).code, 2);
    const missing = cli(['does-not-exist'], dir);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'layerwise: no such file or directory: does-not-exist\n');
  });
});
