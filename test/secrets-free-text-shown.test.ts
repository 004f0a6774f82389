// Free text that hid a word of prose as a password: German's `auf` before a system's name (`Passwort auf RTU-7
// geändert`: on RTU-7, not to it) and a standard's name after `is` (`the password is SHA-256 hashed`). SHOWN was
// masked before; HIDDEN the near misses, a passphrase after `auf` or `is` that stays hidden, RTU-7's password too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HIDDEN, maskFreeText } from '../src/snapshot/secrets.js';

const H = HIDDEN;

/** Shown as typed: each had a word hidden before. */
const SHOWN = [
  'Passwort auf RTU-7 geändert',
  'Kennwort auf HMI-2 zurückgesetzt, Ticket CHG-912',
  'Passwort auf PLC-3 gesetzt',
  'the password is SHA-256 hashed',
  'the password was SHA-1 hashed before the upgrade',
  'the password is TLS-1.2 protected in transit',
  'the PIN is ISO-9564 formatted',
];

/** Typed → as masked: the passphrase after `auf` or `is` stays hidden, whatever comes before it. */
const HIDDEN_ROWS: [string, string][] = [
  ['Passwort auf Blau-Himmel gesetzt', `Passwort auf ${H} gesetzt`],
  ['Kennwort geändert auf Grau-Stein', `Kennwort geändert auf ${H}`],
  ['Passwort auf Hunter2 geändert', `Passwort auf ${H} geändert`],
  ['Passwort auf RTU-7 auf Blau-Himmel geändert', `Passwort auf RTU-7 auf ${H} geändert`],
  ['Passwort auf RTU-7: Blau-Himmel', `Passwort auf RTU-7: ${H}`],
  ['Passwort auf RTU-7 geändert auf Grau-Stein', `Passwort auf RTU-7 geändert auf ${H}`],
  ['Passwort auf ABC-123 gesetzt', `Passwort auf ${H} gesetzt`],
  ['the password is Hunter2', `the password is ${H}`],
  ['the password is ABC-123', `the password is ${H}`],
  ['the password is "SHA-256"', `the password is ${H}`],
  ['the password is sha-256', `the password is ${H}`],
  ['password for RTU-7 is BLUE-SKY', `password for RTU-7 is ${H}`],
];

test('free text: a system\'s name after auf and a standard\'s after is are shown; a passphrase there stays hidden', () => {
  for (const text of SHOWN) assert.equal(maskFreeText(text), text, text);
  for (const [text, masked] of HIDDEN_ROWS) {
    assert.equal(maskFreeText(text), masked, text);
    assert.equal(maskFreeText(masked), masked, `again: ${masked}`);
  }
});
