// Starting and stopping code-server (a real VS Code, served to the browser) and the headless Chromium that opens
// it. Each start gets its own user-data and extensions folders; TMPDIR and XDG folders point into the run's work
// folder so nothing lands in the home directory; code-server runs in a process group of its own, killed at stop.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { cleanEnv, withoutNpmBins } from './toolchain.mjs';

/** Settings that keep a fresh profile quiet and offline: no welcome page, no AI panel, no update checks. */
export const QUIET_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'editor.lightbulb.enabled': 'on',
};

/** The environment for code-server: Node 24 first on PATH, and every temporary/config folder under `work`. */
export function codeServerEnv(tools, work, extra = {}) {
  const dirs = {
    TMPDIR: path.join(work, 'tmp'),
    XDG_CONFIG_HOME: path.join(work, 'xdg-config'),
    XDG_DATA_HOME: path.join(work, 'xdg-data'),
    XDG_CACHE_HOME: path.join(work, 'xdg-cache'),
    npm_config_cache: path.join(work, 'npm-cache'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const env = { ...cleanEnv(), ...dirs, PATH: `${tools.nodeBin}${path.delimiter}${withoutNpmBins(process.env.PATH)}`, ...extra };
  // An inherited VS Code/Electron environment would confuse code-server's own extension host.
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  return env;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** A fresh profile: user-data-dir with the quiet settings, and an extensions dir. */
export function freshProfile(dir, settings = {}) {
  const userDataDir = path.join(dir, 'user-data');
  const extensionsDir = path.join(dir, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2) + '\n');
  return { userDataDir, extensionsDir };
}

/** Copies the fixture workspace to a fresh folder, so tests may edit and save its files. */
export function copyWorkspace(from, to) {
  mkdirSync(path.dirname(to), { recursive: true });
  cpSync(from, to, { recursive: true });
  return to;
}

/** `code-server --install-extension <vsix>` into the profile's extensions dir. */
export function installExtension(tools, profile, vsix, work) {
  const r = spawnSync(
    tools.codeServer,
    ['--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--install-extension', vsix],
    { env: codeServerEnv(tools, work), encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

const live = new Set();
function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}
// Whatever happens to this process, code-server does not outlive it.
process.on('exit', () => {
  for (const c of live) killGroup(c, 'SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const c of live) killGroup(c, 'SIGKILL');
    process.exit(130);
  });
}

/**
 * Starts code-server on a free port over `workspace` and resolves once /healthz answers. `stop()` kills its
 * whole process group (code-server forks the extension host and the language server under it).
 */
export async function startCodeServer({ tools, work, profile, workspace, logFile, env = {}, readyTimeoutMs = 60_000 }) {
  const port = await freePort();
  const args = [
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--reconnection-grace-time', '5',
    // Lets the page pass extensionDevelopmentPath/extensionTestsPath and call codeAutomationExit.
    '--vscode-option', 'enable-smoke-test-driver',
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
    '--config', '/dev/null',
    workspace,
  ];
  const log = createWriteStream(logFile);
  const child = spawn(tools.codeServer, args, { env: codeServerEnv(tools, work, env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  live.add(child);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const started = Date.now();
  let early;
  exited.then((e) => (early = e));
  for (;;) {
    if (early) throw new Error(`code-server exited before it was ready (${JSON.stringify(early)}); see ${logFile}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - started > readyTimeoutMs) {
      killGroup(child, 'SIGKILL');
      throw new Error(`code-server did not answer /healthz within ${readyTimeoutMs} ms; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const base = `http://127.0.0.1:${port}`;
  return {
    port,
    base,
    readySeconds: (Date.now() - started) / 1000,
    /** The workbench URL for a folder, with an optional smoke-test payload ([[key, value], ...]). */
    url(folder, payload) {
      let u = `${base}/?folder=${encodeURIComponent(folder)}`;
      if (payload) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return u;
    },
    /** A file path as code-server's remote URI (what the payload wants). */
    remoteUri(p) {
      return `vscode-remote://127.0.0.1:${port}${p}`;
    },
    async stop() {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      // Children that ignored SIGTERM (a language server mid-request) go with the group.
      killGroup(child, 'SIGKILL');
      live.delete(child);
      log.end();
    },
  };
}

/** Debian's Chromium through playwright-core (the driver only: no browser download), with a fresh profile. */
export async function launchChromium(tools, profileDir) {
  const require = createRequire(path.join(tools.playwrightDir, 'package.json'));
  const { chromium } = require('playwright-core');
  mkdirSync(profileDir, { recursive: true });
  return chromium.launchPersistentContext(profileDir, {
    executablePath: tools.chromium,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
