import { commandWords, type ShellCommand, type Word } from './shell';
import { cutAtAny } from '../engine/strings';

/** Language package ecosystems whose installs read manifests from the build context. */
export type Ecosystem = 'npm' | 'pnpm' | 'yarn' | 'pip' | 'uv' | 'poetry' | 'go' | 'cargo' | 'bundler' | 'composer';

/**
 * What an install reads:
 * - `manifest`: dependencies listed in manifests/lock files (`npm ci`, `pip install -r requirements.txt`,
 *   `uv sync`, `go mod download`, `bundle install`);
 * - `packages`: packages named on the command line, needing no project file (`pip install flask`);
 * - `project`: the project itself, which needs its source (`pip install .`, `go build`, `cargo build`).
 */
export type InstallKind = 'manifest' | 'packages' | 'project';

export interface InstallCommand {
  ecosystem: Ecosystem;
  kind: InstallKind;
  /** The program as the user wrote it (`npm`, `pip3`, `python -m pip` is `pip`). */
  tool: string;
  /** The subcommand words, e.g. `ci`, `install`, `sync`, `mod download`. */
  action: string;
  /** Words after the subcommand. */
  args: Word[];
  /** Every word of the command, assignments and wrappers removed. */
  words: Word[];
  /** Files named with `-r`/`-c`/`--requirement`/`--constraint` (pip, uv pip). */
  requirementFiles: string[];
  /** True when the install also builds or installs the project itself (uv sync without --no-install-project). */
  installsProject: boolean;
}

function flagValue(args: Word[], names: string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const v = args[k].value;
    for (const name of names) {
      if (v === name && k + 1 < args.length) out.push(args[k + 1].value);
      else if (name.startsWith('--') && v.startsWith(name + '=')) out.push(v.slice(name.length + 1));
      else if (!name.startsWith('--') && v.startsWith(name) && v.length > name.length) out.push(v.slice(name.length));
    }
  }
  return out;
}

function positional(args: Word[], valueFlags: ReadonlySet<string>): Word[] {
  const out: Word[] = [];
  for (let k = 0; k < args.length; k++) {
    const v = args[k].value;
    if (v.startsWith('-')) {
      if (valueFlags.has(v)) k++;
      continue;
    }
    out.push(args[k]);
  }
  return out;
}

const PIP_VALUE_FLAGS = new Set(['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--target', '-t', '--prefix', '--root', '--platform', '--python-version', '--implementation', '--abi', '--cache-dir', '--src', '--upgrade-strategy', '--progress-bar', '--log', '--trusted-host', '--python', '-p', '--config-settings', '-C', '--global-option', '--no-binary', '--only-binary', '--report', '--timeout', '--retries', '--proxy', '--cert', '--client-cert', '--exists-action', '--root-user-action']);
const NPM_VALUE_FLAGS = new Set(['--prefix', '-C', '--dir', '--workspace', '-w', '--filter', '--registry', '--cache', '--omit', '--include', '--loglevel', '--cwd', '--network-timeout', '--modules-folder', '--mutex', '--store-dir', '--virtual-store-dir']);

