/**
 * `npm run bench`: Layerwise measured side by side with its peers, in one run, on the shared corpus.
 * Machines here are shared and noisy: figures are medians (and p99) of interleaved runs, and the ratios between
 * tools measured in the same run are what to read. Nothing here is a pass/fail test.
 *
 * Sections: engine throughput (Dockerfile, Compose), LSP latency and cold start against
 * dockerfile-language-server-nodejs, scaling with file size, bundle/.vsix sizes and server memory.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { corpusDir, corpusFiles, CORPUS_ABSENT } from '../../test/helpers/corpus';
import { fileUri, LspClient, ROOT, SERVER } from '../../test/lsp/harness';
import { DockerfileParser } from 'dockerfile-ast';
import * as dockerfileUtils from 'dockerfile-utils';
import { buildSync } from 'esbuild';

/**
 * The engine is measured as it ships: bundled and minified by esbuild with the production options, in its own
 * module (with its own copy of dockerfile-ast, whose argument cache it installs). The parse floor and the peers
 * use the dockerfile-ast from node_modules, unmodified.
 */
function loadEngine(): typeof import('./engine-entry') {
  const out = path.join(ROOT, '.bench', 'engine.cjs');
  buildSync({
    entryPoints: [path.join(__dirname, 'engine-entry.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    minify: true,
    logLevel: 'warning',
    define: { __LAYERWISE_VERSION__: '"bench"' },
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(out) as typeof import('./engine-entry');
}
const { lint, ARGUMENT_CACHE_INSTALLED } = loadEngine();

const QUICK = process.argv.includes('--quick');
/** `--only=lsp,engine,...` runs some sections: sizes, scaling, engine, compose, lsp, cold. */
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const want = (section: string) => !ONLY || ONLY.includes(section);
const ROUNDS = QUICK ? 3 : 7;
const results: Record<string, unknown> = { machine: machine(), date: new Date().toISOString() };

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}
const median = (xs: number[]) => quantile(xs, 0.5);
const ms = (x: number) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(3)) : 'n/a');
const ratio = (a: number, b: number) => {
  if (!(Number.isFinite(a) && Number.isFinite(b) && b > 0)) return 'n/a';
  const r = a / b;
  return r >= 0.1 ? `${r.toFixed(2)}×` : `${r.toPrecision(2)}× (${(b / a).toFixed(0)} times faster)`;
};

function table(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  console.log(`\n## ${title}\n`);
  cells.forEach((r, k) => {
    console.log('| ' + r.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |');
    if (k === 0) console.log('| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |');
  });
}

/**
 * Times `fns` on every input, interleaved. `per-file` visits every input with every function in turn; `per-pass`
 * runs one function over all inputs, then the next (used when a peer allocates so much more that its garbage
 * collection would otherwise land in the other tool's timings).
 */
function interleaved(inputs: string[], fns: Record<string, (text: string, file: string) => unknown>, texts: Map<string, string>, mode: 'per-file' | 'per-pass' = 'per-file'): Record<string, number[]> {
  const names = Object.keys(fns);
  const per: Record<string, number[][]> = Object.fromEntries(names.map((n) => [n, inputs.map(() => [])]));
  // Warm-up: JIT and caches.
  for (let w = 0; w < 2; w++) for (const f of inputs) for (const n of names) fns[n](texts.get(f)!, f);
  const timeOne = (n: string, f: string, i: number) => {
    const t0 = performance.now();
    fns[n](texts.get(f)!, f);
    per[n][i].push(performance.now() - t0);
  };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    if (mode === 'per-pass') {
      for (const n of order) inputs.forEach((f, i) => timeOne(n, f, i));
    } else {
      inputs.forEach((f, i) => {
        for (const n of order) timeOne(n, f, i);
      });
    }
  }
  // Per file: the median over rounds; the distribution over files is what the table reports.
  return Object.fromEntries(names.map((n) => [n, per[n].map(median)]));
}

function engineDockerfile(): void {
  const files = corpusFiles('dockerfile');
  const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dockerfilelint = require('dockerfilelint') as { run(dir: string, content: string): unknown[] };
  const tmp = os.tmpdir();
  const peerFailures = new Set<string>();
  const times = interleaved(files, {
    'dockerfile-ast parse (floor)': (t) => DockerfileParser.parse(t),
    'Layerwise (all rules)': (t, f) => lint({ text: t, language: 'dockerfile', path: f }),
    'dockerfile-utils validate()': (t) => dockerfileUtils.validate(t),
    dockerfilelint: (t) => {
      try {
        return dockerfilelint.run(tmp, t);
      } catch {
        peerFailures.add(t);
        return undefined;
      }
    },
  }, texts);
  const parse = median(times['dockerfile-ast parse (floor)']);
  const lw = median(times['Layerwise (all rules)']);
  const du = median(times['dockerfile-utils validate()']);
  table(`Engine throughput: ${files.length} corpus Dockerfiles, warm, ms per file (median of ${ROUNDS} interleaved rounds per file)`, ['tool', 'median', 'p99', 'total'], Object.entries(times).map(([n, xs]) => [n, ms(median(xs)), ms(quantile(xs, 0.99)), ms(xs.reduce((a, b) => a + b, 0))]));
  console.log(`\nLayerwise / parse alone: ${ratio(lw, parse)} (target ≤ 2×) · Layerwise / dockerfile-utils: ${ratio(lw, du)}`);
  console.log(`(Layerwise measured from its production bundle, argument cache ${ARGUMENT_CACHE_INSTALLED ? 'installed' : 'NOT installed'}; the floor and the peers use the unmodified dockerfile-ast)`);
  if (peerFailures.size) console.log(`(dockerfilelint threw on ${peerFailures.size} files; their times are counted up to the throw)`);
  results.engine = { files: files.length, medians: Object.fromEntries(Object.entries(times).map(([n, xs]) => [n, median(xs)])), p99: Object.fromEntries(Object.entries(times).map(([n, xs]) => [n, quantile(xs, 0.99)])) };
}

async function engineCompose(): Promise<void> {
  const files = corpusFiles('compose');
  const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
  const fns: Record<string, (t: string, f: string) => unknown> = {
    'Layerwise (read + all rules)': (_t, f) => lint({ text: fs.readFileSync(f, 'utf8'), language: 'compose', path: f }),
  };
  let dclintNote = '';
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DCLinter } = require('dclint') as { DCLinter: new (c: unknown) => { lintFiles(p: string[], r: boolean): unknown } };
    const linter = new DCLinter({ rules: {}, quiet: true, debug: false, exclude: [] });
    fns['dclint (read + schema + rules)'] = (_t, f) => linter.lintFiles([f], false);
  } catch (e) {
    dclintNote = ` (dclint not available: ${(e as Error).message})`;
  }
  const times = interleaved(QUICK ? files.slice(0, 60) : files, fns, texts, 'per-pass');
  table(`Compose throughput: ${QUICK ? 60 : files.length} corpus Compose files, warm, ms per file (alternating passes)${dclintNote}`, ['tool', 'median', 'p99'], Object.entries(times).map(([n, xs]) => [n, ms(median(xs)), ms(quantile(xs, 0.99))]));
  const names = Object.keys(times);
  if (names.length === 2) console.log(`\nLayerwise / dclint: ${ratio(median(times[names[0]]), median(times[names[1]]))}`);
  const supported = lint({ text: 'services: {}\n', language: 'compose' }).skipped === undefined;
  if (!supported) console.log('\n(Compose support is not registered in this build: the Layerwise figure is only a read.)');
  results.compose = Object.fromEntries(Object.entries(times).map(([n, xs]) => [n, { median: median(xs), p99: quantile(xs, 0.99) }]));
}

