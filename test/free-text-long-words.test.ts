// Free text with a long word before a blank or a `-`, or a long run of punctuation after a secret's name, is masked
// in one pass over it: two end-of-text regexes (a name's last part, a token's trailing punctuation) were tried from
// each start, so 50 kB of such text took seconds, and a note of a few hundred kB would take minutes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as turn } from 'node:timers/promises';
import { HIDDEN, maskFreeText } from '../src/snapshot/secrets.js';

const H = HIDDEN;
const N = 200_000;

/** Text → what it becomes; at 50 kB each took 3 to 8 seconds before (the square of its length: sixteen times that at 200 kB), some milliseconds now. */
const ROWS: [string, string][] = [
  // A name's last part (`client_secretary`): found after the last blank or `-` of a 200 kB word.
  [`${'b'.repeat(N)} x`, `${'b'.repeat(N)} x`],
  [`token ${'b'.repeat(N)}-x`, `token ${'b'.repeat(N)}-x`],
  // A token's trailing punctuation (`hunter2.`): a 200 kB run of it before a letter.
  [`password ${'!'.repeat(N)}x`, `password ${H}`],
  [`the password is ${'.'.repeat(N)}x`, `the password is ${H}`],
];

// A turn of the event loop between rows lets the timeout fail the test on the row that overran it.
test('free text: a 200 kB word or run of punctuation is masked in one pass (each row well under the 30 s timeout)', { timeout: 30_000 }, async () => {
  for (const [text, masked] of ROWS) {
    assert.equal(maskFreeText(text), masked, text.slice(0, 40));
    await turn();
  }
});
