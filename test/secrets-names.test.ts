// Secret value names: the words in other languages, a secret word with a suffix (`PasswordBase64`) against the
// settings about secrets (`PasswordPolicy`, `TokenTimeout`), SNMP communities, and a key's default value when
// the key's own name is a secret's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HIDDEN, SecretDetector, hideTreeSecrets } from '../src/snapshot/secrets.js';
import { protectSnapshot } from '../src/snapshot/protect.js';
import type { RegTree, Snapshot } from '../src/types.js';
import { parseSnapshotJson } from '../src/snapshot/validate.js';
import { makeSnapshot, runCli, writeSnapshotFile } from './history-fixtures.js';
import { clearScadaExport, utf16Export, CLEARSCADA_ROOT as ROOT, AUDIT_FORMATS, CHANGES_FORMATS, assertNoSecret, everyFormat, storeFiles } from './secrets-leak-check.js';

const d = new SecretDetector();

const SECRET = [
  // Other languages.
  'Kennwort',
  'Passwort',
  'DbPasswort',
  'mot de passe',
  'mot_de_passe',
  'MotDePasse',
  'motdepasse',
  'contraseña',
  'CONTRASEÑA',
  'contrasena',
  "parola d'ordine",
  'parola_d_ordine',
  'wachtwoord',
  'senha',
  // A secret word with a suffix, and in a longer name.
  'PasswordBase64',
  'PwdBase64',
  'PassPhraseEnc',
  'Password_Encrypted',
  'PasswordValue',
  'SmtpPasswordB64',
  'Passwords',
  'SecretValue',
  'TokenValue',
  'Token2',
  'ApiKeyValue',
  'Api_Key_Secret',
  'PasswordHint',
  'PasswordSecondary',
  // SNMP community strings are the password of SNMP v1/v2c.
  'Community',
  'SNMPCommunity',
  'ReadCommunity',
  'Snmp_Community_String',
  // A key's default value, by the key's name.
  'reg:Sec\\Password\\@',
  'reg:Sec\\Kennwort\\@',
];

const NOT_SECRET = [
  'PasswordPolicy',
  'PasswordExpiryDays',
  'PasswordExpires',
  'PasswordMinLength',
  'MinPasswordLength',
  'MaxPasswordAge',
  'PasswordHistory',
  'PasswordComplexity',
  'PasswordRequired',
  'PasswordChangeInterval',
  'Password_Lockout_Threshold',
  'PasswordFile',
  'PasswordEncryption',
  'Passwordless',
  'PwdLastSet',
  'TokenTimeout',
  'TokenLifetime',
  'TokenExpiry',
  'TokenUrl',
  'TokenEndpoint',
  'TokenType',
  'SecretName',
  'ApiKeyId',
  'ApiKeyHeader',
  'KennwortMaxAge',
  'CommunityTimeout',
  'Key',
  'LicenceKey',
  // A word inside another segment of a setting's name, and a key's other values.
  'drivers.TokenRing.settings.Port',
  'reg:Password\\Port',
  'reg:Sec\\Password\\Value',
  'reg:Sec\\Server\\@',
  'security.passwordMinLength',
];

for (const name of SECRET) test(`name ${JSON.stringify(name)} is a secret`, () => assert.equal(d.isSecretName(name), true));
for (const name of NOT_SECRET) test(`name ${JSON.stringify(name)} is a setting, not a secret`, () => assert.equal(d.isSecretName(name), false));

test('isSecretValueName: a default value (no name, or @) is told by its key, any other value by its own name or its key\'s', () => {
  assert.equal(d.isSecretValueName('', 'HKLM\\X\\Sec\\Password'), true);
  assert.equal(d.isSecretValueName('@', 'HKLM\\X\\Password'), true);
  assert.equal(d.isSecretValueName('Value', 'HKLM\\X\\Password'), true);
  assert.equal(d.isSecretValueName('Value', 'HKLM\\X\\Server'), false);
  assert.equal(d.isSecretValueName('Password', 'HKLM\\X\\Server'), true);
  assert.equal(d.isSecretValueName('', undefined), false);
  assert.equal(d.isSecretValueName('', 'HKLM\\X\\DriverPasswordless'), false);
});

test('parse: every value of a key named Password is hidden (its default and its other values), other keys\' defaults are not', () => {
  const tree: RegTree = {
    format: 'regedit5',
    keys: [
      { path: 'HKEY_LOCAL_MACHINE\\X\\Sec\\Password', line: 2, values: [{ name: '', type: 'REG_SZ', data: 'KeyDefaultLeak16', line: 3 }, { name: 'Port', type: 'REG_DWORD', data: 1, line: 4 }] },
      { path: 'HKEY_LOCAL_MACHINE\\X\\DriverX', line: 5, values: [{ name: '', type: 'REG_SZ', data: 'Driver X', line: 6 }] },
    ],
  };
  assert.deepEqual(hideTreeSecrets(tree, d).keys.map((k) => k.values.map((v) => v.data)), [[HIDDEN, HIDDEN], ['Driver X']]);
});

test('a snapshot file holding a key default in clear: hidden by the key\'s name (reg: name, or mapped with its key)', () => {
  const s: Snapshot = {
    schemaVersion: 2,
    server: { label: 'A', names: [] },
    collected: { collector: { name: 'x', version: '1' }, profile: 'geo-scada', sources: [] },
    settings: {
      'reg:Sec\\Password\\@': { value: 'KeyDefaultLeak16', source: { file: 'a.reg', valueName: '' } },
      'site.vault': { value: 'VaultLeak', source: { file: 'a.reg', key: 'HKEY_LOCAL_MACHINE\\X\\Vault\\Kennwort', valueName: '' } },
      'drivers.X.name': { value: 'Driver X', source: { file: 'a.reg', key: 'HKEY_LOCAL_MACHINE\\X\\DriverX', valueName: '' } },
    },
  };
  const p = protectSnapshot(s, d, 'k');
  assert.ok(!JSON.stringify(p).includes('Leak'), JSON.stringify(p));
  assert.equal(p.settings['drivers.X.name'].value, 'Driver X');
});

