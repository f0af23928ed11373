// `npm run test:e2e`: the end-to-end tier, in a real VS Code.
//
//  1. the toolchain (scripts/e2e/toolchain.mjs): Chromium and libkrb5-dev from Debian, Node 24, code-server and
//     playwright-core from npm, cached under $LAYERWISE_E2E_CACHE (default ~/.cache/layerwise-e2e);
//  2. `npm run package`: the bundles and layerwise.vsix;
//  3. the extension-host suite (test/e2e/suite) over a fresh copy of test/e2e/workspace, loaded unpacked from
//     this folder, in code-server (scripts/e2e/suite-code-server.mjs) or desktop VS Code
//     (scripts/e2e/suite-electron.mjs);
//  4. the UI test (test/e2e/ui) against code-server with the packaged .vsix installed in a fresh profile.
//
// Which VS Code runs the suite:
//  - CI=true: code-server, always; a missing tool fails the run (never a skip).
//  - LAYERWISE_E2E_HOST=code-server|electron: that one.
//  - VSCODE_EXECUTABLE set: that desktop VS Code, through @vscode/test-electron.
//  - otherwise code-server, set up on first use; if it cannot be set up (not root and no Chromium), desktop
//    VS Code downloaded by @vscode/test-electron where the machine can reach it.
// The UI test needs code-server and Chromium; when they are missing the run fails with what to install, unless
// LAYERWISE_E2E_UI=skip is set (ignored on CI).
//
// LAYERWISE_E2E_ONLY=suite|ui runs one of the two (for local iteration; ignored on CI, where both run), and
// LAYERWISE_E2E_GREP=<regexp> filters the suite's tests.
//
// Results (logs, screenshots) go to test-results/e2e/<time>/, printed at the start and the end.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSuite, ROOT } from './build-suite.mjs';
import { copyWorkspace, freshProfile, installExtension, startCodeServer } from './code-server.mjs';
import { runSuiteInCodeServer } from './suite-code-server.mjs';
import { runSuiteInElectron } from './suite-electron.mjs';
import { CACHE, ensureToolchain, SetupError } from './toolchain.mjs';

const CI = process.env.CI === 'true' || process.env.CI === '1';
const t0 = Date.now();
const seconds = (from) => ((Date.now() - from) / 1000).toFixed(1);
const summary = [];
const line = (name, secs, status) => `${name.padEnd(44)} ${secs.padStart(6)}${secs === '-' ? '  ' : ' s'}  ${status}`;
const step = async (name, fn) => {
  const s = Date.now();
  console.log(`\n== e2e: ${name}`);
  try {
    const r = await fn();
    summary.push(line(name, seconds(s), r?.status ?? 'ok'));
    return r;
  } catch (e) {
    summary.push(line(name, seconds(s), 'FAILED'));
    throw e;
  }
};

const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace(/Z$/, '');
const resultsRoot = path.join(ROOT, 'test-results', 'e2e');
// Keep the last ten runs' results.
try {
  const runs = readdirSync(resultsRoot).filter((d) => /^\d{4}-\d\d-\d\dT/.test(d)).sort();
  for (const old of runs.slice(0, Math.max(0, runs.length - 9))) rmSync(path.join(resultsRoot, old), { recursive: true, force: true });
} catch {
  /* no earlier runs */
}
const runDir = path.join(resultsRoot, stamp);
const work = path.join(runDir, 'work');
mkdirSync(work, { recursive: true });
// The fixture workspaces are copied outside the project: some rules read folder names (a Dockerfile under `e2e/`,
// `test/` or `dev/` is taken for a development image), so the copies must not sit under test-results/e2e.
const workspaces = mkdtempSync(path.join(tmpdir(), 'layerwise-ws-'));
try {
  rmSync(path.join(resultsRoot, 'latest'), { force: true });
  symlinkSync(stamp, path.join(resultsRoot, 'latest'));
} catch {
  /* a convenience only */
}
console.log(`e2e results: ${path.relative(ROOT, runDir)}`);

function fail(message) {
  console.error(`\ne2e: ${message}`);
  finish(1);
}

function finish(code) {
  console.log(`\n== e2e summary (${path.relative(ROOT, runDir)})`);
  for (const line of summary) console.log(`  ${line}`);
  console.log(`  ${line('total', seconds(t0), code === 0 ? 'PASS' : 'FAIL')}`);
  if (code === 0) {
    rmSync(work, { recursive: true, force: true });
    rmSync(workspaces, { recursive: true, force: true });
  } else {
    console.log(`  (kept for a look: ${path.relative(ROOT, work)} and ${workspaces})`);
  }
  process.exit(code);
}

