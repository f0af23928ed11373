import * as assert from 'node:assert/strict';
import { fileRole } from '../../server/src/compose/service-kind';
import { devPath } from '../../server/src/dockerfile/dev-image';

describe('development and test files by path', () => {
  const dockerfiles: [string, boolean][] = [
    ['/home/me/projects/app/Dockerfile', false],
    ['/home/me/dev/app/Dockerfile', false],
    ['/srv/ci/builds/test/app/Dockerfile', false],
    ['/repo/.devcontainer/Dockerfile', true],
    ['/repo/e2e/Dockerfile', true],
    ['/repo/integration-tests/Dockerfile', true],
    ['/repo/Dockerfile.dev', true],
    ['/repo/dev.Dockerfile', true],
    ['/repo/Dockerfile.prod', false],
  ];
  for (const [p, want] of dockerfiles) it(`${p} → ${want ? 'development' : 'runtime'}`, () => assert.equal(devPath(p), want));

  const composeFiles: [string, string][] = [
    ['/home/me/test/app/compose.yaml', 'production'],
    ['/repo/tests/compose.yaml', 'test'],
    ['/repo/docker-compose.test.yml', 'test'],
    ['/repo/compose.override.yaml', 'dev'],
    ['/repo/.devcontainer/docker-compose.yml', 'devcontainer'],
  ];
  for (const [p, want] of composeFiles) it(`${p} → ${want}`, () => assert.equal(fileRole(p), want));
});
