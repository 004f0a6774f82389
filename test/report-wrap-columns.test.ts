// The columns a text takes on a terminal (wrap.ts): the quick count equals counting each character with the wide test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columns, wrap } from '../src/report/wrap.js';

/** The count as it was made before: each code point tested alone. */
function reference(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{3FFFD}]/u.test(ch) ? 2 : 1;
  return n;
}

const cases: [string, string][] = [
  ['empty', ''],
  ['ASCII', 'HKLM\\SOFTWARE\\Schneider Electric\\ClearSCADA'],
  ['Latin-1 and punctuation below U+1100', 'Überwachung — café ¼'],
  ['narrow characters past U+1100', 'Server Status › Modules ↔ ⏎ ✓'],
  ['CJK and Hangul (wide)', '監視サーバー 한국어'],
  ['the edges of each wide range', '\u1100\u115f\u1160\u2e7f\u2e80\ua4cf\ua4d0\uac00\ud7a3\ud7a4\uf8ff\uf900\ufaff\ufb00\ufe2f\ufe30\ufe4f\ufe50\ufeff\uff00\uff60\uff61\uffdf\uffe0\uffe6\uffe7'],
  ['full-width forms', 'ＡＢＣ１２３'],
  ['a surrogate pair outside the wide planes (one column)', 'ok 😀 done'],
  ['surrogate pairs in the wide plane (two columns)', '\u{20000}\u{2A6D6}\u{3FFFD}\u{3FFFE}'],
  ['lone surrogates, and a pair the wrong way round', 'a\ud800b\udc00c\udc00\ud800d\ud83d'],
  ['a long mixed text', `${'x'.repeat(500)}監${'›'.repeat(300)}😀\u{20001}\ud800`],
];

for (const [name, s] of cases) test(`columns: ${name}`, () => assert.equal(columns(s), reference(s)));

test('wrap: wide characters fill a line by their columns', () => {
  assert.deepEqual(wrap('監視 監視 監視', 10), ['監視 監視', '監視']);
  assert.deepEqual(wrap('ab › cd › ef', 7), ['ab › cd', '› ef']);
});
