// A bundle folder holding an export of the whole ClearSCADA key and, beside it, a driver registration file (a `.reg`
// of one `Driver<Name>` subkey, as the corpus holds): an export of one subkey alone is refused, a bundle applies both.
import { copyFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tempDir } from './history-fixtures.js';

export const CLEARSCADA_KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';

/** The export of the key with its own section only (UTF-16LE with BOM, CRLF, as `reg export` writes it). */
export function rootOnlyExport(): Buffer {
  return Buffer.from(`\uFEFFWindows Registry Editor Version 5.00\r\n\r\n[${CLEARSCADA_KEY}]\r\n\r\n`, 'utf16le');
}

/** A bundle of `ClearSCADA.reg` (the key's own section) and a copy of `registration` (applied after it, in name order). */
export function bundleWithRegistration(registration: string): { dir: string; cleanup: () => void } {
  const t = tempDir('pairaudit-registration-');
  writeFileSync(join(t.dir, 'ClearSCADA.reg'), rootOnlyExport());
  copyFileSync(registration, join(t.dir, `driver-${basename(registration)}`));
  return t;
}
