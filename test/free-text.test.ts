// Free text people type (a note, a ticket, an author, a waiver's reason) hides the value after a secret's name in
// the forms people write, not only `name=value`: `PIN: 1234`, `password is hunter2`, `pass abc123`. Each form is
// a table of both directions: what is hidden, and the prose beside it that stays as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SECRET_NAMES, HIDDEN, SecretDetector, defaultSecretDetector, freeTextDetector, hideTreeSecrets, maskFreeText } from '../src/snapshot/secrets.js';
import type { RegTree } from '../src/types.js';
import { recordNorthWithChange, runCli } from './history-fixtures.js';
import { CHANGES_FORMATS, assertNoSecret, everyFormat, storeFiles } from './secrets-leak-check.js';

const H = HIDDEN;

interface Form {
  form: string;
  /** Text → what it becomes. */
  hidden: [string, string][];
  /** Text that stays as written. */
  stays: string[];
}

const FORMS: Form[] = [
  {
    form: '`name: value` (to the next `;` or line end)',
    hidden: [
      ['PIN: 1234', `PIN: ${H}`],
      ['password: hunter2', `password: ${H}`],
      ['pwd: s3cret', `pwd: ${H}`],
      ['Kennwort: geheim', `Kennwort: ${H}`],
      ['new AdminPassword: correct horse battery; see CHG-9', `new AdminPassword: ${H}; see CHG-9`],
      ['"password": "a;b c"', `"password": ${H}`],
      ['PIN: 1234\nport moved to 5482', `PIN: ${H}\nport moved to 5482`],
      ['Password:\nhunter2\nport moved to 5482', `Password:\n${H}\nport moved to 5482`],
      ['new PIN:\r\n   4711 ; see CHG-9', `new PIN:\r\n   ${H} ; see CHG-9`],
      ['mot de passe : geheim1', `mot de passe : ${H}`],
      ["parola d'ordine: segreto", `parola d'ordine: ${H}`],
    ],
    stays: [
      'password policy: 90 days',
      'Password changed: see CHG-7',
      'Note: port moved to 5482',
      `Password: ${H}`,
      'PIN:',
      'PinCount: 4',
      // How a report shows a secret (a key's gathered values): kept whole, not cut at its `;`.
      'LinkPassword = (secret, set; differs, values hidden)',
      'LinkPassword = (secret, not set)',
      'Password: (secret, set)',
    ],
  },
  {
    form: '`name is value`, `name to value` (one token, not a prose word)',
    hidden: [
      ['Password is hunter2', `Password is ${H}`],
      ['set AdminPassword to Xy12!', `set AdminPassword to ${H}`],
      ['the password is geheim', `the password is ${H}`],
      ['the password is now Abc9 until Friday', `the password is now ${H} until Friday`],
      ['password was changed to Summer24 by k.lee', `password was changed to ${H} by k.lee`],
      ["the PIN is '12 34' now", `the PIN is ${H} now`],
      ['Kennwort ist geheim', `Kennwort ist ${H}`],
      ['the old password was hunter2', `the old password was ${H}`],
      ['PIN was 4711 until CHG-12', `PIN was ${H} until CHG-12`],
      ['Password for RTU-7: abc def; see CHG-9', `Password for RTU-7: ${H}; see CHG-9`],
      ['PIN of the panel is 4711', `PIN of the panel is ${H}`],
    ],
    stays: [
      'the password was changed on Tuesday',
      'the password was wrong',
      'the PIN was reset by the vendor',
      'the password is not set',
      'the password is set to the default',
      'the password is changed monthly',
      'PIN to unlock the panel',
      'the password to the RTU',
      'PIN to be changed next week',
      'the password for the RTU was changed on Tuesday',
      `Password is ${H}`,
    ],
  },
  {
    form: '`name value` (one token with a digit or a symbol, 4 characters or more)',
    hidden: [
      ['user admin / pass abc123', `user admin / pass ${H}`],
      ['PIN 1234 set on the RTU', `PIN ${H} set on the RTU`],
      ['pwd P@ss', `pwd ${H}`],
      ['api key AKIA12345', `api key ${H}`],
      ["SNMP community 'public' replaced", `SNMP community ${H} replaced`],
      ['PassAdmin Xy12!', `PassAdmin ${H}`],
    ],
    stays: [
      'PIN count raised',
      'pass the check',
      'bypass the check',
      'pass 2 of the migration',
      'rotated the SNMP community string',
      'pin 4 of the connector',
      'password (see CHG-7)',
      'Password reset on 2026-11-20',
      'passed 3 checks; compass 1234',
      'PassThrough 1234',
      'port moved to 5482 after the upgrade',
    ],
  },
  {
    form: '`name word` (a word after a bare name that is no prose: capitalised, or in lower case after a password word)',
    hidden: [
      ['password Hunter', `password ${H}`],
      ['PIN Sesame', `PIN ${H}`],
      ['new admin password Sesame set on RTU-7', `new admin password ${H} set on RTU-7`],
      ['Password Hunter. Vendor informed', `Password ${H} Vendor informed`],
      ['password hunter for the vendor account', `password ${H} for the vendor account`],
      ['pwd letmein', `pwd ${H}`],
      ['token OpenSesame issued to the historian', `token ${H} issued to the historian`],
      ['user admin / pass Dragonfly', `user admin / pass ${H}`],
      ['gave the vendor the PIN Sesame today', `gave the vendor the PIN ${H} today`],
      ['AdminPassword SUNSHINE', `AdminPassword ${H}`],
      ['Kennwort Sommer', `Kennwort ${H}`],
      ['Passwort sommer für den Gast', `Passwort ${H} für den Gast`],
      ['mot de passe Soleil', `mot de passe ${H}`],
      ['PIN number 4711', `PIN number ${H}`],
      ['PIN number: 4711', `PIN number: ${H}`],
      ['the PIN number is 4711', `the PIN number is ${H}`],
    ],
    stays: [
      'password reset done',
      'password changed on Tuesday',
      'pass the check',
      'PIN count raised',
      'password policy updated',
      'passwords rotated',
      'passwords and PINs rotated by the vendor',
      'password expired for the service account',
      'password manager entry updated',
      'password protected export sent',
      'password requirements raised to 14 characters',
      'password complexity rule enabled',
      'password history kept at 24',
      'password rotation due Friday',
      'password sent to the vendor by mail',
      'admin password and PIN rotated after the audit',
      'Password Reset Procedure revised',
      'Password Safe entry moved',
      'password KeePass entry moved',
      'password Tuesday, see CHG-7',
      'PIN pad replaced',
      'pin header resoldered',
      'PIN number changed',
      'the password value is unchanged',
      // A command line's flag named in prose: the word after it is what it is, not its argument.
      'the --password flag is required',
      'the password flag is required',
      'password argument missing in the script',
      'password switch removed from the task',
      'pass muster',
      'pass validation before the changeover',
      'token bucket size raised',
      'token expiry shortened',
      'SNMP community string rotated',
      'Kennwort geändert',
      'Passwort zurückgesetzt durch den Hersteller',
      'Kennwort Änderung beantragt',
      'Kennwort ist abgelaufen',
      'mot de passe changé',
      'mot de passe réinitialisé par le fournisseur',
      'le mot de passe est expiré',
      'contraseña cambiada',
    ],
  },
  {
    form: 'a secret\'s name, not a word of prose that starts like one (`secretary`, `tokenised`)',
    hidden: [
      ['secret: x', `secret: ${H}`],
      ['client_secret: x', `client_secret: ${H}`],
      ['SecretKey: x', `SecretKey: ${H}`],
      ['secretkey: x', `secretkey: ${H}`],
      ['pass: x', `pass: ${H}`],
      ['passwd: x', `passwd: ${H}`],
      ['passwort: x', `passwort: ${H}`],
      ['PIN: 1234', `PIN: ${H}`],
      ['token: abc', `token: ${H}`],
      ['api-token: abc', `api-token: ${H}`],
      ['TokenValue: abc', `TokenValue: ${H}`],
      ['passwords: hunter2, hunter3', `passwords: ${H}`],
      ['secrets: abc', `secrets: ${H}`],
      ['wachtwoorden: geheim', `wachtwoorden: ${H}`],
      ['secret=abc', `secret=${H}`],
    ],
    stays: [
      'secretary: Mrs Smith',
      'Secretary: Mrs Smith',
      'Secretariat: closed on Friday',
      'the secretary is Mrs Smith',
      'secretary=Mrs Smith',
      'secretly: no',
      'passage: north corridor',
      'pinned: yes',
      'Passau office: closed',
      'tokenised: no',
      'Tokenization: enabled',
      'tokenizer=v2',
      '<secretary>Mrs Smith</secretary>',
    ],
  },
  {
    form: 'a value and the next (`from old to new`, `->`, `now`, `(was …)`), and other pasted forms (XML, `net user`, a password flag after a user flag, is in other languages)',
    hidden: [
      ['PIN changed from 1234 to 5678', `PIN changed from ${H} to ${H}`],
      ['password changed from hunter1 to hunter2', `password changed from ${H} to ${H}`],
      ['the password was changed from the default to Hunter2', `the password was changed from the default to ${H}`],
      ['changed PIN 1234 -> 5678', `changed PIN ${H} -> ${H}`],
      ['PIN 1234->5678', `PIN ${H}`],
      ['PIN 4711 to be changed', `PIN ${H} to be changed`],
      ['password -> hunter2', `password -> ${H}`],
      ['PIN \u2192 4711', `PIN \u2192 ${H}`],
      // A `=>` after a secret's name is an arrow, not `=` and a value `> 4711` (which showed as `PIN =(hidden)`).
      ['PIN => 4711', `PIN => ${H}`],
      ['pin=>1234', `pin=>${H}`],
      ['password => hunter2', `password => ${H}`],
      ['password: => x', `password: => ${H}`],
      ['api key => AKIA1234; see CHG-9', `api key => ${H}; see CHG-9`],
      ["'password' => 'hunter2',", `'password' => ${H}`],
      ['PIN 1234 => 5678', `PIN ${H} => ${H}`],
      ['password was hunter1, now hunter2', `password was ${H} now ${H}`],
      ['password hunter2 (was hunter1)', `password ${H} (was ${H}`],
      // The new value after a change of the old one (the new one was shown).
      ['community string public changed to Xy7', `community string ${H} changed to ${H}`],
      ['PIN 1234 was changed to 5678', `PIN ${H} was changed to ${H}`],
      ['PIN 1234 replaced by 5678 today', `PIN ${H} replaced by ${H} today`],
      ['password hunter1 has been reset to Hunter2', `password ${H} has been reset to ${H}`],
      ['PIN 1234, now 5678', `PIN ${H} now ${H}`],
      ['<password>hunter2</password>', `<password>${H}</password>`],
      ['pasted: <ns:AdminPassword enc="no">x y</ns:AdminPassword> done', `pasted: <ns:AdminPassword enc="no">${H}</ns:AdminPassword> done`],
      ['net user scadaadmin Hunter2! /add', `net user scadaadmin ${H} /add`],
      ['ran NET USER "Ops Admin" "pass word" /domain', `ran NET USER "Ops Admin" ${H} /domain`],
      ['psexec \\\\rtu7 -u admin -p hunter2 cmd', `psexec \\\\rtu7 -u admin -p ${H} cmd`],
      ['sqlcmd -S db1 -U sa -P hunter2 -Q "select 1"', `sqlcmd -S db1 -U sa -P ${H} -Q "select 1"`],
      ['sqlcmd -U sa -P "hunter 2"', `sqlcmd -U sa -P ${H}`],
      ['mysql -u root -phunter2 scada', `mysql -u root -p${H} scada`],
      // A MySQL client's password is attached to -p, or after --password (-p alone asks for it, -P is the port).
      ['mysql -phunter2 scada', `mysql -p${H} scada`],
      ['mysql -u root -P 3306 -phunter2 scada', `mysql -u root -P 3306 -p${H} scada`],
      ['mariadb-dump -uroot -p"hunter 2" scada > scada.sql', `mariadb-dump -uroot -p${H} scada > scada.sql`],
      ['mysql -u root --password hunter2 scada', `mysql -u root --password ${H} scada`],
      ['mysqldump -u root --password=hunter2', `mysqldump -u root --password=${H}`],
      ['mysql -u root -p scada && psexec \\\\rtu7 -u admin -p hunter2 cmd', `mysql -u root -p scada && psexec \\\\rtu7 -u admin -p ${H} cmd`],
      ['schtasks /create /RU admin /RP hunter2 /SC daily', `schtasks /create /RU admin /RP ${H} /SC daily`],
      ['curl -u admin:hunter2 https://rtu7/api', `curl -u admin:${H} https://rtu7/api`],
      ['$s = ConvertTo-SecureString "Hunter2!" -AsPlainText -Force', `$s = ConvertTo-SecureString ${H} -AsPlainText -Force`],
      // HTTP credentials and JSON Web Tokens pasted from a request (they were shown).
      ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcHMifQ.c2lnbmF0dXJl', `Authorization: Bearer ${H}`],
      ['curl -H "Authorization: Basic YWRtaW46aHVudGVyMg==" https://rtu7/api', `curl -H "Authorization: Basic ${H}" https://rtu7/api`],
      ['token from the portal: see eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcHMifQ.sig in the vault', `token from the portal: see ${H} in the vault`],
      ['the API took eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcHMifQ.c2lnbmF0dXJl today', `the API took ${H} today`],
      ['bearer abcdefgh12345678ijkl', `bearer ${H}`],
      ['Passwort lautet Sommer2024', `Passwort lautet ${H}`],
      ['Kennwort war geheim', `Kennwort war ${H}`],
      ['le mot de passe est soleil42', `le mot de passe est ${H}`],
      ['la contraseña es Hunter', `la contraseña es ${H}`],
    ],
    stays: [
      'copied the password from RTU-7 to RTU-8',
      'password changed from the old policy',
      '<passwordPolicy>strict</passwordPolicy>',
      'net user scada /active:no',
      'net user scada *',
      'internet user guide updated',
      'ssh -p 2222 admin@rtu7',
      'mysql -u root -p scada',
      'mysqldump -u root -p scada > scada.sql',
      'C:\\mysql\\bin\\mysql.exe -u root -P 3306 -p scada',
      'mysql -u root -p -D scada',
      'mysql -u root -p',
      'mode => fast',
      'PIN =>',
      'x => y; password policy => strict',
      'ran the tool with -u and -p',
      'Bearer tokens are rotated monthly',
      'Basic authentication disabled on the web server',
      'basic settings reviewed with the vendor',
      'eyJ is how a JSON Web Token starts',
    ],
  },
  {
    form: "a script's assignment (`$cred = \"…\"`, `set NAME=…`, `export NAME=…`): the literal assigned to a secret's variable, not a command or a variable",
    hidden: [
      ['$cred = "Xy7!secret"', `$cred = ${H}`],
      ["$adminCred = 'Xy7!'; Connect-Rtu -Credential $adminCred", `$adminCred = ${H}; Connect-Rtu -Credential $adminCred`],
      ['$pw = "Hunter" + "2024"; Connect-Rtu', `$pw = ${H}; Connect-Rtu`],
      ['$pw = Hunter2 # vendor default', `$pw = ${H}`],
      ['Connect-Rtu -Password "Hunter2"', `Connect-Rtu -Password ${H}`],
      ['password $uper1', `password ${H}`],
      ['$cred = abc123', `$cred = ${H}`],
      ["$pw='abc123'", `$pw=${H}`],
      // A password flag's argument is hidden even when it reads as a variable: the same pattern reads registry data, where `$pw1` is no variable.
      ['$pw = "ab;cd"; Connect-Rtu -Password $pw', `$pw = ${H}; Connect-Rtu -Password ${H}`],
      ['Connect-Rtu -Password $pw1 -Credential $adminCred', `Connect-Rtu -Password ${H} -Credential $adminCred`],
      ["$pw = 'it''s;x'", `$pw = ${H}`],
      ['[string]$env:DB_PASS = "x1;y2"', `[string]$env:DB_PASS = ${H}`],
      ['$pw = "Hunter2" | ConvertTo-SecureString -AsPlainText -Force', `$pw = ${H}`],
      ["$pw = @\"\nHunter2;x\n\"@\nConnect-Rtu", `$pw = ${H}\nConnect-Rtu`],
      ['set PWD_SCADA=abc123', `set PWD_SCADA=${H}`],
      ['set "PWD_SCADA=ab;cd" & run.cmd', `set "PWD_SCADA=${H}" & run.cmd`],
      ['SET CRED=ab;cd', `SET CRED=${H}`],
      ['export DB_PASS=abc123', `export DB_PASS=${H}`],
      ["export DB_PASS='a;b' && ./run.sh", `export DB_PASS=${H}`],
      ['$pw = ConvertTo-SecureString "Hunter2!" -AsPlainText -Force', `$pw = ConvertTo-SecureString ${H} -AsPlainText -Force`],
      // Code assigned to a secret's variable stays but for the literals it quotes (a user name too: over-masked).
      ['$credential = New-Object System.Net.NetworkCredential("admin", "Hunter2")', `$credential = New-Object System.Net.NetworkCredential(${H}, ${H})`],
      ['$cred = New-Object System.Net.NetworkCredential -ArgumentList "admin", "Hunter2"', `$cred = New-Object System.Net.NetworkCredential -ArgumentList ${H}, ${H}`],
      ["$pw = [System.Net.NetworkCredential]::new(\"\", 'Hunter2').SecurePassword", `$pw = [System.Net.NetworkCredential]::new(${H}, ${H}).SecurePassword`],
      ['$cred = New-Object PSCredential("admin", $pw)', `$cred = New-Object PSCredential(${H}, $pw)`],
      ['$pw = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String("SHVudGVyMg==")); Connect-Rtu', `$pw = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String(${H})); Connect-Rtu`],
      ['$pw = ("Hunter" + "2")', `$pw = (${H} + ${H})`],
      ['$pw = Read-Host "Password for RTU 7"', `$pw = Read-Host ${H}`],
      ['export DB_PASS=$PFX-Hunter2', `export DB_PASS=${H}`],
      ['export DB_PASS=$(echo "Hunter2")', `export DB_PASS=$(echo ${H})`],
      ['set PW=%PFX%Hunter2', `set PW=${H}`],
      // Not assigned: NetworkCredential's password argument hidden, its user name kept.
      ['Connect-Rtu -Credential (New-Object System.Net.NetworkCredential("admin", "Hunter2"))', `Connect-Rtu -Credential (New-Object System.Net.NetworkCredential("admin", ${H}))`],
    ],
    stays: [
      'Connect-Rtu -Credential $adminCred',
      '$cred = New-Object System.Net.NetworkCredential($user, $pw)',
      '$Credential = Get-Credential',
      '$pw = Read-Host -AsSecureString',
      '$pw = $env:X',
      '$password = $null',
      "$cred = Import-Clixml C:\\secure\\cred.xml",
      '$token = (Get-Content token.txt)',
      '$secret = [Console]::ReadLine()',
      'export DB_PASS=$VAULT_DB_PASS',
      'export DB_PASS=`cat /run/secrets/db`',
      'set DB_PASS=%VAULT_PASS%',
      'set /p PW=Enter the password: ',
      "$key = \"HKLM:\\SOFTWARE\\Vendor\"",
      "$credPath = \"C:\\secure\\cred.xml\"",
      '$tokenUrl = "https://login/x"',
      '$passCount = 3',
      '$secretary = "Mrs Smith"',
      'the $cred variable is read with Read-Host',
      'we set PWD_SCADA before the upgrade',
      'export the token list to CSV',
      'if ($pw -eq $null) { exit 1 }',
      'set the credential store to local',
    ],
  },
];

