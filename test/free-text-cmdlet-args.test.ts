// A cmdlet in free text: its bare arguments are hidden where its output is assigned to a secret's variable (`$pw =
// Get-Foo Hunter2`), and prose that merely names a cmdlet keeps its words (`the Get-Credential output`) while a
// value beside it stays hidden. Tables of text and what it becomes; each row was shown, or over-masked, before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HIDDEN, maskFreeText } from '../src/snapshot/secrets.js';

const H = HIDDEN;

/** Code assigned to a secret's variable: every bare argument and flag's value hidden, its flags and variables kept. */
const CODE: [string, string][] = [
  ['$pw = Get-Foo Hunter2', `$pw = Get-Foo ${H}`],
  ['$password = ConvertTo-SecureString -AsPlainText -Force Hunter2', `$password = ConvertTo-SecureString -AsPlainText -Force ${H}`],
  ['$pw = ConvertTo-SecureString -String:Hunter2 -AsPlainText', `$pw = ConvertTo-SecureString -String:${H} -AsPlainText`],
  ['$secret = Get-Secret -Name x -Vault Hunter2', `$secret = Get-Secret -Name ${H} -Vault ${H}`],
  ['$secret = Get-Secret -Name x -Vault Hunter2 -AsPlainText; Connect-Rtu', `$secret = Get-Secret -Name ${H} -Vault ${H} -AsPlainText; Connect-Rtu`],
  ['$pw = Get-Foo $x Hunter2 -Force', `$pw = Get-Foo $x ${H} -Force`],
  ['$pw = Get-Foo ${x} $env:X Hunter2', `$pw = Get-Foo \${x} $env:X ${H}`],
  // A variable with more after it is no variable alone: `$PFX-Hunter2` is a string that ends in the secret.
  ['$pw = Get-Foo $PFX-Hunter2', `$pw = Get-Foo ${H}`],
  ['$pw = Get-Foo ${PFX}Hunter2', `$pw = Get-Foo ${H}`],
  ['$pin = Get-Code 4711', `$pin = Get-Code ${H}`],
  ['$pw = Read-Host -Prompt Hunter2', `$pw = Read-Host -Prompt ${H}`],
  ['$pw = Get-Foo Hunter2,Hunter3', `$pw = Get-Foo ${H},${H}`],
  ['$pw = Get-Foo Hunter2 | Set-Bar Hunter3', `$pw = Get-Foo ${H} | Set-Bar ${H}`],
  ['$pw = Get-Foo (Get-Bar Hunter2)', `$pw = Get-Foo (Get-Bar ${H})`],
  ['$pw = (Get-StoredCredential -Target rtu7).Password', `$pw = (Get-StoredCredential -Target ${H}).Password`],
  ['$pw = Get-Foo | Where-Object { $_.Name -eq Hunter2 }', `$pw = Get-Foo | Where-Object { $_.Name -eq ${H} }`],
  ['$pw = Get-Foo @{Vault=Hunter2}', `$pw = Get-Foo @{${H}}`],
  // A comment may quote the secret, and a bare word in brackets is a command only by its name.
  ['$pw = Get-Foo # was Hunter2', `$pw = Get-Foo ${H}`],
  ['$pw = (Hunter2)', `$pw = (${H})`],
  ['$pw = $PFX + Hunter2', `$pw = $PFX + ${H}`],
  // A user name is over-masked with the secret, and a cmdlet's name as an argument is a string like any other.
  ['$cred = Get-Credential admin', `$cred = Get-Credential ${H}`],
  ['$pw = Get-Foo Open-Sesame', `$pw = Get-Foo ${H}`],
  // A path stays, but not a URL with a user or a query.
  ['$pw = Get-Content C:\\secure\\pw.txt -Key 1', `$pw = Get-Content C:\\secure\\pw.txt -Key ${H}`],
  ['$token = Invoke-RestMethod -Uri https://rtu7/api -Body abc123', `$token = Invoke-RestMethod -Uri https://rtu7/api -Body ${H}`],
  ['$token = Invoke-RestMethod https://rtu7/api?x=abc123', `$token = Invoke-RestMethod ${H}`],
  ['$cred = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList admin, $pw', `$cred = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList ${H}, $pw`],
];

/** Code assigned to a secret's variable that holds no value: it stays as written. */
const CODE_STAYS = [
  '$pw = Get-Foo ${x} $env:X -Force',
  '$cred = Import-Clixml $PSScriptRoot\\cred.xml',
  '$cred = Get-Credential -Credential $adminCred',
  '$pw = Get-Content .\\pw.txt | ConvertTo-SecureString',
  '$pw = (Get-Item HKLM:\\SOFTWARE\\Vendor).GetValue($name)',
  '$cred = New-Object -TypeName PSCredential -ArgumentList $user, $pw',
];

/** Prose that names a cmdlet: its words kept, a value beside it hidden. */
const PROSE: [string, string][] = [
  ['the Get-Credential output', 'the Get-Credential output'],
  ['the Get-Credential output was empty', 'the Get-Credential output was empty'],
  ['the New-Password cmdlet failed on RTU-7', 'the New-Password cmdlet failed on RTU-7'],
  ['the Get-Credential window opened', 'the Get-Credential window opened'],
  // A value after a cmdlet that a secret's name comes before, or in a cmdlet's second place (a name, then the secret).
  ['password Get-Foo Hunter2', `password Get-Foo ${H}`],
  ['Get-Credential password Hunter2', `Get-Credential password ${H}`],
  ['Set-Secret admin Hunter2', `Set-Secret admin ${H}`],
  ['ran Set-Secret x Hunter2 on the HMI', `ran Set-Secret x ${H} on the HMI`],
];

test('free text: code assigned to a secret\'s variable hides the bare arguments of its cmdlets, and masking twice changes nothing', () => {
  for (const [text, masked] of CODE) {
    assert.equal(maskFreeText(text), masked, text);
    assert.equal(maskFreeText(masked), masked, `again: ${masked}`);
  }
  for (const text of CODE_STAYS) assert.equal(maskFreeText(text), text, text);
});

test('free text: prose that names a cmdlet keeps its words, a value beside the cmdlet hidden', () => {
  for (const [text, masked] of PROSE) {
    assert.equal(maskFreeText(text), masked, text);
    assert.equal(maskFreeText(masked), masked, `again: ${masked}`);
  }
});

test('free text: a line of 40 000 arguments to a cmdlet (320 KB) is masked in one pass', () => {
  // Each argument is judged once, where it stands: a search back to its command from each (as session 26 found in
  // three paths) would take 40 000 searches of up to 320 KB, tens of seconds; one pass takes well under one.
  const text = `$pw = Get-Foo ${'Hunter2 -Force $x '.repeat(40_000)}`;
  const masked = maskFreeText(text);
  assert.equal(masked.includes('Hunter2'), false);
  assert.equal(masked.split(H).length - 1, 40_000);
  assert.equal(masked.split('-Force $x').length - 1, 40_000);
});
