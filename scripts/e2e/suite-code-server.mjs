// Runs the extension-host suite (out/e2e/suite) in code-server's real extension host. The browser only boots the
// workbench: the URL's payload names the extension to load unpacked (extensionDevelopmentPath, no .vsix in this
// profile) and the tests (extensionTestsPath); the workbench calls codeAutomationExit(code) when run() settles.
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { freshProfile, launchChromium, startCodeServer } from './code-server.mjs';

const WORKBENCH_NOISE = [
  /ENOTFOUND open-vsx\.org/,
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^\[reconnection-grace-time\]/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^\[AgentHost:remote\]/,
  /^\[AccountPolicyGate\]/,
];

/**
 * @returns {Promise<number>} the suite's exit code (0: every test passed).
 */
export async function runSuiteInCodeServer({ tools, root, suiteIndex, workspace, runDir, work, timeoutMs = 600_000 }) {
  const profile = freshProfile(path.join(work, 'suite-profile'));
  const logFile = path.join(runDir, 'suite.log');
  writeFileSync(logFile, '');
  const out = (line, { quiet = false } = {}) => {
    if (!quiet) console.log(line);
    appendFileSync(logFile, line + '\n');
  };
  const server = await startCodeServer({ tools, work, profile, workspace, logFile: path.join(runDir, 'code-server-suite.log') });
  out(`[suite] code-server ${server.base} ready in ${server.readySeconds.toFixed(1)} s; workspace ${workspace}`);
  const browser = await launchChromium(tools, path.join(work, 'chromium-suite'));
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    let settle;
    const exited = new Promise((resolve) => (settle = resolve));
    await page.exposeFunction('codeAutomationExit', (code) => settle(code));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      // The extension host's console (mocha's reporter) arrives here, line by line.
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      // The workbench's own chatter (connection setup, the unreachable extension gallery) goes to the log only.
      const quiet = WORKBENCH_NOISE.some((re) => re.test(text));
      for (const line of text.replace(/\n$/, '').split('\n')) out(type === 'error' ? `[host:error] ${line}` : line, { quiet });
    });
    page.on('pageerror', (e) => out(`[page error] ${String(e).split('\n')[0]}`));
    const url = server.url(workspace, [
      ['extensionDevelopmentPath', server.remoteUri(root)],
      ['extensionTestsPath', server.remoteUri(suiteIndex)],
    ]);
    const started = Date.now();
    await page.goto(url);
    let timer;
    const code = await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)))]);
    clearTimeout(timer);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (code === 'timeout') {
      await page.screenshot({ path: path.join(runDir, 'suite-timeout.png') }).catch(() => {});
      out(`[suite] no exit from the extension host after ${timeoutMs / 1000} s (screenshot: suite-timeout.png)`);
      return 1;
    }
    out(`[suite] extension-host suite exited with ${code} after ${seconds} s`);
    return typeof code === 'number' ? code : 1;
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
}