async function main() {
  const forced = process.env.LAYERWISE_E2E_HOST;
  if (forced && !['code-server', 'electron'].includes(forced)) fail(`LAYERWISE_E2E_HOST must be code-server or electron, not ${forced}`);
  if (CI && forced === 'electron') fail('on CI the end-to-end tests run in code-server (LAYERWISE_E2E_HOST=electron is for desktop machines)');
  const only = CI ? undefined : process.env.LAYERWISE_E2E_ONLY;
  if (only && !['suite', 'ui'].includes(only)) fail(`LAYERWISE_E2E_ONLY must be suite or ui, not ${only}`);
  const skipUi = !CI && (process.env.LAYERWISE_E2E_UI === 'skip' || only === 'suite');

  // 1. The toolchain. On CI a failure here fails the run; locally it may leave desktop VS Code as the only way.
  let tools;
  let setupProblem;
  // Only a desktop-only run that skips the UI test does without code-server.
  const desktopOnly = forced === 'electron' || (!forced && !!process.env.VSCODE_EXECUTABLE);
  if (!(desktopOnly && skipUi)) {
    try {
      tools = await step('toolchain (Chromium, Node 24, code-server)', () => ensureToolchain());
    } catch (e) {
      if (!(e instanceof SetupError)) throw e;
      setupProblem = e.message;
      console.error(`e2e setup: ${e.message}`);
      if (CI || forced === 'code-server') fail('the code-server toolchain could not be set up (see above)');
    }
  }
  const host = forced ?? (process.env.VSCODE_EXECUTABLE ? 'electron' : tools ? 'code-server' : 'electron');

  // 2. The product as it ships.
  await step('npm run package (bundles + .vsix)', () => {
    const r = spawnSync('npm', ['run', '-s', 'package'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    if (r.status !== 0) {
      console.log(r.stdout);
      throw new Error('npm run package failed');
    }
  });
  const vsix = path.join(ROOT, 'layerwise.vsix');
  const suiteIndex = await step('build the extension-host suite', () => buildSuite());

  // 3. The extension-host suite.
  const workspace = copyWorkspace(path.join(ROOT, 'test', 'e2e', 'workspace'), path.join(workspaces, 'workspace'));
  let suiteCode = 0;
  if (only === 'ui') {
    summary.push(line('extension-host suite', '-', 'NOT RUN (LAYERWISE_E2E_ONLY=ui)'));
  } else if (host === 'code-server') {
    suiteCode = await step('suite in code-server', async () => {
      const code = await runSuiteInCodeServer({ tools, root: ROOT, suiteIndex, workspace, runDir, work });
      return { status: code === 0 ? 'PASS' : `FAIL (exit ${code})` };
    }).then((r) => (r.status === 'PASS' ? 0 : 1));
  } else {
    suiteCode = await step('suite in desktop VS Code', async () => {
      let code;
      try {
        code = await runSuiteInElectron({ root: ROOT, suiteIndex, workspace, work, cache: CACHE });
      } catch (e) {
        fail(
          `desktop VS Code could not be started or downloaded (${String(e?.message ?? e).split('\n')[0]}).\n` +
            (setupProblem ? `  and code-server could not be set up: ${setupProblem}\n` : '') +
            '  Either install what code-server needs (see above), or set VSCODE_EXECUTABLE to a desktop VS Code.',
        );
      }
      return { status: code === 0 ? 'PASS' : `FAIL (exit ${code})` };
    }).then((r) => (r.status === 'PASS' ? 0 : 1));
  }

  // 4. The UI test through the packaged .vsix.
  let uiCode = 0;
  if (!tools || skipUi) {
    if (skipUi) {
      summary.push(line('UI test', '-', `NOT RUN (${only === 'suite' ? 'LAYERWISE_E2E_ONLY=suite' : 'LAYERWISE_E2E_UI=skip'})`));
    } else {
      fail(`the UI test needs code-server and Chromium: ${setupProblem}\n  To run only the suite on this machine, set LAYERWISE_E2E_UI=skip.`);
    }
  } else {
    uiCode = await step('UI test in code-server (.vsix)', async () => {
      const uiWork = path.join(work, 'ui');
      const uiWorkspace = copyWorkspace(path.join(ROOT, 'test', 'e2e', 'workspace', 'nextjs'), path.join(workspaces, 'nextjs'));
      const profile = freshProfile(path.join(uiWork, 'profile'));
      console.log(installExtension(tools, profile, vsix, work));
      const server = await startCodeServer({ tools, work, profile, workspace: uiWorkspace, logFile: path.join(runDir, 'code-server-ui.log') });
      try {
        const ctx = {
          url: server.url(uiWorkspace),
          workspace: uiWorkspace,
          shots: path.join(runDir, 'screenshots'),
          playwright: tools.playwright,
          chromium: tools.chromium,
          profile: path.join(uiWork, 'chromium'),
        };
        // Asynchronously: code-server's output pipes must keep draining while the test runs.
        const mocha = spawn(
          process.execPath,
          [path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--config', path.join(ROOT, '.mocharc.json'), '--reporter', 'spec', '--bail', 'test/e2e/ui/*.ui.ts'],
          { cwd: ROOT, stdio: 'inherit', env: { ...process.env, LAYERWISE_E2E_UI: JSON.stringify(ctx) } },
        );
        const status = await new Promise((resolve) => mocha.on('exit', (code, signal) => resolve(code ?? signal)));
        return { status: status === 0 ? 'PASS' : `FAIL (exit ${status})`, code: status === 0 ? 0 : 1 };
      } finally {
        await server.stop();
      }
    }).then((r) => r.code);
  }
  finish(suiteCode === 0 && uiCode === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e instanceof SetupError ? e.message : e);
  finish(1);
});
