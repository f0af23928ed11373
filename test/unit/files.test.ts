import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CachedFiles, DiskFiles, MemoryFiles, RecordingFiles } from '../../server/src/engine/files';

describe('project files', () => {
  it('DiskFiles answers missing files and folders without throwing, and strips a BOM', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-files-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.txt'), '\ufeffhello');
      const d = new DiskFiles();
      assert.equal(d.read(path.join(dir, 'a.txt')), 'hello');
      assert.equal(d.read(path.join(dir, 'missing.txt')), undefined);
      assert.equal(d.read(dir), undefined, 'a folder is not a file');
      assert.deepEqual(d.list(dir), ['a.txt']);
      assert.equal(d.list(path.join(dir, 'a.txt')), undefined, 'a file is not a folder');
      assert.equal(d.list(path.join(dir, 'nope')), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('CachedFiles keeps answers for its time to live and forgets a path on invalidate', () => {
    let now = 0;
    const base = new MemoryFiles({ '/p/package.json': 'v1' });
    const recorder = new RecordingFiles(base);
    let reads = 0;
    const counting = { read: (f: string) => (reads++, recorder.read(f)), exists: (f: string) => recorder.exists(f), list: (d: string) => recorder.list(d) };
    const cache = new CachedFiles(counting, 1000, () => now);
    assert.equal(cache.read('/p/package.json'), 'v1');
    base.set('/p/package.json', 'v2');
    now = 999;
    assert.equal(cache.read('/p/package.json'), 'v1', 'still cached');
    assert.equal(reads, 1);
    now = 1000;
    assert.equal(cache.read('/p/package.json'), 'v2', 'expired');
    base.set('/p/package.json', 'v3');
    cache.invalidate('/p/package.json');
    assert.equal(cache.read('/p/package.json'), 'v3', 'invalidated');
    assert.deepEqual(cache.list('/p'), ['package.json']);
    base.set('/p/new.txt', '');
    cache.invalidate('/p/new.txt');
    assert.deepEqual(cache.list('/p')?.sort(), ['new.txt', 'package.json'], "a change forgets its folder's listing");
  });
});