for (const f of FORMS) {
  test(`free text, ${f.form}: the value hidden, prose beside it as written, masking twice changes nothing`, () => {
    for (const [text, masked] of f.hidden) {
      assert.equal(maskFreeText(text), masked, text);
      assert.equal(maskFreeText(masked), masked, `again: ${masked}`);
    }
    for (const text of f.stays) assert.equal(maskFreeText(text), text, text);
  });
}

test('free text that holds the private-use character standing for a plain `=` while masking: masked as before, the arrow read as `=`', () => {
  assert.equal(maskFreeText('PIN => 4711 \uE000'), `PIN =${H}`);
  assert.equal(maskFreeText('note \uE000: PIN => 4711'), `note \uE000: PIN =${H}`);
});

test("free text: a site profile's secret names in those forms too; the bundled detector alone leaves them", () => {
  const site = freeTextDetector({ secretValueNames: `(?:unlockcode$)|${DEFAULT_SECRET_NAMES}` });
  const cases: [string, string][] = [
    ['UnlockCode: Sesame42', `UnlockCode: ${H}`],
    ['the UnlockCode is Sesame42', `the UnlockCode is ${H}`],
    ['UnlockCode Sesame42', `UnlockCode ${H}`],
  ];
  for (const [text, masked] of cases) {
    assert.equal(maskFreeText(text, site), masked, text);
    assert.equal(maskFreeText(text), text, `bundled: ${text}`);
  }
  assert.equal(maskFreeText('UnlockCode count raised', site), 'UnlockCode count raised');
});

