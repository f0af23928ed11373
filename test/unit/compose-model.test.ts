import * as assert from 'node:assert/strict';
import { buildComposeModel, type ComposeModel } from '../../server/src/compose/model';
import { interpolate, rawOffset } from '../../server/src/compose/interpolate';
import { composeSupport } from '../../server/src/compose/support';
import { ignoreLineEdit } from '../../server/src/engine/ignore';
import { applyEdits } from '../../server/src/engine/edits';
import { lint } from '../../server/src/engine/runner';
import type { Range } from '../../server/src/engine/types';
import restartPolicy from '../../server/src/rules/compose/compose-restart-policy';

const r = (x: Range) => `${x.start.line}:${x.start.character}-${x.end.line}:${x.end.character}`;
const svc = (m: ComposeModel, name: string) => m.services.find((s) => s.name === name)!;

describe('Compose model', () => {
  describe('services and their keys', () => {
    it('reads image, build, ports, restart, networks, secrets, profiles and ranges', () => {
      const m = buildComposeModel(
        'services:\n  web:\n    image: "nginx:1.28"\n    build:\n      context: ./web\n      dockerfile: Dockerfile.prod\n      target: prod\n      cache_from: [x]\n    ports: ["80:80"]\n    restart: always\n    networks: [front, back]\n    secrets:\n      - db_password\n      - source: api_key\n    profiles: [web]\n',
      );
      const web = svc(m, 'web');
      assert.equal(r(web.keyRange), '1:2-1:5');
      assert.equal(web.image?.value, 'nginx:1.28');
      assert.equal(web.image?.raw, '"nginx:1.28"');
      assert.equal(web.image?.contentStart, m.text.indexOf('nginx:1.28'));
      assert.equal(r(web.image!.range), '2:11-2:23');
      assert.deepEqual([web.build?.context?.value, web.build?.dockerfile?.value, web.build?.target?.value, !!web.build?.cacheFrom], ['./web', 'Dockerfile.prod', 'prod', true]);
      assert.equal(web.restart?.value, 'always');
      assert.deepEqual(web.networks?.names, ['front', 'back']);
      assert.deepEqual(web.secrets?.names, ['db_password', 'api_key']);
      assert.deepEqual(web.profiles, ['web']);
      assert.equal(web.fragment, false);
      assert.equal(m.documents[0].format, 'compose');
    });

    it('reads depends_on in short and long form, with conditions and ranges', () => {
      const m = buildComposeModel('services:\n  a:\n    image: x\n    depends_on: [b, "c"]\n  d:\n    image: x\n    depends_on:\n      b:\n        condition: service_healthy\n      c: {}\n');
      assert.deepEqual(svc(m, 'a').dependsOn?.deps.map((d) => [d.name, d.form, r(d.range), d.condition?.value]), [
        ['b', 'short', '3:17-3:18', undefined],
        ['c', 'short', '3:20-3:23', undefined],
      ]);
      assert.deepEqual(svc(m, 'd').dependsOn?.deps.map((d) => [d.name, d.form, r(d.range), d.condition?.value]), [
        ['b', 'long', '7:6-7:7', 'service_healthy'],
        ['c', 'long', '9:6-9:7', undefined],
      ]);
    });

    it('reads environment in map and list form, with name and value offsets', () => {
      const m = buildComposeModel('services:\n  a:\n    image: x\n    environment:\n      A: "1 2"\n      B:\n  b:\n    image: x\n    environment:\n      - C=3\n      - D\n      - "E=f g"\n');
      const a = svc(m, 'a').environment!;
      assert.equal(a.form, 'map');
      assert.deepEqual(a.entries.map((e) => [e.name, e.value, r(e.nameRange), e.quoted]), [
        ['A', '1 2', '4:6-4:7', true],
        ['B', null, '5:6-5:7', false],
      ]);
      const b = svc(m, 'b').environment!;
      assert.equal(b.form, 'list');
      assert.deepEqual(b.entries.map((e) => [e.name, e.value, r(e.nameRange), e.valueStart === undefined ? undefined : m.text.slice(e.valueStart, e.valueEnd)]), [
        ['C', '3', '9:8-9:9', '3'],
        ['D', null, '10:8-10:9', undefined],
        ['E', 'f g', '11:9-11:10', 'f g'],
      ]);
    });

    it('reads healthcheck (disabled forms), env_file forms, extends, deploy and fragments', () => {
      const m = buildComposeModel(
        'services:\n  a:\n    image: x\n    healthcheck:\n      test: ["NONE"]\n    env_file:\n      - a.env\n      - path: b.env\n        required: false\n  b:\n    extends:\n      file: common.yaml\n      service: base\n    healthcheck:\n      disable: true\n    deploy:\n      replicas: 0\n      restart_policy:\n        condition: on-failure\n  c:\n    ports: ["80:80"]\n',
      );
      assert.equal(svc(m, 'a').healthcheck?.disabled, true);
      assert.deepEqual(svc(m, 'a').envFiles?.files.map((f) => [f.path.value, f.required]), [['a.env', true], ['b.env', false]]);
      const b = svc(m, 'b');
      assert.deepEqual([b.extends?.service, b.extends?.file], ['base', 'common.yaml']);
      assert.equal(b.healthcheck?.disabled, true);
      assert.deepEqual([b.deploy?.replicas, b.deploy?.restartPolicy, b.deploy?.swarm], [0, true, false]);
      assert.equal(svc(m, 'c').fragment, true);
      assert.equal(m.stack, false);
    });

    it('marks swarm stack files', () => {
      assert.equal(buildComposeModel('services:\n  a:\n    image: x\n    deploy:\n      placement:\n        constraints: [node.role == manager]\n').stack, true);
      assert.equal(buildComposeModel('services:\n  a:\n    image: x\nnetworks:\n  n:\n    driver: overlay\n').stack, true);
    });
  });

  describe('anchors, aliases, merge keys and tags', () => {
    const text =
      'x-common: &common\n  restart: always\n  image: base:1\n  environment: &env\n    A: "1"\nx-more: &more\n  image: more:1\n  labels: [x]\nservices:\n  a:\n    <<: [*common, *more]\n    image: own:1\n  b: *common\n  c:\n    <<: *common\n    restart: !reset null\n    environment: !override\n      B: "2"\n';
    const m = buildComposeModel(text);

    it('merges keys: written keys win, then the first merge source', () => {
      const a = svc(m, 'a');
      assert.equal(a.image?.value, 'own:1');
      assert.equal(a.image?.inherited, false);
      assert.equal(a.restart?.value, 'always');
      assert.equal(a.restart?.inherited, true, 'a merged key is written elsewhere');
      assert.equal(r(a.restart!.range), '1:11-1:17');
      assert.ok(a.fields.has('labels'), 'keys of the second source');
      assert.equal(a.ownMap, true);
    });

    it('a service written as an alias inherits everything and has no map of its own', () => {
      const b = svc(m, 'b');
      assert.equal(b.image?.value, 'base:1');
      assert.equal(b.ownMap, false);
      assert.equal(b.environment?.entries[0].inherited, true);
    });

    it('!reset removes a key, !override replaces it', () => {
      const c = svc(m, 'c');
      assert.equal(c.restart, undefined);
      assert.equal(c.fields.has('restart'), false);
      assert.deepEqual(c.environment?.entries.map((e) => [e.name, e.inherited]), [['B', false]]);
      assert.equal(c.fields.get('environment')?.tag, '!override');
      assert.deepEqual(m.errors, [], 'custom tags are not errors');
    });

    it('an alias that names no anchor reads as empty', () => {
      const m2 = buildComposeModel('services:\n  a:\n    <<: *missing\n    image: x\n');
      assert.equal(svc(m2, 'a').image?.value, 'x');
    });
  });

  describe('documents and formats', () => {
    it('reads every document of a multi-document file', () => {
      const m = buildComposeModel('services:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n...\n');
      assert.deepEqual(m.documents.map((d) => [d.format, d.services.map((s) => s.name)]), [['compose', ['a']], ['compose', ['b']]]);
      assert.equal(r(svc(m, 'b').keyRange), '5:2-5:3');
    });

    it('recognises the v1 format and gives it no services', () => {
      const m = buildComposeModel('web:\n  image: nginx\n  links: [db]\ndb:\n  image: postgres\n');
      assert.equal(m.documents[0].format, 'v1');
      assert.deepEqual(m.services, []);
    });

    it('empty files, lists and other YAML are not Compose files', () => {
      assert.deepEqual(buildComposeModel('').documents, []);
      assert.equal(buildComposeModel('# only a comment\n').documents[0]?.format ?? 'empty', 'empty');
      assert.equal(buildComposeModel('- a\n- b\n').documents[0].format, 'other');
      assert.equal(buildComposeModel('apiVersion: v1\nkind: Pod\n').documents[0].format, 'other');
      assert.equal(buildComposeModel('include:\n  - other.yaml\n').documents[0].format, 'compose');
    });

    it('reads include paths in short and long form', () => {
      const m = buildComposeModel('include:\n  - a.yaml\n  - path: [b.yaml, c.yaml]\n  - path: d.yaml\n');
      assert.deepEqual(m.includes, ['a.yaml', 'b.yaml', 'c.yaml', 'd.yaml']);
    });
  });

  describe('text', () => {
    it('ranges are exact with CRLF', () => {
      const m = buildComposeModel('services:\r\n  web:\r\n    image: nginx\r\n');
      assert.equal(r(svc(m, 'web').image!.range), '2:11-2:16');
      assert.equal(m.index.eol, '\r\n');
    });

    it('ranges are exact after a BOM', () => {
      const m = buildComposeModel('\uFEFFservices:\n  web:\n    image: nginx\n');
      assert.equal(r(svc(m, 'web').keyRange), '1:2-1:5');
      assert.equal(m.index.slice(svc(m, 'web').image!.range), 'nginx');
    });

    it('detects the indentation unit and the list style', () => {
      assert.deepEqual(buildComposeModel('services:\n    web:\n        ports:\n        - "80"\n').indent, { unit: 4, seq: 0 });
      assert.deepEqual(buildComposeModel('services:\n  web:\n    ports:\n      - "80"\n').indent, { unit: 2, seq: 2 });
      assert.deepEqual(buildComposeModel('a: 1\n').indent, { unit: 2, seq: 2 });
    });

    it('finds comments outside block scalars', () => {
      const m = buildComposeModel('# top\nservices:\n  web:\n    # before image\n    image: x\n    command: |\n      # not a comment\n      run\n');
      assert.deepEqual(m.comments.map((c) => [c.line, c.text]), [[0, '# top'], [3, '# before image']]);
    });
  });

  describe('broken YAML', () => {
    it('keeps what parses and reports the errors with ranges', () => {
      const m = buildComposeModel('services:\n  web:\n    image: nginx\n    image: nginx\n  db: [\n');
      assert.ok(m.errors.length >= 2);
      assert.equal(r(m.errors[0].range), '3:4-3:5');
      assert.equal(svc(m, 'web').image?.value, 'nginx');
    });

    it('never throws on odd input', () => {
      for (const t of ['{', ']', ': :', '&a [*a]', 'services: *a', 'services:\n  a: &x\n    <<: *x\n', '\t', '\0', '%YAML 9\n---\n', 'services:\n  ? [a]\n  : b\n', 'services:\n  1: {image: 2}\n']) {
        buildComposeModel(t);
      }
    });
  });
});

