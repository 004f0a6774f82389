// Text as a byte-order mark says it is written (UTF-16LE, UTF-16BE, UTF-8), and the text of a file a person writes
// (a config, waiver, inventory or profile file): UTF-8, with or without a BOM, or UTF-16 with its BOM, which
// Windows Notepad writes when "Unicode" is chosen. Without a BOM it is UTF-8.
import { Buffer } from 'node:buffer';

/** The text after a byte-order mark, decoded as the mark says; undefined without one. */
export function decodeByBom(bytes: Uint8Array): string | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return b.subarray(2, b.length - (b.length % 2)).toString('utf16le');
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
  return undefined;
}

export function decodeWrittenText(bytes: Uint8Array): string {
  return decodeByBom(bytes) ?? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
