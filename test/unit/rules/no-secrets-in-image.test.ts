import * as assert from 'node:assert/strict';
import rule, { findCredential, secretNameKind } from '../../../server/src/rules/dockerfile/no-secrets-in-image';
import { lintCase, ruleTester, run } from '../helpers/rule-tester';

// Credential-shaped values, assembled so that no literal token sits in the source.
const GH_TOKEN = `ghp_${'a1B2'.repeat(9)}`;
const AWS_KEY_ID = `AKIA${'Q7X2M9KD'.repeat(2)}`;
const STRIPE_KEY = `sk_live_${'4eC39HqLyjWD'.repeat(2)}`;
const NPM_TOKEN = `npm_${'z9Y8x7W6v5U4'.repeat(3)}`;

const ENV_ADVICE = (name: string) => `It belongs at run time: \`docker run -e ${name}\`, or Compose \`env_file\`.`;
const ARG_CAT = (name: string, kind: string) =>
  `ARG \`${name}\` passes ${kind} to the build: build arguments are recorded in the image history and build metadata, where anyone with the image can read them. Use a secret mount instead: \`RUN --mount=type=secret,id=${name} …\` reads it from /run/secrets/${name} (with \`# syntax=docker/dockerfile:1\`, \`env=${name}\` sets the variable), built with \`--secret id=${name}\`.`;
const ARG_ENV = (name: string, kind: string) =>
  `ARG \`${name}\` passes ${kind} to the build: build arguments are recorded in the image history and build metadata, where anyone with the image can read them. Use a secret mount instead: \`RUN --mount=type=secret,id=${name},env=${name} …\`, built with \`--secret id=${name}\`.`;

