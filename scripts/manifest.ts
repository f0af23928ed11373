import { allRuleMetas } from '../server/src/rules';

/**
 * `contributes.configuration` derived from the rule registry, so settings never drift from the rules.
 * `npm run sync-manifest` writes it into package.json; test/unit/manifest.test.ts fails when they differ.
 */
export function configurationContribution(): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    'layerwise.enable': {
      type: 'boolean',
      default: true,
      order: 0,
      description: 'Lint Dockerfiles and Compose files with Layerwise.',
    },
  };
  let order = 10;
  // Checks and the meta-rules about ignore comments alike: each has a severity setting.
  for (const m of allRuleMetas()) {
    properties[`layerwise.rules.${m.id}`] = {
      type: 'string',
      enum: ['default', 'off', 'hint', 'info', 'warning', 'error'],
      enumDescriptions: [
        `The project configuration's severity, else the rule's default (${m.defaultSeverity}).`,
        'Do not run this rule.',
        'Show as a hint (no squiggle, dots under the start).',
        'Show as information (blue).',
        'Show as a warning (yellow).',
        'Show as an error (red).',
      ],
      default: 'default',
      order: order++,
      markdownDescription: `**${m.title}** (\`${m.id}\`, ${m.category}). ${m.rationale}`,
    };
    for (const [name, opt] of Object.entries(m.options ?? {})) {
      properties[`layerwise.options.${m.id}.${name}`] = {
        type: opt.type === 'string[]' ? 'array' : opt.type,
        ...(opt.type === 'string[]' ? { items: { type: 'string' } } : {}),
        default: opt.default,
        ...(opt.minimum !== undefined ? { minimum: opt.minimum } : {}),
        order: order++,
        markdownDescription: `${opt.description} (rule \`${m.id}\`)`,
      };
    }
  }
  properties['layerwise.trace.server'] = {
    type: 'string',
    enum: ['off', 'messages', 'verbose'],
    default: 'off',
    order: 1000,
    description: 'Traces the communication between VS Code and the Layerwise language server.',
  };
  return { title: 'Layerwise', properties };
}
