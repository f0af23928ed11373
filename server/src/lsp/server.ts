import {
  CodeActionKind,
  type TextEdit,
  type WorkspaceEdit,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  MarkupKind,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type Hover,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigLoader, isConfigFile, type ResolvedConfig } from '../config';
import { mergeConfigs, type LintConfig } from '../engine/config';
import { CachedFiles, DiskFiles, OverlayFiles, type ProjectFiles } from '../engine/files';
import { fixAll } from '../engine/fix-all';
import { ignoreFileEdit, ignoreLineEdit, ignoreStageEdit } from '../engine/ignore';
import { languageOf } from '../engine/languages';
import type { Rule } from '../engine/rule';
import { lint, type LintResult } from '../engine/runner';
import { comparePositions, rangeContains, TextIndex } from '../engine/text';
import type { Finding, Language, Range } from '../engine/types';
import { META_RULES, RULES } from '../rules';
import { fixToWorkspaceEdit, FIX_ALL_KIND, pathToUri, quickFix, SOURCE, toDiagnostic, uriToPath, type EditCapabilities } from './convert';
import { DEFAULT_SETTINGS, normalizeSettings, settingsToConfig, type Settings } from './settings';

export interface ServerOptions {
  /** Rules to run instead of the registry (tests inject a failing rule this way). */
  rules?: readonly Rule[];
  /** The files behind open documents; the disk by default. */
  files?: ProjectFiles;
}

interface Linted {
  version: number;
  text: string;
  language: Language;
  config: LintConfig;
  result: LintResult;
}

/** Files whose change can alter findings of other files, watched when the client lets the server register. */
const WATCHED = [
  '**/package.json', '**/package-lock.json', '**/npm-shrinkwrap.json', '**/yarn.lock', '**/pnpm-lock.yaml', '**/pnpm-workspace.yaml',
  '**/pyproject.toml', '**/uv.lock', '**/poetry.lock', '**/requirements*.txt', '**/go.mod', '**/go.sum', '**/go.work',
  '**/Gemfile', '**/Gemfile.lock', '**/composer.json', '**/composer.lock', '**/Cargo.toml', '**/next.config.*',
  '**/.layerwise.{yaml,yml,json}', '**/.hadolint.{yaml,yml}', '**/{Dockerfile,Containerfile}*', '**/*.{dockerfile,containerfile}',
  '**/.env*', '**/*.env', '**/.npmrc', '**/.yarnrc*', '**/.python-version', '**/.dockerignore',
  // Compose files read other Compose files (override, include, extends) and the env files they name.
  '**/{compose,docker-compose}*.{yml,yaml}', '**/secrets/*',
];

