// A text with a secret inside (a connection string's Password= part): the readable rest is compared in clear,
// the hidden part by its keyed hash (`<setting>#hidden`), so a differing password fails "differs (values hidden)".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretDetector, toSecretValue } from '../src/snapshot/secrets.js';
import { protectSnapshot } from '../src/snapshot/protect.js';
import { validateSnapshot } from '../src/snapshot/index.js';
import type { Snapshot } from '../src/types.js';
import { runCli } from './cli-harness.js';

const ROOT = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';
const CONN = 'reg:DB\\ConnectionString';
const HIDDEN = `${CONN}#hidden`;

function exportWith(label: string, conn: string | string[]): string {
  const value = Array.isArray(conn) ? `hex(7):${[...Buffer.from(`${conn.join('\0')}\0\0`, 'utf16le')].map((b) => b.toString(16).padStart(2, '0')).join(',')}` : `"${conn}"`;
  return ['Windows Registry Editor Version 5.00', '', `[${ROOT}\\Server]`, `"Label"="${label}"`, '', `[${ROOT}\\DB]`, '"Port"=dword:00001569', `"ConnectionString"=${value}`, ''].join('\r\n');
}

interface Finding {
  setting: string;
  status: string;
  messageId: string;
  message: string;
}

interface Case {
  name: string;
  main: string | string[];
  standby: string | string[];
  /** status and messageId of the finding on the readable text, and on the hidden part (absent: no finding but the summary). */
  text: string;
  hidden: string;
  /** A key file for each server (collected in two runs under different keys). */
  keys?: [string, string];
}

// "pass" means the setting is among the catch-all's equal settings (no finding of its own).
const CASES: Case[] = [
  { name: 'equal', main: 'Server=sql01;Database=H;Password=Pw-1', standby: 'Server=sql01;Database=H;Password=Pw-1', text: 'pass', hidden: 'pass' },
  { name: 'password differs only', main: 'Server=sql01;Password=Pw-1', standby: 'Server=sql01;Password=Pw-2', text: 'pass', hidden: 'fail secretDiffers' },
  { name: 'server differs, same password', main: 'Server=sql01;Password=Pw-1', standby: 'Server=sql02;Password=Pw-1', text: 'fail differs', hidden: 'pass' },
  { name: 'both differ', main: 'Server=sql01;Password=Pw-1', standby: 'Server=sql02;Password=Pw-2', text: 'fail differs', hidden: 'fail secretDiffers' },
  { name: 'ODBC braces, password differs', main: 'Driver={SQL Server};Server=s;PWD={a;b}', standby: 'Driver={SQL Server};Server=s;PWD={a;c}', text: 'pass', hidden: 'fail secretDiffers' },
  { name: 'password on Main only', main: 'Server=sql01;Password=Pw-1', standby: 'Server=sql01', text: 'fail differs', hidden: 'fail onlyOnMain' },
  { name: 'two passwords, the second differs', main: 'Server=s;Password=Pw-1;Backup Password=B-1', standby: 'Server=s;Password=Pw-1;Backup Password=B-2', text: 'pass', hidden: 'fail secretDiffers' },
  { name: 'REG_MULTI_SZ element, password differs', main: ['Server=s;Password=Pw-1', 'Timeout=30'], standby: ['Server=s;Password=Pw-2', 'Timeout=30'], text: 'pass', hidden: 'fail secretDiffers' },
  { name: 'password differs, collected under different keys', main: 'Server=sql01;Password=Pw-1', standby: 'Server=sql01;Password=Pw-2', text: 'pass', hidden: 'unknown keysDiffer', keys: ['key A', 'key B'] },
  { name: 'server differs, collected under different keys', main: 'Server=sql01;Password=Pw-1', standby: 'Server=sql02;Password=Pw-1', text: 'fail differs', hidden: 'unknown keysDiffer', keys: ['key A', 'key B'] },
];

