// A passphrase of two hyphenated words in capitals after a secret's name (`password BLUE-SKY`, `Kennwort
// BLAU-HIMMEL`) is hidden, while the names of standards, algorithms, tickets and systems written so stay as written
// (`password SHA-256`, `password PCI-DSS`, `password KB-12345`, `password NORTH-HMI`: ACRONYMS, free-text-words.ts).
// Tables of text and what it becomes; the rows marked `shown before` or `hidden before` failed on the old code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as turn } from 'node:timers/promises';
import { HIDDEN, maskFreeText } from '../src/snapshot/secrets.js';

const H = HIDDEN;
const N = 200_000;

/** Two parts or more in capitals after a name that is no English word: text → what it becomes. */
const CAPITALS: [string, string][] = [
  ['password BLUE-SKY', `password ${H}`], // shown before
  ['pwd OPEN-SESAME', `pwd ${H}`], // shown before
  ['Kennwort BLAU-HIMMEL', `Kennwort ${H}`], // shown before
  ['mot de passe CIEL-BLEU', `mot de passe ${H}`], // shown before
  ['the password BLUE-SKY was sent', `the password ${H} was sent`], // shown before
  ['new pwd (BLUE-SKY), see CHG-9', `new pwd ${H} see CHG-9`], // shown before
  ['password BLUE-SKY -> RED-FOX', `password ${H} -> ${H}`], // shown before
  // A site's name in capitals is hidden with them: it cannot be told from a passphrase (`for NORTH-STATION` can).
  ['password NORTH-STATION', `password ${H}`], // shown before
  // Three parts or more, as before.
  ['pwd CORRECT-HORSE-BATTERY', `pwd ${H}`],
  // After `:` or `is`, as before.
  ['password: BLUE-SKY', `password: ${H}`],
  ['the password is BLUE-SKY', `the password is ${H}`],
];

/** What stays after a secret's name: standards, algorithms, tickets and systems, compounds of prose, N/A. */
const CAPITALS_STAY = [
  'password PCI-DSS',
  'password NT-HASH',
  'password NORTH-HMI',
  'password SCADA-LAN',
  'password RESET-LINK',
  'password SELF-SERVICE portal',
  'password UP-TO-DATE',
  'password E-MAIL sent',
  'password N/A',
  'WPA2-PSK',
  'TLS-1.2',
  'UTF-8',
  // After `pass`, `PIN`, `token` (English words too), as a lower-case word there.
  'PIN BLUE-SKY',
  'token BLUE-SKY',
];

/** A standard's, an algorithm's or a ticket's name after a secret's name: each hidden before, for its digit. */
const STANDARDS = [
  'password SHA-256',
  'password AES-128',
  'password WPA2-PSK',
  'password TLS-1.2',
  'password UTF-8',
  'password RFC-2617',
  'password ISO-27001',
  'password MS-CHAPv2',
  'password KB-12345',
  'password CVE-2024-1234',
  'password (SHA-256), see KB-12345.',
];

/** Shaped like a standard's name, but no acronym the list knows, or not in capitals: hidden, as before. */
const NOT_STANDARDS: [string, string][] = [
  ['password ABC-123', `password ${H}`],
  ['password XKCD-4711', `password ${H}`],
  ['password aes-128', `password ${H}`],
  ['password SHA-256x', `password ${H}`],
  ['password SHA-BLUE-42', `password ${H}`],
  ['PIN 4711-2', `PIN ${H}`],
];

/** 200 kB tokens: each part read once, a long one no standard's name. */
const LONG: [string, string][] = [
  [`password ${'BLUE-'.repeat(N / 5)}SKY`, `password ${H}`],
  [`password ${'B'.repeat(N)}-${'S'.repeat(N)}`, `password ${H}`], // shown before
  [`password SHA-${'2'.repeat(N)}`, `password ${H}`],
  [`password TLS-${'1.'.repeat(N / 2)}2`, `password ${H}`],
  [`password ${'HMI-'.repeat(N / 4)}HMI`, `password ${'HMI-'.repeat(N / 4)}HMI`], // hidden before: three parts or more
];

test('free text: a passphrase in capitals after a secret\'s name is hidden, and masking twice changes nothing', () => {
  for (const [text, masked] of [...CAPITALS, ...NOT_STANDARDS]) {
    assert.equal(maskFreeText(text), masked, text);
    assert.equal(maskFreeText(masked), masked, `again: ${masked}`);
  }
});

test('free text: standards, systems and compounds of prose in capitals beside a secret\'s name stay as written', () => {
  for (const text of [...CAPITALS_STAY, ...STANDARDS]) assert.equal(maskFreeText(text), text, text);
});

// A turn of the event loop between rows lets the timeout fail the test on the row that overran it.
test('free text: a 200 kB token in capitals is masked in one pass (each row well under the 30 s timeout)', { timeout: 30_000 }, async () => {
  for (const [text, masked] of LONG) {
    assert.equal(maskFreeText(text), masked, text.slice(0, 40));
    await turn();
  }
});
