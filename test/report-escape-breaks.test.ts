// A line of a report never breaks inside the escape a neutralised character is shown as (`\u0090`): text, HTML and PDF.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AFTER_SEPARATOR, breakSegments, unbreakableUnits } from '../src/report/breaks.js';
import { createPdfReport, drawTable, pdfBytes } from '../src/report/pdf/document.js';
import { neutralise, SHOWN_AFTER_BACKSLASH } from '../src/report/sanitize.js';
import { wrap, wrapPath } from '../src/report/wrap.js';
import { tempDir } from './history-fixtures.js';
import { missing } from './prerequisites.js';

const escape = new RegExp(String.raw`^\\(?:${SHOWN_AFTER_BACKSLASH})$`);
/** A value name of a REGEDIT4 export in code page 932 read as Windows-1252, neutralised (`\u0090à–¾`). */
const mojibake = neutralise('\u0090à–¾');

test('SHOWN_AFTER_BACKSLASH: every escape neutralise writes, and no other', () => {
  for (let cp = 0; cp < 0x10000; cp++) {
    const ch = String.fromCodePoint(cp);
    const shown = neutralise(ch);
    if (shown !== ch) assert.match(shown, escape, `U+${cp.toString(16)}`);
  }
  // A key named x86 or u00a0 is a key: the backslash before it is still a place to break.
  for (const text of ['\\x86', '\\x20', '\\u00a0', '\\u200a', '\\X1b', '\\U0090']) assert.doesNotMatch(text, escape, text);
});

test('breakSegments: after a backslash, except one that opens an escape', () => {
  const cases: [string, string[]][] = [
    ['HKLM\\SOFTWARE\\ClearSCADA', ['HKLM\\', 'SOFTWARE\\', 'ClearSCADA']],
    [`ClearSCADA\\${mojibake}x`, ['ClearSCADA\\\\u0090à–¾x']],
    ['a\\x1b[31mred\\x1b[0m', ['a\\x1b[31mred\\x1b[0m']],
    ['Wow6432Node\\x86\\tools', ['Wow6432Node\\', 'x86\\', 'tools']],
    ['bidi\\u202eexe.png', ['bidi\\u202eexe.', 'png']],
    ['path/u0090\\u0090', ['path/', 'u0090\\u0090']],
  ];
  for (const [text, segments] of cases) {
    assert.deepEqual(breakSegments(text), segments, text);
    // The audit page's script splits with the same pattern, as a fresh RegExp of its source (templates/audit-report.js).
    assert.deepEqual(text.split(new RegExp(AFTER_SEPARATOR.source, 'u')), segments, `${text} in the browser`);
  }
  assert.deepEqual([...unbreakableUnits(`ab\\${mojibake}\\x1bc`)], ['a', 'b', '\\', '\\u0090', 'à', '–', '¾', '\\x1b', 'c']);
});

test('wrap and wrapPath: no line ends inside an escape', () => {
  const where = `at sb-regedit4-cp932.reg:7 HKLM\\SOFTWARE\\Schneider Electric\\ClearSCADA › ${mojibake}`;
  for (let width = 40; width <= 90; width++) {
    for (const lines of [wrapPath(where, width, '      ', '         '), wrap(`reg:${mojibake.repeat(40)}`, width, '    ')]) {
      for (const [i, line] of lines.entries()) {
        assert.doesNotMatch(line, /\\(?:u[0-9a-f]{0,3}|x[01]?)$/, `line ${i} at ${width} columns ends inside an escape: ${JSON.stringify(lines)}`);
        assert.ok(!/^\s*[0-9a-f]/.test(line) || i === 0 || !/\\$/.test(lines[i - 1]!), `line ${i} at ${width} columns: ${JSON.stringify(lines)}`);
      }
    }
  }
  assert.deepEqual(wrap('\\u0090\\u0090\\u0090', 8, '  '), ['  \\u0090', '  \\u0090', '  \\u0090']);
});

test('pdf: a cell of escapes wider than its column breaks between them', async (t: TestContext) => {
  const why = missing('pdftotext');
  if (why !== false) return t.skip(why);
  const r = createPdfReport({ title: 'escapes', date: new Date(0) });
  drawTable(r, { columns: [{ header: 'Name', width: 70 }, { header: 'Rest', width: r.width - 70 }], rows: [[[{ text: `reg:${'\\u0090'.repeat(24)}` }], [{ text: 'x' }]]] });
  const { dir, cleanup } = tempDir('pairaudit-escape-pdf-');
  t.after(cleanup);
  writeFileSync(join(dir, 'e.pdf'), await pdfBytes(r.doc));
  const lines = execFileSync('pdftotext', ['-raw', join(dir, 'e.pdf'), '-'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes('u0090'));
  assert.ok(lines.length >= 3, `the cell did not wrap: ${JSON.stringify(lines)}`);
  for (const line of lines) assert.match(line.replace(/\s*x$/, ''), /^(?:reg:)?(?:\\u0090)+$/, JSON.stringify(lines));
});
