// YAML merge keys (`<<: *defaults`, `<<: [*a, *b]`) in config, waiver and rule files, read in one place
// (src/engine/yaml-source.ts) as a fleet inventory reads them: the mapping's own keys win, then the merged mappings' in
// the order given. They were refused as an unknown field `<<`. A merged key is checked as any other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../src/errors.js';
import { parseConfig, parseRuleText, parseWaivers, type SourceTable } from '../src/engine/index.js';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

const SOURCES: SourceTable = new Map([['PORTS', { title: 'Secure Network Ports', url: 'https://example.com/ports' }]]);

type Kind = 'config' | 'waivers' | 'rule';
/** Parses `text` as a file of `kind`, returning what it holds as plain data. */
function parse(kind: Kind, text: string): unknown {
  if (kind === 'config') return parseConfig(text, 'c.yaml');
  if (kind === 'waivers') return parseWaivers(text, 'w.yaml').map(({ ruleId, setting, reason, expires, values }) => ({ ruleId, setting, reason, expires, values }));
  const rule = parseRuleText(text, 'demo-rule.json', 'demo-rule', SOURCES);
  return { title: rule.title, severity: rule.severity, select: rule.select, compare: rule.compare };
}

const RULE = ['id: demo-rule', 'category: ports', 'rationale: Because [PORTS].', 'remediation: Fix it.', 'references: [PORTS]', 'select: [db.port]'];
const WAIVER = (setting: string, reason = 'r'): Record<string, unknown> => ({ ruleId: 'db-port', setting, reason, expires: '2027-01-31', values: { main: 1 } });

const reads: { kind: Kind; name: string; lines: string[]; expect: unknown }[] = [
  {
    kind: 'config',
    name: 'allow entries sharing a reason',
    lines: ['allow:', '  - &site { pattern: "reg:Server\\\\A", reason: site specific }', '  - <<: *site', '    pattern: "reg:Server\\\\B"'],
    expect: { allow: [{ pattern: 'reg:Server\\A', reason: 'site specific' }, { pattern: 'reg:Server\\B', reason: 'site specific' }] },
  },
  {
    kind: 'config',
    name: 'a list of mappings: the first wins, own keys win over both, written before or after the merge',
    lines: ['severity:', '  a: blocker', '  <<: [{ a: info, b: info }, { b: off, c: warning }, { d: info }]', '  d: warning'],
    expect: { severity: { a: 'blocker', b: 'info', c: 'warning', d: 'warning' } },
  },
  {
    kind: 'config',
    name: 'the whole file merged from a mapping, and a merged mapping that merges another',
    lines: ['<<: { thresholds: &t { diskFreePercent: 15 }, severity: { <<: { a: off }, b: info } }', 'allow: [x]'],
    expect: { severity: { a: 'off', b: 'info' }, allow: ['x'], thresholds: { diskFreePercent: 15 } },
  },
  {
    kind: 'waivers',
    name: 'waivers sharing reason, approver and expiry; one keeps its own reason',
    lines: ['- &w { ruleId: db-port, setting: a, reason: r, approvedBy: me, expires: 2027-01-31, values: { main: 1 } }', '- <<: *w', '  setting: b', '- { <<: *w, setting: c, reason: own }'],
    expect: [WAIVER('a'), WAIVER('b'), WAIVER('c', 'own')],
  },
  {
    kind: 'waivers',
    name: '`waivers:` with each merging two mappings',
    lines: ['waivers:', '  - { ruleId: db-port, setting: a, <<: [&who { reason: r, approvedBy: me }, &when { expires: 2027-01-31, values: { main: 1 } }] }', '  - { <<: [*who, *when], setting: b, ruleId: db-port }'],
    expect: [WAIVER('a'), WAIVER('b')],
  },
  {
    kind: 'waivers',
    name: '150 waivers merging the same defaults (the yaml package alone refuses a 101st alias)',
    lines: ['- &w { ruleId: db-port, setting: s0, reason: r, approvedBy: me, expires: 2027-01-31, values: { main: 1 } }', ...Array.from({ length: 150 }, (_, i) => `- { <<: *w, setting: s${i + 1} }`)],
    expect: Array.from({ length: 151 }, (_, i) => WAIVER(`s${i}`)),
  },
  {
    kind: 'rule',
    name: 'a rule file written as YAML, its fields merged',
    lines: [...RULE, '<<: { title: Demo, severity: warning }', 'compare:', '  <<: &c { kind: must-equal }'],
    expect: { title: 'Demo', severity: 'warning', select: ['db.port'], compare: { kind: 'must-equal' } },
  },
];

