// Loading rule packs, config and waiver files: every mistake is a ConfigError naming file, line, rule, field and the fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../src/errors.js';
import { parseRuleText, parseSourceTable, loadRules, parseConfig, parseWaivers, applyWaivers, auditGroup, caseSnapshot, buildRulePack, type Rule, type SourceTable } from '../src/engine/index.js';

const good = {
  id: 'demo-rule',
  title: 'Demo',
  severity: 'warning',
  category: 'ports',
  rationale: 'Because [PORTS].',
  remediation: 'Fix it in the Server Configuration Tool.',
  references: ['PORTS'],
  select: ['db.port'],
  compare: { kind: 'must-equal' },
};

/** The source table the demo rule cites from (a pack's sources.json). */
const SOURCES: SourceTable = new Map([['PORTS', { title: 'Secure Network Ports', url: 'https://example.com/ports' }]]);

function text(patch: Record<string, unknown>, remove: string[] = []): string {
  const o: Record<string, unknown> = { ...good, ...patch };
  for (const k of remove) delete o[k];
  return JSON.stringify(o, null, 2);
}

test('a valid rule parses', () => {
  assert.equal(parseRuleText(text({}), 'demo-rule.json', 'demo-rule', SOURCES).id, 'demo-rule');
});

const invalid: { name: string; text: string; error: RegExp }[] = [
  { name: 'unknown field, with a suggestion', text: text({ severty: 'warning' }, ['severity']), error: /demo-rule\.json: line \d+: rule `demo-rule`: unknown field `severty`; did you mean `severity`\?/ },
  { name: 'missing rationale', text: text({}, ['rationale']), error: /rule `demo-rule`: field `rationale`: missing; add why the rule exists/ },
  { name: 'empty remediation', text: text({ remediation: ' ' }), error: /field `remediation`: must be a non-empty string/ },
  { name: 'bad severity, with a suggestion', text: text({ severity: 'warn' }), error: /field `severity`: "warn" is not allowed; did you mean `warning`\?/ },
  { name: 'bad compare kind, with a suggestion', text: text({ compare: { kind: 'must-equals' } }), error: /field `kind`: "must-equals" is not allowed; did you mean `must-equal`\?/ },
  { name: 'option of another kind', text: text({ compare: { kind: 'must-equal', attribute: 'address' } }), error: /field `compare.attribute`: not an option of kind must-equal/ },
  { name: 'bad regex pattern', text: text({ select: ['/drivers\\.(/'] }), error: /field `select`: regex pattern .* does not compile/ },
  { name: 'regex flags', text: text({ select: ['/a/g'] }), error: /only "i" is allowed/ },
  { name: 'empty select', text: text({ select: [] }), error: /field `select`: is empty/ },
  { name: 'id not kebab-case', text: text({ id: 'Demo_Rule' }), error: /is not kebab-case/ },
  { name: 'id differs from the file name', text: text({ id: 'other-rule' }), error: /is "other-rule" but the file is named "demo-rule\.json"/ },
  { name: 'mirror without attribute', text: text({ compare: { kind: 'must-mirror', match: 'identity' } }), error: /kind must-mirror needs `attribute`/ },
  { name: 'allow entry without a reason', text: text({ select: [], compare: { kind: 'catch-all', allow: [{ pattern: 'reg:X' }] } }), error: /field `compare.allow`: an entry object has exactly `pattern` and a non-empty `reason`/ },
  { name: 'allow entry with a bad pattern', text: text({ select: [], compare: { kind: 'catch-all', allow: [{ pattern: '/a(/', reason: 'r' }] } }), error: /field `compare.allow`: regex pattern .* does not compile/ },
  { name: 'relativeTo not a setting name', text: text({ compare: { kind: 'must-equal', relativeTo: 5 } }), error: /field `compare.relativeTo`: must be a setting name/ },
  { name: 'policy without test', text: text({ compare: { kind: 'policy' } }), error: /kind policy needs `test`/ },
  { name: 'unknown message id', text: text({ messages: { differ: 'x' } }), error: /kind must-equal has no message id `differ`; did you mean `differs`\?/ },
  { name: 'bad override field', text: text({ appliesTo: { overrides: [{ roles: ['permanent-*'], severty: 'info' }] } }), error: /unknown field `severty`; did you mean `severity`\?/ },
  { name: 'bad partner type', text: text({ appliesTo: { partnerTypes: ['Hot-Standby'] } }), error: /is not a partner type/ },
  { name: 'role glob that matches no role', text: text({ appliesTo: { roles: ['stanby-*'] } }), error: /field `appliesTo.roles`: "stanby-\*" matches no role; did you mean `standby-\*`\?/ },
  { name: 'default for a setting the rule does not select', text: text({ compare: { kind: 'must-equal', defaults: { 'db.prot': 5481 } } }), error: /field `compare.defaults`: "db.prot" is not selected by the rule/ },
  { name: 'reference to a tag the source table lacks', text: text({ references: ['PORT'] }), error: /demo-rule\.json: line 9: rule `demo-rule`: field `references`: unknown source tag "PORT"; did you mean `PORTS`\? add it to the pack's sources\.json/ },
  { name: 'reference in the old { tag, url } form', text: text({ references: [{ tag: 'PORTS', url: 'https://example.com/ports' }] }), error: /field `references`: must be a list of source tags, e\.g\. \["PORTS"\]; each tag's title and URL go in the pack's sources\.json/ },
  // A guard's $2 where the pattern captures only $1 is always empty: the rule never compared, yet claimed its settings.
  { name: 'guard using a capture the select does not make', text: text({ select: ['reg:Server\\Threads\\*'], compare: { kind: 'must-equal', guard: 'reg:Server\\Threads\\$2' } }), error: /field `compare.guard`: "reg:Server\\Threads\\\$2" uses \$2, but the select pattern "reg:Server\\Threads\\\*" captures only \$1; each \* \(or regex group\) is a capture/ },
  { name: 'guard with $1 over a literal select', text: text({ select: ['db.port'], compare: { kind: 'must-equal', guard: 'drivers.$1.installed' } }), error: /field `compare.guard`: .* captures nothing/ },
  { name: 'reference listed twice', text: text({ references: ['PORTS', 'PORTS'] }), error: /field `references`: "PORTS" is listed twice/ },
  { name: 'JSON syntax error', text: '{ "id": "demo-rule",\n  "title": "x"\n', error: /demo-rule\.json: line \d+: .*fix the YAML\/JSON syntax/ },
  { name: 'duplicate key', text: '{ "id": "demo-rule", "id": "demo-rule" }', error: /demo-rule\.json: line 1: .*unique/i },
  { name: 'duplicate key in an otherwise valid rule', text: text({}).replace('"severity": "warning"', '"severity": "blocker",\n  "severity": "warning"'), error: /demo-rule\.json: line 5: .*unique/i },
  { name: 'error line in a rule read as JSON first', text: text({ severity: 'warn' }), error: /demo-rule\.json: line 4: rule `demo-rule`: field `severity`: "warn" is not allowed/ },
];

for (const c of invalid) {
  test(`rule validation: ${c.name}`, () => {
    assert.throws(
      () => parseRuleText(c.text, 'demo-rule.json', 'demo-rule', SOURCES),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
        assert.match(e.message, c.error);
        assert.ok(!e.message.includes('\n'), 'one line');
        return true;
      },
    );
  });
}

