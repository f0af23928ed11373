import { pathToFileURL, fileURLToPath } from 'node:url';
import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type TextDocumentEdit,
  type CreateFile,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { ruleDocUri } from '../engine/docs';
import type { Finding, Fix, Severity } from '../engine/types';

/** The only place where engine findings and fixes become protocol objects. */

export const SOURCE = 'layerwise';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.layerwise`;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * Diagnostics carry no fixes: code actions re-use the server's lint of the current document version (matched by
 * rule id and range), so a stale diagnostic can never apply edits computed for older text, and every publish stays
 * small.
 */
export function toDiagnostic(finding: Finding, uri: string): Diagnostic {
  const href = ruleDocUri(finding.ruleId);
  const d: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    source: SOURCE,
    message: finding.message,
  };
  if (href) d.codeDescription = { href };
  if (finding.unnecessary) d.tags = [DiagnosticTag.Unnecessary];
  if (finding.related?.length) {
    d.relatedInformation = finding.related.map((r) => ({
      location: { uri: r.path ? pathToUri(r.path) : uri, range: r.range },
      message: r.message,
    }));
  }
  return d;
}

export function pathToUri(p: string): string {
  return pathToFileURL(p).href;
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri).replace(/\\/g, '/');
  } catch {
    return undefined;
  }
}

export interface EditCapabilities {
  documentChanges: boolean;
  createFiles: boolean;
}

/** A workspace edit for a fix: the linted document plus any other files it edits or creates. */
export function fixToWorkspaceEdit(fix: Fix, uri: string, version: number | null, caps: EditCapabilities): WorkspaceEdit | undefined {
  const others = fix.otherFiles ?? [];
  if (others.some((o) => o.create) && !caps.createFiles) return undefined;
  if (!caps.documentChanges) {
    if (others.length) return undefined;
    return { changes: { [uri]: fix.edits } };
  }
  const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
  if (fix.edits.length) documentChanges.push({ textDocument: { uri, version }, edits: fix.edits });
  for (const o of others) {
    const otherUri = pathToUri(o.path);
    if (o.create) documentChanges.push({ kind: 'create', uri: otherUri, options: { ignoreIfExists: true } });
    documentChanges.push({ textDocument: { uri: otherUri, version: null }, edits: o.edits });
  }
  return { documentChanges };
}

export function quickFix(title: string, diagnostic: Diagnostic, edit: WorkspaceEdit, preferred: boolean): CodeAction {
  const action = CodeAction.create(title, edit, CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  if (preferred) action.isPreferred = true;
  return action;
}
