// A snapshot read from a file (written by another tool, by hand, by an older pairaudit, or stored in a history) with
// the key and value names that hold a secret masked as `collect` masks them today (secret-names-hidden.ts): in the
// settings' names, their provenance and the warnings.
import type { Provenance, Setting, Snapshot } from '../types.js';
import type { SecretDetector } from './secrets.js';
import { NameMasker } from './secret-names-hidden.js';

/** What hideSecretNames did: the snapshot, each setting renamed (old name → new) and each part hidden (part → placeholder). */
export interface HiddenNames {
  snapshot: Snapshot;
  renamed: Map<string, string>;
  parts: Map<string, string>;
}

/** `text` with every occurrence of `part`, in any case, replaced by `by`. */
export function replaceIgnoringCase(text: string, part: string, by: string): string {
  if (part === '') return text;
  const lower = text.toLowerCase();
  const find = part.toLowerCase();
  // Lower-casing keeps the length of most text; where it does not, the parts are found in the text as it is.
  if (lower.length !== text.length) return text.split(part).join(by);
  let out = '';
  let last = 0;
  for (let at = lower.indexOf(find); at >= 0; at = lower.indexOf(find, at + find.length)) {
    out += text.slice(last, at) + by;
    last = at + find.length;
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * A setting's name and provenance with every part that holds a secret masked: the segments of its key and its value
 * name (which a profile's name may hold, a `{Var:camel}` one with its first letter lower-cased), then the segments of
 * the name itself (a `reg:` name of a key the provenance does not name); undefined when none does.
 */
function hiddenSetting(names: NameMasker, name: string, source: Provenance): { name: string; source: Provenance } | undefined {
  const pairs: [string, string][] = [];
  const key = source.key === undefined ? undefined : names.path(source.key);
  if (key !== undefined && key !== source.key) {
    const from = (source.key as string).split('\\');
    key.split('\\').forEach((to, i) => {
      if (to !== from[i]) pairs.push([from[i], to]);
    });
  }
  const valueName = source.valueName === undefined ? undefined : names.part(source.valueName);
  if (valueName !== undefined && valueName !== source.valueName) pairs.push([source.valueName as string, valueName]);
  let out = name;
  // Longest first: a value name may hold a key's segment.
  for (const [from, to] of pairs.sort((a, b) => b[0].length - a[0].length)) out = replaceIgnoringCase(out, from, to);
  const head = out.startsWith('reg:') ? 'reg:' : '';
  out = head + names.path(out.slice(head.length));
  if (out === name && key === source.key && valueName === source.valueName) return undefined;
  const p: Provenance = { ...source };
  if (key !== undefined) p.key = key;
  if (valueName !== undefined) p.valueName = valueName;
  return { name: out, source: p };
}

/** A snapshot with the names that hold a secret masked under `key` (HiddenNames); the same object when none does. */
export function hideSecretNames(s: Snapshot, detector: SecretDetector, key: string | Uint8Array): HiddenNames {
  const names = new NameMasker(detector, key);
  const renamed = new Map<string, string>();
  let settings: Record<string, Setting> | undefined;
  const entries = Object.entries(s.settings);
  for (const [name, setting] of entries) {
    const hidden = hiddenSetting(names, name, setting.source);
    if (hidden === undefined) continue;
    settings ??= {};
    if (hidden.name !== name) renamed.set(name, hidden.name);
    settings[name] = { ...setting, source: hidden.source };
  }
  const parts = names.hidden();
  if (settings === undefined) return { snapshot: s, renamed, parts };
  const out: Record<string, Setting> = {};
  for (const [name, setting] of entries) {
    const to = renamed.get(name) ?? name;
    // Two names that differ only in a hidden part's case were one setting (names compare ignoring case): the first stays.
    if (!Object.prototype.hasOwnProperty.call(out, to)) Object.defineProperty(out, to, { value: settings[name] ?? setting, enumerable: true, writable: true, configurable: true });
  }
  const byLower = new Map([...renamed].map(([from, to]) => [from.toLowerCase(), to]));
  const masked = (text: string): string => [...parts].sort((a, b) => b[0].length - a[0].length).reduce((t, [from, to]) => replaceIgnoringCase(t, from, to), text);
  const warnings = s.warnings?.map((w) => {
    const setting = w.setting === undefined ? undefined : (byLower.get(w.setting.toLowerCase()) ?? masked(w.setting));
    return { ...w, message: masked(w.message), ...(setting !== undefined ? { setting } : {}) };
  });
  return { snapshot: { ...s, settings: out, ...(warnings !== undefined ? { warnings } : {}) }, renamed, parts };
}