for (const c of reads) {
  test(`YAML merge keys read: ${c.kind}: ${c.name}`, () => {
    assert.deepEqual(parse(c.kind, c.lines.join('\n')), c.expect);
  });
}

const refused: { kind: Kind; name: string; lines: string[]; line: number; message: RegExp }[] = [
  {
    kind: 'config',
    name: 'an unknown key merged in, named at the merge',
    lines: ['severity: { a: off }', 'thresholds:', '  diskFreePercent: 15', '  <<: &t', '    bogus: 1'],
    line: 4,
    message: /^c\.yaml: line 4: config thresholds: unknown field `bogus` \(merged by `<<` from line 5\); allowed fields are /,
  },
  {
    kind: 'config',
    name: 'an unknown top-level key merged in from an anchor written in an allowed field',
    lines: ['severity: &s { a: off }', '<<: *s'],
    line: 2,
    message: /^c\.yaml: line 2: config: unknown field `a` \(merged by `<<` from line 1\); allowed fields are /,
  },
  {
    kind: 'waivers',
    name: 'an unknown key merged into a waiver',
    lines: ['- { ruleId: db-port, setting: a, reason: r, approvedBy: me, expires: 2027-01-31, values: &v { main: 1 } }', '- ruleId: db-port', '  <<: [{ setting: b, reason: r }, { approvedBy: me, expires: 2027-01-31, value: *v }]'],
    line: 3,
    message: /^w\.yaml: line 3: waiver: unknown field `value` \(merged by `<<` from line 3\); did you mean `values`\?$/,
  },
  {
    kind: 'rule',
    name: 'an unknown key merged into a rule',
    lines: [...RULE, 'title: Demo', 'severity: warning', 'compare: { kind: must-equal }', '<<:', '  severty: info'],
    line: 10,
    message: /^demo-rule\.json: line 10: rule `demo-rule`: unknown field `severty` \(merged by `<<` from line 11\); did you mean `severity`\?$/,
  },
  { kind: 'config', name: 'a merge of a text', lines: ['severity:', '  <<: warning'], line: 2, message: /^c\.yaml: line 2: a merge key \(`<<`\) takes a mapping or a list of mappings/ },
  { kind: 'waivers', name: 'a merge of a list holding a text', lines: ['- &w { ruleId: db-port }', '- <<: [*w,', '    text]'], line: 3, message: /^w\.yaml: line 3: a merge key \(`<<`\) takes a mapping or a list of mappings/ },
  { kind: 'config', name: 'a merge of nothing', lines: ['severity:', '  <<:', 'allow: []'], line: 2, message: /^c\.yaml: line 2: a merge key \(`<<`\) takes a mapping/ },
  { kind: 'config', name: 'a merge of a list (an alias of one)', lines: ['allow: &a [x]', 'severity:', '  <<: *a'], line: 3, message: /^c\.yaml: line 3: a merge key \(`<<`\) takes a mapping/ },
  { kind: 'config', name: 'a mapping merged into itself', lines: ['severity: &s', '  a: off', '  <<: *s'], line: 3, message: /^c\.yaml: line 3: a merge key \(`<<`\) merges a mapping into itself/ },
  {
    kind: 'config',
    name: 'aliases of aliases that expand exponentially (each level ten of the one before; was exit 70 with a stack trace)',
    lines: ['allow: []', 'x0: &a0 [a, a, a, a, a, a, a, a, a, a]', ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => `x${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`)],
    line: 5,
    message: /^c\.yaml: line 5: its aliases \(`\*name`\) expand to far more than the file holds; write the values out, or alias fewer times$/,
  },
  {
    kind: 'config',
    name: 'a quoted "<<" is a key of that name, beside a plain one that merges',
    lines: ['severity:', '  <<: { a: off }', '  "<<": { b: off }'],
    line: 3,
    message: /^c\.yaml: line 3: severity of `<<` is \{"b":"off"\}; use blocker, warning, info or off$/,
  },
];

