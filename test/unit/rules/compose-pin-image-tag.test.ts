import rule from '../../../server/src/rules/compose/compose-pin-image-tag';
import { ruleTester } from '../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    { name: 'tagged image', code: 'services:\n  db:\n    image: postgres:17\n' },
    { name: 'digest pins', code: 'services:\n  db:\n    image: postgres@sha256:0123456789abcdef\n' },
    { name: 'image names what build produces', code: 'services:\n  web:\n    build: .\n    image: myorg/web\n' },
    { name: 'an image another service builds', code: 'services:\n  web:\n    build: .\n    image: myorg/web\n  worker:\n    image: myorg/web\n    command: worker\n' },
    { name: 'unknown variable is not unpinned', code: 'services:\n  db:\n    image: postgres:${PG_TAG}\n' },
    { name: 'required variable is not unpinned', code: 'services:\n  db:\n    image: ${IMAGE:?set IMAGE}\n' },
    { name: 'default that pins', code: 'services:\n  db:\n    image: postgres:${PG_TAG:-17}\n' },
    { name: '.env value that pins', code: 'services:\n  db:\n    image: postgres:${PG_TAG:-latest}\n', files: { '.env': 'PG_TAG=17\n' } },
    { name: 'placeholder in upper case is not a valid reference', code: 'services:\n  app:\n    image: REPLACE_ME\n' },
    { name: 'v1 file: nothing to say', code: 'db:\n  image: postgres\n' },
    { name: 'not a Compose file', code: '- image: postgres\n' },
  ],
  invalid: [
    {
      name: 'no tag: same variant is safe, others unsafe; quotes kept',
      code: 'services:\n  db:\n    image: "postgres"\n',
      findings: [
        {
          range: '3:12-3:22',
          message: 'The image `postgres` of service `db` has no tag: each pull can bring a different version. Pin a version, e.g. `postgres:18` (current as of 2026-08-19).',
          fixes: [
            { title: 'Pin to postgres:18', safety: 'safe', output: 'services:\n  db:\n    image: "postgres:18"\n' },
            { title: 'Pin to postgres:18-alpine', safety: 'unsafe', output: 'services:\n  db:\n    image: "postgres:18-alpine"\n' },
          ],
        },
      ],
    },
    {
      name: 'latest is replaced; comment kept',
      code: 'services:\n  app:\n    image: node:latest # the app\n',
      findings: [
        {
          range: '3:12-3:23',
          message: /^The image `node:latest` of service `app` uses the moving `latest` tag: /,
          fixes: [
            { safety: 'safe', output: 'services:\n  app:\n    image: node:26 # the app\n' },
            { safety: 'unsafe', output: 'services:\n  app:\n    image: node:26-slim # the app\n' },
            { safety: 'unsafe', output: 'services:\n  app:\n    image: node:26-alpine # the app\n' },
          ],
        },
      ],
    },
    {
      name: 'interpolation default: the fix edits the default',
      code: "services:\n  db:\n    image: 'postgres:${PG_TAG:-latest}'\n",
      findings: [
        {
          range: '3:12-3:40',
          message: /^The image `postgres:latest` of service `db` uses the moving `latest` tag \(`postgres:\$\{PG_TAG:-latest\}` resolves to it\)/,
          fixes: [
            { safety: 'safe', output: "services:\n  db:\n    image: 'postgres:${PG_TAG:-18}'\n" },
            { safety: 'unsafe', output: "services:\n  db:\n    image: 'postgres:${PG_TAG:-18-alpine}'\n" },
          ],
        },
      ],
    },
    {
      name: 'a whole reference from a default',
      code: 'services:\n  cache:\n    image: ${REDIS_IMAGE:-redis}\n',
      findings: [{ range: '3:12-3:33', fixes: [{ safety: 'unsafe', output: 'services:\n  cache:\n    image: ${REDIS_IMAGE:-redis:8}\n' }, { safety: 'unsafe', output: 'services:\n  cache:\n    image: ${REDIS_IMAGE:-redis:8-alpine}\n' }] }],
    },
    {
      name: 'a value from .env: no edit here, the message names the variable',
      code: 'services:\n  db:\n    image: ${DB_IMAGE}\n',
      files: { '.env': 'DB_IMAGE=postgres\n' },
      findings: [{ range: '3:12-3:23', message: /^The image `postgres` of service `db` has no tag \(`\$\{DB_IMAGE\}` resolves to it through DB_IMAGE in \.env\).*no automatic edit is offered because the reference comes from a variable's value\.$/, fixes: [] }],
    },
    {
      name: 'an anchor shared by services is reported once, where it is written',
      code: 'x-redis: &redis\n  image: redis\nservices:\n  a:\n    <<: *redis\n  b:\n    <<: *redis\n',
      findings: [{ range: '2:10-2:15', message: /^The image `redis` has no tag: /, fixes: [{ safety: 'unsafe', output: 'x-redis: &redis\n  image: redis:8\nservices:\n  a:\n    <<: *redis\n  b:\n    <<: *redis\n' }, { safety: 'unsafe' }] }],
    },
    {
      name: 'an image not in the table: no edit, the message says so',
      code: 'services:\n  ui:\n    image: dpage/pgadmin4\n',
      findings: [{ range: '3:12-3:26', message: /Layerwise has no current tag on record for this image\.$/, fixes: [] }],
    },
    {
      name: 'every document of a multi-document file; CRLF kept',
      code: 'services:\r\n  a:\r\n    image: alpine\r\n---\r\nservices:\r\n  b:\r\n    image: alpine:latest\r\n',
      findings: [
        { range: '3:12-3:18', fixes: [{ safety: 'safe', output: 'services:\r\n  a:\r\n    image: alpine:3.24\r\n---\r\nservices:\r\n  b:\r\n    image: alpine:latest\r\n' }] },
        { range: '7:12-7:25', fixes: [{ safety: 'safe', output: 'services:\r\n  a:\r\n    image: alpine\r\n---\r\nservices:\r\n  b:\r\n    image: alpine:3.24\r\n' }] },
      ],
    },
    {
      name: 'flow-style service',
      code: 'services:\n  db: {image: postgres, restart: always}\n',
      findings: [{ range: '2:15-2:23', fixes: [{ safety: 'safe', output: 'services:\n  db: {image: postgres:18, restart: always}\n' }, { safety: 'unsafe' }] }],
    },
    {
      name: 'in a document with a YAML error: reported, but no edit',
      code: 'services:\n  db:\n    image: postgres\n  web: [\n',
      findings: [{ range: '3:12-3:20', fixes: [] }],
    },
  ],
});
