// Runs the extension-host suite (out/e2e/suite) in desktop VS Code through @vscode/test-electron: the
// VS Code at VSCODE_EXECUTABLE when set, else the one test-electron downloads (into the e2e cache, not the
// project). Same suite, same fixture workspace copy, a fresh profile and extensions folder.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { QUIET_SETTINGS, freshProfile } from './code-server.mjs';

/** @returns {Promise<number>} the suite's exit code (0: every test passed). */
export async function runSuiteInElectron({ root, suiteIndex, workspace, work, cache }) {
  const require = createRequire(path.join(root, 'package.json'));
  const { runTests } = require('@vscode/test-electron');
  const profile = freshProfile(path.join(work, 'electron-profile'), QUIET_SETTINGS);
  const executable = process.env.VSCODE_EXECUTABLE || undefined;
  const cachePath = path.join(cache, 'vscode-test');
  mkdirSync(cachePath, { recursive: true });
  console.log(`[suite] desktop VS Code: ${executable ?? `downloaded by @vscode/test-electron into ${cachePath}`}`);
  try {
    return await runTests({
      vscodeExecutablePath: executable,
      cachePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: suiteIndex,
      launchArgs: [
        workspace,
        '--user-data-dir', profile.userDataDir,
        '--extensions-dir', profile.extensionsDir,
        '--disable-telemetry',
      ],
    });
  } catch (e) {
    // runTests rejects with the exit code when the suite fails, or with a download/launch error.
    if (e && typeof e.code === 'number') return e.code;
    throw e;
  }
}
