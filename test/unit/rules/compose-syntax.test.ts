import rule from '../../../server/src/rules/compose/compose-syntax';
import { ruleTester } from '../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    { name: 'valid file', code: 'services:\n  web:\n    image: nginx:1.28\n' },
    { name: 'empty file', code: '' },
    { name: 'custom tags are not errors', code: 'services:\n  web:\n    image: nginx:1.28\n    ports: !reset []\n    environment: !override\n      A: "1"\n' },
    { name: 'merge keys', code: 'x-a: &a\n  image: nginx:1.28\nx-b: &b\n  restart: always\nservices:\n  web:\n    <<: [*a, *b]\n' },
  ],
  invalid: [
    {
      name: 'an unclosed flow list',
      code: 'services:\n  web:\n    image: nginx:1.28\n    ports: ["80:80"\n',
      findings: [{ range: '4:19-4:20', message: 'YAML syntax error: flow sequence in block collection must be sufficiently indented and end with a ]. Docker Compose cannot read the file until it is fixed.' }],
    },
    {
      name: 'a key written twice',
      code: 'services:\n  web:\n    image: nginx:1.28\n    image: nginx:1.27\n',
      findings: [{ range: '4:5-4:10', message: 'YAML syntax error: map keys must be unique. Docker Compose cannot read the file until it is fixed.' }],
    },
    {
      name: 'one finding per broken document of a multi-document file',
      code: 'services:\n  a:\n    image: x\n    image: y\n---\nservices:\n  b: [\n',
      findings: [{ range: '4:5-4:10', message: /^YAML syntax error in document 1: map keys must be unique\./ }, { range: '7:6-7:7', message: /^YAML syntax error in document 2: flow sequence/ }],
    },
    {
      name: 'a tab as indentation',
      code: 'services:\n\tweb:\n',
      findings: [{ range: '2:1-2:2', message: 'YAML syntax error: tabs are not allowed as indentation. Docker Compose cannot read the file until it is fixed.' }],
    },
    {
      name: 'several errors in one document: one finding that counts the rest',
      code: 'services:\n  web:\n    image: a\n    image: b\n    ports: a\n    ports: b\n',
      findings: [{ range: '4:5-4:10', message: 'YAML syntax error: map keys must be unique (and 1 more error after it). Docker Compose cannot read the file until it is fixed.' }],
    },
  ],
});
