import { deleteInstruction } from '../../dockerfile/edits';
import type { ArgDecl, CopyArg, CopyInfo, DockerfileModel, EnvDecl, Instr, RunInfo, Stage } from '../../dockerfile/model';
import { commandWords, type ShellCommand } from '../../dockerfile/shell';
import { joinPosix, type ProjectFiles } from '../../engine/files';
import { defineRule, type RuleContext } from '../../engine/rule';
import { cutAtAny, lastSegment } from '../../engine/strings';
import type { Fix, Range, TextEdit } from '../../engine/types';

/**
 * Flags secrets that end up in an image or its build metadata:
 * - ENV and ARG whose name says they hold a secret (password, secret, token, API/private/access key,
 *   credentials, auth), unless the name points to one (`*_FILE`, `*_PATH`, `*_URL`), is public (`NEXT_PUBLIC_*`),
 *   or is a switch (`ENABLE_AUTH`, a boolean value, an ARG only tested with `[ -n "$X" ]`);
 * - ENV and ARG values, and RUN command lines, holding a credential of a known shape (AWS access key ids,
 *   GitHub/GitLab/Slack/Stripe/npm tokens, PEM private keys, URLs with a password);
 * - COPY/ADD of secret files (`.env`, SSH and TLS private keys, `.npmrc`/`.pypirc` with credentials,
 *   `credentials.json`, `.netrc`, `.git-credentials`, cloud credential folders), read from the build context when
 *   they are there.
 * Messages name what was found and never repeat the value.
 */
export default defineRule({
  meta: {
    id: 'no-secrets-in-image',
    title: 'Keep secrets out of the image and its build arguments',
    language: 'dockerfile',
    category: 'security',
    defaultSeverity: 'warning',
    fixSafety: ['unsafe'],
    aliases: ['SecretsUsedInArgOrEnv', 'DS031', 'CKV_DOCKER_1005'],
    rationale:
      'ENV values, build arguments, RUN command lines and copied files are stored in the image and its history: anyone who can pull the image can read them, long after the secret was meant to be used once.',
  },
  check(ctx) {
    const { model } = ctx;
    const envMount = supportsSecretEnv(model);
    const stageArgNames = new Set<string>();
    for (const stage of model.stages) for (const a of stage.args) stageArgNames.add(a.name);

    // Global ARGs are reported where no stage redeclares them (a redeclaration is reported instead).
    const globalArgs = groupBy(model.globalArgs, (a) => a.instr);
    for (const [instr, decls] of globalArgs) {
      for (const a of argDecls(model, instr, decls)) {
        if (!stageArgNames.has(a.name)) checkArg(ctx, undefined, a, envMount);
      }
    }
    for (const stage of model.stages) {
      const envsByInstr = groupBy(stage.envs, (e) => e.instr);
      const copies = new Map(stage.copies.map((c) => [c.instr, c]));
      const scope = stageScope(model, stage);
      for (const instr of stage.instructions) {
        if (instr.onbuild) continue;
        switch (instr.keyword) {
          case 'ARG':
            for (const a of argDecls(model, instr, scope.argsByInstr.get(instr) ?? [])) checkArg(ctx, scope, a, envMount);
            break;
          case 'ENV':
            for (const e of envsByInstr.get(instr) ?? []) checkEnv(ctx, scope, e, envsByInstr.get(instr)!);
            break;
          case 'COPY':
          case 'ADD': {
            const copy = copies.get(instr);
            if (copy) checkCopy(ctx, copy);
            break;
          }
          case 'RUN': {
            const run = scope.runByInstr.get(instr);
            if (run) checkRunText(ctx, run);
            break;
          }
        }
      }
    }
  },
});

/** Lookups of one stage, built once so that each check is a map access. */
interface StageScope {
  stage: Stage;
  argsByInstr: Map<Instr, ArgDecl[]>;
  /** The stage's ARG declarations of each name, in order. */
  argsByName: Map<string, ArgDecl[]>;
  runByInstr: Map<Instr, RunInfo>;
  heredocRuns: Set<Instr>;
}

function stageScope(model: DockerfileModel, stage: Stage): StageScope {
  return {
    stage,
    argsByInstr: groupBy(stage.args, (a) => a.instr),
    argsByName: groupBy(stage.args, (a) => a.name),
    runByInstr: new Map(stage.runs.map((r) => [r.instr, r])),
    heredocRuns: new Set(model.heredocs.filter((h) => h.instr.stage === stage).map((h) => h.instr)),
  };
}

