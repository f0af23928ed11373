import * as assert from 'node:assert/strict';
import { DIAGNOSTICS } from '../expected';
import { closeAll, DiagnosticsRecorder, expectRows, openFile, setSetting } from './helpers';

const FILE = 'nextjs/Dockerfile';
const withSeverity = (id: string, severity: string) =>
  DIAGNOSTICS[FILE].map((r) => (r.endsWith(` ${id}`) ? r.replace(/ \S+ (\S+)$/, ` ${severity} $1`) : r));

describe('settings reach the server live', () => {
  afterEach(async () => {
    await setSetting('layerwise', 'rules.pin-image-tag', undefined);
    await setSetting('layerwise', 'enable', undefined);
    await closeAll();
  });

  it('layerwise.rules.<id> changes a rule severity, turns it off, and back to default', async () => {
    const { doc } = await openFile(FILE);
    await expectRows(doc.uri, DIAGNOSTICS[FILE]);
    assert.ok(DIAGNOSTICS[FILE].some((r) => r.endsWith(' warning pin-image-tag')), 'the fixture has a pin-image-tag warning');

    await setSetting('layerwise', 'rules.pin-image-tag', 'error');
    await expectRows(doc.uri, withSeverity('pin-image-tag', 'error'), 'pin-image-tag as an error');

    await setSetting('layerwise', 'rules.pin-image-tag', 'hint');
    await expectRows(doc.uri, withSeverity('pin-image-tag', 'hint'), 'pin-image-tag as a hint');

    await setSetting('layerwise', 'rules.pin-image-tag', 'off');
    await expectRows(doc.uri, DIAGNOSTICS[FILE].filter((r) => !r.endsWith(' pin-image-tag')), 'no pin-image-tag');

    await setSetting('layerwise', 'rules.pin-image-tag', 'default');
    await expectRows(doc.uri, DIAGNOSTICS[FILE], 'the defaults again');
  });

  it('layerwise.enable: false clears the diagnostics, true brings them back', async () => {
    const { doc } = await openFile(FILE);
    await expectRows(doc.uri, DIAGNOSTICS[FILE]);
    const since = new DiagnosticsRecorder(doc.uri);
    await setSetting('layerwise', 'enable', false);
    await expectRows(doc.uri, [], 'no diagnostics while disabled', undefined, since);
    since.dispose();
    await setSetting('layerwise', 'enable', true);
    await expectRows(doc.uri, DIAGNOSTICS[FILE], 'the diagnostics again');
  });
});
