import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { addStandaloneOutput } from '../../client/src/templates/next-config';
import {
  defaultNextjsSettings,
  defaultPythonSettings,
  renderDockerfile,
  renderDockerignore,
} from '../../client/src/templates/render';
import { DiskFiles, MemoryFiles, OverlayFiles, type ProjectFiles } from '../../server/src/engine/files';
import { lint } from '../../server/src/engine/runner';
import type { Language } from '../../server/src/engine/types';

/**
 * The snippet files: valid JSON, contributed under the right languages, every body valid VS Code snippet syntax,
 * and every Dockerfile and Compose snippet, expanded with its defaults, clean under every registered rule.
 */

const ROOT = path.join(__dirname, '..', '..');
const SNIPPETS = path.join(ROOT, 'snippets');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'projects');

// ---------------------------------------------------------------------------------------------------------------
// A small expander for VS Code's snippet syntax: tab stops ($1, ${1}), placeholders (${1:default}, nested),
// choices (${1|a,b|}), $0 and the escapes \$ \} \\ (and \, \| inside choices). Like VS Code, every occurrence of
// an index takes the value of the first occurrence that has one, and a lone backslash or a `$` that starts
// nothing is literal text. Unlike VS Code, a variable ($NAME, ${NAME}) is an error: in a Dockerfile or Compose
// file it is almost always a shell or Compose variable whose `$` should have been escaped (VS Code would insert
// the name without its `$`).

type SnippetNode =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number; children: SnippetNode[] }
  | { kind: 'choice'; index: number; options: string[] };

class SnippetSyntaxError extends Error {}