function groupBy<T, K>(items: T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = m.get(k);
    if (list) list.push(item);
    else m.set(k, [item]);
  }
  return m;
}

// ---------------------------------------------------------------------------------------------------------
// Names

/** Words of a variable name: `NEXT_PUBLIC_API_KEY` → next public api key; `dbPassword` → db password. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1_')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Last words that make a name about a secret rather than the secret itself: `PASSWORD_FILE`, `TOKEN_URL`, `AUTH_METHOD`. */
const POINTER_WORDS = new Set([
  'file', 'files', 'filename', 'path', 'paths', 'dir', 'directory', 'folder', 'location', 'url', 'uri', 'urls', 'endpoint', 'host', 'hostname',
  'server', 'port', 'sock', 'socket', 'name', 'names', 'id', 'ids', 'type', 'kind', 'mode', 'method', 'mech', 'mechanism', 'provider', 'providers',
  'enabled', 'enable', 'disabled', 'disable', 'required', 'optional', 'version', 'ver', 'length', 'len', 'size', 'ttl', 'expiry', 'expires',
  'expiration', 'lifetime', 'timeout', 'header', 'prefix', 'suffix', 'field', 'format', 'algorithm', 'alg', 'issuer', 'audience', 'scope',
  'scopes', 'realm', 'strategy', 'backend', 'policy', 'rotation', 'min', 'max', 'count', 'regex', 'pattern', 'hash', 'dummy', 'placeholder',
  'example', 'sample', 'var', 'variable', 'user', 'username', 'login', 'email', 'plugin', 'module', 'class', 'cmd', 'command', 'script',
  'service', 'cache', 'label', 'description', 'help', 'hint', 'title', 'template', 'validator', 'check', 'flag', 'option', 'options', 'level',
  'limit', 'delay', 'interval', 'retries', 'retry', 'attempts', 'store', 'manager', 'helper', 'agent', 'uid', 'gid', 'owner', 'group',
]);

/** First words of a switch: `ENABLE_AUTH`, `SKIP_TOKEN_CHECK`, `USE_CREDENTIALS`. */
const SWITCH_WORDS = new Set(['enable', 'enabled', 'disable', 'disabled', 'use', 'skip', 'no', 'with', 'without', 'require', 'requires', 'allow', 'is', 'has', 'should', 'ignore', 'insecure']);

/** Words before `key` that make it a secret key. A bare `KEY`, `GPG_KEY` or `SIGNING_KEY` is usually public. */
const SECRET_KEY_PREFIXES = new Set(['api', 'private', 'access', 'secret', 'encryption', 'master', 'license', 'licence', 'session', 'ssh', 'deploy', 'auth', 'app', 'hmac', 'jwt', 'service', 'account', 'admin']);

const PASS_WORD = /^(?:root|admin|db|user|master|su|sudo|ldap|redis|mysql|pg|smtp|mail|ftp|vnc)pass$/;

/** What a secret-looking name holds ("a password", "a token", …), or undefined when it does not look secret. */
export function secretNameKind(name: string): string | undefined {
  const upper = name.toUpperCase();
  if (upper === 'PWD' || upper === 'OLDPWD') return undefined;
  const words = nameWords(name);
  if (words.length === 0) return undefined;
  if (words.includes('public') || words.includes('pub')) return undefined;
  if (SWITCH_WORDS.has(words[0]) && words.length > 1) return undefined;
  const last = words[words.length - 1];
  const accessKeyId = words.length >= 3 && last === 'id' && words[words.length - 2] === 'key' && words[words.length - 3] === 'access';
  if (POINTER_WORDS.has(last) && !accessKeyId) return undefined;
  const kinds = new Set<string>();
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    const prev = words[k - 1];
    const key = w === 'key' || w === 'keys';
    if (w === 'password' || w === 'passwd' || w === 'passphrase' || w === 'pass' || w.endsWith('password') || w.endsWith('passwd') || PASS_WORD.test(w) || (w === 'pwd' && words.length > 1)) kinds.add('a password');
    if (w === 'privatekey' || (key && prev === 'private')) kinds.add('a private key');
    if (w === 'accesskey' || (key && prev === 'access')) kinds.add('an access key');
    if (w === 'apikey' || w.endsWith('apikey') || (key && prev === 'api')) kinds.add('an API key');
    if (key && prev !== undefined && SECRET_KEY_PREFIXES.has(prev)) kinds.add('a secret key');
    if (w === 'secret' || w === 'secrets' || (w.endsWith('secret') && w.length > 6)) kinds.add('a secret');
    if (w === 'token' || w === 'tokens' || (w.endsWith('token') && w.length > 5)) kinds.add('a token');
    if (w === 'credential' || w === 'credentials' || w === 'creds' || w === 'cred') kinds.add('credentials');
    if (w === 'auth' || /^(?:basic|http|proxy|npm|registry|composer)auth$/.test(w)) kinds.add('an authentication value');
  }
  // The most specific kind names the finding: SENTRY_AUTH_TOKEN is a token, AWS_SECRET_ACCESS_KEY an access key.
  return KIND_PRIORITY.find((k) => kinds.has(k));
}

