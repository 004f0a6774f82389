// ANSI code pages of .reg files without a byte-order mark (REGEDIT4, or a version-5 export re-saved as "ANSI"): the
// code page of the Windows that wrote them, which the file does not record (a bundle's bundle.json may: `ansiCodePage`).
import { Buffer } from 'node:buffer';

/**
 * Windows-1252 for 0x80-0x9F (the rest is Latin-1). Written out because Node 20's TextDecoder('windows-1252')
 * decodes these bytes as Latin-1 control characters. The five unassigned bytes map to themselves (WHATWG).
 */
const CP1252_C1 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const C1_ALL = /[\x80-\x9f]/g;
/** Windows-1252 differs from Latin-1 only in 0x80-0x9F; text without those bytes takes the fast path. */
const C1_RANGE = /[\x80-\x9f]/;

/** Decodes ANSI (Windows-1252) bytes, the encoding of REGEDIT4 files and of their hex(1)/hex(2) data. */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return C1_RANGE.test(latin1) ? latin1.replace(C1_ALL, (c) => String.fromCharCode(CP1252_C1[c.charCodeAt(0) - 0x80])) : latin1;
}

/** The code page number of UTF-8. */
export const UTF8_CODE_PAGE = 65001;

/** ANSI code pages other than 1252 by the WHATWG name TextDecoder knows them by (Node 20 has full ICU). */
const ANSI_DECODERS: Readonly<Record<number, string>> = {
  874: 'windows-874',
  932: 'shift_jis',
  936: 'gbk',
  949: 'euc-kr',
  950: 'big5',
  1250: 'windows-1250',
  1251: 'windows-1251',
  1253: 'windows-1253',
  1254: 'windows-1254',
  1255: 'windows-1255',
  1256: 'windows-1256',
  1257: 'windows-1257',
  1258: 'windows-1258',
  // Windows' "Beta: Use Unicode UTF-8 for worldwide language support" makes the ANSI code page 65001: regedit's
  // REGEDIT4 export then converts names and data to UTF-8 (hex(2)/hex(7) data included), without a byte-order mark.
  [UTF8_CODE_PAGE]: 'utf-8',
};

/**
 * The ANSI code page of the Windows whose console (OEM) code page is `oem` (bundle.json's `oemCodePage`, from
 * `chcp`): each system locale sets the two together. Undefined for a code page not listed (65001, a `chcp` by hand).
 */
const ANSI_OF_OEM: Readonly<Record<number, number>> = {
  437: 1252, 850: 1252, 858: 1252, 860: 1252, 861: 1252, 863: 1252, 865: 1252,
  852: 1250, 866: 1251, 737: 1253, 857: 1254, 862: 1255, 720: 1256, 775: 1257,
  874: 874, 932: 932, 936: 936, 949: 949, 950: 950, 1258: 1258,
};

export function ansiCodePageOfOem(oem: number | undefined): number | undefined {
  return oem === undefined ? undefined : ANSI_OF_OEM[oem];
}

/**
 * The ANSI code page of the Windows a bundle comes from: the one its bundle.json records (`ansiCodePage`, the system
 * locale's), else the one its console code page's locale pairs with it (`oemCodePage`; bundles of collectors before
 * 2.1). The pairing is a guess: a console set to 437 or 65001 on a Polish Windows (1250) says nothing of it.
 */
export function bundleAnsiCodePage(manifest: { ansiCodePage?: number; oemCodePage?: number } | undefined): number | undefined {
  return manifest?.ansiCodePage ?? ansiCodePageOfOem(manifest?.oemCodePage);
}

/** Whether bytes in ANSI code page `cp` can be decoded here. */
export function knownAnsiCodePage(cp: number): boolean {
  return cp === 1252 || (cp in ANSI_DECODERS && decoderFor(cp) !== undefined);
}

const decoders = new Map<number, { decode(bytes: Uint8Array): string } | undefined>();
function decoderFor(cp: number): { decode(bytes: Uint8Array): string } | undefined {
  if (!decoders.has(cp)) {
    let d: { decode(bytes: Uint8Array): string } | undefined;
    try {
      // A U+FEFF at the start of a piece of UTF-8 (hex(2) data) is a character of it, not a byte-order mark to drop.
      d = new TextDecoder(ANSI_DECODERS[cp], { ignoreBOM: true });
    } catch {
      d = undefined; // a Node built without full ICU
    }
    decoders.set(cp, d);
  }
  return decoders.get(cp);
}

/** Decodes ANSI bytes in code page `cp` (Windows-1252 when undefined or not known here). */
export function decodeAnsi(bytes: Uint8Array, cp: number | undefined): string {
  const d = cp === undefined || cp === 1252 ? undefined : decoderFor(cp);
  return d === undefined ? decodeWindows1252(bytes) : d.decode(bytes);
}

/** The 1-based line of the first byte 0x80-0xFF from `start` (CRLF, LF and a lone CR end a line), or undefined. */
export function firstNonAsciiLine(bytes: Uint8Array, start: number): number | undefined {
  let line = 1;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i];
    if (b >= 0x80) return line;
    if (b === 10 || (b === 13 && bytes[i + 1] !== 10)) line++;
  }
  return undefined;
}

/** The warning for non-ASCII text read as Windows-1252 because nothing says the file's ANSI code page. */
export const ANSI_GUESS_WARNING =
  'non-ASCII text in an export without a byte-order mark that is not UTF-8 (ANSI, as REGEDIT4 files are): read as Windows-1252 (Western European); if it was saved on a Windows whose ANSI code page is another (1250 Central European, 1251 Cyrillic, 932 Japanese, 936 Chinese...), names and values with such characters are read wrong and may differ from the other server\'s only for that; export it with `reg export` (UTF-16), as the collection scripts do, or re-save it as Unicode on the server it came from';

/**
 * The warning for non-ASCII ANSI text in a bundle whose bundle.json records an ANSI code page (`manifest`: that file's
 * name) the text cannot be read in: one pairaudit cannot decode, or UTF-8 (65001) for text that is not UTF-8 (a file
 * saved on another Windows). Either way it is read as Windows-1252, as without a code page.
 */
export function recordedAnsiWarning(cp: number, manifest: string): string {
  const then = 'read as Windows-1252, so names and values with such characters may not match the other server\'s; export it with `reg export` (UTF-16), as the collection scripts do';
  return cp === UTF8_CODE_PAGE
    ? `non-ASCII text that is not UTF-8 in an export without a byte-order mark, though this server's ANSI code page is UTF-8 (${manifest} "ansiCodePage": ${cp}): ${then}`
    : `non-ASCII text in an export without a byte-order mark (ANSI) in code page ${cp} (${manifest} "ansiCodePage"), which pairaudit cannot decode: ${then}`;
}