describe('interpolation', () => {
  const env = (vars: Record<string, string>) => (n: string) => vars[n];

  it('resolves defaults, values, alternatives and escapes', () => {
    assert.equal(interpolate('postgres:${TAG:-17}').value, 'postgres:17');
    assert.equal(interpolate('postgres:${TAG:-17}', env({ TAG: '16' })).value, 'postgres:16');
    assert.equal(interpolate('postgres:${TAG:-17}', env({ TAG: '' })).value, 'postgres:17');
    assert.equal(interpolate('postgres:${TAG-17}', env({ TAG: '' })).value, 'postgres:');
    assert.equal(interpolate('${A:+set}', env({ A: 'x' })).value, 'set');
    assert.equal(interpolate('${A:+set}').value, '');
    assert.equal(interpolate('$$HOME').value, '$HOME');
    assert.equal(interpolate('${A:-${B:-c}}').value, 'c');
    assert.equal(interpolate('$A-$B', env({ A: '1', B: '2' })).value, '1-2');
    assert.equal(interpolate('cost: 5$').value, 'cost: 5$');
  });

  it('leaves what a variable without a value decides unresolved', () => {
    assert.equal(interpolate('postgres:${TAG}').value, undefined);
    assert.equal(interpolate('${IMAGE:?set it}').value, undefined);
    assert.equal(interpolate('$TAG').value, undefined);
    assert.equal(interpolate('${unterminated').value, undefined);
    assert.deepEqual(interpolate('${A}-${B:-x}').variables, ['A', 'B']);
  });

  it('maps resolved offsets back to the raw text, through defaults', () => {
    const raw = 'redis:${TAG:-latest}';
    const i = interpolate(raw);
    assert.equal(i.value, 'redis:latest');
    const start = rawOffset(i, 6);
    const end = rawOffset(i, 12, true);
    assert.equal(raw.slice(start, end), 'latest');
    const v = interpolate('${IMG}:x', env({ IMG: 'redis' }));
    assert.equal(rawOffset(v, 2), undefined, 'inside a value from elsewhere');
  });
});