test('every bundled rule reads the same through the JSON fast path and the YAML parser', async () => {
  const dir = fileURLToPath(new URL('../rules/geo-scada', import.meta.url));
  const names = readdirSync(dir).filter((n) => n.endsWith('.json') && !n.endsWith('.test.json') && n !== 'sources.json');
  assert.ok(names.length > 0);
  const sources = parseSourceTable(readFileSync(join(dir, 'sources.json'), 'utf8'), 'sources.json');
  for (const name of names) {
    const json = readFileSync(join(dir, name), 'utf8');
    const id = name.slice(0, -'.json'.length);
    // A YAML comment line makes the text invalid JSON, so it is read by the YAML parser only.
    assert.deepEqual(parseRuleText(json, name, id, sources), parseRuleText(`# as YAML\n${json}`, name, id, sources), name);
  }
});

test('loadRules: a user pack beside the bundled one; duplicate ids and empty folders fail', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pairaudit-rules-'));
  const a = join(root, 'site');
  const b = join(root, 'dup');
  const empty = join(root, 'empty');
  for (const d of [a, b, empty]) mkdirSync(d);
  writeFileSync(join(a, 'demo-rule.json'), text({}));
  writeFileSync(join(a, 'demo-rule.test.json'), '{"valid":[],"invalid":[]}');
  writeFileSync(join(a, 'sources.json'), JSON.stringify(Object.fromEntries(SOURCES)));
  writeFileSync(join(b, 'demo-rule.json'), text({}));
  const pack = await loadRules([a]);
  assert.deepEqual(pack.packs, ['site']);
  assert.equal(pack.rules.length, 1, 'case tables and the source table are not rules');
  assert.deepEqual(pack.rules[0]!.references, [{ tag: 'PORTS', title: 'Secure Network Ports', url: 'https://example.com/ports' }]);
  assert.match(pack.hash, /^[0-9a-f]{64}$/);
  await assert.rejects(loadRules([a, b]), /dup[\\/]demo-rule\.json: rule `demo-rule`: field `id`: duplicate id, also defined in .*site[\\/]demo-rule\.json/);
  await assert.rejects(loadRules([empty]), /has no rule files/);
  await assert.rejects(loadRules([join(root, 'missing')]), /cannot read the rule folder \(ENOENT\)/);
});

