import * as assert from 'node:assert/strict';
import { commandAssignments, commandWords, joinLines, plainText, splitCommands } from '../../server/src/dockerfile/shell';

const words = (s: string) => splitCommands(plainText(s, 0, s.length)).map((c) => c.words.map((w) => w.value));

describe('shell reader', () => {
  it('splits on &&, ||, ;, |, & and newlines, and records the operators', () => {
    const s = 'a 1 && b 2 || c; d | e & f\ng';
    const cmds = splitCommands(plainText(s, 0, s.length));
    assert.deepEqual(cmds.map((c) => [c.words.map((w) => w.value).join(' '), c.before ?? '', c.after?.op ?? '']), [
      ['a 1', '', '&&'],
      ['b 2', '&&', '||'],
      ['c', '||', ';'],
      ['d', ';', '|'],
      ['e', '|', '&'],
      ['f', '&', '\n'],
      ['g', '\n', ''],
    ]);
  });

  it('removes quotes and keeps offsets of the word as written', () => {
    const s = `echo "a b" 'c d' e\\ f "x\\"y" $(date +%s) \${HOME:-/root} \`id\``;
    const [cmd] = splitCommands(plainText(s, 0, s.length));
    assert.deepEqual(cmd.words.map((w) => [w.value, s.slice(w.start, w.end)]), [
      ['echo', 'echo'],
      ['a b', '"a b"'],
      ['c d', "'c d'"],
      ['e f', 'e\\ f'],
      ['x"y', '"x\\"y"'],
      ['$(date +%s)', '$(date +%s)'],
      ['${HOME:-/root}', '${HOME:-/root}'],
      ['`id`', '`id`'],
    ]);
  });

  it('does not split inside quotes or command substitutions', () => {
    assert.deepEqual(words(`sh -c "a && b; c" && echo $(x && y) 'p | q'`), [['sh', '-c', 'a && b; c'], ['echo', '$(x && y)', 'p | q']]);
  });

  it('takes redirections out of the words', () => {
    const s = 'npm ci > /dev/null 2>&1 && pip install -r req.txt 2>/tmp/log &>out';
    const cmds = splitCommands(plainText(s, 0, s.length));
    assert.deepEqual(cmds.map((c) => [c.words.map((w) => w.value), c.redirects.map((w) => w.value)]), [
      [['npm', 'ci'], ['>', '/dev/null', '2>&1']],
      [['pip', 'install', '-r', 'req.txt'], ['2>/tmp/log', '&>out']],
    ]);
  });

  it('skips comments', () => {
    assert.deepEqual(words('a # b && c\nd'), [['a'], ['d']]);
  });

  it('tracks subshell and group depth', () => {
    const s = '(cd x && make) && { echo a; }';
    assert.deepEqual(splitCommands(plainText(s, 0, s.length)).map((c) => [c.words.map((w) => w.value).join(' '), c.depth]), [
      ['cd x', 1],
      ['make', 1],
      ['echo a', 1],
    ]);
  });

  it('strips assignments and wrappers to find the program', () => {
    const s = 'NODE_ENV=production CI=1 sudo -E env -i PATH=/x time npm ci';
    const [cmd] = splitCommands(plainText(s, 0, s.length));
    assert.deepEqual(commandWords(cmd).map((w) => w.value), ['npm', 'ci']);
    assert.deepEqual([...commandAssignments(cmd)], [['NODE_ENV', 'production'], ['CI', '1']]);
  });

  it('never throws and stays linear on unbalanced input', () => {
    for (const s of ['"unterminated', "'x", '$(', '${', '`', '(((((', ')))', '&&&&', '\\', 'a &', '|| b']) assert.ok(Array.isArray(words(s)));
    const big = '$('.repeat(50000) + '"'.repeat(50001) + "'" + '&&'.repeat(50000);
    const t0 = Date.now();
    splitCommands(plainText(big, 0, big.length));
    assert.ok(Date.now() - t0 < 2000, 'bounded time on 250k pathological characters');
  });

  describe('joinLines (Dockerfile continuations)', () => {
    it('joins escaped line breaks and maps offsets back to the document', () => {
      const doc = 'RUN a \\\n  && b \\  \r\n  && c\nUSER x';
      const j = joinLines(doc, 4, doc.indexOf('\nUSER'), '\\');
      assert.equal(j.text, 'a   && b   && c');
      const cmds = splitCommands(j);
      assert.deepEqual(cmds.map((c) => doc.slice(c.start, c.end)), ['a', 'b', 'c']);
    });
    it('an escaped escape character does not continue the line', () => {
      const doc = 'echo a\\\\\necho b';
      assert.equal(joinLines(doc, 0, doc.length, '\\').text, 'echo a\\\\');
    });
    it('uses the escape directive character', () => {
      const doc = 'dir `\n  && echo hi';
      assert.equal(joinLines(doc, 0, doc.length, '`').text, 'dir   && echo hi');
    });
  });
});
