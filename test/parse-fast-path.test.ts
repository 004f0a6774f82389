// The regedit parser reads the lines `reg export` writes in one pass and hands every other line to its general
// line parser: both must give the same tree, warnings and errors. Indenting a line sends it to the general
// parser (and changes nothing for regedit), so each input is compared with its indented self.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRegistry, readRegistryFile } from '../src/collect/registry/index.js';
import { InputError } from '../src/errors.js';

const HKLM = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';
const V5 = 'Windows Registry Editor Version 5.00';

function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/** A tab at the start of every line (after CRLF, LF or a lone CR), none after the final line break. */
function indented(text: string): string {
  return '\t' + text.replace(/(\r\n|\r(?!\n)|\n)(?!$)/g, '$1\t');
}

/** The tree as JSON, or the error's message and line. */
function outcome(bytes: Uint8Array, lenient: boolean): string {
  try {
    return JSON.stringify(parseRegistry(bytes, { file: 'x.reg', lenient }));
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return `error at ${e.line}: ${e.message}`;
  }
}

function assertSameAsIndented(text: string, encode: (t: string) => Uint8Array = utf16le): void {
  for (const lenient of [false, true]) {
    assert.equal(outcome(encode(text), lenient), outcome(encode(indented(text)), lenient), `${lenient ? 'lenient' : 'strict'}: ${JSON.stringify(text)}`);
  }
}

function doc(...lines: string[]): string {
  return [V5, '', `[${HKLM}]`, ...lines].join('\r\n') + '\r\n';
}

