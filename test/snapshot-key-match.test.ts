// KeyMatch (a plan per set of matched key templates, shared by the keys that match them, and the mapping chosen
// once per value name and plan) against a plain reading of the profile: every mapping in profile order, its key
// and value regexes tried on each value, the first that matches naming it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileProfile, captures, KeyMatch, type CompiledProfile } from '../src/snapshot/profile-match.js';
import { nameFacts } from '../src/snapshot/value-order.js';
import { defaultProfile } from '../src/collect/profile/load.js';
import type { Profile, ProfileMapping } from '../src/snapshot/profile.js';

/** The setting template with `vars` filled (`{X:camel}` lower-cases the first character). */
function fillAll(template: string, vars: Record<string, string>): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*)(:camel)?\}/g, (_, name: string, camel: string | undefined) => {
    const v = vars[name] ?? '';
    return camel === undefined ? v : v.charAt(0).toLowerCase() + v.slice(1);
  });
}

/** What a value of the key `rel` is named, read plainly: the first mapping in profile order whose key and value match. */
function reference(cp: CompiledProfile, rel: string, valueName: string): { name: string; mapping: ProfileMapping } | undefined {
  for (const c of cp.mappings) {
    if (c.mapping.present) continue;
    const keyVars = captures(cp, c.keyRe, c.keyVars, rel);
    if (keyVars === undefined) continue;
    let valueVars: Record<string, string> | undefined;
    if (c.mapping.value === '@') valueVars = valueName === '' ? {} : undefined;
    else if (valueName !== '') valueVars = captures(cp, c.valueRe as RegExp, c.valueVars, valueName);
    if (valueVars !== undefined) return { name: fillAll(c.mapping.setting, { ...keyVars, ...valueVars }), mapping: c.mapping };
  }
  return undefined;
}

/** The settings named by the key's presence, read plainly. */
function referencePresent(cp: CompiledProfile, rel: string): string[] {
  return cp.mappings.filter((c) => c.mapping.present === true).flatMap((c) => {
    const vars = captures(cp, c.keyRe, c.keyVars, rel);
    return vars === undefined ? [] : [fillAll(c.mapping.setting, vars)];
  });
}

const m = (setting: string, key: string, value?: string): ProfileMapping => ({ setting, key, ...(value === undefined ? { present: true } : { value }), assumed: false, source: 's' });

/** A profile whose mappings meet in every way the plans must keep apart: order, literals against patterns, two templates on one key. */
const AWKWARD: Profile = {
  ...defaultProfile(),
  name: 'awkward',
  variables: { Feature: ['Alarms', 'Trends'], Kind: ['Fast', 'Slow'] },
  mappings: [
    m('dev.{Dev}', 'Dev{Dev}'),
    m('dev.{Dev}.default', 'Dev{Dev}', '@'),
    m('dev.{Dev}.mode', 'Dev{Dev}', 'Mode'),
    m('dev.{Dev}.{Value:camel}', 'Dev{Dev}', '{Value}'),
    // Never reached: the pattern before it names every value on one line.
    m('dev.{Dev}.late', 'Dev{Dev}', 'Late'),
    m('feature.{Feature}.on', 'Features', '{Feature}'),
    m('features.mode', 'Features', 'Mode'),
    m('features.{Value}', 'Features', '{Value}'),
    m('speed.{Kind}.{Which}', 'Speed\\{Kind}', 'Limit{Which}'),
    m('speed.{Kind}.limit', 'Speed\\{Kind}', 'LIMIT'),
    m('speed.any.{Value}.x', 'Speed\\{Other}', '{Value}'),
    m('speed.{Kind}.present', 'Speed\\{Kind}'),
    // Dev1 matches this template and Dev{Dev}; DevAlpha only the latter: two plans that start alike.
    m('dev.one', 'Dev1'),
    m('dev.one.special', 'Dev1', 'Two\nLines'),
    // Speed\\Fast matches three templates, Speed\\Slow two of them: two plans of several templates that start alike.
    m('speed.fastOnly', 'Speed\\Fast'),
  ],
};