const PEER = path.join(ROOT, 'node_modules', 'dockerfile-language-server-nodejs', 'lib', 'server.js');

/** didOpen (and then a one-character edit) to the next publishDiagnostics, for both servers, interleaved. */
async function lspLatency(): Promise<void> {
  const files = QUICK ? corpusFiles('dockerfile').slice(0, 80) : corpusFiles('dockerfile');
  const servers = { Layerwise: SERVER, 'dockerfile-language-server-nodejs': PEER };
  const clients: Record<string, LspClient> = {};
  for (const [name, module] of Object.entries(servers)) {
    clients[name] = new LspClient({ serverModule: module, settings: {} });
    await clients[name].initialize(os.tmpdir());
  }
  const open: Record<string, number[]> = { Layerwise: [], 'dockerfile-language-server-nodejs': [] };
  const edit: Record<string, number[]> = { Layerwise: [], 'dockerfile-language-server-nodejs': [] };
  let k = 0;
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const names = k++ % 2 === 0 ? Object.keys(servers) : Object.keys(servers).reverse();
    for (const name of names) {
      const c = clients[name];
      const uri = fileUri(path.join(os.tmpdir(), 'bench', name.replace(/\W/g, ''), String(k), 'Dockerfile'));
      let wait = c.waitFor(uri, () => true, 20000);
      let t0 = performance.now();
      await c.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
      await wait;
      open[name].push(performance.now() - t0);
      // A keystroke at the end of the first line.
      wait = c.waitFor(uri, () => true, 20000);
      const firstLineEnd = text.indexOf('\n') === -1 ? text.length : text.indexOf('\n');
      const line0 = text.slice(0, firstLineEnd).replace(/\r$/, '');
      t0 = performance.now();
      await c.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line: 0, character: line0.length }, end: { line: 0, character: line0.length } }, text: ' ' }],
      });
      await wait;
      edit[name].push(performance.now() - t0);
      await c.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
  }
  const rss: Record<string, number> = {};
  for (const [name, c] of Object.entries(clients)) rss[name] = rssOf(c.process.pid!);
  for (const c of Object.values(clients)) await c.shutdown();
  table(`LSP latency over stdio: ${files.length} corpus files, didOpen/didChange → publishDiagnostics, ms (interleaved)`, ['server', 'open median', 'open p99', 'edit median', 'edit p99'], Object.keys(servers).map((n) => [n, ms(median(open[n])), ms(quantile(open[n], 0.99)), ms(median(edit[n])), ms(quantile(edit[n], 0.99))]));
  console.log(`\nPer-edit latency, Layerwise / peer: ${ratio(median(edit.Layerwise), median(edit['dockerfile-language-server-nodejs']))} (target ≤ 1×) · per-open: ${ratio(median(open.Layerwise), median(open['dockerfile-language-server-nodejs']))}`);
  results.lsp = { open: mapStats(open), edit: mapStats(edit) };
  results.rssAfterCorpus = rss;
  table('Server memory after opening (and closing) every file above', ['server', 'RSS MB'], Object.entries(rss).map(([n, v]) => [n, (v / 1024).toFixed(0)]));
}

