import rule from '../../../server/src/rules/compose/compose-restart-policy';
import { ruleTester } from '../helpers/rule-tester';

const MSG = (name: string) =>
  `Service \`${name}\` has no \`restart\` policy: if it crashes, or the Docker daemon or host restarts, it stays down. Set \`restart: unless-stopped\` (or \`on-failure\`); a job that should run once says \`restart: "no"\`.`;

ruleTester(rule, {
  valid: [
    { name: 'restart set', code: 'services:\n  web:\n    image: nginx:1.28\n    restart: always\n' },
    { name: 'restart "no" is a choice', code: 'services:\n  web:\n    image: nginx:1.28\n    restart: "no"\n' },
    { name: 'restart from a merged anchor', code: 'x-common: &common\n  restart: unless-stopped\nservices:\n  web:\n    <<: *common\n    image: nginx:1.28\n' },
    { name: 'restart through extends', code: 'services:\n  base:\n    image: nginx:1.28\n    restart: always\n  web:\n    extends: base\n' },
    { name: 'restart in the override file Compose merges', code: 'services:\n  web:\n    image: nginx:1.28\n', files: { 'compose.override.yaml': 'services:\n  web:\n    restart: always\n' } },
    { name: 'deploy.restart_policy', code: 'services:\n  web:\n    image: nginx:1.28\n    deploy:\n      restart_policy:\n        condition: on-failure\n' },
    { name: 'swarm stack file (deploy.placement)', code: 'services:\n  web:\n    image: nginx:1.28\n    deploy:\n      placement:\n        constraints: [node.role == manager]\n  api:\n    image: myorg/api:1\n' },
    { name: 'swarm stack file by name', file: 'docker-stack.yml', code: 'services:\n  web:\n    image: nginx:1.28\n' },
    { name: 'a job others wait on to complete', code: 'services:\n  setup-db:\n    image: myorg/tools:1\n  api:\n    image: myorg/api:1\n    restart: always\n    depends_on:\n      setup-db:\n        condition: service_completed_successfully\n' },
    { name: 'a migration job by name', code: 'services:\n  migrate:\n    image: myorg/api:1\n' },
    { name: 'a one-shot command', code: 'services:\n  jobs:\n    image: myorg/api:1\n    command: ["python", "manage.py", "migrate"]\n  app:\n    image: myorg/api:1\n    command: python manage.py migrate && gunicorn app:app\n    restart: always\n' },
    { name: 'a tool image', code: 'services:\n  createbuckets:\n    image: minio/mc:RELEASE.2025-01-01\n  curl:\n    image: curlimages/curl:8.11.0\n' },
    { name: 'a bare OS image runs a shell and exits', code: 'services:\n  shell:\n    image: alpine:3.24\n' },
    { name: 'a profile that marks a tool', code: 'services:\n  psql:\n    image: postgres:17\n    profiles: [tools]\n' },
    { name: 'scale: 0', code: 'services:\n  web:\n    image: nginx:1.28\n    scale: 0\n' },
    { name: 'override fragment (no image or build)', code: 'services:\n  web:\n    ports: ["8080:80"]\n' },
    { name: 'dev container file', file: '.devcontainer/docker-compose.yml', code: 'services:\n  app:\n    build: .\n    command: sleep infinity\n' },
    { name: 'test file by name', file: 'docker-compose.test.yml', code: 'services:\n  app:\n    build: .\n' },
    { name: 'override file', file: 'compose.override.yaml', code: 'services:\n  mailpit:\n    image: axllent/mailpit:v1.21\n' },
    { name: 'extends a base that cannot be read: unknown, not missing', code: 'services:\n  db:\n    extends:\n      file: common.yaml\n      service: postgres\n' },
    { name: 'v1 format is not read', code: 'web:\n  image: nginx\n' },
  ],
  invalid: [
    {
      name: 'block mapping: restart goes last, in the file\'s indentation',
      code: 'services:\n    web:\n        image: nginx:1.28\n        ports:\n            - "80:80"\n    db:\n        image: postgres:17 # data\n\nvolumes: {}\n',
      findings: [
        { range: '2:5-2:8', message: MSG('web'), fixes: [{ title: 'Add restart: unless-stopped to web', safety: 'unsafe', output: 'services:\n    web:\n        image: nginx:1.28\n        ports:\n            - "80:80"\n        restart: unless-stopped\n    db:\n        image: postgres:17 # data\n\nvolumes: {}\n' }] },
        { range: '6:5-6:7', message: MSG('db'), fixes: [{ safety: 'unsafe', output: 'services:\n    web:\n        image: nginx:1.28\n        ports:\n            - "80:80"\n    db:\n        image: postgres:17 # data\n        restart: unless-stopped\n\nvolumes: {}\n' }] },
      ],
    },
    {
      name: 'last line without a line break; CRLF',
      code: 'services:\r\n  web:\r\n    image: nginx:1.28',
      findings: [{ range: '2:3-2:6', fixes: [{ safety: 'unsafe', output: 'services:\r\n  web:\r\n    image: nginx:1.28\r\n    restart: unless-stopped' }] }],
    },
    {
      name: 'flow-style service',
      code: 'services:\n  web: {image: "nginx:1.28", ports: ["80:80"]}\n',
      findings: [{ range: '2:3-2:6', fixes: [{ safety: 'unsafe', output: 'services:\n  web: {image: "nginx:1.28", ports: ["80:80"], restart: unless-stopped}\n' }] }],
    },
    {
      name: 'a service written as an alias: reported without an edit (the anchor is shared)',
      code: 'x-web: &web\n  image: nginx:1.28\nservices:\n  web: *web\n',
      findings: [{ range: '4:3-4:6', fixes: [] }],
    },
    {
      name: 'a server command after a migration is long-running',
      code: 'services:\n  app:\n    build: .\n    command: sh -c "python manage.py migrate && python manage.py runserver 0.0.0.0:8000"\n',
      findings: [{ range: '2:3-2:6' }],
    },
    {
      name: 'a file named full-stack.yml is not a swarm stack file',
      file: 'full-stack.yml',
      code: 'services:\n  web:\n    image: nginx:1.28\n',
      findings: [{ range: '2:3-2:6' }],
    },
    {
      name: 'extends a base that does not set restart',
      code: 'services:\n  web:\n    extends:\n      file: common.yaml\n      service: base\n',
      files: { 'common.yaml': 'services:\n  base:\n    image: nginx:1.28\n' },
      findings: [{ range: '2:3-2:6' }],
    },
    {
      name: 'a profile that is not a tool',
      code: 'services:\n  grafana:\n    image: grafana/grafana:11.4.0\n    profiles: [monitoring]\n',
      findings: [{ range: '2:3-2:10' }],
    },
  ],
});
