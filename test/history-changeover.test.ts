// Changeover records: two recorded checks of a pair with the Main role on another server journal a changeover entry;
// `changes` lists it, `changes --changeovers -o …pdf` writes the record an engineer signs (read back with pdftotext).
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { canonical } from '../src/history/hash.js';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore, type ChangeoverRecordedEntry, type JournalEntry } from '../src/history/index.js';
import { bundleCopy, fixtureBundle, pdfText, readEntry, repoRoot, runCli, tempDir, thisProcess, writeEntry } from './history-fixtures.js';

const journalOf = (store: string): JournalEntry[] => openStore(store, { process: thisProcess }).readJournal();
const changeoversOf = (store: string) => journalOf(store).filter((e): e is ChangeoverRecordedEntry => e.type === 'changeover-recorded');
const holders = (list: { role: string; server: string; host: string }[]) => list.map((h) => `${h.role} ${h.server} ${h.host}`);

interface ChangesJson {
  counts: { changeovers: number; changes: number };
  changeovers: { seq: number; pair: string; mainBefore: { name: string }; mainAfter: { name: string }; preCheck: { label: string; seq: number }; postCheck: { label: string; seq: number }; changed: boolean; changes: { id: string; setting: string }[] }[];
  signers: { key: string; first: number; last: number }[];
}

