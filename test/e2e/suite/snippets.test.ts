import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SNIPPET_CONTRIBUTIONS, SNIPPET_EXPANSIONS } from '../expected';
import { closeAll, DiagnosticsRecorder, expectRows, extension, openFile, scratchCopy, waitForText, wsUri } from './helpers';

interface SnippetFile {
  [name: string]: { prefix: string | string[]; body: string | string[]; description?: string };
}

function snippetFile(rel: string): SnippetFile {
  return JSON.parse(fs.readFileSync(path.join(extension().extensionPath, rel), 'utf8')) as SnippetFile;
}

/**
 * A snippet body with every placeholder at its default, for comparing with what VS Code inserts: `${1|a,b|}` → a,
 * `${1:x}` → x, `$1`/`${1}` → the value given to tab stop 1 earlier, `$0` → nothing, `\$` → `$`. (The project's
 * snippets use no variables or nested placeholders; a body that does fails here, loudly.)
 */
function expandDefaults(body: string): string {
  const values = new Map<string, string>();
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && (body[i + 1] === '$' || body[i + 1] === '}' || body[i + 1] === '\\')) {
      out += body[++i];
      continue;
    }
    if (c !== '$') {
      out += c;
      continue;
    }
    const rest = body.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^\$\{(\d+)\|([^|]*)\|\}/.exec(rest))) {
      const v = m[2].split(',')[0];
      values.set(m[1], v);
      out += v;
    } else if ((m = /^\$\{(\d+):([^${}]*)\}/.exec(rest))) {
      values.set(m[1], m[2]);
      out += m[2];
    } else if ((m = /^\$\{(\d+)\}/.exec(rest)) || (m = /^\$(\d+)/.exec(rest))) {
      out += values.get(m[1]) ?? '';
    } else {
      throw new Error(`expandDefaults cannot read ${JSON.stringify(rest.slice(0, 20))}`);
    }
    i += m[0].length - 1;
  }
  return out;
}

const bodyOf = (s: SnippetFile[string]) => (Array.isArray(s.body) ? s.body.join('\n') : s.body);

describe('snippets', () => {
  afterEach(closeAll);

  it('are contributed for the right languages, from files that exist', () => {
    const contributed = (extension().packageJSON as { contributes?: { snippets?: { language: string; path: string }[] } }).contributes?.snippets ?? [];
    assert.deepEqual(
      contributed.map((s) => `${s.language} ${s.path}`).sort(),
      Object.entries(SNIPPET_CONTRIBUTIONS)
        .map(([lang, p]) => `${lang} ${p}`)
        .sort(),
    );
    for (const s of contributed) {
      const file = snippetFile(s.path);
      assert.ok(Object.keys(file).length > 0, `${s.path} has snippets`);
      for (const [name, snip] of Object.entries(file)) {
        assert.ok(snip.prefix && snip.body && snip.description, `${s.path}: "${name}" has a prefix, a body and a description`);
      }
    }
  });

  for (const [label, e] of Object.entries(SNIPPET_EXPANSIONS)) {
    it(`${label}: offered by its prefix, expands with its defaults, and is linted as expected`, async () => {
      // Offered: the completion list a user gets after typing the prefix in a file of that kind.
      const typed = `scratch/snippet-${e.prefix}-typed/${e.file}`;
      fs.mkdirSync(path.dirname(wsUri(typed).fsPath), { recursive: true });
      fs.writeFileSync(wsUri(typed).fsPath, e.prefix);
      const typedDoc = (await openFile(typed)).doc;
      assert.equal(typedDoc.languageId, e.language, `${e.file} opens as ${typedDoc.languageId}`);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        typedDoc.uri,
        new vscode.Position(0, e.prefix.length),
      );
      const labels = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.ok(labels.includes(e.prefix), `"${e.prefix}" among the ${e.language} snippet completions ${JSON.stringify(labels)}`);

      // Expanded: a real file whose seed text has findings; the snippet replaces the selected part in one edit,
      // so the next diagnostics are those of the expansion.
      const rel = e.fixture ? `${scratchCopy(e.fixture, `snippet-${e.prefix}`)}/${e.file}` : `scratch/snippet-${e.prefix}/${e.file}`;
      fs.mkdirSync(path.dirname(wsUri(rel).fsPath), { recursive: true });
      const seed = e.seed.before + e.seed.replace + e.seed.after;
      fs.writeFileSync(wsUri(rel).fsPath, seed);
      const seedEvents = new DiagnosticsRecorder(wsUri(rel));
      const { doc, editor } = await openFile(rel);
      assert.equal(doc.languageId, e.language, `${e.file} opens as ${doc.languageId}`);
      if (e.linted) await expectRows(doc.uri, e.seed.diagnostics, 'the seed text\'s diagnostics', undefined, seedEvents);
      seedEvents.dispose();

      const file = snippetFile(SNIPPET_CONTRIBUTIONS[e.language]);
      assert.ok(file[e.name], `a snippet named "${e.name}" in ${SNIPPET_CONTRIBUTIONS[e.language]}`);
      const indent = /[ \t]*$/.exec(e.seed.before)![0];
      const expansion = expandDefaults(bodyOf(file[e.name]))
        .split('\n')
        .map((line, i) => (i === 0 ? line : indent + line))
        .join('\n');
      const expected = e.seed.before + expansion + e.seed.after;
      const from = doc.positionAt(e.seed.before.length);
      editor.selection = new vscode.Selection(from, doc.positionAt(e.seed.before.length + e.seed.replace.length));
      const since = new DiagnosticsRecorder(doc.uri);
      await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: e.language, name: e.name });
      await waitForText(doc, (t) => t === expected, `the expansion of "${e.name}"`);
      await vscode.commands.executeCommand('leaveSnippet');
      if (e.linted) await expectRows(doc.uri, e.diagnostics, `the diagnostics of the expanded "${e.name}"`, undefined, since);
      since.dispose();
    });
  }
});
