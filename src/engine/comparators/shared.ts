// Message templates and the per-setting walk that several comparison kinds share.
import type { DisplayValue, Provenance, RegTypeName, Role, SettingValue } from '../../types.js';
import { displayValue, formatValue, roleName, secretKeysDiffer } from '../values.js';
import { assumedAt, sourceAt, typesDiffer, valueAt, type IndexedServer } from '../indexing.js';
import type { PairNames } from '../pair-names.js';
import { GuardCheck } from './guard.js';
import type { RuleRun } from './types.js';
import type { SettingRead } from '../finding-spec.js';

export const SHARED_MESSAGES = {
  missing: '{{setting}} is missing on {{missingOn}}, so parity cannot be checked; collect a complete export of that server',
  keysDiffer:
    '{{setting}} is a secret set on Main and {{otherRole}}, compared under different keys, so whether it differs is unknown; collect both servers in one run, with the same --secret-key-file, or into one history store',
  notCollected: '{{check}} needs {{evidence}}: not collected by this collector version on {{server}} (an earlier collection script, which could not write it); update the collection script (collectors/) and collect again',
} as const;

export const EQUALITY_MESSAGES = {
  ...SHARED_MESSAGES,
  equal: '{{setting}} is the same on Main and {{otherRole}}: {{mainValue}}',
  differs: '{{setting}} differs: Main has {{mainValue}}, {{otherRole}} has {{otherValue}}',
  secretDiffers: '{{setting}} differs (values hidden): the secret set on Main is not the one set on {{otherRole}}',
  onlyOnMain: '{{setting}} is set on Main ({{mainValue}}) but not on {{otherRole}}',
  onlyOnOther: '{{setting}} is set on {{otherRole}} ({{otherValue}}) but not on Main',
  passesSummarised: '{{count}} settings are the same on Main and {{otherRole}}',
  typeDiffers:
    '{{setting}} is stored as {{mainType}} on Main ({{mainValue}}) but as {{otherType}} on {{otherRole}} ({{otherValue}}): a server reads a setting as the type it expects, and what it does with another type is not documented (it may ignore the value and use its default); write it with the same type on both, as the Server Configuration Tool does',
} as const;

/**
 * When a required rule selects nothing on either server, one `missing` per pattern; returns the names to
 * compare otherwise (the union of both servers' selections).
 */
export function namesOrMissing(run: RuleRun<'missing'>, main: IndexedServer, other: IndexedServer): PairNames | undefined {
  const { c } = run;
  const names = run.ctx.selection.pairNames(c, main, other);
  if (names.length === 0 && c.rule.evidence === 'required') {
    for (const p of c.patterns) {
      const none = { [main.role]: null, [other.role]: null };
      run.report({ status: 'unknown', setting: p.source, servers: [main, other], messageId: 'missing', data: { setting: p.source, missingOn: `Main and ${roleName(other.role)}` }, values: none, sources: none });
    }
    return undefined;
  }
  return names;
}

/** One selected setting present (or defaulted) on both servers, with what a finding about it shows. */
export interface SettingPair {
  display: string;
  mv: SettingValue;
  ov: SettingValue;
  servers: IndexedServer[];
  values: Partial<Record<Role, DisplayValue>>;
  sources: Partial<Record<Role, Provenance | null>>;
  data: Record<string, string | number>;
  /** Whether either server's setting was named through an assumed mapping (what the finding says; found here, not looked up again). */
  assumed: boolean;
  /** The two registry types when both values are registry values stored as different types (typesDiffer). */
  types?: [RegTypeName, RegTypeName];
}

export interface PerSettingOptions {
  /** A value set on one server only is drift (`onlyOnMain` / `onlyOnOther`); otherwise it is ignored. */
  oneSided?: RuleRun<'onlyOnMain' | 'onlyOnOther'>['report'];
  /** Counts a pair of present values as a pass without a finding when true (wide must-equal rules). */
  countsAsPass?: (mv: SettingValue, ov: SettingValue) => boolean;
  /** The same value on both servers counts as a pass (countsAsPass holds for it): counted before reading the values. */
  sameCountsAsPass?: boolean;
  /** What the passes counted rest on besides their own settings (FindingSpec.reads). */
  reads?: SettingRead[];
  /**
   * A setting both servers hold as registry values of different types is drift (`typeDiffers`), whatever the
   * values: the comparisons of values (equal, numbers) report it so; a must-differ rule does not.
   */
  typeDiffers?: RuleRun<'typeDiffers'>['report'];
}

/**
 * Walks the settings a rule selects on the Main and the other server: the guard, the vendor defaults,
 * `missing` evidence and one-sided values; `judge` compares each setting present on both.
 */