const cases: { name: string; text: string; expect?: unknown[] }[] = [
  { name: 'a non-ASCII name and data', text: doc('"Zürich 漢字 🚀"="Grüße 🚀"'), expect: [{ name: 'Zürich 漢字 🚀', type: 'REG_SZ', data: 'Grüße 🚀', line: 4 }] },
  { name: 'escapes in a name and in data', text: doc('"a \\"q\\" \\\\ b"="C:\\\\x\\\\"', '"odd\\n"="\\t\\""'), expect: [{ name: 'a "q" \\ b', type: 'REG_SZ', data: 'C:\\x\\', line: 4 }, { name: 'odd\\n', type: 'REG_SZ', data: '\\t"', line: 5 }] },
  { name: 'an escaped quote that leaves the string open', text: doc('"a"="x\\"') },
  {
    name: 'escapes next to the quotes, doubled, and a backslash before other text',
    text: doc('"\\\\"="\\\\"', '"\\""="\\"\\""', '"a\\\\\\"b"="\\\\\\\\"', '"p"="C:\\\\Program Files (x86)\\\\Schneider Electric\\\\ClearSCADA\\\\"', '"t\\x"="\\x\\""'),
    expect: [
      { name: '\\', type: 'REG_SZ', data: '\\', line: 4 },
      { name: '"', type: 'REG_SZ', data: '""', line: 5 },
      { name: 'a\\"b', type: 'REG_SZ', data: '\\\\', line: 6 },
      { name: 'p', type: 'REG_SZ', data: 'C:\\Program Files (x86)\\Schneider Electric\\ClearSCADA\\', line: 7 },
      { name: 't\\x', type: 'REG_SZ', data: '\\x"', line: 8 },
    ],
  },
  { name: 'escapes: a name with dword and hex data, the default value', text: doc('"a\\\\b"=dword:00000001', '"c\\"d"=hex(7):41,00,00,00', '@="\\\\srv\\\\share"') },
  { name: 'escapes: text or spaces after the closing quote', text: doc('"a\\\\"="b\\\\" c', '"d"="e\\\\"  ', '"f"="\\\\g" ; note') },
  { name: 'escapes: a line break or the end of the file inside the string', text: doc('"a\\\\\r"="b"', '"c"="\\\\d\ne"', '"f"="\\\\', '"g"="\\"') },
  { name: 'escapes: no = or no data after an escaped name', text: doc('"a\\\\""b"', '"c\\\\"', '"d\\\\"=') },
  { name: 'escapes: long strings, non-ASCII and a lone surrogate', text: doc(`"${'n\\\\'.repeat(200)}"="${'d\\"é漢\ud83d'.repeat(150)}"`, '"\ud800\\\\"="\\\\\udc00 🚀"') },
  {
    name: 'value names in the order of the key before, and names that start as the expected one but are not it',
    text: [V5, '', ...['"B"="v"', '"BC"="v"', '"B"="v"', '"B\\\\"="v"', '"Bx="y"', '"B"=dword:1', '"B\ud83d"="v"', '"B"x"="v"', '"Bé"="v"'].flatMap((line, k) => [`[${HKLM}\\K${k}]`, '"A"=dword:00000001', line, '@="d"', '"A"="z"', '"B"=dword:00000002'])].join('\r\n') + '\r\n',
  },
  { name: 'empty string, default value, deleted value', text: doc('""=""', '@="d"', '"gone"=-'), expect: [{ name: '', type: 'REG_SZ', data: '', line: 4 }, { name: '', type: 'REG_SZ', data: 'd', line: 5 }, { name: 'gone', type: 'REG_NONE', data: '', deleted: true, line: 6 }] },
  { name: 'dwords of 1, 8 and 9 digits', text: doc('"a"=dword:1', '"b"=dword:FFFFFFFF', '"c"=dword:000000001') },
  { name: 'dword in capitals, with spaces or a comment', text: doc('"a"=DWORD:00000001', '"b" = dword: 00000002', '"c"=dword:00000003 ; c') },
  { name: 'a value line ending in spaces', text: doc('"a"="b"  ', '"c"=dword:00000001\t') },
  { name: 'text after the closing quote', text: doc('"a"="b" c') },
  { name: 'a quote missing', text: doc('"a=dword:00000001', '"b"="c') },
  {
    name: 'hex: one line, continued, a blank line and a comment inside',
    text: doc('"a"=hex:01,02', '"m"=hex(7):41,00,00,00,\\', '  42,00,00,00,\\', '', '; c', '  00,00', '"q"=hex(b):01,00,00,00,00,00,00,00'),
    expect: [
      { name: 'a', type: 'REG_BINARY', data: '0102', line: 4 },
      { name: 'm', type: 'REG_MULTI_SZ', data: ['A', 'B'], line: 5 },
      { name: 'q', type: 'REG_QWORD', data: '1', line: 10 },
    ],
  },
  { name: 'hex: one-digit bytes, a trailing comma, spaces, capitals', text: doc('"a"=hex:1,2', '"b"=hex:01,02,', '"c"=hex: 01 ,02', '"d"=HEX(2):41,00', '"e"=hex( 7 ):00,00') },
  { name: 'hex: a backslash with text after it, or without a comma', text: doc('"a"=hex:01,\\ x', '"b"=hex:01\\', '  02', '"c"=hex:01,\\  ', '  02') },
  { name: 'hex: a continuation that is not hex', text: doc('"a"=hex:01,\\', '  zz', '"b"=hex:01,\\', '  02,zz') },
  { name: 'hex: three digits, a bad type, a type too long', text: doc('"a"=hex:012', '"b"=hex(z):00', '"c"=hex(123456789):00', '"d"=hex:') },
  { name: 'hex: data that does not fit its type', text: doc('"a"=hex(4):01,02', '"b"=hex(b):01') },
  { name: 'lone CR and LF line breaks', text: [V5, '', `[${HKLM}]`, '"a"="b"', '"c"=dword:00000001', '"h"=hex:01,\\', '  02'].join('\r') + '\n\n' },
  { name: 'a CR inside a name ends the line', text: doc('"na\rme"="x"') },
  { name: 'values before any key, and under a rejected key', text: [V5, '', '"a"="b"', '[bad]', '"c"=dword:00000001'].join('\r\n') + '\r\n' },
  { name: 'a file cut after a value', text: doc('"a"="b"', '"c"="d"').slice(0, -2) },
  { name: 'a file cut in hex data', text: doc('"a"=hex:01,\\', '  02,0').slice(0, -2) },
  { name: 'a file cut after a continuation backslash', text: doc('"a"=hex:01,\\') },
  { name: 'NUL units in a name, in string data and in hex(1) data', text: doc('"a\0b"="c\0d"', '"e"=hex(1):41,00,00,00,42,00', '"\0"="\0"') },
  { name: 'hex(7) and hex(2) with odd byte counts', text: doc('"m"=hex(7):41,00,42', '"x"=hex(2):41,00,42,00,43', '"y"=hex(7):41,00,\\', '  42', '"z"=hex(7):00') },
  {
    name: 'hex: a trailing comma, a backslash then spaces, a lone digit or a comma first',
    text: doc('"a"=hex:01,02,', '"b"=hex:01,\\ ', '  02', '"c"=hex:01,0', '"d"=hex:01,\\', '  0,02', '"e"=hex:,01', '"f"=hex:01,\\', '  02,\\', '   03'),
  },
  {
    name: 'backslashes met before the line read (key paths, escaped data, hex continuations), then plain lines after them',
    text: [V5, '', `[${HKLM}\\A\\B]`, '"p"="q"', '"e"="x\\\\y"', '"f"="plain"', '"h"=hex:01,\\', '  02', '"g"="after"', '"i\\\\j"="k"', '"l"="m"', `[${HKLM}\\C]`, '"n"="o"'].join('\r\n') + '\r\n',
    expect: [
      { name: 'p', type: 'REG_SZ', data: 'q', line: 4 },
      { name: 'e', type: 'REG_SZ', data: 'x\\y', line: 5 },
      { name: 'f', type: 'REG_SZ', data: 'plain', line: 6 },
      { name: 'h', type: 'REG_BINARY', data: '0102', line: 7 },
      { name: 'g', type: 'REG_SZ', data: 'after', line: 9 },
      { name: 'i\\j', type: 'REG_SZ', data: 'k', line: 10 },
      { name: 'l', type: 'REG_SZ', data: 'm', line: 11 },
    ],
  },
  { name: 'a lone CR or LF inside a name, string data or a dword, CRLF elsewhere', text: doc('"a"="b\rc"', '"d\ne"="f"', '"g"="h"', '"i"=dword:0000\r0001', '"j"="k"', '"l"=hex:01,\r02') },
  { name: 'key headers: text after the bracket, a deleted key, a lower-case root, no bracket', text: doc('"a"="b"', `[${HKLM}\\K] ; c`, '"c"="d"', `[-${HKLM}\\Gone]`, '"e"="f"', '[hkey_local_machine\\x]', '"g"="h"', `[${HKLM}\\L`, '"i"="j"', '[HKEY_]', '"k"="l"') },
  { name: 'key paths 512 and 513 levels deep', text: doc(`[${HKLM}${'\\k'.repeat(508)}]`, '"a"="b"', `[${HKLM}${'\\k'.repeat(509)}]`, '"c"="d"') },
  { name: 'dword: no digits, nine digits, a non-hex digit, text after it', text: doc('"a"=dword:', '"b"=dword:123456789', '"c"=dword:0000000g', '"d"=dword:00000001x', '"e"=dword:ABCdef01') },
];

