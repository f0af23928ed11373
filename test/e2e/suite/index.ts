/**
 * The extension-host entry point (`extensionTestsPath`): VS Code loads this module in the real extension host and
 * awaits `run()`. Both launchers (scripts/e2e/suite-electron.mjs and scripts/e2e/suite-code-server.mjs) point at
 * the bundle of this file; the exit code of the window is the outcome of the returned promise.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    // Waits inside the tests have their own, shorter timeouts with a message; this is the backstop.
    timeout: 90_000,
    color: false,
    reporter: 'spec',
    // A grep for local runs (LAYERWISE_E2E_GREP="fix-all" npm run test:e2e); on CI every test runs.
    grep: process.env.CI === 'true' || process.env.CI === '1' ? undefined : process.env.LAYERWISE_E2E_GREP || undefined,
  });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  if (files.length === 0) throw new Error(`no *.test.js next to ${__filename}: the suite was not built`);
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  await new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed`));
        else if (runner.stats && runner.stats.passes === 0) reject(new Error('no end-to-end test ran'));
        else resolve();
      });
    } catch (e) {
      reject(e);
    }
  });
}
