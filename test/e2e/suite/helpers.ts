/**
 * Helpers for the extension-host suite: the workspace, opening files, waiting for Layerwise's diagnostics (on
 * `onDidChangeDiagnostics`, with a timeout, never a sleep) and rendering them as table rows.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'layerwise.layerwise';
export const SOURCE = 'layerwise';

/** How long a wait for the server may take before the test fails with what it saw. */
export const WAIT_MS = 10_000;

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs a workspace folder (the copy of test/e2e/workspace)');
  return folder.uri.fsPath;
}

export function wsUri(rel: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), rel));
}

/**
 * A private copy of a fixture folder of the workspace (`python-uv` → `scratch/<name>/python-uv`), so that a test
 * that edits or saves files never changes what another test reads. Returns the copy's path relative to the root.
 */
export function scratchCopy(fixture: string, name: string): string {
  const rel = path.posix.join('scratch', name, fixture);
  const to = path.join(workspaceRoot(), rel);
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(path.join(workspaceRoot(), fixture), to, { recursive: true });
  return rel;
}

export function readDisk(rel: string): string {
  return fs.readFileSync(wsUri(rel).fsPath, 'utf8');
}

/** The Layerwise diagnostics of a document (other extensions' are ignored). */
export function layerwiseDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

const SEVERITY: Record<vscode.DiagnosticSeverity, string> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c);
}

/** One-based `line:col-line:col`, as the rule tests and the CLI write ranges. */
export function rangeText(r: vscode.Range): string {
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}

/** A diagnostic as a table row: `4:5-4:11 warning copy-manifests-first`. */
export function row(d: vscode.Diagnostic): string {
  return `${rangeText(d.range)} ${SEVERITY[d.severity]} ${codeOf(d)}`;
}

/** The rows of a document's Layerwise diagnostics, sorted by position then rule id (the table's order). */
export function rows(uri: vscode.Uri): string[] {
  return layerwiseDiagnostics(uri)
    .sort((a, b) => a.range.start.compareTo(b.range.start) || a.range.end.compareTo(b.range.end) || codeOf(a).localeCompare(codeOf(b)))
    .map(row);
}

/** A row's range as a vscode.Range (for asking code actions at it). */
export function rangeOfRow(r: string): vscode.Range {
  const m = /^(\d+):(\d+)-(\d+):(\d+) /.exec(r);
  assert.ok(m, `not a row: ${r}`);
  const [l1, c1, l2, c2] = m.slice(1).map(Number);
  return new vscode.Range(l1 - 1, c1 - 1, l2 - 1, c2 - 1);
}

/** Rows as they read after `by` lines are inserted above one-based line `from` (rows above it stay put). */
export function shiftRows(list: readonly string[], from: number, by: number): string[] {
  return list.map((r) =>
    r.replace(/^(\d+):(\d+)-(\d+):(\d+)/, (_m, l1: string, c1: string, l2: string, c2: string) => {
      const move = (l: string) => (Number(l) >= from ? Number(l) + by : Number(l));
      return `${move(l1)}:${c1}-${move(l2)}:${c2}`;
    }),
  );
}

/** Sorts expected rows the same way `rows()` sorts actual ones, so a table may list them in any order. */
export function sortRows(list: readonly string[]): string[] {
  const key = (r: string) => {
    const m = /^(\d+):(\d+)-(\d+):(\d+) \S+ (\S+)$/.exec(r);
    assert.ok(m, `not a row: ${r}`);
    return { pos: m.slice(1, 5).map(Number), id: m[5] };
  };
  return [...list].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < 4; i++) if (ka.pos[i] !== kb.pos[i]) return ka.pos[i] - kb.pos[i];
    return ka.id.localeCompare(kb.id);
  });
}

function sameRows(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Resolves once `test()` holds for the Layerwise diagnostics of `uri`, checking now and on every
 * onDidChangeDiagnostics for it; rejects after `ms` with the last rows seen.
 */
export function waitForDiagnostics(uri: vscode.Uri, test: (rows: string[]) => boolean, what: string, ms = WAIT_MS): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let sub: vscode.Disposable | undefined;
    const done = (fn: () => void) => {
      clearTimeout(timer);
      sub?.dispose();
      fn();
    };
    const check = () => {
      const now = rows(uri);
      if (test(now)) done(() => resolve(now));
    };
    const timer = setTimeout(
      () => done(() => reject(new Error(`timed out after ${ms} ms waiting for ${what} on ${vscode.workspace.asRelativePath(uri)}\nlast diagnostics:\n${formatRows(rows(uri))}`))),
      ms,
    );
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
}

/**
 * Records the diagnostics events of one document from now on. A wait on it is satisfied only by an event that
 * arrives after the recorder was made: the way to prove that the server linted a new version, even when that
 * version is clean and the rows do not change.
 */
