import { isMap, isSeq } from 'yaml';
import { addToMap, addToSeq, addTopLevel, canEdit, fillEmptyKey, replaceScalar, sc, yamlString } from '../../compose/edits';
import { envFileName, envLine, moveToEnvFile } from '../../compose/env-move';
import { knownServiceImage } from '../../compose/images';
import { hasVariables } from '../../compose/interpolate';
import type { ComposeModel, EnvEntry, Service } from '../../compose/model';
import { projectOf, type ComposeProject } from '../../compose/project';
import { fileRole } from '../../compose/service-kind';
import { defineRule } from '../../engine/rule';
import { joinPosix } from '../../engine/files';
import type { Fix, TextEdit } from '../../engine/types';

/**
 * Flags `environment` entries whose name says they hold a secret (`*_PASSWORD`, `*_SECRET`, `*_TOKEN`,
 * `API_KEY`, `SECRET_KEY_BASE`, …) or whose value is a URL with a password in it, when the value is written
 * literally in the file. Never flagged: the `*_FILE` convention (and other names ending in a path word), values
 * that come from a variable (`${DB_PASSWORD}`), empty values and switches such as
 * `MYSQL_ALLOW_EMPTY_PASSWORD: "yes"`, and test or dev container files (`docker-compose.test.yml`, `e2e/`,
 * `.devcontainer/`), whose throwaway credentials are meant to be shared. The message never shows the value.
 */
export default defineRule({
  meta: {
    id: 'compose-no-inline-secrets',
    title: 'Keep secrets out of inline environment values',
    language: 'compose',
    category: 'security',
    defaultSeverity: 'warning',
    fixSafety: ['unsafe'],
    aliases: [],
    rationale:
      'A password written in the Compose file is in every copy of the repository and its history, in CI logs that print the file, and in `docker inspect`. An env file kept out of version control, or a Compose secret mounted as a file, keeps it out of all of them.',
  },
  check(ctx) {
    const { model } = ctx;
    // Test fixtures and dev containers are throwaway stacks whose credentials are meant to be shared.
    if (ctx.path && (fileRole(ctx.path) === 'test' || fileRole(ctx.path) === 'devcontainer')) return;
    const project = projectOf(ctx);
    const seen = new Set<number>();
    for (const s of model.services) {
      for (const e of s.environment?.entries ?? []) {
        if (seen.has(e.nameStart) || e.value === null) continue;
        const kind = secretKind(e);
        if (!kind) continue;
        seen.add(e.nameStart);
        const fixes: Fix[] = [];
        if (!e.inherited && envLine(e)) {
          const fix = moveToEnvFile(ctx, project, s, [e], `Move ${e.name} to ${envFileName(s)}`);
          if (fix) fixes.push(fix);
        }
        const secret = secretFix(ctx.model, ctx.dir, project, s, e, ctx.files.exists.bind(ctx.files));
        if (secret) fixes.push(secret);
        const what = kind === 'url' ? 'holds a password inside a URL' : kind === 'key' ? 'holds a private key' : 'is set to a literal value';
        const image = s.image ? knownServiceImage(project.interpolate(s.image.value).value) : undefined;
        const toSecret = image?.fileVariables?.includes(e.name) ? ` or to a Compose secret read through \`${e.name}_FILE\`` : ' or to a Compose secret';
        ctx.report({
          range: e.nameRange,
          message: `\`${e.name}\` ${what} (\`****\`) in the Compose file, where anyone with the file or the repository's history can read it. Move it to an env file kept out of version control${toSecret}.`,
          fixes,
        });
      }
    }
  },
});

const PATH_WORDS = new Set(['FILE', 'FILES', 'PATH', 'DIR', 'DIRECTORY', 'FILENAME', 'LOCATION', 'MOUNT']);
const SWITCH_WORDS = new Set(['ALLOW', 'EMPTY', 'RANDOM', 'SKIP', 'DISABLE', 'DISABLED', 'GENERATE', 'REQUIRE', 'REQUIRED', 'ENABLE', 'ENABLED', 'PUBLIC', 'NO']);
const SECRET_LAST = new Set(['PASSWORD', 'PASSWD', 'PASSPHRASE', 'SECRET', 'TOKEN', 'APIKEY', 'SECRETKEY', 'CREDENTIALS', 'CREDENTIAL', 'PRIVATEKEY']);
const SHORT_SECRET_LAST = new Set(['PASS', 'PWD']);
const KEY_QUALIFIERS = new Set([
  'API', 'SECRET', 'PRIVATE', 'ACCESS', 'ENCRYPTION', 'ENCRYPT', 'SIGNING', 'MASTER', 'AUTH', 'APP', 'SSH', 'HMAC', 'JWT', 'LICENSE',
  'ROLE', 'SESSION', 'COOKIE', 'CRYPTO', 'ADMIN', 'ROOT', 'WEBHOOK', 'CIPHER', 'CLIENT', 'CERTIFICATE', 'CERT', 'TLS', 'SSL',
]);
/** A value that names a file rather than holding the secret itself. */
const PATH_VALUE = /^(?:\.{0,2}\/|~\/)|\.(?:pem|key|crt|cer|der|p12|pfx|jks|txt|json)$/i;
/** A PEM private key, as text or base64 (`LS0tLS1CRUdJTi` is `-----BEGIN`). */
function privateKey(v: string): boolean {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v)) return true;
  if (!v.startsWith('LS0tLS1CRUdJTi')) return false;
  try {
    return /PRIVATE KEY/.test(atob(v.slice(0, 64).replace(/[^A-Za-z0-9+/]/g, '').slice(0, 60)));
  } catch {
    return false;
  }
}
const SWITCH_VALUE = /^(?:true|false|yes|no|on|off|y|n|0|1|none|null|~|trust|random|empty|disabled?|enabled?)$/i;

