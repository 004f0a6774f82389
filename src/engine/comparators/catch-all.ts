// catch-all: every setting no other rule selects is equal on both servers, except what the allow-list lets differ.
import type { AuditConfig, CompareSpec } from '../types.js';
import { compilePattern, matchesAny, type NamePattern } from '../patterns.js';
import { displayValue, formatValue, isSecret, roleName, secretKeysDiffer, valuesEqual } from '../values.js';
import { EQUALITY_MESSAGES } from './shared.js';
import type { Comparator } from './types.js';
import { assumedAt, sourceAt, typesDiffer, valueAt, type IndexedServer } from '../indexing.js';
import type { Selection } from '../selection.js';
import type { PairJoin } from '../join.js';
import { keyOutsideAreas } from '../profile-fit.js';

const MESSAGES = {
  ...EQUALITY_MESSAGES,
  othersEqual: '{{count}} other settings are the same on Main and {{otherRole}}',
  allowedDiffers: '{{setting}} may differ between servers ({{reason}}): Main has {{mainValue}}, {{otherRole}} has {{otherValue}}',
  unclaimedKeyDiffers:
    '{{key}}: values no profile group reads differ between Main and {{otherRole}} ({{names}}; {{count}} in all); the profile does not fit these exports, so they may be the settings it looks for elsewhere — see `pairaudit profile check`',
} as const;

/** How many value names an `unclaimedKeyDiffers` message lists. */
const NAMED_VALUES = 4;

const CONFIG_REASON = 'allowed in the config file';
const NO_REASON = 'on the allow-list';

/** The allow-list with each entry's reason: the rule's (and its role overrides'), then the config file's. */
function allowList(spec: CompareSpec, config: AuditConfig): { pattern: NamePattern; reason: string }[] {
  const rule = (spec.allow ?? []).map((a) => (typeof a === 'string' ? { pattern: a, reason: NO_REASON } : a));
  const fromConfig = (config.allow ?? []).map((a) => (typeof a === 'string' ? { pattern: a, reason: CONFIG_REASON } : { pattern: a.pattern, reason: `${a.reason} (config file)` }));
  return [...rule, ...fromConfig].map((a) => ({ pattern: compilePattern(a.pattern), reason: a.reason }));
}

/** Whether the catch-all's allow-list (`spec`'s and the config file's) lets the setting `name` differ. */
export function allowedToDiffer(spec: CompareSpec, config: AuditConfig, name: string): boolean {
  return matchesAny(allowList(spec, config).map((a) => a.pattern), name);
}

/** 1 at each position of the server's names that an allow-list entry matches. */
function allowedOn(selection: Selection, allow: { pattern: NamePattern }[], server: IndexedServer): Uint8Array {
  const out = new Uint8Array(server.names.length);
  selection.prepare(allow.map((a) => a.pattern), server);
  for (const a of allow) {
    const at = selection.matches(a.pattern, server);
    for (let k = 0; k < at.length; k++) out[at[k]] = 1;
  }
  return out;
}

/**
 * One pass over the pair's join (a small loop, compiled early): how many unclaimed rows hold the same value
 * on both servers outside the allow-list (only counted), and the other unclaimed rows, for the comparator to
 * judge one by one (their rows written into `rest`, `n` of them). A row with the same value is on both servers:
 * the Main's name decides whether it is allowed.
 */
function unclaimedRows(join: PairJoin, claimedMain: Uint8Array, claimedOther: Uint8Array | undefined, allowedMain: Uint8Array, rest: Int32Array): { equal: number; n: number } {
  const { bAt, same } = join;
  // Rows that are the Main's positions (see PairJoin.mainRows): its position is the row, no array read.
  const aAt = join.mainRows ? undefined : join.aAt;
  let n = 0;
  let equal = 0;
  // Without branches on the flags (each 0 or 1): every operation runs on every row, so the loop, compiled
  // while it walks the first rules' names, is not compiled again when the unclaimed names begin.
  for (let row = 0; row < join.rows; row++) {
    const mi = aAt === undefined ? row : aAt[row];
    const oi = bAt[row];
    const unclaimed = 1 - ((mi >= 0 ? claimedMain[mi] : 0) | (oi >= 0 && claimedOther !== undefined ? claimedOther[oi] : 0));
    const s = same[row];
    // A row with the same value is on both servers: mi >= 0 wherever s is 1.
    const allowed = mi >= 0 ? allowedMain[mi] : 0;
    equal += unclaimed & s & (1 - allowed);
    rest[n] = row;
    n += unclaimed & (1 - s);
  }
  // Nothing after the loop but the result (code after a loop compiled on stack has not run yet).
  return { equal, n };
}

