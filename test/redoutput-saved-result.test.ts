// Red team of the outputs: a saved JSON result is a file anyone may edit before `pairaudit report` renders it. The
// fields a report writes as they are (counts, the rule count, roles) must be what pairaudit writes there: numbers, a
// role; a text there (`<img src=…>`, a line break and `# heading`) was raw HTML in the Markdown and a line of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSavedResult } from '../src/report/load.js';
import { buildChangeRecordView, renderChanges } from '../src/report/changes/index.js';
import { sampleResult } from './report-fixture.js';

const HOSTILE = '<img src=https://evil.example/x.png>\n# IN PARITY | x';

type Json = Record<string, unknown>;
const CASES: { name: string; edit: (r: Json) => void; field: RegExp }[] = [
  { name: 'a count', edit: (r) => (((r.counts as Json).blocker as Json).fail = HOSTILE), field: /"counts" must be/ },
  { name: 'a total', edit: (r) => ((r.totals as Json).fail = HOSTILE), field: /"totals" must be/ },
  { name: 'the rule count', edit: (r) => ((r.rulePack as Json).ruleCount = HOSTILE), field: /"rulePack\.ruleCount" must be a number/ },
  { name: 'a pack name', edit: (r) => ((r.rulePack as Json).packs = [{ name: HOSTILE }]), field: /"rulePack" must be/ },
  { name: "a server's role", edit: (r) => (((r.servers as Json[])[0] as Json).role = HOSTILE), field: /"servers\[0\]\.role" must be main \| standby-a/ },
  { name: "a finding's servers", edit: (r) => (((r.findings as Json[])[0] as Json).servers = ['main', HOSTILE]), field: /"findings\[0\]\.servers" must be a list of roles/ },
];

for (const c of CASES) {
  test(`report: a saved result with text in ${c.name} is refused, naming the field`, () => {
    const result = JSON.parse(JSON.stringify(sampleResult())) as Json;
    c.edit(result);
    assert.throws(() => parseSavedResult(JSON.stringify(result), 'result.json'), (e: Error) => c.field.test(e.message) && e.message.startsWith('result.json'));
  });
}

test('report: the result as pairaudit writes it is read', () => {
  const saved = parseSavedResult(JSON.stringify(sampleResult()), 'result.json');
  assert.equal(saved.kind, 'audit');
});

/** A change record as `pairaudit changes --format json` saves it: one change, signed. */
async function savedChanges(): Promise<Json> {
  const row = { id: '3.1', seq: 3, server: 'A', host: 'a', setting: 'db.port', kind: 'changed' as const, from: 5481, to: 5482, firstSeen: '2026-11-21T08:00:00.000Z', previousCollectedAt: '2026-11-20T08:00:00.000Z', recordedAt: '2026-11-21T08:01:00.000Z', recordedBy: 'ops', notes: [], documented: false };
  const view = buildChangeRecordView({ rows: [row], signers: [{ key: `ed25519:${'0a'.repeat(16)}`, first: 1, last: 3, entries: 3 }], head: { seq: 3, hash: 'ab'.repeat(32) }, entries: 3, generatedAt: '2026-11-25T12:00:00.000Z', tool: { name: 'pairaudit', version: '0.1.0' } });
  return JSON.parse((await renderChanges(view, 'json', { color: false })) as string) as Json;
}

const CHANGE_CASES: { name: string; edit: (r: Json) => void; field: RegExp }[] = [
  { name: 'the head hash', edit: (r) => (((r.journal as Json).head as Json).hash = HOSTILE), field: /"journal" must be/ },
  { name: 'the head entry', edit: (r) => (((r.journal as Json).head as Json).seq = HOSTILE), field: /"journal" must be/ },
  { name: 'the entries checked', edit: (r) => ((r.journal as Json).entries = HOSTILE), field: /"journal" must be/ },
  { name: 'the changeover count', edit: (r) => ((r.counts as Json).changeovers = HOSTILE), field: /"counts" must be/ },
  { name: "a signer's key", edit: (r) => (((r.signers as Json[])[0] as Json).key = `x\` ${HOSTILE} \``), field: /"signers" must be/ },
];

for (const c of CHANGE_CASES) {
  test(`report: a saved change record with text in ${c.name} is refused, naming the field`, async () => {
    const record = await savedChanges();
    assert.equal(parseSavedResult(JSON.stringify(record), 'changes.json').kind, 'changes', 'as saved, it is read');
    c.edit(record);
    assert.throws(() => parseSavedResult(JSON.stringify(record), 'changes.json'), (e: Error) => c.field.test(e.message));
  });
}
