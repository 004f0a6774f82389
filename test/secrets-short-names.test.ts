// Short and abbreviated secret names (`PW`, `PIN`, `AdminPIN`, `UserPass`) against the innocent names that hold
// their letters (`Spin`, `PassThrough`, `PinCount`); every value of a key named like a secret (and of the keys
// below it); the profile's own settings never hidden; and a realistic UTF-16LE export through every output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HIDDEN, SecretDetector, hideTreeSecrets, maskFreeText, splitCamelWords, toSecretValue } from '../src/snapshot/secrets.js';
import { protectSnapshot } from '../src/snapshot/protect.js';
import { openStore, recordSnapshot } from '../src/history/index.js';
import { defaultProfile } from '../src/collect/profile/load.js';
import { parseSnapshotJson } from '../src/snapshot/validate.js';
import type { RegTree, Snapshot } from '../src/types.js';
import { makeSnapshot, runCli, thisProcess } from './history-fixtures.js';
import { clearScadaExport, utf16Export, CLEARSCADA_ROOT as ROOT, AUDIT_FORMATS, CHANGES_FORMATS, assertNoSecret, everyFormat, storeFiles } from './secrets-leak-check.js';

const d = new SecretDetector();

const NAMES: { name: string; secret: boolean }[] = [
  // Short names, alone and as the first or last word (CamelCase, `_`, `-`, space, digits after).
  ...['PW', 'pw', 'PWD', 'Pass', 'PIN', 'Pin', 'AdminPIN', 'AdminPin', 'Admin_PIN', 'SNMP_PIN', 'SNMPPin', 'PIN_Admin', 'PIN2', 'DbPW', 'Db_PW', 'Admin_PW', 'Admin-PW', 'PW_Admin', 'PWAdmin', 'ShowPW'].map((name) => ({ name, secret: true })),
  ...['UserPass', 'User_Pass', 'DbPass', 'SNMPPass2', 'PassHash', 'PassPhrase', 'Pass_Phrase', 'PassCode', 'Passcode', 'PassKey', 'PinCode', 'PIN_CODE', 'Pswd', 'Psw', 'UserPsw', 'PSK', 'WPA_PSK', 'Creds', 'DbCreds', 'Pword'].map((name) => ({ name, secret: true })),
  // Innocent names holding the letters: inside a word, a compound word, or a setting about a PIN or a password.
  ...['Spin', 'Spinning', 'Pinned', 'PinnedVersion', 'Opinion', 'Pinout', 'Passive', 'PassThrough', 'Pass_Through', 'PassMode', 'PassCount', 'Bypass', 'ByPass', 'BypassMode', 'Compass', 'LowPass', 'HighPass', 'BandPass', 'FirstPass', 'MultiPass'].map((name) => ({ name, secret: false })),
  ...['PinCount', 'PIN_Count', 'PinLength', 'PinCodeLength', 'PinTimeout', 'PinMaxAttempts', 'PWLength', 'PW_Policy', 'PassPhraseLength', 'PasscodeMinLength', 'PWM', 'PWMFrequency', 'PWRLevel', 'Upward', 'CredSSP', 'Credit', 'Passwordless', 'PasswordPolicy', 'PwdLastSet'].map((name) => ({ name, secret: false })),
  // In a setting's name: anchored at its end, never across `\` or `.`.
  { name: 'reg:Sec\\AdminPIN', secret: true },
  { name: 'drivers.DNP3.settings.MasterPIN', secret: true },
  { name: 'reg:PIN\\Port', secret: false },
  { name: 'drivers.Pin.settings.Port', secret: false },
];

for (const c of NAMES) {
  test(`short name ${JSON.stringify(c.name)} is ${c.secret ? '' : 'not '}a secret`, () => assert.equal(d.isSecretName(c.name), c.secret));
}

test('splitCamelWords: CamelCase words and an acronym before a word split by _; other names as they are', () => {
  const cases: [string, string][] = [
    ['AdminPIN', 'Admin_PIN'],
    ['DbPW', 'Db_PW'],
    ['SNMPPin', 'SNMP_Pin'],
    ['X2Pin', 'X2_Pin'],
    ['Admin_PW', 'Admin_PW'],
    ['pin', 'pin'],
    ['PIN', 'PIN'],
  ];
  for (const [name, split] of cases) assert.equal(splitCamelWords(name), split, name);
});


