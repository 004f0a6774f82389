// A password given on a command line stored in a registry value (a service's arguments, a driver's start command:
// `--password x`, `-pwd "x y"`, `/password:x`, a REG_MULTI_SZ list `["--password", "x"]`, `net use Z: \\server\share x`) is found by its content
// whatever the value's name: its argument hidden, the command readable. And values named as keys of a kind that is
// a secret (`MasterKey`, `HmacKey`, `EncryptionKey`) are secrets by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HIDDEN, defaultSecretDetector } from '../src/snapshot/secrets.js';
import { assertContentRows, assertNoSecretEndToEnd, assertShortcutsAgree, clearScadaExport } from './secrets-leak-check.js';

const H = HIDDEN;

/** Data → what it becomes (REG_SZ, or a list as REG_MULTI_SZ). */
const HIDDEN_ROWS: [string | string[], string | string[]][] = [
  ['rtu-agent.exe --password Hunter2 --verbose', `rtu-agent.exe --password ${H} --verbose`],
  ['agent -password Hunter2', `agent -password ${H}`],
  ['agent -pwd "Hunter 2" -port 20000', `agent -pwd ${H} -port 20000`],
  ["agent -passwd 'Hunter 2'", `agent -passwd ${H}`],
  ['agent --pass Hunter2', `agent --pass ${H}`],
  ['agent --passphrase Hunter2', `agent --passphrase ${H}`],
  ['agent --token abc123', `agent --token ${H}`],
  ['agent --api-key abc123', `agent --api-key ${H}`],
  ['agent -Secret abc123', `agent -Secret ${H}`],
  ['agent -Password:Hunter2', `agent -Password:${H}`],
  ['"C:\\Program Files\\Vendor\\agent.exe" /password:Hunter2 /quiet', `"C:\\Program Files\\Vendor\\agent.exe" /password:${H} /quiet`],
  ['agent /pwd=Hunter2', `agent /pwd=${H}`],
  ['agent /pass:"Hunter 2"', `agent /pass:${H}`],
  ['agent\t--password\tHunter2', `agent\t--password\t${H}`],
  // Arguments as a list: the flag and its argument are two elements.
  [['--user', 'scada', '--password', 'Hunter2', '-v'], ['--user', 'scada', '--password', H, '-v']],
  [['/password:Hunter2'], [`/password:${H}`]],
  // A variable is hidden too: in registry data it is no variable, and a password may start with `$` or `%`.
  ['agent -Password $Tr0ub4dor', `agent -Password ${H}`],
  ['agent /pwd:%Hunter2%', `agent /pwd:${H}`],
  // A share mapped with its password (a historian's backup target): `net use [drive] \\server\share password`.
  ['net use Z: \\\\hist01\\backup Hunter2 /user:HIST\\svc', `net use Z: \\\\hist01\\backup ${H} /user:HIST\\svc`],
  ['cmd /c NET.EXE USE \\\\hist01\\ipc$ "Hunter 2" && robocopy', `cmd /c NET.EXE USE \\\\hist01\\ipc$ ${H} && robocopy`],
  ['net use * \\\\hist01\\backup /persistent:no Hunter2', `net use * \\\\hist01\\backup /persistent:no ${H}`],
];

/** Command lines and text that stay: flags about a password, other flags, paths, prose. */
const STAYS = [
  'agent --password-stdin',
  'agent -PasswordFile C:\\secure\\pw.txt',
  'agent --passive --port 20000',
  'agent -p 20000',
  'agent --verbose',
  'agent --password',
  'agent --password --verbose',
  'C:/SCADA/bin/agent.exe',
  'https://historian.example/api/v1',
  'see /password for the policy',
  'set a password with -password',
  '{6B29FC40-CA47-1067-B31D-00DD010662DA}',
  'net use Z: \\\\hist01\\backup /user:HIST\\svc *',
  'net use Z: \\\\hist01\\backup',
  'net use Z: /delete',
  '\\\\hist01\\backup\\net use',
];

test('a password on a command line in a value under any name: its argument hidden, the command readable', () => {
  assertContentRows(HIDDEN_ROWS, STAYS);
});

test('the flag patterns\' shortcuts (a text without `-` or `/`, a switch without `:` or `=`) find what the patterns find', () => {
  assertShortcutsAgree([...HIDDEN_ROWS.map(([data]) => data).filter((d) => typeof d === 'string'), ...STAYS, 'plain text', '/password', 'x /password y', 'a=b /pwd c']);
});

test('values named as a key of a secret kind are secrets by name; other keys and settings about keys are not', () => {
  const d = defaultSecretDetector();
  const rows: [string, boolean][] = [
    ['MasterKey', true],
    ['SigningKey', true],
    ['HmacKey', true],
    ['Hmac_Key', true],
    ['EncryptionKey', true],
    ['EncKey', true],
    ['AES_Key', true],
    ['AesKey2', true],
    ['CryptoKey', true],
    ['CryptKey', true],
    ['CipherKey', true],
    ['SessionKey', true],
    ['SessionKeyHash', true],
    // An Azure storage account's key (a historian's backup target), as AccountKey= in a connection string.
    ['AccountKey', true],
    ['StorageAccountKey', true],
    ['StorageKey', true],
    ['AccountKeyName', false],
    ['AccountName', false],
    // A DNP3 Secure Authentication update key (IEEE 1815 SAv5): the key an outstation's session keys are sent under.
    ['UpdateKey', true],
    ['SAUpdateKey', true],
    ['DNP3_Update_Key', true],
    ['UpdateKeyLength', false],
    ['UpdateKeyChangeMethod', false],
    ['LicenseKey', false],
    ['RegistryKey', false],
    ['HotKey', false],
    ['SessionKeyTimeout', false],
    ['EncryptionKeyLength', false],
    ['MasterKeyRotationDays', false],
  ];
  for (const [name, secret] of rows) assert.equal(d.isSecretName(name), secret, name);
});

/** An export with a password on a command line and a master key under names that are no secret's; `sig` makes them differ. */
function exportOf(label: string, sig: string): string {
  return clearScadaExport(label, {
    Agents: [
      `"StartCommand"="\\"C:\\\\SCADA\\\\agent.exe\\" --password ${sig}Flag --port 20000"`,
      `"Arguments"=hex(7):${[...'/pwd:', ...`${sig}List`].map((c) => `${c.charCodeAt(0).toString(16).padStart(2, '0')},00`).join(',')},00,00,00,00`,
      `"MasterKey"="${sig}Master"`,
    ],
  });
}

test('a password on a command line, or a master key, shows in no report format, no change record and no file of the store', async (t) => {
  const d = defaultSecretDetector();
  for (const name of ['StartCommand', 'Arguments']) assert.equal(d.isSecretName(name), false, `${name}: found by its content, not by its name`);
  const { audit, main } = await assertNoSecretEndToEnd(t, exportOf, { main: 'MainCmd7', standby: 'StbyCmd8', renewed: 'RenewCmd9' }, ['MainCmd7', 'StbyCmd8']);
  assert.match(audit.text, /StartCommand#hidden\s+=\s+\(secret,\s+set;\s+differs,\s+values\s+hidden\)/, 'the differing arguments are compared');
  const byValue = (valueName: string): unknown => Object.values(main.settings).find((s) => s.source.valueName === valueName)?.value;
  assert.equal(byValue('StartCommand'), `"C:\\SCADA\\agent.exe" --password ${H} --port 20000`);
  assert.deepEqual(byValue('Arguments'), [`/pwd:${H}`]);
  assert.notEqual(byValue('MasterKey'), 'MainCmd7Master');
});
