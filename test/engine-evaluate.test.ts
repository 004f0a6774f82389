// Engine evaluation on hand-built snapshots: each comparison kind, unknown evidence, secrets, config, verdicts, determinism.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import stringify from 'fast-json-stable-stringify';
import { auditGroup, buildRulePack, caseSnapshot, type CaseServer, type Rule, type RuleDefinition, type AuditConfig, type AuditInput } from '../src/engine/index.js';
import type { Role, Severity } from '../src/types.js';

const ctx = { now: new Date('2026-01-01T00:15:00Z'), toolVersion: '9.9.9' };

function rule(def: Partial<RuleDefinition> & Pick<RuleDefinition, 'id' | 'select' | 'compare'>): Rule {
  return { title: def.id, severity: 'warning', category: 'test', rationale: 'r [X]', remediation: 'fix it somewhere', references: [], pack: 'test', file: `${def.id}.json`, ...def };
}

function audit(rules: Rule[], servers: Partial<Record<Role, CaseServer>>, extra: Partial<AuditInput> = {}) {
  return auditGroup({ servers: Object.entries(servers).map(([role, s]) => ({ role: role as Role, snapshot: caseSnapshot(role as Role, s as CaseServer) })), pack: buildRulePack(rules, ['test']), ...extra }, ctx);
}

const brief = (r: ReturnType<typeof audit>) => r.findings.map((f) => `${f.ruleId} ${f.status} ${f.messageId} ${f.setting}`);

test('must-equal: absent on both is no finding; absent on one side fails; required absence is unknown', () => {
  const eq = rule({ id: 'eq', select: ['a.*'], compare: { kind: 'must-equal' } });
  const req = rule({ id: 'req', select: ['db.port'], evidence: 'required', compare: { kind: 'must-equal' } });
  const r = audit([eq, req], { main: { 'a.x': 1, 'a.y': 2, 'db.port': 5481 }, 'standby-a': { 'a.x': 1, 'a.z': 3 } });
  assert.deepEqual(brief(r).sort(), ['eq fail onlyOnMain a.y', 'eq fail onlyOnOther a.z', 'eq pass equal a.x', 'req unknown missing db.port'].sort());
  const none = audit([eq], { main: {}, 'standby-a': {} });
  assert.deepEqual(none.findings, []);
  assert.equal(none.verdict, 'in-parity');
});

test('names compare case-insensitively and keep the Main\'s display case', () => {
  const eq = rule({ id: 'eq', select: ['webx.*'], compare: { kind: 'must-equal' } });
  const r = audit([eq], { main: { 'WebX.HTTPPort': 80 }, 'standby-a': { 'webx.httpport': 80 } });
  assert.deepEqual(brief(r), ['eq pass equal WebX.HTTPPort']);
});