function parseSnippet(src: string): SnippetNode[] {
  let pos = 0;
  const fail = (msg: string): never => {
    throw new SnippetSyntaxError(`${msg} at offset ${pos}: …${src.slice(Math.max(0, pos - 20), pos + 20)}…`);
  };
  const parseSeq = (inPlaceholder: boolean): SnippetNode[] => {
    const out: SnippetNode[] = [];
    const text = (v: string) => {
      const last = out[out.length - 1];
      if (last?.kind === 'text') last.value += v;
      else out.push({ kind: 'text', value: v });
    };
    while (pos < src.length) {
      const c = src[pos];
      if (c === '\\') {
        const n = src[pos + 1];
        if (n === '$' || n === '}' || n === '\\') {
          text(n);
          pos += 2;
        } else {
          text('\\');
          pos += 1;
        }
      } else if (c === '}' && inPlaceholder) {
        return out;
      } else if (c === '$') {
        const rest = src.slice(pos + 1);
        let m: RegExpExecArray | null;
        if ((m = /^\d+/.exec(rest))) {
          out.push({ kind: 'tabstop', index: Number(m[0]), children: [] });
          pos += 1 + m[0].length;
        } else if ((m = /^\{(\d+)\}/.exec(rest))) {
          out.push({ kind: 'tabstop', index: Number(m[1]), children: [] });
          pos += 1 + m[0].length;
        } else if ((m = /^\{(\d+):/.exec(rest))) {
          pos += 1 + m[0].length;
          const children = parseSeq(true);
          if (src[pos] !== '}') fail(`placeholder \${${m[1]}: is not closed`);
          pos += 1;
          out.push({ kind: 'tabstop', index: Number(m[1]), children });
        } else if ((m = /^\{(\d+)\|/.exec(rest))) {
          pos += 1 + m[0].length;
          const options: string[] = [''];
          for (;;) {
            if (pos >= src.length) fail('choice is not closed');
            const d = src[pos];
            if (d === '\\' && ',|$}\\'.includes(src[pos + 1] ?? '')) {
              options[options.length - 1] += src[pos + 1];
              pos += 2;
            } else if (d === ',') {
              options.push('');
              pos += 1;
            } else if (d === '|' && src[pos + 1] === '}') {
              pos += 2;
              break;
            } else {
              options[options.length - 1] += d;
              pos += 1;
            }
          }
          out.push({ kind: 'choice', index: Number(m[1]), options });
        } else if (/^\{\d+\//.test(rest)) {
          fail('transforms are not used in these snippets');
        } else if ((m = /^\{?[_a-zA-Z][_a-zA-Z0-9]*/.exec(rest))) {
          fail(`\`$${m[0]}\` is a snippet variable: escape the \`$\` as \`\\$\``);
        } else {
          text('$');
          pos += 1;
        }
      } else {
        text(c);
        pos += 1;
      }
    }
    if (inPlaceholder) fail('placeholder is not closed');
    return out;
  };
  const nodes = parseSeq(false);
  if (pos < src.length) fail('unexpected `}`');
  return nodes;
}

/** The text VS Code inserts when every placeholder keeps its default (choices their first option). */
export function expandSnippet(body: string | string[]): string {
  const src = Array.isArray(body) ? body.join('\n') : body;
  const nodes = parseSnippet(src);
  const defaults = new Map<number, SnippetNode[]>();
  const collect = (list: SnippetNode[]) => {
    for (const n of list) {
      if (n.kind === 'choice' && !defaults.has(n.index)) defaults.set(n.index, [{ kind: 'text', value: n.options[0] }]);
      if (n.kind === 'tabstop') {
        if (n.children.length && !defaults.has(n.index)) defaults.set(n.index, n.children);
        collect(n.children);
      }
    }
  };
  collect(nodes);
  const render = (list: SnippetNode[], depth: number): string => {
    if (depth > 20) throw new SnippetSyntaxError('placeholders refer to each other in a cycle');
    return list
      .map((n) => {
        if (n.kind === 'text') return n.value;
        if (n.kind === 'choice') return n.options[0];
        const value = n.children.length ? n.children : (defaults.get(n.index) ?? []);
        return render(value, depth + 1);
      })
      .join('');
  };
  return render(nodes, 0);
}

/** Every tab stop index used, with how often. */
function tabstops(body: string | string[]): Map<number, number> {
  const out = new Map<number, number>();
  const walk = (list: SnippetNode[]) => {
    for (const n of list) {
      if (n.kind === 'text') continue;
      out.set(n.index, (out.get(n.index) ?? 0) + 1);
      if (n.kind === 'tabstop') walk(n.children);
    }
  };
  walk(parseSnippet(Array.isArray(body) ? body.join('\n') : body));
  return out;
}

describe('snippet expander', () => {
  const cases: [string, string][] = [
    ['plain text', 'plain text'],
    ['${1:default} and $1', 'default and default'],
    ['$1 before ${1:late}', 'late before late'],
    ['${1|one,two,three|} $1', 'one one'],
    ['${1|a\\,b,c|}', 'a,b'],
    ['${1:outer ${2:inner}} $2', 'outer inner inner'],
    ['ENV PATH="/app/bin:\\$PATH"', 'ENV PATH="/app/bin:$PATH"'],
    ['${1:a \\} b}', 'a } b'],
    ['RUN a \\\nb', 'RUN a \\\nb'],
    ['\\\\$1', '\\'],
    ['$0', ''],
    ['${2}$3 x', ' x'],
    ['cost: $ 5, $(date), {}', 'cost: $ 5, $(date), {}'],
  ];
  for (const [src, want] of cases) {
    it(`expands ${JSON.stringify(src)}`, () => assert.equal(expandSnippet(src), want));
  }
  it('expands an array body line by line', () => assert.equal(expandSnippet(['a ${1:x}', 'b $1']), 'a x\nb x'));
  it('rejects unescaped variables and unclosed placeholders', () => {
    assert.throws(() => expandSnippet('ENV PATH=/x:$PATH'), /snippet variable/);
    assert.throws(() => expandSnippet('ARG V\nFROM python:${V}'), /snippet variable/);
    assert.throws(() => expandSnippet('${1:open'), /not closed/);
    assert.throws(() => expandSnippet('${1|a,b'), /not closed/);
  });
});

// ---------------------------------------------------------------------------------------------------------------

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

function readSnippets(file: string): Record<string, Snippet> {
  return JSON.parse(fs.readFileSync(path.join(SNIPPETS, file), 'utf8')) as Record<string, Snippet>;
}

function prefixes(s: Snippet): string[] {
  return Array.isArray(s.prefix) ? s.prefix : [s.prefix];
}

function byPrefix(file: string, prefix: string): Snippet {
  const found = Object.values(readSnippets(file)).find((s) => prefixes(s)[0] === prefix);
  assert.ok(found, `${file} has a snippet with prefix ${prefix}`);
  return found;
}

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { snippets?: { language: string; path: string }[]; languages?: { id: string; filenames?: string[] }[] };
};

const EXPECTED_CONTRIBUTIONS = [
  { language: 'dockerfile', path: './snippets/dockerfile.json' },
  { language: 'dockercompose', path: './snippets/compose.json' },
  { language: 'yaml', path: './snippets/compose.json' },
  { language: 'ignore', path: './snippets/dockerignore.json' },
];

describe('snippet files', () => {
  it('are contributed in package.json under the right languages', () => {
    const got = (pkg.contributes.snippets ?? []).map((s) => `${s.language} ${s.path}`).sort();
    assert.deepEqual(got, EXPECTED_CONTRIBUTIONS.map((s) => `${s.language} ${s.path}`).sort());
  });

  it('every contributed file exists, and every file in snippets/ is contributed', () => {
    for (const s of pkg.contributes.snippets ?? []) assert.ok(fs.existsSync(path.join(ROOT, s.path)), s.path);
    const contributed = new Set((pkg.contributes.snippets ?? []).map((s) => path.basename(s.path)));
    for (const f of fs.readdirSync(SNIPPETS)) assert.ok(contributed.has(f), `snippets/${f} is contributed`);
  });

  it('.dockerignore files get the `ignore` language even without another Docker extension', () => {
    const ignore = (pkg.contributes.languages ?? []).find((l) => l.id === 'ignore');
    assert.ok(ignore?.filenames?.includes('.dockerignore'));
  });

  const primary = new Map<string, string>();
  for (const file of fs.readdirSync(SNIPPETS)) {
    describe(file, () => {
      let snippets: Record<string, Snippet>;
      it('is valid JSON with a prefix, a body and a description for each snippet', () => {
        snippets = readSnippets(file);
        assert.ok(Object.keys(snippets).length > 0);
        for (const [name, s] of Object.entries(snippets)) {
          assert.deepEqual(Object.keys(s).sort(), ['body', 'description', 'prefix'], name);
          assert.ok(prefixes(s).length > 0 && prefixes(s).every((p) => /^[a-z][a-z0-9-]+$/.test(p)), `${name}: prefixes`);
          assert.ok(typeof s.description === 'string' && s.description.length >= 40, `${name}: description`);
          assert.ok(Array.isArray(s.body) ? s.body.every((l) => typeof l === 'string') : typeof s.body === 'string', `${name}: body`);
          const first = prefixes(s)[0];
          assert.ok(!primary.has(first), `prefix ${first} is used by ${primary.get(first)} too`);
          primary.set(first, `${file}: ${name}`);
        }
      });
      it('every body is valid snippet syntax and expands', () => {
        for (const [name, s] of Object.entries(readSnippets(file))) {
          const text = expandSnippet(s.body);
          assert.ok(text.trim().length > 0, name);
          assert.ok(!/\t/.test(text), `${name}: no tabs (VS Code re-indents them)`);
          const stops = [...tabstops(s.body).keys()].filter((k) => k !== 0).sort((a, b) => a - b);
          assert.deepEqual(stops, stops.map((_, k) => k + 1), `${name}: tab stops are numbered 1..n without gaps`);
        }
      });
    });
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Every Dockerfile and Compose snippet, expanded, is clean under every registered rule.

function lintIn(dir: string, file: string, text: string, language: Language, overlay: Record<string, string>) {
  const base: ProjectFiles = new DiskFiles();
  const files = new OverlayFiles((f) => (f === `${dir}/${file}` ? text : overlay[f.slice(dir.length + 1)]), base);
  return lint({ text, language, path: `${dir}/${file}`, files, log: (m) => assert.fail(m) });
}

function findingsText(r: ReturnType<typeof lint>): string[] {
  return [...r.ruleErrors.map((e) => `rule ${e.ruleId} threw: ${e.message}`), ...r.findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId} ${f.message}`)];
}

const UV_DIR = path.join(FIXTURES, 'uv-fastapi').replace(/\\/g, '/');
const NEXT_DIR = path.join(FIXTURES, 'next-npm').replace(/\\/g, '/');

function nextConfigStandalone(): string {
  const edit = addStandaloneOutput(fs.readFileSync(path.join(NEXT_DIR, 'next.config.mjs'), 'utf8'));
  assert.equal(edit.kind, 'edit');
  return edit.kind === 'edit' ? edit.text : '';
}

describe('Dockerfile snippets lint clean', () => {
  const pyIgnore = () => expandSnippet(byPrefix('dockerignore.json', 'dockerignore-python').body);
  const nodeIgnore = () => expandSnippet(byPrefix('dockerignore.json', 'dockerignore-node').body);

  it('docker-python-uv, in a uv project with its .dockerignore', () => {
    const text = expandSnippet(byPrefix('dockerfile.json', 'docker-python-uv').body);
    assert.match(text, /^ENV PATH="\/app\/\.venv\/bin:\$PATH" PYTHONUNBUFFERED=1$/m, '$PATH survives the expansion');
    assert.deepEqual(findingsText(lintIn(UV_DIR, 'Dockerfile', text, 'dockerfile', { '.dockerignore': pyIgnore() })), []);
  });

  it('docker-python-uv, with no files around it', () => {
    const text = expandSnippet(byPrefix('dockerfile.json', 'docker-python-uv').body);
    const r = lint({ text, language: 'dockerfile', path: '/nowhere/Dockerfile', files: new MemoryFiles({}) });
    assert.deepEqual(findingsText(r), []);
  });

  it('docker-nextjs, in a Next.js project with output: "standalone" and its .dockerignore', () => {
    const text = expandSnippet(byPrefix('dockerfile.json', 'docker-nextjs').body);
    const overlay = { '.dockerignore': nodeIgnore(), 'next.config.mjs': nextConfigStandalone() };
    assert.deepEqual(findingsText(lintIn(NEXT_DIR, 'Dockerfile', text, 'dockerfile', overlay)), []);
  });

  it('docker-nextjs describes the next.config requirement', () => {
    assert.match(byPrefix('dockerfile.json', 'docker-nextjs').description, /output: "standalone"/);
  });

  // The smaller snippets go into Dockerfiles that need exactly them.
  const debianHost = (user: string, health: string) =>
    [
      '# syntax=docker/dockerfile:1',
      'FROM python:3.14-slim AS builder',
      'COPY --from=ghcr.io/astral-sh/uv:0.11.6 /uv /uvx /bin/',
      'ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never',
      'WORKDIR /app',
      'COPY pyproject.toml uv.lock ./',
      'RUN --mount=type=cache,target=/root/.cache/uv uv sync --locked --no-install-project --no-dev',
      'COPY . .',
      'RUN --mount=type=cache,target=/root/.cache/uv uv sync --locked --no-dev --no-editable',
      '',
      'FROM python:3.14-slim',
      'WORKDIR /app',
      'COPY --from=builder /app /app',
      'ENV PATH="/app/.venv/bin:$PATH"',
      user,
      'EXPOSE 8000',
      health,
      'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]',
      '',
    ].join('\n');
  const alpineHost = (user: string, health: string) =>
    [
      '# syntax=docker/dockerfile:1',
      'FROM golang:1.27-alpine AS builder',
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
      'COPY . .',
      'RUN --mount=type=cache,target=/go/pkg/mod CGO_ENABLED=0 go build -o /out/server .',
      '',
      'FROM alpine:3.24',
      'COPY --from=builder /out/server /usr/local/bin/server',
      user,
      'EXPOSE 8080',
      health,
      'CMD ["server"]',
      '',
    ].join('\n');
  const goFiles = { 'go.mod': 'module example.com/server\n\ngo 1.27\n', 'go.sum': '', 'main.go': 'package main\n\nfunc main() {}\n', '.dockerignore': '.git\n.env\n' };

  it('docker-user-debian and docker-healthcheck-python complete a Debian slim image', () => {
    const text = debianHost(expandSnippet(byPrefix('dockerfile.json', 'docker-user-debian').body), expandSnippet(byPrefix('dockerfile.json', 'docker-healthcheck-python').body));
    assert.deepEqual(findingsText(lintIn(UV_DIR, 'Dockerfile', text, 'dockerfile', { '.dockerignore': pyIgnore() })), []);
  });

  it('docker-user-alpine and docker-healthcheck-wget complete an Alpine image', () => {
    const text = alpineHost(expandSnippet(byPrefix('dockerfile.json', 'docker-user-alpine').body), expandSnippet(byPrefix('dockerfile.json', 'docker-healthcheck-wget').body));
    const files = new MemoryFiles(Object.fromEntries(Object.entries(goFiles).map(([k, v]) => [`/go/app/${k}`, v])));
    const r = lint({ text, language: 'dockerfile', path: '/go/app/Dockerfile', files, log: (m) => assert.fail(m) });
    assert.deepEqual(findingsText(r), []);
  });

  it('the snippet templates are exactly what the Add Dockerfile command writes with the same values', () => {
    assert.equal(expandSnippet(byPrefix('dockerfile.json', 'docker-python-uv').body) + '\n', renderDockerfile(defaultPythonSettings()));
    assert.equal(expandSnippet(byPrefix('dockerfile.json', 'docker-nextjs').body) + '\n', renderDockerfile(defaultNextjsSettings()));
    assert.equal(pyIgnore() + '\n', renderDockerignore(defaultPythonSettings()));
    assert.equal(nodeIgnore() + '\n', renderDockerignore(defaultNextjsSettings()));
  });
});

describe('Compose snippets lint clean', () => {
  const indent = (text: string, by: string) =>
    text
      .split('\n')
      .map((l) => (l ? by + l : l))
      .join('\n')
      .replace(/\n+$/, '');
  /** A whole compose.yaml: the service snippet, the database snippet it depends on, and their network and volume. */
  const composeFile = () =>
    [
      'services:',
      indent(expandSnippet(byPrefix('compose.json', 'compose-service').body), '  '),
      indent(expandSnippet(byPrefix('compose.json', 'compose-postgres').body), '  '),
      'networks:',
      '  backend:',
      'volumes:',
      '  db-data:',
      '',
    ].join('\n');

  it('the service and the database, as one compose.yaml, are valid YAML', () => {
    const doc = parseDocument(composeFile());
    assert.deepEqual(doc.errors.map((e) => e.message), []);
    const js = doc.toJS() as { services: Record<string, Record<string, unknown>> };
    assert.deepEqual(Object.keys(js.services), ['app', 'db']);
    assert.deepEqual(js.services.app.depends_on, { db: { condition: 'service_healthy' } });
    assert.equal(js.services.app.restart, 'unless-stopped');
    assert.equal(js.services.app.env_file, '.env');
    assert.deepEqual(js.services.app.networks, ['backend']);
    assert.deepEqual((js.services.db.healthcheck as { test: string[] }).test, ['CMD-SHELL', 'pg_isready -U "$${POSTGRES_USER:-postgres}" -d "$${POSTGRES_DB:-postgres}"']);
  });

  it('the service and the database, as one compose.yaml, have no findings', function () {
    const text = composeFile();
    const overlay = {
      Dockerfile: expandSnippet(byPrefix('dockerfile.json', 'docker-python-uv').body) + '\n',
      '.dockerignore': expandSnippet(byPrefix('dockerignore.json', 'dockerignore-python').body) + '\n',
      '.env': 'POSTGRES_USER=orders\nPOSTGRES_DB=orders\n',
    };
    const r = lintIn(UV_DIR, 'compose.yaml', text, 'compose', overlay);
    if (r.skipped && /no support for compose/.test(r.skipped)) this.skip();
    assert.equal(r.skipped, undefined);
    assert.deepEqual(findingsText(r), []);
  });
});
