import { stageChain, type Stage } from './model';
import type { Word } from './shell';
import type { VarMap } from './stage-vars';

/**
 * Recognises images built for development or tests rather than to run in production: a dev container, a
 * `Dockerfile.dev`, a stage named `dev` or `test`, or a command that runs a dev server or a test runner. Rules about
 * the runtime image (dev dependencies, toolchains, slim bases) leave them alone: shipping tools is their purpose.
 */

const DEV_NAME = /^(?:dev|devel|develop|development|local|test|tests|testing|ci|debug|e2e)(?:[-_.].*)?$/i;
const DEV_FILE = /(?:^|[-_.])(?:dev|devel|develop|development|local|test|tests|testing|ci|debug|e2e)(?:[-_.]|$)/i;
const DEV_DIR = /^(?:\.devcontainer|devcontainers?|dev|development|\.?ci|e2e|testfiles?|fixtures?|(?:[\w.]+[-_])?(?:test|tests|testing))$/i;

/** True when a stage's name says it is for development or tests (`dev`, `test`, `development-env`). */
export function devStageName(name: string | undefined): boolean {
  return name !== undefined && DEV_NAME.test(name);
}

/** True when the file's name or its folder says it is for development (`Dockerfile.dev`, `.devcontainer/Dockerfile`, `e2e/Dockerfile`). */
export function devPath(path: string | undefined): boolean {
  if (!path) return false;
  const parts = path.split('/');
  const base = parts[parts.length - 1];
  // Dockerfile.dev, dev.Dockerfile, Dockerfile-test; not Dockerfile.devel-gpu's "gpu" alone.
  const stem = base.replace(/^(?:Dockerfile|Containerfile)/i, '').replace(/\.(?:dockerfile|containerfile)$/i, '');
  if (stem && DEV_FILE.test(stem)) return true;
  // Only the folder that holds the file: folders further up (`~/dev/projects/app`) say nothing about the image.
  return parts.length >= 2 && DEV_DIR.test(parts[parts.length - 2]);
}

/** Words that start a dev server, a watcher or a test runner. */
function devCommand(words: readonly Word[]): boolean {
  const w = words.map((x) => x.value);
  const text = w.join(' ');
  if (/(?:^|\s)--reload(?:\s|=|$)|(?:^|\s)--watch(?:\s|$)/.test(text)) return true;
  const prog = (w[0] ?? '').replace(/^.*\//, '');
  if (/^(?:nodemon|ts-node-dev|tsx|air|reflex|watchexec|pytest|jest|vitest|mocha|tox|nox)$/.test(prog)) return prog !== 'tsx' || w[1] === 'watch';
  if ((prog === 'npm' || prog === 'yarn' || prog === 'pnpm' || prog === 'bun') && /^(?:(?:run\s+)?(?:dev|develop|start:dev|serve:dev|watch|test))(?:\s|$)/.test(w.slice(1).join(' '))) return true;
  if (prog === 'npm' && w[1] === 'test') return true;
  if ((prog === 'next' || prog === 'vite' || prog === 'nuxt' || prog === 'astro') && (w[1] === undefined || w[1] === 'dev')) return true;
  if (prog === 'fastapi' && w[1] === 'dev') return true;
  if (prog === 'flask' && w.includes('run') && (w.includes('--debug') || w.includes('--reload'))) return true;
  if (/^python[0-9.]*$/.test(prog) && w[1] === 'manage.py' && w[2] === 'runserver') return true;
  if (prog === 'uv' && w[1] === 'run') return devCommand(words.slice(2).filter((x) => !x.value.startsWith('-')));
  if (prog === 'sleep' && w[1] === 'infinity') return true;
  if (prog === 'tail' && w.includes('/dev/null')) return true;
  return false;
}

/**
 * True when the stage (the final one, usually) is a development or test image: by the file's path, the stage's
 * name, a dev-container base, the command it runs, or development settings in its environment.
 */
export function isDevImage(path: string | undefined, stage: Stage, env?: VarMap): boolean {
  if (devPath(path)) return true;
  const chain = stageChain(stage);
  if (devStageName(stage.name)) return true;
  const root = chain[chain.length - 1].image;
  const name = root.image?.name ?? '';
  if (/(?:^|\/)(?:vscode\/)?devcontainers?\//.test(name) || name.includes('devcontainer')) return true;
  for (const s of chain) {
    for (const c of [...s.cmds, ...s.entrypoints]) {
      if (c.instr.onbuild) continue;
      if (devCommand(c.words)) return true;
    }
  }
  if (env) {
    const nodeEnv = env.get('NODE_ENV');
    if (nodeEnv === 'development' || nodeEnv === 'test') return true;
    if (env.get('FLASK_ENV') === 'development' || env.get('FLASK_DEBUG') === '1' || env.get('RAILS_ENV') === 'development') return true;
  }
  return false;
}