/** Recognises a dependency install in one shell command. */
export function classifyInstall(cmd: ShellCommand, programWords: Word[] = commandWords(cmd)): InstallCommand | undefined {
  let words = programWords;
  if (words.length === 0) return undefined;
  let prog = basename(words[0].value);
  // python -m pip / python3 -m uv
  if (/^python[0-9.]*$/.test(prog) && words[1]?.value === '-m' && words[2]) {
    prog = words[2].value;
    words = [words[0], ...words.slice(3)];
    words = [{ ...words[0], value: prog }, ...words.slice(1)];
  }
  // corepack pnpm install / npx pnpm install
  if ((prog === 'corepack' || prog === 'npx') && words[1] && /^(pnpm|yarn)(@.*)?$/.test(words[1].value)) {
    words = words.slice(1);
    prog = cutAtAny(words[0].value, '@');
  }
  const rest = words.slice(1);
  const sub = rest.find((w) => !w.value.startsWith('-'))?.value;
  const subIndex = sub === undefined ? -1 : rest.findIndex((w) => w.value === sub);
  const after = subIndex === -1 ? rest : rest.slice(subIndex + 1);
  const base = { tool: prog, words, requirementFiles: [] as string[], installsProject: false };

  switch (prog) {
    case 'npm': {
      if (sub === 'ci' || sub === 'clean-install' || sub === 'install-clean') {
        return { ...base, ecosystem: 'npm', kind: 'manifest', action: 'ci', args: after };
      }
      if (sub === 'install' || sub === 'i' || sub === 'add' || sub === 'in') {
        if (rest.some((w) => w.value === '-g' || w.value === '--global' || w.value === '--location=global')) {
          return { ...base, ecosystem: 'npm', kind: 'packages', action: 'install', args: after };
        }
        const pkgs = positional(after, NPM_VALUE_FLAGS);
        return { ...base, ecosystem: 'npm', kind: pkgs.length ? 'packages' : 'manifest', action: 'install', args: after };
      }
      return undefined;
    }
    case 'pnpm': {
      if (sub === 'install' || sub === 'i' || sub === 'fetch') {
        return { ...base, ecosystem: 'pnpm', kind: 'manifest', action: sub === 'fetch' ? 'fetch' : 'install', args: after };
      }
      if (sub === 'add' && rest.some((w) => w.value === '-g' || w.value === '--global')) {
        return { ...base, ecosystem: 'pnpm', kind: 'packages', action: 'add', args: after };
      }
      return undefined;
    }
    case 'yarn': {
      // `yarn --version`, `yarn --help`: not an install.
      if (sub === undefined && rest.some((w) => /^(?:-v|--version|-h|--help)$/.test(w.value))) return undefined;
      if (sub === undefined || sub === 'install') {
        if (sub === undefined && rest.length === 0) return { ...base, ecosystem: 'yarn', kind: 'manifest', action: 'install', args: [] };
        if (sub === 'install') return { ...base, ecosystem: 'yarn', kind: 'manifest', action: 'install', args: after };
        // `yarn --frozen-lockfile` with only flags is an install too.
        if (sub === undefined) return { ...base, ecosystem: 'yarn', kind: 'manifest', action: 'install', args: rest };
      }
      if (sub === 'global' && after[0]?.value === 'add') return { ...base, ecosystem: 'yarn', kind: 'packages', action: 'global add', args: after.slice(1) };
      return undefined;
    }
    case 'pip':
    case 'pip3':
    case 'uv': {
      let eco: Ecosystem = 'pip';
      let args = after;
      if (prog === 'uv') {
        if (sub === 'sync') {
          const noProject = rest.some((w) => w.value === '--no-install-project' || w.value === '--only-group' || w.value === '--no-install-workspace');
          return { ...base, ecosystem: 'uv', kind: 'manifest', action: 'sync', args: after, installsProject: !noProject };
        }
        if (sub !== 'pip') return undefined;
        eco = 'uv';
        const pipSub = after.find((w) => !w.value.startsWith('-'));
        if (pipSub?.value !== 'install' && pipSub?.value !== 'sync') return undefined;
        args = after.slice(after.indexOf(pipSub) + 1);
        const reqs = flagValue(args, ['-r', '--requirement', '-c', '--constraint']);
        if (pipSub.value === 'sync') {
          const files = positional(args, PIP_VALUE_FLAGS).map((w) => w.value);
          return { ...base, ecosystem: eco, kind: 'manifest', action: 'pip sync', args, requirementFiles: files };
        }
        return pipInstall(base, eco, 'pip install', args, reqs);
      }
      if (sub !== 'install') return undefined;
      return pipInstall(base, eco, 'install', args, flagValue(args, ['-r', '--requirement', '-c', '--constraint']));
    }
    case 'poetry': {
      if (sub === 'install') {
        const noRoot = rest.some((w) => w.value === '--no-root' || w.value === '--only-root');
        return { ...base, ecosystem: 'poetry', kind: 'manifest', action: 'install', args: after, installsProject: !noRoot };
      }
      return undefined;
    }
    case 'go': {
      if (sub === 'mod' && after[0]?.value === 'download') return { ...base, ecosystem: 'go', kind: 'manifest', action: 'mod download', args: after.slice(1) };
      if (sub === 'build' || (sub === 'install' && !after.some((w) => w.value.includes('@')))) {
        return { ...base, ecosystem: 'go', kind: 'project', action: sub, args: after, installsProject: true };
      }
      if (sub === 'install') return { ...base, ecosystem: 'go', kind: 'packages', action: 'install', args: after };
      return undefined;
    }
    case 'cargo': {
      if (sub === 'fetch') return { ...base, ecosystem: 'cargo', kind: 'manifest', action: 'fetch', args: after };
      if (sub === 'build') return { ...base, ecosystem: 'cargo', kind: 'project', action: 'build', args: after, installsProject: true };
      if (sub === 'install') {
        const pkgs = positional(after, new Set(['--version', '--git', '--branch', '--tag', '--rev', '--root', '--target', '--features', '--profile', '-j', '--jobs', '--path', '--index', '--registry']));
        const local = after.some((w) => w.value === '--path') || pkgs.length === 0;
        return { ...base, ecosystem: 'cargo', kind: local ? 'project' : 'packages', action: 'install', args: after, installsProject: local };
      }
      return undefined;
    }
    case 'bundle':
    case 'bundler': {
      if (sub === undefined || sub === 'install') return { ...base, ecosystem: 'bundler', kind: 'manifest', action: 'install', args: after };
      return undefined;
    }
    case 'gem': {
      if (sub === 'install') return { ...base, ecosystem: 'bundler', kind: 'packages', action: 'gem install', args: after };
      return undefined;
    }
    case 'composer':
    case 'composer.phar': {
      if (sub === 'install') return { ...base, ecosystem: 'composer', kind: 'manifest', action: 'install', args: after };
      if (sub === 'global' && after[0]?.value === 'require') return { ...base, ecosystem: 'composer', kind: 'packages', action: 'global require', args: after.slice(1) };
      return undefined;
    }
    default:
      return undefined;
  }
}

