import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiskFiles, stripBom } from '../engine/files';
import { lint } from '../engine/runner';
import type { Finding } from '../engine/types';
import { discover } from './discover';

export interface CliIo {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const USAGE = `Usage: layerwise [options] [paths...]

Lints Dockerfiles and Compose files against Docker best practices.
Paths are files or directories (searched recursively); the default is the current directory.

Options:
  --format <compact|json>  Output format (default: compact, one finding per line)
  -h, --help               Show this help
  --version                Show the version
`;

/** Runs the CLI and returns its exit code: 0 clean, 1 warnings or errors found, 2 usage error. */
export function runCli(argv: string[], io: CliIo): number {
  let format = 'compact';
  const paths: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '-h' || a === '--help') {
      io.stdout(USAGE);
      return 0;
    }
    if (a === '--version') {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    if (a === '--format' || a.startsWith('--format=')) {
      format = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++k] ?? '';
      if (format !== 'compact' && format !== 'json') {
        io.stderr(`layerwise: unknown format "${format}" (use compact or json)\n`);
        return 2;
      }
      continue;
    }
    if (a.startsWith('-') && a !== '-') {
      io.stderr(`layerwise: unknown option ${a}\n${USAGE}`);
      return 2;
    }
    paths.push(a);
  }
  const { targets, missing } = discover(paths.length ? paths : ['.'], io.cwd);
  for (const m of missing) io.stderr(`layerwise: no such file or directory: ${m}\n`);
  if (missing.length) return 2;

  const files = new DiskFiles();
  const results: { file: string; findings: Finding[]; skipped?: string }[] = [];
  for (const t of targets) {
    let text: string;
    try {
      text = stripBom(fs.readFileSync(t.path, 'utf8'));
    } catch (e) {
      io.stderr(`layerwise: cannot read ${t.path}: ${(e as Error).message}\n`);
      continue;
    }
    const r = lint({ text, language: t.language, path: t.path, files, log: (m) => io.stderr(m + '\n') });
    results.push({ file: path.relative(io.cwd, t.path) || t.path, findings: r.findings, skipped: r.skipped });
  }

  if (format === 'json') {
    io.stdout(JSON.stringify(results.map((r) => ({ file: r.file, skipped: r.skipped, findings: r.findings.map(jsonFinding) })), null, 2) + '\n');
  } else {
    for (const r of results) {
      if (r.skipped) io.stderr(`${r.file}: ${r.skipped}\n`);
      for (const f of r.findings) {
        io.stdout(`${r.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId} ${f.message}\n`);
      }
    }
  }
  const failing = results.some((r) => r.findings.some((f) => f.severity === 'warning' || f.severity === 'error'));
  return failing ? 1 : 0;
}

function jsonFinding(f: Finding) {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    range: f.range,
    fixes: f.fixes.map((x) => ({ title: x.title, safety: x.safety, edits: x.edits, otherFiles: x.otherFiles })),
  };
}

declare const __LAYERWISE_VERSION__: string | undefined;
const VERSION = typeof __LAYERWISE_VERSION__ === 'string' ? __LAYERWISE_VERSION__ : '0.0.0-dev';