describe('Compose suppression and ignore', () => {
  const code = 'services:\n  # layerwise-ignore compose-restart-policy -- managed by systemd\n  web:\n    image: nginx:1.28\n  api:\n    image: x/api:1\n';

  it('a comment on the line before a key silences findings that start on that key', () => {
    const res = lint({ text: code, language: 'compose', path: '/p/compose.yaml', rules: [restartPolicy] });
    assert.deepEqual(res.findings.map((f) => `${r(f.range)} ${f.ruleId}`), ['4:2-4:5 compose-restart-policy']);
  });

  it('the ignore action writes the comment above the finding, in its indentation', () => {
    const text = 'services:\n  api:\n    image: x/api:1\n';
    const res = lint({ text, language: 'compose', path: '/p/compose.yaml', rules: [restartPolicy] });
    const edit = ignoreLineEdit(text, res, res.findings[0]);
    assert.equal(applyEdits(text, [edit]), 'services:\n  # layerwise-ignore compose-restart-policy\n  api:\n    image: x/api:1\n');
  });

  it('the comment applies to the next line that is not blank or a comment', () => {
    const layout = composeSupport.layout(buildComposeModel('a:\n  # one\n  # two\n  b: 1\n  # three\n\n  c: 2\n'));
    assert.equal(layout.targetAfter(1), 3);
    assert.equal(layout.targetAfter(4), undefined, 'a blank line ends it');
  });
});