test('a pair checked before and after Main and Standby swapped: a signed changeover entry, listed by changes and signed off in a PDF', async (t) => {
  const d = tempDir();
  try {
    const store = join(d.dir, 'store');
    const keys = join(d.dir, 'keys');
    const run = (argv: string[], now: string, env: Record<string, string> = {}) => runCli([...argv, '--store', store], { cwd: d.dir, now, env });
    const keygen = await runCli(['keygen', '--out', keys], { cwd: d.dir });
    const keyId = /key (ed25519:[0-9a-f]{32})\n$/.exec(keygen.stdout)?.[1];
    assert.ok(keyId, keygen.stdout);
    const sign = { PAIRAUDIT_SIGN_KEY: join(keys, 'pairaudit-signing.key') };
    // The pre-changeover check: SCADA-N1 is Main. Then the vendor's test changeover: SCADA-N2 is Main.
    const preMain = bundleCopy(d.dir, 'pre-n1', fixtureBundle('healthy', 'main'), '2026-11-24T10:00:00Z');
    const preStandby = bundleCopy(d.dir, 'pre-n2', fixtureBundle('healthy', 'standby-a'), '2026-11-24T10:00:30Z');
    let r = await run(['check', preMain, preStandby, '--pair', 'North WTP/scada', '--record', '--author', 'J. Smith', '--ticket', 'CHG-300', '-f', 'json', '-o', join(d.dir, 'pre.json')], '2026-11-24T10:05:00Z', sign);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /changeover/);
    const postMain = bundleCopy(d.dir, 'post-n2', fixtureBundle('healthy', 'standby-a'), '2026-11-24T11:00:20Z', 'main');
    const postStandby = bundleCopy(d.dir, 'post-n1', fixtureBundle('healthy', 'main'), '2026-11-24T11:00:00Z', 'standby-a');
    r = await run(['check', postMain, postStandby, '--pair', 'North WTP/scada', '--record', '--author', 'J. Smith', '--ticket', 'CHG-300', '--note', 'vendor test changeover', '-f', 'json', '-o', join(d.dir, 'post.json')], '2026-11-24T11:05:00Z', sign);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /changeover of North WTP\/scada recorded as journal entry 7: Main moved from NORTH-A \(SCADA-N1\) to NORTH-B \(SCADA-N2\); before: check GO \(entry 3\), after: check GO \(entry 6\); 0 setting change\(s\) across it/);

    const [c] = changeoversOf(store);
    assert.deepEqual(
      [c.seq, c.pair, c.author, c.ticket, c.note, c.between, c.main, holders(c.roles.before), holders(c.roles.after), c.preCheck.seq, c.preCheck.go, c.postCheck.seq, c.postCheck.go, c.settingChanges],
      [
        7, 'North WTP/scada', 'J. Smith', 'CHG-300', 'vendor test changeover',
        { before: '2026-11-24T10:00:30.000Z', after: '2026-11-24T11:00:00.000Z' },
        { before: { server: 'NORTH-A', host: 'SCADA-N1' }, after: { server: 'NORTH-B', host: 'SCADA-N2' } },
        ['main NORTH-A SCADA-N1', 'standby-a NORTH-B SCADA-N2'],
        ['main NORTH-B SCADA-N2', 'standby-a NORTH-A SCADA-N1'],
        3, true, 6, true, [],
      ],
    );
    assert.equal(c.sig?.key, keyId, 'the changeover entry is signed like every appended entry');
    const verify = await run(['verify', '--key', join(keys, 'pairaudit-signing.pub')], '2026-11-24T12:00:00Z');
    assert.equal(verify.code, 0, verify.stdout);
    assert.match(verify.stdout, new RegExp(`signed: entries 1-7 with ${keyId}`));

    // changes lists it beside the setting changes, in every format; the signing key's id as verify prints it.
    const json = await run(['changes', '-f', 'json'], '2026-11-24T12:00:00Z');
    const view = JSON.parse(json.stdout) as ChangesJson;
    assert.deepEqual(view.counts.changeovers, 1);
    assert.deepEqual(
      view.changeovers.map((x) => [x.seq, x.pair, x.mainBefore.name, x.mainAfter.name, x.preCheck.label, x.postCheck.label, x.changed]),
      [[7, 'North WTP/scada', 'NORTH-A (SCADA-N1)', 'NORTH-B (SCADA-N2)', 'check GO', 'check GO', false]],
    );
    assert.deepEqual(view.signers, [{ key: keyId, first: 1, last: 7, entries: 7 }]);
    const text = (await run(['changes'], '2026-11-24T12:00:00Z')).stdout;
    assert.match(text, /Changeovers \(1\)\n\n\* \[7\] North WTP\/scada: Main NORTH-A \(SCADA-N1\) → NORTH-B \(SCADA-N2\)\n/);
    assert.match(text, /pre-check: check GO \(entry 3, 2026-11-24 10:05Z\); post-check: check GO/);
    assert.match(text, new RegExp(`Signed: entries 1-7 \\(7\\) with key ${keyId}`));
    const md = (await run(['changes', '-f', 'markdown'], '2026-11-24T12:00:00Z')).stdout;
    assert.match(md, /\| 7 \| North WTP\/scada \| NORTH-A \(SCADA-N1\) → NORTH-B \(SCADA-N2\) \| 2026-11-24 10:00Z – 2026-11-24 11:00Z \| check GO \(3\) \| check GO \(6\) \| none \| J\. Smith, ticket CHG-300: vendor test changeover \|/);
    const html = (await run(['changes', '-f', 'html'], '2026-11-24T12:00:00Z')).stdout;
    assert.match(html, /<section id="changeovers-section"/);
    const record = (await run(['changes', '--changeovers', '-f', 'html'], '2026-11-24T12:00:00Z')).stdout;
    assert.match(record, /<td>Pre-check<\/td><td class="check-ok">check GO<\/td><td>3<\/td>/);
    assert.match(record, /<h3>Sign-off of changeover 7<\/h3>/);
    assert.ok(html.includes(keyId), 'the HTML record shows the signing key');

    // A period without the changeover says so instead of an empty page.
    const none = await run(['changes', '--changeovers', '--until', '2026-11-23'], '2026-11-24T12:00:00Z');
    assert.match(none.stdout, /0 changeover\(s\)\n\nNo changeovers in this period\./);
    // A saved changeover record re-renders in another format.
    r = await run(['changes', '--changeovers', '-f', 'json', '-o', join(d.dir, 'co.json')], '2026-11-24T12:00:00Z');
    assert.equal(r.code, 0, r.stderr);
    r = await runCli(['report', join(d.dir, 'co.json'), '-f', 'md'], { cwd: d.dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# Changeover record\n[\s\S]*## Changeover 7: North WTP\/scada\n\n- \*\*Main NORTH-A \(SCADA-N1\) → NORTH-B \(SCADA-N2\)\*\*\n[\s\S]*\| NORTH-A \(SCADA-N1\) \| Main \| Standby A \|/);

    // The changeover record an engineer signs, read back as a person would.
    const pdf = join(d.dir, 'changeover.pdf');
    r = await run(['changes', '--changeovers', '--pair', 'North WTP/scada', '--since', '2026-11-24', '-o', pdf], '2026-11-24T12:00:00Z');
    assert.equal(r.code, 0, r.stderr);
    const again = join(d.dir, 'again.pdf');
    await run(['changes', '--changeovers', '--pair', 'North WTP/scada', '--since', '2026-11-24', '-o', again], '2026-11-24T12:00:00Z');
    assert.deepEqual(readFileSync(pdf), readFileSync(again), 'deterministic bytes');
    const read = pdfText(t, pdf);
    if (read === undefined) return;
    const flat = read.replace(/\s+/g, ' ');
    for (const expected of [
      'CHANGEOVER RECORD',
      'Changeover 7: North WTP/scada',
      'Main NORTH-A (SCADA-N1) → NORTH-B (SCADA-N2)',
      'Between 2026-11-24 10:00Z (the last collection before) and 2026-11-24 11:00Z (the first collection after)',
      'NORTH-B (SCADA-N2) Standby A Main',
      'NORTH-A (SCADA-N1) Main Standby A',
      'Pre-check check GO 3 2026-11-24 10:05Z',
      'Post-check check GO 6 2026-11-24 11:05Z',
      'No setting changed across the changeover.',
      'Sign-off',
      'Reviewed by (name, role)',
      `with key ${keyId}`,
      'Page 1 of 1',
    ]) {
      assert.ok(flat.includes(expected), `PDF text lacks ${JSON.stringify(expected)}:\n${read}`);
    }
  } finally {
    d.cleanup();
  }
});