export function perSetting(run: RuleRun<'missing' | 'keysDiffer'>, main: IndexedServer, other: IndexedServer, opts: PerSettingOptions, judge: (p: SettingPair) => void): void {
  const pair = namesOrMissing(run, main, other);
  if (pair === undefined) return;
  const { c, eff } = run;
  const defaults = eff.compare.defaults === undefined ? undefined : new Map(Object.entries(eff.compare.defaults).map(([k, v]) => [k.toLowerCase(), v] as const));
  const servers = [main, other];
  const guard = eff.compare.guard === undefined ? undefined : new GuardCheck(eff.compare.guard, c.patterns, main, other, run.ctx.selection.guards, run.ctx.selection.guardEnds(main));
  const sameCountsAsPass = opts.sameCountsAsPass === true;
  const { mainAt, otherAt, same } = pair;
  // Most settings of a wide rule are equal and only counted: counted here, reported once by the sink.
  let passes = 0;
  // By runs of names that share their guard (one driver's): the guard is looked up once per run, a run whose
  // guard fails is skipped whole, and in the others a name with the same value is only counted.
  for (let k = 0; k < pair.length; ) {
    let end = pair.length;
    if (guard !== undefined) {
      const holds = guard.check(pair, k);
      end = guard.spanEnd(pair, k);
      if (!holds) {
        k = end;
        continue;
      }
    }
    for (; k < end; k++) {
      if (sameCountsAsPass && same[k] === 1) {
        passes++;
        continue;
      }
      const mi = mainAt[k];
      const oi = otherAt[k];
      // The values as held (undefined where absent), read from the tables' columns; the defaults stand in for absent ones.
      const mh = mi >= 0 ? valueAt(main, mi) : undefined;
      const oh = oi >= 0 ? valueAt(other, oi) : undefined;
      const mv: SettingValue | undefined = mh ?? defaults?.get(pair.lower(k));
      const ov: SettingValue | undefined = oh ?? defaults?.get(pair.lower(k));
      // Checked before countsAsPass: two values the profile converts alike may be stored as different types.
      const types = opts.typeDiffers === undefined ? undefined : typesDiffer(main, mi, other, oi);
      if (opts.countsAsPass !== undefined && types === undefined && mv !== undefined && ov !== undefined && opts.countsAsPass(mv, ov)) {
        passes++;
        continue;
      }
      const display = mi >= 0 ? main.names.name(mi) : oi >= 0 ? other.names.name(oi) : pair.name(k);
      const values = { [main.role]: displayValue(mh, oh), [other.role]: displayValue(oh, mh) };
      const sources = { [main.role]: mi >= 0 ? sourceAt(main, mi) : null, [other.role]: oi >= 0 ? sourceAt(other, oi) : null };
      const assumed = (mi >= 0 && assumedAt(main, mi)) || (oi >= 0 && assumedAt(other, oi));
      const data: Record<string, string | number> = { setting: display, mainValue: formatValue(displayValue(mv, ov)), otherValue: formatValue(displayValue(ov, mv)), otherRole: roleName(other.role) };
      if (mv === undefined && ov === undefined) {
        if (c.rule.evidence === 'required') run.report({ status: 'unknown', setting: display, servers, messageId: 'missing', data: { setting: display, missingOn: `Main and ${roleName(other.role)}` }, values, sources, assumed });
        continue;
      }
      if (mv === undefined || ov === undefined) {
        if (c.rule.evidence === 'required') {
          run.report({ status: 'unknown', setting: display, servers, messageId: 'missing', data: { setting: display, missingOn: mv === undefined ? 'Main' : roleName(other.role) }, values, sources, assumed });
        } else if (opts.oneSided !== undefined) {
          opts.oneSided({ status: 'fail', setting: display, servers, messageId: mv === undefined ? 'onlyOnOther' : 'onlyOnMain', data, values, sources, assumed });
        }
        continue;
      }
      if (types !== undefined && opts.typeDiffers !== undefined) {
        opts.typeDiffers({ status: 'fail', setting: display, servers, messageId: 'typeDiffers', data: { ...data, mainType: types[0], otherType: types[1] }, values, sources, assumed });
        continue;
      }
      if (secretKeysDiffer(mv, ov)) {
        run.report({ status: 'unknown', setting: display, servers, messageId: 'keysDiffer', data: { setting: display, otherRole: roleName(other.role) }, values, sources, assumed });
        continue;
      }
      const differ = types ?? typesDiffer(main, mi, other, oi);
      judge({ display, mv, ov, servers, values, sources, data, assumed, ...(differ !== undefined ? { types: differ } : {}) });
    }
  }
  if (passes > 0) run.ctx.findings.countPass(c, eff, servers, passes, opts.reads);
}