test('secrets: by keyed hash under one key, unknown under different keys, by presence for DPAPI and format 1; never their hash', () => {
  const eq = rule({ id: 'sec', select: ['drivers.*.settings.*'], compare: { kind: 'must-equal' } });
  const h = (n: string): string => n.repeat(64);
  const k = (n: string): string => n.repeat(16);
  const r = audit([eq], {
    main: {
      'drivers.P.settings.Same': { secret: true, set: true, hmac: h('1'), keyId: k('a') },
      'drivers.P.settings.Differs': { secret: true, set: true, hmac: h('2'), keyId: k('a') },
      'drivers.P.settings.OtherKey': { secret: true, set: true, hmac: h('3'), keyId: k('a') },
      'drivers.P.settings.Dpapi': { presence: true, secret: true, set: true },
      'drivers.P.settings.Old': { secret: true, set: true, hmac: h('4') },
      'drivers.P.settings.Unset': { secret: true, set: true, hmac: h('5'), keyId: k('a') },
    },
    'standby-a': {
      'drivers.P.settings.Same': { secret: true, set: true, hmac: h('1'), keyId: k('a') },
      'drivers.P.settings.Differs': { secret: true, set: true, hmac: h('6'), keyId: k('a') },
      'drivers.P.settings.OtherKey': { secret: true, set: true, hmac: h('3'), keyId: k('b') },
      'drivers.P.settings.Dpapi': { presence: true, secret: true, set: true },
      'drivers.P.settings.Old': { secret: true, set: true, hmac: h('7') },
      'drivers.P.settings.Unset': { secret: true, set: false },
    },
  });
  assert.deepEqual(brief(r), [
    'sec fail secretDiffers drivers.P.settings.Differs',
    'sec fail differs drivers.P.settings.Unset',
    'sec unknown keysDiffer drivers.P.settings.OtherKey',
    'sec pass equal drivers.P.settings.Dpapi',
    'sec pass equal drivers.P.settings.Old',
    'sec pass equal drivers.P.settings.Same',
  ]);
  const by = (s: string) => r.findings.find((f) => f.setting === `drivers.P.settings.${s}`)!;
  assert.equal(by('Differs').message, 'drivers.P.settings.Differs differs (values hidden): the secret set on Main is not the one set on Standby A');
  assert.deepEqual(by('Differs').values, { main: { secret: true, set: true, same: false }, 'standby-a': { secret: true, set: true, same: false } });
  assert.deepEqual(by('Same').values.main, { secret: true, set: true, same: true });
  assert.match(by('OtherKey').message, /compared under different keys, so whether it differs is unknown/);
  assert.deepEqual(by('Dpapi').values.main, { secret: true, set: true }, 'no claim of sameness where only presence was compared');
  assert.deepEqual(by('Old').values.main, { secret: true, set: true });
  const json = stringify(r);
  for (const n of ['1', '2', '3', '4', '5', '6', '7']) assert.ok(!json.includes(h(n)), 'a secret hash leaked into the result');
  assert.ok(!json.includes(k('a')) && !json.includes(k('b')), 'a key id leaked into the result');
});

test('must-differ, within-tolerance, not-less-than, subset and superset', () => {
  const rules = [
    rule({ id: 'differ', select: ['server.label'], compare: { kind: 'must-differ' } }),
    rule({ id: 'tol', select: ['cache'], compare: { kind: 'within-tolerance', absolute: 5 } }),
    rule({ id: 'nlt', select: ['weeks.*'], compare: { kind: 'not-less-than', whenGreater: 'info' } }),
    rule({ id: 'sub', select: ['drivers.*.installed'], compare: { kind: 'subset' } }),
    rule({ id: 'sup', select: ['drivers.*.installed'], compare: { kind: 'superset' } }),
  ];
  const r = audit(rules, {
    main: { 'server.label': 'A', cache: 100, 'weeks.a': 156, 'weeks.b': 52, 'weeks.c': 10, 'drivers.X.installed': true, 'drivers.Y.installed': true },
    'standby-a': { 'server.label': 'a', cache: 104, 'weeks.a': 52, 'weeks.b': 104, 'weeks.c': 'ten', 'drivers.X.installed': true, 'drivers.Z.installed': true },
  });
  assert.deepEqual(brief(r), [
    // sorted: severity, status, rule, setting
    'differ fail same server.label',
    'nlt fail less weeks.a',
    'sub fail missingOnOther drivers.Y.installed',
    'sup fail extraOnOther drivers.Z.installed',
    'nlt unknown notNumber weeks.c',
    'sub pass present drivers.X.installed',
    'tol pass withinTolerance cache',
    'nlt fail greater weeks.b',
  ]);
  assert.equal(r.findings.find((f) => f.setting === 'weeks.b')?.severity, 'info');
});