const badSources: { name: string; text: string; error: RegExp }[] = [
  { name: 'not an object', text: '["PORTS"]', error: /sources\.json: line 1: a source table must be one object/ },
  { name: 'lower-case tag', text: '{\n  "ports": { "title": "t", "url": "https://x" }\n}', error: /sources\.json: line 2: source `ports`: the tag must be upper-case letters and digits/ },
  { name: 'missing title', text: '{\n  "PORTS": {\n    "url": "https://x"\n  }\n}', error: /sources\.json: line 2: source `PORTS`: field `title`: missing/ },
  { name: 'empty title', text: '{ "PORTS": { "title": " ", "url": "https://x" } }', error: /source `PORTS`: field `title`: must be a non-empty string/ },
  { name: 'non-http URL', text: '{ "PORTS": { "title": "t", "url": "file:///etc/passwd" } }', error: /source `PORTS`: field `url`: "file:\/\/\/etc\/passwd" is not an http\(s\) URL/ },
  { name: 'javascript: URL', text: '{ "PORTS": { "title": "t", "url": "javascript:alert(1)" } }', error: /field `url`: .* is not an http\(s\) URL/ },
  { name: 'unknown field, with a suggestion', text: '{\n  "PORTS": {\n    "title": "t",\n    "link": "https://x"\n  }\n}', error: /sources\.json: line 4: source `PORTS`: unknown field `link`/ },
  { name: 'duplicate tag', text: '{\n  "PORTS": { "title": "t", "url": "https://x" },\n  "PORTS": { "title": "u", "url": "https://y" }\n}', error: /sources\.json: line 3: .*unique/i },
];

for (const c of badSources) {
  test(`source table validation: ${c.name}`, () => {
    assert.throws(
      () => parseSourceTable(c.text, 'sources.json'),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
        assert.match(e.message, c.error);
        assert.ok(!e.message.includes('\n'), 'one line');
        return true;
      },
    );
  });
}

