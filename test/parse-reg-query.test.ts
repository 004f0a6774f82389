// Table of `reg query <key> /s` outputs: the second input format, giving the same tree shape as a .reg export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRegistry, toParseJson, type ParseJson } from '../src/collect/registry/index.js';
import { InputError } from '../src/errors.js';

const HKLM = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';

function utf16le(text: string): Uint8Array {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}
function crlf(...lines: string[]): string {
  return lines.join('\r\n') + '\r\n';
}

/** What `reg query "HKLM\SOFTWARE\Schneider Electric\ClearSCADA" /s` prints (four-space separated fields). */
const sample = crlf(
  '',
  HKLM,
  '    InstallLocation    REG_SZ    C:\\Program Files\\Schneider Electric\\ClearSCADA\\',
  '    (Default)    REG_SZ    Geo SCADA Expert',
  '    Log File Base    REG_EXPAND_SZ    %ProgramData%\\Schneider Electric\\Logs',
  '    Empty    REG_SZ    ',
  '    Trimmed    REG_SZ',
  '',
  `${HKLM}\\DB`,
  '    Port    REG_DWORD    0x1569',
  '    Big    REG_DWORD    0xffffffff',
  '',
  `${HKLM}\\Partners\\StandbyA`,
  '    ICMPMonitors    REG_MULTI_SZ    10.0.0.1\\010.0.0.254',
  '    NoMonitors    REG_MULTI_SZ    ',
  '    Blob    REG_BINARY    0102ABFF',
  '    Counter    REG_QWORD    0xffffffffffffffff',
  '    Nothing    REG_NONE    ',
  '',
  `${HKLM}\\Empty`,
  '',
  'End of search: 12 match(es) found.',
);

const sampleJson: ParseJson = {
  format: 'reg-query',
  keys: [
    {
      path: HKLM,
      values: [
        { name: 'InstallLocation', type: 'REG_SZ', data: 'C:\\Program Files\\Schneider Electric\\ClearSCADA\\' },
        { name: '', type: 'REG_SZ', data: 'Geo SCADA Expert' },
        { name: 'Log File Base', type: 'REG_EXPAND_SZ', data: '%ProgramData%\\Schneider Electric\\Logs' },
        { name: 'Empty', type: 'REG_SZ', data: '' },
        { name: 'Trimmed', type: 'REG_SZ', data: '' },
      ],
    },
    {
      path: `${HKLM}\\DB`,
      values: [
        { name: 'Port', type: 'REG_DWORD', data: 5481 },
        { name: 'Big', type: 'REG_DWORD', data: 4294967295 },
      ],
    },
    {
      path: `${HKLM}\\Partners\\StandbyA`,
      values: [
        { name: 'ICMPMonitors', type: 'REG_MULTI_SZ', data: ['10.0.0.1', '10.0.0.254'] },
        { name: 'NoMonitors', type: 'REG_MULTI_SZ', data: [] },
        { name: 'Blob', type: 'REG_BINARY', data: '0102abff' },
        { name: 'Counter', type: 'REG_QWORD', data: '18446744073709551615' },
        { name: 'Nothing', type: 'REG_NONE', data: '' },
      ],
    },
    { path: `${HKLM}\\Empty`, values: [] },
  ],
};

interface Case {
  name: string;
  bytes: Uint8Array;
  expected: ParseJson;
}

