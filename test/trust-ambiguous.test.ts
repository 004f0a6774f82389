// Evidence that gives a setting two values: collection keeps one and warns; the audit said IN PARITY on the one
// kept and showed the warning nowhere. Now the setting is unknown where its two values differ, the warning is in
// the result (servers[].warnings), in every format and on standard error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditResult } from '../src/types.js';
import { runCli, writeFleetInventory } from './cli-harness.js';
import { pdfText, tempDir } from './history-fixtures.js';

/** The healthy pair, each server's DB key given a value named `A\B` and a subkey `DB\A` whose value `B` meets it in one name. */
function pairMeetingInOneName(dir: string, values: { main: [string, string]; standby: [string, string] }): void {
  cpSync('fixtures/pairs/healthy', dir, { recursive: true });
  for (const [server, [first, second]] of [['main', values.main], ['standby-a', values.standby]] as const) {
    const file = join(dir, server, 'ClearSCADA.reg');
    const text = readFileSync(file, 'utf16le');
    const port = '"Port"=dword:00001569';
    assert.ok(text.includes(port));
    const edited = `${text.replace(port, `${port}\r\n"A\\\\B"="${first}"`)}\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\DB\\A]\r\n"B"="${second}"\r\n`;
    writeFileSync(file, edited, 'utf16le');
  }
}

const CASES: { name: string; values: { main: [string, string]; standby: [string, string] }; unknown: string[]; verdict: AuditResult['verdict'] }[] = [
  { name: 'two values alike on both servers: nothing lost, a warning only', values: { main: ['one', 'one'], standby: ['one', 'one'] }, unknown: [], verdict: 'in-parity' },
  { name: "the Standby's two values differ: unknown on the Standby", values: { main: ['one', 'one'], standby: ['one', 'two'] }, unknown: ['standby-a'], verdict: 'incomplete' },
  { name: "both servers' two values differ: unknown on each", values: { main: ['one', 'two'], standby: ['one', 'two'] }, unknown: ['main', 'standby-a'], verdict: 'incomplete' },
];

for (const c of CASES) {
  test(`audit, two values meeting in one name, ${c.name}`, async () => {
    const { dir, cleanup } = tempDir('pairaudit-ambiguous-');
    try {
      pairMeetingInOneName(dir, c.values);
      const args = ['audit', join(dir, 'main'), join(dir, 'standby-a'), '--at', '2026-11-20T08:00:00Z'];
      const r = await runCli([...args, '-f', 'json'], { cwd: dir });
      const result = JSON.parse(r.stdout) as AuditResult;
      const ambiguous = result.findings.filter((f) => f.messageId === 'valueAmbiguous');
      assert.deepEqual(
        ambiguous.map((f) => Object.keys(f.sources)[0]),
        c.unknown,
      );
      for (const f of ambiguous) {
        assert.equal(f.status, 'unknown');
        assert.equal(f.setting, 'reg:DB\\A\\B');
        assert.match(f.message, /evidence gives reg:DB\\A\\B more than one value \(ClearSCADA\.reg line \d+: setting "reg:DB\\A\\B" is defined twice; kept the value of line \d+\); the rules compared the one kept, so it is not judged/);
      }
      // Each server's warning is in the result, and on standard error as `collect` prints it.
      assert.deepEqual(
        result.servers.map((s) => s.warnings?.length ?? 0),
        [1, 1],
      );
      assert.equal(r.stderr.split('\n').filter((l) => /^pairaudit: warning: .*ClearSCADA\.reg: line \d+: setting "reg:DB\\A\\B" is defined twice/.test(l)).length, 2, r.stderr);
      // Only the unknowns from old bundles' missing evidence stand beside these (info, below the threshold).
      assert.equal(result.verdict, c.verdict);
      for (const format of ['text', 'markdown', 'html', 'junit']) {
        const shown = await runCli([...args, '-f', format], { cwd: dir });
        assert.match(shown.stdout, /Collection warnings/i, format);
        if (format !== 'junit') assert.match(shown.stdout, /Reading the evidence gave 2 warnings/, format);
        else assert.match(shown.stdout, /<system-err>Collection warnings:\nNORTH-A \(Main\): ClearSCADA\.reg line \d+: setting &quot;reg:DB\\A\\B&quot; is defined twice/);
      }
    } finally {
      cleanup();
    }
  });
}

