// A secret inside a registry key name or value name (a connection string used as a name) reaches no output and no
// store: the name part is replaced by `(hidden name <keyed hash>)` when the snapshot is built, so the same secret on
// both servers still joins (no drift) and another secret is a drift named by its placeholder, never the text. A name
// that merely holds the word Password (`PasswordPolicy`, `Password Expiry Days`) stays shown. Each row checks every
// report format, `parse`, `collect`, standard error and the files of a recorded store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './history-fixtures.js';
import { AUDIT_FORMATS, assertNoSecret, clearScadaExport, everyFormat, storeFiles, utf16Export } from './secrets-leak-check.js';
import { makeSnapshot, writeSnapshotFile } from './history-fixtures.js';

const conn = (secret: string): string => `Server=db;User Id=sa;Password=${secret};`;
type Keys = Record<string, string[]>;

interface Row {
  name: string;
  a: Keys;
  /** The Standby's keys; the Main's when absent. */
  b?: Keys;
  secrets: string[];
  /** How many keys that hold a hidden name the audit finds differing (catch-all findings). */
  differing: number;
  /** Names that hold no secret and stay shown in the audit's text. */
  shown?: string[];
}

const ROWS: Row[] = [
  { name: 'a key name', a: { [`Creds ${conn('KeyNameLeak1')}`]: ['"v"="1"'] }, secrets: ['KeyNameLeak1'], differing: 0 },
  { name: 'a value name', a: { Creds: [`"${conn('ValueNameLeak2')}"="1"`] }, secrets: ['ValueNameLeak2'], differing: 0 },
  { name: 'a key below a masked key', a: { [`Link ${conn('NestedLeak3')}\\Sub`]: ['"Port"=dword:00000005'] }, secrets: ['NestedLeak3'], differing: 0 },
  { name: 'the default value @ of a masked key', a: { [`Link ${conn('DefaultLeak4')}`]: ['@="x"'] }, secrets: ['DefaultLeak4'], differing: 0 },
  {
    name: 'two servers with the same secret: no drift',
    a: { [`Link ${conn('SameLeak5')}`]: ['"Port"=dword:00000005', `"${conn('SameLeak5v')}"="1"`] },
    secrets: ['SameLeak5'],
    differing: 0,
  },
  {
    name: 'two servers with different secrets: a drift named without either',
    a: { [`Link ${conn('DiffLeak6a')}`]: ['"Port"=dword:00000005'] },
    b: { [`Link ${conn('DiffLeak6b')}`]: ['"Port"=dword:00000005'] },
    secrets: ['DiffLeak6a', 'DiffLeak6b'],
    differing: 2,
  },
  {
    name: 'PasswordPolicy and Password Expiry Days beside a masked name stay shown',
    a: { Policy: ['"PasswordPolicy"=dword:00000001', '"Password Expiry Days"=dword:0000005a', `"${conn('PolicyLeak7')}"="1"`], 'Password Expiry Days': ['"Days"=dword:0000005a'] },
    b: { Policy: ['"PasswordPolicy"=dword:00000002', '"Password Expiry Days"=dword:0000001e', `"${conn('PolicyLeak7')}"="1"`], 'Password Expiry Days': ['"Days"=dword:0000001e'] },
    secrets: ['PolicyLeak7'],
    differing: 0,
    shown: ['PasswordPolicy', 'Password Expiry Days'],
  },
];

/** The keys below the ClearSCADA key that hold a hidden name and whose values the audit finds differing. */
function differingHidden(json: string): string[] {
  const report = JSON.parse(json) as { findings: { messageId?: string; data?: { key?: unknown } }[] };
  return report.findings.filter((f) => f.messageId === 'unclaimedKeyDiffers' && typeof f.data?.key === 'string' && f.data.key.includes('(hidden name ')).map((f) => f.data?.key as string);
}