/** Spawn to first publishDiagnostics for a small Dockerfile. */
async function coldStart(): Promise<void> {
  const n = QUICK ? 3 : 7;
  const text = 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "server.js"]\n';
  const times: Record<string, number[]> = { Layerwise: [], 'dockerfile-language-server-nodejs': [] };
  for (let i = 0; i < n; i++) {
    for (const [name, module] of Object.entries({ Layerwise: SERVER, 'dockerfile-language-server-nodejs': PEER })) {
      const t0 = performance.now();
      const c = new LspClient({ serverModule: module, settings: {} });
      await c.initialize(os.tmpdir());
      const uri = fileUri(path.join(os.tmpdir(), 'cold', 'Dockerfile'));
      const wait = c.waitFor(uri, () => true, 20000);
      await c.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
      await wait;
      times[name].push(performance.now() - t0);
      await c.shutdown();
    }
  }
  table(`Cold start: process spawn → first publishDiagnostics, ms (median of ${n})`, ['server', 'median', 'min'], Object.entries(times).map(([k, xs]) => [k, ms(median(xs)), ms(Math.min(...xs))]));
  results.coldStart = mapStats(times);
}

function scaling(): void {
  const unit = fs.readFileSync(path.join(ROOT, 'examples', 'nextjs', 'corrected', 'Dockerfile'), 'utf8');
  const rows: (string | number)[][] = [];
  const out: Record<string, number> = {};
  let base = 0;
  for (const factor of [1, 10, 100]) {
    // Stages renamed per copy so that the file stays a valid multi-stage build.
    const text = Array.from({ length: factor }, (_, i) => unit.replace(/\b(deps|builder|runner)\b/g, `$1${i}`)).join('\n');
    const lines = text.split('\n').length;
    const xs: number[] = [];
    // Warm up until the JIT has settled on this shape of input.
    for (let w = 0; w < Math.max(5, 200 / factor); w++) lint({ text, language: 'dockerfile' });
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = performance.now();
      lint({ text, language: 'dockerfile' });
      xs.push(performance.now() - t0);
    }
    const m = median(xs);
    if (factor === 1) base = m;
    out[`${factor}x`] = m;
    rows.push([`${factor}×`, lines, ms(m), ms((m / lines) * 1000), ratio(m, base)]);
  }
  table('Scaling: the corrected Next.js Dockerfile repeated, ms (median)', ['size', 'lines', 'ms', 'µs per line', 'vs 1×'], rows);
  results.scaling = out;
}

function sizes(): void {
  const file = (p: string) => (fs.existsSync(p) ? fs.statSync(p).size : NaN);
  const kb = (b: number) => (Number.isFinite(b) ? `${(b / 1024).toFixed(0)} KB` : 'missing');
  const rows = [
    ['server bundle (dist/server.js)', kb(file(path.join(ROOT, 'dist', 'server.js')))],
    ['client bundle (dist/client.js)', kb(file(path.join(ROOT, 'dist', 'client.js')))],
    ['CLI bundle (dist/cli.js)', kb(file(path.join(ROOT, 'dist', 'cli.js')))],
    ['layerwise.vsix', kb(file(path.join(ROOT, 'layerwise.vsix')))],
  ];
  table('Sizes', ['artefact', 'size'], rows);
  results.sizes = Object.fromEntries(rows);
}

function rssOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

function mapStats(m: Record<string, number[]>) {
  return Object.fromEntries(Object.entries(m).map(([k, xs]) => [k, { median: median(xs), p99: quantile(xs, 0.99) }]));
}

async function main(): Promise<void> {
  console.log(`# Layerwise benchmarks\n\nMachine: ${results.machine}${QUICK ? ' (quick mode)' : ''}`);
  if (!process.argv.includes('--no-build')) {
    execFileSync('npm', ['run', '-s', 'package'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  if (want('sizes')) sizes();
  if (want('scaling')) scaling();
  if (!corpusDir()) {
    console.log(`\n(${CORPUS_ABSENT}; throughput, latency and memory sections need it)`);
  } else {
    if (want('engine')) engineDockerfile();
    if (want('compose')) await engineCompose();
    if (want('lsp')) await lspLatency();
  }
  if (want('cold')) await coldStart();
  fs.mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, '.bench', 'results.json'), JSON.stringify(results, null, 2));
  console.log('\nRaw figures: .bench/results.json');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