/** Whether an entry looks like a secret written literally: by its name, or a password inside a URL value. */
export function secretKind(e: EnvEntry): 'name' | 'url' | 'key' | undefined {
  const v = e.value;
  if (v === null || v.trim() === '' || hasVariables(v) || v.startsWith('/run/secrets/')) return undefined;
  if (privateKey(v.trim())) return 'key';
  const words = e.name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().split(/[^A-Z0-9]+/).filter(Boolean);
  if (!words.length) return undefined;
  const last = words[words.length - 1];
  if (PATH_WORDS.has(last)) return undefined;
  if (!words.some((w) => SWITCH_WORDS.has(w)) && !SWITCH_VALUE.test(v.trim()) && !PATH_VALUE.test(v.trim())) {
    const prev = words[words.length - 2];
    if (SECRET_LAST.has(last)) return 'name';
    if (SHORT_SECRET_LAST.has(last) && words.length > 1) return 'name';
    if (last === 'KEY' && prev && KEY_QUALIFIERS.has(prev)) return 'name';
    if (last === 'BASE' && prev === 'KEY' && words[words.length - 3] === 'SECRET') return 'name';
  }
  const url = /^[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:([^\s@/]+)@/i.exec(v.trim());
  if (url && url[1] !== '' && !/^\*+$/.test(url[1])) return 'url';
  return undefined;
}

/**
 * For images whose entrypoint reads `<NAME>_FILE` (postgres, mysql, mariadb, mongo): the entry becomes
 * `<NAME>_FILE: /run/secrets/<secret>`, the service lists the secret, the top level declares it from
 * `./secrets/<secret>.txt`, and that file is created with the value.
 */
function secretFix(
  model: ComposeModel,
  dir: string | undefined,
  project: ComposeProject,
  s: Service,
  e: EnvEntry,
  exists: (p: string) => boolean,
): Fix | undefined {
  if (!dir || e.inherited || !s.map || !s.ownMap || s.entry.inherited || !s.image || !s.environment) return undefined;
  if (!canEdit(model, e.start) || s.environment.flow) return undefined;
  const image = knownServiceImage(project.interpolate(s.image.value).value);
  if (!image?.fileVariables?.includes(e.name)) return undefined;
  if (s.environment.entries.some((x) => x.name === `${e.name}_FILE`)) return undefined;
  const secret = `${s.name}_${e.name}`.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
  if (model.secrets.some((x) => x.key === secret)) return undefined;
  const file = `secrets/${secret}.txt`;
  if (exists(joinPosix(dir, file))) return undefined;
  const target = `/run/secrets/${secret}`;
  const edits: TextEdit[] = [];
  if (e.form === 'map') {
    if (!e.valueNode) return undefined;
    edits.push({ range: e.nameRange, newText: `${e.name}_FILE` });
    const raw = model.text.slice(e.valueNode.range![0], e.valueNode.range![1]);
    edits.push(replaceScalar({ value: e.value!, node: e.valueNode, start: e.valueNode.range![0], end: e.valueNode.range![1], range: model.index.rangeOf(e.valueNode.range![0], e.valueNode.range![1]), raw, contentStart: undefined, inherited: false }, target));
  } else {
    const item = e.item!;
    const raw = model.text.slice(item.range![0], item.range![1]);
    edits.push(replaceScalar({ value: '', node: item, start: item.range![0], end: item.range![1], range: model.index.rangeOf(item.range![0], item.range![1]), raw, contentStart: undefined, inherited: false }, `${e.name}_FILE=${target}`));
  }
  const own = s.fields.get('secrets');
  if (own) {
    if (own.inherited || !isSeq(own.value)) return undefined;
    const edit = addToSeq(model, own.value, sc(yamlString(secret, own.value.flow)));
    if (!edit) return undefined;
    edits.push(edit);
  } else {
    const edit = addToMap(model, s.map, 'secrets', s.map.flow ? { seq: [sc(secret)], flow: true } : { seq: [sc(secret)] });
    if (!edit) return undefined;
    edits.push(edit);
  }
  const decl = { map: [['file', sc(`./${file}`)]] as [string, { scalar: string }][] };
  const top = s.doc.top.get('secrets');
  let topEdit: TextEdit | undefined;
  if (!top) topEdit = addTopLevel(model, s.doc, 'secrets', { map: [[secret, decl]] });
  else if (top.inherited) return undefined;
  else if (top.value === null) topEdit = fillEmptyKey(model, top, { map: [[secret, decl]] });
  else if (isMap(top.value)) topEdit = addToMap(model, top.value, secret, decl);
  if (!topEdit) return undefined;
  edits.push(topEdit);
  return {
    title: `Move ${e.name} to the Compose secret ${secret}`,
    safety: 'unsafe',
    edits,
    otherFiles: [{ path: joinPosix(dir, file), create: true, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: e.value! }] }],
  };
}