const KIND_PRIORITY = ['a password', 'a private key', 'an access key', 'an API key', 'a secret key', 'a token', 'a secret', 'credentials', 'an authentication value'];

/** Values that switch something on or off rather than hold a secret. */
function isSwitchValue(v: string): boolean {
  return /^(?:true|false|yes|no|on|off|0|1|none|null|nil|disabled?|enabled?|required|optional|trust|scram-sha-256|md5|password)$/i.test(v);
}

/** Values that point to where a secret is (a path), not the secret. */
function isPathValue(v: string): boolean {
  return /^(?:\/|\.\.?\/|~\/)[^\s]*$/.test(v);
}

/** A value made only of variable references: `$NPM_TOKEN`, `${GITHUB_TOKEN}`, `${TOKEN:-}`. */
function isVariableOnly(v: string): boolean {
  return /^(?:\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-+?][^}]*)?\})+$/.test(v);
}

function unquote(v: string): string {
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0])) return v.slice(1, -1);
  return v;
}

// ---------------------------------------------------------------------------------------------------------
// Values

interface CredentialPattern {
  kind: string;
  re: RegExp;
}

/** Credentials with a recognisable shape. Each pattern is linear (no nested quantifiers). */
const CREDENTIALS: CredentialPattern[] = [
  { kind: 'an AWS access key id', re: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
  { kind: 'a GitHub token', re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{22,}/ },
  { kind: 'a GitLab token', re: /\bglpat-[A-Za-z0-9_-]{20,}/ },
  { kind: 'a Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}|hooks\.slack\.com\/services\/T[A-Za-z0-9]+\/B[A-Za-z0-9]+\/[A-Za-z0-9]+/ },
  { kind: 'a Stripe secret key', re: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/ },
  { kind: 'an npm token', re: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { kind: 'a private key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
];

/** Passwords that stand in for one (`user:pass@`, `postgres:postgres@`, `<password>`): not a credential. */
const PLACEHOLDER_PASSWORD = /^(?:<[^>]*>|\{[^}]*\}|\[[^\]]*\]|\*+|x+|\.\.\.|pass|password|passwd|secret|changeme|change_?me|dummy|example|placeholder|test|foo|bar)$/i;

const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
const AUTHORITY_END = /[\s/'"?#]/;

/**
 * `scheme://user:password@host` with a literal password: not a variable, not a placeholder, not the user name
 * repeated (`postgres:postgres@`). Scans from each `://`, so it stays linear in the text.
 */
function urlPasswordIn(text: string): { index: number; length: number } | undefined {
  let from = 0;
  for (;;) {
    const sep = text.indexOf('://', from);
    if (sep === -1) return undefined;
    from = sep + 3;
    let start = sep;
    while (start > 0 && SCHEME_CHAR.test(text[start - 1])) start--;
    if (start === sep || !/[A-Za-z]/.test(text[start])) continue;
    let end = from;
    while (end < text.length && !AUTHORITY_END.test(text[end])) end++;
    const authority = text.slice(from, end);
    const at = authority.lastIndexOf('@');
    if (at <= 0 || at === authority.length - 1) continue;
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    if (colon <= 0) continue;
    const user = userinfo.slice(0, colon);
    const password = userinfo.slice(colon + 1);
    if (password === '' || password.includes('$') || PLACEHOLDER_PASSWORD.test(password) || password === user) continue;
    return { index: start, length: end - start };
  }
}

/** The kind and position of a credential-shaped value in a text. */
export function findCredential(text: string): { kind: string; index: number; length: number } | undefined {
  let best: { kind: string; index: number; length: number } | undefined;
  for (const p of CREDENTIALS) {
    const m = p.re.exec(text);
    if (m && (!best || m.index < best.index)) best = { kind: p.kind, index: m.index, length: m[0].length };
  }
  const url = urlPasswordIn(text);
  if (url && (!best || url.index < best.index)) best = { kind: 'a URL with a password', ...url };
  return best;
}

// ---------------------------------------------------------------------------------------------------------
// ENV

function checkEnv(ctx: RuleContext<DockerfileModel>, scope: StageScope, env: EnvDecl, siblings: EnvDecl[]): void {
  const { model } = ctx;
  const raw = env.value;
  const value = unquote(raw.trim());
  const nameKind = secretNameKind(env.name);
  const credential = findCredential(raw);
  const range = env.nameRange;
  if (nameKind) {
    if (value === '' || isSwitchValue(value) || isPathValue(value)) return;
    const fix = envRemovalFix(model, env, siblings);
    const fromArg = isVariableOnly(value);
    const what = credential ? `${nameKind} (the value looks like ${credential.kind})` : nameKind;
    let message = fromArg
      ? `ENV \`${env.name}\` copies ${nameKind} from a build argument into the image's environment, where every container and \`docker inspect\` can read it.`
      : `ENV \`${env.name}=****\` stores ${what} in the image: anyone who can pull it can read it with \`docker inspect\`.`;
    message += ` It belongs at run time: \`docker run -e ${env.name}\`, or Compose \`env_file\`.`;
    if (fromArg && argInScope(scope, env)) message += ` The RUN steps of this stage see the ARG without the ENV.`;
    if (!fix.fix) message += ` No edit is offered: ${fix.blocker}`;
    ctx.report({ range, message, fixes: fix.fix ? [fix.fix] : [] });
    return;
  }
  if (credential) {
    const fix = envRemovalFix(model, env, siblings);
    let message = `The value of ENV \`${env.name}\` looks like ${credential.kind}: it is stored in the image, where \`docker inspect\` shows it to anyone who can pull it. Provide it at run time instead: \`docker run -e ${env.name}\`, or Compose \`env_file\`.`;
    if (!fix.fix) message += ` No edit is offered: ${fix.blocker}`;
    ctx.report({ range: env.valueRange ?? range, message, fixes: fix.fix ? [fix.fix] : [] });
  }
}

/** An ARG of the same name is declared earlier in the ENV's stage, so its RUN steps get the value anyway. */
function argInScope(scope: StageScope, env: EnvDecl): boolean {
  const decls = scope.argsByName.get(env.name);
  return decls !== undefined && decls[0].instr.index < env.instr.index;
}

/**
 * Every `$NAME` / `${NAME…}` in the text, by name, in document order: built once per file, so looking up the uses
 * of each flagged variable stays linear in the size of the file.
 */
interface References {
  byName: Map<string, number[]>;
}

const REFERENCES = new WeakMap<DockerfileModel, References>();

function references(model: DockerfileModel): References {
  let refs = REFERENCES.get(model);
  if (refs) return refs;
  refs = { byName: new Map() };
  const re = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;
  for (let m = re.exec(model.text); m; m = re.exec(model.text)) {
    const list = refs.byName.get(m[1]);
    if (list) list.push(m.index);
    else refs.byName.set(m[1], [m.index]);
  }
  REFERENCES.set(model, refs);
  return refs;
}

/** The instruction whose text holds an offset (not a comment between instructions). */
function instructionAt(model: DockerfileModel, offset: number): Instr | undefined {
  const list = model.instructions;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offset < list[mid].start) hi = mid - 1;
    else if (offset >= list[mid].end) lo = mid + 1;
    else return list[mid];
  }
  return undefined;
}

/** Instructions that use a variable after an offset, in order, up to (not including) the offset `until`. */
function usesAfter(model: DockerfileModel, name: string, after: number, until = Infinity): { instr: Instr; offset: number }[] {
  const out: { instr: Instr; offset: number }[] = [];
  for (const offset of references(model).byName.get(name) ?? []) {
    if (offset < after) continue;
    if (offset >= until) break;
    const instr = instructionAt(model, offset);
    if (instr && !instr.onbuild) out.push({ instr, offset });
  }
  return out;
}

/** Removing the ENV: unsafe (the application no longer gets the value unless it is given at run time). */
function envRemovalFix(model: DockerfileModel, env: EnvDecl, siblings: EnvDecl[]): { fix?: Fix; blocker?: string } {
  const later = usesAfter(model, env.name, env.instr.end)[0];
  if (later) {
    const line = model.index.positionAt(later.offset).line + 1;
    return { blocker: `line ${line} uses \`$${env.name}\`, so the build needs it; provide it there with a secret mount instead.` };
  }
  const { index } = model;
  let edit: TextEdit;
  if (siblings.length <= 1) {
    edit = deleteInstruction(model, env.instr);
  } else {
    const k = siblings.indexOf(env);
    const endOf = (e: EnvDecl) => index.offsetAt((e.valueRange ?? e.nameRange).end);
    const startOf = (e: EnvDecl) => index.offsetAt(e.nameRange.start);
    edit = k < siblings.length - 1
      ? { range: index.rangeOf(startOf(env), startOf(siblings[k + 1])), newText: '' }
      : { range: index.rangeOf(endOf(siblings[k - 1]), endOf(env)), newText: '' };
  }
  return { fix: { title: `Remove ENV ${env.name} from the image (provide it at run time)`, safety: 'unsafe', edits: [edit] } };
}

// ---------------------------------------------------------------------------------------------------------
// ARG

/**
 * The ARG declarations of an instruction. dockerfile-ast reads `ARG A B=2` as one ARG `A` with the value `B=2`;
 * Docker declares two, so such instructions are re-read word by word.
 */
function argDecls(model: DockerfileModel, instr: Instr, own: ArgDecl[]): ArgDecl[] {
  const { index } = model;
  const misread = own.some((a) => a.valueRange !== undefined && model.text[index.offsetAt(a.nameRange.end)] !== '=');
  if (!misread) return own;
  return instr.node.getArguments().map((arg) => {
    const text = arg.getValue();
    const r = arg.getRange();
    const start = index.offsetAt(r.start);
    const eq = text.indexOf('=');
    const name = eq === -1 ? text : text.slice(0, eq);
    return {
      name,
      value: eq === -1 ? undefined : text.slice(eq + 1),
      raw: eq === -1 ? undefined : text.slice(eq + 1),
      instr,
      nameRange: index.rangeOf(start, start + name.length),
      valueRange: eq === -1 ? undefined : index.rangeOf(start + eq + 1, index.offsetAt(r.end)),
    };
  });
}

/** The syntax directive allows `RUN --mount=type=secret,env=…` (Dockerfile frontend 1.10 and later). */
function supportsSecretEnv(model: DockerfileModel): boolean {
  const syntax = model.directives.find((d) => d.name === 'syntax')?.value.trim();
  if (!syntax) return false;
  // `docker/dockerfile:1.10`, `docker.io/docker/dockerfile-upstream:master@sha256:…`: the name, then the tag.
  const ref = cutAtAny(syntax, '@ \t');
  const m = /(?:^|\/)dockerfile(?:-upstream)?(?::([^@\s/]+))?$/.exec(ref);
  if (!m) return false;
  const tag = (m[1] ?? 'latest').toLowerCase();
  if (/^(?:1|latest|labs|1-labs|master|master-labs)$/.test(tag)) return true;
  const v = /^1\.([0-9]+)/.exec(tag);
  return v !== undefined && v !== null && Number(v[1]) >= 10;
}

const SHELL_KEYWORDS = new Set(['if', 'elif', 'then', 'else', 'while', 'until', 'do', '!']);

interface ArgUses {
  runs: RunInfo[];
  /** A non-RUN instruction that expands the ARG (ENV, LABEL, COPY, WORKDIR, …). */
  other?: Instr;
  /** Every use is a test such as `[ -n "$X" ]`: the ARG only switches a step on or off. */
  switchOnly: boolean;
}

function argUses(model: DockerfileModel, scope: StageScope, decl: ArgDecl): ArgUses {
  const { stage } = scope;
  const runs: RunInfo[] = [];
  let other: Instr | undefined;
  let valueUse = false;
  let testUse = false;
  // The ARG is in scope until the end of its stage, or until it is declared again there.
  const next = model.stages[stage.index + 1];
  const redeclared = (scope.argsByName.get(decl.name) ?? []).find((a) => a.instr.index > decl.instr.index);
  const until = redeclared ? redeclared.instr.start : next ? next.from.start : Infinity;
  const runByInstr = scope.runByInstr;
  for (const { instr, offset } of usesAfter(model, decl.name, decl.instr.end, until)) {
    if (instr.keyword !== 'RUN') {
      if (instr.keyword === 'CMD' || instr.keyword === 'ENTRYPOINT' || instr.keyword === 'HEALTHCHECK') continue; // run time: the ARG is gone
      other ??= instr;
      valueUse = true;
      continue;
    }
    const run = runByInstr.get(instr);
    if (!run) continue;
    if (runs[runs.length - 1] !== run) runs.push(run);
    const cmd = commandAt(run, offset);
    if (!cmd) {
      // In a flag, or in a heredoc for another program: a value use.
      valueUse = true;
      continue;
    }
    let words = commandWords(cmd);
    // `if [ -n "$X" ]`, `! test -z "$X"`: the test is the command.
    while (words.length > 1 && SHELL_KEYWORDS.has(words[0].value)) words = words.slice(1);
    const prog = words[0]?.value;
    if (prog === '[' || prog === '[[' || prog === 'test') testUse = true;
    else valueUse = true;
  }
  return { runs, other, switchOnly: testUse && !valueUse };
}

/** The command of a RUN whose text holds an offset (commands are in document order). */
function commandAt(run: RunInfo, offset: number): ShellCommand | undefined {
  const cmds = run.commands;
  let lo = 0;
  let hi = cmds.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offset < cmds[mid].start) hi = mid - 1;
    else if (offset >= cmds[mid].end) lo = mid + 1;
    else return cmds[mid];
  }
  return undefined;
}