test('a triple whose Main moves to Standby B; the next check with the same roles, and a new machine as Main, record no changeover', async () => {
  const d = tempDir();
  try {
    const store = join(d.dir, 'store');
    const check = (inputs: string[], now: string) => runCli(['check', ...inputs, '--pair', 'East/triple', '--record', '-f', 'json', '-o', join(d.dir, `${now.slice(11, 13)}.json`), '--store', store], { cwd: d.dir, now });
    const at = (role: string, time: string, recorded?: 'main' | 'standby-a' | 'standby-b') => bundleCopy(d.dir, `${role}-${time.slice(11, 13)}`, fixtureBundle('triple-standby', role), time, recorded);
    let r = await check([at('main', '2026-11-24T10:00:00Z'), at('standby-a', '2026-11-24T10:00:00Z'), at('standby-b', '2026-11-24T10:00:00Z')], '2026-11-24T10:05:00Z');
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    // The same roles again: no changeover.
    r = await check([at('main', '2026-11-24T11:00:00Z'), at('standby-a', '2026-11-24T11:00:00Z'), at('standby-b', '2026-11-24T11:00:00Z')], '2026-11-24T11:05:00Z');
    assert.doesNotMatch(r.stderr, /changeover/);
    assert.equal(changeoversOf(store).length, 0);
    // Standby B takes over; the old Main becomes Standby B.
    r = await check([at('standby-b', '2026-11-24T12:00:00Z', 'main'), at('standby-a', '2026-11-24T12:00:00Z'), at('main', '2026-11-24T12:00:00Z', 'standby-b')], '2026-11-24T12:05:00Z');
    assert.match(r.stderr, /changeover of East\/triple recorded as journal entry \d+: Main moved from \S+ \(SCADA-T1\) to \S+ \(SCADA-T3\)/);
    const [c] = changeoversOf(store);
    assert.deepEqual([c.main.before.host, c.main.after.host], ['SCADA-T1', 'SCADA-T3']);
    assert.deepEqual(c.roles.after.map((h) => `${h.role} ${h.host}`), ['main SCADA-T3', 'standby-a SCADA-T2', 'standby-b SCADA-T1']);
    assert.deepEqual(c.roles.before.map((h) => `${h.role} ${h.host}`), ['main SCADA-T1', 'standby-a SCADA-T2', 'standby-b SCADA-T3']);
    // Recorded once: the next check with these roles records none.
    await check([at('standby-b', '2026-11-24T13:00:00Z', 'main'), at('standby-a', '2026-11-24T13:00:00Z'), at('main', '2026-11-24T13:00:00Z', 'standby-b')], '2026-11-24T13:05:00Z');
    assert.equal(changeoversOf(store).length, 1);
    // A machine the pair never had as Main (a replacement) is not a changeover of the pair.
    const other = bundleCopy(d.dir, 'new-main', fixtureBundle('sample', 'main'), '2026-11-24T14:00:00Z');
    await check([other, at('standby-a', '2026-11-24T14:00:00Z'), at('main', '2026-11-24T14:00:00Z', 'standby-b')], '2026-11-24T14:05:00Z');
    assert.equal(changeoversOf(store).length, 1);
  } finally {
    d.cleanup();
  }
});