for (const c of cases) {
  test(`the one-pass reader and the line parser agree: ${c.name}`, () => {
    assertSameAsIndented(c.text);
    if (c.expect !== undefined) assert.deepEqual(parseRegistry(utf16le(c.text), { file: 'x.reg' }).keys[0].values, c.expect);
  });
}

test('the one-pass reader and the line parser agree with LF-only and CR-only line breaks', () => {
  for (const c of cases) {
    assertSameAsIndented(c.text.replace(/\r\n/g, '\n'));
    assertSameAsIndented(c.text.replace(/\r\n/g, '\r'));
  }
});

test('the one-pass reader and the line parser agree on UTF-8 and REGEDIT4 text', () => {
  // A NUL byte makes a file without a byte-order mark binary data, refused before any line is read.
  for (const c of cases.filter((k) => !k.text.includes('\0'))) {
    assertSameAsIndented(c.text, (t) => Buffer.from(t, 'utf8'));
    assertSameAsIndented(c.text.replace(V5, 'REGEDIT4'), (t) => Buffer.from([...t].map((ch) => (ch.charCodeAt(0) > 0xff ? '?' : ch)).join(''), 'latin1'));
  }
});

test('names and string data of every length up to 30, with non-ASCII units and a lone surrogate, read back exactly', () => {
  const texts = Array.from({ length: 31 }, (_, k) => 'aé漢\ud83dZ0123456789ABCDEFGHIJKLMNOPQRSTU'.slice(0, k));
  const lines = texts.map((t, k) => `"${t}"="${texts[30 - k]}"`);
  const values = parseRegistry(utf16le(doc(...lines)), { file: 'x.reg' }).keys[0].values;
  assert.deepEqual(
    values.map((v) => [v.name, v.data]),
    texts.map((t, k) => [t, texts[30 - k]]),
  );
});