export class DiagnosticsRecorder {
  private readonly seen: string[][] = [];
  private readonly sub: vscode.Disposable;
  private waiter: (() => void) | undefined;
  constructor(readonly uri: vscode.Uri) {
    this.sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      this.seen.push(rows(uri));
      this.waiter?.();
    });
  }
  /** Resolves with the first recorded rows that pass `test`. */
  waitFor(test: (rows: string[]) => boolean, what: string, ms = WAIT_MS): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.seen.find(test);
        if (!hit) return;
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(hit);
      };
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error(`timed out after ${ms} ms waiting for ${what} on ${vscode.workspace.asRelativePath(this.uri)}\nevents since the start:\n${this.seen.map(formatRows).join('\n  --\n') || '  (none)'}`));
      }, ms);
      this.waiter = check;
      check();
    });
  }
  dispose(): void {
    this.sub.dispose();
  }
}

/**
 * Waits until the document's rows equal `expected` exactly (in table order). An empty table is satisfied at once
 * by a document the server has not linted yet, so it needs `since`: a recorder made before the change, and then
 * only a new diagnostics event counts.
 */
export async function expectRows(uri: vscode.Uri, expected: readonly string[], what = 'the expected diagnostics', ms = WAIT_MS, since?: DiagnosticsRecorder): Promise<void> {
  const want = sortRows(expected);
  if (want.length === 0 && !since) throw new Error(`expectRows(${vscode.workspace.asRelativePath(uri)}, []) needs a DiagnosticsRecorder made before the change`);
  try {
    if (since) await since.waitFor((now) => sameRows(now, want), what, ms);
    else await waitForDiagnostics(uri, (now) => sameRows(now, want), what, ms);
  } catch (e) {
    // Paste-ready: when a rule legitimately changed, the new table is in the failure.
    const got = rows(uri);
    assert.deepEqual(got, want, `${(e as Error).message}\nactual table (paste into test/e2e/expected.ts if this change is intended):\n${formatRows(got)}`);
    throw e;
  }
}

export function formatRows(list: readonly string[]): string {
  return list.length ? list.map((r) => `  '${r}',`).join('\n') : '  (none)';
}

export async function openFile(rel: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument(wsUri(rel));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor };
}

/** Closes every editor, reverting unsaved changes first, so no "Save changes?" dialog comes up. */
export async function closeAll(): Promise<void> {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (!tab.isDirty || !(tab.input instanceof vscode.TabInputText)) continue;
      await vscode.window.showTextDocument(tab.input.uri, { viewColumn: group.viewColumn, preview: false });
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Resolves when `doc`'s text satisfies `test`, on onDidChangeTextDocument, with a timeout. */
export function waitForText(doc: vscode.TextDocument, test: (text: string) => boolean, what: string, ms = WAIT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}; text now:\n${doc.getText()}`));
    }, ms);
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc && test(doc.getText())) {
        clearTimeout(timer);
        sub.dispose();
        resolve(doc.getText());
      }
    });
    if (test(doc.getText())) {
      clearTimeout(timer);
      sub.dispose();
      resolve(doc.getText());
    }
  });
}

/** Resolves when a file under the workspace is saved (onDidSaveTextDocument), with a timeout. */
export function waitForSave(uri: vscode.Uri, ms = WAIT_MS): Promise<vscode.TextDocument> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for ${vscode.workspace.asRelativePath(uri)} to be saved`));
    }, ms);
    const sub = vscode.workspace.onDidSaveTextDocument((d) => {
      if (d.uri.toString() === uri.toString()) {
        clearTimeout(timer);
        sub.dispose();
        resolve(d);
      }
    });
  });
}

/** Quick fixes VS Code collects for a range, the way the lightbulb asks for them. */
export async function quickFixesAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const all = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return (all ?? []).filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string');
}

/** Applies a code action's edit (what picking it in the menu does) and checks VS Code accepted it. */
export async function applyAction(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `the action "${action.title}" has no edit`);
  assert.equal(await vscode.workspace.applyEdit(action.edit), true, `VS Code refused the edit of "${action.title}"`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

/** Sets a setting in the workspace (.vscode/settings.json of the copy) and waits until VS Code reports it. */
export async function setSetting(section: string, key: string, value: unknown): Promise<void> {
  const current = vscode.workspace.getConfiguration(section).inspect(key)?.workspaceValue;
  if (JSON.stringify(current) === JSON.stringify(value)) return; // no change, so no event to wait for
  const changed = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for the change of ${section}.${key}`));
    }, WAIT_MS);
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${section}.${key}`)) {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  });
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Workspace);
  await changed;
}

export function eq<T>(actual: T, expected: T, message?: string): void {
  assert.deepEqual(actual, expected, message);
}
