import rule from '../../../server/src/rules/compose/compose-no-inline-secrets';
import { ruleTester } from '../helpers/rule-tester';

const MSG = (name: string, what = 'is set to a literal value', to = ' or to a Compose secret') =>
  `\`${name}\` ${what} (\`****\`) in the Compose file, where anyone with the file or the repository's history can read it. Move it to an env file kept out of version control${to}.`;

ruleTester(rule, {
  valid: [
    { name: 'the _FILE convention', code: 'services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n' },
    { name: 'a value from a variable', code: 'services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n      API_TOKEN: ${API_TOKEN:-}\n      - ignored\n'.replace('      - ignored\n', '') },
    { name: 'pass-through and empty values', code: 'services:\n  app:\n    image: x/app:1\n    environment:\n      - SECRET_KEY\n      - API_TOKEN=\n' },
    { name: 'switches, lengths and paths are not secrets', code: 'services:\n  db:\n    image: mysql:8\n    environment:\n      MYSQL_ALLOW_EMPTY_PASSWORD: "yes"\n      MYSQL_RANDOM_ROOT_PASSWORD: "1"\n      PASSWORD_MIN_LENGTH: "12"\n      TOKEN_EXPIRY_MINUTES: "30"\n      SSL_KEY_PATH: /certs/key.pem\n      TLS_KEY: ./certs/tls.key\n      AWS_ACCESS_KEY_ID: AKIAEXAMPLE\n      PUBLIC_KEY: abc\n      PWD: /app\n' },
    { name: 'a URL without a password', code: 'services:\n  app:\n    image: x/app:1\n    environment:\n      DATABASE_URL: postgres://app@db:5432/app\n      REDIS_URL: redis://redis:6379\n' },
    { name: 'a URL whose password comes from a variable', code: 'services:\n  app:\n    image: x/app:1\n    environment:\n      DATABASE_URL: postgres://app:${DB_PASSWORD}@db/app\n' },
    { name: 'a test stack', file: 'docker-compose.test.yml', code: 'services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD: postgres\n' },
    { name: 'a dev container', file: '.devcontainer/docker-compose.yml', code: 'services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD: postgres\n' },
    { name: 'a certificate is not a private key', code: 'services:\n  app:\n    image: x/app:1\n    environment:\n      CERTIFICATE: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJ\n' },
  ],
  invalid: [
    {
      name: 'a password on a database image: env file, or a Compose secret through _FILE',
      code: 'services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_DB: app\n      POSTGRES_PASSWORD: "s3cr3t!"\n',
      findings: [
        {
          range: '6:7-6:24',
          message: MSG('POSTGRES_PASSWORD', undefined, ' or to a Compose secret read through `POSTGRES_PASSWORD_FILE`'),
          fixes: [
            {
              title: 'Move POSTGRES_PASSWORD to db.env',
              safety: 'unsafe',
              output: 'services:\n  db:\n    image: postgres:17\n    env_file: db.env\n    environment:\n      POSTGRES_DB: app\n',
              otherFiles: { 'db.env': 'POSTGRES_PASSWORD=\'s3cr3t!\'\n' },
            },
            {
              title: 'Move POSTGRES_PASSWORD to the Compose secret db_postgres_password',
              safety: 'unsafe',
              output:
                'services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_DB: app\n      POSTGRES_PASSWORD_FILE: "/run/secrets/db_postgres_password"\n    secrets:\n      - db_postgres_password\nsecrets:\n  db_postgres_password:\n    file: ./secrets/db_postgres_password.txt\n',
              otherFiles: { 'secrets/db_postgres_password.txt': 's3cr3t!' },
            },
          ],
        },
      ],
    },
    {
      name: 'list form; existing secrets lists are extended',
      code: 'services:\n  db:\n    image: mariadb:11\n    secrets: [other]\n    environment:\n      - MARIADB_ROOT_PASSWORD=hunter2\nsecrets:\n  other:\n    file: other.txt\n',
      findings: [
        {
          range: '6:9-6:30',
          fixes: [
            { safety: 'unsafe', output: 'services:\n  db:\n    image: mariadb:11\n    secrets: [other]\n    env_file: db.env\nsecrets:\n  other:\n    file: other.txt\n', otherFiles: { 'db.env': 'MARIADB_ROOT_PASSWORD=hunter2\n' } },
            {
              safety: 'unsafe',
              output: 'services:\n  db:\n    image: mariadb:11\n    secrets: [other, db_mariadb_root_password]\n    environment:\n      - MARIADB_ROOT_PASSWORD_FILE=/run/secrets/db_mariadb_root_password\nsecrets:\n  other:\n    file: other.txt\n  db_mariadb_root_password:\n    file: ./secrets/db_mariadb_root_password.txt\n',
              otherFiles: { 'secrets/db_mariadb_root_password.txt': 'hunter2' },
            },
          ],
        },
      ],
    },
    {
      name: 'an app secret: env file only',
      code: 'services:\n  web:\n    image: x/web:1\n    environment:\n      DJANGO_SECRET_KEY: abc123\n      stripeApiKey: sk_live_abc\n      SECRET_KEY_BASE: deadbeef\n',
      findings: [
        { range: '5:7-5:24', message: MSG('DJANGO_SECRET_KEY'), fixes: [{ safety: 'unsafe', output: 'services:\n  web:\n    image: x/web:1\n    env_file: web.env\n    environment:\n      stripeApiKey: sk_live_abc\n      SECRET_KEY_BASE: deadbeef\n', otherFiles: { 'web.env': 'DJANGO_SECRET_KEY=abc123\n' } }] },
        { range: '6:7-6:19', message: MSG('stripeApiKey') },
        { range: '7:7-7:22', message: MSG('SECRET_KEY_BASE') },
      ],
    },
    {
      name: 'a password in a URL, a private key',
      code: 'services:\n  app:\n    image: x/app:1\n    environment:\n      DATABASE_URL: postgres://app:pa55@db:5432/app\n      KEY: "-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----"\n',
      findings: [
        { range: '5:7-5:19', message: MSG('DATABASE_URL', 'holds a password inside a URL'), fixes: [{ safety: 'unsafe', output: 'services:\n  app:\n    image: x/app:1\n    env_file: app.env\n    environment:\n      KEY: "-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----"\n', otherFiles: { 'app.env': 'DATABASE_URL=postgres://app:pa55@db:5432/app\n' } }] },
        { range: '6:7-6:10', message: MSG('KEY', 'holds a private key'), fixes: [] },
      ],
    },
    {
      name: 'a dev override file still counts: real keys end up there',
      file: 'compose.override.yaml',
      code: 'services:\n  api:\n    environment:\n      OPENAI_API_KEY: sk-abc\n',
      findings: [{ range: '4:7-4:21', message: MSG('OPENAI_API_KEY'), fixes: [{ safety: 'unsafe', output: 'services:\n  api:\n    env_file: api.env\n', otherFiles: { 'api.env': 'OPENAI_API_KEY=sk-abc\n' } }] }],
    },
    {
      name: 'a secret in a shared anchor is reported once, where it is written, without an edit',
      code: 'x-env: &env\n  API_TOKEN: abc\nservices:\n  a:\n    image: x/a:1\n    environment:\n      <<: *env\n  b:\n    image: x/b:1\n    environment:\n      <<: *env\n',
      findings: [{ range: '2:3-2:12', message: MSG('API_TOKEN'), fixes: [] }],
    },
  ],
});
