// `npm start`: the main job. Builds and type-checks, packages the .vsix, then lints the examples with the CLI:
// the naive Dockerfiles show what Layerwise finds, and the corrected ones must come out clean.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

run(npm, ['run', '-s', 'package']);
const vsix = 'layerwise.vsix';
if (existsSync(vsix)) console.log(`\nPackaged ${vsix} (${(statSync(vsix).size / 1024).toFixed(0)} KB). Install it with: code --install-extension ${vsix}\n`);

console.log('Linting the naive examples (findings expected):\n');
spawnSync(process.execPath, ['dist/cli.js', 'examples/python-uv/naive', 'examples/nextjs/naive', ...(existsSync('examples/compose/naive') ? ['examples/compose/naive'] : [])], { stdio: 'inherit' });

console.log('\nLinting the corrected examples (must be clean):\n');
const corrected = ['examples/python-uv/corrected', 'examples/nextjs/corrected', ...(existsSync('examples/compose/corrected') ? ['examples/compose/corrected'] : [])];
const r = spawnSync(process.execPath, ['dist/cli.js', ...corrected], { stdio: 'inherit' });
if (r.status !== 0) {
  console.error('\nThe corrected examples have findings: fix them or the rule.');
  process.exit(1);
}
console.log('No findings in the corrected examples.');