test('the same bundles recorded again with the roles swapped by --roles are refused (no changeover can be placed); later bundles record it', async () => {
  const d = tempDir();
  try {
    const store = join(d.dir, 'store');
    const check = (inputs: string[], roles: string[], now: string) => runCli(['check', ...inputs, ...roles, '--pair', 'North/scada', '--record', '-f', 'json', '-o', join(d.dir, `${now.slice(11, 13)}.json`), '--store', store], { cwd: d.dir, now });
    const n1 = bundleCopy(d.dir, 'n1', fixtureBundle('healthy', 'main'), '2026-11-24T10:00:00Z');
    const n2 = bundleCopy(d.dir, 'n2', fixtureBundle('healthy', 'standby-a'), '2026-11-24T10:01:00Z');
    let r = await check([n1, n2], [], '2026-11-24T10:05:00Z');
    assert.equal(r.code, 0, r.stderr);
    const entries = journalOf(store).length;
    // N2 made Main by --roles, from the bundles of the last check: refused, nothing written.
    r = await check([n2, n1], ['--roles', 'main,standby-a'], '2026-11-24T10:07:00Z');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^pairaudit: record: North\/scada's Main would move from NORTH-A to NORTH-B on evidence collected at 2026-11-24T10:00:00\.000Z, no later than NORTH-B's latest recorded snapshot \(2026-11-24T10:01:00\.000Z, entry \d+\): a changeover cannot be placed there; record exports collected after the changeover\n$/m);
    assert.equal(journalOf(store).length, entries, 'nothing written');
    // Bundles collected after it, with the roles swapped: a changeover, between the two collections.
    const later1 = bundleCopy(d.dir, 'n1-later', fixtureBundle('healthy', 'main'), '2026-11-24T11:00:00Z', 'standby-a');
    const later2 = bundleCopy(d.dir, 'n2-later', fixtureBundle('healthy', 'standby-a'), '2026-11-24T11:00:30Z', 'main');
    r = await check([later2, later1], [], '2026-11-24T11:05:00Z');
    assert.equal(r.code, 0, r.stderr);
    const [c] = changeoversOf(store);
    assert.deepEqual(c?.between, { before: '2026-11-24T10:01:00.000Z', after: '2026-11-24T11:00:00.000Z' });
  } finally {
    d.cleanup();
  }
});

test('roles swapped by record on the bundles of the last check, then a check of them: refused as a changeover that cannot be placed, by the rule that records changeovers', async () => {
  const d = tempDir();
  try {
    const store = join(d.dir, 'store');
    const run = (argv: string[], now: string) => runCli([...argv, '--store', store], { cwd: d.dir, now });
    const n1 = bundleCopy(d.dir, 'n1', fixtureBundle('healthy', 'main'), '2026-11-24T10:00:00Z');
    const n2 = bundleCopy(d.dir, 'n2', fixtureBundle('healthy', 'standby-a'), '2026-11-24T10:01:00Z');
    let r = await run(['check', n1, n2, '--pair', 'North/scada', '--record', '-f', 'json', '-o', join(d.dir, 'pre.json')], '2026-11-24T10:05:00Z');
    assert.equal(r.code, 0, r.stderr);
    // The same bundles recorded again with the roles swapped: checked, unchanged, with the new roles.
    for (const [input, role] of [[n2, 'main'], [n1, 'standby-a']]) {
      r = await run(['record', input, '--pair', 'North/scada', '--role', role], '2026-11-24T10:06:00Z');
      assert.match(r.stdout, /unchanged since entry \d+; journalled as checked/);
    }
    const entries = journalOf(store).length;
    // Against the last recorded check (Main NORTH-A) the Main moved, on evidence that check saw: no changeover can be placed.
    r = await run(['check', n2, n1, '--roles', 'main,standby-a', '--pair', 'North/scada', '--record', '-f', 'json', '-o', join(d.dir, 'post.json')], '2026-11-24T10:07:00Z');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^pairaudit: record: North\/scada's Main would move from NORTH-A to NORTH-B on evidence collected at 2026-11-24T10:00:00\.000Z, no later than NORTH-B's latest recorded snapshot \(2026-11-24T10:01:00\.000Z, entry 2\): a changeover cannot be placed there; record exports collected after the changeover\n$/m);
    assert.equal(journalOf(store).length, entries, 'nothing written');
    assert.equal(changeoversOf(store).length, 0);
  } finally {
    d.cleanup();
  }
});