test('must-mirror: both directions, by role link; triple standby uses link B for Standby B', () => {
  const mirror = rule({ id: 'addr', select: ['partners.*.address'], evidence: 'required', compare: { kind: 'must-mirror', attribute: 'address', match: 'identity' } });
  const r = audit([mirror], {
    main: { settings: { 'partners.standbyA.address': 'n2', 'partners.standbyB.address': 'n3' }, names: ['n1'] },
    'standby-a': { settings: { 'partners.standbyA.address': 'n1' }, names: ['n2'] },
    'standby-b': { settings: { 'partners.standbyA.address': 'n2', 'partners.standbyB.address': 'n9' }, names: ['n3'] },
  });
  assert.deepEqual(brief(r), [
    'addr fail pointsElsewhere standby-b:partners.standbyA.address',
    'addr pass pointsBack main:partners.standbyA.address',
    'addr pass pointsBack main:partners.standbyB.address',
    'addr pass pointsBack standby-a:partners.standbyA.address',
  ]);
  assert.deepEqual(r.findings[0].servers, ['main', 'standby-b']);
});

test('summarizePasses: a wide rule counts its passes per pair, and still lists each failure', () => {
  const wide = rule({ id: 'wide', select: ['drivers.*.settings.*'], compare: { kind: 'must-equal', summarizePasses: true } });
  const settings = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`drivers.D.settings.V${i}`, i]));
  const r = audit([wide], { main: settings, 'standby-a': { ...settings, 'drivers.D.settings.V7': -1 }, 'standby-b': settings });
  assert.deepEqual(brief(r), ['wide fail differs drivers.D.settings.V7', 'wide pass passesSummarised *', 'wide pass passesSummarised *']);
  assert.deepEqual(r.findings.slice(1).map((f) => [f.servers.join(), f.data?.count]), [['main,standby-a', 49], ['main,standby-b', 50]]);
});

test('policy on each server runs once per server, not once per pair', () => {
  const p = rule({ id: 'pol', select: ['partners.transferInterval'], compare: { kind: 'policy', test: 'allowed-values', on: 'each', values: [5] } });
  const r = audit([p], { main: { 'partners.transferInterval': 5 }, 'standby-a': { 'partners.transferInterval': 5 }, 'standby-b': { 'partners.transferInterval': 7 } });
  assert.deepEqual(r.findings.map((f) => `${f.status} ${f.servers.join(',')}`), ['fail standby-b', 'pass main', 'pass standby-a']);
});

test('catch-all compares only unclaimed settings, honours the allow-list and config additions, and summarises passes', () => {
  const claimed = rule({ id: 'claimed', select: ['db.port'], compare: { kind: 'must-equal' } });
  const all = rule({ id: 'catch-all', select: [], compare: { kind: 'catch-all', allow: ['host.**'] } });
  const servers = { main: { 'db.port': 1, 'reg:X\\A': 1, 'reg:X\\B': 2, 'host.hostname': 'm', 'reg:Site\\Local': 'a' }, 'standby-a': { 'db.port': 2, 'reg:X\\A': 1, 'reg:X\\B': 3, 'host.hostname': 's', 'reg:Site\\Local': 'b' } };
  const r = audit([claimed, all], servers);
  // What the allow-list lets differ is reported at info (a pass, with the reason), not dropped.
  assert.deepEqual(brief(r), ['catch-all fail differs reg:Site\\Local', 'catch-all fail differs reg:X\\B', 'claimed fail differs db.port', 'catch-all pass othersEqual *', 'catch-all pass allowedDiffers host.hostname']);
  assert.equal(r.findings.find((f) => f.messageId === 'othersEqual')?.data?.count, 1);
  assert.equal(r.findings.at(-1)?.severity, 'info');
  const allowed = audit([claimed, all], servers, { config: { allow: ['reg:Site\\**'] } });
  assert.ok(!brief(allowed).includes('catch-all fail differs reg:Site\\Local'));
  assert.match(allowed.findings.find((f) => f.setting === 'reg:Site\\Local')?.message ?? '', /may differ between servers \(allowed in the config file\): Main has "a", Standby A has "b"/);
  // A config entry with its reason shows that reason.
  const reasoned = audit([claimed, all], servers, { config: { allow: [{ pattern: 'reg:Site\\*', reason: 'set by the site installer' }] } });
  assert.match(reasoned.findings.find((f) => f.setting === 'reg:Site\\Local')?.message ?? '', /may differ between servers \(set by the site installer \(config file\)\): Main has "a"/);
});

