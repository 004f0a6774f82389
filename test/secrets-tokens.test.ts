// A JSON Web Token (`eyJ….eyJ….…`) or an HTTP `Bearer` credential in a registry value whose name is no secret's is
// found by its content: the token is hidden (`Bearer (hidden)`) and compared by its keyed hash, the rest stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HIDDEN, defaultSecretDetector } from '../src/snapshot/secrets.js';
import { assertContentRows, assertNoSecretEndToEnd, assertShortcutsAgree, clearScadaExport } from './secrets-leak-check.js';

const H = HIDDEN;
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcHMifQ.c2lnbmF0dXJl';
const UNSIGNED = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJvcHMifQ.';

/** Data → what it becomes (REG_SZ, or a list as REG_MULTI_SZ). */
const HIDDEN_ROWS: [string | string[], string | string[]][] = [
  [JWT, H],
  [UNSIGNED, H],
  [`Bearer ${JWT}`, `Bearer ${H}`],
  ['Bearer abcdefgh12345678ijkl', `Bearer ${H}`],
  ['bearer abcdefgh12345678ijkl', `bearer ${H}`],
  ['BEARER abcdefgh12345678ijkl', `BEARER ${H}`],
  ['Authorization: Bearer dGhpcyBpcyBhIHRva2Vu==', `Authorization: Bearer ${H}`],
  ['{"auth":"Bearer abcdefgh12345678ijkl","timeout":30}', `{"auth":"Bearer ${H}","timeout":30}`],
  [`session ${JWT} cached`, `session ${H} cached`],
  [['X-Trace: on', `Authorization: Bearer ${JWT}`], ['X-Trace: on', `Authorization: Bearer ${H}`]],
];

/** Text that stays as it is: prose about tokens, short or wordy credentials, something that only starts like a token. */
const STAYS = ['Bearer tokens are rotated monthly', 'Use a Bearer token for the API', 'Bearer', 'eyJ is how a JSON Web Token starts', 'eyJhbGciOiJIUzI1NiJ9', 'eyJabc.eyJabc.x', 'C:\\Program Files\\Bearer', 'Bearer abc123'];

test('a JSON Web Token or a Bearer credential in a value under any name: hidden by its content, the rest readable', () => {
  assertContentRows(HIDDEN_ROWS, STAYS);
});

test('the token patterns\' shortcut (a String.includes of `eyJ`, `Bearer `) finds what the patterns find', () => {
  assertShortcutsAgree([...HIDDEN_ROWS.map(([data]) => data).filter((d) => typeof d === 'string'), ...STAYS, 'plain text', '10.1.2.3', `${JWT}=x`, `x@y ${JWT}`]);
});

test('free text and messages: a token is hidden by the content patterns as well', () => {
  const d = defaultSecretDetector();
  assert.equal(d.maskText(`see ${JWT} in the vault`), `see ${H} in the vault`);
  assert.equal(d.maskMessage(`line 3: "Header"="Bearer abcdefgh12345678ijkl" could not be read`), `line 3: "Header"="Bearer ${H}" could not be read`);
});

// ─── End to end: every report format, the change records and every file of the store ─────────────


/** An export with a JSON Web Token and a Bearer credential under names that are no secret's; `sig` makes them differ. */
function exportOf(label: string, sig: string): string {
  return clearScadaExport(label, {
    WebX: [`"SessionData"="eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3ZWJ4In0.${sig}Jwt"`, `"RequestHeader"="Authorization: Bearer ${sig}Bearer42x"`, '"Timeout"=dword:0000001e'],
  });
}

test('a token under a name that is no secret shows in no report format, no change record and no file of the store', async (t) => {
  const d = defaultSecretDetector();
  for (const name of ['SessionData', 'RequestHeader']) assert.equal(d.isSecretName(name), false, `${name}: found by its content, not by its name`);
  const { audit, main: s } = await assertNoSecretEndToEnd(t, exportOf, { main: 'MainLeakSig7', standby: 'StbyLeakSig8', renewed: 'RenewedLeakSig9' }, ['eyJzdWIiOiJ3ZWJ4In0', 'MainLeakSig7', 'StbyLeakSig8']);
  assert.match(audit.text, /differs \(values hidden\)/, 'the differing tokens are compared');
  const byValue = (valueName: string): string => Object.keys(s.settings).find((n) => s.settings[n].source.valueName === valueName) ?? valueName;
  assert.equal(s.settings[byValue('SessionData')].value, H);
  assert.equal(s.settings[byValue('RequestHeader')].value, `Authorization: Bearer ${H}`);
});
