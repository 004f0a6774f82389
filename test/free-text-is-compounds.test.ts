// After `is` or `to`, a compound of prose is no value (`the password is up-to-date`, `the password is well-known`),
// while one hyphenated word that is no compound of prose is (`the password is blue-sky`): `is` then one word is how a
// note gives a password. Tables of text and what it becomes; the rows marked `hidden before` failed on the old code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as turn } from 'node:timers/promises';
import { HIDDEN, maskFreeText } from '../src/snapshot/secrets.js';

const H = HIDDEN;
const N = 200_000;

/** A compound of prose after `is` or `to`: each hidden before. */
const COMPOUNDS_STAY = [
  'password is up-to-date',
  'the password is well-known',
  'password is out-of-date',
  'password is built-in',
  'the password is self-service',
  'password is case-sensitive',
  'the password is pre-shared',
  'the password is hard-coded',
  'the password is read-only',
  'the password is one-time',
  'password is re-entered',
  'password is up-to-date.',
  'password is (up-to-date)',
  'Password is Up-To-Date',
  'password was reset to up-to-date',
  'PIN is up-to-date',
  'token was well-known',
  'Passwort ist up-to-date',
];

/** Compounds of prose after a bare name: they stay, as before. */
const BARE_STAY = ['password reset self-service', 'password change follow-up', 'password expiry long-term', 'password policy built-in'];

/** One hyphenated word after `is` or `to` that is no compound of prose: hidden, as before. */
const VALUES: [string, string][] = [
  ['password is blue-sky', `password is ${H}`],
  ['the password is Blue-Sky', `the password is ${H}`],
  ['the password is Blue-sky', `the password is ${H}`],
  ['password is Self-Made', `password is ${H}`],
  ['password is BLUE-SKY', `password is ${H}`],
  ['password is NORTH-HMI', `password is ${H}`],
  ['password is correct-horse-battery', `password is ${H}`],
  ['password is blue-sky-42', `password is ${H}`],
  ['the password is "up-to-date"', `the password is ${H}`],
  ['password set to blue-sky', `password set to ${H}`],
  ['PIN changed from 1234 to blue-sky', `PIN changed from ${H} to ${H}`],
];

/** 200 kB tokens after `is`: each read once. */
const LONG: [string, string][] = [
  [`password is ${'up-'.repeat(N / 3)}date`, `password is ${'up-'.repeat(N / 3)}date`], // hidden before
  [`password is ${'blue-'.repeat(N / 5)}sky`, `password is ${H}`],
  [`password is ${'a'.repeat(N)}-${'b'.repeat(N)}`, `password is ${H}`],
];

test('free text: a compound of prose after `is` or `to` stays as written', () => {
  for (const text of [...COMPOUNDS_STAY, ...BARE_STAY]) assert.equal(maskFreeText(text), text, text);
});

test('free text: one hyphenated word after `is` or `to` that is no compound of prose is hidden, and masking twice changes nothing', () => {
  for (const [text, masked] of VALUES) {
    assert.equal(maskFreeText(text), masked, text);
    assert.equal(maskFreeText(masked), masked, `again: ${masked}`);
  }
});

// A turn of the event loop between rows lets the timeout fail the test on the row that overran it.
test('free text: a 200 kB hyphenated token after `is` is masked in one pass (each row well under the 30 s timeout)', { timeout: 30_000 }, async () => {
  for (const [text, masked] of LONG) {
    assert.equal(maskFreeText(text), masked, text.slice(0, 40));
    await turn();
  }
});