test('`Pass` as a first word is a secret before a word naming an account (PassAdmin), not otherwise (PassThrough): as a name, in free text and in a registry export', () => {
  const d = defaultSecretDetector();
  const secret = ['PassAdmin', 'Pass_User', 'PassOperator2', 'PassEngineer', 'DbPassAdmin', 'PassRoot', 'pass-admin', 'PassAdminHash', 'Pass', 'UserPass'];
  const shown = ['PassThrough', 'Pass_Through', 'PassMode', 'PassCount', 'PassAdminMode', 'PassUserName', 'ByPassAdmin', 'Bypass', 'BypassUser', 'LowPass', 'Compass', 'Passive'];
  for (const name of secret) assert.equal(d.isSecretName(name), true, name);
  for (const name of shown) assert.equal(d.isSecretName(name), false, name);
  assert.equal(maskFreeText('PassAdmin=hunter2'), `PassAdmin=${H}`);
  assert.equal(maskFreeText('PassThrough=1'), 'PassThrough=1');
  const tree: RegTree = {
    format: 'regedit5',
    keys: [
      {
        path: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\Rtu',
        line: 1,
        values: [
          { name: 'PassAdmin', type: 'REG_SZ', data: 'Hunter2-Admin', line: 2 },
          { name: 'PassThrough', type: 'REG_DWORD', data: 1, line: 3 },
        ],
      },
    ],
  };
  const hidden = hideTreeSecrets(tree, new SecretDetector());
  assert.deepEqual(
    hidden.keys[0].values.map((v) => [v.name, v.data]),
    [
      ['PassAdmin', H],
      ['PassThrough', 1],
    ],
  );
});