const KEY_CASES: { key: string; value: string; secret: boolean }[] = [
  { key: `${ROOT}\\Sec\\Password`, value: 'Value', secret: true },
  { key: `${ROOT}\\Sec\\Password`, value: '', secret: true },
  { key: `${ROOT}\\Sec\\Credentials`, value: 'Data', secret: true },
  { key: `${ROOT}\\Sec\\Credentials\\Site1`, value: 'User', secret: true },
  { key: `${ROOT}\\Sec\\Credentials\\Site1\\Old`, value: 'Data', secret: true },
  { key: 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SNMP\\Parameters\\Community', value: 'Public', secret: true },
  { key: `${ROOT}\\DriverDNP3\\AdminPIN`, value: 'Value', secret: true },
  { key: `${ROOT}\\Sec\\Server`, value: 'Password', secret: true },
  // Keys about secrets, and keys whose name merely holds the letters.
  { key: `${ROOT}\\Sec\\PasswordPolicy`, value: 'MinLength', secret: false },
  { key: `${ROOT}\\Sec\\Server`, value: 'Port', secret: false },
  { key: `${ROOT}\\DriverSpin\\Settings`, value: 'Timeout', secret: false },
  { key: `${ROOT}\\Partners\\StandbyA`, value: 'Address', secret: false },
  { key: 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SNMP\\Parameters\\ValidCommunities', value: 'public', secret: false },
];

for (const c of KEY_CASES) {
  test(`value ${JSON.stringify(c.value)} of [${c.key.slice(ROOT.length)}] is ${c.secret ? '' : 'not '}a secret`, () => assert.equal(d.isSecretValueName(c.value, c.key), c.secret));
}

test('parse: every value of a key named like a secret, and of the keys below it, is hidden', () => {
  const tree: RegTree = {
    format: 'regedit5',
    keys: [
      { path: `${ROOT}\\Sec\\Credentials`, line: 2, values: [{ name: 'Data', type: 'REG_SZ', data: 'CredLeak1', line: 3 }] },
      { path: `${ROOT}\\Sec\\Credentials\\Site1`, line: 4, values: [{ name: 'User', type: 'REG_SZ', data: 'CredLeak2', line: 5 }, { name: 'Count', type: 'REG_DWORD', data: 3, line: 6 }] },
      { path: `${ROOT}\\Sec\\PasswordPolicy`, line: 7, values: [{ name: 'MinLength', type: 'REG_DWORD', data: 12, line: 8 }] },
    ],
  };
  assert.deepEqual(hideTreeSecrets(tree, d).keys.map((k) => k.values.map((v) => v.data)), [[HIDDEN], [HIDDEN, HIDDEN], [12]]);
});

test('a snapshot file: a value of a key named like a secret is hidden, by its source key or its reg: name', () => {
  const s: Snapshot = {
    schemaVersion: 2,
    server: { label: 'A', names: [] },
    collected: { collector: { name: 'x', version: '1' }, profile: 'geo-scada', sources: [] },
    settings: {
      'reg:Sec\\Password\\Value': { value: 'KeyValueLeak1', source: { file: 'a.reg', valueName: 'Value' } },
      'site.snmp': { value: 'KeyValueLeak2', source: { file: 'a.reg', key: 'HKEY_LOCAL_MACHINE\\X\\SNMP\\Community', valueName: 'Public' } },
      'site.admin': { value: 'ShortLeak3', source: { file: 'a.reg', key: 'HKEY_LOCAL_MACHINE\\X\\Dnp3', valueName: 'AdminPIN' } },
      'reg:Sec\\PasswordPolicy\\MinLength': { value: 12, source: { file: 'a.reg', valueName: 'MinLength' } },
    },
  };
  const p = protectSnapshot(s, d, 'k');
  assert.ok(!JSON.stringify(p).includes('Leak'), JSON.stringify(p));
  assert.equal(p.settings['reg:Sec\\PasswordPolicy\\MinLength'].value, 12);
});

/** Each variable's values (and their camel forms) put in a template's placeholders, one expansion per value. */
function expand(template: string, variables: Record<string, string[]>): string[] {
  const m = /\{([A-Za-z][A-Za-z0-9]*)(:camel)?\}/.exec(template);
  if (m === null) return [template];
  const values = variables[m[1]] ?? ['Any'];
  return values.flatMap((v) => expand(template.replace(m[0], m[2] !== undefined ? v[0].toLowerCase() + v.slice(1) : v), variables));
}

test('the bundled profile: no setting it names, no value name it reads and no key it reads is taken for a secret', () => {
  const p = defaultProfile();
  assert.ok(p.mappings.length > 20);
  for (const m of p.mappings) {
    for (const setting of expand(m.setting, p.variables)) assert.equal(d.isSecretName(setting), false, `setting ${setting}`);
    for (const key of expand(m.key, p.variables)) {
      assert.equal(d.isSecretKey(`${ROOT}\\${key}`), false, `key ${key}`);
      for (const value of m.value === undefined ? [] : expand(m.value, p.variables)) assert.equal(d.isSecretValueName(value === '@' ? '' : value, `${ROOT}\\${key}`), false, `value ${key}\\${value}`);
    }
  }
});

test('the bundled profile file holds the default name pattern', () => {
  const file = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'profiles', 'geo-scada.json'), 'utf8')) as { secretValueNames: string };
  assert.equal(new SecretDetector(file.secretValueNames).isSecretName('AdminPIN'), true);
});