for (const c of refused) {
  test(`YAML merge keys refused: ${c.kind}: ${c.name}`, () => {
    assert.throws(
      () => parse(c.kind, c.lines.join('\n')),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
        assert.equal(e.line, c.line, e.message);
        assert.match(e.message, c.message);
        assert.ok(!e.message.includes('\n'), 'one line');
        return true;
      },
    );
  });
}

// An alias inside the value its anchor marks stood for a value without end: the reader recursed until the stack ran out.
const cycles: { kind: Kind; lines: string[]; line: number }[] = [
  { kind: 'config', lines: ['severity: &s { a: off, b: *s }'], line: 1 },
  { kind: 'config', lines: ['allow: &a', '  - x', '  - *a'], line: 3 },
  { kind: 'waivers', lines: ['- &w', '  ruleId: db-port', '  values: { main: *w }'], line: 3 },
  { kind: 'rule', lines: [...RULE, 'title: Demo', 'severity: warning', 'compare: &c { kind: must-equal, note: [*c] }'], line: 9 },
];
for (const c of cycles) {
  test(`an alias inside the value it names is one line: ${c.kind}: ${c.lines.at(-1)}`, () => {
    assert.throws(
      () => parse(c.kind, c.lines.join('\n')),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
        assert.equal(e.line, c.line, e.message);
        assert.match(e.message, /: the alias `\*[a-z]` is inside the value its anchor marks, which would then hold itself without end; alias another value$/);
        return true;
      },
    );
  });
}

test('YAML merge keys: audit --waivers with waivers sharing their fields waives every finding they name', async () => {
  const t = tempDir('pairaudit-merge-');
  try {
    cpSync(join(import.meta.dirname, '..', 'fixtures', 'pairs', 'drift-db-port'), join(t.dir, 'p'), { recursive: true });
    // The servers merged in too: a waiver naming none that waives drift is named on standard error.
    const shared = '{ reason: accepted, approvedBy: J. Smith, expires: 2027-02-18, values: { main: 5481, standby-a: 5482 }, servers: { main: NORTH-A, standby-a: NORTH-B } }';
    writeFileSync(
      join(t.dir, 'w.yaml'),
      ['waivers:', `  - { <<: &w ${shared}, ruleId: db-port, setting: db.port }`, '  - { <<: *w, ruleId: partners-port-mirror, setting: main:partners.standbyA.port }', '  - { <<: *w, ruleId: partners-backup-port, setting: main:partners.standbyA.backupPort }'].join('\n'),
    );
    const r = await runCli(['audit', 'p/main', 'p/standby-a', '--waivers', 'w.yaml', '-f', 'json'], { cwd: t.dir, now: '2026-11-20T09:20:00Z' });
    assert.equal(r.stderr, '');
    const result = JSON.parse(r.stdout) as { findings: { ruleId: string; status: string }[] };
    assert.deepEqual(result.findings.filter((f) => f.status === 'waived').map((f) => f.ruleId).sort(), ['db-port', 'partners-backup-port', 'partners-port-mirror']);
    assert.equal(r.code, 0, r.stdout);
  } finally {
    t.cleanup();
  }
});
