import * as assert from 'node:assert/strict';
import { languageOf, languageOfPath } from '../../server/src/engine/languages';

describe('file kinds', () => {
  const table: [string, string | undefined][] = [
    ['Dockerfile', 'dockerfile'],
    ['/a/b/Dockerfile.dev', 'dockerfile'],
    ['Dockerfile-alpine', 'dockerfile'],
    ['api.dockerfile', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['Containerfile.ci', 'dockerfile'],
    ['Dockerfile.j2', undefined],
    ['Dockerfile.template', undefined],
    ['Dockerfile.dockerignore', undefined],
    ['compose.yaml', 'compose'],
    ['compose.yml', 'compose'],
    ['docker-compose.yml', 'compose'],
    ['docker-compose.override.yaml', 'compose'],
    ['compose.prod.yaml', 'compose'],
    ['C:\\proj\\docker-compose.yml', 'compose'],
    ['values.yaml', undefined],
    ['dockerfile.md', undefined],
  ];
  for (const [p, want] of table) it(`${p} → ${want}`, () => assert.equal(languageOfPath(p), want));

  it('editor language ids: yaml only for compose names, dockercompose always', () => {
    assert.equal(languageOf('yaml', '/x/compose.yaml'), 'compose');
    assert.equal(languageOf('yaml', '/x/values.yaml'), undefined);
    assert.equal(languageOf('dockercompose', '/x/stack.yml'), 'compose');
    assert.equal(languageOf('dockerfile', '/x/anything'), 'dockerfile');
  });
});