function pipInstall(
  base: { tool: string; words: Word[]; requirementFiles: string[]; installsProject: boolean },
  eco: Ecosystem,
  action: string,
  args: Word[],
  reqs: string[],
): InstallCommand {
  const editable = flagValue(args, ['-e', '--editable']);
  const targets = positional(args, PIP_VALUE_FLAGS).map((w) => w.value);
  const local = [...editable, ...targets].some((t) => t === '.' || t.startsWith('./') || t.startsWith('/') || t.startsWith('..') || /^\.\[/.test(t) || /\.(whl|tar\.gz|zip)$/.test(t));
  if (local) return { ...base, ecosystem: eco, kind: 'project', action, args, requirementFiles: reqs, installsProject: true };
  if (reqs.length && targets.length === 0) return { ...base, ecosystem: eco, kind: 'manifest', action, args, requirementFiles: reqs };
  // Named packages, or nothing to install from a project file at all.
  return { ...base, ecosystem: eco, kind: 'packages', action, args, requirementFiles: reqs };
}

function basename(p: string): string {
  const k = p.lastIndexOf('/');
  return k === -1 ? p : p.slice(k + 1);
}

/** Operating-system package installs (for the tools an image ends up with). */
export interface SystemInstall {
  manager: 'apt' | 'apk' | 'dnf' | 'yum' | 'microdnf' | 'zypper' | 'tdnf';
  packages: Word[];
}

export function classifySystemInstall(cmd: ShellCommand, words: Word[] = commandWords(cmd)): SystemInstall | undefined {
  if (words.length < 2) return undefined;
  const prog = basename(words[0].value);
  const rest = words.slice(1);
  const pkgs = (from: Word[]) => from.filter((w) => !w.value.startsWith('-'));
  const subAt = rest.findIndex((w) => !w.value.startsWith('-'));
  const sub = subAt === -1 ? undefined : rest[subAt].value;
  const after = subAt === -1 ? [] : rest.slice(subAt + 1);
  switch (prog) {
    case 'apt-get':
    case 'apt':
      return sub === 'install' ? { manager: 'apt', packages: pkgs(after) } : undefined;
    case 'apk':
      return sub === 'add' ? { manager: 'apk', packages: pkgs(withoutValueFlags(after, ['--virtual', '-t', '--repository', '-X'])) } : undefined;
    case 'dnf':
    case 'yum':
    case 'microdnf':
    case 'tdnf':
      return sub === 'install' ? { manager: prog, packages: pkgs(after) } : undefined;
    case 'zypper':
      return sub === 'install' || sub === 'in' ? { manager: 'zypper', packages: pkgs(after) } : undefined;
    default:
      return undefined;
  }
}

function withoutValueFlags(words: Word[], flags: string[]): Word[] {
  const out: Word[] = [];
  for (let k = 0; k < words.length; k++) {
    if (flags.includes(words[k].value)) {
      k++;
      continue;
    }
    out.push(words[k]);
  }
  return out;
}
