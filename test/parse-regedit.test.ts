// Table of .reg syntax cases (version 5 and REGEDIT4, every encoding): each with the exact `pairaudit parse` JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRegistry, toParseJson, type ParseJson } from '../src/collect/registry/index.js';
import { ANSI_GUESS_WARNING } from '../src/collect/registry/ansi.js';

const HKLM = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';
const V5 = 'Windows Registry Editor Version 5.00';

/** As `reg export` writes: UTF-16LE with a BOM. */
export function utf16le(text: string): Uint8Array {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}
function utf16be(text: string): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]);
}
function utf8(text: string, bom = false): Uint8Array {
  return Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, 'utf8')]);
}
function latin1(text: string): Uint8Array {
  return Buffer.from(text, 'latin1');
}
/** Lines joined with CRLF and a final CRLF, as regedit writes them. */
function crlf(...lines: string[]): string {
  return lines.join('\r\n') + '\r\n';
}

type Value = ParseJson['keys'][number]['values'][number];
function key(path: string, ...values: Value[]): ParseJson['keys'][number] {
  return { path, values };
}
function sz(name: string, data: string): Value {
  return { name, type: 'REG_SZ', data };
}
function dword(name: string, data: number): Value {
  return { name, type: 'REG_DWORD', data };
}

interface Case {
  name: string;
  bytes: Uint8Array;
  expected: ParseJson;
}

const basic = crlf(V5, '', `[${HKLM}\\DB]`, '@="Database"', '"Port"=dword:00001569', '');
const basicJson: ParseJson = { format: 'regedit5', keys: [key(`${HKLM}\\DB`, sz('', 'Database'), dword('Port', 5481))] };