/**
 * Wires the engine to an LSP connection: diagnostics on open and change, quick fixes and fix-all, hover.
 * Handlers never throw into the connection: a failure is logged and answered with an empty result.
 */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const rules = options.rules ?? RULES;
  const linted = new Map<string, Linted>();
  const settingsCache = new Map<string, Promise<Settings>>();
  /** File path → open documents whose findings depend on it, and the reverse. */
  const dependents = new Map<string, Set<string>>();
  const dependenciesOf = new Map<string, string[]>();
  const pending = new Map<string, NodeJS.Immediate>();
  let hasConfigurationCapability = false;
  let editCaps: EditCapabilities = { documentChanges: false, createFiles: false };
  let globalSettings: Settings = DEFAULT_SETTINGS;

  const log = (message: string) => connection.console.error(message);
  /** `.layerwise.*` / `.hadolint.*` files, shared with the CLI's loader; reloaded when a watched one changes. */
  const configLoader = new ConfigLoader();
  /** Config file URI → the problems last published on it, so a fixed file gets its diagnostic cleared. */
  const configDiagnostics = new Map<string, string>();
  // The disk, with answers kept for a moment (forgotten on watched-file changes) so that lints on every
  // keystroke do not re-read the same side files.
  const diskCache = new CachedFiles(options.files ?? new DiskFiles());
  const disk = diskCache;
  const openPaths = new Map<string, string>();
  const files: ProjectFiles = new OverlayFiles((p) => {
    const uri = openPaths.get(p);
    return uri ? documents.get(uri)?.getText() : undefined;
  }, disk);

  const guard = <A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return fn(...args);
      } catch (e) {
        log(`layerwise: ${name} failed: ${e instanceof Error ? e.stack : String(e)}`);
        return fallback;
      }
    };

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    hasConfigurationCapability = !!caps.workspace?.configuration;
    editCaps = {
      documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
      createFiles: !!caps.workspace?.workspaceEdit?.resourceOperations?.includes('create'),
    };
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init?.settings) globalSettings = normalizeSettings(init.settings);
    watchRegistration = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    configRegistration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
      },
      serverInfo: { name: 'layerwise', version: SERVER_VERSION },
    };
  });

  let watchRegistration = false;
  let configRegistration = false;
  connection.onInitialized(() => {
    if (configRegistration) connection.client.register(DidChangeConfigurationNotification.type, { section: 'layerwise' }).catch((e) => log(`layerwise: settings registration failed: ${String(e)}`));
    if (watchRegistration) {
      connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED.map((globPattern) => ({ globPattern })) }).catch((e) => log(`layerwise: file watcher registration failed: ${String(e)}`));
    }
  });

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    if (!hasConfigurationCapability) {
      const s = (change.settings as { layerwise?: unknown } | undefined)?.layerwise;
      globalSettings = normalizeSettings(s ?? change.settings);
    }
    for (const d of documents.all()) schedule(d.uri);
  });

  function settingsFor(uri: string): Promise<Settings> {
    if (!hasConfigurationCapability) return Promise.resolve(globalSettings);
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'layerwise' })
        .then(normalizeSettings, () => DEFAULT_SETTINGS);
      settingsCache.set(uri, s);
    }
    return s;
  }

  /**
   * The configuration for a document: the project file found upward from it (`.layerwise.*`, else
   * `.hadolint.*`), then its settings, which win. An invalid project file counts as absent (defaults), and its
   * problems are published on the file itself.
   */
  async function configFor(uri: string): Promise<{ settings: Settings; config: LintConfig; ignored: boolean }> {
    const settings = await settingsFor(uri);
    const p = uriToPath(uri);
    let project: ResolvedConfig | undefined;
    try {
      project = p ? configLoader.resolve(p) : undefined;
      if (project) publishConfigProblems(project);
    } catch (e) {
      log(`layerwise: reading the configuration for ${uri} failed: ${e instanceof Error ? e.stack : String(e)}`);
    }
    const ignored = !!(p && project?.isIgnored(p));
    return { settings, config: mergeConfigs(project?.config, settingsToConfig(settings)), ignored };
  }

  /** One diagnostic per invalid configuration file, listing its problems; cleared once the file is fixed. */
  function publishConfigProblems(project: ResolvedConfig): void {
    const paths = new Set([...project.files, ...project.problems.map((pr) => pr.path)]);
    for (const file of paths) {
      const mine = project.problems.filter((pr) => pr.path === file);
      const uri = pathToUri(file);
      const diagnostics: Diagnostic[] = mine.length
        ? [
            {
              range: mine[0].range,
              severity: DiagnosticSeverity.Error,
              source: SOURCE,
              code: 'invalid-config',
              message: `Invalid Layerwise configuration; linting uses the defaults until it is fixed: ${mine.map((pr) => `${pr.message} (line ${pr.range.start.line + 1})`).join(' ')}`,
            },
          ]
        : [];
      const key = JSON.stringify(diagnostics);
      if ((configDiagnostics.get(uri) ?? '[]') === key) continue;
      if (diagnostics.length) configDiagnostics.set(uri, key);
      else configDiagnostics.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics });
    }
  }

  function languageOfDoc(doc: TextDocument): Language | undefined {
    return languageOf(doc.languageId, uriToPath(doc.uri) ?? doc.uri);
  }

  function runLint(doc: TextDocument, language: Language, config: LintConfig): Linted {
    const path = uriToPath(doc.uri);
    const text = doc.getText();
    const result = lint({ text, language, path, config, files, rules, metaRules: META_RULES, log });
    return { version: doc.version, text, language, config, result };
  }

  function recordDependencies(uri: string, deps: string[]): void {
    for (const d of dependenciesOf.get(uri) ?? []) {
      const set = dependents.get(d);
      set?.delete(uri);
      if (set?.size === 0) dependents.delete(d);
    }
    if (deps.length) dependenciesOf.set(uri, deps);
    else dependenciesOf.delete(uri);
    for (const d of deps) {
      let set = dependents.get(d);
      if (!set) dependents.set(d, (set = new Set()));
      set.add(uri);
    }
  }

  async function validate(uri: string): Promise<void> {
    const first = documents.get(uri);
    if (!first) return;
    const language = languageOfDoc(first);
    if (!language) return;
    const { settings, config, ignored } = await configFor(uri);
    const doc = documents.get(uri);
    if (!doc) return; // closed while settings were fetched
    if (!settings.enable || ignored) {
      linted.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const entry = runLint(doc, language, config);
    linted.set(uri, entry);
    recordDependencies(uri, entry.result.dependencies);
    const diagnostics: Diagnostic[] = entry.result.findings.map((f) => toDiagnostic(f, uri));
    if (entry.result.skipped) {
      diagnostics.push({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Information,
        source: SOURCE,
        code: 'analysis-skipped',
        message: entry.result.skipped,
      });
    }
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
  }

  function schedule(uri: string): void {
    const prev = pending.get(uri);
    if (prev) clearImmediate(prev);
    pending.set(
      uri,
      setImmediate(() => {
        pending.delete(uri);
        validate(uri).catch((e) => log(`layerwise: lint of ${uri} failed: ${e instanceof Error ? e.stack : String(e)}`));
      }),
    );
  }

  documents.onDidOpen((e) => {
    const p = uriToPath(e.document.uri);
    if (p) openPaths.set(p, e.document.uri);
  });
  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    const p = uriToPath(e.document.uri);
    if (p) openPaths.delete(p);
    const t = pending.get(e.document.uri);
    if (t) clearImmediate(t);
    pending.delete(e.document.uri);
    linted.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    recordDependencies(e.document.uri, []);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onDidChangeWatchedFiles(
    guard('watched files', undefined, (params) => {
      const again = new Set<string>();
      let configChanged = false;
      for (const change of params.changes) {
        const p = uriToPath(change.uri);
        if (!p) continue;
        diskCache.invalidate(p);
        if (isConfigFile(p)) {
          configLoader.invalidate(p);
          configChanged = true;
          if (change.type === 3 && configDiagnostics.delete(change.uri)) void connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
        }
        const dir = p.slice(0, p.lastIndexOf('/'));
        for (const key of [p, dir]) for (const uri of dependents.get(key) ?? []) again.add(uri);
      }
      if (configChanged) for (const d of documents.all()) again.add(d.uri);
      for (const uri of again) if (documents.get(uri)) schedule(uri);
    }),
  );

  /** A current lint of a document: the cached one when it matches the version, else a fresh one. */
  async function current(uri: string): Promise<{ doc: TextDocument; entry: Linted } | undefined> {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const cached = linted.get(uri);
    if (cached && cached.version === doc.version) return { doc, entry: cached };
    const language = languageOfDoc(doc);
    if (!language) return undefined;
    const { settings, config, ignored } = await configFor(uri);
    if (!settings.enable || ignored) return undefined;
    const fresh = documents.get(uri);
    if (!fresh) return undefined;
    const entry = runLint(fresh, language, config);
    linted.set(uri, entry);
    return { doc: fresh, entry };
  }

  connection.onCodeAction(async (params) => {
    try {
      const got = await current(params.textDocument.uri);
      if (!got) return [];
      const { doc, entry } = got;
      const uri = doc.uri;
      const only = params.context.only;
      const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
      const actions: CodeAction[] = [];
      if (wants(CodeActionKind.QuickFix)) {
        for (const diag of params.context.diagnostics) {
          if (diag.source !== SOURCE) continue;
          const finding = entry.result.findings.find((f) => f.ruleId === diag.code && sameRange(f.range, diag.range));
          if (!finding) continue;
          let preferredGiven = false;
          for (const fix of finding.fixes) {
            if (fix.safety === 'display-only') continue;
            const edit = fixToWorkspaceEdit(fix, uri, doc.version, editCaps);
            if (!edit) continue;
            const preferred: boolean = fix.safety === 'safe' && !preferredGiven;
            preferredGiven ||= preferred;
            actions.push(quickFix(fix.title, diag, edit, preferred));
          }
          actions.push(...ignoreActions(uri, entry, finding, diag));
        }
      }
      // Source actions only when asked for (the Source Action menu, codeActionsOnSave), not in the lightbulb.
      if (only && wants(FIX_ALL_KIND)) {
        const action = fixAllAction(doc, entry);
        if (action) actions.push(action);
      }
      return actions;
    } catch (e) {
      log(`layerwise: code actions failed: ${e instanceof Error ? e.stack : String(e)}`);
      return [];
    }
  });

  /**
   * "Ignore <id> for this line / stage / file", each inserting our own comment or extending one that is there
   * (for the file, a BuildKit check joins an existing `# check=skip=` directive). Findings about ignore comments
   * get only the file-wide one: ignoring them line by line would stack comments on comments.
   */
  function ignoreActions(uri: string, entry: Linted, finding: Finding, diag: Diagnostic): CodeAction[] {
    const out: CodeAction[] = [];
    const meta = rules.find((r) => r.meta.id === finding.ruleId)?.meta;
    const isMeta = META_RULES.some((m) => m.meta.id === finding.ruleId);
    const add = (title: string, edit: TextEdit | undefined) => {
      if (edit) out.push(quickFix(title, diag, { changes: { [uri]: [edit] } }, false));
    };
    try {
      if (!isMeta) {
        add(`Ignore ${finding.ruleId} for this line`, ignoreLineEdit(entry.text, entry.result, finding));
        if (entry.language === 'dockerfile' && entry.result.model && entry.result.model.language === 'dockerfile' && entry.result.model.stages.length > 1) {
          add(`Ignore ${finding.ruleId} for this stage`, ignoreStageEdit(entry.text, entry.result, finding));
        }
      }
      add(`Ignore ${finding.ruleId} for this file`, ignoreFileEdit(entry.text, entry.result, finding, meta ?? { aliases: [] }));
    } catch (e) {
      log(`layerwise: ignore actions failed: ${e instanceof Error ? e.stack : String(e)}`);
    }
    return out;
  }

  function fixAllAction(doc: TextDocument, entry: Linted): CodeAction | undefined {
    if (!entry.result.findings.some((f) => f.fixes.some((x) => x.safety === 'safe'))) return undefined;
    const path = uriToPath(doc.uri);
    const result = fixAll({ text: entry.text, language: entry.language, path, files, rules, metaRules: META_RULES, log, config: entry.config }, ['safe']);
    if (result.applied.length === 0) return undefined;
    const edit = minimalEdit(entry.text, result.text);
    const edits = edit ? [edit] : [];
    const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = [];
    const changes: Record<string, TextEdit[]> = {};
    if (editCaps.documentChanges) documentChanges.push({ textDocument: { uri: doc.uri, version: doc.version }, edits });
    else changes[doc.uri] = edits;
    for (const [p, other] of result.otherFiles) {
      if (!editCaps.documentChanges) return undefined;
      const otherUri = pathToUri(p);
      if (other.created) {
        if (!editCaps.createFiles) continue;
        documentChanges.push({ kind: 'create', uri: otherUri, options: { ignoreIfExists: true } });
        documentChanges.push({ textDocument: { uri: otherUri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: other.text }] });
      } else {
        const before = files.read(p) ?? '';
        const e = minimalEdit(before, other.text);
        if (e) documentChanges.push({ textDocument: { uri: otherUri, version: null }, edits: [e] });
      }
    }
    return {
      title: `Fix all safe Layerwise findings (${result.applied.length})`,
      kind: FIX_ALL_KIND,
      edit: editCaps.documentChanges ? { documentChanges } : { changes },
    };
  }

  connection.onHover(async (params): Promise<Hover | null> => {
    try {
      const got = await current(params.textDocument.uri);
      if (!got) return null;
      const hits = got.entry.result.findings.filter((f) => rangeContains(f.range, params.position));
      if (hits.length === 0) return null;
      return { contents: { kind: MarkupKind.Markdown, value: hits.map(hoverText).join('\n\n---\n\n') }, range: hits[0].range };
    } catch (e) {
      log(`layerwise: hover failed: ${e instanceof Error ? e.stack : String(e)}`);
      return null;
    }
  });

  function hoverText(f: Finding): string {
    const rule = rules.find((r) => r.meta.id === f.ruleId) ?? META_RULES.find((r) => r.meta.id === f.ruleId);
    const lines = [`**${rule?.meta.title ?? f.ruleId}** \`${f.ruleId}\``, '', f.message];
    if (rule) lines.push('', `*Why:* ${rule.meta.rationale}`);
    const fixes = f.fixes.filter((x) => x.safety !== 'display-only');
    if (fixes.length) lines.push('', `*Fix:* ${fixes.map((x) => `${x.title} (${x.safety})`).join('; ')}`);
    else lines.push('', '*Fix:* none offered automatically; see the message.');
    return lines.join('\n');
  }

  documents.listen(connection);
  connection.listen();
}

declare const __LAYERWISE_VERSION__: string | undefined;
const SERVER_VERSION = typeof __LAYERWISE_VERSION__ === 'string' ? __LAYERWISE_VERSION__ : '0.0.0-dev';

function sameRange(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

/** One edit that turns `before` into `after`, covering only the lines that differ. */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  const index = new TextIndex(before);
  return { range: index.rangeOf(start, endB), newText: after.slice(start, endA) };
}