for (const row of ROWS) {
  test(`a secret in ${row.name} reaches no output and no store`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'pairaudit-secret-names-'));
    try {
      writeFileSync(join(dir, 'a.reg'), utf16Export(clearScadaExport('SCADA-A', row.a)));
      writeFileSync(join(dir, 'b.reg'), utf16Export(clearScadaExport('SCADA-B', row.b ?? row.a)));
      const outputs = await everyFormat(t, ['audit', 'a.reg', 'b.reg'], { cwd: dir }, AUDIT_FORMATS);
      for (const [cmd, args] of Object.entries({ parse: ['parse', 'a.reg'], collect: ['collect', 'a.reg', 'b.reg'] })) {
        const r = await runCli(args, { cwd: dir });
        assert.equal(r.code, 0, r.stderr);
        outputs[cmd] = r.stdout + r.stderr;
      }
      const store = join(dir, 'store');
      for (const [file, role] of [['a.reg', 'main'], ['b.reg', 'standby-a']]) {
        const r = await runCli(['record', file, '--store', store, '--pair', 'p', '--role', role, '--at', '2026-11-20T10:00:00Z'], { cwd: dir });
        assert.equal(r.code, 0, r.stderr);
        outputs[`record ${file}`] = r.stdout + r.stderr;
      }
      Object.assign(outputs, storeFiles(store));
      assertNoSecret(row.secrets, outputs);
      // The same name on both servers joins; different secrets differ, each by its placeholder.
      const differing = differingHidden(outputs.json.slice(0, outputs.json.lastIndexOf('}') + 1));
      assert.equal(differing.length, row.differing, differing.join(', '));
      assert.equal(new Set(differing).size, row.differing);
      for (const name of row.shown ?? []) assert.ok(outputs.text.includes(name), `${name} is shown`);
      assert.match(outputs.collect, /\(hidden name [0-9a-f]{16}\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a snapshot file an older pairaudit wrote with a secret in a key and a value name: collect and audit mask both', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-secret-names-'));
  try {
    const key = `HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\Link ${conn('FileKeyLeak8')}`;
    for (const label of ['A', 'B']) {
      const s = makeSnapshot(label, '2026-11-20T10:00:00Z', { 'server.label': label });
      s.collected.sources[0].sha256 = label.toLowerCase().repeat(64);
      s.settings[`reg:Link ${conn('FileKeyLeak8')}\\Port`] = { value: 5, source: { file: `${label}.reg`, key, valueName: 'Port', line: 3 } };
      s.settings[`reg:Creds\\${conn('FileValueLeak8')}`] = { value: '1', source: { file: `${label}.reg`, key: `${key.slice(0, key.lastIndexOf('\\'))}\\Creds`, valueName: conn('FileValueLeak8'), line: 5 } };
      s.warnings = [{ file: `${label}.reg`, line: 3, message: `value "Port" of ${key} is written again`, setting: `reg:Link ${conn('FileKeyLeak8')}\\Port` }];
      writeSnapshotFile(dir, `${label}.json`, s);
    }
    const collect = await runCli(['collect', 'A.json'], { cwd: dir });
    assert.equal(collect.code, 0, collect.stderr);
    const audit = await runCli(['audit', 'A.json', 'B.json', '-f', 'json'], { cwd: dir });
    assert.ok(audit.code <= 3, audit.stderr);
    assertNoSecret(['FileKeyLeak8', 'FileValueLeak8'], { collect: collect.stdout + collect.stderr, audit: audit.stdout + audit.stderr });
    const snapshot = JSON.parse(collect.stdout) as { settings: Record<string, { source: { key?: string; valueName?: string } }>; warnings: { setting?: string }[] };
    const names = Object.keys(snapshot.settings).filter((n) => n.includes('(hidden name '));
    assert.equal(names.length, 2, Object.keys(snapshot.settings).join(', '));
    // The warning names the setting by its new name.
    assert.ok(names.includes(snapshot.warnings[0].setting as string));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