const cases: Case[] = [
  { name: 'UTF-16LE with BOM and CRLF (reg export)', bytes: utf16le(basic), expected: basicJson },
  { name: 'UTF-8 without BOM, LF', bytes: utf8(basic.replace(/\r\n/g, '\n')), expected: basicJson },
  { name: 'UTF-8 with BOM', bytes: utf8(basic, true), expected: basicJson },
  { name: 'UTF-16BE with BOM', bytes: utf16be(basic), expected: basicJson },
  { name: 'mixed CRLF and LF line ends', bytes: utf8(`${V5}\n\r\n[${HKLM}\\DB]\r\n@="Database"\n"Port"=dword:00001569`), expected: basicJson },
  { name: 'missing final newline (hand-made UTF-8)', bytes: utf8(`${V5}\r\n\r\n[${HKLM}\\DB]\r\n@="Database"\r\n"Port"=dword:00001569`), expected: basicJson },
  { name: 'UTF-16LE ending with a key header and no final newline', bytes: utf16le(`${V5}\r\n\r\n[${HKLM}\\DB]\r\n@="Database"\r\n"Port"=dword:00001569\r\n\r\n[${HKLM}\\Empty]`), expected: { ...basicJson, keys: [...basicJson.keys, key(`${HKLM}\\Empty`)] } },
  {
    name: 'trailing whitespace, indentation, blank lines and comments',
    bytes: utf8(crlf(`${V5}  `, '; exported by hand', '', `  [${HKLM}\\DB]   `, '\t@="Database"\t', '', '   ; a comment', '  "Port" = dword:00001569 ; the port', '', '')),
    expected: basicJson,
  },
  { name: 'header only', bytes: utf16le(crlf(V5, '')), expected: { format: 'regedit5', keys: [] } },
  {
    name: 'deleted key, repeated key kept as separate entries in file order',
    bytes: utf16le(crlf(V5, '', `[-${HKLM}\\Old]`, '', `[${HKLM}\\DB]`, '"Port"=dword:00001569', '', `[${HKLM}\\DB]`, '"Port"=dword:0000156a', '')),
    expected: {
      format: 'regedit5',
      keys: [{ path: `${HKLM}\\Old`, deleted: true, values: [] }, key(`${HKLM}\\DB`, dword('Port', 5481)), key(`${HKLM}\\DB`, dword('Port', 5482))],
    },
  },
  {
    name: 'deleted value',
    bytes: utf16le(crlf(V5, `[${HKLM}]`, '"Gone"=-', '@=-')),
    expected: {
      format: 'regedit5',
      keys: [key(HKLM, { name: 'Gone', type: 'REG_NONE', data: '', deleted: true }, { name: '', type: 'REG_NONE', data: '', deleted: true })],
    },
  },
  {
    name: 'escapes \\\\ and \\" in names and data; any other backslash is literal',
    bytes: utf16le(
      crlf(
        V5,
        `[${HKLM}\\DriverX]`,
        '"AssemblyName"="C:\\\\Program Files\\\\Schneider Electric\\\\ClearSCADA\\\\X.dll"',
        '"Say \\"hi\\""="run \\"%1\\" \\\\\\"x\\\\\\""',
        '"odd\\name"="a\\b\\n"',
        '"empty"=""',
        '"a=b]c;d"="x;y ; z"',
      ),
    ),
    expected: {
      format: 'regedit5',
      keys: [
        key(
          `${HKLM}\\DriverX`,
          sz('AssemblyName', 'C:\\Program Files\\Schneider Electric\\ClearSCADA\\X.dll'),
          sz('Say "hi"', 'run "%1" \\"x\\"'),
          sz('odd\\name', 'a\\b\\n'),
          sz('empty', ''),
          sz('a=b]c;d', 'x;y ; z'),
        ),
      ],
    },
  },
  {
    name: 'dword: lengths and case',
    bytes: utf8(crlf(V5, `[${HKLM}]`, '"a"=dword:00000000', '"b"=dword:ffffffff', '"c"=DWORD:1', '"d"=dword:7FFFFFFF')),
    expected: { format: 'regedit5', keys: [key(HKLM, dword('a', 0), dword('b', 4294967295), dword('c', 1), dword('d', 2147483647))] },
  },
  {
    name: 'hex(N): every type number, decoded by type',
    bytes: utf16le(
      crlf(
        V5,
        `[${HKLM}\\Types]`,
        '"none"=hex(0):01,02',
        '"sz"=hex(1):61,00,62,00,63,00,00,00',
        '"expand"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,25,00,00,00',
        '"bin3"=hex(3):de,ad,BE,ef',
        '"bin"=hex:de,ad,be,ef',
        '"emptybin"=hex:',
        '"dw"=hex(4):69,15,00,00',
        '"dwbe"=hex(5):00,00,15,69',
        '"link"=hex(6):5c,00,52,00,45,00,47,00',
        '"multi"=hex(7):61,00,00,00,62,00,63,00,00,00,00,00',
        '"multiempty"=hex(7):00,00',
        '"res"=hex(8):01',
        '"full"=hex(9):02',
        '"req"=hex(a):03',
        '"qw"=hex(b):ff,ff,ff,ff,ff,ff,ff,ff',
        '"qwsmall"=hex(b):69,15,00,00,00,00,00,00',
        '"unknown"=hex(c):01,02',
        '"big"=hex(100):aa',
        '"upper"=HEX(B):01,00,00,00,00,00,00,00',
      ),
    ),
    expected: {
      format: 'regedit5',
      keys: [
        key(
          `${HKLM}\\Types`,
          { name: 'none', type: 'REG_NONE', data: '0102' },
          sz('sz', 'abc'),
          { name: 'expand', type: 'REG_EXPAND_SZ', data: '%SystemRoot%' },
          { name: 'bin3', type: 'REG_BINARY', data: 'deadbeef' },
          { name: 'bin', type: 'REG_BINARY', data: 'deadbeef' },
          { name: 'emptybin', type: 'REG_BINARY', data: '' },
          dword('dw', 5481),
          { name: 'dwbe', type: 'REG_DWORD_BIG_ENDIAN', data: 5481 },
          { name: 'link', type: 'REG_LINK', data: '\\REG' },
          { name: 'multi', type: 'REG_MULTI_SZ', data: ['a', 'bc'] },
          { name: 'multiempty', type: 'REG_MULTI_SZ', data: [] },
          { name: 'res', type: 'REG_RESOURCE_LIST', data: '01' },
          { name: 'full', type: 'REG_FULL_RESOURCE_DESCRIPTOR', data: '02' },
          { name: 'req', type: 'REG_RESOURCE_REQUIREMENTS_LIST', data: '03' },
          { name: 'qw', type: 'REG_QWORD', data: '18446744073709551615' },
          { name: 'qwsmall', type: 'REG_QWORD', data: '5481' },
          { name: 'unknown', type: 'REG_TYPE_12', data: '0102' },
          { name: 'big', type: 'REG_TYPE_256', data: 'aa' },
          { name: 'upper', type: 'REG_QWORD', data: '1' },
        ),
      ],
    },
  },
  {
    name: 'hex data continued over lines with a trailing backslash and any indentation',
    bytes: utf16le(
      crlf(
        V5,
        `[${HKLM}\\Partners\\StandbyA]`,
        '"ICMPMonitors"=hex(7):31,00,30,00,2e,00,30,00,2e,00,30,00,2e,00,31,00,00,00,\\',
        '  31,00,30,00,2e,00,30,00,2e,00,30,00,2e,00,32,00,\\',
        '\t\t00,00,\\',
        '00,00',
        '"Blob"=hex:01,02,\\',
        '      03,  04, \\',
        '  05',
        '"After"=dword:00000001',
      ),
    ),
    expected: {
      format: 'regedit5',
      keys: [
        key(
          `${HKLM}\\Partners\\StandbyA`,
          { name: 'ICMPMonitors', type: 'REG_MULTI_SZ', data: ['10.0.0.1', '10.0.0.2'] },
          { name: 'Blob', type: 'REG_BINARY', data: '0102030405' },
          dword('After', 1),
        ),
      ],
    },
  },
  {
    name: 'complete hex data on the last line without a final newline (hand-made files)',
    bytes: utf8(`${V5}\n[${HKLM}]\n"TFQ"=hex(3):32,00`),
    expected: { format: 'regedit5', keys: [key(HKLM, { name: 'TFQ', type: 'REG_BINARY', data: '3200' })] },
  },
  {
    name: 'text types stop at the first NUL and are never expanded',
    bytes: utf16le(crlf(V5, `[${HKLM}]`, '"s"=hex(2):25,00,41,00,25,00,00,00,5a,00,00,00')),
    expected: { format: 'regedit5', keys: [key(HKLM, { name: 's', type: 'REG_EXPAND_SZ', data: '%A%' })] },
  },
  {
    name: 'Unicode text in a UTF-16LE export (accents, CJK, a surrogate pair)',
    bytes: utf16le(crlf(V5, `[${HKLM}\\Zürich]`, '"Ort"="Zürich 漢字 🚀"', '"hex"=hex(1):3d,d8,80,de,00,00')),
    expected: { format: 'regedit5', keys: [key(`${HKLM}\\Zürich`, sz('Ort', 'Zürich 漢字 🚀'), sz('hex', '🚀'))] },
  },
  {
    name: 'REGEDIT4 is Windows-1252 when nothing says its code page (with a warning at the first non-ASCII line), hex text types too',
    bytes: latin1(crlf('REGEDIT4', '', `[${HKLM}\\Caf\xe9]`, '"n"="caf\xe9 \x80 \x99"', '"e"=hex(2):25,41,25,80,00', '"m"=hex(7):61,00,e9,00,00', '"d"=dword:00000010')),
    expected: {
      format: 'regedit4',
      keys: [key(`${HKLM}\\Café`, sz('n', 'café € ™'), { name: 'e', type: 'REG_EXPAND_SZ', data: '%A%€' }, { name: 'm', type: 'REG_MULTI_SZ', data: ['a', 'é'] }, dword('d', 16))],
      warnings: [{ line: 3, message: ANSI_GUESS_WARNING }],
    },
  },
  {
    name: 'a version 5 file saved as ANSI (not valid UTF-8) reads as Windows-1252, with a warning at the first non-ASCII line',
    bytes: latin1(crlf(V5, `[${HKLM}]`, '"a"="b"', '"n"="Gen\xe8ve \x80"')),
    expected: { format: 'regedit5', keys: [key(HKLM, sz('a', 'b'), sz('n', 'Genève €'))], warnings: [{ line: 4, message: ANSI_GUESS_WARNING }] },
  },
  {
    name: 'key paths may contain ] and be followed by a comment',
    bytes: utf8(crlf(V5, `[${HKLM}\\a]b]`, `[${HKLM}\\c] ; note`, '[hkey_local_machine\\lower]')),
    expected: { format: 'regedit5', keys: [key(`${HKLM}\\a]b`), key(`${HKLM}\\c`), key('hkey_local_machine\\lower')] },
  },
];

