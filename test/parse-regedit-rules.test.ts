// Table of regedit's own import rules: strict `parse` takes exactly the files regedit imports whole and refuses,
// naming the line, any file with a line regedit would skip; --lenient yields what regedit imports, one warning a line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRegistry, readRegistryFile, toParseJson, type ParseJson } from '../src/collect/registry/index.js';
import { ExitCode, InputError } from '../src/errors.js';

const HKLM = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';
const V5 = 'Windows Registry Editor Version 5.00';

/** As `reg export` writes: UTF-16LE with a BOM, every line ended with CRLF (unless `end` says otherwise). */
function utf16(lines: string[], end = '\r\n', sep = '\r\n'): Uint8Array {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join(sep) + end, 'utf16le')]);
}
function utf8(lines: string[], sep = '\r\n', end = sep): Uint8Array {
  return Buffer.from(lines.join(sep) + end, 'utf8');
}
/** Header on line 1, the key on line 2, then `lines` from line 3. */
function body(...lines: string[]): string[] {
  return [V5, `[${HKLM}]`, ...lines];
}

type Value = ParseJson['keys'][number]['values'][number];
const sz = (name: string, data: string): Value => ({ name, type: 'REG_SZ', data });
const dw = (name: string, data: number): Value => ({ name, type: 'REG_DWORD', data });
const bin = (name: string, data: string): Value => ({ name, type: 'REG_BINARY', data });
/** The values of the one key, as both modes expect them. */
const values = (...v: Value[]): ParseJson['keys'] => [{ path: HKLM, values: v }];

interface RuleCase {
  name: string;
  bytes: Uint8Array;
  /** Strict: the keys read, or the line named in the error and its message. */
  strict: ParseJson['keys'] | { line: number; message: RegExp };
  /** --lenient: the keys read and the lines warned about; 'error' when the file stays refused. Default: as strict, no warnings. */
  lenient?: { keys: ParseJson['keys']; warnings: number[] } | 'error';
}

