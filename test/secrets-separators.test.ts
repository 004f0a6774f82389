// A password that holds a separator character: `&` in a connection string is part of the password (only `;`
// ends it there), `&` ends a value only in a URL query, and a URL's password runs to the last `@` before the host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HIDDEN, SecretDetector } from '../src/snapshot/secrets.js';
import { runCli } from './history-fixtures.js';
import { clearScadaExport, AUDIT_FORMATS, CHANGES_FORMATS, assertNoSecret, everyFormat, storeFiles } from './secrets-leak-check.js';

const d = new SecretDetector();

const CASES: { name: string; data: string | string[]; masked: string | string[]; plain: string[] }[] = [
  { name: '& inside an ADO password', data: 'Server=hist01;Database=H;Password=Tr0ub&Main_Tail9;', masked: `Server=hist01;Database=H;Password=${HIDDEN};`, plain: ['Tr0ub', 'Main_Tail9'] },
  { name: '& and = inside an ODBC password, last in the text', data: 'DSN=x;UID=sa;PWD=a&b=c', masked: `DSN=x;UID=sa;PWD=${HIDDEN}`, plain: ['a&b=c'] },
  { name: '& inside ODBC braces', data: 'Driver={SQL Server};PWD={a&b;c};X=1', masked: `Driver={SQL Server};PWD=${HIDDEN};X=1`, plain: ['a&b', 'b;c'] },
  { name: 'text after a closing quote', data: 'Provider=SQLOLEDB;Password="Quo;ted"Tail8;Mode=1', masked: `Provider=SQLOLEDB;Password=${HIDDEN};Mode=1`, plain: ['Quo', 'ted', 'Tail8'] },
  { name: 'text after an empty quoted part', data: "Server=x;Password=''Tail15", masked: `Server=x;Password=${HIDDEN}`, plain: ['Tail15'] },
  { name: 'text after a closing brace', data: 'Server=x;Pwd={a}}b}Tail14;X=1', masked: `Server=x;Pwd=${HIDDEN};X=1`, plain: ['a}}b', 'Tail14'] },
  { name: 'URL query: & still ends the value', data: 'https://h/x?a=1&access_token=Tok&Amp&b=2', masked: `https://h/x?a=1&access_token=${HIDDEN}&Amp&b=2`, plain: ['Tok'] },
  { name: 'URL query after ?', data: 'https://h/x?token=abc123&b=1', masked: `https://h/x?token=${HIDDEN}&b=1`, plain: ['abc123'] },
  { name: '@ inside a URL password', data: 'https://svc_hist:Tr0ub@Main_Tail9@hist01.example/api', masked: `https://svc_hist:${HIDDEN}@hist01.example/api`, plain: ['Tr0ub', 'Main_Tail9'] },
  { name: 'two @ and a : inside a URL password, no path', data: 'mqtts://user:p@ss:w@rd@broker:8883', masked: `mqtts://user:${HIDDEN}@broker:8883`, plain: ['p@ss', 'w@rd'] },
  { name: 'a URL password ends at the host, not at a later @ in the path', data: 'https://u:pw@host/mail@x', masked: `https://u:${HIDDEN}@host/mail@x`, plain: ['pw@'] },
  { name: 'REG_MULTI_SZ: an element ends the value', data: ['Password=a&b', 'Timeout=30', 'ftp://u:p@q@h'], masked: [`Password=${HIDDEN}`, 'Timeout=30', `ftp://u:${HIDDEN}@h`], plain: ['a&b', 'p@q'] },
  // Kept as before: ; ends a value, spaces around = and before ; are the value's.
  { name: '; ends an unquoted value', data: 'user=a; password = s3cr3t ;x=1', masked: `user=a; password = ${HIDDEN};x=1`, plain: ['s3cr3t'] },
];

for (const c of CASES) {
  test(`separator inside a secret: ${c.name}`, () => {
    const got = d.inspectContent(c.data, Array.isArray(c.data) ? 'REG_MULTI_SZ' : 'REG_SZ');
    assert.equal(got.kind, 'partial', JSON.stringify(got));
    if (got.kind !== 'partial') return;
    assert.deepEqual(got.masked, c.masked);
    for (const p of c.plain) assert.ok(!JSON.stringify(got.masked).includes(p), `${p} still shows`);
    // The text masked once reads as masked: nothing more is hidden, nothing hashed.
    assert.equal(d.inspectContent(got.masked, Array.isArray(c.data) ? 'REG_MULTI_SZ' : 'REG_SZ').kind, 'none');
  });
}

test('a text masked by an older version (the password cut at &) is masked whole when read again', () => {
  const got = d.inspectContent(`Server=h;Password=${HIDDEN}&Main_Tail9;`, 'REG_SZ');
  assert.equal(got.kind === 'partial' ? got.masked : got.kind, `Server=h;Password=${HIDDEN};`);
  const url = d.inspectContent(`https://svc:${HIDDEN}@Main_Tail9@h/x`, 'REG_SZ');
  assert.equal(url.kind === 'partial' ? url.masked : url.kind, `https://svc:${HIDDEN}@h/x`);
});

// ─── End to end: every report format and every file of the store ─────────────────────────────────


function exportOf(label: string, tail: string): string {
  return clearScadaExport(label, {
    Historic: [`"ConnectionString"="Server=hist01;Database=H;Password=Tr0ub&${tail};"`, `"ServiceUrl"="https://svc_hist:Tr0ub@${tail}@hist01.example/api"`],
  });
}

test('a password holding & or @ shows in no report format, no change record and no file of the store', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-separators-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const main = join(dir, 'main.reg');
  const standby = join(dir, 'standby.reg');
  writeFileSync(main, exportOf('NORTH-A', 'Main_Tail9'));
  writeFileSync(standby, exportOf('NORTH-B', 'Stby_Tail8'));
  const secrets = ['Tr0ub', 'Main_Tail9', 'Stby_Tail8'];
  const opts = { cwd: dir, now: '2026-11-20T09:20:00Z' };
  const audit = await everyFormat(t, ['audit', main, standby], opts, AUDIT_FORMATS);
  assertNoSecret(secrets, audit);
  assert.match(audit.text, /differs \(values hidden\)/, 'the differing passwords are compared');
  const store = join(dir, 'store');
  for (const [file, role, at] of [[main, 'main', '2026-11-20T09:00:00Z'], [standby, 'standby-a', '2026-11-20T09:00:00Z']]) {
    const r = await runCli(['record', file, '--pair', 'NORTH', '--role', role, '--at', at, '--store', store], opts);
    assert.equal(r.code, 0, r.stderr);
    assertNoSecret(secrets, { record: r.stdout + r.stderr });
  }
  // A rotated password: a change of the hidden part, journalled without it.
  writeFileSync(standby, exportOf('NORTH-B', 'Rotated_Tail7'));
  const again = await runCli(['record', standby, '--pair', 'NORTH', '--role', 'standby-a', '--at', '2026-11-20T09:10:00Z', '--store', store], opts);
  assert.equal(again.code, 0, again.stderr);
  const recorded = await runCli(['audit', main, standby, '--pair', 'NORTH', '--record', '--at', '2026-11-20T09:15:00Z', '--store', store, '-f', 'json'], opts);
  assert.notEqual(recorded.code, 2, recorded.stderr);
  const all = [...secrets, 'Rotated_Tail7'];
  assertNoSecret(all, await everyFormat(t, ['changes', '--store', store], opts, CHANGES_FORMATS));
  assertNoSecret(all, storeFiles(store));
});
