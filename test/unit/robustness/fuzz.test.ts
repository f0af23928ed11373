import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lint } from '../../../server/src/engine/runner';
import type { Language } from '../../../server/src/engine/types';
import { CORPUS_ABSENT, corpusDir, corpusFiles } from '../../helpers/corpus';

/**
 * Seeded mutation fuzzing of real files, plus generated pathological inputs. The property: the engine never
 * throws, no rule fails, and every input gets an answer in bounded time (a hang detector, not a speed test).
 * LAYERWISE_FUZZ_CASES (default 400) and LAYERWISE_FUZZ_SEED make longer or different runs possible.
 */

const CASES = Number(process.env.LAYERWISE_FUZZ_CASES ?? 400);
const SEED = Number(process.env.LAYERWISE_FUZZ_SEED ?? 20261204);
const HANG_MS = 5000;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = [
  '\\', ' \\', '`', 'RUN <<EOF', 'RUN <<-EOT cat', 'COPY <<EOF /x', '# escape=`', '# escape=\\', '# syntax=docker/dockerfile:1',
  '# check=skip=all', '\u0000', '\ud800', '\ufffd\ufffd', '\ufeff', 'FROM', 'FROM ${', 'ARG X=${Y:-${Z:-', 'RUN $(', 'RUN "', "RUN '",
  'USER', 'HEALTHCHECK CMD', 'EXPOSE 99999999999999999999', '--mount=type=cache,from=', 'services:', '  x: &a', '  <<: *a', '- [', '{', 'key: !reset', '"',
];

type Mutation = (lines: string[], r: () => number) => string[];
const pick = <T>(xs: T[], r: () => number) => xs[Math.floor(r() * xs.length)];
const MUTATIONS: Record<string, Mutation> = {
  deleteLine: (l, r) => (l.length ? l.filter((_, i) => i !== Math.floor(r() * l.length)) : l),
  duplicateLine: (l, r) => {
    const i = Math.floor(r() * l.length);
    return [...l.slice(0, i + 1), l[i] ?? '', ...l.slice(i + 1)];
  },
  truncateLine: (l, r) => {
    const i = Math.floor(r() * l.length);
    return l.map((x, k) => (k === i ? x.slice(0, Math.floor(r() * x.length)) : x));
  },
  insertLine: (l, r) => {
    const i = Math.floor(r() * (l.length + 1));
    return [...l.slice(0, i), pick(INSERTS, r), ...l.slice(i)];
  },
  appendToLine: (l, r) => {
    const i = Math.floor(r() * l.length);
    return l.map((x, k) => (k === i ? x + pick(INSERTS, r) : x));
  },
  cutMidToken: (l, r) => {
    const text = l.join('\n');
    return text.slice(0, Math.floor(r() * text.length)).split('\n');
  },
  swapLines: (l, r) => {
    const i = Math.floor(r() * l.length);
    const j = Math.floor(r() * l.length);
    const out = [...l];
    [out[i], out[j]] = [out[j], out[i]];
    return out;
  },
};

function seeds(): { file: string; language: Language; text: string }[] {
  const dir = corpusDir();
  if (!dir) {
    const ex = path.join(__dirname, '..', '..', '..', 'examples');
    const out: { file: string; language: Language; text: string }[] = [];
    for (const p of fs.readdirSync(ex)) {
      for (const v of ['naive', 'corrected']) {
        for (const name of fs.readdirSync(path.join(ex, p, v))) {
          if (name === 'Dockerfile') out.push({ file: path.join(ex, p, v, name), language: 'dockerfile', text: fs.readFileSync(path.join(ex, p, v, name), 'utf8') });
          if (/compose.*\.ya?ml$/.test(name)) out.push({ file: path.join(ex, p, v, name), language: 'compose', text: fs.readFileSync(path.join(ex, p, v, name), 'utf8') });
        }
      }
    }
    return out;
  }
  return [
    ...corpusFiles('dockerfile').map((f) => ({ file: f, language: 'dockerfile' as const, text: fs.readFileSync(f, 'utf8') })),
    ...corpusFiles('compose').map((f) => ({ file: f, language: 'compose' as const, text: fs.readFileSync(f, 'utf8') })),
  ];
}

