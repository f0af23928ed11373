/**
 * "Layerwise: Add Dockerfile to workspace" (`layerwise.addDockerfile`): the VS Code side of the templates.
 * Detection and rendering live in ../templates (no `vscode` import, tested directly); this file picks the folder,
 * asks what detection could not decide, shows what will be written, never overwrites a file without a modal
 * confirmation, writes the Dockerfile and .dockerignore as one undoable edit, offers the next.config edit for
 * Next.js, and opens the Dockerfile.
 */
import * as vscode from 'vscode';
import { detectProject, planNextConfig, templateLabel, type Detected, type ProjectReader } from '../templates/detect';
import {
  renderDockerfile,
  renderTemplate,
  type NextjsSettings,
  type PackageManager,
  type PythonUvSettings,
  type TemplateId,
  type TemplateSettings,
} from '../templates/render';
import { NODE_MAJORS, PYTHON_RELEASES } from '../templates/versions';

export const ADD_DOCKERFILE_COMMAND = 'layerwise.addDockerfile';

export function registerAddDockerfile(): vscode.Disposable {
  return vscode.commands.registerCommand(ADD_DOCKERFILE_COMMAND, async (target?: vscode.Uri) => {
    try {
      await addDockerfile(target);
    } catch (e) {
      void vscode.window.showErrorMessage(`Layerwise: could not add a Dockerfile: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
}

/** Reads a project folder, preferring the text of open editors (which may be unsaved) over the disk. */
export function workspaceReader(base: vscode.Uri): ProjectReader {
  const uriOf = (rel: string) => vscode.Uri.joinPath(base, ...rel.split('/'));
  return {
    async read(rel) {
      const uri = uriOf(rel);
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (open) return open.getText();
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.type & vscode.FileType.Directory) return undefined;
        if (stat.size > 1024 * 1024) return undefined;
        return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri)).replace(/^\uFEFF/, '');
      } catch {
        return undefined;
      }
    },
    async exists(rel) {
      try {
        await vscode.workspace.fs.stat(uriOf(rel));
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** The project folder: the folder the command was run on (Explorer), else the only or the picked workspace folder. */
async function pickFolder(target?: vscode.Uri): Promise<{ uri: vscode.Uri; name: string } | undefined> {
  if (target instanceof vscode.Uri) {
    try {
      const stat = await vscode.workspace.fs.stat(target);
      const uri = stat.type & vscode.FileType.Directory ? target : vscode.Uri.joinPath(target, '..');
      return { uri, name: vscode.workspace.asRelativePath(uri, true) || uri.path };
    } catch {
      // fall through to the workspace folders
    }
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showWarningMessage('Layerwise: open a folder first; the Dockerfile is written at its root.');
    return undefined;
  }
  if (folders.length === 1) return { uri: folders[0].uri, name: folders[0].name };
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Add a Dockerfile to which folder?' });
  return picked ? { uri: picked.uri, name: picked.name } : undefined;
}

interface TemplateItem extends vscode.QuickPickItem {
  id: TemplateId;
}

type Action = 'write' | 'preview' | 'port' | 'version' | 'module' | 'health' | 'manager';
interface ActionItem extends vscode.QuickPickItem {
  action?: Action;
}

async function addDockerfile(target?: vscode.Uri): Promise<void> {
  const folder = await pickFolder(target);
  if (!folder) return;
  const reader = workspaceReader(folder.uri);
  const detection = await detectProject(reader);

  let id = detection.template;
  if (!id) {
    const items: TemplateItem[] = detection.candidates.map((c) => ({
      id: c,
      label: templateLabel(c),
      detail:
        c === 'python-uv'
          ? 'Multi-stage: uv sync from pyproject.toml and uv.lock, slim runner, non-root user, urllib health check'
          : 'Multi-stage: install from the lock file, next build with output: "standalone", alpine runner as node',
    }));
    const pick = await vscode.window.showQuickPick(items, {
      title: `Add Dockerfile to ${folder.name}`,
      placeHolder: `${detection.reason} Which template?`,
      ignoreFocusOut: true,
    });
    if (!pick) return;
    id = pick.id;
  }
  const detected: Detected<TemplateSettings> = id === 'python-uv' ? detection.python : detection.nextjs;
  const settings = await review(folder, reader, detected, detection.reason);
  if (!settings) return;

  const written = await writeFiles(folder, reader, settings);
  if (settings.template === 'nextjs' && written.includes('Dockerfile')) await offerNextConfigEdit(folder, reader);
  if (written.includes('Dockerfile')) {
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, 'Dockerfile'));
  }
  if (detected.notes.length && written.length) {
    void vscode.window.showWarningMessage(`Layerwise: check the Dockerfile. ${detected.notes.join(' ')}`);
  }
}

/** Shows what will be written and lets the user change the values; resolves to the settings to write. */
async function review(
  folder: { uri: vscode.Uri; name: string },
  reader: ProjectReader,
  detected: Detected<TemplateSettings>,
  reason: string,
): Promise<TemplateSettings | undefined> {
  const settings: TemplateSettings = { ...detected.settings };
  for (;;) {
    const files = renderTemplate(settings);
    const existing: string[] = [];
    for (const f of files) if (await reader.exists(f.name)) existing.push(f.name);
    const writeDetail = existing.length ? `${existing.join(' and ')} already exist: you will be asked before each is replaced` : 'Both are new files';
    const items: ActionItem[] = [
      { label: '$(check) Write Dockerfile and .dockerignore', description: folder.name, detail: writeDetail, action: 'write' },
      { label: '$(eye) Preview the Dockerfile', detail: 'Opens it in an unsaved editor', action: 'preview' },
      { label: 'Values', kind: vscode.QuickPickItemKind.Separator },
      ...valueItems(settings),
    ];
    if (detected.evidence.length || detected.notes.length) {
      items.push({ label: 'Detected', kind: vscode.QuickPickItemKind.Separator });
      for (const e of detected.evidence) items.push({ label: `$(info) ${e}` });
      for (const n of detected.notes) items.push({ label: `$(warning) ${n}` });
    }
    const pick = await vscode.window.showQuickPick(items, {
      title: `Add Dockerfile: ${templateLabel(settings.template)}`,
      placeHolder: reason,
      ignoreFocusOut: true,
    });
    if (!pick) return undefined;
    switch (pick.action) {
      case 'write':
        return settings;
      case 'preview': {
        const doc = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: renderDockerfile(settings) });
        await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: false });
        break;
      }
      case 'port': {
        const v = await vscode.window.showInputBox({
          title: 'Port the application listens on',
          value: String(settings.port),
          validateInput: (s) => (/^\d{1,5}$/.test(s) && Number(s) > 0 && Number(s) < 65536 ? undefined : 'A port number, 1-65535'),
        });
        if (v) settings.port = Number(v);
        break;
      }
      case 'version':
        await pickVersion(settings);
        break;
      case 'module':
        if (settings.template === 'python-uv') {
          const v = await vscode.window.showInputBox({
            title: 'Application to serve, as module:attribute',
            value: settings.appModule,
            validateInput: (s) => (/^[A-Za-z_][\w.]*:[A-Za-z_]\w*(?:\(\))?$/.test(s) ? undefined : 'module:attribute, e.g. app.main:app'),
          });
          if (v) settings.appModule = v;
        }
        break;
      case 'health': {
        const v = await vscode.window.showInputBox({
          title: 'Path the HEALTHCHECK requests',
          value: settings.healthPath,
          validateInput: (s) => (/^\/[^\s"'\\]*$/.test(s) ? undefined : 'A path starting with /, without spaces or quotes'),
        });
        if (v) settings.healthPath = v;
        break;
      }
      case 'manager':
        if (settings.template === 'nextjs') {
          const pm = await vscode.window.showQuickPick(['npm', 'pnpm', 'yarn'], { title: 'Package manager', placeHolder: settings.packageManager });
          if (pm && pm !== settings.packageManager) {
            // The install files detected belong to the detected manager; .npmrc is read by all three.
            settings.packageManager = pm as PackageManager;
            settings.yarnBerry = false;
            settings.yarnReleases = false;
            settings.installFiles = settings.installFiles.filter((f) => f === '.npmrc');
          }
        }
        break;
      default:
        break; // an information row: show the list again
    }
  }
}

function valueItems(s: TemplateSettings): ActionItem[] {
  if (s.template === 'python-uv') {
    return [
      { label: `Python ${s.pythonVersion}`, description: `python:${s.pythonVersion}-slim`, action: 'version' },
      { label: `Port ${s.port}`, action: 'port' },
      { label: `App ${s.appModule}`, description: `served by ${s.server}`, action: 'module' },
      { label: `Health check ${s.healthPath}`, description: 'Python urllib (slim images have no curl)', action: 'health' },
    ];
  }
  return [
    { label: `Node.js ${s.nodeMajor}`, description: `node:${s.nodeMajor}-alpine`, action: 'version' },
    { label: `Package manager ${s.packageManager}${s.packageManager === 'yarn' && s.yarnBerry ? ' (2+)' : ''}`, action: 'manager' },
    { label: `Port ${s.port}`, action: 'port' },
    { label: `Health check ${s.healthPath}`, description: 'busybox wget', action: 'health' },
  ];
}

async function pickVersion(s: TemplateSettings): Promise<void> {
  if (s.template === 'python-uv') {
    const lines = PYTHON_RELEASES.map((r) => r.split('.').slice(0, 2).join('.'));
    const v = await vscode.window.showQuickPick(lines, { title: 'Python version (the builder and the runner use the same image)', placeHolder: s.pythonVersion });
    if (v) (s as PythonUvSettings).pythonVersion = v;
  } else {
    const v = await vscode.window.showQuickPick(NODE_MAJORS.map(String), { title: 'Node.js version', placeHolder: String(s.nodeMajor) });
    if (v) (s as NextjsSettings).nodeMajor = Number(v);
  }
}

/** Writes the files as one undoable edit, asking (modal) before replacing each existing one. Returns the names written. */
async function writeFiles(folder: { uri: vscode.Uri; name: string }, reader: ProjectReader, settings: TemplateSettings): Promise<string[]> {
  const edit = new vscode.WorkspaceEdit();
  const written: string[] = [];
  for (const file of renderTemplate(settings)) {
    const uri = vscode.Uri.joinPath(folder.uri, file.name);
    if (await reader.exists(file.name)) {
      const answer = await vscode.window.showWarningMessage(
        `${file.name} already exists in ${folder.name}. Replace it with the ${templateLabel(settings.template)} template?`,
        { modal: true, detail: 'The current file is overwritten (Undo restores it).' },
        'Replace',
      );
      if (answer !== 'Replace') continue;
    }
    edit.createFile(uri, { overwrite: true, contents: new TextEncoder().encode(file.text) });
    written.push(file.name);
  }
  if (written.length && !(await vscode.workspace.applyEdit(edit))) {
    throw new Error(`the workspace refused to write ${written.join(' and ')}`);
  }
  return written;
}

/** For Next.js: offers to make next.config set `output: "standalone"`, which the Dockerfile's COPY needs. */
async function offerNextConfigEdit(folder: { uri: vscode.Uri; name: string }, reader: ProjectReader): Promise<void> {
  const plan = await planNextConfig(reader);
  const uri = vscode.Uri.joinPath(folder.uri, plan.file);
  const { edit } = plan;
  if (edit.kind === 'present') return;
  if (edit.kind === 'unknown') {
    const open = await vscode.window.showWarningMessage(`Layerwise: ${edit.message}`, 'Open next.config');
    if (open) await vscode.window.showTextDocument(uri);
    return;
  }
  const why = 'The Dockerfile copies .next/standalone, which next build writes only with output: "standalone".';
  let answer: string | undefined;
  if (!plan.exists) {
    answer = await vscode.window.showInformationMessage(`Layerwise: ${why} Create ${plan.file} with it?`, `Create ${plan.file}`);
  } else if (edit.replaces !== undefined) {
    answer = await vscode.window.showWarningMessage(
      `${plan.file} sets output: "${edit.replaces}". Replace it with "standalone"?`,
      { modal: true, detail: why },
      'Replace with "standalone"',
    );
  } else {
    answer = await vscode.window.showInformationMessage(`Layerwise: ${why} Add it to ${plan.file}?`, 'Add output: "standalone"');
  }
  if (!answer) return;
  const ws = new vscode.WorkspaceEdit();
  if (!plan.exists) {
    ws.createFile(uri, { overwrite: false, ignoreIfExists: true, contents: new TextEncoder().encode(edit.text) });
    await vscode.workspace.applyEdit(ws);
    return;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const wasDirty = doc.isDirty;
  const r = edit.edit.range;
  ws.replace(uri, new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character), edit.edit.newText);
  if ((await vscode.workspace.applyEdit(ws)) && !wasDirty) await doc.save();
}