test('loadRules: a user pack cites the bundled sources and its own; it cannot redefine a bundled tag; an unknown tag names file and field', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pairaudit-sources-'));
  const [bundled, site, clash, typo] = ['bundled', 'site', 'clash', 'typo'].map((d) => join(root, d));
  for (const d of [bundled, site, clash, typo]) mkdirSync(d);
  writeFileSync(join(bundled, 'demo-rule.json'), text({}));
  writeFileSync(join(bundled, 'sources.json'), JSON.stringify(Object.fromEntries(SOURCES)));
  writeFileSync(join(site, 'site-rule.json'), text({ id: 'site-rule', references: ['PORTS', 'SITE'] }));
  writeFileSync(join(site, 'sources.json'), JSON.stringify({ SITE: { title: 'Site standard 12', url: 'https://intranet.example/std12' } }));
  const pack = await loadRules([bundled, site]);
  assert.deepEqual(pack.rules.find((r) => r.id === 'site-rule')!.references.map((r) => `${r.tag} ${r.title}`), ['PORTS Secure Network Ports', 'SITE Site standard 12']);
  writeFileSync(join(clash, 'clash-rule.json'), text({ id: 'clash-rule' }));
  writeFileSync(join(clash, 'sources.json'), JSON.stringify({ PORTS: { title: 'Other', url: 'https://example.com/other' } }));
  await assert.rejects(loadRules([bundled, clash]), /clash[\\/]sources\.json: source `PORTS`: the bundled pack already cites \[PORTS\] as https:\/\/example\.com\/ports; choose another tag/);
  writeFileSync(join(typo, 'typo-rule.json'), text({ id: 'typo-rule', references: ['PROTS'] }));
  await assert.rejects(loadRules([bundled, typo]), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /typo[\\/]typo-rule\.json: line 9: rule `typo-rule`: field `references`: unknown source tag "PROTS"; did you mean `PORTS`\?/);
    assert.equal(e.exitCode, 2);
    return true;
  });
});

test('the pack hash depends on the rules, not on where they were loaded from', () => {
  const r = parseRuleText(text({}), 'demo-rule.json', 'demo-rule', SOURCES);
  const one = buildRulePack([{ ...r, pack: 'a', file: '/x/demo-rule.json' }], ['a']);
  const two = buildRulePack([{ ...r, pack: 'b', file: 'C:\\y\\demo-rule.json' }], ['b']);
  assert.equal(one.hash, two.hash);
  const three = buildRulePack([{ ...r, severity: 'blocker', pack: 'a', file: 'f' }], ['a']);
  assert.notEqual(one.hash, three.hash);
});

const pack = buildRulePack([{ ...parseRuleText(text({}), 'demo-rule.json', 'demo-rule', SOURCES), pack: 't', file: 'demo-rule.json' } as Rule], ['t']);

test('config: thresholds at their edges are taken (0 and 100 percent, 0 minutes)', () => {
  assert.deepEqual(parseConfig('thresholds:\n  diskFreePercent: 0\n  diskFreeWarnPercent: 100\n  snapshotMaxAgeMinutes: 0\n', 'c.yaml', pack).thresholds, { diskFreePercent: 0, diskFreeWarnPercent: 100, snapshotMaxAgeMinutes: 0 });
});

test('config: YAML with severity overrides, allow-list and thresholds', () => {
  const c = parseConfig('severity:\n  demo-rule: off\nallow:\n  - "reg:Site\\\\**"\nthresholds:\n  diskFreePercent: 15\n', 'pairaudit.yaml', pack);
  assert.deepEqual(c, { severity: { 'demo-rule': 'off' }, allow: ['reg:Site\\**'], thresholds: { diskFreePercent: 15 } });
});

test('config: a YAML alias stands for its anchor\'s value (it was read as null: "severity of db-port is null")', () => {
  const c = parseConfig('severity:\n  demo-rule: &quiet info\nallow:\n  - &site "reg:Site\\\\**"\n  - *site\n', 'pairaudit.yaml', pack);
  assert.deepEqual(c, { severity: { 'demo-rule': 'info' }, allow: ['reg:Site\\**', 'reg:Site\\**'] });
});

test('config: an allow entry may carry its reason, as in a rule file', () => {
  const c = parseConfig('allow:\n  - "reg:Site\\\\One"\n  - { pattern: "reg:Site\\\\Two*", reason: "set per server by the site\'s installer" }\n', 'pairaudit.yaml', pack);
  assert.deepEqual(c.allow, ['reg:Site\\One', { pattern: 'reg:Site\\Two*', reason: "set per server by the site's installer" }]);
});

