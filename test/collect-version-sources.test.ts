// The product version two sources give: uninstall.reg's DisplayVersion (a documented Windows layout) replaces the
// ClearSCADA key's `Version` (an assumed layout). Where they disagree it was replaced without a word: a Standby whose
// key said 6.85 while Windows listed 6.84 passed as 6.84. Now the disagreement is said, and two versions that differ in
// a part both write leave product.version unknown (check: NO-GO); another way of writing the same version only warns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli-harness.js';

const SOURCE = 'fixtures/pairs/healthy-evidence';
/** The Standby's ClearSCADA.reg and uninstall.reg both say this build. */
const BUILD = '6.84.8512.1';
/** A minute after the later bundle was collected. */
const NOW = '2026-11-20T08:20:00Z';

interface Case {
  name: string;
  /** The Standby key's `Version`. */
  registry: string;
  code: number;
  verdict: string;
  /** product-version-not-older's status for the Standby. */
  status: 'pass' | 'unknown';
  /** What standard error says (undefined: nothing about product.version). */
  warning?: RegExp;
}

const CASES: Case[] = [
  { name: 'both sources agree', registry: BUILD, code: 0, verdict: 'in-parity', status: 'pass' },
  { name: 'the key writes the same build with fewer parts: said, uninstall.reg used', registry: '6.84.8512', code: 0, verdict: 'in-parity', status: 'pass', warning: /uninstall\.reg: line \d+: setting "product\.version" is "6\.84\.8512\.1" here, but "6\.84\.8512" in ClearSCADA\.reg line 6; this value is used/ },
  { name: 'the key writes text that is no version number: said, uninstall.reg used', registry: '6.84.8512.1x', code: 0, verdict: 'in-parity', status: 'pass', warning: /"6\.84\.8512\.1x" in ClearSCADA\.reg line 6; this value is used/ },
  { name: 'the key says a newer build than Windows lists (an upgrade half done): unknown, NO-GO', registry: '6.85.9012.1', code: 3, verdict: 'incomplete', status: 'unknown', warning: /"6\.85\.9012\.1" in ClearSCADA\.reg line 6; the two versions disagree, so the setting is unknown/ },
  { name: 'the key says an older build: unknown, NO-GO', registry: '6.83.1000.1', code: 3, verdict: 'incomplete', status: 'unknown', warning: /the two versions disagree/ },
];

function withStandbyVersion(dir: string, version: string): void {
  const file = join(dir, 'standby-a', 'ClearSCADA.reg');
  const bytes = readFileSync(file);
  const text = bytes.subarray(2).toString('utf16le');
  const changed = text.replace(`"Version"="${BUILD}"\r\n"ProductName"`, `"Version"="${version}"\r\n"ProductName"`);
  assert.notEqual(changed === text, version !== BUILD, 'the fixture holds the Version line');
  writeFileSync(file, Buffer.concat([bytes.subarray(0, 2), Buffer.from(changed, 'utf16le')]));
}

for (const c of CASES)
  test(`check: product version of two sources, ${c.name}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pairaudit-version-sources-'));
    try {
      cpSync(SOURCE, dir, { recursive: true });
      withStandbyVersion(dir, c.registry);
      const r = await runCli(['check', 'main', 'standby-a', '-f', 'json'], { cwd: dir, now: NOW });
      assert.equal(r.code, c.code, r.stderr);
      const result = JSON.parse(r.stdout) as { verdict: string; findings: { ruleId: string; status: string; setting?: string }[] };
      assert.equal(result.verdict, c.verdict);
      const order = result.findings.filter((f) => f.ruleId === 'product-version-not-older');
      assert.ok(order.length > 0, 'product-version-not-older ran');
      assert.ok(order.every((f) => f.status === c.status), JSON.stringify(order));
      if (c.warning === undefined) assert.doesNotMatch(r.stderr, /product\.version/);
      else assert.match(r.stderr, c.warning);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
