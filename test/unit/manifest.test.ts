import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configurationContribution } from '../../scripts/manifest';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('extension manifest', () => {
  it('contributes.configuration is generated from the rule registry (run `npm run sync-manifest`)', () => {
    assert.deepEqual(pkg.contributes.configuration, configurationContribution());
  });

  it('names the bins, the bundles and the activation events', () => {
    assert.equal(pkg.name, 'layerwise');
    assert.equal(pkg.main, './dist/client.js');
    assert.deepEqual(pkg.bin, { layerwise: './dist/cli.js', 'layerwise-lsp': './dist/server.js' });
    assert.ok(pkg.engines.vscode);
    for (const e of ['onLanguage:dockerfile', 'onLanguage:dockercompose', 'onLanguage:yaml']) assert.ok(pkg.activationEvents.includes(e), e);
  });

  it('associates every Dockerfile name with the dockerfile language', () => {
    const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'dockerfile');
    assert.deepEqual([...lang.filenames, ...lang.filenamePatterns].sort(), ['*.containerfile', '*.dockerfile', 'Containerfile', 'Containerfile.*', 'Dockerfile', 'Dockerfile.*']);
  });

  it('.vscodeignore keeps sources, tests and node_modules out of the package', () => {
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^\*\*$/m, 'everything is excluded by default');
    const included = ignore.split('\n').filter((l) => l.startsWith('!'));
    assert.ok(included.every((l) => !/src|test|node_modules|\.map/.test(l)), included.join(', '));
  });
});
