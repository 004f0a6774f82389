// Decoding the small text files of a server bundle, whichever tool wrote them (PowerShell, cmd, wmic).
import { decodeOem } from './oem.js';
import { Buffer, isUtf8 } from 'node:buffer';
import { decodeWindows1252 } from './registry/text.js';
import { decodeByBom, utf16WithoutBom } from '../text-file.js';

/**
 * Text from bytes: UTF-16LE/BE or UTF-8 by their byte-order mark (PowerShell 5.1 `>` and `Out-File` write
 * UTF-16LE with a BOM, and so does wmic); UTF-16LE without a BOM when every other byte is zero; else UTF-8
 * when valid; else the OEM code page given, in which cmd's `>` writes a tool's output (bundle.json's
 * `oemCodePage`, from `chcp`; 437, 850 and the code pages TextDecoder knows), else ANSI (Windows-1252).
 */
export function decodeText(bytes: Uint8Array, oemCodePage?: number): string {
  const byBom = decodeByBom(bytes);
  if (byBom !== undefined) return byBom;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (looksUtf16le(b)) return b.subarray(0, b.length - (b.length % 2)).toString('utf16le');
  if (isUtf8(b)) return b.toString('utf8');
  // cmd's `>` writes a tool's output in the console's OEM code page (bundle.json `oemCodePage`), not the ANSI one.
  return (oemCodePage === undefined ? undefined : decodeOem(b, oemCodePage)) ?? decodeWindows1252(b);
}

/**
 * The bytes of a tool's output that cmd's `>` wrote in the console's OEM code page (`reg query … > reg-query.txt`),
 * as UTF-8 with a BOM for a reader that knows UTF-8 and ANSI only; undefined when they are not in it (a byte-order
 * mark, UTF-16 or valid UTF-8, which plain ASCII is) or the code page is not known here. Lines stay where they were.
 */
export function oemAsUtf8(bytes: Uint8Array, oemCodePage: number | undefined): Uint8Array | undefined {
  if (oemCodePage === undefined) return undefined;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (decodeByBom(b) !== undefined || looksUtf16le(b) || isUtf8(b)) return undefined;
  const text = decodeOem(b, oemCodePage);
  return text === undefined ? undefined : Buffer.from(`\uFEFF${text}`, 'utf8');
}

/** True for bytes decodeText reads in the OEM code page given: no byte-order mark, not UTF-16, not UTF-8 (so not plain ASCII). */
export function inOemCodePage(bytes: Uint8Array): boolean {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return decodeByBom(b) === undefined && !looksUtf16le(b) && !isUtf8(b);
}

/** UTF-16LE without a byte-order mark (wmic's and some tools' output): every other byte zero in the first 512. */
function looksUtf16le(b: Buffer): boolean {
  return utf16WithoutBom(b, 512) === 'UTF-16LE';
}

/** Splits text into lines; CR before LF (wmic writes CR CR LF) and any stray CR are dropped. */
export function splitLines(text: string): string[] {
  return text.split('\n').map((l) => l.replace(/\r+$/, ''));
}