// ─── End to end ─────────────────────────────────────────────────────────────────────────────────


/** A UTF-16LE export (as regedit writes it), so that `contraseña` reads as written. */
function exportOf(label: string, v: string): Buffer {
  return utf16Export(
    clearScadaExport(label, {
      Sec: [
        `"Kennwort"="KennwortPW${v}"`,
        `"Passwort"="PasswortPW${v}"`,
        `"mot de passe"="MotDePassePW${v}"`,
        `"contraseña"="ContrasenaPW${v}"`,
        `"PasswordBase64"="B64PW${v}"`,
        `"SNMPCommunity"="CommunityPW${v}"`,
        '"PasswordExpiryDays"=dword:0000005a',
        '"TokenTimeout"=dword:0000003c',
      ],
    }),
  );
}

const PLAIN = ['KennwortPW', 'PasswortPW', 'MotDePassePW', 'ContrasenaPW', 'B64PW', 'CommunityPW'];

test('secret names in other languages and with a suffix show in no report format, change record or file of the store; the settings about them are compared as values', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-names-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const main = join(dir, 'main.reg');
  const standby = join(dir, 'standby.reg');
  writeFileSync(main, exportOf('NORTH-A', 'main'));
  writeFileSync(standby, exportOf('NORTH-B', 'stby'));
  const opts = { cwd: dir, now: '2026-11-20T09:20:00Z' };
  const audit = await everyFormat(t, ['audit', main, standby], opts, AUDIT_FORMATS);
  assertNoSecret(PLAIN, audit);
  assert.match(audit.text, /Kennwort = \(secret, set; differs,\s+values\s+hidden\)/, 'the differing secrets are compared');
  const collected = await runCli(['collect', main], opts);
  assertNoSecret(PLAIN, { collect: collected.stdout + collected.stderr });
  const s = parseSnapshotJson(collected.stdout, 'collect output');
  for (const name of ['Kennwort', 'Passwort', 'mot de passe', 'contraseña', 'PasswordBase64', 'SNMPCommunity']) {
    assert.equal((s.settings[`reg:Sec\\${name}`].value as { secret?: boolean }).secret, true, name);
  }
  assert.equal(s.settings['reg:Sec\\PasswordExpiryDays'].value, 90);
  assert.equal(s.settings['reg:Sec\\TokenTimeout'].value, 60);
  const store = join(dir, 'store');
  for (const [file, role, at] of [[main, 'main', '2026-11-20T09:00:00Z'], [standby, 'standby-a', '2026-11-20T09:00:00Z'], [main, 'main', '2026-11-20T09:05:00Z']]) {
    if (at.endsWith('05:00Z')) writeFileSync(main, exportOf('NORTH-A', 'rotated'));
    const r = await runCli(['record', file, '--pair', 'NORTH', '--role', role, '--at', at, '--store', store], opts);
    assert.equal(r.code, 0, r.stderr);
  }
  const changes = await everyFormat(t, ['changes', '--store', store], opts, CHANGES_FORMATS);
  assert.match(changes.text, /reg:Sec\\Kennwort changed\s+set → set \(different\)/);
  assertNoSecret(PLAIN, changes);
  assertNoSecret(PLAIN, storeFiles(store));
});

test('a key default in clear in a snapshot file shows in no report format and no file of the store', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-names-default-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const snap = (label: string, v: string, role: 'main' | 'standby-a'): string => {
    const s = makeSnapshot(label, '2026-11-20T09:00:00Z', { 'db.port': 5481 }, role);
    s.collected.sources[0].sha256 = v.repeat(32);
    s.settings['reg:Sec\\Password\\@'] = { value: `KeyDefaultLeak${v}`, regType: 'REG_SZ', source: { file: `${label}.reg`, key: `${ROOT}\\Sec\\Password`, valueName: '' } };
    return writeSnapshotFile(dir, `${label}.json`, s);
  };
  const main = snap('NORTH-A', '16', 'main');
  const standby = snap('NORTH-B', '17', 'standby-a');
  const opts = { cwd: dir, now: '2026-11-20T09:20:00Z' };
  assertNoSecret(['KeyDefaultLeak'], await everyFormat(t, ['audit', main, standby], opts, AUDIT_FORMATS, [0, 1, 3]));
  const store = join(dir, 'store');
  const r = await runCli(['audit', main, standby, '--pair', 'NORTH', '--record', '--store', store], opts);
  assert.notEqual(r.code, 2, r.stderr);
  assertNoSecret(['KeyDefaultLeak'], storeFiles(store));
});

test('collect: every value of a key named like a secret is a secret (by the key\'s last segment)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-names-collect-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'a.reg');
  writeFileSync(file, ['Windows Registry Editor Version 5.00', '', `[${ROOT}\\Sec\\Password]`, '@="KeyDefaultLeak16"', '"Port"=dword:00000001', '', `[${ROOT}\\DriverX]`, '@="Driver X"', ''].join('\r\n'));
  const r = await runCli(['collect', file], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assertNoSecret(['KeyDefaultLeak16'], { collect: r.stdout });
  const s = parseSnapshotJson(r.stdout, 'collect output');
  assert.equal((s.settings['reg:Sec\\Password\\@'].value as { secret?: boolean }).secret, true);
  assert.equal((s.settings['reg:Sec\\Password\\Port'].value as { secret?: boolean }).secret, true);
});
