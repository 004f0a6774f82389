// Inputs for the bench's `limits` section (issue #11 point 5): exports shaped to hit a resource bound, written as `reg export` would.
import { writeFileSync } from 'node:fs';
import { ROOT } from './generate.js';

function writeUtf16(path: string, lines: string[]): number {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf16le')]);
  writeFileSync(path, bytes);
  return bytes.length;
}

/** `keys` driver keys with a value each, then a `[-key]` section deleting each of them again. */
export function writeDeletions(path: string, keys: number): number {
  const lines = ['Windows Registry Editor Version 5.00', '', `[${ROOT}]`, '"InstallLocation"="C:\\\\Program Files\\\\Schneider Electric\\\\ClearSCADA\\\\"', ''];
  for (let i = 0; i < keys; i++) lines.push(`[${ROOT}\\DriverCustom${i}]`, '"LogEnable"=dword:00000001', '');
  for (let i = 0; i < keys; i++) lines.push(`[-${ROOT}\\DriverCustom${i}]`, '');
  return writeUtf16(path, lines);
}

/** A ClearSCADA key, then one key path `levels` levels deep (the registry allows 512): about 400 KB at 30,000. */
export function writeDeepKey(path: string, levels: number): number {
  return writeUtf16(path, ['Windows Registry Editor Version 5.00', '', `[${ROOT}\\DB]`, '"Port"=dword:00001569', '', `[${ROOT}${'\\a'.repeat(levels - 4)}]`, '"X"="1"']);
}