test('a site profile adds to the bundled patterns, never takes one away: a copy of an earlier profile still hides the short names', () => {
  // An earlier profile's narrower pattern and content list, as a site's copy of it keeps them.
  const site = SecretDetector.fromProfile({ secretValueNames: '(?:password|pwd)$', secretContent: [{ name: 'vault reference', in: 'text', pattern: 'vault:(?<secret>\\w+)' }] });
  const cases: [string, boolean][] = [['AdminPIN', true], ['DbPW', true], ['Password', true], ['SNMPCommunity', true], ['PassThrough', false], ['Port', false]];
  for (const [name, secret] of cases) assert.equal(site.isSecretName(name), secret, name);
  // The bundled content patterns too (a connection string's password), beside the site's own.
  assert.equal(maskFreeText('Server=db;Password=hunter2;', site), 'Server=db;Password=(hidden);');
  assert.equal(maskFreeText('token vault:abc123', site), 'token vault:(hidden)');
});

// ─── End to end: a UTF-16LE export as regedit writes it ─────────────────────────────────────────

/** A UTF-16LE export with a BOM and CRLF, as regedit writes it: short names, and keys named like a secret. */
function exportOf(label: string, v: string): Buffer {
  return utf16Export(
    clearScadaExport(label, {
      'DriverDNP3\\Settings': [
        `"AdminPIN"="AdminPinLeak${v}"`,
        `"DbPW"="DbPwLeak${v}"`,
        `"UserPass"="UserPassLeak${v}"`,
        `"SNMP_PIN"=dword:0000${v === 'main' ? '1234' : '4321'}`,
        `"PW"=hex:de,ad,${v === 'main' ? 'be,ef' : 'be,e0'}`,
        '"PinCount"=dword:00000004',
        '"PassThrough"=dword:00000001',
        '"Spin"="slow"',
      ],
      'Sec\\Password': [`"Value"="KeyValueLeak${v}"`],
      'Sec\\Credentials\\Site1': [`"Data"="CredDataLeak${v}"`],
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SNMP\\Parameters\\Community': [`"Public"="CommunityLeak${v}"`],
    }),
  );
}

const PLAIN = ['AdminPinLeak', 'DbPwLeak', 'UserPassLeak', 'KeyValueLeak', 'CredDataLeak', 'CommunityLeak', 'dword:00001234', 'de,ad,be,ef'];

