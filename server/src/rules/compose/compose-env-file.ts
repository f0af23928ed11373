import { envFileName, envLine, moveToEnvFile } from '../../compose/env-move';
import { hasVariables } from '../../compose/interpolate';
import { projectOf } from '../../compose/project';
import { defineRule } from '../../engine/rule';
import type { Fix } from '../../engine/types';

/**
 * Flags a service that sets more than `maxEntries` variables to literal values inline in `environment` (map or
 * list form). Entries that pass a variable through (`NAME`) or interpolate one (`${NAME}`) already take their
 * value from outside the file and are not counted; nor are entries merged in from an anchor, written once
 * elsewhere. The fix moves the entries that
 * can be written to an env file with the same meaning (no `$` interpolation, no pass-through `NAME` without a
 * value) to `<service>.env` beside the Compose file and lists it in `env_file`, as one workspace edit.
 */
export default defineRule({
  meta: {
    id: 'compose-env-file',
    title: 'Move long inline environment lists to an env file',
    language: 'compose',
    category: 'maintainability',
    defaultSeverity: 'warning',
    fixSafety: ['unsafe'],
    aliases: [],
    rationale:
      'A long `environment` block buries the service definition under configuration values and mixes what changes per deployment with what does not. An `env_file` keeps the values in one place you can swap per environment and keep out of version control.',
    options: {
      maxEntries: {
        type: 'number',
        default: 5,
        minimum: 0,
        description: 'Most variables a service may set inline in `environment` before Layerwise suggests an env file.',
      },
    },
  },
  check(ctx) {
    const { model } = ctx;
    const max = ctx.options.maxEntries as number;
    const project = projectOf(ctx);
    for (const s of model.services) {
      const env = s.environment;
      if (!env || env.entry.inherited) continue;
      // Entries that pass a variable through (`NAME`) or interpolate one (`${NAME}`) already take their value
      // from outside the file; the ones that count hold literal values.
      const own = env.entries.filter((e) => !e.inherited && e.value !== null && !hasVariables(e.value));
      if (own.length <= max) continue;
      const movable = own.filter((e) => envLine(e) !== undefined);
      const file = envFileName(s);
      const fixes: Fix[] = [];
      const fix = movable.length ? moveToEnvFile(ctx, project, s, movable, `Move ${movable.length} variable${movable.length > 1 ? 's' : ''} of ${s.name} to ${file}`) : undefined;
      if (fix) fixes.push(fix);
      const kept = own.length - movable.length;
      const note = kept ? ` (${kept} of them cannot move as written: quotes, backslashes or line breaks in the value)` : '';
      ctx.report({
        range: env.entry.keyRange,
        message: `Service \`${s.name}\` sets ${own.length} variable${own.length === 1 ? "" : "s"} to literal values inline in \`environment\`, more than ${max}: move them to an env file (\`${file}\`) and list it in \`env_file\`${note}.`,
        fixes,
      });
    }
  },
});
