import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiskFiles } from '../../server/src/engine/files';
import { languageOfPath } from '../../server/src/engine/languages';
import { lint } from '../../server/src/engine/runner';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

function lintFolder(dir: string) {
  const out: string[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const language = languageOfPath(name);
    if (!language) continue;
    const file = path.join(dir, name);
    const r = lint({ text: fs.readFileSync(file, 'utf8'), language, path: file, files: new DiskFiles() });
    out.push(...r.findings.map((f) => `${name}:${f.range.start.line + 1} ${f.ruleId}`));
  }
  return out;
}

describe('examples/ (the input of `npm start`)', () => {
  for (const project of fs.readdirSync(EXAMPLES).sort()) {
    it(`${project}/corrected is clean under every rule`, () => {
      assert.deepEqual(lintFolder(path.join(EXAMPLES, project, 'corrected')), []);
    });
    it(`${project}/naive shows findings`, () => {
      assert.ok(lintFolder(path.join(EXAMPLES, project, 'naive')).length > 0);
    });
  }

  it('the naive Dockerfiles break the three foundation practices', () => {
    const ids = (p: string) => new Set(lintFolder(path.join(EXAMPLES, p, 'naive')).map((l) => l.split(' ')[1]));
    for (const p of ['python-uv', 'nextjs']) {
      for (const id of ['copy-manifests-first', 'pin-image-tag', 'run-as-non-root']) assert.ok(ids(p).has(id), `${p}: ${id}`);
    }
  });
});