const dir = mkdtempSync(join(tmpdir(), 'pairaudit-conn-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

for (const [i, c] of CASES.entries()) {
  test(`connection string: ${c.name} → text ${c.text}, hidden part ${c.hidden}`, async () => {
    const main = join(dir, `m${i}.reg`);
    const standby = join(dir, `s${i}.reg`);
    writeFileSync(main, exportWith('NORTH-A', c.main));
    writeFileSync(standby, exportWith('NORTH-B', c.standby));
    let inputs = [main, standby];
    if (c.keys !== undefined) {
      inputs = [];
      for (const [n, file] of [main, standby].entries()) {
        const key = join(dir, `k${i}-${n}`);
        writeFileSync(key, c.keys[n]);
        const out = join(dir, `snap${i}-${n}.json`);
        const r = await runCli(['collect', file, '--secret-key-file', key, '-o', out], { cwd: dir });
        assert.equal(r.code, 0, r.stderr);
        inputs.push(out);
      }
    }
    const r = await runCli(['audit', ...inputs, '-f', 'json'], { cwd: dir });
    assert.notEqual(r.code, 2, r.stderr);
    const findings = (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
    const of = (setting: string): string => {
      const f = findings.filter((x) => x.setting === setting);
      assert.ok(f.length <= 1, JSON.stringify(f));
      return f.length === 0 ? 'pass' : `${f[0].status} ${f[0].messageId}`;
    };
    assert.equal(of(CONN), c.text, 'the readable text');
    assert.equal(of(HIDDEN), c.hidden, 'the hidden part');
    const hidden = findings.find((x) => x.setting === HIDDEN);
    if (c.hidden === 'fail secretDiffers') assert.match(hidden!.message, /differs \(values hidden\)/);
    const text = findings.find((x) => x.setting === CONN);
    if (c.text === 'fail differs') {
      assert.match(text!.message, /\(hidden\)/);
      assert.doesNotMatch(text!.message, /values hidden/, 'a differing readable part says nothing about the password');
    }
    // No password reaches the report, in JSON or text.
    const asText = await runCli(['audit', ...inputs], { cwd: dir });
    for (const secret of ['Pw-1', 'Pw-2', 'B-1', 'B-2', 'a;b', 'a;c']) {
      assert.ok(!r.stdout.includes(secret) && !asText.stdout.includes(secret), `${secret} shows`);
    }
  });
}

test('record: a rotated connection-string password is a change of the hidden part; the readable text is unchanged', async () => {
  const store = join(dir, 'store');
  const file = join(dir, 'rec.reg');
  writeFileSync(file, exportWith('NORTH-B', 'Server=sql01;Password=Pw-1'));
  assert.equal((await runCli(['record', file, '--server', 'NORTH-B', '--store', store, '--at', '2026-11-20T08:00:00Z'], { cwd: dir })).code, 0);
  writeFileSync(file, exportWith('NORTH-B', 'Server=sql01;Password=Pw-2'));
  const r = await runCli(['record', file, '--server', 'NORTH-B', '--store', store, '--at', '2026-11-21T08:00:00Z'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /1 change\(s\) recorded/);
  assert.match(r.stdout, /reg:DB\\ConnectionString#hidden: set → set \(different\)/);
  assert.ok(!r.stdout.includes('Pw-'));
});

test('a text masked before (a snapshot of format 2 with Password=(hidden)) is left as it is: the placeholder is never hashed', () => {
  const snapshot: Snapshot = {
    schemaVersion: 2,
    server: { label: 'NORTH-B', names: [] },
    collected: { collector: { name: 'pairaudit', version: '0' }, profile: 'geo-scada', sources: [] },
    settings: { [CONN]: { source: { file: 'b.reg', valueName: 'ConnectionString' }, value: 'Server=sql01;Password=(hidden)' } },
  };
  assert.equal(protectSnapshot(snapshot, new SecretDetector()), snapshot);
  const clear = { ...snapshot, settings: { [CONN]: { ...snapshot.settings[CONN], value: 'Server=sql01;Password=(hidden);Backup Password=B-1' } } };
  const out = protectSnapshot(clear, new SecretDetector(), 'k');
  assert.equal(out.settings[CONN].value, 'Server=sql01;Password=(hidden);Backup Password=(hidden)');
  assert.deepEqual(out.settings[HIDDEN].value, toSecretValue(['B-1'], 'k'));
});

test('a format 1 snapshot with a secret left in clear becomes format 2: its old hashes (no key id) become presence-only, and it validates', () => {
  const old: Snapshot = {
    schemaVersion: 1,
    server: { label: 'NORTH-B', names: [] },
    collected: { collector: { name: 'pairaudit', version: '0.1.0' }, profile: 'geo-scada', sources: [] },
    settings: {
      'reg:DB\\Pwd': { source: { file: 'b.reg', valueName: 'Pwd' }, value: 'Hunter2' },
      'reg:WebX\\ProxyPassword': { source: { file: 'b.reg', valueName: 'ProxyPassword' }, value: { hmac: 'a'.repeat(64), secret: true, set: true } },
    },
  };
  const out = protectSnapshot(old, new SecretDetector(), 'k');
  assert.equal(out.schemaVersion, 2);
  assert.deepEqual(out.settings['reg:WebX\\ProxyPassword'].value, { presence: true, secret: true, set: true });
  assert.deepEqual(out.settings['reg:DB\\Pwd'].value, toSecretValue('Hunter2', 'k'));
  assert.deepEqual(validateSnapshot(JSON.parse(JSON.stringify(out)), 'b.json'), out);
});