ruleTester(rule, {
  valid: [
    { name: 'a version argument', code: 'ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}\n' },
    { name: 'the Docker-secrets *_FILE convention', code: 'FROM postgres:17\nENV POSTGRES_PASSWORD_FILE=/run/secrets/db_password\n' },
    { name: 'GPG keys of the official images verify downloads', code: 'FROM debian:bookworm-slim\nENV GPG_KEY 7169605F62C751356D054A26A821E680E5FA6305\nENV PYTHON_GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D\nENV GPG_KEYS="B42F6819007F00F88E364FD4036A9C25BF357DD4 7937DFD2AB06298B2293C3187D33FF9D0246406D"\n' },
    { name: 'public values by name', code: 'FROM node:22\nENV NEXT_PUBLIC_API_KEY=pk_test_51Habc NEXT_PUBLIC_POSTHOG_KEY=phc_abc SSH_PUBLIC_KEY="ssh-ed25519 AAAA"\n' },
    { name: 'names about a secret, not the secret', code: 'FROM python:3.13\nENV TOKEN_URL=https://auth.example.com/token OAUTH_CALLBACK_URL=https://app.example.com/cb AUTH_PROVIDER=github SECRET_NAME=prod/db PASSWORD_MIN_LENGTH=12 PASSWORD_STORE_DIR=/pass\n' },
    { name: 'words that only contain a secret word', code: 'FROM node:22\nENV AUTHOR=Jane NODE_TLS_REJECT_UNAUTHORIZED=1 TOKENIZERS_PARALLELISM=false KEEPASSXC_VERSION=2.7 OAUTH2_PROXY_VERSION=7.6\n' },
    { name: 'switches', code: 'FROM postgres:17\nARG ENABLE_AUTH=false\nENV AUTH_ENABLED=true POSTGRES_HOST_AUTH_METHOD=trust MYSQL_ALLOW_EMPTY_PASSWORD=yes\nARG SECRET_KEY_BASE_DUMMY=1\n' },
    { name: 'an empty ENV', code: 'FROM python:3.13\nENV DB_PASSWORD=\nENV API_TOKEN=""\n' },
    { name: 'a path to the credentials', code: 'FROM python:3.13\nENV GOOGLE_APPLICATION_CREDENTIALS=/run/secrets/gcp.json SSH_AUTH_SOCK=/ssh-agent\n' },
    {
      name: 'an ARG used only as a build switch',
      code: 'FROM alpine:3.24\nARG PRIVATE_REGISTRY_TOKEN=\nRUN if [ -n "$PRIVATE_REGISTRY_TOKEN" ]; then echo "private build"; fi\n',
    },
    { name: 'a secret mount, no ARG', code: '# syntax=docker/dockerfile:1\nFROM node:22\nRUN --mount=type=secret,id=NPM_TOKEN,env=NPM_TOKEN npm ci\n' },
    { name: 'placeholder passwords in URLs', code: 'FROM node:22 AS build\nENV DATABASE_URL="postgresql://user:pass@localhost:5432/dummy"\nENV REDIS_URL=redis://default:default@cache:6379 MQ_URL=amqp://guest:<password>@mq\n' },
    { name: 'a password from a variable in a URL', code: 'FROM python:3.13\nENV DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app\n' },
    { name: 'a URL without a password', code: 'FROM python:3.13\nENV PIP_INDEX_URL=https://pypi.example.com/simple HTTP_PROXY=http://proxy@corp:3128\n' },
    { name: 'example env files', code: 'FROM node:22\nCOPY .env.example .env.sample .env.production.sample ./\n' },
    { name: 'an .npmrc that reads the token from the environment', code: 'FROM node:22\nCOPY .npmrc ./\n', files: { '.npmrc': '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' } },
    { name: 'an .npmrc that is not in the build context', code: 'FROM node:22\nCOPY .npmrc ./\n' },
    { name: 'certificates and public keys', code: 'FROM nginx:1.27\nCOPY ca.pem /usr/local/share/ca-certificates/ca.crt\nCOPY certs/tls.pem /etc/ssl/\nCOPY nginx_signing.key /etc/apt/\nADD https://example.com/repo.key /etc/apt/keyrings/\n', files: { 'certs/tls.pem': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' } },
    { name: 'an env file with only public settings', code: 'FROM node:22\nCOPY .env ./\n', files: { '.env': 'NEXT_PUBLIC_API_URL=https://api.example.com\nPORT=3000\nAPI_TOKEN=\n' } },
    { name: 'a .env.production without local overrides is not read as secret', code: 'FROM node:22\nCOPY .env.production ./\n' },
    { name: 'a heredoc COPY', code: 'FROM alpine:3.24\nCOPY <<EOF /app/.env\nPORT=3000\nEOF\n' },
    { name: 'half-typed instructions', code: 'FROM alpine:3.24\nENV\nARG\nCOPY\nRUN\n' },
  ],
  invalid: [
    {
      name: 'ENV with a literal password: removed, unsafe',
      code: 'FROM python:3.13-slim\nENV DB_PASSWORD=s3cr3t-Passw0rd\nCMD ["python", "app.py"]\n',
      findings: [
        {
          range: '2:5-2:16',
          message: `ENV \`DB_PASSWORD=****\` stores a password in the image: anyone who can pull it can read it with \`docker inspect\`. ${ENV_ADVICE('DB_PASSWORD')}`,
          fixes: [{ title: 'Remove ENV DB_PASSWORD from the image (provide it at run time)', safety: 'unsafe', output: 'FROM python:3.13-slim\nCMD ["python", "app.py"]\n' }],
        },
      ],
    },
    {
      name: 'one pair of a multi-variable ENV',
      code: 'FROM node:22\nENV APP_ENV=production API_KEY=abc123 LOG_LEVEL=info\n',
      findings: [{ range: '2:24-2:31', message: /^ENV `API_KEY=\*\*\*\*` stores an API key in the image/, fixes: [{ safety: 'unsafe', output: 'FROM node:22\nENV APP_ENV=production LOG_LEVEL=info\n' }] }],
    },
    {
      name: 'the last pair, after a continuation',
      code: 'FROM python:3.13\nENV DJANGO_DEBUG=0 \\\n    DJANGO_SECRET_KEY="x9!kq2"\nCMD ["gunicorn"]\n',
      findings: [{ range: '3:5-3:22', message: /^ENV `DJANGO_SECRET_KEY=\*\*\*\*` stores a secret key in the image/, fixes: [{ safety: 'unsafe', output: 'FROM python:3.13\nENV DJANGO_DEBUG=0\nCMD ["gunicorn"]\n' }] }],
    },
    {
      name: 'a space-separated ENV used by a later RUN: no edit',
      code: 'FROM alpine:3.24\nENV LICENSE_KEY lgNvGyhnUKpa5PJi\nRUN wget -qO- "https://download.example.com/db?license_key=${LICENSE_KEY}" | tar -xz\n',
      findings: [
        {
          range: '2:5-2:16',
          message: `ENV \`LICENSE_KEY=****\` stores a secret key in the image: anyone who can pull it can read it with \`docker inspect\`. ${ENV_ADVICE('LICENSE_KEY')} No edit is offered: line 3 uses \`$LICENSE_KEY\`, so the build needs it; provide it there with a secret mount instead.`,
          fixes: [],
        },
      ],
    },
    {
      name: 'an ARG copied into an ENV: both are reported',
      code: 'FROM node:22-alpine\nARG SENTRY_AUTH_TOKEN\nENV SENTRY_AUTH_TOKEN=$SENTRY_AUTH_TOKEN\nRUN npm run build\n',
      findings: [
        { range: '2:5-2:22', message: `${ARG_CAT('SENTRY_AUTH_TOKEN', 'a token')} No edit is offered: line 3 (ENV) also uses it.`, fixes: [] },
        {
          range: '3:5-3:22',
          message: `ENV \`SENTRY_AUTH_TOKEN\` copies a token from a build argument into the image's environment, where every container and \`docker inspect\` can read it. ${ENV_ADVICE('SENTRY_AUTH_TOKEN')} The RUN steps of this stage see the ARG without the ENV.`,
          fixes: [{ safety: 'unsafe', output: 'FROM node:22-alpine\nARG SENTRY_AUTH_TOKEN\nRUN npm run build\n' }],
        },
      ],
    },
    {
      name: 'an ARG used by a RUN: a secret mount read with cat, without a syntax directive',
      code: 'FROM python:3.13-slim\nARG PYPI_TOKEN\nRUN pip install --index-url "https://__token__:${PYPI_TOKEN}@pypi.example.com/simple" private-pkg\nCMD ["python"]\n',
      findings: [
        {
          range: '2:5-2:15',
          message: ARG_CAT('PYPI_TOKEN', 'a token'),
          fixes: [
            {
              title: 'Pass PYPI_TOKEN as a build secret (RUN --mount=type=secret,id=PYPI_TOKEN) and drop the ARG',
              safety: 'unsafe',
              output: 'FROM python:3.13-slim\nRUN --mount=type=secret,id=PYPI_TOKEN export PYPI_TOKEN="$(cat /run/secrets/PYPI_TOKEN)" && pip install --index-url "https://__token__:${PYPI_TOKEN}@pypi.example.com/simple" private-pkg\nCMD ["python"]\n',
            },
          ],
        },
      ],
    },
    {
      name: 'with a Dockerfile 1.x syntax directive the mount sets the variable (env=), on every RUN that uses it',
      code: '# syntax=docker/dockerfile:1\nFROM golang:1.27\nARG GITHUB_TOKEN\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    git config --global url."https://x:${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"\nRUN echo "$GITHUB_TOKEN" | gh auth login --with-token\n',
      findings: [
        {
          range: '3:5-3:17',
          message: ARG_ENV('GITHUB_TOKEN', 'a token'),
          fixes: [
            {
              safety: 'unsafe',
              output: '# syntax=docker/dockerfile:1\nFROM golang:1.27\nRUN --mount=type=secret,id=GITHUB_TOKEN,env=GITHUB_TOKEN --mount=type=cache,target=/go/pkg/mod \\\n    git config --global url."https://x:${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"\nRUN --mount=type=secret,id=GITHUB_TOKEN,env=GITHUB_TOKEN echo "$GITHUB_TOKEN" | gh auth login --with-token\n',
            },
          ],
        },
      ],
    },
    {
      name: 'a heredoc RUN with env= support',
      code: '# syntax=docker/dockerfile:1.10\nFROM alpine:3.24\nARG API_KEY\nRUN <<EOF\nwget --header "X-Api-Key: $API_KEY" -qO /data.json https://api.example.com/data\nEOF\n',
      findings: [
        {
          range: '3:5-3:12',
          fixes: [{ safety: 'unsafe', output: '# syntax=docker/dockerfile:1.10\nFROM alpine:3.24\nRUN --mount=type=secret,id=API_KEY,env=API_KEY <<EOF\nwget --header "X-Api-Key: $API_KEY" -qO /data.json https://api.example.com/data\nEOF\n' }],
        },
      ],
    },
    {
      name: 'a heredoc RUN without env= support: no edit',
      code: 'FROM alpine:3.24\nARG API_KEY\nRUN <<EOF\nwget --header "X-Api-Key: $API_KEY" -qO /data.json https://api.example.com/data\nEOF\n',
      findings: [{ range: '2:5-2:12', message: /No edit is offered: line 3 is not a plain shell-form RUN; add `# syntax=docker\/dockerfile:1` to use `--mount=type=secret,env=…`\.$/, fixes: [] }],
    },
    {
      name: 'an older syntax directive pin uses the cat form',
      code: '# syntax=docker/dockerfile:1.4\nFROM alpine:3.24\nARG DEPLOY_TOKEN\nRUN wget --header "Authorization: Bearer $DEPLOY_TOKEN" -qO /x https://example.com/x\n',
      findings: [
        {
          range: '3:5-3:17',
          fixes: [{ safety: 'unsafe', output: '# syntax=docker/dockerfile:1.4\nFROM alpine:3.24\nRUN --mount=type=secret,id=DEPLOY_TOKEN export DEPLOY_TOKEN="$(cat /run/secrets/DEPLOY_TOKEN)" && wget --header "Authorization: Bearer $DEPLOY_TOKEN" -qO /x https://example.com/x\n' }],
        },
      ],
    },
    {
      name: 'an ARG with a credential as its default, CRLF',
      code: `FROM alpine:3.24\r\nARG GITHUB_TOKEN=${GH_TOKEN}\r\nRUN wget --header "Authorization: token $GITHUB_TOKEN" -qO /x https://example.com/x\r\n`,
      findings: [
        {
          range: '2:5-2:17',
          message: /^ARG `GITHUB_TOKEN=\*\*\*\*` has a GitHub token as its default: it is written in the Dockerfile and recorded in the image history and build metadata\./,
          fixes: [
            {
              safety: 'unsafe',
              output: 'FROM alpine:3.24\r\nRUN --mount=type=secret,id=GITHUB_TOKEN export GITHUB_TOKEN="$(cat /run/secrets/GITHUB_TOKEN)" && wget --header "Authorization: token $GITHUB_TOKEN" -qO /x https://example.com/x\r\n',
            },
          ],
        },
      ],
    },
    {
      name: 'an ARG no RUN names: no edit',
      code: 'FROM node:22\nARG NPM_TOKEN\nCOPY . .\nRUN npm ci\n',
      findings: [{ range: '2:5-2:14', message: /No edit is offered: no RUN names `\$NPM_TOKEN`; if a tool reads it from the environment, mount it on that RUN with `--mount=type=secret,id=NPM_TOKEN,env=NPM_TOKEN`\.$/, fixes: [] }],
    },
    {
      name: 'an ARG before the first FROM that no stage redeclares',
      code: 'ARG REGISTRY_PASSWORD\nFROM alpine:3.24\n',
      findings: [{ range: '1:5-1:22', message: /passes a password to the build.* No edit is offered: the ARG is declared before the first FROM\.$/, fixes: [] }],
    },
    {
      name: 'a global ARG redeclared in a stage is reported once, where the stage declares it',
      code: 'ARG NPM_TOKEN\nFROM node:22 AS deps\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > ~/.npmrc && npm ci && rm ~/.npmrc\n',
      findings: [
        {
          range: '3:5-3:14',
          fixes: [{ safety: 'unsafe', output: 'ARG NPM_TOKEN\nFROM node:22 AS deps\nRUN --mount=type=secret,id=NPM_TOKEN export NPM_TOKEN="$(cat /run/secrets/NPM_TOKEN)" && echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > ~/.npmrc && npm ci && rm ~/.npmrc\n' }],
        },
      ],
    },
    {
      name: 'ARG A B=2 declares two arguments',
      code: 'FROM node:22\nARG API_TOKEN NODE_ENV=production\nRUN curl -H "Authorization: Bearer $API_TOKEN" https://example.com\n',
      findings: [{ range: '2:5-2:14', message: /No edit is offered: the ARG instruction declares several arguments\.$/, fixes: [] }],
    },
    {
      name: 'an exec-form RUN without env= support: no edit',
      code: 'FROM python:3.13\nARG HF_TOKEN\nRUN ["python", "download.py", "--token-env", "HF_TOKEN"]\nRUN ["sh", "-c", "huggingface-cli login --token $HF_TOKEN"]\n',
      findings: [{ range: '2:5-2:13', message: /No edit is offered: line 4 is not a plain shell-form RUN/, fixes: [] }],
    },
    {
      name: 'a credential-shaped value under a neutral name: reported on the value',
      code: `FROM alpine:3.24\nENV S3_CONFIG=${AWS_KEY_ID}\n`,
      findings: [
        {
          range: '2:15-2:35',
          message: 'The value of ENV `S3_CONFIG` looks like an AWS access key id: it is stored in the image, where `docker inspect` shows it to anyone who can pull it. Provide it at run time instead: `docker run -e S3_CONFIG`, or Compose `env_file`.',
          fixes: [{ safety: 'unsafe', output: 'FROM alpine:3.24\n' }],
        },
      ],
    },
    {
      name: 'a URL with a password',
      code: 'FROM python:3.13\nENV BROKER=amqp://worker:Zt9xQ2wLm4@mq.internal:5672/jobs\nCMD ["celery"]\n',
      findings: [{ range: '2:12-2:58', message: /^The value of ENV `BROKER` looks like a URL with a password:/, fixes: [{ safety: 'unsafe', output: 'FROM python:3.13\nCMD ["celery"]\n' }] }],
    },
    {
      name: 'Stripe and npm tokens in build-stage ENVs (multi-stage: every stage is checked)',
      code: `FROM node:22 AS build\nENV PAYMENTS=${STRIPE_KEY}\nENV REGISTRY=${NPM_TOKEN}\nRUN npm ci\nFROM node:22-slim\nCOPY --from=build /app /app\n`,
      findings: [
        { range: '2:14-2:46', message: /looks like a Stripe secret key/ },
        { range: '3:14-3:54', message: /looks like an npm token/ },
      ],
    },
    {
      name: 'a private key in an ARG default',
      code: 'FROM alpine:3.24\nARG TLS_DATA="-----BEGIN RSA PRIVATE KEY-----MIIEowIBAAKCAQEA"\n',
      findings: [{ range: '2:14-2:63', message: /^ARG `TLS_DATA=\*\*\*\*` has a private key as its default/, fixes: [] }],
    },
    {
      name: 'a token written into a RUN command line, and in a heredoc body',
      code: `FROM alpine:3.24\nRUN git clone https://${GH_TOKEN}@github.com/org/repo.git /src\nRUN <<EOF\nwget --header "Authorization: token ${GH_TOKEN}" -qO /x https://example.com/x\nEOF\n`,
      findings: [
        { range: '2:23-2:63', message: 'This RUN contains a GitHub token: the command line is stored in the image history, where anyone with the image can read it. Pass it as a build secret: `RUN --mount=type=secret,id=<name>,env=<NAME> …`, built with `--secret id=<name>`.', fixes: [] },
        { range: '4:37-4:77', message: /^This RUN contains a GitHub token/, fixes: [] },
      ],
    },
    {
      name: 'camelCase names',
      code: 'FROM node:22\nENV dbPassword=hunter22 apiKey=abcd1234\n',
      findings: [
        { range: '2:5-2:15', message: /^ENV `dbPassword=\*\*\*\*` stores a password/ },
        { range: '2:25-2:31', message: /^ENV `apiKey=\*\*\*\*` stores an API key/ },
      ],
    },
    {
      name: 'COPY of a .env file (not in the context: by name)',
      code: 'FROM node:22\nWORKDIR /app\nCOPY package.json .env ./\n',
      findings: [
        {
          range: '3:19-3:23',
          message: 'COPY puts `.env` (an env file with secrets) into the image: every layer keeps it, even if a later step deletes it, and anyone who can pull the image can read it. Give the container its environment at run time (`docker run --env-file .env`, Compose `env_file`), and keep `.env` in .dockerignore.',
          fixes: [],
        },
      ],
    },
    {
      name: 'COPY of a .env.production with a secret, read from the build context',
      code: 'FROM node:22\nCOPY .env.production ./\n',
      files: { '.env.production': 'NEXT_PUBLIC_SITE=https://example.com\nDATABASE_PASSWORD=pr0d-pw\n' },
      findings: [{ range: '2:6-2:21', message: /^COPY puts `\.env\.production` \(an env file with secrets\) into the image/ }],
    },
    {
      name: 'SSH keys, private keys, registry credentials and credential files',
      code: 'FROM node:22\nCOPY id_rsa /root/.ssh/id_rsa\nCOPY certs/server.key /etc/ssl/private/\nCOPY certs/tls.pem /etc/ssl/\nCOPY .npmrc ./\nADD credentials.json /app/\nCOPY .netrc /root/\n',
      files: { 'certs/tls.pem': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n', '.npmrc': `//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n` },
      findings: [
        { range: '2:6-2:12', message: /^COPY puts `id_rsa` \(an SSH private key\) into the image.* For git over SSH during the build, use `RUN --mount=type=ssh …` and build with `--ssh default`\.$/ },
        { range: '3:6-3:22', message: /^COPY puts `server\.key` \(a private key\)/ },
        { range: '4:6-4:19', message: /^COPY puts `tls\.pem` \(a private key\)/ },
        { range: '5:6-5:12', message: /^COPY puts `\.npmrc` \(a package-registry credential\) into the image.* Mount it for the install only: `RUN --mount=type=secret,id=npmrc,target=\/root\/\.npmrc …`\.$/ },
        { range: '6:5-6:21', message: /^ADD puts `credentials\.json` \(credentials\)/ },
        { range: '7:6-7:12', message: /^COPY puts `\.netrc` \(credentials\)/ },
      ],
    },
    {
      name: 'an SSH folder copied from another stage',
      code: 'FROM alpine:3.24 AS keys\nRUN ssh-keygen -t ed25519 -N "" -f /root/.ssh/id_ed25519\nFROM alpine:3.24\nCOPY --from=keys /root/.ssh /root/.ssh\n',
      findings: [{ range: '4:18-4:28', message: /^COPY puts `\.ssh` \(an SSH private key\)/ }],
    },
  ],
});

describe('rule no-secrets-in-image: names and values', () => {
  it('never repeats a secret value in a message', () => {
    const values = ['s3cr3t-Passw0rd', GH_TOKEN, AWS_KEY_ID, STRIPE_KEY, 'Zt9xQ2wLm4', 'lgNvGyhnUKpa5PJi'];
    const code = [
      'FROM alpine:3.24',
      `ENV DB_PASSWORD=${values[0]}`,
      `ARG GITHUB_TOKEN=${values[1]}`,
      `ENV S3=${values[2]} PAY=${values[3]}`,
      `ENV BROKER=amqp://w:${values[4]}@mq/x`,
      `ENV LICENSE_KEY ${values[5]}`,
      `RUN echo ${values[1]}`,
      '',
    ].join('\n');
    const found = run(lintCase(rule, { code }), rule);
    assert.equal(found.length, 7);
    for (const f of found) {
      for (const v of values) {
        assert.ok(!f.message.includes(v), `the message does not contain the value: ${f.message}`);
        for (const fix of f.fixes) assert.ok(!fix.title.includes(v), `the fix title does not contain the value: ${fix.title}`);
      }
    }
  });

  it('reads secret names by words', () => {
    const cases: [string, string | undefined][] = [
      ['AWS_SECRET_ACCESS_KEY', 'an access key'],
      ['AWS_ACCESS_KEY_ID', 'an access key'],
      ['SENTRY_AUTH_TOKEN', 'a token'],
      ['PGPASSWORD', 'a password'],
      ['LDAP_ROOTPASS', 'a password'],
      ['RAILS_MASTER_KEY', 'a secret key'],
      ['NPM_CONFIG__AUTH', 'an authentication value'],
      ['COMPOSER_AUTH', 'an authentication value'],
      ['GOOGLE_CREDENTIALS', 'credentials'],
      ['clientSecret', 'a secret'],
      ['PWD', undefined],
      ['DB_PWD', 'a password'],
      ['GPG_KEY', undefined],
      ['SIGNING_KEY', undefined],
      ['POSTGRES_PASSWORD_FILE', undefined],
      ['SECRETS_DIR', undefined],
      ['SKIP_TOKEN_CHECK', undefined],
      ['SASLAUTHD_MECH_OPTIONS', undefined],
      ['HF_HUB_ENABLE_HF_TRANSFER', undefined],
    ];
    for (const [name, kind] of cases) assert.equal(secretNameKind(name), kind, name);
  });

  it('finds credentials in linear time on long input', () => {
    const long = 'a-'.repeat(200_000) + 'b'.repeat(100_000) + '://' + 'c'.repeat(100_000);
    const t0 = Date.now();
    assert.equal(findCredential(long), undefined);
    assert.ok(Date.now() - t0 < 1000, 'under a second');
  });
});
