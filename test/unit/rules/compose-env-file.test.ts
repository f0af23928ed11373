import rule from '../../../server/src/rules/compose/compose-env-file';
import { ruleTester } from '../helpers/rule-tester';

const SIX_MAP = '      A: "1"\n      B: two words\n      C: three\n      D: four\n      E: five\n      F: six\n';

ruleTester(rule, {
  valid: [
    { name: 'five entries', code: 'services:\n  app:\n    image: x/app:1\n    environment:\n      A: "1"\n      B: "2"\n      C: "3"\n      D: "4"\n      E: "5"\n' },
    { name: 'entries that take their value from outside do not count', code: 'services:\n  app:\n    image: x/app:1\n    environment:\n      - A\n      - B=${B}\n      - C=${C:-c}\n      - D\n      - E=e\n      - F=f\n' },
    { name: 'entries merged from an anchor do not count', code: 'x-env: &env\n  A: "1"\n  B: "2"\n  C: "3"\n  D: "4"\nservices:\n  app:\n    image: x/app:1\n    environment:\n      <<: *env\n      E: "5"\n      F: "6"\n' },
    { name: 'an environment written as an alias', code: 'x-env: &env\n  A: "1"\n  B: "2"\n  C: "3"\n  D: "4"\n  E: "5"\n  F: "6"\nservices:\n  app:\n    image: x/app:1\n    environment: *env\n' },
    { name: 'a higher limit', options: { maxEntries: 6 }, code: `services:\n  app:\n    image: x/app:1\n    environment:\n${SIX_MAP}` },
  ],
  invalid: [
    {
      name: 'map form: entries move to <service>.env, env_file takes environment\'s place',
      code: `services:\n  app:\n    image: x/app:1\n    environment:\n${SIX_MAP}    ports: ["80:80"]\n`,
      findings: [
        {
          range: '4:5-4:16',
          message: 'Service `app` sets 6 variables to literal values inline in `environment`, more than 5: move them to an env file (`app.env`) and list it in `env_file`.',
          fixes: [
            {
              title: 'Move 6 variables of app to app.env',
              safety: 'unsafe',
              output: 'services:\n  app:\n    image: x/app:1\n    env_file: app.env\n    ports: ["80:80"]\n',
              otherFiles: { 'app.env': "A=1\nB='two words'\nC=three\nD=four\nE=five\nF=six\n" },
            },
          ],
        },
      ],
    },
    {
      name: 'list form, comments go along, pass-through entries stay, existing env_file list extended',
      code: 'services:\n  app:\n    image: x/app:1\n    env_file:\n      - common.env\n    environment:\n      - HOME_URL=https://example.com # public\n      # the mode\n      - MODE=prod\n      - LEVEL=info\n      - TZ=UTC\n      - LANG=C.UTF-8\n      - WORKERS=4\n      - TOKEN\n',
      findings: [
        {
          range: '6:5-6:16',
          message: 'Service `app` sets 6 variables to literal values inline in `environment`, more than 5: move them to an env file (`app.env`) and list it in `env_file`.',
          fixes: [
            {
              safety: 'unsafe',
              output: 'services:\n  app:\n    image: x/app:1\n    env_file:\n      - common.env\n      - app.env\n    environment:\n      - TOKEN\n',
              otherFiles: { 'app.env': '# public\nHOME_URL=https://example.com\n# the mode\nMODE=prod\nLEVEL=info\nTZ=UTC\nLANG=C.UTF-8\nWORKERS=4\n' },
            },
          ],
        },
      ],
    },
    {
      name: 'an existing app.env is extended; a scalar env_file becomes a list; CRLF',
      code: 'services:\r\n  app:\r\n    image: x/app:1\r\n    env_file: base.env\r\n    environment:\r\n      A: a\r\n      B: b\r\n      C: c\r\n      D: d\r\n      E: e\r\n      F: f\r\n',
      files: { 'app.env': 'EXISTING=1' },
      findings: [
        {
          range: '5:5-5:16',
          fixes: [
            {
              safety: 'unsafe',
              output: 'services:\r\n  app:\r\n    image: x/app:1\r\n    env_file: [base.env, app.env]\r\n',
              otherFiles: { 'app.env': 'EXISTING=1\r\nA=a\r\nB=b\r\nC=c\r\nD=d\r\nE=e\r\nF=f\r\n' },
            },
          ],
        },
      ],
    },
    {
      name: 'a value with a quote and a backslash cannot move; the others do',
      code: `services:\n  app:\n    image: x/app:1\n    environment:\n${SIX_MAP}      G: 'it''s a \\ thing'\n`,
      findings: [
        {
          range: '4:5-4:16',
          message: 'Service `app` sets 7 variables to literal values inline in `environment`, more than 5: move them to an env file (`app.env`) and list it in `env_file` (1 of them cannot move as written: quotes, backslashes or line breaks in the value).',
          fixes: [{ safety: 'unsafe', output: "services:\n  app:\n    image: x/app:1\n    env_file: app.env\n    environment:\n      G: 'it''s a \\ thing'\n", otherFiles: { 'app.env': "A=1\nB='two words'\nC=three\nD=four\nE=five\nF=six\n" } }],
        },
      ],
    },
    {
      name: 'another service reads app.env: no edit',
      code: `services:\n  app:\n    image: x/app:1\n    environment:\n${SIX_MAP}  worker:\n    image: x/app:1\n    env_file: ./app.env\n`,
      findings: [{ range: '4:5-4:16', fixes: [] }],
    },
    {
      name: 'the environment block ends the file, without a final line break',
      options: { maxEntries: 1 },
      code: 'services:\n  app:\n    image: x/app:1\n    environment:\n      A: a\n      B: b',
      findings: [{ range: '4:5-4:16', fixes: [{ safety: 'unsafe', output: 'services:\n  app:\n    image: x/app:1\n    env_file: app.env', otherFiles: { 'app.env': 'A=a\nB=b\n' } }] }],
    },
    {
      name: 'a limit of 0 flags any literal entry',
      options: { maxEntries: 0 },
      code: 'services:\n  app:\n    image: x/app:1\n    environment:\n      DEBUG: "false"\n',
      findings: [{ range: '4:5-4:16', message: /sets 1 variable to literal values inline in `environment`, more than 0/, fixes: [{ safety: 'unsafe', output: 'services:\n  app:\n    image: x/app:1\n    env_file: app.env\n', otherFiles: { 'app.env': 'DEBUG=false\n' } }] }],
    },
  ],
});
