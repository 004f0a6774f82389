// Values shown side by side: each as a person reads it, unless two that differ would read alike; then exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acceptedNow, showChange, showValues, type ShowOptions } from '../src/report/display.js';
import type { DisplayValue } from '../src/types.js';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

const secret = (same?: boolean): DisplayValue => ({ secret: true, set: true, ...(same !== undefined ? { same } : {}) });

const cases: { name: string; values: DisplayValue[]; opts?: ShowOptions; texts: string[]; lines?: string[][] }[] = [
  { name: 'values that read apart stay plain', values: [5481, 5482], texts: ['5481', '5482'] },
  { name: 'equal values stay plain', values: ['x', 'x'], texts: ['x', 'x'] },
  { name: 'a number and its text', values: [80, '80'], texts: ['80', '"80"'] },
  { name: 'a space at the end', values: ['abc', 'abc '], texts: ['"abc"', '"abc "'] },
  { name: 'an absent value and the text "(absent)"', values: [null, '(absent)'], texts: ['(absent)', '"(absent)"'] },
  { name: 'a line break and the sign shown for it', values: ['a\nb', 'a⏎b'], texts: ['"a\\nb"', '"a⏎b"'] },
  { name: 'a list and a text that reads as it', values: [['a', 'b'], '[a, b]'], texts: ['["a", "b"]', '"[a, b]"'] },
  { name: 'a list item with a space at its end', values: [['a', 'b'], ['a', 'b ']], texts: ['["a", "b"]', '["a", "b "]'], lines: [['"a"', '"b"'], ['"a"', '"b "']] },
  { name: 'a list and a text of the same lines', values: [['a', 'b'], 'a\nb'], texts: ['["a", "b"]', '"a\\nb"'], lines: [['"a"', '"b"'], ['"a\\n"', '"b"']] },
  { name: 'the third of three servers', values: [80, 80, '80'], texts: ['80', '80', '"80"'] },
  { name: 'sizes that read apart', values: [1048576, 2097152], opts: { sizes: true }, texts: ['1 MiB', '2 MiB'] },
  { name: 'sizes that round alike', values: [1048576, 1048577], opts: { sizes: true }, texts: ['1048576 bytes', '1048577 bytes'] },
  { name: 'secrets known to differ', values: [secret(false), secret(false)], texts: ['set (different)', 'set (different)'] },
  { name: 'a secret beside the text "set"', values: [secret(), 'set'], texts: ['set', '"set"'] },
];

for (const c of cases)
  test(`showValues: ${c.name}`, () => {
    const shown = showValues(c.values, c.opts);
    assert.deepEqual(
      shown.map((s) => s.text),
      c.texts,
    );
    if (c.lines) assert.deepEqual(
      shown.map((s) => s.lines),
      c.lines,
    );
  });

test('showChange and acceptedNow: a change between values that read alike is shown exactly', () => {
  assert.deepEqual(showChange(80, '80'), ['80', '"80"']);
  assert.deepEqual(showChange(null, '(absent)'), ['(absent)', '"(absent)"']);
  assert.deepEqual(showChange(1, 2), ['1', '2']);
  assert.equal(acceptedNow('C:\\Data', 'C:\\Data '), 'accepted "C:\\\\Data", now "C:\\\\Data "');
});

test('audit: a port held as a number on the Main and as text on the Standby reads apart in text and Markdown', async () => {
  const { dir, cleanup } = tempDir('pairaudit-display-');
  try {
    cpSync('fixtures/pairs/healthy', dir, { recursive: true });
    const reg = join(dir, 'standby-a', 'ClearSCADA.reg');
    const text = readFileSync(reg, 'utf16le');
    assert.ok(text.includes('"Port"=dword:00001569'));
    writeFileSync(reg, text.replace('"Port"=dword:00001569', '"Port"="5481"'), 'utf16le');
    const shown: Record<string, (out: string) => string[]> = {
      // The value lines under the finding: "Main (NORTH-A)  5481", "Standby A (NORTH-B)  \"5481\"" (db-port's, the
      // first finding listed; the port mirrors that find the two ports stored as different types follow it).
      text: (out) => out.split('\n').flatMap((l) => /^\s+(Main|Standby A) \(NORTH-[AB]\)\s+(.*)$/.exec(l)?.[2] ?? []).slice(0, 2),
      // The table row's Main and Standby cells.
      markdown: (out) => (out.split('\n').find((l) => l.includes('`db-port`'))?.split(' | ') ?? []).slice(3, 5),
    };
    for (const [format, cells] of Object.entries(shown)) {
      const r = await runCli(['audit', join(dir, 'main'), join(dir, 'standby-a'), '--format', format], { cwd: dir });
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(cells(r.stdout), format === 'text' ? ['5481', '"5481"'] : ['`5481`', '`"5481"`'], format);
    }
  } finally {
    cleanup();
  }
});
