import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigLoader, parseConfigText, type ConfigFs, type ResolvedConfig } from '../../server/src/config';
import { mergeConfigs } from '../../server/src/engine/config';
import { toPosix } from '../../server/src/engine/files';
import { lint } from '../../server/src/engine/runner';
import { normalizeSettings, settingsToConfig } from '../../server/src/lsp/settings';

const F = toPosix(path.join(__dirname, '..', 'fixtures', 'config'));
const rel = (p: string) => p.replace(`${F}/`, '');
const problems = (r: ResolvedConfig) => r.problems.map((p) => `${rel(p.path)}:${p.range.start.line + 1}:${p.range.start.character + 1}-${p.range.end.character + 1} ${p.message}`);

describe('configuration', () => {
  const loader = new ConfigLoader();

  describe('.layerwise.yaml', () => {
    it('is found upward from the linted file, and follows extends (the extending file wins, rule by rule)', () => {
      const r = loader.resolve(`${F}/layered/app/Dockerfile`);
      assert.equal(rel(r.file!), 'layered/.layerwise.yaml');
      assert.deepEqual(r.files.map(rel), ['layered/.layerwise.yaml', 'layered/shared/base.layerwise.yaml']);
      assert.deepEqual(r.config, {
        rules: { 'pin-image-tag': { severity: 'error' }, 'copy-manifests-first': { severity: 'off' }, 'run-as-non-root': { severity: 'warning', options: {} } },
        trustedRegistries: ['registry.example.com'],
      });
      assert.equal(r.severityThreshold, 'error');
      assert.deepEqual(r.problems, []);
    });

    it('ignore globs are relative to the file that declares them; a folder ignores what is below it', () => {
      const r = loader.resolve(`${F}/layered/app/Dockerfile`);
      const ignored = ['layered/app/Dockerfile', 'layered/legacy/Dockerfile', 'layered/legacy/deep/Dockerfile', 'layered/app/api.generated.dockerfile', 'layered/legacyx/Dockerfile', 'json/legacy/Dockerfile'];
      assert.deepEqual(ignored.map((p) => r.isIgnored(`${F}/${p}`)), [false, true, true, true, false, false]);
    });

    it('.layerwise.json too', () => {
      const r = loader.resolve(`${F}/json/Dockerfile`);
      assert.deepEqual(r.config, { rules: { 'pin-image-tag': { severity: 'info' } }, trustedRegistries: ['ghcr.io/acme'] });
    });

    it('applies to the lint: severities, rules off, trusted registries passed to rules', () => {
      const r = loader.resolve(`${F}/layered/app/Dockerfile`);
      const seen: string[][] = [];
      const probe = {
        meta: { id: 'probe', title: 'probe rule for tests', language: 'dockerfile' as const, category: 'correctness' as const, defaultSeverity: 'warning' as const, fixSafety: [], aliases: [], rationale: 'reads the settings' },
        check(ctx: { settings: { trustedRegistries: readonly string[] } }) {
          seen.push([...ctx.settings.trustedRegistries]);
        },
      };
      lint({ text: 'FROM alpine\n', language: 'dockerfile', config: r.config, rules: [probe] });
      assert.deepEqual(seen, [['registry.example.com']]);
      const findings = lint({ text: 'FROM alpine\n', language: 'dockerfile', config: r.config }).findings.filter((f) => f.ruleId === 'pin-image-tag');
      assert.deepEqual(findings.map((f) => f.severity), ['error']);
    });
  });

  describe('.hadolint.yaml', () => {
    it('maps ignored, override, trustedRegistries and failure-threshold through the rules’ aliases', () => {
      const r = loader.resolve(`${F}/hadolint/app/Dockerfile`);
      assert.equal(rel(r.file!), 'hadolint/.hadolint.yaml');
      // DL3002 → run-as-non-root off; DL3007 (error) → pin-image-tag; DL3008 and DL4006 name no Layerwise rule.
      assert.deepEqual(r.config, { rules: { 'run-as-non-root': { severity: 'off' }, 'pin-image-tag': { severity: 'error' } }, trustedRegistries: ['docker.io', 'ghcr.io/acme'] });
      assert.equal(r.severityThreshold, 'info');
      assert.deepEqual(r.problems, [], "hadolint's other keys (strict-labels) are left alone");
    });

    it('style maps to hint, ignored wins over override, and ignore/none thresholds fail nothing', () => {
      const parse = (text: string) => parseConfigText('/p/.hadolint.yaml', text);
      assert.deepEqual(parse('override:\n  style: [DL3006]\n').data?.rules, { 'pin-image-tag': 'hint' });
      assert.deepEqual(parse('override:\n  error: [DL3006]\nignored: [DL3007]\n').data?.rules, { 'pin-image-tag': 'off' });
      assert.equal(parse('failure-threshold: none\n').data?.severityThreshold, 'none');
      assert.equal(parse('no-fail: true\n').data?.severityThreshold, 'none');
      assert.deepEqual(
        parse('failure-threshold: loud\noverride:\n  fatal: [DL3006]\n').problems.map((p) => p.message),
        ['`failure-threshold` must be error, warning, info, style, ignore or none, not `loud`.', '`override.fatal` is not a hadolint level: use error, warning, info or style.'],
      );
    });

    it('is read only when there is no .layerwise.* anywhere above; a .layerwise.* above wins over a nearer .hadolint.yaml', () => {
      const both = loader.resolve(`${F}/both/app/Dockerfile`);
      assert.equal(rel(both.file!), 'both/app/.layerwise.yaml');
      assert.deepEqual(both.config, { rules: { 'run-as-non-root': { severity: 'error' } } });
      const dir = toPosix(fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-config-')));
      fs.mkdirSync(`${dir}/app`);
      fs.writeFileSync(`${dir}/.layerwise.yaml`, 'rules:\n  pin-image-tag: info\n');
      fs.writeFileSync(`${dir}/app/.hadolint.yaml`, 'ignored: [DL3006]\n');
      assert.equal(new ConfigLoader().resolve(`${dir}/app/Dockerfile`).file, `${dir}/.layerwise.yaml`);
    });
  });

  describe('problems', () => {
    it('one per mistake, at its place; the file is then not applied', () => {
      const r = loader.resolve(`${F}/invalid/Dockerfile`);
      assert.deepEqual(problems(r), [
        'invalid/.layerwise.yml:2:18-22 `loud` is not a severity for `pin-image-tag`: use off, hint, info, warning or error.',
        "invalid/.layerwise.yml:3:3-9 `DL3007` is another tool's code: use the Layerwise id `pin-image-tag`.",
        'invalid/.layerwise.yml:7:7-12 `copy-manifests-first` has no option `depth`.',
        'invalid/.layerwise.yml:8:1-7 Unknown key `colour`: the configuration has extends, rules, ignore, trustedRegistries, severityThreshold.',
      ]);
      assert.deepEqual(r.config, {}, 'linting goes on with the defaults');
    });

    it('extends cycles and missing files', () => {
      assert.deepEqual(problems(loader.resolve(`${F}/cycle/Dockerfile`)), ['cycle/other.yaml:1:10-25 `extends` makes a cycle: .layerwise.yaml → other.yaml → .layerwise.yaml.']);
      const r = parseConfigText('/p/.layerwise.yaml', 'extends: [a.yaml]\n');
      assert.deepEqual(r.data?.extends.map((e) => e.path), ['a.yaml']);
      const dir = toPosix(fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-config-')));
      fs.writeFileSync(`${dir}/.layerwise.yaml`, 'extends: ../nowhere/base.yaml\n');
      assert.deepEqual(new ConfigLoader().resolve(`${dir}/Dockerfile`).problems.map((p) => p.message), ['`extends` names a file that does not exist: ../nowhere/base.yaml.']);
    });

    it('syntax errors in YAML and JSON, and wrong shapes', () => {
      const msgs = (p: string, text: string) => parseConfigText(p, text).problems.map((x) => `${x.range.start.line + 1}:${x.range.start.character + 1} ${x.message}`);
      assert.deepEqual(msgs('/p/.layerwise.yaml', 'rules:\n  pin-image-tag: error\n rules: 2\n'), ['3:1 YAML syntax error: All mapping items must start at the same column.', '3:2 YAML syntax error: Map keys must be unique.']);
      const json = msgs('/p/.layerwise.json', '{\n  "rules": {,}\n}\n');
      assert.equal(json.length, 1);
      assert.match(json[0], /^2:13 JSON syntax error: [^\n]+\.$/, 'the position of the error (the wording is Node\'s)');
      assert.deepEqual(msgs('/p/.layerwise.yaml', '- a\n'), ['1:1 The configuration must be a mapping of keys (rules, ignore, trustedRegistries, extends).']);
      assert.deepEqual(msgs('/p/.layerwise.yaml', 'rules: [pin-image-tag]\nignore: 3\nseverityThreshold: loud\n'), [
        '1:8 `rules` must map rule ids to a severity or to { severity, options }.',
        '2:9 `ignore` must be a string or a list of strings.',
        '3:20 `severityThreshold` must be hint, info, warning, error, none, not `loud`.',
      ]);
      assert.deepEqual(msgs('/p/.layerwise.yaml', 'rules:\n  pin-image-tag: default\n'), ['2:18 `default` is not a severity for `pin-image-tag`: use off, hint, info, warning or error.']);
      assert.deepEqual(parseConfigText('/p/.layerwise.yaml', '').problems, [], 'an empty file is fine');
      assert.deepEqual(parseConfigText('/p/.layerwise.yaml', '\ufeffrules:\n  unused-ignore: off\n').data?.rules, { 'unused-ignore': 'off' }, 'a BOM, and meta-rules have severities too');
    });
  });

  describe('caching', () => {
    it('re-reads a file when its modification time or size changes, and looks again after invalidate()', () => {
      const files = new Map<string, { text: string; mtimeMs: number }>([['/w/.layerwise.yaml', { text: 'rules:\n  pin-image-tag: info\n', mtimeMs: 1 }]]);
      let reads = 0;
      const fsys: ConfigFs = {
        stat: (p) => (files.has(p) ? { mtimeMs: files.get(p)!.mtimeMs, size: files.get(p)!.text.length } : undefined),
        read: (p) => {
          reads++;
          return files.get(p)?.text;
        },
      };
      const l = new ConfigLoader(fsys);
      const sev = () => JSON.stringify(l.resolve('/w/app/Dockerfile').config.rules);
      assert.equal(sev(), '{"pin-image-tag":{"severity":"info"}}');
      assert.equal(sev(), '{"pin-image-tag":{"severity":"info"}}');
      assert.equal(reads, 1, 'cached while unchanged');
      files.set('/w/.layerwise.yaml', { text: 'rules:\n  pin-image-tag: error\n', mtimeMs: 2 });
      assert.equal(sev(), '{"pin-image-tag":{"severity":"error"}}');
      assert.equal(reads, 2);
      files.set('/w/app/.layerwise.yaml', { text: 'rules:\n  pin-image-tag: hint\n', mtimeMs: 3 });
      assert.equal(sev(), '{"pin-image-tag":{"severity":"error"}}', 'folder look-ups are cached…');
      l.invalidate('/w/app/.layerwise.yaml');
      assert.equal(sev(), '{"pin-image-tag":{"severity":"hint"}}', '…until invalidated (the server does it on watched-file changes)');
    });
  });

  describe('precedence', () => {
    it('settings win over the file in the server; `default` and option values equal to their default are unset', () => {
      const file = loader.resolve(`${F}/layered/app/Dockerfile`).config;
      const settings = normalizeSettings({ rules: { 'pin-image-tag': 'warning', 'run-as-non-root': 'default' }, options: {} });
      assert.deepEqual(mergeConfigs(file, settingsToConfig(settings)).rules, {
        'pin-image-tag': { severity: 'warning', options: {} },
        'copy-manifests-first': { severity: 'off', options: {} },
        'run-as-non-root': { severity: 'warning', options: {} },
      });
      assert.deepEqual(settingsToConfig(normalizeSettings({ rules: { 'pin-image-tag': 'default' } })), { rules: {} });
    });

    it('flags win over the file in the CLI (checked end to end in cli.test.ts)', () => {
      const file = loader.resolve(`${F}/layered/app/Dockerfile`).config;
      assert.deepEqual(mergeConfigs(file, { rules: { 'pin-image-tag': 'off' } }).rules?.['pin-image-tag'], { severity: 'off', options: {} });
    });
  });
});