test('config: severity override, off, and thresholds', () => {
  const eq = rule({ id: 'eq', select: ['a'], compare: { kind: 'must-equal' } });
  const disk = rule({ id: 'disk', severity: 'blocker', select: ['locations.*'], compare: { kind: 'policy', test: 'min-free-percent', minFreePercent: 10, threshold: 'diskFreePercent' } });
  const servers = { main: { a: 1, 'locations.data': 'D:\\db', 'disk.D.totalBytes': 100, 'disk.D.freeBytes': 15 }, 'standby-a': { a: 2, 'locations.data': 'D:\\db', 'disk.D.totalBytes': 100, 'disk.D.freeBytes': 50 } };
  const cases: { config: AuditConfig; expect: string[] }[] = [
    { config: {}, expect: ['disk pass', 'disk pass', 'eq fail'] },
    { config: { severity: { eq: 'info' } }, expect: ['disk pass', 'disk pass', 'eq fail'] },
    { config: { severity: { eq: 'off' } }, expect: ['disk pass', 'disk pass'] },
    { config: { thresholds: { diskFreePercent: 20 } }, expect: ['disk fail', 'disk pass', 'eq fail'] },
  ];
  for (const c of cases) {
    const r = audit([eq, disk], servers, { config: c.config });
    assert.deepEqual(r.findings.map((f) => `${f.ruleId} ${f.status}`), c.expect, JSON.stringify(c.config));
  }
  const infoOnly = audit([eq], servers, { config: { severity: { eq: 'info' } } });
  assert.equal(infoOnly.findings[0].severity, 'info');
  assert.equal(infoOnly.verdict, 'in-parity', 'an info failure does not fail at the default warning threshold');
});

test('verdict and counts follow --fail-on; unknown evidence is incomplete, never in parity', () => {
  const w = rule({ id: 'w', severity: 'warning', select: ['a'], compare: { kind: 'must-equal' } });
  const b = rule({ id: 'b', severity: 'blocker', evidence: 'required', select: ['db.port'], compare: { kind: 'must-equal' } });
  const servers = { main: { a: 1 }, 'standby-a': { a: 2 } };
  const table: { failOn: Severity; verdict: string }[] = [
    { failOn: 'info', verdict: 'drift' },
    { failOn: 'warning', verdict: 'drift' },
    { failOn: 'blocker', verdict: 'incomplete' },
  ];
  for (const t of table) {
    const r = audit([w, b], servers, { failOn: t.failOn });
    assert.equal(r.verdict, t.verdict, t.failOn);
    assert.equal(r.counts.warning.fail, 1);
    assert.equal(r.counts.blocker.unknown, 1);
    assert.deepEqual(r.totals, { pass: 0, fail: 1, waived: 0, unknown: 1 });
  }
});

test('appliesTo: roles, partner types, commands and per-role overrides', () => {
  const onlyStandby = rule({ id: 'only-standby', select: ['a'], appliesTo: { roles: ['standby-*'] }, compare: { kind: 'must-equal' } });
  const triple = rule({ id: 'triple-only', select: ['a'], appliesTo: { partnerTypes: ['TripleStandby'] }, compare: { kind: 'must-equal' } });
  const checkOnly = rule({ id: 'check-only', select: ['a'], appliesTo: { commands: ['check'] }, compare: { kind: 'must-equal' } });
  const downgraded = rule({ id: 'down', select: ['a'], appliesTo: { overrides: [{ roles: ['permanent-*'], severity: 'info' }] }, compare: { kind: 'must-equal' } });
  const servers = { main: { a: 1, 'partners.type': 'HotStandby' }, 'standby-a': { a: 2 }, 'permanent-a': { a: 3 } };
  const r = audit([onlyStandby, triple, checkOnly, downgraded], servers);
  assert.deepEqual(r.findings.map((f) => `${f.ruleId} ${f.severity} ${f.servers.join(',')}`), ['down warning main,standby-a', 'only-standby warning main,standby-a', 'down info main,permanent-a']);
  const configured = audit([downgraded], servers, { config: { severity: { down: 'blocker' } } });
  assert.deepEqual(configured.findings.map((f) => f.severity), ['blocker', 'blocker'], 'a severity set in the config wins over per-role overrides');
  const checked = audit([checkOnly], servers, { kind: 'check' });
  assert.equal(checked.findings.length, 2);
  assert.equal(checked.go, true, 'warnings do not stop a changeover');
});

