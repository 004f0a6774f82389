// Red team of the outputs: characters that show nothing (zero-width space, word joiner, BOM, soft hyphen, fillers,
// tags, a joiner between Latin letters, a lone surrogate) are shown as escapes in every format but JSON, so that two
// names or values that differ never read alike (`Login` beside `Lo\u200bgin`); JSON keeps the data.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { neutralise } from '../src/report/sanitize.js';
import { renderAudit, type FormatName } from '../src/report/index.js';
import type { Finding } from '../src/types.js';
import { pdfText, sampleFindings, sampleResult } from './report-fixture.js';

const NEUTRALISED: { name: string; text: string; shown: string }[] = [
  { name: 'zero-width space', text: 'Lo\u200bgin', shown: 'Lo\\u200bgin' },
  { name: 'word joiner and invisible operators', text: 'a\u2060b\u2062c\u2064d', shown: 'a\\u2060b\\u2062c\\u2064d' },
  { name: 'BOM inside text', text: 'Port\ufeff', shown: 'Port\\ufeff' },
  { name: 'soft hyphen', text: 'Pass\u00adword', shown: 'Pass\\u00adword' },
  { name: 'combining grapheme joiner', text: 'a\u034fb', shown: 'a\\u034fb' },
  { name: 'Hangul fillers (they print as blanks)', text: '\u3164\u115f\u1160\uffa0', shown: '\\u3164\\u115f\\u1160\\uffa0' },
  { name: 'Mongolian vowel separator and selectors', text: 'a\u180eb\u180bc', shown: 'a\\u180eb\\u180bc' },
  { name: 'Khmer inherent vowels', text: 'a\u17b4\u17b5', shown: 'a\\u17b4\\u17b5' },
  { name: 'interlinear annotation', text: '\ufff9x\ufffay\ufffb', shown: '\\ufff9x\\ufffay\\ufffb' },
  { name: 'deprecated format characters', text: 'a\u206ab\u206f', shown: 'a\\u206ab\\u206f' },
  { name: 'non-characters', text: 'a\ufffeb\uffff', shown: 'a\\ufffeb\\uffff' },
  { name: 'a tag character (beyond U+FFFF) as its surrogates, a valid JSON escape', text: 'x\u{e0041}y', shown: 'x\\udb40\\udc41y' },
  { name: 'musical and shorthand format controls', text: '\u{1d173}\u{1bca0}', shown: '\\ud834\\udd73\\ud82f\\udca0' },
  { name: 'a lone high surrogate', text: 'a\ud800b', shown: 'a\\ud800b' },
  { name: 'a lone low surrogate', text: 'a\udc00b', shown: 'a\\udc00b' },
  { name: 'ZWJ between Latin letters', text: 'Lo\u200dgin', shown: 'Lo\\u200dgin' },
  { name: 'ZWNJ at the start', text: '\u200cPort', shown: '\\u200cPort' },
  { name: 'a variation selector after a Latin letter', text: 'a\ufe0fb', shown: 'a\\ufe0fb' },
  { name: 'kept: an emoji (a surrogate pair)', text: 'ok 💩', shown: 'ok 💩' },
  { name: 'kept: an emoji ZWJ sequence and a selector after a symbol', text: '👨\u200d👩\u200d👧 ❤\ufe0f', shown: '👨\u200d👩\u200d👧 ❤\ufe0f' },
  { name: 'kept: ZWNJ inside a Persian word, ZWJ in Devanagari', text: 'می\u200cخواهم क्\u200dष', shown: 'می\u200cخواهم क्\u200dष' },
  { name: 'kept: CJK and Latin-1', text: 'Überwachung — 監視サーバー', shown: 'Überwachung — 監視サーバー' },
];

for (const c of NEUTRALISED) test(`neutralise: ${c.name}`, () => assert.equal(neutralise(c.text), c.shown));

/** Two settings whose names differ by a zero-width space, and two values that differ by a tag character. */
function lookalikes(): Finding[] {
  const [a, b] = sampleFindings();
  return [
    { ...a!, setting: 'reg:RedTeam\\Login', message: 'reg:RedTeam\\Login is set on Main but not on Standby A', values: { main: 'x', 'standby-a': null } },
    { ...b!, setting: 'reg:RedTeam\\Lo\u200bgin', message: 'reg:RedTeam\\Lo\u200bgin is set on Standby A but not on Main', values: { main: 'abc', 'standby-a': 'abc\u{e0041}' } },
  ];
}

const FORMATS: { format: FormatName; read: (out: string | Uint8Array, t: TestContext) => string | undefined }[] = [
  { format: 'text', read: (out) => out as string },
  { format: 'markdown', read: (out) => out as string },
  { format: 'junit', read: (out) => out as string },
  // The page's data is JSON in a script element: a backslash in a string is written twice there.
  { format: 'html', read: (out) => (out as string).replace(/\\\\/g, '\\') },
  {
    format: 'pdf',
    read: (out, t) => {
      const text = pdfText(out as Uint8Array, '-raw');
      if (text === undefined) t.skip('pdftotext is not installed');
      return text?.replace(/\s+/g, '');
    },
  },
];

for (const c of FORMATS) {
  test(`${c.format}: names and values that differ by an invisible character read differently`, async (t) => {
    const text = c.read(await renderAudit(sampleResult(lookalikes()), c.format, { color: false }), t);
    if (text === undefined) return;
    assert.equal(/[\u200b\u{e0041}]/u.test(text), false, 'no invisible character is written');
    assert.ok(text.includes('Lo\\u200bgin'), 'the name shows its zero-width space');
    assert.ok(text.includes('abc\\udb40\\udc41'), 'the value shows its tag character');
  });
}

test('json: the data is kept (the invisible characters written as escapes of the same characters)', async () => {
  const json = (await renderAudit(sampleResult(lookalikes()), 'json', { color: false })) as string;
  const settings = (JSON.parse(json) as { findings: { setting: string }[] }).findings.map((f) => f.setting);
  assert.ok(settings.includes('reg:RedTeam\\Lo\u200bgin'));
});
