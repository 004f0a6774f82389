// Signed journal: keygen, entries signed with --sign-key / PAIRAUDIT_SIGN_KEY, and verify --key catching an entry
// forged without the private key even when its hashes and the head were recomputed.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { bundleCopy, readEntry, repoRoot, runCli, tempDir, writeEntry } from './history-fixtures.js';

const pair = (name: string, role: string) => join(repoRoot, 'fixtures', 'pairs', name, role);

test('keygen, signed entries from some point on, and verify --key against forged, stripped and re-signed entries', async () => {
  const t = tempDir();
  try {
    const keys = join(t.dir, 'keys');
    const store = join(t.dir, 'store');
    const run = (argv: string[], env: Record<string, string> = {}) => runCli([...argv, '--store', store], { cwd: t.dir, env });
    let r = await runCli(['keygen', '--out', keys], { cwd: t.dir });
    assert.equal(r.code, 0, r.stderr);
    const id = /key (ed25519:[0-9a-f]{32})\n$/.exec(r.stdout)?.[1];
    assert.ok(id, r.stdout);
    assert.match(readFileSync(join(keys, 'pairaudit-signing.key'), 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
    assert.match(readFileSync(join(keys, 'pairaudit-signing.pub'), 'utf8'), /^-----BEGIN PUBLIC KEY-----/);
    if (process.platform !== 'win32') assert.equal(statSync(join(keys, 'pairaudit-signing.key')).mode & 0o777, 0o600);
    r = await runCli(['keygen', '--out', keys], { cwd: t.dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /pairaudit-signing\.key: already exists; keygen never overwrites a key/);

    // Two unsigned entries (before signing began), then signed ones: --sign-key, and PAIRAUDIT_SIGN_KEY for audit --record.
    assert.equal((await run(['record', pair('healthy', 'main'), '--pair', 'P', '--role', 'main'])).code, 0);
    assert.equal((await run(['record', pair('healthy', 'standby-a'), '--pair', 'P', '--role', 'standby-a'])).code, 0);
    r = await run(['record', bundleCopy(t.dir, 'drift-b', pair('drift-db-port', 'standby-a'), '2026-11-21T08:00:00Z'), '--pair', 'P', '--sign-key', join(keys, 'pairaudit-signing.key')]);
    assert.equal(r.code, 0, r.stderr);
    r = await run(['note', '3.1', '--text', 'port moved'], { PAIRAUDIT_SIGN_KEY: join(keys, 'pairaudit-signing.key') });
    assert.equal(r.code, 0, r.stderr);
    r = await run(['audit', bundleCopy(t.dir, 'drift-a2', pair('drift-db-port', 'main'), '2026-11-22T08:00:00Z'), bundleCopy(t.dir, 'drift-b2', pair('drift-db-port', 'standby-a'), '2026-11-22T08:00:00Z'), '--pair', 'P', '--record', '-f', 'json', '-o', join(t.dir, 'a.json')], { PAIRAUDIT_SIGN_KEY: join(keys, 'pairaudit-signing.key') });
    assert.equal(r.code, 1, r.stderr);
    const n = JSON.parse(readFileSync(join(store, 'head.json'), 'utf8')).seq as number;
    assert.equal(readEntry(store, 2).sig, undefined);
    for (let seq = 3; seq <= n; seq++) assert.equal((readEntry(store, seq).sig as { key: string }).key, id, `entry ${seq}`);

    const pub = join(keys, 'pairaudit-signing.pub');
    r = await run(['verify', '--key', pub]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, new RegExp(`^intact: ${n} entries.*\\nsigned: entries 3-${n} with ${id}\\nnote: entries 1-2 were written before signing began \\(unsigned\\)`));
    r = await run(['verify']);
    assert.match(r.stdout, /note: entries from 3 on are signed \(ed25519:\w+\); check the signatures with `pairaudit verify --key pairaudit-signing\.pub`/);

    // A forged entry appended with correct hashes and head: the chain alone cannot tell, the key can.
    const last = readEntry(store, n);
    writeEntry(store, { v: last.v, seq: n + 1, type: 'note-added', at: '2026-11-26T00:00:00.000Z', author: 'mallory', note: 'approved by phone', target: { seq: 3 }, prevHash: last.hash });
    const plain = await run(['verify']);
    // The store holds the public key (keys/), so plain verify checks the signatures too (test/history2-verify-default).
    assert.equal(plain.code, 1, plain.stdout);
    assert.match(plain.stdout, new RegExp(`^BROKEN at entry ${n + 1}: journal/0+${n + 1}\\.json: not signed, although every entry from entry 3 on is signed and the store holds the key`));
    // ...but the note names it: it said "entries from 3 on are signed" though the newest one was not.
    assert.match(plain.stdout, new RegExp(`note: entries from 3 on are signed except entry ${n + 1} \\(unsigned after signed ones: an append without the key\\?\\)`));
    r = await run(['verify', '--key', pub]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`^BROKEN at entry ${n + 1}: journal/0+${n + 1}\\.json: not signed, although every entry from entry 3 on is signed`));

    // The same forged entry carrying a signature copied from another entry.
    writeEntry(store, { ...readEntry(store, n + 1), sig: readEntry(store, n).sig });
    r = await run(['verify', '--key', pub, '--format', 'json']);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as { firstBrokenSeq: number; problems: { detail: string }[] };
    assert.equal(report.firstBrokenSeq, n + 1);
    assert.match(report.problems[0].detail, /bad signature/);

    // Every signature stripped (they are outside the hash, so the chain still holds).
    for (let seq = 3; seq <= n + 1; seq++) {
      const { sig: _sig, ...rest } = readEntry(store, seq);
      writeEntry(store, rest, seq === n + 1);
    }
    r = await run(['verify', '--key', pub]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`no entry is signed with ${id} \\(signatures stripped, or the wrong key\\)`));
  } finally {
    t.cleanup();
  }
});

test('a key file that is not an Ed25519 key: exit 2 with one line, nothing written', async () => {
  const t = tempDir();
  try {
    const bad = join(t.dir, 'bad.key');
    writeFileSync(bad, 'not a key');
    const store = join(t.dir, 'store');
    let r = await runCli(['record', pair('healthy', 'main'), '--store', store, '--sign-key', bad], { cwd: t.dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.key: not a private key \(expected pairaudit-signing\.key as `pairaudit keygen` writes it\)/);
    assert.equal(existsSync(store), false);
    r = await runCli(['verify', '--store', store, '--key', bad], { cwd: t.dir });
    assert.equal(r.code, 2);
  } finally {
    t.cleanup();
  }
});

test('verify --key after a change of key: the entries signed with the old key are said to be, not "unsigned"', async () => {
  const t = tempDir();
  try {
    const store = join(t.dir, 'store');
    const run = (argv: string[]) => runCli([...argv, '--store', store], { cwd: t.dir });
    for (const k of ['old', 'new']) assert.equal((await runCli(['keygen', '--out', join(t.dir, k)], { cwd: t.dir })).code, 0);
    const sign = (k: string) => ['--sign-key', join(t.dir, k, 'pairaudit-signing.key')];
    assert.equal((await run(['record', pair('healthy', 'main'), '--pair', 'P', '--role', 'main', ...sign('old')])).code, 0);
    assert.equal((await run(['record', pair('healthy', 'standby-a'), '--pair', 'P', '--role', 'standby-a', ...sign('old')])).code, 0);
    assert.equal((await run(['note', '1', '--text', 'new key from here', ...sign('new')])).code, 0);
    const r = await run(['verify', '--key', join(t.dir, 'new', 'pairaudit-signing.pub')]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /note: entries 1-2 are signed with another key \(ed25519:[0-9a-f]{32}\); entry 3 is signed with ed25519:/);
  } finally {
    t.cleanup();
  }
});

test('PAIRAUDIT_SIGN_KEY naming a missing or non-Ed25519 key does not stop the commands that only read the store', async () => {
  const t = tempDir();
  try {
    const store = join(t.dir, 'store');
    assert.equal((await runCli(['record', pair('healthy', 'main'), '--pair', 'P', '--role', 'main', '--store', store], { cwd: t.dir })).code, 0);
    writeFileSync(join(t.dir, 'not-ed25519.key'), '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VuBCIEIA==\n-----END PRIVATE KEY-----\n');
    for (const key of [join(t.dir, 'missing.key'), join(t.dir, 'not-ed25519.key')]) {
      for (const argv of [['verify'], ['changes'], ['changes', '--format', 'json']]) {
        const r = await runCli([...argv, '--store', store], { cwd: t.dir, env: { PAIRAUDIT_SIGN_KEY: key } });
        assert.equal(r.code, 0, `${argv.join(' ')} with ${key}: ${r.stderr}`);
      }
      // A command that appends still refuses it: it would sign with it.
      const note = await runCli(['note', '1', '--text', 'x', '--store', store], { cwd: t.dir, env: { PAIRAUDIT_SIGN_KEY: key } });
      assert.equal(note.code, 2);
    }
  } finally {
    t.cleanup();
  }
});


test('verify names every signing key with the entries it signed, with and without --key', async () => {
  const t = tempDir();
  try {
    const store = join(t.dir, 'store');
    const run = (argv: string[]) => runCli([...argv, '--store', store], { cwd: t.dir });
    const ids: Record<string, string> = {};
    for (const k of ['k1', 'k2', 'k3']) {
      const r = await runCli(['keygen', '--out', join(t.dir, k)], { cwd: t.dir });
      ids[k] = /key (ed25519:[0-9a-f]{32})\n$/.exec(r.stdout)![1];
    }
    const sign = (k: string) => ['--sign-key', join(t.dir, k, 'pairaudit-signing.key')];
    assert.equal((await run(['record', pair('healthy', 'main'), '--pair', 'P', '--role', 'main', ...sign('k1')])).code, 0);
    assert.equal((await run(['record', pair('healthy', 'standby-a'), '--pair', 'P', '--role', 'standby-a', ...sign('k1')])).code, 0);
    assert.equal((await run(['note', '1', '--text', 'key k2 from here', ...sign('k2')])).code, 0);
    assert.equal((await run(['note', '2', '--text', 'key k3 from here', ...sign('k3')])).code, 0);
    const pub = (k: string) => ['--key', join(t.dir, k, 'pairaudit-signing.pub')];
    const cases: { argv: string[]; code: number; note: string }[] = [
      { argv: [], code: 0, note: `entries from 1 on are signed: entries 1-2 with ${ids.k1}, entry 3 with ${ids.k2}, entry 4 with ${ids.k3}; check the signatures with \`pairaudit verify --key pairaudit-signing.pub\`` },
      { argv: pub('k2'), code: 1, note: `entries 1-2 are signed with another key (${ids.k1}); entry 3 is signed with ${ids.k2}` },
      { argv: pub('k3'), code: 0, note: `entries 1-2 are signed with another key (${ids.k1}); entry 3 is signed with another key (${ids.k2}); entry 4 is signed with ${ids.k3}` },
    ];
    for (const c of cases) {
      const r = await run(['verify', ...c.argv]);
      assert.equal(r.code, c.code, r.stdout);
      assert.ok(r.stdout.includes(`note: ${c.note}\n`), `verify ${c.argv.join(' ')}:\n${r.stdout}`);
    }
    // With k2, entry 4 (signed with k3) is the problem it names.
    assert.match((await run(['verify', ...pub('k2')])).stdout, new RegExp(`^BROKEN at entry 4: journal/0000000004\\.json: signed with another key \\(${ids.k3}\\), not ${ids.k2}`));
  } finally {
    t.cleanup();
  }
});