test('short secret names and the values of keys named like a secret show in no output: parse, collect, every report format, the store, the change record, stderr', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-short-names-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const main = join(dir, 'main.reg');
  const standby = join(dir, 'standby.reg');
  writeFileSync(main, exportOf('NORTH-A', 'main'));
  writeFileSync(standby, exportOf('NORTH-B', 'stby'));
  const opts = { cwd: dir, now: '2026-11-20T09:20:00Z' };
  const parsed = await runCli(['parse', main], opts);
  assert.equal(parsed.code, 0, parsed.stderr);
  assertNoSecret(PLAIN, { parse: parsed.stdout + parsed.stderr });
  const collected = await runCli(['collect', main], opts);
  assert.equal(collected.code, 0, collected.stderr);
  assertNoSecret(PLAIN, { collect: collected.stdout + collected.stderr });
  const s = parseSnapshotJson(collected.stdout, 'collect output');
  const secret = (name: string): boolean => (s.settings[name]?.value as { secret?: boolean } | undefined)?.secret === true;
  for (const name of ['reg:Sec\\Password\\Value', 'reg:Sec\\Credentials\\Site1\\Data', 'reg:SYSTEM\\CurrentControlSet\\Services\\SNMP\\Parameters\\Community\\Public']) {
    assert.ok(secret(name) || Object.entries(s.settings).some(([n, x]) => n.endsWith(name.split('\\').slice(-2).join('\\')) && (x.value as { secret?: boolean }).secret === true), name);
  }
  const driver = Object.entries(s.settings).filter(([n]) => /DNP3/i.test(n));
  const byValue = (v: string) => driver.find(([n]) => n.endsWith(v))?.[1].value;
  for (const v of ['AdminPIN', 'DbPW', 'UserPass', 'SNMP_PIN', 'PW']) assert.equal((byValue(v) as { secret?: boolean }).secret, true, v);
  assert.equal(byValue('PinCount'), 4);
  assert.equal(byValue('PassThrough'), 1);
  assert.equal(byValue('Spin'), 'slow');

  const audit = await everyFormat(t, ['audit', main, standby], opts, AUDIT_FORMATS);
  assertNoSecret(PLAIN, audit);
  assert.match(audit.text, /AdminPIN differs \(values hidden\)/, 'the differing secrets are compared');
  const check = await runCli(['check', main, standby, '--at', '2026-11-20T09:19:00Z'], opts);
  assertNoSecret(PLAIN, { check: check.stdout + check.stderr });

  const store = join(dir, 'store');
  for (const [file, role, at] of [[main, 'main', '2026-11-20T09:00:00Z'], [standby, 'standby-a', '2026-11-20T09:00:00Z'], [main, 'main', '2026-11-20T09:05:00Z']]) {
    if (at.endsWith('05:00Z')) writeFileSync(main, exportOf('NORTH-A', 'rotated'));
    const r = await runCli(['record', file, '--pair', 'NORTH', '--role', role, '--at', at, '--store', store], opts);
    assert.equal(r.code, 0, r.stderr);
    assertNoSecret([...PLAIN, 'rotated'], { record: r.stdout + r.stderr });
  }
  const recorded = await runCli(['audit', main, standby, '--at', '2026-11-20T09:06:00Z', '--pair', 'NORTH', '--record', '--store', store, '-f', 'json'], opts);
  assertNoSecret(PLAIN, { 'audit --record': recorded.stdout + recorded.stderr });
  const changes = await everyFormat(t, ['changes', '--store', store], opts, CHANGES_FORMATS);
  assert.match(changes.text, /AdminPIN changed\s+set → set \(different\)/);
  assertNoSecret(PLAIN, changes);
  assertNoSecret(PLAIN, storeFiles(store));
});

// A store recorded by an older version keeps a value a newer pattern takes for a secret in clear in its snapshot:
// the change to the secret (and the change record) says set / not set, never the old data.
test('a value stored in clear that is a secret now: its change shows set → set (different), in the journal and every change record format', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-short-names-upgrade-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = openStore(join(dir, 'store'), { process: thisProcess });
  const old = makeSnapshot('NORTH-A', '2026-11-20T09:00:00Z', { 'reg:Dnp3\\AdminPIN': 'OldPin4711', 'db.port': 5481 }, 'main');
  await recordSnapshot(store, old, { at: '2026-11-20T09:00:00Z', author: 'ops' });
  // Collected today: hashed under the store's key, as record needs (the old value is compared as today stores it).
  const now = makeSnapshot('NORTH-A', '2026-11-20T09:05:00Z', { 'reg:Dnp3\\AdminPIN': toSecretValue('NewPin0815', store.secretKey()), 'db.port': 5481 }, 'main');
  now.collected.sources[0].sha256 = 'b'.repeat(64);
  const out = await recordSnapshot(store, now, { at: '2026-11-20T09:05:00Z', author: 'ops' });
  assert.deepEqual(out.changes, [{ setting: 'reg:Dnp3\\AdminPIN', kind: 'changed', from: { secret: true, set: true }, to: { secret: true, set: true, same: false } }]);
  const changes = await everyFormat(t, ['changes', '--store', join(dir, 'store')], { cwd: dir, now: '2026-11-20T09:20:00Z' }, CHANGES_FORMATS);
  assert.match(changes.text, /AdminPIN changed\s+set → set \(different\)/);
  assertNoSecret(['OldPin4711', 'NewPin0815'], changes);
});
