/**
 * Decides which template fits a project folder and with which values, by reading a few files through a small
 * interface (the VS Code command passes workspace.fs, the tests a folder on disk). No `vscode` import.
 *
 * - `pyproject.toml` + `uv.lock` → Python + uv; `package.json` that depends on `next` → Next.js standalone;
 *   anything else (neither, both, pyproject.toml without uv.lock) → undecided: the command asks.
 * - Python version: `.python-version`, else the newest current line that `requires-python` allows (pyproject.toml,
 *   then uv.lock). Node.js: `.nvmrc`/`.node-version`, else the preferred current major that `engines.node` allows.
 * - Package manager: the lock file present (pnpm-lock.yaml, yarn.lock, package-lock.json).
 */
import { NEW_NEXT_CONFIG, NEXT_CONFIG_NAMES, addStandaloneOutput, type StandaloneEdit } from './next-config';
import {
  defaultNextjsSettings,
  defaultPythonSettings,
  type NextjsSettings,
  type PackageManager,
  type PythonUvSettings,
  type TemplateId,
} from './render';
import { DEFAULT_NODE, DEFAULT_PYTHON, nodeForRange, nodeFromVersionFile, pythonForSpecifier, pythonFromVersionFile } from './versions';

/** Read access to one project folder; paths are relative, with `/`. */
export interface ProjectReader {
  /** The text of a file, or undefined when it does not exist or is not a file. */
  read(path: string): Promise<string | undefined>;
  /** True when a file or folder exists. */
  exists(path: string): Promise<boolean>;
}

export interface Detected<S> {
  settings: S;
  /** What the values were read from, for the user (`Python 3.13 from requires-python ">=3.13"`). */
  evidence: string[];
  /** What the user should check or do (`no uv.lock: run uv lock`). */
  notes: string[];
}

export interface Detection {
  /** The template that fits, or undefined when the user must choose. */
  template?: TemplateId;
  /** One sentence on why. */
  reason: string;
  /** The order to offer the templates in when asking. */
  candidates: TemplateId[];
  python: Detected<PythonUvSettings>;
  nextjs: Detected<NextjsSettings>;
}

const LABELS: Record<TemplateId, string> = { 'python-uv': 'Python + uv', nextjs: 'Next.js standalone' };
export function templateLabel(id: TemplateId): string {
  return LABELS[id];
}

export async function detectProject(reader: ProjectReader): Promise<Detection> {
  const [pyproject, hasUvLock, pkgText] = await Promise.all([reader.read('pyproject.toml'), reader.exists('uv.lock'), reader.read('package.json')]);
  const pkg = parsePackageJson(pkgText);
  const hasNext = pkg !== undefined && dependsOn(pkg, 'next');
  const python = await detectPython(reader);
  const nextjs = await detectNextjs(reader);
  const uv = pyproject !== undefined && hasUvLock;
  let template: TemplateId | undefined;
  let reason: string;
  let candidates: TemplateId[] = ['python-uv', 'nextjs'];
  if (uv && hasNext) {
    reason = 'The folder has both a uv project (pyproject.toml, uv.lock) and a Next.js app (package.json).';
  } else if (uv) {
    template = 'python-uv';
    reason = 'pyproject.toml and uv.lock: a uv project.';
  } else if (hasNext) {
    template = 'nextjs';
    reason = `package.json depends on next: a Next.js app (${nextjs.settings.packageManager}).`;
    candidates = ['nextjs', 'python-uv'];
  } else if (pyproject !== undefined) {
    reason = 'pyproject.toml without uv.lock: the uv template installs with --locked, so run `uv lock` first.';
  } else if (pkg !== undefined) {
    reason = 'package.json does not depend on next.';
    candidates = ['nextjs', 'python-uv'];
  } else if (pkgText !== undefined) {
    reason = 'package.json could not be read as JSON.';
    candidates = ['nextjs', 'python-uv'];
  } else {
    reason = 'No pyproject.toml with uv.lock and no package.json with next.';
  }
  return { template, reason, candidates, python, nextjs };
}

// ---------------------------------------------------------------------------------------------------------------
// Python + uv