// A bundle holding the server's export and a second export of one of its subkeys that disagrees (a stale copy of
// the DB key): the later file's value was applied, and check said GO on it. The setting is unknown now; db.port is a
// blocker's, so NO-GO.
test('check, a second export of a subkey in the bundle that gives db.port another value: NO-GO, db.port unknown', async () => {
  const { dir, cleanup } = tempDir('pairaudit-ambiguous-');
  try {
    cpSync('fixtures/pairs/drift-db-port', dir, { recursive: true });
    const standby = readFileSync(join(dir, 'standby-a', 'ClearSCADA.reg'), 'utf16le');
    const current = /"Port"=dword:([0-9a-f]{8})/.exec(standby)?.[1];
    assert.equal(current, '0000156a', 'the Standby listens on 5482, the Main on 5481');
    // A stale DB export, as the Main's: read after ClearSCADA.reg (code-unit order), it replaced the current port.
    writeFileSync(join(dir, 'standby-a', 'DB.reg'), '\uFEFFWindows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\DB]\r\n"Port"=dword:00001569\r\n', 'utf16le');
    const r = await runCli(['check', join(dir, 'main'), join(dir, 'standby-a'), '-f', 'json'], { cwd: dir, now: '2026-11-20T08:20:00Z' });
    const result = JSON.parse(r.stdout) as AuditResult;
    assert.equal(result.go, false, r.stderr);
    const port = result.findings.filter((f) => f.ruleId === 'db-port' && f.messageId === 'valueAmbiguous');
    assert.deepEqual(
      port.map((f) => [f.setting, f.severity, f.status]),
      [['db.port', 'blocker', 'unknown']],
    );
    assert.match(port[0]!.message, /^Standby A's evidence gives db\.port more than one value \(DB\.reg line 4: value "Port" of .*\\DB replaces the other value ClearSCADA\.reg line \d+ gives it/);
  } finally {
    cleanup();
  }
});

// A fleet's pair whose evidence warned (in parity or not): its warnings were in the fleet JSON only.
test('fleet: a pair\'s collection warnings are listed in text, Markdown, HTML and PDF', async (t) => {
  const { dir, cleanup } = tempDir('pairaudit-ambiguous-');
  t.after(cleanup);
  pairMeetingInOneName(dir, { main: ['one', 'one'], standby: ['one', 'one'] });
  const inventory = writeFleetInventory(dir, [`      - { name: NORTH, servers: { main: ${JSON.stringify(join(dir, 'main'))}, standby-a: ${JSON.stringify(join(dir, 'standby-a'))} } }`]);
  // (Markdown escapes the backslashes.)
  const warning = /NORTH-B \(Standby A\): ClearSCADA\.reg line \d+: setting "reg:DB\\{1,2}A\\{1,2}B" is defined twice/;
  for (const format of ['text', 'markdown', 'html']) {
    const r = await runCli(['fleet', inventory, '-f', format, '--jobs', '1'], { cwd: dir, now: '2026-11-20T08:20:00Z' });
    // Wrapped lines (text) read as one; HTML's quotes as written.
    assert.match(r.stdout.replace(/&quot;/g, '"').replace(/\s+/g, ' '), warning, `${format}: ${r.stderr}`);
  }
  const pdf = join(dir, 'fleet.pdf');
  await runCli(['fleet', inventory, '-f', 'pdf', '-o', pdf, '--jobs', '1'], { cwd: dir, now: '2026-11-20T08:20:00Z' });
  const text = pdfText(t, pdf);
  if (text !== undefined) assert.match(text.replace(/\s+/g, ' '), /Collection warnings \(2\):.*NORTH-B \(Standby A\): ClearSCADA\.reg line \d+: setting "reg:DB\\A\\B" is defined twice/);
});

// Who reports an ambiguous setting, and what else stands. The Standby of drift-db-port listens on 5482; a stale DB
// export beside its current one says 5481 (the Main's): db.port is ambiguous there.
const WHO_CASES: { name: string; extra?: (dir: string) => string[]; reporter: string[]; judged: string[] }[] = [
  { name: 'the bundled blocker reports it; its fail on the kept (stale) value is withdrawn', reporter: ['db-port blocker'], judged: [] },
  {
    name: 'an info site rule on db.port beside the blocker: still the blocker, at blocker severity',
    extra: (dir) => {
      mkdirSync(join(dir, 'site'));
      writeFileSync(join(dir, 'site', 'aaa-port-note.json'), JSON.stringify({ id: 'aaa-port-note', title: 'Port noted', severity: 'info', category: 'site', rationale: 'A site note.', remediation: 'none', select: ['db.port'], compare: { kind: 'must-equal' } }));
      return ['--rules', join(dir, 'site')];
    },
    reporter: ['db-port blocker'],
    judged: [],
  },
  {
    name: 'db-port switched off in the config: no unknown (the site switched it off), the catch-all does not take it',
    extra: (dir) => {
      writeFileSync(join(dir, 'off.yaml'), 'severity:\n  db-port: off\n');
      return ['--config', join(dir, 'off.yaml')];
    },
    reporter: [],
    judged: [],
  },
];

for (const c of WHO_CASES) {
  test(`audit, db.port ambiguous on the Standby: ${c.name}`, async () => {
    const { dir, cleanup } = tempDir('pairaudit-ambiguous-');
    try {
      cpSync('fixtures/pairs/drift-db-port', dir, { recursive: true });
      writeFileSync(join(dir, 'standby-a', 'DB.reg'), '\uFEFFWindows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\DB]\r\n"Port"=dword:00001569\r\n', 'utf16le');
      const r = await runCli(['audit', join(dir, 'main'), join(dir, 'standby-a'), '-f', 'json', ...(c.extra?.(dir) ?? [])], { cwd: dir, now: '2026-11-20T08:20:00Z' });
      const result = JSON.parse(r.stdout) as AuditResult;
      const port = result.findings.filter((f) => f.setting === 'db.port');
      assert.deepEqual(
        port.filter((f) => f.messageId === 'valueAmbiguous').map((f) => `${f.ruleId} ${f.severity}`),
        c.reporter,
      );
      assert.deepEqual(
        port.filter((f) => f.messageId !== 'valueAmbiguous' && (f.status === 'pass' || f.status === 'fail')).map((f) => `${f.ruleId} ${f.status}`),
        c.judged,
        'no pass or fail of db.port on the value kept',
      );
    } finally {
      cleanup();
    }
  });
}

test('audit, a value the evidence gives two values for that the config allows to differ: no unknown from the catch-all', async () => {
  const { dir, cleanup } = tempDir('pairaudit-ambiguous-');
  try {
    pairMeetingInOneName(dir, { main: ['one', 'one'], standby: ['one', 'two'] });
    writeFileSync(join(dir, 'allow.yaml'), 'allow:\n  - pattern: "reg:DB\\\\A\\\\*"\n    reason: scratch values\n');
    const r = await runCli(['audit', join(dir, 'main'), join(dir, 'standby-a'), '--at', '2026-11-20T08:00:00Z', '--config', join(dir, 'allow.yaml'), '-f', 'json'], { cwd: dir });
    const result = JSON.parse(r.stdout) as AuditResult;
    assert.deepEqual(result.findings.filter((f) => f.messageId === 'valueAmbiguous'), [], r.stderr);
    assert.equal(result.verdict, 'in-parity');
  } finally {
    cleanup();
  }
});

// The Main's bundle holding its export and a later export of its Standby A link whose address differs (a stale
// ClearSCADA.reg beside the current Partners.reg): which of its links is the Standby's rests on an ambiguous
// setting, so every attribute each link rule compares is unknown. A rule's attributes of the link are one unknown
// (relatedAmbiguousGroup: the three timeouts, the two ICMP monitor lists), not one each; the blockers stay.
test('check, the Main\'s Standby A address given two values: one unknown per rule and link, values as lines; NO-GO', async () => {
  const { dir, cleanup } = tempDir('pairaudit-ambiguous-');
  try {
    cpSync('fixtures/pairs/healthy', dir, { recursive: true });
    const reg = join(dir, 'main', 'ClearSCADA.reg');
    const text = readFileSync(reg, 'utf16le');
    const link = '\\Partners\\StandbyA]\r\n"Address"="10.20.1.12"';
    assert.ok(text.includes(link));
    writeFileSync(reg, text.replace(link, link.replace('10.20.1.12', '10.20.1.99')), 'utf16le');
    writeFileSync(join(dir, 'main', 'Partners.reg'), '\uFEFFWindows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\Partners\\StandbyA]\r\n"Address"="10.20.1.12"\r\n', 'utf16le');
    const args = ['check', join(dir, 'main'), join(dir, 'standby-a'), '--max-age', '100000000'];
    const r = await runCli([...args, '-f', 'json'], { cwd: dir, now: '2026-11-20T08:20:00Z' });
    const result = JSON.parse(r.stdout) as AuditResult;
    assert.equal(result.go, false, r.stderr);
    assert.equal(r.code, 3);
    assert.deepEqual(
      result.findings.filter((f) => f.messageId.startsWith('relatedAmbiguous')).map((f) => `${f.ruleId} ${f.severity} ${f.messageId} ${f.setting}`),
      [
        'partners-group-audited blocker relatedAmbiguous main:partners.*.address',
        'partners-link-configured blocker relatedAmbiguous main:partners.standbyA.address',
        'partners-port-mirror blocker relatedAmbiguous main:partners.standbyA.port',
        'partners-backup-connection warning relatedAmbiguous main:partners.standbyA.backupAddress',
        'partners-backup-port warning relatedAmbiguous main:partners.standbyA.backupPort',
        'partners-compression warning relatedAmbiguous partners.standbyA.compress',
        'partners-icmp-monitors warning relatedAmbiguousGroup partners.standbyA.*',
        'partners-link-other-values warning relatedAmbiguous reg:Partners\\StandbyA\\BackupCompress',
        'partners-link-timeouts warning relatedAmbiguousGroup partners.standbyA.*',
      ],
    );
    const timeouts = result.findings.find((f) => f.ruleId === 'partners-link-timeouts' && f.status === 'unknown')!;
    assert.deepEqual(timeouts.values, { main: ['heartbeatTimeout = 10', 'interleave = 4', 'transferTimeout = 60'], 'standby-a': ['heartbeatTimeout = 10', 'interleave = 4', 'transferTimeout = 60'] });
    const names = /3 settings are not judged \(heartbeatTimeout, interleave, transferTimeout\): the check reads partners\.standbyA\.address, which the Main's evidence gives more than one value \(Partners\.reg line 4: /;
    for (const format of ['text', 'markdown', 'html']) {
      const out = await runCli([...args, '-f', format], { cwd: dir, now: '2026-11-20T08:20:00Z' });
      assert.equal(out.code, 3, format);
      assert.match(out.stdout.replace(/\s+/g, ' ').replace(/&#x27;|&#39;/g, "'"), names, format);
      assert.doesNotMatch(out.stdout, /partners\.standbyA\.interleave is not judged/, format);
      if (format === 'markdown') assert.match(out.stdout, /\| `heartbeatTimeout = 10`<br>`interleave = 4`<br>`transferTimeout = 60` \|/);
    }
  } finally {
    cleanup();
  }
});