const badConfigs: { name: string; text: string; error: RegExp }[] = [
  { name: 'unknown rule id', text: 'severity:\n  demo-rul: info\n', error: /pairaudit\.yaml: line 2: severity: no rule `demo-rul`; did you mean `demo-rule`\?/ },
  { name: 'bad severity', text: 'severity:\n  demo-rule: loud\n', error: /line 2: severity of `demo-rule` is "loud"/ },
  { name: 'unknown threshold', text: 'thresholds:\n  diskFree: 5\n', error: /line 2: config thresholds: unknown field `diskFree`; allowed fields are `diskFreePercent`/ },
  { name: 'unknown top-level field', text: 'severities: {}\n', error: /line 1: config: unknown field `severities`; did you mean `severity`\?/ },
  { name: 'bad allow pattern', text: 'allow: ["/(/"]\n', error: /allow: regex pattern/ },
  { name: 'allow entry without a reason', text: 'allow:\n  - { pattern: "reg:X" }\n', error: /line 2: allow: an entry object has `pattern` and a non-empty `reason`/ },
  { name: 'allow entry with a misspelt field', text: 'allow:\n  - { pattern: "reg:X", reasn: "r" }\n', error: /config allow entry: unknown field `reasn`; did you mean `reason`\?/ },
  { name: 'two YAML documents', text: 'severity: {}\n---\nallow: []\n', error: /line 2: holds several YAML documents \(a second `---`\); a file holds one/ },
  // Numbers YAML accepts that no limit can be: NaN fails every volume, Infinity passes every snapshot age.
  { name: 'threshold .nan', text: 'thresholds:\n  diskFreePercent: .nan\n', error: /line 2: thresholds\.diskFreePercent must be a finite number ≥ 0$/ },
  { name: 'threshold .inf', text: 'thresholds:\n  snapshotMaxAgeMinutes: .inf\n', error: /line 2: thresholds\.snapshotMaxAgeMinutes must be a finite number ≥ 0$/ },
  { name: 'threshold 1e400', text: 'thresholds:\n  snapshotMaxSkewMinutes: 1e400\n', error: /thresholds\.snapshotMaxSkewMinutes must be a finite number/ },
  { name: 'threshold as text', text: 'thresholds:\n  snapshotMaxAgeMinutes: "15"\n', error: /thresholds\.snapshotMaxAgeMinutes must be a finite number/ },
  { name: 'a percentage over 100', text: 'thresholds:\n  diskFreePercent: 150\n', error: /line 2: thresholds\.diskFreePercent is 150; a percentage is at most 100$/ },
  { name: 'a percentage written as a fraction', text: 'thresholds:\n  diskFreeWarnPercent: 0.07\n', error: /line 2: thresholds\.diskFreeWarnPercent is 0\.07, which reads as a fraction; write the percentage \(7 for 7%\)$/ },
];
for (const c of badConfigs) {
  test(`config validation: ${c.name}`, () => {
    assert.throws(() => parseConfig(c.text, 'pairaudit.yaml', pack), (e: unknown) => e instanceof ConfigError && c.error.test(e.message));
  });
}

const WAIVER = `waivers:
  - ruleId: demo-rule
    setting: db.port
    reason: Standby port moved during the firewall migration, CHG-1234
    approvedBy: J. Smith
    expires: 2026-06-30
    values: { main: 5481, standby-a: 5482 }
`;

test('waivers: parsed from YAML, with the file and line of each', () => {
  const [w] = parseWaivers(WAIVER, 'waivers.yaml', pack);
  assert.deepEqual({ ...w }, { ruleId: 'demo-rule', setting: 'db.port', reason: 'Standby port moved during the firewall migration, CHG-1234', approvedBy: 'J. Smith', expires: '2026-06-30', values: { main: 5481, 'standby-a': 5482 }, file: 'waivers.yaml', line: 2 });
  assert.equal(parseWaivers(JSON.stringify([{ ruleId: 'demo-rule', setting: 'db.port', reason: 'r', approvedBy: 'a', expires: '2027-01-01', values: { main: 1 } }]), 'w.json', pack).length, 1);
});

