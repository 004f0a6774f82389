// A fixture pair copied with one server's partners.type ambiguous: its bundle records no role (it is given one by
// its partners.type), its ClearSCADA.reg gives Type `first` and a later export, Partners.reg, gives `later` (applied
// after it: the value kept). The engine's tests of an ambiguous partner type build their inputs with it.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PARTNERS_REG = (type: number): string => `\uFEFFWindows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\Partners]\r\n"Type"=dword:0000000${type}\r\n`;
const PARTNERS_TYPE = /(\\Partners\]\r\n(?:"[^\r]*\r\n)*?"Type"=dword:)[0-9a-f]{8}/;

/**
 * fixtures/pairs/`pair` copied to `dir`, the server `server` (a folder of the pair) made ambiguous as above;
 * `edit` changes the rest of its ClearSCADA.reg's text (each edit asserted to take effect).
 */
export function pairWithAmbiguousType(dir: string, pair: string, server: string, first: number, later: number, edit: (text: string) => string = (t) => t): void {
  cpSync(join('fixtures', 'pairs', pair), dir, { recursive: true });
  const manifest = join(dir, server, 'bundle.json');
  const m = JSON.parse(readFileSync(manifest, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
  delete m.role;
  writeFileSync(manifest, JSON.stringify(m));
  const reg = join(dir, server, 'ClearSCADA.reg');
  const text = readFileSync(reg, 'utf16le');
  const typed = text.replace(PARTNERS_TYPE, `$10000000${first}`);
  assert.match(typed, new RegExp(`\\\\Partners\\]\r\n(?:"[^\r]*\r\n)*?"Type"=dword:0000000${first}`));
  const edited = edit(typed);
  writeFileSync(reg, edited, 'utf16le');
  writeFileSync(join(dir, server, 'Partners.reg'), PARTNERS_REG(later), 'utf16le');
}
