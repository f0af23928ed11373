import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import { runCli, type CliIo } from '../../server/src/cli/main';
import { escapeData, escapeProperty, escapeXml } from '../../server/src/cli/format';
import { allRuleMetas } from '../../server/src/rules';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cli');

function cli(args: string[], cwd: string, extra: Partial<CliIo> = {}) {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), ...extra });
  return { code, stdout, stderr };
}

/** Turns off every rule but these, so new rules elsewhere in the registry do not change exact outputs. */
const only = (...ids: string[]) => ['--ignore', allRuleMetas().map((m) => m.id).filter((id) => !ids.includes(id)).join(',')];
const THREE = only('pin-image-tag', 'copy-manifests-first', 'run-as-non-root');

function tmpCopy(dir: string): string {
  const to = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-'));
  fs.cpSync(dir, to, { recursive: true });
  return to;
}

const REPORT = path.join(FIXTURES, 'report');
const ROOT_MSG = 'The final stage runs as root: no USER is set, and `node:22-alpine` starts as root. Switch to a non-root user before CMD/ENTRYPOINT.';
const COPY_MSG = '`npm ci` runs after `COPY . .` (line 3), so any source change reinstalls every dependency. Copy the package.json and lock file first, install, then copy the rest.';
const PIN_MSG = 'The base image `alpine` has no tag: builds are not reproducible. Pin a version, e.g. `alpine:3.24` (current as of 2026-08-19).';

