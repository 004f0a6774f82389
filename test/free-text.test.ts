// Free text people type (a note, a ticket, an author, a waiver's reason) hides the value after a secret's name in
// the forms people write, not only `name=value`: `PIN: 1234`, `password is hunter2`, `pass abc123`. Each form is
// a table of both directions: what is hidden, and the prose beside it that stays as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SECRET_NAMES, HIDDEN, SecretDetector, defaultSecretDetector, freeTextDetector, hideTreeSecrets, maskFreeText } from '../src/snapshot/secrets.js';
import type { RegTree } from '../src/types.js';

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
    stays: ['password policy: 90 days', 'Password changed: see CHG-7', 'Note: port moved to 5482', `Password: ${H}`, 'PIN:', 'PinCount: 4'],
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
