// Free text people write — a journal entry's note, ticket and author, a waiver's reason and approver — goes
// through the secret content patterns before it is stored or shown: `Pwd=…` becomes `Pwd=(hidden)`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metaFields } from '../src/history/record.js';
import { applyWaivers, parseWaivers } from '../src/engine/waivers.js';
import { SecretDetector } from '../src/snapshot/secrets.js';
import type { Finding } from '../src/types.js';
import { bundleCopy, fixtureBundle, readEntry, runCli, writeEntry } from './history-fixtures.js';
import { AUDIT_FORMATS, CHANGES_FORMATS, assertNoSecret, everyFormat, storeFiles } from './secrets-leak-check.js';

const TEXT_CASES: { text: string; masked: string }[] = [
  { text: 'Pwd=NotePW2 and token=NoteTok', masked: 'Pwd=(hidden)' },
  { text: 'rotated; Password=WaivPW; see CHG-7', masked: 'rotated; Password=(hidden); see CHG-7' },
  { text: 'vendor URL https://svc:P@ss@vendor.example/x', masked: 'vendor URL https://svc:(hidden)@vendor.example/x' },
  { text: 'CHG-1234', masked: 'CHG-1234' },
  { text: 'port moved to 5482 after the upgrade', masked: 'port moved to 5482 after the upgrade' },
];

for (const c of TEXT_CASES) {
  test(`journal entry fields: ${JSON.stringify(c.text)} → ${JSON.stringify(c.masked)}`, () => {
    const m = metaFields({ at: '2026-11-20T09:20:00Z', author: c.text, ticket: c.text, note: c.text });
    assert.deepEqual(m, { at: '2026-11-20T09:20:00Z', author: c.masked, ticket: c.masked, note: c.masked });
  });

  test(`waiver reason and approver: ${JSON.stringify(c.text)} → ${JSON.stringify(c.masked)}`, () => {
    const yaml = `- ruleId: db-port\n  setting: db.port\n  reason: ${JSON.stringify(c.text)}\n  approvedBy: ${JSON.stringify(c.text)}\n  expires: 2027-03-02\n  values: { main: 5481, standby-a: 5482 }\n`;
    const [w] = parseWaivers(yaml, 'w.yaml');
    assert.equal(w.reason, c.masked);
    assert.equal(w.approvedBy, c.masked);
  });
}

test('journal entry fields: a site profile\'s patterns are used when given', () => {
  const site = new SecretDetector(undefined, [{ name: 'vault', in: 'text', pattern: 'vault:(?<secret>\\w+)' }]);
  assert.equal(metaFields({ at: 'x', author: 'a', note: 'key vault:abc123' }, site).note, 'key vault:(hidden)');
});

test('applyWaivers masks a waiver made by a caller (not parsed): in the finding and in the waiver report', () => {
  const finding = (): Finding => ({ ruleId: 'db-port', setting: 'db.port', status: 'fail', values: { main: 5481, 'standby-a': 5482 }, servers: ['main', 'standby-a'] }) as unknown as Finding;
  const waiver = { ruleId: 'db-port', setting: 'db.port', reason: 'ok; Password=WaivPW', approvedBy: 'k.lee', expires: '2027-03-02', values: { main: 5481, 'standby-a': 5482 }, file: 'w', line: 1 };
  const active = applyWaivers([finding()], [waiver], new Date('2026-11-20T09:20:00Z'));
  assert.equal(active.findings[0].waiver?.reason, 'ok; Password=(hidden)');
  const lapsed = applyWaivers([finding()], [waiver], new Date('2027-11-20T09:20:00Z'));
  assert.equal(lapsed.findings[0].waiver?.reason, 'ok; Password=(hidden)');
  const unused = applyWaivers([], [waiver], new Date('2026-11-20T09:20:00Z'));
  assert.deepEqual(unused.report.map((w) => w.reason), ['ok; Password=(hidden)']);
  assert.equal(waiver.reason, 'ok; Password=WaivPW', 'the caller\'s waiver is not changed');
});

// ─── End to end: the store, the change record, audit and fleet reports ────────────────────────────

const SECRETS = ['NotePW2', 'NoteTok', 'TicketTok', 'NoteText3', 'ApproveSec', 'AuditNote', 'WaivPW', 'ApproverTok'];