test('check: stale or far-apart snapshots are unknown blockers, so NO-GO', () => {
  const age = rule({ id: 'age', severity: 'blocker', select: [], compare: { kind: 'policy', test: 'max-age', maxAgeMinutes: 15, threshold: 'snapshotMaxAgeMinutes' } });
  const skew = rule({ id: 'skew', severity: 'blocker', select: [], compare: { kind: 'policy', test: 'max-skew', maxSkewMinutes: 5, threshold: 'snapshotMaxSkewMinutes' } });
  const fresh = { main: { settings: {}, collectedAt: '2026-01-01T00:10:00Z' }, 'standby-a': { settings: {}, collectedAt: '2026-01-01T00:12:00Z' } };
  assert.equal(audit([age, skew], fresh, { kind: 'check' }).go, true);
  const stale = { main: { settings: {}, collectedAt: '2026-01-01T00:10:00Z' }, 'standby-a': { settings: {}, collectedAt: '2025-12-31T23:00:00Z' } };
  const r = audit([age, skew], stale, { kind: 'check' });
  assert.equal(r.go, false);
  assert.equal(r.verdict, 'incomplete');
  assert.deepEqual(brief(r), ['age unknown stale collected.at', 'skew unknown apart collected.at', 'age pass fresh collected.at']);
  const relaxed = audit([age, skew], stale, { kind: 'check', config: { thresholds: { snapshotMaxAgeMinutes: 120, snapshotMaxSkewMinutes: 120 } } });
  assert.equal(relaxed.go, true);
});

test('same inputs give byte-identical JSON; input order of servers and settings does not matter', () => {
  const rules = [rule({ id: 'eq', select: ['**'], compare: { kind: 'must-equal' } })];
  const a = audit(rules, { main: { b: 1, a: 2 }, 'standby-a': { a: 3, b: 1 }, 'standby-b': { a: 2 } });
  const b = audit(rules, { 'standby-b': { a: 2 }, 'standby-a': { b: 1, a: 3 }, main: { a: 2, b: 1 } });
  assert.equal(stringify(a), stringify(b));
  assert.deepEqual(a.servers.map((s) => s.role), ['main', 'standby-a', 'standby-b']);
});

test('group errors: no Main, two Mains', () => {
  const rules = [rule({ id: 'eq', select: ['a'], compare: { kind: 'must-equal' } })];
  assert.throws(() => audit(rules, { 'standby-a': {}, 'standby-b': {} }), /exactly one Main/);
  assert.throws(() => audit(rules, { main: {} }), /at least one other server/);
});

test('20,000 settings per server: evaluation stays linear (no timing assertion, just completes)', () => {
  const settings: Record<string, number> = {};
  for (let i = 0; i < 20000; i++) settings[`reg:Bulk\\K${i % 200}\\V${i}`] = i;
  const rules = [rule({ id: 'eq', select: ['drivers.*.version'], compare: { kind: 'must-equal' } }), rule({ id: 'catch-all', select: [], compare: { kind: 'catch-all' } })];
  const r = audit(rules, { main: settings, 'standby-a': { ...settings, 'reg:Bulk\\K1\\V1': -1 } });
  assert.deepEqual(brief(r), ['catch-all fail differs reg:Bulk\\K1\\V1', 'catch-all pass othersEqual *']);
});
