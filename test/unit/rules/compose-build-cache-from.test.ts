import rule from '../../../server/src/rules/compose/compose-build-cache-from';
import { ruleTester } from '../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    { name: 'no build', code: 'services:\n  db:\n    image: postgres:17\n' },
    { name: 'cache_from set', code: 'services:\n  web:\n    image: x/web:1\n    build:\n      context: .\n      cache_from:\n        - x/web:1\n' },
    { name: 'cache_from from a merged anchor', code: 'x-build: &build\n  context: .\n  cache_from: [x/web:cache]\nservices:\n  web:\n    build:\n      <<: *build\n' },
    { name: 'cache_from in the override file', code: 'services:\n  web:\n    build: .\n', files: { 'compose.override.yaml': 'services:\n  web:\n    build:\n      cache_from: [x/web:1]\n' } },
    { name: 'no image name: nothing is pushed to cache from', code: 'services:\n  web:\n    build: .\n' },
    { name: 'dev container', file: '.devcontainer/docker-compose.yml', code: 'services:\n  app:\n    build: .\n' },
  ],
  invalid: [
    {
      name: 'long form: cache_from from the image',
      code: 'services:\n  web:\n    image: ghcr.io/acme/web:${TAG:-main}\n    build:\n      context: .\n      target: prod\n',
      findings: [
        {
          range: '4:5-4:10',
          message: 'The build of `web` has no `cache_from`: a CI runner, which starts with an empty cache, rebuilds every layer. Reuse the layers of the image you push: `cache_from: [ghcr.io/acme/web:${TAG:-main}]` (build it with `cache_to` or the BUILDKIT_INLINE_CACHE build argument so it carries its cache).',
          fixes: [{ title: 'Add cache_from: [ghcr.io/acme/web:${TAG:-main}]', safety: 'safe', output: 'services:\n  web:\n    image: ghcr.io/acme/web:${TAG:-main}\n    build:\n      context: .\n      target: prod\n      cache_from:\n        - ghcr.io/acme/web:${TAG:-main}\n' }],
        },
      ],
    },
    {
      name: 'short form: becomes context + cache_from, the comment stays on the key line, quotes kept',
      code: 'services:\n  web:\n    build: ./web # app\n    image: "x/web:1"\n',
      findings: [{ range: '3:5-3:10', fixes: [{ safety: 'safe', output: 'services:\n  web:\n    build: # app\n      context: ./web\n      cache_from:\n        - "x/web:1"\n    image: "x/web:1"\n' }] }],
    },
    {
      name: 'flow build mapping',
      code: 'services:\n  web:\n    image: x/web:1\n    build: {context: ., target: prod}\n',
      findings: [{ range: '4:5-4:10', fixes: [{ safety: 'safe', output: 'services:\n  web:\n    image: x/web:1\n    build: {context: ., target: prod, cache_from: [x/web:1]}\n' }] }],
    },
    {
      name: 'CRLF',
      code: 'services:\r\n  web:\r\n    build: .\r\n    image: x/web:1\r\n',
      findings: [{ range: '3:5-3:10', fixes: [{ safety: 'safe', output: 'services:\r\n  web:\r\n    build:\r\n      context: .\r\n      cache_from:\r\n        - x/web:1\r\n    image: x/web:1\r\n' }] }],
    },
  ],
});