test('regedit cases: each gives exactly the documented parse JSON', async (t) => {
  const names = new Set<string>();
  for (const c of cases) {
    assert.ok(!names.has(c.name), `duplicate case ${c.name}`);
    names.add(c.name);
    await t.test(c.name, () => {
      assert.deepEqual(toParseJson(parseRegistry(c.bytes, { file: 'case.reg' })), c.expected);
    });
  }
});

test('values and keys carry 1-based lines (a continued value: the line it starts on)', () => {
  const tree = parseRegistry(
    utf16le(crlf(V5, '', `[${HKLM}]`, '"Blob"=hex:01,\\', '  02', '"Port"=dword:00001569', '', `[-${HKLM}\\X]`)),
    { file: 'lines.reg' },
  );
  assert.deepEqual(
    tree.keys.map((k) => [k.line, k.values.map((v) => v.line)]),
    [
      [3, [4, 6]],
      [8, []],
    ],
  );
});

test('toParseJson leaves out line numbers, and warnings when there are none', () => {
  const json = toParseJson(parseRegistry(utf16le(basic), { file: 'x.reg' }));
  assert.equal(JSON.stringify(json).includes('"line"'), false);
  assert.equal('warnings' in json, false);
  assert.deepEqual(Object.keys(json), ['format', 'keys']);
  assert.deepEqual(Object.keys(json.keys[0]), ['path', 'values']);
  assert.deepEqual(Object.keys(json.keys[0].values[0]), ['name', 'type', 'data']);
});