const badWaivers: { name: string; text: string; error: RegExp }[] = [
  { name: 'missing approvedBy', text: WAIVER.replace('    approvedBy: J. Smith\n', ''), error: /waivers\.yaml: line 2: waiver is missing `approvedBy`/ },
  { name: 'unknown rule', text: WAIVER.replace('ruleId: demo-rule', 'ruleId: db-prot'), error: /line 2: waiver names rule `db-prot`, which no loaded rule pack has/ },
  { name: 'bad expiry', text: WAIVER.replace('2026-06-30', 'next summer'), error: /line 6: waiver expiry "next summer" is not a date/ },
  { name: 'expiry on a day November does not have (not rolled over to 1 December)', text: WAIVER.replace('2026-06-30', '2026-11-31'), error: /line 6: waiver expiry "2026-11-31" is not a date/ },
  { name: 'expiry on 30 February', text: WAIVER.replace('2026-06-30', '2027-02-30'), error: /line 6: waiver expiry "2027-02-30" is not a date/ },
  { name: 'expiry with slashes', text: WAIVER.replace('2026-06-30', '2027/01/01'), error: /line 6: waiver expiry "2027\/01\/01" is not a date; write it as 2027-01-31/ },
  { name: 'expiry with a one-digit month', text: WAIVER.replace('2026-06-30', '2027-1-5'), error: /line 6: waiver expiry "2027-1-5" is not a date/ },
  { name: 'no values', text: WAIVER.replace('    values: { main: 5481, standby-a: 5482 }\n', ''), error: /waiver needs `values`/ },
  { name: 'unknown role', text: WAIVER.replace('standby-a: 5482', 'standby: 5482'), error: /line 7: waiver value for unknown role `standby`/ },
  { name: 'typo in a field', text: WAIVER.replace('reason:', 'reasn:'), error: /line 4: waiver: unknown field `reasn`; did you mean `reason`\?/ },
  { name: 'not a list', text: 'waivers: yes\n', error: /expected a list of waivers/ },
];
for (const c of badWaivers) {
  test(`waiver validation: ${c.name}`, () => {
    assert.throws(() => parseWaivers(c.text, 'waivers.yaml', pack), (e: unknown) => e instanceof ConfigError && c.error.test(e.message));
  });
}

test('waivers: active, expired, values changed, and unused', () => {
  const rule = pack.rules[0];
  const servers = (port: number) => [
    { role: 'main' as const, snapshot: caseSnapshot('main', { 'db.port': 5481 }) },
    { role: 'standby-a' as const, snapshot: caseSnapshot('standby-a', { 'db.port': port }) },
  ];
  const waivers = parseWaivers(WAIVER, 'waivers.yaml', pack);
  const unused = { ...waivers[0], setting: 'webx.httpPort' };
  const run = (now: string, port: number) => auditGroup({ servers: servers(port), pack, waivers: [...waivers, unused] }, { now: new Date(now), toolVersion: '0' });

  const active = run('2026-06-30T23:00:00Z', 5482);
  assert.equal(active.findings[0].status, 'waived');
  assert.equal(active.findings[0].waiver?.state, 'active');
  assert.equal(active.verdict, 'in-parity');
  assert.deepEqual(active.waivers?.map((w) => `${w.setting} ${w.state}`), ['webx.httpPort unused']);
  assert.equal(active.counts.warning.waived, 1);

  const expired = run('2026-07-01T00:00:01Z', 5482);
  assert.equal(expired.findings[0].status, 'fail');
  assert.equal(expired.findings[0].waiver?.state, 'expired');
  assert.equal(expired.verdict, 'drift');
  assert.deepEqual(expired.waivers?.map((w) => `${w.setting} ${w.state}`), ['db.port expired', 'webx.httpPort unused']);

  const changed = run('2026-06-01T00:00:00Z', 5483);
  assert.equal(changed.findings[0].status, 'fail');
  assert.equal(changed.findings[0].waiver?.state, 'values-changed');
  assert.deepEqual(changed.waivers?.map((w) => `${w.setting} ${w.state}`), ['db.port values-changed', 'webx.httpPort unused']);

  const fixed = run('2026-06-01T00:00:00Z', 5481);
  assert.equal(fixed.findings[0].status, 'pass');
  assert.deepEqual(fixed.waivers?.map((w) => `${w.setting} ${w.state}`), ['db.port unused', 'webx.httpPort unused']);
  void rule;
});

test('applyWaivers leaves passing findings alone', () => {
  const { findings, report } = applyWaivers([], [], new Date(0));
  assert.deepEqual(findings, []);
  assert.deepEqual(report, []);
});
