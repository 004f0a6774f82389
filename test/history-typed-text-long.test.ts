// Store version 10 reads what people typed again (src/history/migrations/typed-text.ts): a long note must not stall
// `pairaudit migrate`. Each `(hidden)` after a word was read again with the whole note, and a word's blanks were
// read again from each of them: a 40 kB note of such values took 11 s, 100 kB over a minute. Now each is read within
// its line, in a window around it. Long rows under a timeout far above what they take (~5 s here; a busy 2-core CI
// included) and far below what the old reading took (108 s for the first row alone); what each row gives is checked too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as turn } from 'node:timers/promises';
import { maskTypedAgain } from '../src/history/migrations/typed-text.js';
import { defaultSecretDetector, HIDDEN } from '../src/snapshot/secrets.js';

const N = 100_000;
const ROWS: { name: string; text: string; hidden: number }[] = [
  { name: 'one line of passphrases an older version left after a hidden word', text: `das Kennwort ${HIDDEN} Nord-Licht `.repeat(N / 30), hidden: 2 * Math.floor(N / 30) },
  { name: 'a line each', text: `das Kennwort ${HIDDEN} Nord-Licht\n`.repeat(N / 30), hidden: 2 * Math.floor(N / 30) },
  { name: 'a secret name, then blanks', text: `Kennwort${' '.repeat(N)}x`, hidden: 1 },
  { name: 'a hidden value, then blanks', text: `Kennwort ${HIDDEN}${' '.repeat(N)}x`, hidden: 2 },
  { name: 'one word of letters', text: 'a'.repeat(N), hidden: 0 },
];

// A turn of the event loop after each row lets the timeout fail the test on the row that overran it (a synchronous
// row alone ends before the timer can fire).
test(`typed text read again, ${N / 1000} kB rows: each passphrase hidden, each row well under the 30 s timeout`, { timeout: 30_000 }, async () => {
  const detector = defaultSecretDetector();
  for (const r of ROWS) {
    const out = maskTypedAgain(r.text, detector);
    assert.equal(out.split(HIDDEN).length - 1, r.hidden, r.name);
    assert.ok(!out.includes('Nord-Licht'), `${r.name}: no passphrase left`);
    await turn();
  }
});