/** The body of a TOML table (`[project]`), up to the next table header. */
export function tomlTable(text: string, name: string): string | undefined {
  const lines = text.split(/\r?\n/);
  const header = new RegExp(`^\\s*\\[\\s*${name.replace(/\./g, '\\.')}\\s*\\]\\s*(?:#.*)?$`);
  const start = lines.findIndex((l) => header.test(l));
  if (start === -1) return undefined;
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\s*\[/.test(line) && !/^\s*\[\s*["']/.test(line)) break;
    body.push(line);
  }
  return body.join('\n');
}

/** A string value `key = "..."` at the top of a TOML table body. */
export function tomlString(body: string, key: string): string | undefined {
  const m = new RegExp(`^\\s*${key}\\s*=\\s*(?:"([^"\\n]*)"|'([^'\\n]*)')`, 'm').exec(body);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** The strings of an array value `key = [ "...", ... ]`, which may span lines. */
export function tomlStringArray(body: string, key: string): string[] | undefined {
  const m = new RegExp(`^\\s*${key}\\s*=\\s*\\[`, 'm').exec(body);
  if (!m) return undefined;
  const out: string[] = [];
  let i = m.index + m[0].length;
  while (i < body.length && body[i] !== ']') {
    const c = body[i];
    if (c === '"' || c === "'") {
      const end = body.indexOf(c, i + 1);
      if (end === -1) break;
      out.push(body.slice(i + 1, end));
      i = end + 1;
    } else if (c === '#') {
      const end = body.indexOf('\n', i);
      i = end === -1 ? body.length : end;
    } else {
      i++;
    }
  }
  return out;
}

/** The normalised name of a PEP 508 requirement (`FastAPI[standard]>=0.115` → `fastapi`), with its extras. */
export function requirementName(req: string): { name: string; extras: string[] } | undefined {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?/.exec(req);
  if (!m) return undefined;
  return { name: m[1].toLowerCase().replace(/[-_.]+/g, '-'), extras: (m[2] ?? '').split(',').map((e) => e.trim().toLowerCase()).filter(Boolean) };
}

const APP_FACTORIES = /^([A-Za-z_]\w*)\s*(?::\s*[\w.]+\s*)?=\s*(?:[\w.]+\.)?(FastAPI|Flask|Starlette|Litestar|Quart|Sanic|Django\w*)\s*\(/m;
const HEALTH_ROUTE = /\.(?:get|route|api_route|head)\s*\(\s*["'](\/(?:api\/)?(?:health|healthz|healthcheck|health-check|livez|readyz|ping|status)\/?)["']/;
const ROOT_ROUTE = /\.(?:get|route|api_route)\s*\(\s*["']\/["']/;

export async function detectPython(reader: ProjectReader): Promise<Detected<PythonUvSettings>> {
  const settings = defaultPythonSettings();
  const evidence: string[] = [];
  const notes: string[] = [];
  const pyproject = (await reader.read('pyproject.toml')) ?? '';
  const project = tomlTable(pyproject, 'project') ?? '';

  // Python version
  const versionFile = await reader.read('.python-version');
  const pinned = versionFile !== undefined ? pythonFromVersionFile(versionFile) : undefined;
  const requires = tomlString(project, 'requires-python');
  const lockRequires = requires === undefined ? tomlString(((await reader.read('uv.lock')) ?? '').split(/\n[ \t]*\[/)[0], 'requires-python') : undefined;
  if (pinned) {
    settings.pythonVersion = pinned;
    evidence.push(`Python ${pinned} from .python-version`);
  } else if (requires ?? lockRequires) {
    const spec = (requires ?? lockRequires)!;
    const from = requires !== undefined ? 'requires-python' : 'uv.lock requires-python';
    const v = pythonForSpecifier(spec);
    if (v) {
      settings.pythonVersion = v;
      evidence.push(`Python ${v}: the newest current version that ${from} "${spec}" allows`);
    } else {
      notes.push(`No current Python version satisfies ${from} "${spec}"; the template uses ${DEFAULT_PYTHON}.`);
    }
  } else {
    evidence.push(`Python ${DEFAULT_PYTHON} (no .python-version or requires-python)`);
  }

  // Server
  const deps = (tomlStringArray(project, 'dependencies') ?? []).map(requirementName).filter((d) => d !== undefined);
  const has = (name: string) => deps.some((d) => d.name === name);
  const hasUvicorn = has('uvicorn') || deps.some((d) => d.name === 'fastapi' && d.extras.includes('standard'));
  if (hasUvicorn) {
    settings.server = 'uvicorn';
    evidence.push('served by uvicorn (a dependency)');
  } else if (has('gunicorn')) {
    settings.server = 'gunicorn';
    evidence.push('served by gunicorn (a dependency)');
  } else {
    notes.push('Neither uvicorn nor gunicorn is a dependency: add one (the CMD runs uvicorn) or change the CMD.');
  }

  // Application module and health path
  const name = tomlString(project, 'name');
  const pkgName = name ? name.toLowerCase().replace(/[-.]+/g, '_') : undefined;
  const candidates: [string, string][] = [
    ['app/main.py', 'app.main'],
    ['main.py', 'main'],
    ...(pkgName ? ([[`src/${pkgName}/main.py`, `${pkgName}.main`], [`${pkgName}/main.py`, `${pkgName}.main`]] as [string, string][]) : []),
    ['app.py', 'app'],
    ...(pkgName ? ([[`src/${pkgName}/app.py`, `${pkgName}.app`], [`${pkgName}/app.py`, `${pkgName}.app`]] as [string, string][]) : []),
  ];
  let moduleText: string | undefined;
  for (const [file, mod] of candidates) {
    const text = await reader.read(file);
    if (text === undefined) continue;
    const attr = APP_FACTORIES.exec(text)?.[1] ?? 'app';
    settings.appModule = `${mod}:${attr}`;
    evidence.push(`application ${settings.appModule} (${file})`);
    moduleText = text;
    break;
  }
  if (moduleText === undefined) notes.push(`No app/main.py, main.py or app.py found: check the module in the CMD (${settings.appModule}).`);
  const health = moduleText ? HEALTH_ROUTE.exec(moduleText)?.[1] : undefined;
  if (health) {
    settings.healthPath = health;
    evidence.push(`health check on ${health} (a route in the application)`);
  } else if (moduleText && ROOT_ROUTE.test(moduleText)) {
    settings.healthPath = '/';
    evidence.push('health check on / (no health route found)');
  } else {
    notes.push(`No health route found: add GET ${settings.healthPath} to the application, or change the HEALTHCHECK path.`);
  }
  if (/^[ \t]*\[tool\.uv\.workspace\]/m.test(pyproject)) {
    notes.push('This is a uv workspace: copy each member\'s pyproject.toml before the first `uv sync` too.');
  }
  return { settings, evidence, notes };
}

// ---------------------------------------------------------------------------------------------------------------
// Next.js

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  engines?: { node?: string };
  packageManager?: string;
}

function parsePackageJson(text: string | undefined): PackageJson | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as PackageJson) : undefined;
  } catch {
    return undefined;
  }
}

function dependsOn(pkg: PackageJson, name: string): boolean {
  return typeof pkg.dependencies?.[name] === 'string' || typeof pkg.devDependencies?.[name] === 'string';
}

const LOCK_FILES: [PackageManager, string][] = [
  ['pnpm', 'pnpm-lock.yaml'],
  ['yarn', 'yarn.lock'],
  ['npm', 'package-lock.json'],
];

/** The port a start script passes to `next start` (`-p 4000`, `--port=4000`, `PORT=4000 next start`). */
export function portFromStartScript(script: string | undefined): number | undefined {
  if (!script) return undefined;
  const m = /(?:^|\s)(?:-p|--port)(?:\s+|=)(\d{2,5})\b/.exec(script) ?? /\bPORT=(\d{2,5})\b/.exec(script);
  return m ? Number(m[1]) : undefined;
}

export async function detectNextjs(reader: ProjectReader): Promise<Detected<NextjsSettings>> {
  const settings = defaultNextjsSettings();
  const evidence: string[] = [];
  const notes: string[] = [];
  const pkg = parsePackageJson(await reader.read('package.json')) ?? {};

  // Package manager: the lock file present; the packageManager field breaks a tie.
  const declared = /^(npm|pnpm|yarn)@(\d+)/.exec(pkg.packageManager ?? '');
  const present: [PackageManager, string][] = [];
  for (const [pm, lock] of LOCK_FILES) if (await reader.exists(lock)) present.push([pm, lock]);
  if (present.length === 0) {
    settings.packageManager = (declared?.[1] as PackageManager | undefined) ?? 'npm';
    const lock = LOCK_FILES.find(([pm]) => pm === settings.packageManager)![1];
    notes.push(`No lock file: run \`${settings.packageManager} install\` to create ${lock}; the install step needs it.`);
  } else {
    const chosen = present.find(([pm]) => pm === declared?.[1]) ?? present[0];
    settings.packageManager = chosen[0];
    evidence.push(`${chosen[0]} (${chosen[1]})`);
    if (present.length > 1) notes.push(`Several lock files (${present.map(([, l]) => l).join(', ')}): the template uses ${chosen[1]}; delete the others.`);
  }
  if (settings.packageManager === 'yarn') {
    const yarnrc = await reader.read('.yarnrc.yml');
    const lock = (await reader.read('yarn.lock')) ?? '';
    settings.yarnBerry = yarnrc !== undefined || (declared?.[1] === 'yarn' && Number(declared[2]) >= 2) || /^__metadata:/m.test(lock);
    if (settings.yarnBerry) {
      evidence.push('Yarn 2+ (yarn install --immutable)');
      if (yarnrc !== undefined) {
        settings.installFiles.push('.yarnrc.yml');
        if (/^yarnPath:/m.test(yarnrc) && (await reader.exists('.yarn/releases'))) settings.yarnReleases = true;
        if (!/^nodeLinker:\s*["']?node-modules/m.test(yarnrc)) {
          notes.push('Yarn Plug\'n\'Play: the template copies node_modules, so set `nodeLinker: node-modules` in .yarnrc.yml.');
        }
      } else {
        notes.push('Yarn 2+ without .yarnrc.yml: it defaults to Plug\'n\'Play; set `nodeLinker: node-modules` in .yarnrc.yml.');
      }
    }
  }
  if (settings.packageManager === 'pnpm') {
    for (const f of ['pnpm-workspace.yaml', '.pnpmfile.cjs']) if (await reader.exists(f)) settings.installFiles.push(f);
  }
  const npmrc = await reader.read('.npmrc');
  if (npmrc !== undefined) {
    if (/(?:_authToken|_auth|_password)\s*=/.test(npmrc)) {
      settings.npmrcSecret = true;
      notes.push('.npmrc holds registry credentials: the install mounts it as a build secret; build with `docker build --secret id=npmrc,src=.npmrc .`.');
    } else {
      settings.installFiles.unshift('.npmrc');
    }
  }

  // Node.js version
  const versionFile = (await reader.read('.nvmrc')) ?? (await reader.read('.node-version'));
  const fromFile = versionFile !== undefined ? nodeFromVersionFile(versionFile) : undefined;
  if (fromFile !== undefined) {
    settings.nodeMajor = fromFile;
    evidence.push(`Node.js ${fromFile} from ${(await reader.exists('.nvmrc')) ? '.nvmrc' : '.node-version'}`);
  } else if (pkg.engines?.node) {
    const major = nodeForRange(pkg.engines.node);
    if (major !== undefined) {
      settings.nodeMajor = major;
      evidence.push(`Node.js ${major}: allowed by engines.node "${pkg.engines.node}"`);
    } else {
      notes.push(`No current Node.js line satisfies engines.node "${pkg.engines.node}"; the template uses ${DEFAULT_NODE}.`);
    }
  } else {
    evidence.push(`Node.js ${DEFAULT_NODE} (no .nvmrc or engines.node)`);
  }

  // Port, health path, public/
  const port = portFromStartScript(pkg.scripts?.start);
  if (port !== undefined) {
    settings.port = port;
    evidence.push(`port ${port} from the start script`);
  }
  for (const dir of ['app', 'src/app']) {
    for (const ext of ['ts', 'js', 'mjs']) {
      if (settings.healthPath === '/' && (await reader.exists(`${dir}/api/health/route.${ext}`))) settings.healthPath = '/api/health';
    }
  }
  for (const dir of ['pages', 'src/pages']) {
    for (const ext of ['ts', 'js']) {
      if (settings.healthPath === '/' && (await reader.exists(`${dir}/api/health.${ext}`))) settings.healthPath = '/api/health';
    }
  }
  if (settings.healthPath !== '/') evidence.push(`health check on ${settings.healthPath}`);
  settings.publicDir = await reader.exists('public');
  if (!settings.publicDir) evidence.push('no public/ folder (not copied)');
  return { settings, evidence, notes };
}

export interface NextConfigPlan {
  /** The config file to edit or create, relative to the project folder. */
  file: string;
  /** False when no next.config exists and `file` would be created. */
  exists: boolean;
  edit: StandaloneEdit;
}

/** What it takes to make next.config produce `.next/standalone`. */
export async function planNextConfig(reader: ProjectReader): Promise<NextConfigPlan> {
  for (const file of NEXT_CONFIG_NAMES) {
    const text = await reader.read(file);
    if (text !== undefined) return { file, exists: true, edit: addStandaloneOutput(text) };
  }
  const text = NEW_NEXT_CONFIG.text;
  const start = { line: 0, character: 0 };
  return { file: NEW_NEXT_CONFIG.name, exists: false, edit: { kind: 'edit', edit: { range: { start, end: start }, newText: text }, text } };
}