test('a large UTF-8 export (transcoded in chunks) parses the same as its UTF-16LE twin', () => {
  const lines = [V5, ''];
  for (let i = 0; i < 15000; i++) {
    lines.push(`[${HKLM}\\DriverÜnïcødé${i}]`, `@="Driver ${i} — ✓ 漢"`, `"LogMaxSize"=dword:${(i * 7).toString(16).padStart(8, '0')}`, `"Blob"=hex:01,02,\\`, '  03,04', '');
  }
  const text = lines.join('\n');
  assert.ok(Buffer.byteLength(text) > 2 * (1 << 20), 'spans several transcoding chunks');
  const fromUtf8 = parseRegistry(utf8(text), { file: 'big-utf8.reg' });
  const fromUtf16 = parseRegistry(utf16le(text), { file: 'big-utf16.reg' });
  assert.deepEqual(fromUtf8, fromUtf16);
  assert.equal(fromUtf8.keys.length, 15000);
  assert.deepEqual(fromUtf8.keys[14999].values[0], { name: '', type: 'REG_SZ', data: 'Driver 14999 — ✓ 漢', line: 2 + 14999 * 6 + 2 });
});

test('input that starts at an odd byte offset (a Buffer slice) parses the same', () => {
  const bytes = utf16le(basic);
  const shifted = new Uint8Array(bytes.length + 1);
  shifted.set(bytes, 1);
  assert.deepEqual(toParseJson(parseRegistry(shifted.subarray(1), { file: 'x.reg' })), basicJson);
});