/** Deterministic random exports with damage here and there (mulberry32, fixed seed). */
function randomExports(count: number, seed: number): string[] {
  let a = seed >>> 0;
  const rnd = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const hexByte = (): string => Math.floor(rnd() * 256).toString(16).padStart(2, '0');
  const names = ['Port', 'Channel0001Timeout', 'sp ace', 'Zürich', 'a \\"q\\"', '', 'LongNameThatIsLongerThanTwentyFourCharacters'];
  const damage = [' ', '\t', '\\', '"', ',', ';c', '\r', '\n', 'g', '=', '0', ',\\', 'é'];
  const out: string[] = [];
  for (let d = 0; d < count; d++) {
    const lines = [V5, ''];
    for (let k = 0; k < 3; k++) {
      lines.push(pick([`[${HKLM}]`, `[${HKLM}\\K${k}]`, `[-${HKLM}\\Gone]`, '[bad]']));
      for (let v = 0; v < 5; v++) {
        const name = rnd() < 0.1 ? '@' : `"${pick(names)}"`;
        const r = rnd();
        if (r < 0.35) lines.push(`${name}=dword:${Math.floor(rnd() * 2 ** 32).toString(16).padStart(pick([8, 8, 1, 9]), '0')}`);
        else if (r < 0.65) lines.push(`${name}="${pick(['', 'True', '10.1.2.3', 'C:\\\\x\\\\', 'a'.repeat(30)])}"`);
        else {
          const bytes = Array.from({ length: pick([0, 1, 4, 8, 30, 50]) }, hexByte);
          const type = pick(['hex:', 'hex(7):', 'hex(2):', 'hex(b):', 'hex(4):']);
          const first = `${name}=${type}${bytes.slice(0, 20).join(',')}`;
          if (bytes.length <= 20) lines.push(first);
          else lines.push(`${first},\\`, `  ${bytes.slice(20).join(',')}`);
        }
      }
      lines.push('');
    }
    const damaged = lines.map((l, i) => {
      if (i === 0 || rnd() < 0.85) return l;
      const p = Math.floor(rnd() * (l.length + 1));
      return rnd() < 0.3 ? l.slice(0, p) + l.slice(p + 1) : l.slice(0, p) + pick(damage) + l.slice(p);
    });
    let text = damaged.join(pick(['\r\n', '\r\n', '\n', '\r'])) + '\r\n';
    if (rnd() < 0.2) text = text.slice(0, Math.floor(rnd() * text.length));
    out.push(text);
  }
  return out;
}

test('the one-pass reader and the line parser agree on 300 randomly damaged exports', () => {
  for (const text of randomExports(300, 13)) assertSameAsIndented(text);
});

test('streamed: every construct split at the read boundary parses as the whole bytes do', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-fast-path-'));
  try {
    const tail = ['"Name"="Zürich"', '"E\\\\"="C:\\\\x\\""', '"D"=dword:00001569', '"M"=hex(7):41,00,42,00,00,00,\\', '  43,00,00,00,00,00', '@="x"', ''].join('\r\n');
    const head = utf16le(`${V5}\r\n\r\n[${HKLM}]\r\n`).length;
    // The file is read `chunkBytes` at a time (the first read as much): a comment line pads the text so that the boundary falls on each unit of the tail.
    const chunkBytes = 1 << 18;
    for (let shift = 0; shift < tail.length + 4; shift++) {
      const pad = (chunkBytes - head) / 2 - 2 - tail.length + shift;
      const text = `${V5}\r\n\r\n[${HKLM}]\r\n;${'p'.repeat(pad - 1)}\r\n${tail}\r\n`;
      const path = join(dir, `s${shift}.reg`);
      const bytes = utf16le(text);
      writeFileSync(path, bytes);
      const streamed = await readRegistryFile(path, { chunkBytes });
      assert.deepEqual(streamed, parseRegistry(bytes, { file: path }), `boundary shifted by ${shift}`);
      assert.equal(streamed.keys[0].values.length, 5);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('blank lines of every kind before the header: the lines after it keep their numbers', () => {
  const text = `\r\n\n \t\r${V5}\r\n\r\n[${HKLM}]\r\n"a"="b"\r\n"c"=dword:00000001\r\n`;
  for (const bytes of [utf16le(text), Buffer.from(text, 'utf8')]) {
    assert.deepEqual(parseRegistry(bytes, { file: 'x.reg' }).keys[0].values, [
      { name: 'a', type: 'REG_SZ', data: 'b', line: 7 },
      { name: 'c', type: 'REG_DWORD', data: 1, line: 8 },
    ]);
  }
});
