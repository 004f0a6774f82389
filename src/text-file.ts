// The text of a file a person writes (a config, waiver, inventory or profile file): UTF-8, with or without a BOM,
// or UTF-16 with its BOM, which Windows Notepad writes when "Unicode" is chosen. Without a BOM it is UTF-8.
import { Buffer } from 'node:buffer';

export function decodeWrittenText(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return b.subarray(2, b.length - (b.length % 2)).toString('utf16le');
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  const text = b.toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}