function check(label: string, text: string, language: Language, problems: string[], maxBytes?: number): void {
  const t0 = Date.now();
  try {
    const r = lint({ text, language, path: '/fuzz/' + (language === 'compose' ? 'compose.yaml' : 'Dockerfile'), maxBytes, log: () => undefined });
    for (const e of r.ruleErrors) problems.push(`${label}: rule ${e.ruleId} threw: ${e.message}`);
  } catch (e) {
    problems.push(`${label}: the engine threw: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
  }
  const took = Date.now() - t0;
  if (took > HANG_MS) problems.push(`${label}: took ${took} ms`);
}

describe('robustness: fuzzing', function () {
  this.timeout(120000);

  it(`${CASES} seeded mutations of real files (seed ${SEED})`, function () {
    const all = seeds();
    if (!corpusDir()) console.log(`      (${CORPUS_ABSENT}; fuzzing the examples/ files instead)`);
    const r = rng(SEED);
    const problems: string[] = [];
    const names = Object.keys(MUTATIONS);
    for (let k = 0; k < CASES; k++) {
      const seed = pick(all, r);
      const eol = seed.text.includes('\r\n') ? '\r\n' : '\n';
      let lines = seed.text.split(/\r?\n/);
      const applied: string[] = [];
      const steps = 1 + Math.floor(r() * 4);
      for (let s = 0; s < steps; s++) {
        const m = pick(names, r);
        applied.push(m);
        lines = MUTATIONS[m](lines, r);
      }
      const language = r() < 0.1 ? (seed.language === 'dockerfile' ? 'compose' : 'dockerfile') : seed.language;
      check(`case ${k} (${path.basename(seed.file)} as ${language}; ${applied.join(', ')})`, lines.join(eol), language, problems);
    }
    assert.deepEqual(problems, []);
  });

  describe('pathological inputs', () => {
    const cases: [string, () => string, Language, number?][] = [
      ['10,000 continuations', () => 'FROM alpine:3.24\nRUN echo a \\\n' + '  && echo b \\\n'.repeat(10000) + '  && true\n', 'dockerfile'],
      ['10,000 continuation lines with comments between', () => 'FROM alpine:3.24\nRUN echo \\\n' + '# c\n  x \\\n'.repeat(10000) + ' y\n', 'dockerfile'],
      ['a 5 MB line, over the size limit', () => 'FROM alpine:3.24\nRUN echo ' + 'x'.repeat(5 * 1024 * 1024) + '\n', 'dockerfile'],
      ['a 1 MB line, just under the limit, analysed', () => 'FROM alpine:3.24\nRUN echo ' + 'x'.repeat(1024 * 1024 - 100) + '\n', 'dockerfile'],
      ['a 10 MB file', () => 'FROM alpine:3.24\n' + 'RUN echo hello world\n'.repeat(500000), 'dockerfile'],
      ['1,000 nested heredoc openers', () => 'FROM alpine:3.24\nRUN ' + Array.from({ length: 1000 }, (_, i) => `<<E${i}`).join(' ') + '\n' + Array.from({ length: 1000 }, (_, i) => `body\nE${i}`).join('\n') + '\n', 'dockerfile'],
      ['heredoc never closed, 50,000 lines', () => 'FROM alpine:3.24\nRUN <<EOF\n' + 'echo $(( \n'.repeat(50000), 'dockerfile'],
      ['100,000 nested parentheses and quotes', () => 'FROM a\nRUN ' + '$('.repeat(50000) + '"\'`'.repeat(20000) + '\n', 'dockerfile'],
      ['50,000 stages', () => Array.from({ length: 50000 }, (_, i) => `FROM alpine:3.24 AS s${i}`).join('\n'), 'dockerfile'],
      ['a 2,000-deep ARG default chain', () => Array.from({ length: 2000 }, (_, i) => `ARG A${i + 1}=\${A${i}}`).join('\n') + '\nFROM ${A2000}\n', 'dockerfile'],
      ['binary noise', () => Array.from({ length: 100000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join(''), 'dockerfile'],
      ['only line breaks', () => '\r\n'.repeat(200000), 'dockerfile'],
      ['deeply nested YAML', () => 'services:\n' + Array.from({ length: 2000 }, (_, i) => ' '.repeat(i + 2) + `k${i}:`).join('\n') + '\n', 'compose'],
      ['10,000 aliases of one anchor (billion laughs)', () => 'x: &a [1,2,3,4,5,6,7,8,9,0]\ny: &b [' + '*a,'.repeat(100) + '*a]\nz: &c [' + '*b,'.repeat(100) + '*b]\nservices:\n  s:\n    image: alpine\n    labels: *c\n', 'compose'],
    ];
    for (const [name, make, language, maxBytes] of cases) {
      it(name, () => {
        const problems: string[] = [];
        check(name, make(), language, problems, maxBytes);
        assert.deepEqual(problems, []);
      });
    }
  });
});
