// A passphrase of hyphenated words right after a secret's name in lower case (`password blue-sky`) or shaped like a
// cmdlet (`password Open-Sesame`) is hidden, while the compounds prose writes there stay as written, capitalised too
// (`password Self-Service portal`, `password Reset-Link sent`) and a real cmdlet's name (`password Get-Credential`).
// Tables of text and what it becomes; the rows marked `shown before` or `hidden before` failed on the old code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HIDDEN, maskFreeText } from '../src/snapshot/secrets.js';
import { recordNorthWithChange, runCli } from './history-fixtures.js';
import { CHANGES_FORMATS, assertNoSecret, everyFormat, storeFiles } from './secrets-leak-check.js';

const H = HIDDEN;

/** A lower-case passphrase after a name that is no English word (`password`, `pwd`, `Kennwort`): text → what it becomes. */
const LOWER_CASE: [string, string][] = [
  ['password blue-sky', `password ${H}`], // shown before
  ['the password blue-sky was sent', `the password ${H} was sent`], // shown before
  ['new pwd blue-sky for the link', `new pwd ${H} for the link`], // shown before
  ['Kennwort blau-himmel', `Kennwort ${H}`], // shown before
  ['password Blue-sky', `password ${H}`], // shown before: capitalised as a sentence starts
  ['password open-sesame', `password ${H}`], // shown before
  ['password blue-sky -> red-fox', `password ${H} -> ${H}`], // shown before
  // After `:` or `is`, as before.
  ['pw: blue-sky-42', `pw: ${H}`],
  ['the password is blue-sky', `the password is ${H}`],
  // 100 kB of one token: read once.
  [`password ${'blue-'.repeat(20_000)}sky`, `password ${H}`],
  [`password ${'b'.repeat(50_000)}-${'s'.repeat(50_000)}`, `password ${H}`], // shown before
];

/** Compounds of prose after a secret's name, lower case: they stay. */
const LOWER_CASE_STAYS = [
  'password reset-link sent',
  'password self-service portal',
  'password re-entered',
  'password e-mail',
  'password e-mails sent',
  'password brute-force attempts',
  'password two-factor',
  'password one-time',
  'password hard-coded in the script',
  'password write-protected',
  'password read-only',
  'password pre-shared key',
  'password non-expiring',
  'password set-up done',
  'password plain-text',
  'password hot-standby sync',
  'password up-to-date',
  // After `pin`, `token` (English words too), lower case stays, as `token bucket` does.
  'PIN blue-sky',
  'token blue-sky',
  // 100 kB of one compound of prose: read once.
  `password ${'self-'.repeat(20_000)}service`,
];

/** A cmdlet's shape whose noun no cmdlet has, after a secret's name: text → what it becomes. */
const CMDLET_SHAPED: [string, string][] = [
  ['password Open-Sesame', `password ${H}`], // shown before
  ['the password Open-Sesame was sent', `the password ${H} was sent`], // shown before
  ['pw Open-Sesame for the HMI', `pw ${H} for the HMI`], // shown before
  ['password (Open-Sesame)', `password ${H}`], // shown before
  ['PIN Open-Sesame', `PIN ${H}`], // shown before
  ['password Open-Sesame -> Close-Sesame', `password ${H} -> ${H}`], // shown before
  ['password Open-SESAME', `password ${H}`], // shown before
  ['the password is Open-Sesame', `the password is ${H}`],
  // A real cmdlet's arguments, as before: the secret after a name (`Set-Secret admin x`), or after any cmdlet.
  ['password Set-Secret admin Hunter2', `password Set-Secret admin ${H}`],
  ['password Get-Foo Hunter2', `password Get-Foo ${H}`],
  [`password Open-S${'esame'.repeat(20_000)}`, `password ${H}`], // shown before
];

/** A real cmdlet's name beside a secret's: it stays. */
const CMDLETS_STAY = [
  'password Get-Credential',
  'the password Get-Credential prompt',
  'password New-LocalUser',
  'password Reset-Password',
  'password Get-ADUser',
  'password Install-Module',
  'password (New-Object PSCredential)',
  'Reset-Password',
  'New-LocalUser',
  'password Set-Secret admin x',
];

/** Capitalised compounds of prose after a secret's name: they stay (each hidden before but `Reset-Link`, a cmdlet's shape then). */
const CAPITALISED_STAYS = [
  'password Self-Service portal',
  'Password Self-Service Portal',
  'password Reset-Link sent',
  'Kennwort Self-Service',
  'password Two-Factor auth',
  'password Multi-Factor',
  'password One-Time',
  'password E-Mail sent',
  'password Up-To-Date',
  'password Brute-Force attempts',
  'password Plain-Text',
];

/** Capitalised passphrases: hidden, as before. */
const CAPITALISED: [string, string][] = [
  ['password Blue-Sky', `password ${H}`],
  ['PIN Blue-Sky', `PIN ${H}`],
  ['password Self-Made', `password ${H}`],
];

const HIDDEN_TABLES = { LOWER_CASE, CMDLET_SHAPED, CAPITALISED };
const STAYS_TABLES = { LOWER_CASE_STAYS, CMDLETS_STAY, CAPITALISED_STAYS };

for (const [name, rows] of Object.entries(HIDDEN_TABLES)) {
  test(`free text ${name}: the passphrase hidden, and masking twice changes nothing`, () => {
    for (const [text, masked] of rows) {
      assert.equal(maskFreeText(text), masked, text.slice(0, 80));
      assert.equal(maskFreeText(masked), masked, `again: ${masked.slice(0, 80)}`);
    }
  });
}

for (const [name, texts] of Object.entries(STAYS_TABLES)) {
  test(`free text ${name}: stays as written`, () => {
    for (const text of texts) assert.equal(maskFreeText(text), text, text.slice(0, 80));
  });
}

test('note: a lower-case and a cmdlet-shaped passphrase show in no journal entry, stored file or change record; the prose beside them does', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-free-text-passphrases-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const opts = { cwd: dir, now: '2026-11-20T09:20:00Z' };
  const store = join(dir, 'store');
  await recordNorthWithChange(dir, store, opts);
  const secrets = ['leakword-lantern', 'Open-Leakwordx'];
  const note = 'vendor set the password leakword-lantern\npassword Self-Service portal down\nHMI pw Open-Leakwordx for the panel';
  const r = await runCli(['note', '3.1', '--text', note, '--ticket', 'CHG-9 password Open-Leakwordx', '--store', store], opts);
  assert.equal(r.code, 0, r.stderr);
  assertNoSecret(secrets, { note: r.stdout + r.stderr });
  const files = storeFiles(store);
  assertNoSecret(secrets, files);
  const journal = Object.entries(files).filter(([path]) => path.startsWith('journal')).map(([, text]) => text).join('\n');
  assert.ok(journal.includes(JSON.stringify(`vendor set the password ${H}\npassword Self-Service portal down\nHMI pw ${H} for the panel`)), 'the journal holds the note, masked');
  const changes = await everyFormat(t, ['changes', '--store', store], opts, CHANGES_FORMATS);
  assertNoSecret(secrets, changes);
  const text = changes.text.replace(/\s+/g, ' ');
  assert.ok(text.includes(`the password ${H} password Self-Service portal down HMI pw ${H} for the panel`), text);
  assert.ok(text.includes(`ticket CHG-9 password ${H}`), text);
});
