// Red team of the outputs: a saved JSON result is a file anyone may edit before `pairaudit report` renders it. The
// fields a report writes as they are (counts, the rule count, roles) must be what pairaudit writes there: numbers, a
// role; a text there (`<img src=…>`, a line break and `# heading`) was raw HTML in the Markdown and a line of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSavedResult } from '../src/report/load.js';
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