function checkArg(ctx: RuleContext<DockerfileModel>, scope: StageScope | undefined, decl: ArgDecl, envMount: boolean): void {
  const { model } = ctx;
  const raw = decl.raw;
  const value = raw === undefined ? undefined : unquote(raw.trim());
  const nameKind = secretNameKind(decl.name);
  const credential = raw !== undefined ? findCredential(raw) : undefined;
  if (!nameKind && !credential) return;
  if (nameKind && !credential && value !== undefined && (isSwitchValue(value) || isPathValue(value))) return;
  const uses = scope ? argUses(model, scope, decl) : { runs: [], switchOnly: false };
  if (nameKind && !credential && (value === undefined || value === '') && uses.switchOnly) return;

  const literal = value !== undefined && value !== '' && !isVariableOnly(value);
  const kind = nameKind ?? credential!.kind;
  let message = literal
    ? `ARG \`${decl.name}=****\` has ${credential ? credential.kind : kind} as its default: it is written in the Dockerfile and recorded in the image history and build metadata.`
    : `ARG \`${decl.name}\` passes ${kind} to the build: build arguments are recorded in the image history and build metadata, where anyone with the image can read them.`;
  message += envMount
    ? ` Use a secret mount instead: \`RUN --mount=type=secret,id=${decl.name},env=${decl.name} …\`, built with \`--secret id=${decl.name}\`.`
    : ` Use a secret mount instead: \`RUN --mount=type=secret,id=${decl.name} …\` reads it from /run/secrets/${decl.name} (with \`# syntax=docker/dockerfile:1\`, \`env=${decl.name}\` sets the variable), built with \`--secret id=${decl.name}\`.`;
  const plan = scope ? argFix(model, scope, decl, uses, envMount) : { blocker: 'the ARG is declared before the first FROM.' };
  if ('blocker' in plan) message += ` No edit is offered: ${plan.blocker}`;
  const range: Range = !nameKind && credential && decl.valueRange ? decl.valueRange : decl.nameRange;
  ctx.report({ range, message, fixes: 'fix' in plan ? [plan.fix] : [] });
}

