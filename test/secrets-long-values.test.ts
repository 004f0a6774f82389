// Registry values are untrusted and may be long (a script, a list of certificates, or an export made to stall an
// unattended audit): every content pattern reads such a value in one pass. The HTTP Basic pattern read the blanks
// after `Basic` again from each of them (its lookbehind for an Authorization header's name): "Basic" and 40,000
// blanks took 2 s, 200,000 blanks about a minute; each row below now takes milliseconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as turn } from 'node:timers/promises';
import { HIDDEN, defaultSecretDetector } from '../src/snapshot/secrets.js';

const N = 200_000;

/** A long value → whether a secret is found in it. */
const ROWS: [string, string, boolean][] = [
  ['Basic and blanks', `Basic${' '.repeat(N)}x`, false],
  ['Basic and tabs, then a credential', `Basic${'\t'.repeat(N)}dXNlcjpodW50ZXIy`, true],
  ['an Authorization header, blanks, a short credential', `Authorization: Basic${' '.repeat(N)}YTpi`, true],
  ['Basic repeated', 'Basic '.repeat(N / 6), false],
];

// A turn of the event loop between rows lets the timeout fail the test on the row that overran it.
test('content patterns: a 200 kB value is read in one pass (each row well under the 30 s timeout)', { timeout: 30_000 }, async () => {
  const detector = defaultSecretDetector();
  for (const [what, text, secret] of ROWS) {
    const found = detector.inspectContent(text, 'REG_SZ');
    assert.equal(found !== undefined && found.kind !== 'none', secret, what);
    await turn();
  }
});

test('content patterns: the Basic pattern still hides a credential after its blanks, and the blanks stay', () => {
  const detector = defaultSecretDetector();
  const masked = detector.maskText(`Authorization: Basic  \t YTpi`);
  assert.equal(masked, `Authorization: Basic  \t ${HIDDEN}`);
});