const KEYS = ['Dev1', 'DevAlpha', 'dev2', 'Features', 'FEATURES', 'Speed\\Fast', 'Speed\\slow', 'Speed\\Medium', 'Other', ''];
const VALUES = ['', 'Mode', 'mode', 'MODE', 'Late', 'Alarms', 'alarms', 'Trends', 'Other', 'LimitHigh', 'limitlow', 'LIMIT', 'Limit', 'Two\nLines', 'Ünïcode', 'Straße', 'İstanbul', 'x'];

function agree(profile: Profile, keys: string[], values: string[]): void {
  const cp = compileProfile(profile);
  // Keys of different plans in turn, each value asked twice: the mapping chosen per name and plan is reused.
  for (const round of [0, 1]) {
    for (const rel of keys) {
      const match = new KeyMatch(cp, rel);
      assert.deepEqual(match.present.map((p) => p.head + p.tail), referencePresent(cp, rel), `present of ${rel}`);
      for (const v of round === 0 ? values : [...values].reverse()) {
        for (const again of [0, 1]) {
          const got = match.nameValue(v, nameFacts(v));
          const want = reference(cp, rel, v);
          assert.deepEqual(got === undefined ? undefined : { name: got.head + got.tail, mapping: got.mapping }, want, `${rel} / ${JSON.stringify(v)} (asked ${again + 1})`);
        }
      }
    }
  }
}

test('KeyMatch names each value as the plain reading of the profile does (awkward profile)', () => {
  agree(AWKWARD, KEYS, VALUES);
});

test('KeyMatch names each value as the plain reading of the profile does (bundled profile)', () => {
  const keys = ['', 'Server', 'DB', 'Partners', 'Partners\\StandbyA', 'Partners\\StandbyB\\Deeper', 'Historic', 'Historic\\HistoricData', 'Features', 'Locations', 'WebX', 'Licence', 'DriverDNP3', 'DriverDNP3\\Settings', 'DriverModbus\\Settings', 'Server\\Tuning\\Group1'];
  const values = ['', 'Port', 'port', 'Address', 'ServerLabel', 'Enabled', 'KeepOnlineWeeks', 'TaskName', 'Version', 'AssemblyName', 'Channel0001Timeout', 'Password', 'Alarms', 'Main', 'HTTPPort', 'MachineId', 'Two\nLines', 'Ümlaut'];
  agree(defaultProfile(), keys, values);
});

test('the first mapping in profile order wins, literal or pattern (cases the reference and KeyMatch must both get right)', () => {
  const cp = compileProfile(AWKWARD);
  const named = (rel: string, v: string) => {
    const got = new KeyMatch(cp, rel).nameValue(v, nameFacts(v));
    return got === undefined ? undefined : `${got.head}${got.tail} <- ${got.mapping.value ?? '(present)'}`;
  };
  // Dev keys: the literal Mode comes before {Value}; Late comes after it, so {Value} names it.
  assert.equal(named('Dev1', 'mode'), 'dev.1.mode <- Mode');
  assert.equal(named('Dev1', 'Late'), 'dev.1.late <- {Value}');
  assert.equal(named('Dev1', ''), 'dev.1.default <- @');
  assert.equal(named('Dev2', 'Two\nLines'), undefined);
  assert.equal(named('Dev1', 'Two\nLines'), 'dev.one.special <- Two\nLines');
  // Features: {Feature} before the literal Mode before {Value}.
  assert.equal(named('Features', 'alarms'), 'feature.Alarms.on <- {Feature}');
  assert.equal(named('FEATURES', 'MODE'), 'features.mode <- Mode');
  assert.equal(named('Features', 'Other'), 'features.Other <- {Value}');
  // Two key templates match Speed\Fast: their mappings in profile order.
  assert.equal(named('Speed\\Fast', 'LimitHigh'), 'speed.Fast.High <- Limit{Which}');
  assert.equal(named('Speed\\Fast', 'x'), 'speed.any.x.x <- {Value}');
  assert.equal(named('Speed\\Medium', 'LimitHigh'), 'speed.any.LimitHigh.x <- {Value}');
});