test('notes, tickets and waiver reasons holding a password show in no journal entry, stored result, change record, audit or fleet report', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-notes-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const opts = { cwd: dir, now: '2026-11-20T09:20:00Z' };
  const main = bundleCopy(dir, 'main', fixtureBundle('drift-db-port', 'main'), '2026-11-20T09:00:00Z');
  const before = bundleCopy(dir, 'standby-before', fixtureBundle('healthy', 'standby-a'), '2026-11-20T09:00:00Z');
  const standby = bundleCopy(dir, 'standby-a', fixtureBundle('drift-db-port', 'standby-a'), '2026-11-20T09:05:00Z');
  const waivers = join(dir, 'waivers.yaml');
  writeFileSync(waivers, ['waivers:', '  - ruleId: db-port', '    setting: db.port', '    reason: "moved for the firewall; Password=WaivPW"', '    approvedBy: "k.lee token=ApproverTok"', '    expires: 2027-03-02', '    values: { main: 5481, standby-a: 5482 }', ''].join('\n'));
  const store = join(dir, 'store');
  const s = ['--store', store];
  const steps: string[][] = [
    ['record', main, '--pair', 'NORTH', '--role', 'main', '--ticket', 'CHG-1;token=TicketTok', ...s],
    ['record', before, '--pair', 'NORTH', '--role', 'standby-a', ...s],
    ['record', standby, '--pair', 'NORTH', '--role', 'standby-a', '--note', 'Pwd=NotePW2 and token=NoteTok', ...s],
    ['note', '3.1', '--text', 'Password=NoteText3', '--ticket', 'token=TicketTok', ...s],
    ['approve', '--pair', 'NORTH', '--note', 'secret=ApproveSec', ...s],
    ['audit', main, standby, '--pair', 'NORTH', '--waivers', waivers, '--record', '--note', 'pwd=AuditNote', ...s],
  ];
  for (const args of steps) {
    const r = await runCli(args, opts);
    assert.ok(r.code === 0 || r.code === 1, `${args[0]}: exit ${r.code}: ${r.stderr}`);
    assertNoSecret(SECRETS, { [args[0]]: r.stdout + r.stderr });
  }
  const changes = await everyFormat(t, ['changes', ...s], opts, CHANGES_FORMATS);
  assert.match(changes.text, /Password=\(hidden\)/, 'the note says where it was masked');
  assertNoSecret(SECRETS, changes);
  const audit = await everyFormat(t, ['audit', main, standby, '--waivers', waivers], opts, AUDIT_FORMATS);
  assert.match(audit.text, /Password=\(hidden\)/, 'the waiver reason says where it was masked');
  assertNoSecret(SECRETS, audit);
  const inventory = join(dir, 'fleet.yaml');
  writeFileSync(inventory, ['sites:', '  - name: North', '    pairs:', `      - { name: NORTH, waivers: ${JSON.stringify(waivers)}, servers: { main: ${JSON.stringify(main)}, standby-a: ${JSON.stringify(standby)} } }`, ''].join('\n'));
  assertNoSecret(SECRETS, await everyFormat(t, ['fleet', inventory], opts, AUDIT_FORMATS));
  assertNoSecret(SECRETS, storeFiles(store));
});

// An entry journalled before notes were masked, and a result saved before waiver reasons were, keep their text in
// the store or file; the reports mask it as they show it.
test('a note journalled before masking, and a waiver reason in a result saved before it, are masked in every report', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-old-notes-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const opts = { cwd: dir, now: '2026-11-20T09:20:00Z' };
  const store = join(dir, 'store');
  const before = bundleCopy(dir, 'before', fixtureBundle('healthy', 'standby-a'), '2026-11-20T09:00:00Z');
  const after = bundleCopy(dir, 'after', fixtureBundle('drift-db-port', 'standby-a'), '2026-11-20T09:05:00Z');
  for (const input of [before, after]) assert.equal((await runCli(['record', input, '--pair', 'NORTH', '--role', 'standby-a', '--note', 'placeholder', '--store', store], opts)).code, 0);
  // As an earlier version journalled it: the note as typed (the entry's hash made again, the head moved to it).
  writeEntry(store, { ...readEntry(store, 2), note: 'Pwd=OldNotePW7 after the upgrade' });
  assert.equal((await runCli(['verify', '--store', store], opts)).code, 0, 'the store is intact as an older version left it');
  const old = ['OldNotePW7', 'OldWaivPW8'];
  const changes = await everyFormat(t, ['changes', '--store', store], opts, CHANGES_FORMATS);
  assert.match(changes.text, /why: Pwd=\(hidden\)/);
  assertNoSecret(old, changes);
  // A result saved before: its waiver reason as it was written.
  const main = fixtureBundle('drift-db-port', 'main');
  const waivers = join(dir, 'waivers.yaml');
  writeFileSync(waivers, ['waivers:', '  - ruleId: db-port', '    setting: db.port', '    reason: moved for the firewall', '    approvedBy: k.lee', '    expires: 2027-03-02', '    values: { main: 5481, standby-a: 5482 }', ''].join('\n'));
  const saved = await runCli(['audit', main, after, '--waivers', waivers, '-f', 'json'], opts);
  const result = JSON.parse(saved.stdout) as { findings: { waiver?: { reason: string } }[] };
  for (const f of result.findings) if (f.waiver !== undefined) f.waiver.reason = 'moved; Password=OldWaivPW8';
  const file = join(dir, 'result.json');
  writeFileSync(file, JSON.stringify(result));
  const reports = await everyFormat(t, ['report', file], opts, AUDIT_FORMATS);
  assert.match(reports.text, /Password=\(hidden\)/);
  assertNoSecret(old.slice(1), Object.fromEntries(Object.entries(reports).filter(([format]) => format !== 'json')));
});
