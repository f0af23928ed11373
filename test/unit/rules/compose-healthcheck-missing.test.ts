import rule from '../../../server/src/rules/compose/compose-healthcheck-missing';
import { ruleTester } from '../helpers/rule-tester';

const PG_CHECK = '    healthcheck:\n      test: ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER:-postgres}"]\n      interval: 10s\n      timeout: 5s\n      retries: 5\n';

ruleTester(rule, {
  valid: [
    { name: 'nobody depends on it and it serves no ports', code: 'services:\n  worker:\n    image: myorg/worker:1\n' },
    { name: 'has a health check', code: 'services:\n  db:\n    image: postgres:17\n    healthcheck:\n      test: ["CMD", "pg_isready"]\n  app:\n    image: myorg/app:1\n    depends_on: [db]\n' },
    { name: 'health check from a merged anchor', code: 'x-hc: &hc\n  healthcheck:\n    test: ["CMD", "true"]\nservices:\n  api:\n    <<: *hc\n    image: myorg/api:1\n    ports: ["8080:8080"]\n' },
    { name: 'health check disabled on purpose', code: 'services:\n  api:\n    image: myorg/api:1\n    ports: ["8080:8080"]\n    healthcheck:\n      disable: true\n' },
    { name: 'HEALTHCHECK in the Dockerfile it builds (context + dockerfile)', code: 'services:\n  api:\n    build:\n      context: ./api\n      dockerfile: docker/Dockerfile.prod\n    ports: ["8080:8080"]\n', files: { 'api/docker/Dockerfile.prod': 'FROM node:22\nHEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1\nCMD ["node", "server.js"]\n' } },
    { name: 'HEALTHCHECK in a stage the final one builds on', code: 'services:\n  api:\n    build: .\n    ports: ["8080:8080"]\n', files: { Dockerfile: 'FROM node:22 AS base\nHEALTHCHECK CMD true\nFROM base\nCMD ["node"]\n' } },
    { name: 'HEALTHCHECK in the build target', code: 'services:\n  api:\n    build:\n      context: .\n      target: prod\n    ports: ["8080:8080"]\n', files: { Dockerfile: 'FROM node:22 AS prod\nHEALTHCHECK CMD true\nFROM node:22 AS dev\n' } },
    { name: 'inline Dockerfile with HEALTHCHECK', code: 'services:\n  api:\n    build:\n      dockerfile_inline: |\n        FROM nginx:1.28\n        HEALTHCHECK CMD curl -f http://localhost/\n    ports: ["80:80"]\n' },
    { name: 'a Dockerfile that cannot be read is not assumed to lack one', code: 'services:\n  api:\n    build: ./api\n    ports: ["8080:8080"]\n' },
    { name: 'dependents that wait for completion only', code: 'services:\n  seed:\n    image: myorg/seed:1\n  app:\n    image: myorg/app:1\n    depends_on:\n      seed:\n        condition: service_completed_successfully\n' },
    { name: 'a one-shot job with ports', code: 'services:\n  migrate:\n    image: myorg/app:1\n    ports: ["5555:5555"]\n' },
    { name: 'health check in the override file', code: 'services:\n  db:\n    image: postgres:17\n    ports: ["5432:5432"]\n', files: { 'compose.override.yaml': 'services:\n  db:\n    healthcheck:\n      test: ["CMD", "pg_isready"]\n' } },
    { name: 'extends a base that cannot be read', code: 'services:\n  api:\n    extends: {file: base.yaml, service: api}\n    ports: ["8080:8080"]\n' },
    { name: 'health check in an extends base in another file', code: 'services:\n  api:\n    extends: {file: base.yaml, service: api}\n    ports: ["8080:8080"]\n', files: { 'base.yaml': 'services:\n  api:\n    image: x/api:1\n    healthcheck:\n      test: ["CMD", "true"]\n' } },
    { name: 'empty ports list', code: 'services:\n  api:\n    image: myorg/api:1\n    ports: []\n' },
  ],
  invalid: [
    {
      name: 'a well-known image others depend on: the fix inserts its probe',
      code: 'services:\n  app:\n    image: myorg/app:1\n    depends_on:\n      - db\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_DB: app\n',
      findings: [
        {
          range: '6:3-6:5',
          message: 'Service `db` has no health check, though `app` depends on it: Compose can tell that it started, not that it is ready. Add a `healthcheck:` that runs `pg_isready`.',
          fixes: [{ title: 'Add a pg_isready health check to db', safety: 'unsafe', output: 'services:\n  app:\n    image: myorg/app:1\n    depends_on:\n      - db\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_DB: app\n' + PG_CHECK }],
        },
      ],
    },
    {
      name: 'a dependent that waits for healthy: up fails',
      code: 'services:\n  cache:\n    image: redis:8\n  app:\n    image: myorg/app:1\n    depends_on:\n      cache:\n        condition: service_healthy\n',
      findings: [
        {
          range: '2:3-2:8',
          message: 'Service `cache` has no health check, but `app` waits for it to be healthy: `docker compose up` fails. Add a `healthcheck:` that runs `redis-cli ping`.',
          fixes: [{ safety: 'unsafe', output: 'services:\n  cache:\n    image: redis:8\n    healthcheck:\n      test: ["CMD", "redis-cli", "ping"]\n      interval: 10s\n      timeout: 5s\n      retries: 5\n  app:\n    image: myorg/app:1\n    depends_on:\n      cache:\n        condition: service_healthy\n' }],
        },
      ],
    },
    {
      name: 'serves ports, unknown image: no edit, advice in the message',
      code: 'services:\n  api:\n    image: myorg/api:1\n    ports:\n      - "8080:8080"\n',
      findings: [
        {
          range: '2:3-2:6',
          message: 'Service `api` serves ports but has no health check: Docker cannot tell a hung process from a working one. Add a `healthcheck:` whose `test` probes the service with a tool its image has (for HTTP, a request to its port), or a HEALTHCHECK to its Dockerfile.',
          fixes: [],
        },
      ],
    },
    {
      name: 'built from a Dockerfile without HEALTHCHECK',
      code: 'services:\n  api:\n    build: ./api\n    expose: ["8080"]\n',
      files: { 'api/Dockerfile': 'FROM node:22\nCMD ["node", "server.js"]\n' },
      findings: [{ range: '2:3-2:6', message: /^Service `api` serves ports but has no health check \(its Dockerfile has no HEALTHCHECK either\): /, fixes: [] }],
    },
    {
      name: 'several dependents are named',
      code: 'services:\n  mq:\n    image: rabbitmq:4\n  a:\n    image: x/a:1\n    depends_on: [mq]\n  b:\n    image: x/b:1\n    depends_on: [mq]\n',
      findings: [{ range: '2:3-2:5', message: /^Service `mq` has no health check, though `a` and `b` depend on it: .* Add a `healthcheck:` that runs `rabbitmq-diagnostics ping`\.$/, fixes: [{ safety: 'unsafe', output: 'services:\n  mq:\n    image: rabbitmq:4\n    healthcheck:\n      test: ["CMD", "rabbitmq-diagnostics", "-q", "ping"]\n      interval: 10s\n      timeout: 5s\n      retries: 5\n  a:\n    image: x/a:1\n    depends_on: [mq]\n  b:\n    image: x/b:1\n    depends_on: [mq]\n' }] }],
    },
  ],
});