export const catchAll: Comparator<keyof typeof MESSAGES> = {
  messages: MESSAGES,
  options: ['unordered', 'caseInsensitive', 'allow'],
  compare(run, main, other) {
    const { ctx, eff } = run;
    const allow = allowList(eff.compare, ctx.config);
    // Both servers' names in one sorted walk (the pair's join); rows with the same value are only counted.
    const join = ctx.selection.join(main, other);
    // What the allow-list lets differ, per position on each server (each pattern's matches are the selection's,
    // found once per server), and the names other rules claim. When the rows are the Main's positions
    // (PairJoin.mainRows), every row holds a name of the Main's: its allow-list entry decides, and the other
    // server's claimed names are the Main's carried over (Selection.claimedOn): neither is made for the other.
    const allowedMain = allowedOn(ctx.selection, allow, main);
    const allowedOther = join.mainRows ? undefined : allowedOn(ctx.selection, allow, other);
    const claimedMain = ctx.selection.claimedOn(ctx.claimers, main);
    const claimedOther = join.mainRows ? undefined : ctx.selection.claimedOn(ctx.claimers, other);
    // When the profile does not fit either export, values outside every group's area are reported by key, at info.
    const outside = keyOutsideAreas(ctx.fit, main, other);
    const byKey = new Map<string, { names: string[]; main: string[]; other: string[] }>();
    const rest = new Int32Array(join.rows);
    const scan = unclaimedRows(join, claimedMain, claimedOther, allowedMain, rest);
    let equal = scan.equal;
    for (let r = 0; r < scan.n; r++) {
      const row = rest[r];
      const mi = join.mainRows ? row : join.aAt[row];
      const oi = join.bAt[row];
      // The name as the Main writes it where it has it: its allow-list entry decides.
      const allowed = mi >= 0 ? allowedMain[mi] === 1 : allowedOther?.[oi] === 1;
      const name = mi >= 0 ? main.names.name(mi) : other.names.name(oi);
      // The values from the tables' columns (undefined where a server lacks the name).
      const mv = mi >= 0 ? valueAt(main, mi) : undefined;
      const ov = oi >= 0 ? valueAt(other, oi) : undefined;
      // Equal values stored as different registry types are drift (see typesDiffer).
      const types = typesDiffer(main, mi, other, oi);
      if (types === undefined && mv !== undefined && ov !== undefined && valuesEqual(mv, ov, eff.compare)) {
        if (!allowed) equal++;
        continue;
      }
      const values = { [main.role]: displayValue(mv, ov), [other.role]: displayValue(ov, mv) };
      const sources = { [main.role]: mi >= 0 ? sourceAt(main, mi) : null, [other.role]: oi >= 0 ? sourceAt(other, oi) : null };
      const assumed = (mi >= 0 && assumedAt(main, mi)) || (oi >= 0 && assumedAt(other, oi));
      const data = { setting: name, mainValue: formatValue(values[main.role]), otherValue: formatValue(values[other.role]), otherRole: roleName(other.role) };
      if (allowed) {
        // Per-machine values: shown with the reason they may differ, never failing.
        const reason = allow.find((a) => matchesAny([a.pattern], name))?.reason ?? NO_REASON;
        run.report({ status: 'pass', severity: 'info', setting: name, servers: [main, other], messageId: 'allowedDiffers', data: { ...data, reason }, values, sources, assumed });
        continue;
      }
      if (secretKeysDiffer(mv, ov)) {
        run.report({ status: 'unknown', setting: name, servers: [main, other], messageId: 'keysDiffer', data: { setting: name, otherRole: roleName(other.role) }, values, sources, assumed });
        continue;
      }
      const key = outside?.(name);
      if (key !== undefined) {
        const k = byKey.get(key) ?? { names: [], main: [], other: [] };
        const valueName = key === '(root)' ? name.slice(4) : name.slice(5 + key.length);
        k.names.push(valueName);
        // Each side's values as `Name = value` lines (secrets as set / not set, as everywhere).
        if (mv !== undefined) k.main.push(`${valueName} = ${data.mainValue}`);
        if (ov !== undefined) k.other.push(`${valueName} = ${data.otherValue}`);
        byKey.set(key, k);
        continue;
      }
      if (types !== undefined) {
        run.report({ status: 'fail', setting: name, servers: [main, other], messageId: 'typeDiffers', data: { ...data, mainType: types[0], otherType: types[1] }, values, sources, assumed });
        continue;
      }
      const bothSecretsSet = isSecret(mv) && isSecret(ov) && mv.set && ov.set;
      const messageId = mv === undefined ? 'onlyOnOther' : ov === undefined ? 'onlyOnMain' : bothSecretsSet ? 'secretDiffers' : 'differs';
      run.report({ status: 'fail', setting: name, servers: [main, other], messageId, data, values, sources, assumed });
    }
    for (const [key, k] of [...byKey].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
      const listed = k.names.slice(0, NAMED_VALUES).join(', ') + (k.names.length > NAMED_VALUES ? ', …' : '');
      const values = { [main.role]: k.main.length > 0 ? k.main : null, [other.role]: k.other.length > 0 ? k.other : null };
      const data = { key, count: k.names.length, names: listed, otherRole: roleName(other.role) };
      run.report({ status: 'fail', severity: 'info', setting: key === '(root)' ? 'reg:*' : `reg:${key}\\*`, servers: [main, other], messageId: 'unclaimedKeyDiffers', data, values, sources: {} });
    }
    // Passing settings are summarised in one finding per pair, so that a large export does not bury the drift.
    if (equal > 0) run.report({ status: 'pass', setting: '*', servers: [main, other], messageId: 'othersEqual', data: { count: equal, otherRole: roleName(other.role) }, values: {}, sources: {} });
  },
};