describe('CLI', () => {
  describe('formats (exact output for test/fixtures/cli/report)', () => {
    it('stylish (the default): grouped by file, aligned, a summary line, no colour when not a terminal', () => {
      const r = cli(THREE, REPORT);
      assert.equal(
        r.stdout,
        [
          'Dockerfile',
          `  1:1  warning  ${ROOT_MSG} (fixable with --fix-unsafe)  run-as-non-root`,
          `  4:5  warning  ${COPY_MSG} (fixable)  copy-manifests-first`,
          '',
          'api/Dockerfile',
          `  1:6  warning  ${PIN_MSG} (fixable)  pin-image-tag`,
          '',
          '✖ 3 problems (0 errors, 3 warnings)',
          '  2 fixable with --fix',
          '  1 more fixable with --fix-unsafe (check the result)',
          '',
        ].join('\n'),
      );
      assert.equal(r.code, 1);
      assert.equal(r.stderr, '');
    });

    it('stylish is coloured on a terminal, unless NO_COLOR is set or --no-color is given', () => {
      const tty = cli([...THREE, 'api'], REPORT, { stdoutIsTTY: true, env: {} }).stdout;
      assert.equal(tty.split('\n')[0], '\u001b[4mapi/Dockerfile\u001b[0m');
      assert.equal(tty.split('\n')[1], `  \u001b[2m1:6\u001b[0m  \u001b[33mwarning\u001b[0m  ${PIN_MSG}\u001b[2m (fixable)\u001b[0m  \u001b[2mpin-image-tag\u001b[0m`);
      assert.ok(!cli([...THREE, 'api'], REPORT, { stdoutIsTTY: true, env: { NO_COLOR: '1' } }).stdout.includes('\u001b['));
      assert.ok(!cli([...THREE, '--no-color', 'api'], REPORT, { stdoutIsTTY: true, env: {} }).stdout.includes('\u001b['));
      assert.ok(cli([...THREE, '--color', 'api'], REPORT).stdout.includes('\u001b[33m'));
    });

    it('compact: file:line:col severity rule message (the shape the README documents)', () => {
      assert.equal(
        cli([...THREE, '-f', 'compact'], REPORT).stdout,
        `Dockerfile:1:1 warning run-as-non-root ${ROOT_MSG}\nDockerfile:4:5 warning copy-manifests-first ${COPY_MSG}\napi/Dockerfile:1:6 warning pin-image-tag ${PIN_MSG}\n`,
      );
    });

    it('json: one entry per file, one-based positions and the fixes', () => {
      const out = JSON.parse(cli([...THREE, '--format=json'], REPORT).stdout);
      assert.deepEqual(out.map((f: { file: string }) => f.file), ['Dockerfile', 'api/Dockerfile']);
      assert.deepEqual(
        out[1].findings.map((f: { ruleId: string; severity: string; line: number; column: number; endLine: number; endColumn: number }) => [f.ruleId, f.severity, f.line, f.column, f.endLine, f.endColumn]),
        [['pin-image-tag', 'warning', 1, 6, 1, 12]],
      );
      assert.deepEqual(out[1].findings[0].fixes[0], {
        title: 'Pin to alpine:3.24',
        safety: 'safe',
        edits: [{ range: { start: { line: 0, character: 11 }, end: { line: 0, character: 11 } }, newText: ':3.24' }],
      });
    });

    it('github: workflow-command annotations with positions and a title', () => {
      assert.equal(
        cli([...THREE, '-f', 'github'], REPORT).stdout,
        [
          `::warning file=Dockerfile,line=1,col=1,endLine=1,endColumn=20,title=run-as-non-root::${ROOT_MSG}`,
          `::warning file=Dockerfile,line=4,col=5,endLine=4,endColumn=11,title=copy-manifests-first::${COPY_MSG}`,
          `::warning file=api/Dockerfile,line=1,col=6,endLine=1,endColumn=12,title=pin-image-tag::${PIN_MSG}`,
          '',
        ].join('\n'),
      );
      assert.equal(escapeData('50% done\r\nnext'), '50%25 done%0D%0Anext');
      assert.equal(escapeProperty('a,b:c%d\n'), 'a%2Cb%3Ac%25d%0A');
    });

    it('checkstyle: XML with every linted file, escaped', () => {
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
      assert.equal(
        cli([...THREE, '-f', 'checkstyle'], REPORT).stdout,
        [
          '<?xml version="1.0" encoding="utf-8"?>',
          '<checkstyle version="4.3">',
          '  <file name="Dockerfile">',
          `    <error line="1" column="1" severity="warning" message="${esc(ROOT_MSG)}" source="layerwise.run-as-non-root" />`,
          `    <error line="4" column="5" severity="warning" message="${esc(COPY_MSG)}" source="layerwise.copy-manifests-first" />`,
          '  </file>',
          '  <file name="api/Dockerfile">',
          `    <error line="1" column="6" severity="warning" message="${esc(PIN_MSG)}" source="layerwise.pin-image-tag" />`,
          '  </file>',
          '</checkstyle>',
          '',
        ].join('\n'),
      );
      assert.equal(escapeXml(`<a href="x">Tom & 'Jerry'</a>\u0007`), '&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;');
    });

    describe('sarif', () => {
      const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
      // The schema's language pattern is not a valid `u` regular expression; its formats are checked here.
      const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
      ajv.addFormat('uri', (s: string) => URL.canParse(s));
      ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///') && !/\s/.test(s));
      ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
      const validate = ajv.compile(schema);
      const run = () => JSON.parse(cli([...THREE, '-f', 'sarif'], REPORT).stdout);

      it('is valid SARIF 2.1.0 (the OASIS schema)', () => {
        const log = run();
        assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
        // With every rule on, too, over a real project.
        const all: { runs: { results: unknown[] }[] } = JSON.parse(cli(['-f', 'sarif', 'examples'], ROOT).stdout);
        assert.ok(validate(all), JSON.stringify(validate.errors, null, 2));
        assert.ok(all.runs[0].results.length > 0);
      });

      it('carries rule metadata with help from the rule pages, a default level, and no invented help URI', () => {
        const driver = run().runs[0].tool.driver;
        assert.equal(driver.name, 'Layerwise');
        assert.deepEqual(driver.rules.map((r: { id: string }) => r.id), allRuleMetas().map((m) => m.id));
        const pin = driver.rules.find((r: { id: string }) => r.id === 'pin-image-tag');
        assert.equal(pin.name, 'PinImageTag');
        assert.equal(pin.shortDescription.text, 'Pin image references to a version tag or digest');
        assert.match(pin.fullDescription.text, /^An image without a tag, or with `latest`/);
        assert.match(pin.help.markdown, /^> Pin image references to a version tag or digest\n/);
        assert.match(pin.help.markdown, /\n## What it flags\n/);
        assert.match(pin.help.text, /^Pin image references to a version tag or digest\. An image without a tag/);
        assert.deepEqual(pin.defaultConfiguration, { level: 'warning' });
        assert.equal(pin.helpUri, undefined);
        assert.deepEqual(driver.rules.find((r: { id: string }) => r.id === 'unused-ignore').defaultConfiguration, { level: 'note' });
      });

      it('results: rule index, level, message, a region relative to the run, and fixes as replacements', () => {
        const log = run();
        const run0 = log.runs[0];
        assert.equal(run0.columnKind, 'utf16CodeUnits');
        const pin = run0.results.find((r: { ruleId: string }) => r.ruleId === 'pin-image-tag');
        assert.equal(run0.tool.driver.rules[pin.ruleIndex].id, 'pin-image-tag');
        assert.deepEqual(
          { level: pin.level, message: pin.message, locations: pin.locations },
          {
            level: 'warning',
            message: { text: PIN_MSG },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'api/Dockerfile', uriBaseId: '%SRCROOT%' }, region: { startLine: 1, startColumn: 6, endLine: 1, endColumn: 12 } } }],
          },
        );
        assert.deepEqual(pin.fixes[0], {
          description: { text: 'Pin to alpine:3.24 (safe)' },
          artifactChanges: [
            {
              artifactLocation: { uri: 'api/Dockerfile', uriBaseId: '%SRCROOT%' },
              replacements: [{ deletedRegion: { startLine: 1, startColumn: 12, endLine: 1, endColumn: 12 }, insertedContent: { text: ':3.24' } }],
            },
          ],
        });
        const copy = run0.results.find((r: { ruleId: string }) => r.ruleId === 'copy-manifests-first');
        assert.deepEqual(copy.relatedLocations, [
          { id: 0, physicalLocation: { artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 9 } }, message: { text: 'the broad copy of the build context' } },
        ]);
      });

      it('columns count UTF-16 code units, and paths are URI-encoded', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-sarif-'));
        fs.mkdirSync(path.join(dir, 'my app'));
        fs.writeFileSync(path.join(dir, 'my app', 'Dockerfile'), '# 🐳 base\nFROM alpine\n');
        const log: { runs: { results: { locations: { physicalLocation: unknown }[] }[] }[] } = JSON.parse(cli([...only('pin-image-tag'), '-f', 'sarif'], dir).stdout);
        assert.ok(validate(log));
        assert.deepEqual(log.runs[0].results[0].locations[0].physicalLocation, {
          artifactLocation: { uri: 'my%20app/Dockerfile', uriBaseId: '%SRCROOT%' },
          region: { startLine: 2, startColumn: 6, endLine: 2, endColumn: 12 },
        });
      });
    });
  });

  describe('exit codes', () => {
    it('0 when clean, 1 when a finding is at or over the threshold (warning by default)', () => {
      assert.equal(cli([...only('pin-image-tag'), 'api'], REPORT).code, 1);
      assert.equal(cli([...only('run-as-non-root'), 'api'], REPORT).code, 0);
      assert.deepEqual(cli([...only('run-as-non-root'), 'api'], REPORT).stdout, '', 'nothing printed when clean');
    });

    it('--severity-threshold, --rule and the threshold of the project file', () => {
      assert.equal(cli([...only('pin-image-tag'), '--severity-threshold', 'error', 'api'], REPORT).code, 0);
      assert.equal(cli([...only('pin-image-tag'), '--severity-threshold', 'error', '--rule', 'pin-image-tag=error', 'api'], REPORT).code, 1);
      assert.equal(cli([...only('pin-image-tag'), '--rule', 'pin-image-tag=info', 'api'], REPORT).code, 0);
      assert.equal(cli([...only('pin-image-tag'), '--rule', 'pin-image-tag=info', '--severity-threshold', 'info', 'api'], REPORT).code, 1);
      assert.equal(cli([...only('pin-image-tag'), '--severity-threshold', 'none', '--rule', 'pin-image-tag=error', 'api'], REPORT).code, 0);
      const dir = tmpCopy(REPORT);
      fs.writeFileSync(path.join(dir, '.hadolint.yaml'), 'failure-threshold: error\n');
      assert.equal(cli([...only('pin-image-tag'), 'api'], dir).code, 0, "hadolint's failure-threshold");
      assert.equal(cli([...only('pin-image-tag'), '--severity-threshold', 'warning', 'api'], dir).code, 1, 'the flag wins over the file');
    });

    it('--max-warnings: more warnings than allowed fail, like ESLint', () => {
      const base = [...THREE, '--severity-threshold', 'error'];
      assert.equal(cli([...base, '--max-warnings', '3'], REPORT).code, 0);
      const over = cli([...base, '--max-warnings', '2', '-f', 'compact'], REPORT);
      assert.equal(over.code, 1);
      assert.equal(over.stderr, 'layerwise: 3 warnings, more than --max-warnings 2\n');
    });

    it('2 on a usage error, with a clear message', () => {
      const usage = (args: string[]) => {
        const r = cli(args, REPORT);
        assert.equal(r.code, 2, args.join(' '));
        assert.equal(r.stdout, '');
        return r.stderr.split('\n')[0];
      };
      assert.equal(usage(['--format', 'xml']), 'layerwise: unknown format "xml" (use stylish, compact, json, sarif, github, checkstyle)');
      assert.equal(usage(['--nope']), 'layerwise: unknown option --nope');
      assert.equal(usage(['--rule', 'pin-image-tag=loud']), 'layerwise: --rule pin-image-tag: "loud" is not a severity (use off, hint, info, warning or error)');
      assert.equal(usage(['--rule', 'nope=error']), 'layerwise: --rule: unknown rule `nope` (see --list-rules)');
      assert.equal(usage(['--ignore', 'DL3007']), "layerwise: --ignore: `DL3007` is another tool's code; the Layerwise rule is `pin-image-tag`");
      assert.equal(usage(['--severity-threshold', 'loud']), 'layerwise: --severity-threshold must be hint, info, warning, error, none, not "loud"');
      assert.equal(usage(['--max-warnings', 'many']), 'layerwise: --max-warnings needs a whole number, not "many"');
      assert.equal(usage(['--format']), 'layerwise: --format needs a value');
      assert.equal(usage(['does-not-exist']), 'layerwise: no such file or directory, and no Dockerfile or Compose file matches: does-not-exist');
      assert.equal(usage(['**/*.nothing']), 'layerwise: no such file or directory, and no Dockerfile or Compose file matches: **/*.nothing');
      assert.equal(usage(['--explain', 'nope']), 'layerwise: --explain: unknown rule `nope` (see --list-rules)');
      assert.equal(usage(['--config', 'missing.yaml']), 'layerwise: --config: no such file: missing.yaml');
    });

    it('2 on an invalid configuration file, naming the file, line and problem', () => {
      const dir = tmpCopy(REPORT);
      fs.writeFileSync(path.join(dir, '.layerwise.yaml'), 'rules:\n  pin-image-tag: loud\n  nope: off\n');
      const r = cli([], dir);
      assert.equal(r.code, 2);
      assert.equal(
        r.stderr,
        'layerwise: invalid configuration: .layerwise.yaml:2:18: `loud` is not a severity for `pin-image-tag`: use off, hint, info, warning or error.\n' +
          'layerwise: invalid configuration: .layerwise.yaml:3:3: Unknown rule `nope` (`layerwise --list-rules` lists them).\n',
      );
    });
  });

  describe('--fix', () => {
    const FIX = path.join(FIXTURES, 'fix');
    const rules = only('pin-image-tag', 'copy-manifests-first', 'run-as-non-root');

    it('applies safe fixes in place, keeping the BOM and CRLF; the exit status reflects what remains', () => {
      const dir = tmpCopy(FIX);
      const r = cli([...rules, '--fix', '-f', 'compact', 'Dockerfile'], dir);
      assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), fs.readFileSync(path.join(FIX, 'Dockerfile.fixed'), 'utf8'));
      assert.equal(r.stdout, 'Dockerfile:1:1 warning run-as-non-root The final stage runs as root: no USER is set, and `python:3.14` starts as root. Switch to a non-root user before CMD/ENTRYPOINT.\n');
      assert.equal(r.code, 1, 'the unsafe finding remains');
      assert.deepEqual(cli([...rules, '--fix', 'Dockerfile'], dir).stdout.includes('run-as-non-root'), true, 'a second run changes nothing more');
    });

    it('--fix-unsafe applies the unsafe fixes too', () => {
      const dir = tmpCopy(FIX);
      const r = cli([...rules, '--fix-unsafe', '.'], dir);
      assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), fs.readFileSync(path.join(FIX, 'Dockerfile.fixed-unsafe'), 'utf8'));
      assert.equal(fs.readFileSync(path.join(dir, 'alpine.dockerfile'), 'utf8'), 'FROM alpine:3.24\nUSER 1000\nCMD ["sh"]\n');
      assert.deepEqual([r.code, r.stdout], [0, '']);
    });

    it('--fix-dry-run prints a unified diff and writes nothing', () => {
      const dir = tmpCopy(FIX);
      const r = cli([...rules, '--fix-dry-run', '.'], dir);
      assert.equal(
        r.stdout,
        [
          '--- a/Dockerfile',
          '+++ b/Dockerfile',
          '@@ -1,5 +1,6 @@',
          '-FROM python',
          '+FROM python:3.14',
          ' WORKDIR /app',
          '-COPY . .',
          '+COPY requirements.txt ./',
          ' RUN pip install -r requirements.txt',
          '+COPY . .',
          ' CMD ["python", "app.py"]',
          '--- a/alpine.dockerfile',
          '+++ b/alpine.dockerfile',
          '@@ -1,3 +1,3 @@',
          '-FROM alpine',
          '+FROM alpine:3.24',
          ' USER 1000',
          ' CMD ["sh"]',
          '',
        ].join('\n'),
      );
      assert.equal(r.code, 1);
      assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), fs.readFileSync(path.join(FIX, 'Dockerfile'), 'utf8'));
      assert.equal(cli([...rules, '--fix-dry-run', '--fix-unsafe', '.'], dir).code, 0);
    });
  });

  describe('finding files', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-find-'));
      fs.mkdirSync(path.join(dir, '.git'));
      const write = (p: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
        fs.writeFileSync(path.join(dir, p), text);
      };
      write('.gitignore', 'build/\n*.tmp.dockerfile\n');
      write('services/api/Dockerfile', 'FROM alpine\n');
      write('services/web/Containerfile.prod', 'FROM alpine\n');
      write('services/web/compose.yaml', 'services:\n  web:\n    image: alpine\n');
      write('services/web/notes.txt', 'FROM alpine\n');
      write('build/Dockerfile', 'FROM alpine\n');
      write('scratch.tmp.dockerfile', 'FROM alpine\n');
      write('node_modules/x/Dockerfile', 'FROM alpine\n');
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const files = (args: string[]) => JSON.parse(cli([...args, '-f', 'json'], dir).stdout).map((f: { file: string }) => f.file);

    it('folders: Dockerfiles, Containerfiles and Compose files, skipping what .gitignore ignores and node_modules', () => {
      assert.deepEqual(files([]), ['services/api/Dockerfile', 'services/web/Containerfile.prod', 'services/web/compose.yaml']);
    });

    it('globs, and explicit files even when ignored', () => {
      assert.deepEqual(files(['services/**/Dockerfile']), ['services/api/Dockerfile']);
      const ignoredOnly = cli(['**/*.dockerfile'], dir);
      assert.deepEqual([ignoredOnly.code, ignoredOnly.stderr], [2, 'layerwise: no such file or directory, and no Dockerfile or Compose file matches: **/*.dockerfile\n'], 'gitignored matches are skipped');
      assert.deepEqual(files(['build/Dockerfile', 'services/web/notes.txt']), ['build/Dockerfile', 'services/web/notes.txt']);
    });

    it('the ignore globs of the project file', () => {
      fs.writeFileSync(path.join(dir, '.layerwise.yaml'), 'ignore:\n  - services/web\n');
      assert.deepEqual(files([]), ['services/api/Dockerfile']);
    });

    it('reports progress on stderr for hundreds of files, only on a terminal', () => {
      for (let k = 0; k < 120; k++) {
        fs.mkdirSync(path.join(dir, 'many', String(k)), { recursive: true });
        fs.writeFileSync(path.join(dir, 'many', String(k), 'Dockerfile'), 'FROM alpine:3.24\n');
      }
      const tty = cli([...only('pin-image-tag'), 'many'], dir, { stderrIsTTY: true });
      assert.equal(tty.stderr, ['\rLinting 25/120 files…', '\rLinting 50/120 files…', '\rLinting 75/120 files…', '\rLinting 100/120 files…', '\rLinting 120/120 files…', '\r\u001b[K'].join(''));
      assert.equal(cli([...only('pin-image-tag'), 'many'], dir).stderr, '');
    });
  });

  describe('standard input', () => {
    it('- with --stdin-filename: the kind, the configuration and the name come from that path', () => {
      const dir = tmpCopy(REPORT);
      fs.writeFileSync(path.join(dir, 'api', '.layerwise.yaml'), 'rules:\n  pin-image-tag: error\n');
      const r = cli([...only('pin-image-tag'), '-', '--stdin-filename', 'api/Dockerfile.dev', '-f', 'compact'], dir, { stdin: () => 'FROM alpine\n' });
      assert.deepEqual([r.code, r.stdout], [1, `api/Dockerfile.dev:1:6 error pin-image-tag ${PIN_MSG}\n`]);
      const anon = cli([...only('pin-image-tag'), '-', '-f', 'compact'], dir, { stdin: () => 'FROM alpine\n' });
      assert.equal(anon.stdout, `<stdin>:1:6 warning pin-image-tag ${PIN_MSG}\n`);
      assert.equal(cli(['-', '--fix'], dir, { stdin: () => '' }).code, 2, '--fix cannot write to stdin');
    });
  });

  describe('rules', () => {
    it('--list-rules lists every rule and meta-rule', () => {
      const out = cli(['--list-rules'], REPORT).stdout.split('\n');
      assert.match(out[0], /^RULE +FILES +DEFAULT +FIX +WHAT IT ASKS$/);
      assert.ok(out.some((l) => /^pin-image-tag +dockerfile +warning +safe\/unsafe +Pin image references to a version tag or digest$/.test(l)));
      assert.ok(out.some((l) => /^unused-ignore +all +hint +safe\/unsafe +Remove ignore comments that silence nothing$/.test(l)));
    });

    it("--explain prints the rule's page, also by another tool's code", () => {
      const doc = fs.readFileSync(path.join(ROOT, 'docs', 'rules', 'pin-image-tag.md'), 'utf8');
      assert.deepEqual(cli(['--explain', 'pin-image-tag'], REPORT), { code: 0, stdout: doc, stderr: '' });
      assert.equal(cli(['--explain', 'DL3007'], REPORT).stdout, doc);
    });

    it('--explain works from the bundled dist/cli.js, with the docs shipped next to dist/', function () {
      this.timeout(60000);
      const bundle = path.join(ROOT, 'dist', 'cli.js');
      if (!fs.existsSync(bundle)) execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
      const r = spawnSync(process.execPath, [bundle, '--explain', 'unused-ignore'], { cwd: os.tmpdir(), encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, fs.readFileSync(path.join(ROOT, 'docs', 'rules', 'unused-ignore.md'), 'utf8'));
    });
  });
});