test('note: the forms above, typed in a note, ticket and author, show in no journal entry, stored file or change record in any format', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-free-text-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const opts = { cwd: dir, now: '2026-11-20T09:20:00Z' };
  const s = ['--store', join(dir, 'store')];
  await recordNorthWithChange(dir, join(dir, 'store'), opts);
  const secrets = ['Leakword1', 'Leakword2', 'Leakword3', 'Leakword4', 'Leakword5', 'Leakword6', 'Leakword7', 'Leakword8', 'Leakword9', 'Leakword10', 'Tailword10', 'Leakword11', 'Leakword12'];
  const note =
    'vendor set the password Leakword1; PIN changed from Leakword2 to Leakword3\n<password>Leakword4</password>\nran net user scada Leakword5 /add\nsqlcmd -S db1 -U sa -P Leakword9' +
    '\n$cred = "Leakword10;Tailword10"\nPIN => Leakword11\nmysqldump -u root -pLeakword12 scada';
  const r = await runCli(['note', '3.1', '--text', note, '--ticket', 'CHG-9 pwd -> Leakword6', '--author', 'k.lee password Leakword7 (was Leakword8)', ...s], opts);
  assert.equal(r.code, 0, r.stderr);
  assertNoSecret(secrets, { note: r.stdout + r.stderr });
  const files = storeFiles(join(dir, 'store'));
  assertNoSecret(secrets, files);
  const journal = Object.entries(files).filter(([path]) => path.startsWith('journal')).map(([, text]) => text).join('\n');
  assert.ok(journal.includes(JSON.stringify(maskFreeText(note))), 'the journal holds the note, masked');
  const changes = await everyFormat(t, ['changes', ...s], opts, CHANGES_FORMATS);
  assert.match(changes.text, /PIN changed from \(hidden\) to \(hidden\)/, 'the change record shows the note, masked');
  assert.match(changes.text, /PIN => \(hidden\)/, 'an arrow stays an arrow');
  assertNoSecret(secrets, changes);
});