test('a store written by pairaudit 0.1.0, migrated, then receiving a changeover with the setting changes across it', async () => {
  const d = tempDir();
  try {
    const store = join(d.dir, 'store');
    cpSync(join(repoRoot, 'fixtures', 'stores', 'v0.1.0', 'store'), store, { recursive: true });
    const env = { PAIRAUDIT_STORE: store };
    let r = await runCli(['migrate'], { cwd: d.dir, env, now: '2026-11-30T10:00:00Z' });
    assert.equal(r.code, 0, r.stderr);
    // Pair sample: NORTH-A (SCADA-N1) was Main in its last recorded audit (entry 12); now NORTH-B is, back on the sample settings.
    const main = bundleCopy(d.dir, 'n2', fixtureBundle('sample', 'standby-a'), '2026-11-30T11:00:00Z', 'main');
    const standby = bundleCopy(d.dir, 'n1', fixtureBundle('sample', 'main'), '2026-11-30T11:00:00Z', 'standby-a');
    r = await runCli(['audit', main, standby, '--pair', 'sample', '--record', '--author', 'K. Jones', '--ticket', 'CHG-310', '-f', 'json', '-o', join(d.dir, 'a.json')], { cwd: d.dir, env, now: '2026-11-30T11:05:00Z' });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.match(r.stderr, /changeover of sample recorded as journal entry \d+: Main moved from NORTH-A \(SCADA-N1\) to NORTH-B \(SCADA-N2\); before: audit DRIFT \(entry 12\), after: audit \w+ \(entry \d+\); [1-9]\d* setting change\(s\) across it/);
    const [c] = changeoversOf(store);
    // Entries 20 and 21 are the two snapshots, 22 the audit, 23 the changeover; the last collection before it was 11-24's Standby.
    assert.deepEqual([c.seq, c.preCheck.seq, c.preCheck.kind, c.postCheck.seq, c.between], [23, 12, 'audit', 22, { before: '2026-11-24T09:02:00.000Z', after: '2026-11-30T11:00:00.000Z' }]);
    // Across it: every change journalled for the pair's servers after the pre-check (entries 20 and 21), e.g. NORTH-B's DB\Pwd gone.
    const journalled = journalOf(store).flatMap((e) => (e.type === 'snapshot-recorded' && e.seq > 12 && e.pair === 'sample' ? e.changes.map((x, i) => `${e.seq}.${i + 1} ${x.setting}`) : []));
    assert.deepEqual(c.settingChanges, journalled.map((x) => x.split(' ')[0]));
    assert.ok(journalled.every((x) => /^2[01]\./.test(x)), journalled.join(', '));
    assert.ok(journalled.some((x) => x.startsWith('20.') && x.endsWith(' reg:DB\\Pwd')), journalled.join(', '));
    const json = JSON.parse((await runCli(['changes', '--changeovers', '-f', 'json'], { cwd: d.dir, env })).stdout) as ChangesJson;
    assert.deepEqual(json.changeovers[0].changes.map((x) => `${x.id} ${x.setting}`), journalled);
    const verify = await runCli(['verify', '--deep'], { cwd: d.dir, env });
    assert.equal(verify.code, 0, verify.stdout);
  } finally {
    d.cleanup();
  }
});

test('verify: a changeover that names checks or changes the journal does not hold is a broken entry', async () => {
  const d = tempDir();
  try {
    const store = join(d.dir, 'store');
    const check = (a: string, b: string, now: string) => runCli(['check', a, b, '--pair', 'P', '--record', '-f', 'json', '-o', join(d.dir, 'c.json'), '--store', store], { cwd: d.dir, now });
    await check(bundleCopy(d.dir, 'a1', fixtureBundle('healthy', 'main'), '2026-11-24T10:00:00Z'), bundleCopy(d.dir, 'b1', fixtureBundle('healthy', 'standby-a'), '2026-11-24T10:00:00Z'), '2026-11-24T10:05:00Z');
    await check(bundleCopy(d.dir, 'b2', fixtureBundle('healthy', 'standby-a'), '2026-11-24T11:00:00Z', 'main'), bundleCopy(d.dir, 'a2', fixtureBundle('healthy', 'main'), '2026-11-24T11:00:00Z', 'standby-a'), '2026-11-24T11:05:00Z');
    const seq = changeoversOf(store)[0]!.seq;
    const original = readEntry(store, seq);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ preCheck: { ...(original.preCheck as object), seq: 1 } }, /its checks \(entries 1 and 6\) are not two recorded checks before it, in order/],
      [{ settingChanges: ['2.1'] }, /names change 2\.1, which no snapshot entry before it recorded/],
    ];
    for (const [edit, message] of cases) {
      writeEntry(store, { ...original, ...edit });
      const r = await runCli(['verify', '--store', store], { cwd: d.dir });
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stdout, new RegExp(`^BROKEN at entry ${seq}: journal.0+${seq}\\.json: ${message.source}`));
    }
  } finally {
    d.cleanup();
  }
});

