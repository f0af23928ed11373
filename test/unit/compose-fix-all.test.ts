import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mergeFixes } from '../../server/src/engine/edits';
import { MemoryFiles } from '../../server/src/engine/files';
import { fixAll } from '../../server/src/engine/fix-all';
import type { Fix } from '../../server/src/engine/types';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'compose', 'shop');
const read = (name: string) => fs.readFileSync(path.join(FIXTURE, name), 'utf8');
const DIR = '/work/shop';

/** The whole naive shop file through "fix all": every Compose rule at once, across passes. */
describe('Compose fix-all', () => {
  it('safe fixes only: the cache source and the pin that keeps the same image', () => {
    const res = fixAll({ text: read('compose.yaml'), language: 'compose', path: `${DIR}/compose.yaml`, files: new MemoryFiles({}) });
    assert.deepEqual(res.applied.map((f) => f.ruleId).sort(), ['compose-build-cache-from', 'compose-pin-image-tag']);
    assert.ok(res.text.includes('    build:\n      context: .\n      cache_from:\n        - ghcr.io/acme/shop-web:1.4\n'));
    assert.ok(res.text.includes('    image: postgres:18\n'));
    assert.ok(res.text.includes('    image: redis:latest\n'), 'redis:8 is not known to be what latest was: unsafe');
    assert.equal(res.otherFiles.size, 0);
  });

  it('safe and unsafe fixes converge to a clean file, each shared edit applied once', () => {
    const res = fixAll({ text: read('compose.yaml'), language: 'compose', path: `${DIR}/compose.yaml`, files: new MemoryFiles({}) }, ['safe', 'unsafe']);
    assert.equal(res.text, read('compose.fixed.yaml'));
    assert.deepEqual(res.remaining.findings.map((f) => f.ruleId), []);
    assert.deepEqual(
      [...res.otherFiles].map(([p, v]) => [p, v.text, v.created]).sort(),
      [
        [`${DIR}/db.env`, 'POSTGRES_PASSWORD=shop-password\n', true],
        [`${DIR}/web.env`, 'APP_ENV=production\nLOG_LEVEL=info\nWORKERS=4\nCACHE_URL=redis://cache:6379/0\nDATABASE_URL=postgres://shop:shop-password@db:5432/shop\nSESSION_SECRET=change-me-please\n', true],
      ].sort(),
    );
  });

  it('mergeFixes applies an edit that two fixes share once', () => {
    const at = { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } };
    const a: Fix = { title: 'a', safety: 'safe', edits: [{ range: at, newText: 'x\n' }] };
    const b: Fix = { title: 'b', safety: 'safe', edits: [{ range: at, newText: 'x\n' }, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, newText: 'Y' }] };
    const merged = mergeFixes([a, b]);
    assert.deepEqual(merged.taken, [a, b]);
    assert.deepEqual(merged.edits.map((e) => e.newText), ['x\n', 'Y']);
  });
});
