// A confirmed source replacing the value the profile read (uninstall.reg's DisplayVersion over the ClearSCADA key's
// assumed `Version`): where the two disagree, said, and where they disagree as facts, the setting left ambiguous.
import type { Setting } from '../types.js';
import { versionParts } from '../version-order.js';

/** A value as a warning quotes it: JSON text, long ones cut. */
function quoted(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** Where a setting was read, as a warning names it. */
const place = (s: Setting): string => (s.source.line === undefined ? s.source.file : `${s.source.file} line ${s.source.line}`);

/**
 * What to say (a warning of `confirmed`'s file and line) when `confirmed` replaces `read` (the setting `name` as the profile read it), or undefined when they
 * agree. `ambiguous`: both are dotted version numbers that differ in a part both write (6.85.9012 against 6.84.8512:
 * two facts, one of them wrong, so the audit reports the setting unknown); a value written another way (6.84.8512
 * against 6.84.8512.1, or text that is no version number) is only said, since the read value's layout is assumed.
 */
export function replacedValueWarning(name: string, read: Setting, confirmed: Setting): { message: string; ambiguous: boolean } | undefined {
  if (JSON.stringify(read.value) === JSON.stringify(confirmed.value)) return undefined;
  const a = typeof read.value === 'string' ? versionParts(read.value) : undefined;
  const b = typeof confirmed.value === 'string' ? versionParts(confirmed.value) : undefined;
  const ambiguous = a !== undefined && b !== undefined && a.slice(0, b.length).some((p, i) => p !== b[i]);
  const outcome = ambiguous ? 'the two versions disagree, so the setting is unknown: check which one the server runs' : "this value is used (a documented source; the other's layout is assumed)";
  return { message: `setting "${name}" is ${quoted(confirmed.value)} here, but ${quoted(read.value)} in ${place(read)}; ${outcome}`, ambiguous };
}
