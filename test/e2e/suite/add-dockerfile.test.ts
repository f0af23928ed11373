import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { ADD_DOCKERFILE_PYTHON_UV } from '../expected';
import { closeAll, DiagnosticsRecorder, expectRows, extension, readDisk, scratchCopy, wsUri } from './helpers';

const COMMAND = 'layerwise.addDockerfile';

type Pick = (items: readonly (string | vscode.QuickPickItem)[], options?: vscode.QuickPickOptions) => unknown;
type Warn = (message: string, ...rest: unknown[]) => unknown;

/**
 * Answers the command's questions as a user would, through the `vscode` API object the extension shares with the
 * tests (same extension, same API instance): records every list and question it shows, and picks with `choose`.
 * Questions it does not expect go on to the real UI.
 */
function answering(choose: { pick?: (labels: string[]) => string | undefined; modal?: (message: string) => string | undefined }) {
  const win = vscode.window as unknown as { showQuickPick: Pick; showWarningMessage: Warn };
  const realPick = win.showQuickPick;
  const realWarn = win.showWarningMessage;
  const lists: string[][] = [];
  const questions: string[] = [];
  win.showQuickPick = async (items, options) => {
    const list = await items;
    const labels = list.map((i) => (typeof i === 'string' ? i : i.label));
    lists.push(labels);
    const want = choose.pick?.(labels);
    if (want === undefined) return realPick.call(vscode.window, items, options);
    return list.find((i) => (typeof i === 'string' ? i : i.label) === want);
  };
  win.showWarningMessage = (message, ...rest) => {
    const options = rest[0] as vscode.MessageOptions | undefined;
    if (typeof options === 'object' && options?.modal && choose.modal) {
      questions.push(message);
      return Promise.resolve(choose.modal(message));
    }
    return realWarn.call(vscode.window, message, ...rest);
  };
  return {
    lists,
    questions,
    restore() {
      win.showQuickPick = realPick;
      win.showWarningMessage = realWarn;
    },
  };
}

describe('the "Add Dockerfile" command', () => {
  afterEach(closeAll);

  it('is contributed as "Layerwise: Add Dockerfile to workspace"', async () => {
    const commands = (extension().packageJSON as { contributes?: { commands?: { command: string; title: string; category?: string }[] } }).contributes?.commands ?? [];
    const cmd = commands.find((c) => c.command === COMMAND);
    assert.ok(cmd, `${COMMAND} in contributes.commands`);
    assert.equal(`${cmd.category}: ${cmd.title}`, 'Layerwise: Add Dockerfile to workspace');
    await extension().activate();
    assert.ok((await vscode.commands.getCommands(true)).includes(COMMAND), `${COMMAND} is registered`);
  });

  it('writes the uv template, with the values read from the project, and opens it clean', async () => {
    const dir = scratchCopy('python-uv', 'add-dockerfile');
    fs.rmSync(wsUri(`${dir}/Dockerfile`).fsPath);
    const ui = answering({ pick: (labels) => labels.find((l) => l.includes('Write Dockerfile and .dockerignore')) });
    const since = new DiagnosticsRecorder(wsUri(`${dir}/Dockerfile`));
    try {
      await vscode.commands.executeCommand(COMMAND, wsUri(dir));
    } finally {
      ui.restore();
    }
    assert.equal(ui.lists.length, 1, `one review list, no template question (the project is a uv project): ${JSON.stringify(ui.lists)}`);
    assert.deepEqual(
      ui.lists[0].filter((l) => !l.startsWith('$(info)')),
      ['$(check) Write Dockerfile and .dockerignore', '$(eye) Preview the Dockerfile', 'Values', 'Python 3.14', 'Port 8000', 'App app.main:app', 'Health check /health', 'Detected'],
    );
    assert.equal(readDisk(`${dir}/Dockerfile`), ADD_DOCKERFILE_PYTHON_UV.Dockerfile);
    assert.equal(readDisk(`${dir}/.dockerignore`), ADD_DOCKERFILE_PYTHON_UV['.dockerignore']);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), wsUri(`${dir}/Dockerfile`).toString(), 'the new Dockerfile is open');
    // The template is the product's own best practice: no findings in this project.
    await expectRows(wsUri(`${dir}/Dockerfile`), [], 'the new Dockerfile linted clean', undefined, since);
    since.dispose();
  });

  it('never overwrites an existing Dockerfile without asking, and keeps it when the answer is no', async () => {
    const dir = scratchCopy('python-uv', 'add-dockerfile-existing');
    const before = readDisk(`${dir}/Dockerfile`);
    const ui = answering({ pick: (labels) => labels.find((l) => l.includes('Write Dockerfile')), modal: () => undefined });
    try {
      await vscode.commands.executeCommand(COMMAND, wsUri(dir));
    } finally {
      ui.restore();
    }
    // The folder as VS Code names it: the workspace folder (the copy is called "workspace") and the path in it.
    assert.deepEqual(ui.questions, ['Dockerfile already exists in workspace/scratch/add-dockerfile-existing/python-uv. Replace it with the Python + uv template?']);
    assert.equal(readDisk(`${dir}/Dockerfile`), before, 'the Dockerfile is unchanged');
    assert.equal(readDisk(`${dir}/.dockerignore`), ADD_DOCKERFILE_PYTHON_UV['.dockerignore'], 'the missing .dockerignore is written');
  });
});
