import rule from '../../../server/src/rules/compose/compose-depends-on-healthy';
import { ruleTester } from '../helpers/rule-tester';

const DB = '  db:\n    image: postgres:17\n    healthcheck:\n      test: ["CMD", "pg_isready"]\n';
const MSG = 'starts as soon as `db` has started, not when it is ready: `db` has a health check, so wait for `condition: service_healthy`.';

ruleTester(rule, {
  valid: [
    { name: 'already waits for healthy', code: `services:\n${DB}  app:\n    image: x/app:1\n    depends_on:\n      db:\n        condition: service_healthy\n` },
    { name: 'waits for completion', code: `services:\n${DB}  app:\n    image: x/app:1\n    depends_on:\n      db:\n        condition: service_completed_successfully\n` },
    { name: 'dependency without health check and without known probe', code: 'services:\n  api:\n    image: x/api:1\n  app:\n    image: x/app:1\n    depends_on: [api]\n' },
    { name: 'dependency with its health check disabled', code: 'services:\n  db:\n    image: postgres:17\n    healthcheck:\n      disable: true\n  app:\n    image: x/app:1\n    depends_on: [db]\n' },
    { name: 'dependency defined elsewhere (not in this project)', code: 'services:\n  app:\n    image: x/app:1\n    depends_on: [db]\n' },
    { name: 'a one-shot dependency', code: 'services:\n  migrate:\n    image: x/app:1\n    healthcheck:\n      test: ["CMD", "true"]\n  app:\n    image: x/app:1\n    depends_on: [migrate]\n' },
    { name: 'swarm stack file: depends_on is ignored there', code: `services:\n${DB}  app:\n    image: x/app:1\n    depends_on: [db]\n    deploy:\n      mode: replicated\n` },
    { name: 'known image built locally is not assumed to have the probe', code: 'services:\n  db:\n    build: ./db\n    image: postgres\n  app:\n    image: x/app:1\n    depends_on: [db]\n' },
  ],
  invalid: [
    {
      name: 'short form block list: every entry becomes long form, the others keep service_started',
      code: `services:\n${DB}  cache:\n    image: x/cache:1\n  app:\n    image: x/app:1\n    depends_on:\n      - cache   # warm\n      - db\n`,
      findings: [
        {
          range: '12:9-12:11',
          message: `\`app\` ${MSG}`,
          fixes: [{ title: 'Wait for db to be healthy', safety: 'unsafe', output: `services:\n${DB}  cache:\n    image: x/cache:1\n  app:\n    image: x/app:1\n    depends_on:\n      cache:   # warm\n        condition: service_started\n      db:\n        condition: service_healthy\n` }],
        },
      ],
    },
    {
      name: 'short form at the key\'s indentation (compact list)',
      code: `services:\n${DB}  app:\n    image: x/app:1\n    depends_on:\n    - db\n`,
      findings: [{ range: '9:7-9:9', fixes: [{ safety: 'unsafe', output: `services:\n${DB}  app:\n    image: x/app:1\n    depends_on:\n      db:\n        condition: service_healthy\n` }] }],
    },
    {
      name: 'flow list: rewritten as a flow mapping, in place',
      code: `services:\n${DB}  app: {image: "x/app:1", depends_on: [db, "cache"]}\n  cache:\n    image: x/cache:1\n`,
      findings: [{ range: '6:40-6:42', fixes: [{ safety: 'unsafe', output: `services:\n${DB}  app: {image: "x/app:1", depends_on: {db: {condition: service_healthy}, "cache": {condition: service_started}}}\n  cache:\n    image: x/cache:1\n` }] }],
    },
    {
      name: 'long form with service_started: the condition is replaced, quotes kept',
      code: `services:\n${DB}  app:\n    image: x/app:1\n    depends_on:\n      db:\n        condition: "service_started"\n        restart: true\n`,
      findings: [{ range: '10:20-10:37', message: `\`app\` starts as soon as \`db\` has started (\`condition: service_started\`), not when it is ready: \`db\` has a health check, so wait for \`condition: service_healthy\`.`, fixes: [{ safety: 'unsafe', output: `services:\n${DB}  app:\n    image: x/app:1\n    depends_on:\n      db:\n        condition: "service_healthy"\n        restart: true\n` }] }],
    },
    {
      name: 'long form without a condition',
      code: `services:\n${DB}  app:\n    image: x/app:1\n    depends_on:\n      db:\n        required: true\n`,
      findings: [{ range: '9:7-9:9', fixes: [{ safety: 'unsafe', output: `services:\n${DB}  app:\n    image: x/app:1\n    depends_on:\n      db:\n        required: true\n        condition: service_healthy\n` }] }],
    },
    {
      name: 'dependency with a HEALTHCHECK in its Dockerfile',
      code: 'services:\n  api:\n    build: ./api\n  app:\n    image: x/app:1\n    depends_on: [api]\n',
      files: { 'api/Dockerfile': 'FROM node:22\nHEALTHCHECK CMD wget -qO- http://localhost:3000/health\n' },
      findings: [{ range: '6:18-6:21', message: /has a health check, so wait/, fixes: [{ safety: 'unsafe', output: 'services:\n  api:\n    build: ./api\n  app:\n    image: x/app:1\n    depends_on: {api: {condition: service_healthy}}\n' }] }],
    },
    {
      name: 'a well-known dependency without a health check: one fix adds the probe and waits for it',
      code: 'services:\n  app:\n    image: x/app:1\n    depends_on:\n      - redis\n  redis:\n    image: redis:8\n',
      findings: [
        {
          range: '5:9-5:14',
          message: '`app` starts as soon as `redis` has started, not when it accepts connections. Give `redis` a health check (`redis-cli ping`) and wait for `condition: service_healthy`.',
          fixes: [
            {
              title: 'Add a redis-cli ping health check to redis and wait for it to be healthy',
              safety: 'unsafe',
              output: 'services:\n  app:\n    image: x/app:1\n    depends_on:\n      redis:\n        condition: service_healthy\n  redis:\n    image: redis:8\n    healthcheck:\n      test: ["CMD", "redis-cli", "ping"]\n      interval: 10s\n      timeout: 5s\n      retries: 5\n',
            },
          ],
        },
      ],
    },
    {
      name: 'a dependency defined in an included file',
      code: 'include:\n  - path: ./db/compose.yaml\nservices:\n  app:\n    image: x/app:1\n    depends_on: [db]\n',
      files: { 'db/compose.yaml': `services:\n${DB}` },
      findings: [{ range: '6:18-6:20', message: `\`app\` ${MSG}`, fixes: [{ safety: 'unsafe', output: 'include:\n  - path: ./db/compose.yaml\nservices:\n  app:\n    image: x/app:1\n    depends_on: {db: {condition: service_healthy}}\n' }] }],
    },
    {
      name: 'depends_on from a merged anchor is reported once, where it is written',
      code: `x-app: &app\n  image: x/app:1\n  depends_on: [db]\nservices:\n${DB}  a:\n    <<: *app\n  b:\n    <<: *app\n`,
      findings: [{ range: '3:16-3:18', fixes: [{ safety: 'unsafe', output: `x-app: &app\n  image: x/app:1\n  depends_on: {db: {condition: service_healthy}}\nservices:\n${DB}  a:\n    <<: *app\n  b:\n    <<: *app\n` }] }],
    },
  ],
});