const cases: RuleCase[] = [
  // Line ends: regedit ends a line at CRLF, LF or a lone CR.
  { name: 'CR-only line ends (UTF-8)', bytes: utf8(body('"a"="x"', '"b"=dword:00000002'), '\r'), strict: values(sz('a', 'x'), dw('b', 2)) },
  { name: 'CR-only line ends (UTF-16LE)', bytes: utf16(body('"a"="x"', '"b"=hex:01,\\', '  02'), '\r', '\r'), strict: values(sz('a', 'x'), bin('b', '0102')) },
  { name: 'CR-only line ends: a CR line number counts', bytes: utf8(body('"a"="x"', 'junk'), '\r'), strict: { line: 4, message: /line 4: expected \[key\]/ }, lenient: { keys: values(sz('a', 'x')), warnings: [4] } },
  { name: 'CR, LF and CRLF mixed', bytes: Buffer.from(`${V5}\r[${HKLM}]\n"a"="x"\r\n"b"=hex:01,\\\r  02\n`), strict: values(sz('a', 'x'), bin('b', '0102')) },
  // Comments: ; and # lines; a comment never continues onto the next line.
  { name: '# comment line', bytes: utf16(body('# written by hand', '"a"="x"', '  # indented')), strict: values(sz('a', 'x')) },
  { name: '; comment ending in \\ does not continue', bytes: utf16(body('; note \\', '"a"="x"')), strict: values(sz('a', 'x')) },
  { name: '# comment ending in \\ does not continue', bytes: utf16(body('# note \\', '"a"="x"')), strict: values(sz('a', 'x')) },
  // Hex continuations.
  { name: 'blank line inside a hex continuation is skipped', bytes: utf16(body('"b"=hex:01,\\', '', '  02', '"c"="y"')), strict: values(bin('b', '0102'), sz('c', 'y')) },
  { name: '; comment line inside a hex continuation is skipped', bytes: utf16(body('"b"=hex:01,\\', '  ; more follows', '  02')), strict: values(bin('b', '0102')) },
  { name: 'a ; comment after the continuing backslash', bytes: utf16(body('"b"=hex:01,\\ ; more', '  02')), strict: values(bin('b', '0102')) },
  { name: 'continued right after hex:', bytes: utf16(body('"b"=hex:\\', '  01,02')), strict: values(bin('b', '0102')) },
  { name: 'a trailing comma without a backslash ends the value', bytes: utf16(body('"b"=hex:01,02,', '"c"=dword:00000003')), strict: values(bin('b', '0102'), dw('c', 3)) },
  { name: 'a ; comment after hex data', bytes: utf16(body('"b"=hex:01,02 ; two bytes', '"c"=hex:03,;x')), strict: values(bin('b', '0102'), bin('c', '03')) },
  {
    name: '# comment line inside a hex continuation drops the value',
    bytes: utf16(body('"b"=hex:01,\\', '# note', '  02', '"c"="y"')),
    strict: { line: 4, message: /line 4: the hex data of "b" continues from line 3 .* does not start with a hex digit: regedit skips both the value and this line/ },
    // The value and the # line are skipped; "  02" is then a line of its own, which regedit skips too.
    lenient: { keys: values(sz('c', 'y')), warnings: [4, 5] },
  },
  {
    name: 'continuation line starting with a comma',
    bytes: utf16(body('"b"=hex:01,\\', '  ,02', '"c"="y"')),
    strict: { line: 4, message: /line 4: the hex data of "b" continues from line 3 .* does not start with a hex digit/ },
    lenient: { keys: values(sz('c', 'y')), warnings: [4] },
  },
  {
    name: 'a backslash right after a byte (no comma) does not continue',
    bytes: utf16(body('"b"=hex:01\\', '"c"="y"')),
    strict: { line: 3, message: /line 3: "\\" after the hex byte "01" without a comma in the data of "b"; regedit continues hex data only after a comma, e\.g\. 01,\\$/ },
    lenient: { keys: values(sz('c', 'y')), warnings: [3] },
  },
  {
    name: '"a"=hex:…,\\ followed by a new value line: regedit skips both',
    bytes: utf16(body('"a"=hex:01,\\', '"n"="x"', '"m"="z"')),
    strict: { line: 4, message: /line 4: the hex data of "a" continues from line 3 \(trailing "\\"\) but this line does not start with a hex digit: regedit skips both/ },
    lenient: { keys: values(sz('m', 'z')), warnings: [4] },
  },
  {
    name: 'a key header after a continuation is skipped with the value',
    bytes: utf16(body('"a"=hex:01,\\', `[${HKLM}\\Next]`, '"m"="z"')),
    strict: { line: 4, message: /line 4: the hex data of "a" continues/ },
    lenient: { keys: values(sz('m', 'z')), warnings: [4] },
  },
  { name: 'a space before a comma', bytes: utf16(body('"b"=hex:01 ,02')), strict: { line: 3, message: /line 3: unexpected " ,02" after the hex byte "01" in the data of "b"; expected a comma \(with no space before it\)/ }, lenient: { keys: values(), warnings: [3] } },
  {
    name: 'a bad byte ends the value: its continuation lines are skipped too',
    bytes: utf16(body('"b"=hex:01,zz,\\', '  02', '"c"="y"')),
    strict: { line: 3, message: /line 3: invalid hex byte "zz" in the data of "b"/ },
    lenient: { keys: values(sz('c', 'y')), warnings: [3, 4] },
  },
  // Header: exactly as regedit writes it.
  { name: 'header REGEDIT4 in lower case', bytes: utf8(['regedit4', `[${HKLM}]`]), strict: { line: 1, message: /line 1: the header "regedit4" must be written "REGEDIT4", in exactly that letter case: regedit refuses/ }, lenient: 'error' },
  { name: 'header version 5 in upper case', bytes: utf16(['WINDOWS REGISTRY EDITOR VERSION 5.00', `[${HKLM}]`]), strict: { line: 1, message: /line 1: the header "WINDOWS REGISTRY EDITOR VERSION 5\.00" must be written "Windows Registry Editor Version 5\.00"/ }, lenient: 'error' },
  // dword: 1 to 8 hex digits, then nothing but a ; comment.
  { name: 'dword:1', bytes: utf16(body('"d"=dword:1', '"e"=dword:ffffffff', '"f"=dword: 0000abcd')), strict: values(dw('d', 1), dw('e', 4294967295), dw('f', 0xabcd)) },
  { name: 'dword with a ; comment', bytes: utf16(body('"d"=dword:00000001;one', '"e"=dword:2 ; two')), strict: values(dw('d', 1), dw('e', 2)) },
  ...(
    [
      ['nine digits', 'dword:000000001'],
      ['0x prefix', 'dword:0x1'],
      ['inner space', 'dword:0000 0001'],
      ['trailing text', 'dword:00000001x'],
      ['trailing word', 'dword:00000001 one'],
      ['a # comment', 'dword:00000001 #one'],
      ['no digits', 'dword:'],
    ] as const
  ).map(
    ([what, data]): RuleCase => ({
      name: `dword: ${what}`,
      bytes: utf16(body(`"d"=${data}`, '"e"="y"')),
      strict: { line: 3, message: /line 3: invalid dword .* in the data of "d"; expected dword: and 1 to 8 hex digits/ },
      lenient: { keys: values(sz('e', 'y')), warnings: [3] },
    }),
  ),
  // Truncation: every line of a UTF-16 export ends with CRLF.
  {
    name: 'UTF-16LE ending in a value line without CRLF is truncated',
    bytes: utf16(body('"a"="x"', '"Port"=dword:0000001'), ''),
    strict: { line: 4, message: /line 4: the file ends without a line break after the value "\\"Port\\"=dword:0000001": reg export and regedit end every line of a UTF-16 export with CRLF, so the export is truncated; export it again$/ },
    lenient: { keys: values(sz('a', 'x'), dw('Port', 1)), warnings: [4] },
  },
  {
    name: 'UTF-16LE ending in a hex continuation without CRLF is truncated',
    bytes: utf16(body('"b"=hex:01,02,\\', '  03,04'), ''),
    strict: { line: 4, message: /line 4: the file ends without a line break after the hex data of "b" \(from line 3\): .* truncated/ },
    lenient: { keys: values(bin('b', '01020304')), warnings: [4] },
  },
  {
    name: 'UTF-16LE cut inside a value name',
    bytes: utf16(body('"a"="x"', '"Por'), ''),
    strict: { line: 4, message: /line 4: the file ends without a line break after the value "\\"Por": .* truncated/ },
    lenient: { keys: values(sz('a', 'x')), warnings: [4] },
  },
  { name: 'UTF-16LE ending in a key header without CRLF is complete', bytes: utf16(body('"a"="x"', '', `[${HKLM}]`), ''), strict: [...values(sz('a', 'x')), { path: HKLM, values: [] }] },
  { name: 'UTF-16LE ending in a comment without CRLF is complete', bytes: utf16(body('"a"="x"', '; end'), ''), strict: values(sz('a', 'x')) },
  { name: 'UTF-16LE ending in a blank line without CRLF is complete', bytes: utf16(body('"a"="x"', '  '), ''), strict: values(sz('a', 'x')) },
  { name: 'hand-made UTF-8 ending in a value without a line break', bytes: utf8(body('"a"="x"', '"Port"=dword:00000001'), '\n', ''), strict: values(sz('a', 'x'), dw('Port', 1)) },
  { name: 'hand-made UTF-8 ending in a string without a line break', bytes: utf8(body('"a"="x"', '"b"="y"'), '\n', ''), strict: values(sz('a', 'x'), sz('b', 'y')) },
  {
    // regedit writes 8 digits: 0000001 at the very end is 0000001x cut off, not 1.
    name: 'UTF-8 ending in a dword of fewer than 8 digits without a line break: cut',
    bytes: utf8(body('"a"="x"', '"Port"=dword:0000001'), '\n', ''),
    strict: { line: 4, message: /line 4: the file ends without a line break after the value "\\"Port\\"=dword:0000001", a dword of fewer than the 8 hex digits regedit writes: the export looks truncated; export it again \(or end the line, if it was written so by hand\)$/ },
    lenient: { keys: values(sz('a', 'x'), dw('Port', 1)), warnings: [4] },
  },
  { name: 'hand-made UTF-8 ending in complete hex data without a line break', bytes: utf8(body('"b"=hex:01,\\', '  02'), '\n', ''), strict: values(bin('b', '0102')) },
];

test("regedit's import rules, strict and --lenient", async (t) => {
  const names = new Set<string>();
  for (const c of cases) {
    assert.ok(!names.has(c.name), `duplicate case ${c.name}`);
    names.add(c.name);
    await t.test(c.name, () => {
      if (Array.isArray(c.strict)) {
        assert.deepEqual(toParseJson(parseRegistry(c.bytes, { file: 'rules.reg' })), { format: 'regedit5', keys: c.strict });
      } else {
        const expected = c.strict;
        assert.throws(
          () => parseRegistry(c.bytes, { file: 'rules.reg' }),
          (e: unknown) => e instanceof InputError && e.exitCode === ExitCode.INPUT && e.line === expected.line && e.message.startsWith(`rules.reg: line ${expected.line}: `) && expected.message.test(e.message),
        );
      }
      const lenient = c.lenient ?? (Array.isArray(c.strict) ? { keys: c.strict, warnings: [] } : undefined);
      assert.ok(lenient !== undefined, 'a refused case says what --lenient does');
      if (lenient === 'error') {
        assert.throws(() => parseRegistry(c.bytes, { file: 'rules.reg', lenient: true }), InputError);
        return;
      }
      const json = toParseJson(parseRegistry(c.bytes, { file: 'rules.reg', lenient: true }));
      assert.deepEqual(json.keys, lenient.keys);
      assert.deepEqual(json.warnings?.map((w) => w.line) ?? [], lenient.warnings);
    });
  }
});

test('streamed: CR-only line ends across read chunks, and a truncated multi-megabyte UTF-16 export', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-rules-'));
  try {
    const lines = [V5, ''];
    for (let i = 0; i < 40_000; i++) lines.push(`[${HKLM}\\K${i}]`, `"Port"=dword:${i.toString(16).padStart(8, '0')}`, '"Blob"=hex:01,02,\\', '  03');
    const crOnly = join(dir, 'cr.reg');
    writeFileSync(crOnly, utf16(lines, '\r', '\r'));
    const tree = await readRegistryFile(crOnly);
    assert.equal(tree.keys.length, 40_000);
    assert.deepEqual(tree.keys[39_999].values.map((v) => [v.name, v.data, v.line]), [
      ['Port', 39_999, 2 + 39_999 * 4 + 2],
      ['Blob', '010203', 2 + 39_999 * 4 + 3],
    ]);
    // Cut 10 bytes short: the last line reads `  0` in a UTF-16 file, where every line ends with CRLF.
    const whole = utf16(lines);
    const cut = join(dir, 'cut.reg');
    writeFileSync(cut, whole.subarray(0, whole.length - 6));
    const lastLine = lines.length;
    await assert.rejects(readRegistryFile(cut, { displayName: 'cut.reg' }), (e: unknown) => e instanceof InputError && e.line === lastLine && /truncated/.test(e.message));
    const lenient = await readRegistryFile(cut, { lenient: true });
    assert.deepEqual(lenient.warnings?.map((w) => w.line), [lastLine]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
