// A passphrase of hyphenated words after a secret's bare name (`new password Blue-Sky for the link`) is hidden, while
// the compounds of prose beside a secret's name stay as written (`password re-entered`, `password Change-Request 42`).
// Tables of text and what it becomes; each hidden row was shown before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HIDDEN, maskFreeText } from '../src/snapshot/secrets.js';

const H = HIDDEN;

/** Text → what it becomes. */
const HIDDEN_ROWS: [string, string][] = [
  // The parts after the first start with a capital: a value after any name, as a capitalised word is (`PIN Sesame`).
  ['new password Blue-Sky for the link', `new password ${H} for the link`],
  ['the passphrase Correct-Horse-Battery-Staple', `the passphrase ${H}`],
  ['Kennwort Blau-Himmel', `Kennwort ${H}`],
  ['mot de passe Bleu-Ciel', `mot de passe ${H}`],
  ['the password Straße-Blau was sent', `the password ${H} was sent`],
  ['PIN Blue-Sky', `PIN ${H}`],
  ['token Red-Fox', `token ${H}`],
  ['password blue-Sky', `password ${H}`],
  ['password Blue-SKY', `password ${H}`],
  ['password Blue-Sky-Green', `password ${H}`],
  ['password (Blue-Sky), see CHG-9', `password ${H} see CHG-9`],
  // Three lower-case parts or more, none a prefix, a follower or a connector, after a name that is no English word.
  ['password correct-horse-battery-staple', `password ${H}`],
  ['pwd CORRECT-HORSE-BATTERY', `pwd ${H}`],
  // A value and the next.
  ['PIN changed from Blue-Sky to Red-Fox', `PIN changed from ${H} to ${H}`],
  ['password Blue-Sky -> Red-Fox', `password ${H} -> ${H}`],
  // 100 kB of one token: HYPHENATED reads it once.
  [`password ${'Blue-'.repeat(20_000)}Sky`, `password ${H}`],
];

/** Prose beside a secret's name: it stays as written. */
const STAYS = [
  // Two lower-case parts: how prose writes its compounds.
  'password re-entered',
  'password self-service portal',
  'the password reset-link was sent',
  'password e-mail sent',
  'PIN pre-set',
  'secret co-ordinates',
  'password brute-force attempts',
  'PIN pin-out checked',
  // Every part a prefix or a follower.
  'password Change-Request 42',
  'password Re-Entered',
  'password Wi-Fi network',
  'password Never-Expires',
  // In lower case, one part a prefix, a follower or a connector.
  'password up-to-date',
  'password state-of-the-art',
  'password multi-factor-authentication',
  // After a name that is an English word too, lower case stays (`token bucket`).
  'token bucket-rate-limiter',
  // A cmdlet is code, in brackets too.
  'the password Get-Credential prompt',
  'password (New-Object PSCredential)',
  // 100 kB of hyphens, and of one-letter parts: HYPHENATED reads each once.
  `password ${'-'.repeat(100_000)}`,
  `password ${'a-'.repeat(50_000)}`,
];

test('free text: a hyphenated passphrase after a secret\'s bare name is hidden, and masking twice changes nothing', () => {
  for (const [text, masked] of HIDDEN_ROWS) {
    assert.equal(maskFreeText(text), masked, text.slice(0, 80));
    assert.equal(maskFreeText(masked), masked, `again: ${masked.slice(0, 80)}`);
  }
});

test('free text: hyphenated prose beside a secret\'s name stays as written', () => {
  for (const text of STAYS) assert.equal(maskFreeText(text), text, text.slice(0, 80));
});
