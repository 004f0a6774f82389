// Red team, left for src/snapshot: an export that writes one value twice with different data (a section of the key
// written again further down, as a hand edit leaves it) is read as an import would, the last one kept, with no
// warning, so `check` says GO on whichever value comes last. `reg export` never writes a key twice, so one of the
// two is not what the server holds: as when a later export of a bundle replaces an earlier one's value
// (registry-view.ts replacedAcrossFiles, which looks across files only), the setting should be unknown
// (valueAmbiguous) and a blocker's setting should make `check` NO-GO.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditResult } from '../src/types.js';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NOW = '2026-11-20T08:20:00Z';
const DB = '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\DB]\r\n';

/** The Main's DB key written twice: [first port, last port], and the blocker findings check should give. */
const CASES: { name: string; ports: [string, string]; blockers: string[] }[] = [
  { name: 'the port 5482 first, the Standby\'s 5481 last (GO on the value kept)', ports: ['0000156a', '00001569'], blockers: ['db-port unknown valueAmbiguous'] },
  { name: 'the Standby\'s 5481 first, 5482 last', ports: ['00001569', '0000156a'], blockers: ['db-port unknown valueAmbiguous'] },
];

for (const c of CASES) {
  test(`red team, a value written twice in one export: ${c.name}`, { skip: 'needs fix in src/snapshot: a value one export writes twice with other data is kept silently (registry-view.ts replacedAcrossFiles looks across files only); warn naming the setting, so the engine reports it valueAmbiguous' }, async (t) => {
    const { dir, cleanup } = tempDir('pairaudit-redteam-dup-');
    t.after(cleanup);
    cpSync(join(ROOT, 'fixtures', 'pairs', 'healthy'), dir, { recursive: true });
    const file = join(dir, 'main', 'ClearSCADA.reg');
    const text = readFileSync(file, 'utf16le');
    const [first, last] = c.ports;
    const edited = text.replace(`${DB}"Port"=dword:00001569\r\n`, `${DB}"Port"=dword:${first}\r\n`) + `\r\n${DB}"Port"=dword:${last}\r\n`;
    assert.notEqual(edited, text + `\r\n${DB}"Port"=dword:${last}\r\n`, "the first DB section's port was rewritten");
    writeFileSync(file, edited, 'utf16le');
    const r = await runCli(['check', join(dir, 'main'), join(dir, 'standby-a'), '-f', 'json'], { cwd: dir, now: NOW });
    const result = JSON.parse(r.stdout) as AuditResult;
    const blockers = result.findings.filter((f) => f.severity === 'blocker' && f.status !== 'pass');
    assert.deepEqual(
      blockers.filter((f) => f.ruleId === 'db-port').map((f) => `${f.ruleId} ${f.status} ${f.messageId}`),
      c.blockers,
    );
    assert.equal(result.go, false);
  });
}
