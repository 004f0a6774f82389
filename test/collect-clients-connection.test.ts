// Systems.xml's other connection attributes: a `cost`, `connectTimeout` or `requestTimeout` changed in one server's
// file was read by nothing (found by changing each value of a bundle in turn: the audit said IN PARITY). Now each
// reaches clients-connection-settings through `clients.<system>.costs`, `.connectTimeout` and `.requestTimeout`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli-harness.js';

const SOURCE = 'fixtures/pairs/healthy-evidence';
const NOW = '2026-11-20T08:20:00Z';
/** The Standby's first `<Server>` line of system SCADA-N, as the fixture writes it. */
const LINE = '<Server name="SCADA-N1" cost="1" port="5481" compress="false" connectTimeout="30000" requestTimeout="120000" />';

const CASES: { name: string; line: string; code: number; setting?: string }[] = [
  { name: 'unchanged', line: LINE, code: 0 },
  { name: 'request timeout shortened', line: LINE.replace('requestTimeout="120000"', 'requestTimeout="10000"'), code: 1, setting: 'clients.SCADA-N.requestTimeout' },
  { name: 'connect timeout changed', line: LINE.replace('connectTimeout="30000"', 'connectTimeout="5000"'), code: 1, setting: 'clients.SCADA-N.connectTimeout' },
  { name: 'the Main made the costlier server', line: LINE.replace('cost="1"', 'cost="2"'), code: 1, setting: 'clients.SCADA-N.costs' },
  { name: 'attributes left out (an older applet)', line: '<Server name="SCADA-N1" port="5481" compress="false" />', code: 1, setting: 'clients.SCADA-N.costs' },
];

for (const c of CASES)
  test(`audit: the Standby's Systems.xml, ${c.name}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pairaudit-clients-'));
    try {
      cpSync(SOURCE, dir, { recursive: true });
      const file = join(dir, 'standby-a', 'Systems.xml');
      const text = readFileSync(file, 'utf8');
      assert.ok(text.includes(LINE), 'the fixture holds the line');
      writeFileSync(file, text.replace(LINE, c.line));
      const r = await runCli(['audit', 'main', 'standby-a', '-f', 'json'], { cwd: dir, now: NOW });
      assert.equal(r.code, c.code, r.stderr);
      const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; status: string; setting: string }[] }).findings.filter((f) => f.ruleId === 'clients-connection-settings');
      const failing = findings.filter((f) => f.status !== 'pass').map((f) => f.setting);
      assert.deepEqual(failing, c.setting === undefined ? [] : [c.setting]);
      if (c.setting === undefined) assert.equal(findings.length, 6, 'costs and both timeouts compared, for each of the two systems');
      const check = await runCli(['check', 'main', 'standby-a'], { cwd: dir, now: NOW });
      assert.equal(check.code, 0, 'a warning: check stays GO');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
