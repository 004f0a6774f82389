// The code page of bare `reg query /s` text (no byte-order mark, not UTF-8): told by how it labels default values.
import { Buffer } from 'node:buffer';
import type { ParseWarning } from '../../types.js';
import { decodeOem } from '../oem.js';
import { decodeWindows1252 } from './text.js';

/** ANSI first (a file saved by an editor), then the OEM code pages cmd's `>` writes in, Western European before US. */
const CANDIDATES = [1252, 850, 437, 866, 932, 936, 949, 950] as const;

/** A value line's name in parentheses, as bytes (latin1 keeps one character per byte): how `reg query` labels a default value. */
const LABEL_LINE = /^[ \t]+(\([^\r\n]*?\))(?: {4}|\t)REG_[A-Z_]+/gm;
const NON_ASCII = /[\x80-\xff]/;

const decode = (bytes: Uint8Array, cp: number): string | undefined => (cp === 1252 ? decodeWindows1252(bytes) : decodeOem(bytes, cp));

export interface QueryText {
  /** The text re-encoded as UTF-8 with a BOM, when it is in an OEM code page; undefined: read it as it is (ANSI). */
  utf8?: Uint8Array;
  /** Said when the code page could not be told for certain. */
  warning?: ParseWarning;
}

/**
 * `reg query /s > file` in cmd writes the console's OEM code page (850 on a French console: `(par défaut)` with é as
 * 0x82), which a file alone does not record. The default-value label tells it: the code pages under which a non-ASCII
 * label reads as a known label (`labels`, lower-case). Without such a label the code page of non-ASCII text cannot be
 * told: read as ANSI, with a warning naming the first such line.
 */
export function queryCodePage(bytes: Uint8Array, labels: ReadonlySet<string>): QueryText {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const at = latin1.search(NON_ASCII);
  if (at === -1) return {};
  const seen = new Set<string>();
  for (const m of latin1.matchAll(LABEL_LINE)) if (NON_ASCII.test(m[1])) seen.add(m[1]);
  const fits = CANDIDATES.filter((cp) => [...seen].some((label) => labels.has(decode(Buffer.from(label, 'latin1'), cp)?.toLowerCase() ?? '')));
  const line = lineOf(latin1, at);
  const advice = 'give it in its bundle folder (bundle.json records the console code page) or collect with the PowerShell collector (reg export)';
  if (fits.length === 0) {
    if (seen.size > 0) return {}; // a label in no language known: the parser says so
    return { warning: { line, message: `non-ASCII text in a code page that cannot be told (cmd writes \`reg query\` output in the console's OEM code page): read as Windows-1252, so such characters may be wrong; ${advice}` } };
  }
  if (fits[0] === 1252) return {};
  const texts = fits.map((cp) => decode(bytes, cp) as string);
  const utf8 = Buffer.from(`\uFEFF${texts[0]}`, 'utf8');
  if (texts.every((t) => t === texts[0])) return { utf8 };
  let differ = 0;
  while (texts.every((t) => t.charCodeAt(differ) === texts[0].charCodeAt(differ))) differ++;
  return {
    utf8,
    warning: { line: lineOf(texts[0], differ), message: `its default-value label reads in code pages ${fits.join(' and ')}, which decode its other non-ASCII text differently: read as ${fits[0]}, so such characters may be wrong; ${advice}` },
  };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