/**
 * Drops the ARG and gives each RUN that uses it a secret mount. With a syntax directive for Dockerfile 1.10 or
 * later the mount sets the variable itself (`env=`); otherwise the shell-form RUN exports it from the mounted file.
 * Unsafe: the build must then be run with `--secret id=<name>` instead of `--build-arg`.
 */
function argFix(model: DockerfileModel, scope: StageScope, decl: ArgDecl, uses: ArgUses, envMount: boolean): { fix: Fix } | { blocker: string } {
  const name = decl.name;
  if (uses.other) return { blocker: `line ${uses.other.range.start.line + 1} (${uses.other.keyword}) also uses it.` };
  if (uses.runs.length === 0) return { blocker: `no RUN names \`$${name}\`; if a tool reads it from the environment, mount it on that RUN with \`--mount=type=secret,id=${name},env=${name}\`.` };
  const siblings = scope.argsByInstr.get(decl.instr) ?? [];
  if (siblings.length > 1 || decl.instr.node.getArguments().length > 1) return { blocker: 'the ARG instruction declares several arguments.' };
  const edits: TextEdit[] = [deleteInstruction(model, decl.instr)];
  const { index } = model;
  for (const run of uses.runs) {
    // Right after the RUN keyword, before any other flag.
    let k = run.instr.start + run.instr.node.getKeyword().length;
    while (model.text[k] === ' ' || model.text[k] === '\t') k++;
    const at = index.positionAt(k);
    if (envMount) {
      edits.push({ range: { start: at, end: at }, newText: `--mount=type=secret,id=${name},env=${name} ` });
      continue;
    }
    if (run.form !== 'shell' || !run.script || scope.heredocRuns.has(run.instr)) {
      return { blocker: `line ${run.instr.range.start.line + 1} is not a plain shell-form RUN; add \`# syntax=docker/dockerfile:1\` to use \`--mount=type=secret,env=…\`.` };
    }
    edits.push({ range: { start: at, end: at }, newText: `--mount=type=secret,id=${name} ` });
    const scriptAt = index.positionAt(run.script.toDocStart(0));
    edits.push({ range: { start: scriptAt, end: scriptAt }, newText: `export ${name}="$(cat /run/secrets/${name})" && ` });
  }
  return {
    fix: {
      title: `Pass ${name} as a build secret (RUN --mount=type=secret,id=${name}) and drop the ARG`,
      safety: 'unsafe',
      edits,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// RUN

/** Credentials written into a RUN command line, which the image history keeps. */
function checkRunText(ctx: RuleContext<DockerfileModel>, run: RunInfo): void {
  const { model } = ctx;
  const start = run.instr.argsStart;
  const text = model.text.slice(start, run.instr.end);
  const found = findCredential(text);
  if (!found) return;
  const range = model.index.rangeOf(start + found.index, start + found.index + found.length);
  ctx.report({
    range,
    message: `This RUN contains ${found.kind}: the command line is stored in the image history, where anyone with the image can read it. Pass it as a build secret: \`RUN --mount=type=secret,id=<name>,env=<NAME> …\`, built with \`--secret id=<name>\`.`,
    fixes: [],
  });
}

// ---------------------------------------------------------------------------------------------------------
// COPY / ADD

type FileKind = 'env' | 'ssh' | 'private-key' | 'registry' | 'credentials';

const ENV_NOT_SECRET = /^\.env\.(?:example|sample|template|tmpl|tpl|dist|defaults?|schema|test|ci|docker\.example)$|\.(?:example|sample|template|dist)$/;


function readContext(files: ProjectFiles, dir: string | undefined, source: string): string | undefined {
  if (dir === undefined || /[*?[$]/.test(source) || source.startsWith('/') || source.includes('..')) return undefined;
  return files.read(joinPosix(dir, source));
}

/** True when an env file has a secret-named entry with a value, or a credential-shaped value. */
function envFileHasSecrets(text: string): boolean {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*([^]*)$/.exec(line);
    if (!m) continue;
    const value = unquote(m[2].trim());
    if (findCredential(value)) return true;
    if (secretNameKind(m[1]) && value !== '' && !isSwitchValue(value) && !isPathValue(value) && !isVariableOnly(value)) return true;
  }
  return false;
}

/** What kind of secret a copied source is, reading it from the build context when it can. */
function secretFile(ctx: RuleContext<DockerfileModel>, source: string, fromContext: boolean): FileKind | undefined {
  if (/^(?:https?|git|ssh):\/\//.test(source) || /^git@/.test(source) || source.startsWith('<<')) return undefined;
  const name = lastSegment(source);
  const read = () => (fromContext ? readContext(ctx.files, ctx.dir, source) : undefined);
  if (name === '.env' || name.startsWith('.env.')) {
    if (ENV_NOT_SECRET.test(name)) return undefined;
    const text = read();
    if (text !== undefined) return envFileHasSecrets(text) ? 'env' : undefined;
    return name === '.env' || name.endsWith('.local') ? 'env' : undefined;
  }
  if (/^id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?$/.test(name) || name === '.ssh') return 'ssh';
  if (name === '.npmrc' || name === '.pypirc' || name === '.yarnrc.yml') {
    const text = read();
    if (text === undefined) return undefined;
    const literal = name === '.pypirc'
      ? /^[ \t]*password[ \t]*[:=][ \t]*(?!\$\{|%\()\S/m.test(text)
      : /(?:_authToken|_auth|_password|npmAuthToken|npmAuthIdent)\s*[:=]\s*["']?(?!\$\{)[^\s"'$]+/.test(text);
    return literal ? 'registry' : undefined;
  }
  if (/\.(?:pem|key|p12|pfx)$/i.test(name)) {
    const text = read();
    if (text !== undefined) return /PRIVATE KEY/.test(text) || /\.(?:p12|pfx)$/i.test(name) ? 'private-key' : undefined;
    if (/\.(?:p12|pfx)$/i.test(name)) return 'private-key';
    if (/\.pem$/i.test(name)) return /(?:^|[-_.])(?:key|priv|private|privkey)(?:[-_.]|$)/i.test(name) ? 'private-key' : undefined;
    return /gpg|pgp|sign|pub|public|apt|repo|archive|keyring|release|asc|ca[-_.]/i.test(name) ? undefined : 'private-key';
  }
  if (name === 'credentials.json' || /^client_secret.*\.json$/.test(name) || /service[-_]?account/i.test(name) && /\.json$/i.test(name)) {
    const text = read();
    if (text !== undefined && name !== 'credentials.json' && !/client_secret|private_key/.test(text)) return undefined;
    return 'credentials';
  }
  if (name === '.netrc' || name === '_netrc' || name === '.git-credentials' || name === '.pgpass' || name === '.aws' || /(?:^|\/)\.aws\/credentials$/.test(source)) return 'credentials';
  if (/(?:^|\/)\.docker\/config\.json$/.test(source)) {
    const text = read();
    return text === undefined || /"auth"\s*:/.test(text) ? 'credentials' : undefined;
  }
  return undefined;
}

function copyAdvice(kind: FileKind, name: string): string {
  switch (kind) {
    case 'env':
      return `Give the container its environment at run time (\`docker run --env-file ${name}\`, Compose \`env_file\`), and keep \`${name}\` in .dockerignore.`;
    case 'ssh':
      return 'For git over SSH during the build, use `RUN --mount=type=ssh …` and build with `--ssh default`.';
    case 'private-key':
      return 'Mount it at run time instead (a volume, or a Docker/Compose secret), or during one step with `RUN --mount=type=secret`.';
    case 'registry':
      return `Mount it for the install only: \`RUN --mount=type=secret,id=${name.replace(/^\./, '')},target=/root/${name} …\`.`;
    case 'credentials':
      return 'Mount them only for the step that needs them (`RUN --mount=type=secret,id=…,target=…`), or provide them at run time.';
  }
}

const KIND_LABEL: Record<FileKind, string> = {
  env: 'an env file with secrets',
  ssh: 'an SSH private key',
  'private-key': 'a private key',
  registry: 'a package-registry credential',
  credentials: 'credentials',
};

function checkCopy(ctx: RuleContext<DockerfileModel>, copy: CopyInfo): void {
  if (copy.heredoc) return;
  for (const src of copy.sources) {
    const kind = secretFile(ctx, src.value, !copy.from);
    if (!kind) continue;
    reportCopy(ctx, copy, src, kind);
  }
}

function reportCopy(ctx: RuleContext<DockerfileModel>, copy: CopyInfo, src: CopyArg, kind: FileKind): void {
  const name = lastSegment(src.value);
  ctx.report({
    range: src.range,
    message: `${copy.keyword} puts \`${name}\` (${KIND_LABEL[kind]}) into the image: every layer keeps it, even if a later step deletes it, and anyone who can pull the image can read it. ${copyAdvice(kind, name)}`,
    fixes: [],
  });
}
