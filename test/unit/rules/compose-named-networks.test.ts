import rule from '../../../server/src/rules/compose/compose-named-networks';
import { ruleTester } from '../helpers/rule-tester';

const MSG = (name: string, advice: string) =>
  `Service \`${name}\` has no \`networks\`, so it sits on the project's default network, where every container reaches every other. ${advice}`;

ruleTester(rule, {
  valid: [
    { name: 'one service', code: 'services:\n  web:\n    image: nginx:1.28\n' },
    { name: 'every service on a named network', code: 'services:\n  web:\n    image: nginx:1.28\n    networks: [front]\n  api:\n    image: x/api:1\n    networks:\n      front:\n        aliases: [api.local]\nnetworks:\n  front: {}\n' },
    { name: 'the default network is configured on purpose', code: 'services:\n  web:\n    image: nginx:1.28\n  api:\n    image: x/api:1\nnetworks:\n  default:\n    name: shared\n    external: true\n' },
    { name: 'network_mode: no networks then', code: 'services:\n  vpn:\n    image: x/vpn:1\n  app:\n    image: x/app:1\n    network_mode: "service:vpn"\n' },
    { name: 'host networking', code: 'services:\n  a:\n    image: x/a:1\n    network_mode: host\n  b:\n    image: x/b:1\n    network_mode: host\n' },
    { name: 'override fragments', file: 'compose.override.yaml', code: 'services:\n  web:\n    ports: ["8080:80"]\n  api:\n    environment:\n      DEBUG: "1"\n' },
    { name: 'networks in the override file count', code: 'services:\n  web:\n    image: nginx:1.28\n  api:\n    image: x/api:1\n', files: { 'compose.override.yaml': 'services:\n  web:\n    networks: [n]\n  api:\n    networks: [n]\nnetworks:\n  n: {}\n' } },
    { name: 'a service extending a base that cannot be read may get networks there', code: 'services:\n  web:\n    extends: {file: base.yaml, service: web}\n  api:\n    extends: {file: base.yaml, service: api}\n' },
    { name: 'v1 format', code: 'web:\n  image: nginx\ndb:\n  image: postgres\n' },
  ],
  invalid: [
    {
      name: 'no structure to split: one shared network',
      code: 'services:\n  web:\n    image: x/web:1\n    ports:\n      - "80:80"\n  worker:\n    image: x/worker:1\n\nvolumes:\n  data: {}\n',
      findings: [
        { range: '2:3-2:6', message: MSG('web', 'Attach services to a named network.'), fixes: [{ title: 'Put every service on the network app-network', safety: 'unsafe', output: 'services:\n  web:\n    image: x/web:1\n    ports:\n      - "80:80"\n    networks:\n      - app-network\n  worker:\n    image: x/worker:1\n    networks:\n      - app-network\n\nvolumes:\n  data: {}\nnetworks:\n  app-network: {}\n' }] },
        { range: '6:3-6:9', message: MSG('worker', 'Attach services to a named network.') },
      ],
    },
    {
      name: 'a proxy in front of an app with a database: frontend and backend',
      code: 'services:\n  proxy:\n    image: nginx:1.28\n    ports: ["80:80"]\n    depends_on: [app]\n  app:\n    build: .\n    depends_on: [db]\n  db:\n    image: postgres:17\n',
      findings: [
        {
          range: '2:3-2:8',
          message: MSG('proxy', 'Attach services to named networks: `frontend` for those that take traffic, `backend` for those that hold data.'),
          fixes: [
            {
              title: 'Put services on frontend and backend networks',
              safety: 'unsafe',
              output:
                'services:\n  proxy:\n    image: nginx:1.28\n    ports: ["80:80"]\n    depends_on: [app]\n    networks:\n      - frontend\n  app:\n    build: .\n    depends_on: [db]\n    networks:\n      - frontend\n      - backend\n  db:\n    image: postgres:17\n    networks:\n      - backend\nnetworks:\n  frontend: {}\n  backend: {}\n',
            },
          ],
        },
        { range: '6:3-6:6' },
        { range: '9:3-9:5' },
      ],
    },
    {
      name: 'a service whose environment names the database stays on the back end',
      code: 'services:\n  web:\n    image: x/web:1\n    ports: ["80:80"]\n    depends_on: [api]\n    environment:\n      DATABASE_URL: postgres://db:5432/app\n  api:\n    image: x/api:1\n  db:\n    image: postgres:17\n',
      findings: [
        { range: '2:3-2:6', fixes: [{ title: 'Put every service on the network app-network', safety: 'unsafe' }] },
        { range: '8:3-8:6' },
        { range: '10:3-10:5' },
      ],
    },
    {
      name: 'one declared network: services without networks join it',
      code: 'services:\n  web:\n    image: x/web:1\n    networks: [net]\n  api:\n    image: x/api:1\nnetworks:\n  net:\n    driver: bridge\n',
      findings: [{ range: '5:3-5:6', message: MSG('api', 'Attach services to a named network (`net`).'), fixes: [{ title: 'Put every service on the network net', safety: 'unsafe', output: 'services:\n  web:\n    image: x/web:1\n    networks: [net]\n  api:\n    image: x/api:1\n    networks:\n      - net\nnetworks:\n  net:\n    driver: bridge\n' }] }],
    },
    {
      name: 'several declared networks: no guess',
      code: 'services:\n  web:\n    image: x/web:1\n    networks: [a]\n  api:\n    image: x/api:1\nnetworks:\n  a: {}\n  b: {}\n',
      findings: [{ range: '5:3-5:6', message: MSG('api', 'Attach it to the networks it needs among those declared (`a`, `b`).'), fixes: [] }],
    },
    {
      name: 'flow-style services and an empty top-level networks key',
      code: 'services:\n  a: {image: "x/a:1"}\n  b: {image: "x/b:1"}\nnetworks: {}\n',
      findings: [
        { range: '2:3-2:4', fixes: [{ safety: 'unsafe', output: 'services:\n  a: {image: "x/a:1", networks: [app-network]}\n  b: {image: "x/b:1", networks: [app-network]}\nnetworks: {app-network: {}}\n' }] },
        { range: '3:3-3:4' },
      ],
    },
  ],
});