test('a check --record killed between its audit entry and its changeover entry: verify says so, and the next write journals the changeover as it would have been', async () => {
  const d = tempDir();
  try {
    const built = join(d.dir, 'built');
    const run = (argv: string[], store: string, now: string) => runCli([...argv, '--store', store], { cwd: d.dir, now });
    const pre = [bundleCopy(d.dir, 'pre-n1', fixtureBundle('healthy', 'main'), '2026-11-24T10:00:00Z'), bundleCopy(d.dir, 'pre-n2', fixtureBundle('healthy', 'standby-a'), '2026-11-24T10:00:30Z')];
    let r = await run(['check', ...pre, '--pair', 'P', '--record', '--ticket', 'CHG-9', '-f', 'json', '-o', join(d.dir, 'pre.json')], built, '2026-11-24T10:05:00Z');
    assert.equal(r.code, 0, r.stderr);
    // Control: the last entry is a recorded check that moved no Main; a write appends only its own entry.
    const control = join(d.dir, 'control');
    cpSync(built, control, { recursive: true });
    r = await run(['note', '3', '--text', 'pre-check done'], control, '2026-11-24T10:06:00Z');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(journalOf(control).map((e) => e.type).slice(3), ['note-added']);
    const post = [bundleCopy(d.dir, 'post-n2', fixtureBundle('healthy', 'standby-a'), '2026-11-24T11:00:20Z', 'main'), bundleCopy(d.dir, 'post-n1', fixtureBundle('healthy', 'main'), '2026-11-24T11:00:00Z', 'standby-a')];
    r = await run(['check', ...post, '--pair', 'P', '--record', '--ticket', 'CHG-9', '--note', 'vendor test changeover', '-f', 'json', '-o', join(d.dir, 'post.json')], built, '2026-11-24T11:05:00Z');
    assert.equal(r.code, 0, r.stderr);
    const original = readFileSync(join(built, 'journal', '0000000007.json'), 'utf8');
    assert.equal(readEntry(built, 7).type, 'changeover-recorded');

    // Killed after entry 6 (head.json written, or still one behind): entry 7 never written.
    for (const headAt of [6, 5]) {
      const store = join(d.dir, `killed-${headAt}`);
      cpSync(built, store, { recursive: true });
      rmSync(join(store, 'journal', '0000000007.json'));
      writeFileSync(join(store, 'head.json'), `${canonical({ hash: readEntry(store, headAt).hash, seq: headAt })}\n`);
      const verify = await run(['verify'], store, '2026-11-24T12:00:00Z');
      assert.equal(verify.code, 0, verify.stdout);
      assert.match(verify.stdout, /note: entry 6 \(a recorded check of P\) shows the Main moved from NORTH-A to NORTH-B, but the changeover entry after it was not written \(the write was interrupted\); the next command that writes to the store journals it\n/);
      // The next command that writes (here a note) first appends the lost entry, byte for byte as it would have been.
      r = await run(['note', '6', '--text', 'post-check done'], store, '2026-11-24T12:00:00Z');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /note on 6 recorded \(entry 8\)/);
      assert.equal(r.stderr, 'pairaudit: appended the changeover entry 7 that an interrupted check --record left out (after entry 6)\n', 'said, not done in silence');
      assert.equal(readFileSync(join(store, 'journal', '0000000007.json'), 'utf8'), original, `head at ${headAt}`);
      assert.equal((await run(['verify'], store, '2026-11-24T12:00:00Z')).stdout.includes('note:'), false);
      const view = JSON.parse((await run(['changes', '-f', 'json'], store, '2026-11-24T12:00:00Z')).stdout) as ChangesJson;
      assert.deepEqual(view.changeovers.map((c) => [c.seq, c.mainBefore.name, c.mainAfter.name]), [[7, 'NORTH-A (SCADA-N1)', 'NORTH-B (SCADA-N2)']]);
    }
  } finally {
    d.cleanup();
  }
});
