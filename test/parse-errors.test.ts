// Table of malformed inputs: each gives one clear line naming file and line (exit code 2), or with --lenient a warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRegistry, toParseJson } from '../src/collect/registry/index.js';
import { ExitCode, InputError } from '../src/errors.js';

const HKLM = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';
const V5 = 'Windows Registry Editor Version 5.00';

function utf16le(text: string): Uint8Array {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}
function crlf(...lines: string[]): string {
  return lines.join('\r\n') + '\r\n';
}
/** An export whose line 3 is the key header and line 4 onwards are the given lines. */
function withKey(...lines: string[]): Uint8Array {
  return utf16le(crlf(V5, '', `[${HKLM}]`, ...lines));
}

interface ErrorCase {
  name: string;
  bytes: Uint8Array;
  message: RegExp;
  /** Line named in the error; undefined for problems with the whole file. */
  line?: number;
  /** With --lenient: the warning lines, or 'error' when the problem stays fatal. */
  lenient: number[] | 'error';
}

const cases: ErrorCase[] = [
  { name: 'empty file', bytes: new Uint8Array(0), message: /: empty file; expected a registry export .*reg export/, lenient: 'error' },
  { name: 'only a BOM', bytes: Buffer.from([0xff, 0xfe]), message: /: empty file/, lenient: 'error' },
  { name: 'only blank lines', bytes: utf16le('\r\n  \r\n\r\n'), message: /: empty file/, lenient: 'error' },
  { name: 'wrong header', bytes: utf16le(crlf('Windows Registry Editor Version 4.00', `[${HKLM}]`)), message: /: line 1: expected the header "Windows Registry Editor Version 5\.00" or "REGEDIT4".*found "Windows Registry Editor Version 4\.00"; is this a registry export\?$/, line: 1, lenient: 'error' },
  { name: 'a text file that is not an export', bytes: Buffer.from('engUnits\tCSparkplugBPointAnalog\tUnits\nFullScale\tX\tY\n'), message: /: line 1: expected the header .* found "engUnits\\tCSparkplugBPointAnalog\\tUnits"; is this a registry export\?$/, line: 1, lenient: 'error' },
  { name: 'header missing', bytes: utf16le(crlf('', `[${HKLM}]`, '"A"=dword:00000001')), message: /: line 2: the header line is missing: a registry export starts with "Windows Registry Editor Version 5\.00" .*add it as the first line$/, line: 2, lenient: 'error' },
  { name: 'header after other text', bytes: Buffer.from(`hello\n${V5}\n`), message: /line 1: expected the header/, line: 1, lenient: 'error' },
  { name: 'UTF-16LE without BOM', bytes: Buffer.from(crlf(V5, `[${HKLM}]`), 'utf16le'), message: /: looks like UTF-16LE text without a byte-order mark .*re-save it with a BOM/, lenient: 'error' },
  { name: 'UTF-16BE without BOM', bytes: Buffer.from(crlf(V5, `[${HKLM}]`), 'utf16le').swap16(), message: /: looks like UTF-16BE text without a byte-order mark/, lenient: 'error' },
  { name: 'a binary file', bytes: Buffer.from([0xef, 0xbe, 0x0d, 0x90, 0x07, 0x00, 0x06, 0x00, 0x55, 0x00, 0xc6, 0x20, 0x05, 0x00]), message: /: not a registry export: binary data \(byte 5 is 0x00\); export the key with `reg export/, lenient: 'error' },
  { name: 'UTF-32', bytes: Buffer.from([0xff, 0xfe, 0, 0, 0x57, 0, 0, 0]), message: /UTF-32/, lenient: 'error' },
  {
    name: 'truncated in the middle of a hex continuation',
    bytes: withKey('"Port"=dword:00001569', '"Blob"=hex:01,02,03,\\', '  04,05,\\'),
    message: /: line 6: the file ends in the middle of the hex data of "Blob" \(continued with "\\" from line 5\): the export is truncated; export it again$/,
    line: 6,
    lenient: [6],
  },
  {
    name: 'cut inside a continued hex value, without a final line break',
    bytes: utf16le(crlf(V5, '', `[${HKLM}]`, '"ICMPMonitors"=hex(7):31,00,30,00,2e,00,31,00,00,\\') + '  00,31,0'),
    message: /: line 5: the file ends without a line break after the hex data of "ICMPMonitors" \(from line 4\): reg export and regedit end every line of a UTF-16 export with CRLF, so the export is truncated; export it again$/,
    line: 5,
    lenient: [5],
  },
  { name: 'cut after a comma at the end of the file', bytes: utf16le(crlf(V5, `[${HKLM}]`) + '"Blob"=hex:01,02,'), message: /line 3: the file ends without a line break after the value "\\"Blob\\"=hex:01,02,": .* the export is truncated/, line: 3, lenient: [3] },
  { name: 'cut inside a byte at the end of the file', bytes: utf16le(crlf(V5, `[${HKLM}]`) + '"Blob"=hex:01,0'), message: /line 3: the file ends without a line break/, line: 3, lenient: [3] },
  { name: 'UTF-8 cut after a comma at the end of the file', bytes: Buffer.from(crlf(V5, `[${HKLM}]`) + '"Blob"=hex:01,02,'), message: /line 3: the file ends without a line break in the middle of the hex data of "Blob"/, line: 3, lenient: 'error' },
  { name: 'UTF-8 cut inside a byte at the end of the file', bytes: Buffer.from(crlf(V5, `[${HKLM}]`, '"Blob"=hex:01,\\') + '  02,0'), message: /line 4: the file ends without a line break in the middle of the hex data of "Blob" \(from line 3\)/, line: 4, lenient: 'error' },
  {
    name: 'truncated in the middle of a UTF-16 character',
    bytes: utf16le(crlf(V5, `[${HKLM}]`, '"A"="b"')).subarray(0, -1),
    message: /: ends in the middle of a UTF-16 character \(odd number of bytes\): the export is truncated/,
    lenient: 'error',
  },
  {
    name: 'a continuation followed by a line that is not hex',
    bytes: withKey('"Blob"=hex:01,02,\\', `[${HKLM}\\Next]`, '"A"=dword:00000001'),
    message: /: line 5: the hex data of "Blob" continues from line 4 \(trailing "\\"\) but this line does not start with a hex digit: regedit skips both the value and this line; is the export damaged\?$/,
    line: 5,
    lenient: [5],
  },
  { name: 'invalid hex byte', bytes: withKey('"Blob"=hex:01,zz,03'), message: /: line 4: invalid hex byte "zz" in the data of "Blob"; expected two hex digits per byte, separated by commas$/, line: 4, lenient: [4] },
  { name: 'hex byte of three digits', bytes: withKey('"Blob"=hex:01,123'), message: /line 4: invalid hex byte "123"/, line: 4, lenient: [4] },
  { name: 'empty hex byte', bytes: withKey('"Blob"=hex:01,,02'), message: /line 4: invalid hex byte ","/, line: 4, lenient: [4] },
  { name: 'invalid hex on a continuation line', bytes: withKey('"Blob"=hex:01,\\', '  0g'), message: /line 5: invalid hex byte "0g" in the data of "Blob" \(from line 4\)/, line: 5, lenient: [5] },
  { name: 'invalid dword', bytes: withKey('"Port"=dword:xyz'), message: /line 4: invalid dword "xyz" in the data of "Port"; expected dword: and 1 to 8 hex digits/, line: 4, lenient: [4] },
  { name: 'dword of nine digits', bytes: withKey('"Port"=dword:000000018'), message: /line 4: invalid dword "000000018"/, line: 4, lenient: [4] },
  { name: 'empty dword', bytes: withKey('"Port"=dword:'), message: /line 4: invalid dword ""/, line: 4, lenient: [4] },
  { name: 'REG_DWORD hex data of the wrong size', bytes: withKey('"Port"=hex(4):69,15'), message: /line 4: REG_DWORD data must be 4 bytes, found 2 in the data of "Port"; fix the value or use --lenient to skip it$/, line: 4, lenient: [4] },
  { name: 'REG_QWORD hex data of the wrong size', bytes: withKey('"Q"=hex(b):01'), message: /line 4: REG_QWORD data must be 8 bytes, found 1/, line: 4, lenient: [4] },
  { name: 'invalid hex type', bytes: withKey('"Q"=hex(zz):01'), message: /line 4: invalid type in "hex\(zz\):01" for "Q"; expected hex\(N\):/, line: 4, lenient: [4] },
  { name: 'hex without a colon', bytes: withKey('"Q"=hex 01'), message: /line 4: expected : after "hex" in the data of "Q"/, line: 4, lenient: [4] },
  { name: 'value before any key', bytes: utf16le(crlf(V5, '', '"Port"=dword:00001569', `[${HKLM}]`)), message: /: line 3: value "Port" comes before any \[key\] header; is this a registry export\?$/, line: 3, lenient: [3] },
  { name: 'default value before any key', bytes: utf16le(crlf(V5, '@="x"')), message: /line 2: value @ comes before any \[key\] header/, line: 2, lenient: [2] },
  { name: 'a junk line', bytes: withKey('"A"=dword:00000001', 'tee', '"B"=dword:00000002'), message: /: line 5: expected \[key\], "name"=value, @=value or a ; or # comment, found "tee"; is this a registry export\?$/, line: 5, lenient: [5] },
  { name: 'unterminated string', bytes: withKey('"A"="abc'), message: /line 4: unterminated string in the data of "A"/, line: 4, lenient: [4] },
  { name: 'string ending in an escaped quote', bytes: withKey('"A"="C:\\Path\\"'), message: /line 4: unterminated string in the data of "A"/, line: 4, lenient: [4] },
  { name: 'unterminated name', bytes: withKey('"A=dword:1'), message: /line 4: unterminated value name/, line: 4, lenient: [4] },
  { name: 'text after the closing quote', bytes: withKey('"A"="b" x'), message: /line 4: unexpected text after the closing quote of "A": " x"/, line: 4, lenient: [4] },
  { name: 'name without =', bytes: withKey('"A" "b"'), message: /line 4: expected = after the value name in "\\"A\\" \\"b\\""/, line: 4, lenient: [4] },
  { name: 'unknown data kind', bytes: withKey('"A"=foo:1'), message: /line 4: expected a quoted text, dword:, hex:, hex\(N\): or - after "A"=, found "foo:1"$/, line: 4, lenient: [4] },
  { name: 'key without a root', bytes: utf16le(crlf(V5, '[HKLM\\SOFTWARE]')), message: /line 2: key "HKLM\\\\SOFTWARE" does not start with a root such as HKEY_LOCAL_MACHINE/, line: 2, lenient: [2] },
  {
    name: 'values under a rejected key header',
    bytes: utf16le(crlf(V5, `[${HKLM}]`, '"A"=dword:00000001', '[HKLM\\X]', '"B"=dword:00000002')),
    message: /line 4: key "HKLM\\\\X" does not start with a root/,
    line: 4,
    lenient: [4, 5],
  },
  { name: 'key without ]', bytes: utf16le(crlf(V5, `[${HKLM}`)), message: /line 2: key header .* does not end with \]/, line: 2, lenient: [2] },
];

test('malformed inputs: one-line InputError naming file and line, exit code 2', async (t) => {
  const names = new Set<string>();
  for (const c of cases) {
    assert.ok(!names.has(c.name), `duplicate case ${c.name}`);
    names.add(c.name);
    await t.test(c.name, () => {
      let caught: unknown;
      try {
        parseRegistry(c.bytes, { file: 'bad.reg' });
      } catch (e) {
        caught = e;
      }
      assert.ok(caught instanceof InputError, `expected an InputError, got ${String(caught)}`);
      assert.equal(caught.exitCode, ExitCode.INPUT);
      assert.equal(caught.file, 'bad.reg');
      assert.equal(caught.line, c.line);
      assert.ok(caught.message.startsWith(c.line === undefined ? 'bad.reg: ' : `bad.reg: line ${c.line}: `), caught.message);
      assert.match(caught.message, c.message);
      assert.ok(!/[\r\n]/.test(caught.message), 'one line');
    });
  }
});

test('malformed inputs with --lenient: line problems become warnings, file problems stay errors', async (t) => {
  for (const c of cases) {
    await t.test(c.name, () => {
      if (c.lenient === 'error') {
        assert.throws(() => parseRegistry(c.bytes, { file: 'bad.reg', lenient: true }), InputError);
        return;
      }
      const json = toParseJson(parseRegistry(c.bytes, { file: 'bad.reg', lenient: true }));
      assert.deepEqual(
        json.warnings?.map((w) => w.line),
        c.lenient,
      );
      for (const w of json.warnings ?? []) {
        assert.match(w.message, /; (?:ignored|skipped|read as it is|read as far as it goes)$/);
        assert.ok(!w.message.includes('is this a registry export'), w.message);
      }
    });
  }
});

test('--lenient skips only the bad line or value and keeps the rest', () => {
  const json = toParseJson(
    parseRegistry(withKey('"A"=dword:00000001', 'tee', '"Blob"=hex:01,zz', '"B"=dword:00000002', '"Cut"=hex:01,\\', `[${HKLM}\\Next]`, '"C"="c"'), {
      file: 'bad.reg',
      lenient: true,
    }),
  );
  assert.deepEqual(json, {
    format: 'regedit5',
    keys: [
      {
        // As regedit: the key line after the broken continuation is skipped with it, so C lands in this key.
        path: HKLM,
        values: [
          { name: 'A', type: 'REG_DWORD', data: 1 },
          { name: 'B', type: 'REG_DWORD', data: 2 },
          { name: 'C', type: 'REG_SZ', data: 'c' },
        ],
      },
    ],
    warnings: [
      { line: 5, message: 'expected [key], "name"=value, @=value or a ; or # comment, found "tee"; ignored' },
      { line: 6, message: 'invalid hex byte "zz" in the data of "Blob"; expected two hex digits per byte, separated by commas; ignored' },
      { line: 9, message: 'the hex data of "Cut" continues from line 8 (trailing "\\") but this line does not start with a hex digit: regedit skips both the value and this line; ignored' },
    ],
  });
});