const cases: Case[] = [
  { name: 'cmd redirect (UTF-8/ASCII, CRLF)', bytes: Buffer.from(sample), expected: sampleJson },
  { name: 'PowerShell redirect (UTF-16LE with BOM)', bytes: utf16le(sample), expected: sampleJson },
  { name: 'LF line ends, no trailer, no final newline', bytes: Buffer.from(sample.replace(/\r\n/g, '\n').replace(/\nEnd of search.*\n$/, '')), expected: sampleJson },
  {
    name: 'tab-separated fields (reg.exe of Windows XP)',
    bytes: Buffer.from(crlf(`${HKLM}\\DB`, '\tPort\tREG_DWORD\t0x1569')),
    expected: { format: 'reg-query', keys: [{ path: `${HKLM}\\DB`, values: [{ name: 'Port', type: 'REG_DWORD', data: 5481 }] }] },
  },
  {
    name: 'localized default value names; "(value not set)" is no value',
    bytes: Buffer.from(crlf(HKLM, '    (Standard)    REG_SZ    Geo', '', `${HKLM}\\X`, '    (Default)    REG_SZ    (value not set)', '    (par défaut)    REG_SZ    Fr')),
    expected: {
      format: 'reg-query',
      keys: [
        { path: HKLM, values: [{ name: '', type: 'REG_SZ', data: 'Geo' }] },
        { path: `${HKLM}\\X`, values: [{ name: '', type: 'REG_SZ', data: 'Fr' }] },
      ],
    },
  },
  {
    // reg query labels the default value in the language of Windows; a label not known here is read as a name, said once.
    name: 'a default-value label of a language not known here: a value of that name, one warning at its first line',
    bytes: Buffer.from(crlf(HKLM, '    (Výchozí)    REG_SZ    Geo', '', `${HKLM}\\X`, '    (Výchozí)    REG_SZ    Cz', '    (Note)x    REG_SZ    n')),
    expected: {
      format: 'reg-query',
      keys: [
        { path: HKLM, values: [{ name: '(Výchozí)', type: 'REG_SZ', data: 'Geo' }] },
        { path: `${HKLM}\\X`, values: [{ name: '(Výchozí)', type: 'REG_SZ', data: 'Cz' }, { name: '(Note)x', type: 'REG_SZ', data: 'n' }] },
      ],
      warnings: [
        {
          line: 2,
          message: 'a value named "(Výchozí)": a name in parentheses is how `reg query` labels a key\'s default value, in a Windows language pairaudit does not know; it is read as a value of that name, so default values are not seen as such; collect with the PowerShell collector (reg export), or report the label',
        },
      ],
    },
  },
  {
    name: 'a key listed twice stays two entries',
    bytes: Buffer.from(crlf(`${HKLM}\\DB`, '    Port    REG_DWORD    0x1', '', `${HKLM}\\DB`, '    Port    REG_DWORD    0x2')),
    expected: {
      format: 'reg-query',
      keys: [
        { path: `${HKLM}\\DB`, values: [{ name: 'Port', type: 'REG_DWORD', data: 1 }] },
        { path: `${HKLM}\\DB`, values: [{ name: 'Port', type: 'REG_DWORD', data: 2 }] },
      ],
    },
  },
];

test('reg query cases: each gives exactly the documented parse JSON', async (t) => {
  for (const c of cases) {
    await t.test(c.name, () => {
      assert.deepEqual(toParseJson(parseRegistry(c.bytes, { file: 'query.txt' })), c.expected);
    });
  }
});

test('reg query values carry their lines', () => {
  const tree = parseRegistry(Buffer.from(sample), { file: 'query.txt' });
  assert.deepEqual(
    tree.keys.map((k) => [k.line, k.values.map((v) => v.line)]),
    [
      [2, [3, 4, 5, 6, 7]],
      [9, [10, 11]],
      [13, [14, 15, 16, 17, 18]],
      [20, []],
    ],
  );
});

const errorCases: { name: string; text: string; message: RegExp; line: number; lenientWarnings: number[] | 'error' }[] = [
  { name: 'bad DWORD', text: crlf(HKLM, '    Port    REG_DWORD    5481'), message: /line 2: invalid REG_DWORD data "5481" for "Port"/, line: 2, lenientWarnings: [2] },
  { name: 'bad binary', text: crlf(HKLM, '    B    REG_BINARY    0G'), message: /line 2: invalid REG_BINARY data "0G"/, line: 2, lenientWarnings: [2] },
  { name: 'unknown type', text: crlf(HKLM, '    X    REG_SOMETHING    1'), message: /line 2: expected an indented "name {4}REG_TYPE {4}data" line/, line: 2, lenientWarnings: [2] },
  { name: 'junk line', text: crlf(HKLM, 'hello'), message: /line 2: expected a key line HKEY_\.\.\. or an indented .*is this `reg query \/s` output\?$/, line: 2, lenientWarnings: [2] },
  { name: 'reg.exe error captured in the file', text: crlf(HKLM, 'ERROR: The system was unable to find the specified registry key or value.'), message: /line 2: reg query reported "ERROR: The system was unable/, line: 2, lenientWarnings: 'error' },
];

test('malformed reg query output: one-line errors, warnings with --lenient', async (t) => {
  for (const c of errorCases) {
    await t.test(c.name, () => {
      assert.throws(
        () => parseRegistry(Buffer.from(c.text), { file: 'query.txt' }),
        (e: unknown) => e instanceof InputError && e.line === c.line && c.message.test(e.message) && !e.message.includes('\n'),
      );
      if (c.lenientWarnings === 'error') {
        assert.throws(() => parseRegistry(Buffer.from(c.text), { file: 'query.txt', lenient: true }), InputError);
      } else {
        const tree = parseRegistry(Buffer.from(c.text), { file: 'query.txt', lenient: true });
        assert.deepEqual(
          tree.warnings?.map((w) => w.line),
          c.lenientWarnings,
        );
      }
    });
  }
});
