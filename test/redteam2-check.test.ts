// Red team, second round: inputs a real site could hand `check` that made its verdict wrong, each judged through the
// command line on the fixture pairs' bundles edited as the site would have them. A value stored as another registry
// type on the Standby (a REG_QWORD or REG_SZ DB\Port, a REG_SZ retention) passed as the Main's REG_DWORD, though
// the profile's conversion is all that made them equal; a Driver<Name> key holding no registration value (emptied
// by an uninstall, or holding only its Settings) counted as an installed driver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditResult } from '../src/types.js';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Both bundles of `healthy` were collected at 08:15 and 08:17 UTC on 20 November 2026. */
const NOW = '2026-11-20T08:20:00Z';

/** A replacement in one server's export (UTF-16LE, as the collection script writes it): [server folder, text or pattern found, text written]. */
type Edit = [string, string | RegExp, string];

/** The values of one Driver<Name> key of the fixture's export, from its header to the blank line after them. */
const driverValues = (name: string): RegExp => new RegExp(`(\\[HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Schneider Electric\\\\ClearSCADA\\\\Driver${name}\\]\\r\\n)(?:[^[\\r][^\\r]*\\r\\n)+`);

interface Case {
  name: string;
  edits: Edit[];
  go: boolean;
  code: number;
  /** Every failed blocker and warning, as `ruleId severity messageId`. */
  fails: string[];
}

const CASES: Case[] = [
  {
    name: "the Standby's DB\\Port is a REG_QWORD 5481, the Main's a REG_DWORD (was GO)",
    edits: [['standby-a', '"Port"=dword:00001569\r\n"ClientAdvisePortBase"', '"Port"=hex(b):69,15,00,00,00,00,00,00\r\n"ClientAdvisePortBase"']],
    go: false,
    code: 1,
    fails: ['db-port blocker typeDiffers', 'partners-port-mirror blocker portTypeDiffers', 'partners-backup-port warning portTypeDiffers'],
  },
  {
    name: "the Standby's DB\\Port is a REG_SZ \"5481\" (was NO-GO, saying 5481 differs from \"5481\"; the Main's partner port was passed as matching it)",
    edits: [['standby-a', '"Port"=dword:00001569\r\n"ClientAdvisePortBase"', '"Port"="5481"\r\n"ClientAdvisePortBase"']],
    go: false,
    code: 1,
    fails: ['db-port blocker typeDiffers', 'partners-port-mirror blocker portTypeDiffers', 'partners-backup-port warning portTypeDiffers'],
  },
  {
    name: "the Standby keeps 156 weeks of history as a REG_SZ \"156\" (was GO: read as the number)",
    edits: [['standby-a', '"KeepOnlineWeeks"=dword:0000009c\r\n"ArchiveAfterWeeks"=dword:00000004\r\n"StreamSize"=dword:00100000\r\n"CacheSize"=dword:00000100', '"KeepOnlineWeeks"="156"\r\n"ArchiveAfterWeeks"=dword:00000004\r\n"StreamSize"=dword:00100000\r\n"CacheSize"=dword:00000100']],
    go: false,
    code: 1,
    fails: ['historic-retention blocker typeDiffers'],
  },
  {
    name: "the Standby's partner Type is a REG_QWORD 1 (was GO: the same enum value)",
    edits: [['standby-a', '"Type"=dword:00000001', '"Type"=hex(b):01,00,00,00,00,00,00,00']],
    go: false,
    code: 1,
    fails: ['partners-type-match blocker typeDiffers'],
  },
  {
    name: "the Standby's link Compress is a REG_QWORD 0: a warning, and GO",
    edits: [['standby-a', '"Compress"=dword:00000000', '"Compress"=hex(b):00,00,00,00,00,00,00,00']],
    go: true,
    code: 0,
    fails: ['partners-compression warning linkTypeDiffers'],
  },
  {
    name: 'a value no rule selects (Server\\StartupMode) is a REG_QWORD on the Standby: the catch-all reports it (was counted equal)',
    edits: [['standby-a', '"StartupMode"=dword:00000000', '"StartupMode"=hex(b):00,00,00,00,00,00,00,00']],
    go: true,
    code: 0,
    fails: ['catch-all warning typeDiffers'],
  },
  {
    name: "the Standby's DriverDNP3 key holds no value (was GO: the empty key counted as the driver installed)",
    edits: [['standby-a', driverValues('DNP3'), '$1']],
    go: false,
    code: 1,
    fails: ['drivers-installed blocker unbackedOnOther', 'driver-registration warning onlyOnMain', 'driver-registration warning onlyOnMain', 'driver-registration warning onlyOnMain', 'driver-version warning onlyOnMain'],
  },
  {
    name: "the Standby's DriverDNP3 key holds only its Settings, left by an uninstall (was GO)",
    edits: [['standby-a', driverValues('DNP3'), '$1\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\DriverDNP3\\Settings]\r\n"Retries"=dword:00000003\r\n']],
    go: false,
    code: 1,
    fails: ['drivers-installed blocker unbackedOnOther', 'driver-registration warning onlyOnMain', 'driver-registration warning onlyOnMain', 'driver-registration warning onlyOnMain', 'driver-settings warning onlyOnOther', 'driver-version warning onlyOnMain'],
  },
  {
    name: 'both servers keep an empty DriverSNMPManager key: no driver on either, GO',
    edits: [
      ['main', driverValues('SNMPManager'), '$1'],
      ['standby-a', driverValues('SNMPManager'), '$1'],
    ],
    go: true,
    code: 0,
    fails: [],
  },
];

for (const c of CASES) {
  test(`red team 2, check: ${c.name}`, async (t) => {
    const { dir, cleanup } = tempDir('pairaudit-redteam2-');
    t.after(cleanup);
    cpSync(join(ROOT, 'fixtures', 'pairs', 'healthy'), dir, { recursive: true });
    for (const [server, from, to] of c.edits) {
      const file = join(dir, server, 'ClearSCADA.reg');
      const text = readFileSync(file, 'utf16le');
      const edited = text.replace(from, to);
      assert.notEqual(edited, text, `${server}'s export holds ${String(from)}`);
      writeFileSync(file, edited, 'utf16le');
    }
    const r = await runCli(['check', join(dir, 'main'), join(dir, 'standby-a'), '-f', 'json'], { cwd: dir, now: NOW });
    assert.notEqual(r.stdout, '', r.stderr);
    const result = JSON.parse(r.stdout) as AuditResult;
    assert.deepEqual(
      result.findings.filter((f) => f.status === 'fail' && f.severity !== 'info').map((f) => `${f.ruleId} ${f.severity} ${f.messageId}`),
      c.fails,
    );
    assert.equal(result.go, c.go);
    assert.equal(r.code, c.code);
  });
}
