// What plain `verify` (no --key, --deep or --head) checks on a signed store of 11 entries: the signatures, with the
// public key the store holds (keys/, written by every signed write), and the contents of the snapshots the next
// commands read (each server's latest, each pair's latest baseline). Before, an entry edited and re-hashed, stripped
// of its signature, a forged append, a copied signature, or a snapshot file swapped with its entry re-hashed and
// re-signed, or the pair's latest audit result edited the same way, all verified intact: every tampered row fails on
// the old code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sign } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { loadSigningKey } from '../src/history/index.js';
import { sha256Hex } from '../src/history/hash.js';
import { bundleCopy, fixtureBundle, readEntry, runCli, tempDir, writeEntry } from './history-fixtures.js';

type Entry = Record<string, unknown>;
const N = 11;

/** A signed store: pair NORTH recorded, a change noted, approved, audited with --record, changed back, checked again. */
async function signedStore(dir: string): Promise<{ store: string; keys: string }> {
  const keys = join(dir, 'keys');
  const store = join(dir, 'store');
  assert.equal((await runCli(['keygen', '--out', keys], { cwd: dir })).code, 0);
  const env = { PAIRAUDIT_SIGN_KEY: join(keys, 'pairaudit-signing.key') };
  const b = (name: string, pair: string, role: string, at: string) => bundleCopy(dir, name, fixtureBundle(pair, role), at);
  const steps: { argv: string[]; now: string }[] = [
    { argv: ['record', b('a1', 'drift-db-port', 'main', '2026-11-20T09:00:00Z'), '--pair', 'NORTH', '--role', 'main'], now: '2026-11-20T10:00:00Z' },
    { argv: ['record', b('b1', 'healthy', 'standby-a', '2026-11-20T09:00:00Z'), '--pair', 'NORTH', '--role', 'standby-a'], now: '2026-11-20T10:01:00Z' },
    { argv: ['record', b('b2', 'drift-db-port', 'standby-a', '2026-11-20T09:05:00Z'), '--pair', 'NORTH'], now: '2026-11-20T10:02:00Z' },
    { argv: ['note', '3.1', '--text', 'port moved for the new firewall'], now: '2026-11-20T11:00:00Z' },
    { argv: ['approve', '--pair', 'NORTH', '--ticket', 'CHG-1'], now: '2026-11-20T12:00:00Z' },
    { argv: ['audit', b('a2', 'drift-db-port', 'main', '2026-11-21T09:00:00Z'), b('b3', 'drift-db-port', 'standby-a', '2026-11-21T09:00:00Z'), '--pair', 'NORTH', '--record', '-f', 'json', '-o', join(dir, 'audit.json')], now: '2026-11-21T10:00:00Z' },
    { argv: ['record', b('b4', 'healthy', 'standby-a', '2026-11-22T09:00:00Z'), '--pair', 'NORTH'], now: '2026-11-22T10:00:00Z' },
    { argv: ['note', '9', '--text', 'port back'], now: '2026-11-22T11:00:00Z' },
    { argv: ['record', b('a3', 'drift-db-port', 'main', '2026-11-23T09:00:00Z'), '--pair', 'NORTH'], now: '2026-11-23T10:00:00Z' },
  ];
  for (const s of steps) {
    const r = await runCli([...s.argv, '--store', store], { cwd: dir, now: s.now, env });
    assert.ok(r.code === 0 || (s.argv[0] === 'audit' && r.code === 1), `${s.argv.join(' ')}: ${r.stderr}`);
  }
  assert.equal(readdirSync(join(store, 'journal')).length, N);
  return { store, keys };
}

/** Re-chains entries from..N after an edit (hashes and head recomputed, as whoever edits the journal would). */
function rechain(store: string, from: number, edit: (e: Entry) => Entry, resign?: (hash: string) => Entry['sig']): void {
  let prevHash = (from > 1 ? readEntry(store, from - 1).hash : '0'.repeat(64)) as string;
  for (let seq = from; seq <= N; seq++) {
    const e = { ...(seq === from ? edit(readEntry(store, seq)) : readEntry(store, seq)), prevHash };
    writeEntry(store, e);
    const written = readEntry(store, seq);
    if (resign !== undefined) writeEntry(store, { ...written, sig: resign(written.hash as string) });
    prevHash = written.hash as string;
  }
}

const stripSig = ({ sig: _sig, ...rest }: Entry): Entry => rest;

const cases: { name: string; tamper: (store: string, keys: string) => void; code: number; stdout: RegExp }[] = [
  { name: 'untouched', tamper: () => {}, code: 0, stdout: /^intact: 11 entries, .* \(the 3 snapshots read next also unpacked against their fingerprints\); head 11 [0-9a-f]{64}\nsignatures: every signed entry checked with the public key the store holds \(keys\/: ed25519:[0-9a-f]{32}\)/ },
  {
    name: "a note's text edited, the chain re-hashed, the signatures left",
    tamper: (store) => rechain(store, 4, (e) => ({ ...e, note: 'approved by the vendor' })),
    code: 1,
    stdout: /^BROKEN at entry 4: journal\/0000000004\.json: bad signature: the entry was not signed with ed25519:[0-9a-f]{32} as it is \(edited and re-hashed/,
  },
  {
    name: "a note's text edited, the chain re-hashed, the signatures of the edited entries stripped",
    tamper: (store) => {
      rechain(store, 4, (e) => ({ ...e, note: 'approved by the vendor' }));
      for (let seq = 4; seq <= N; seq++) writeEntry(store, stripSig(readEntry(store, seq)));
    },
    code: 1,
    stdout: /^BROKEN at entry 4: journal\/0000000004\.json: not signed, although every entry from entry 1 on is signed and the store holds the key \(keys\/\)/,
  },
  {
    name: 'an unsigned entry appended with its hash and the head',
    tamper: (store) => {
      const last = readEntry(store, N);
      writeEntry(store, { v: last.v, seq: N + 1, type: 'note-added', at: '2026-11-24T00:00:00.000Z', author: 'mallory', note: 'approved by phone', target: { seq: 3 }, prevHash: last.hash });
    },
    code: 1,
    stdout: /^BROKEN at entry 12: journal\/0000000012\.json: not signed/,
  },
  { name: "entry 10 carrying entry 9's signature", tamper: (store) => writeEntry(store, { ...readEntry(store, 10), sig: readEntry(store, 9).sig }), code: 1, stdout: /^BROKEN at entry 10: .*bad signature/ },
  {
    name: "the Standby's latest snapshot swapped for another, its entry re-hashed and re-signed (whoever holds the key)",
    tamper: (store, keys) => {
      // Entry 9 stored the Standby's latest snapshot; the file under its name gets the content of entry 3's.
      const latest = readEntry(store, 9) as { fingerprint: string };
      const other = readEntry(store, 3) as { fingerprint: string };
      const file = (fp: string) => join(store, 'snapshots', fp.replace(/^sha256:/, '').slice(0, 2), `${fp.replace(/^sha256:/, '')}.json.gz`);
      const bytes = readFileSync(file(other.fingerprint));
      writeFileSync(file(latest.fingerprint), bytes);
      const key = loadSigningKey(join(keys, 'pairaudit-signing.key'));
      rechain(store, 9, (e) => ({ ...e, blob: { fileSha256: sha256Hex(bytes), bytes: bytes.length } }), (hash) => ({ key: key.id, value: sign(null, Buffer.from(hash, 'hex'), key.privateKey).toString('base64') }));
    },
    code: 1,
    stdout: /^BROKEN at entry 9: snapshots\/.*\.json\.gz: /,
  },
  {
    name: "the pair's latest audit result edited (its verdict changed), its entry re-hashed and re-signed (whoever holds the key)",
    tamper: (store, keys) => {
      const audit = readEntry(store, 8) as { type: string; resultSha256: string };
      assert.equal(audit.type, 'audit-recorded');
      const file = join(store, 'audits', audit.resultSha256.slice(0, 2), `${audit.resultSha256}.json.gz`);
      const result = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as Record<string, unknown>;
      const bytes = gzipSync(JSON.stringify({ ...result, verdict: 'PASS' }));
      writeFileSync(file, bytes);
      const key = loadSigningKey(join(keys, 'pairaudit-signing.key'));
      rechain(store, 8, (e) => ({ ...e, blob: { fileSha256: sha256Hex(bytes), bytes: bytes.length } }), (hash) => ({ key: key.id, value: sign(null, Buffer.from(hash, 'hex'), key.privateKey).toString('base64') }));
    },
    code: 1,
    stdout: /^BROKEN at entry 8: audits\/.*\.json\.gz: .*content does not match its hash \(edited\)/,
  },
  {
    name: "the store's public key replaced by another key's under its name: not used, and said",
    tamper: (store, keys) => {
      const [name] = readdirSync(join(store, 'keys'));
      rmSync(join(store, 'keys', name));
      writeFileSync(join(store, 'keys', name), readFileSync(join(keys, 'other.pub')));
    },
    code: 0,
    stdout: /note: keys\/[0-9a-f]{32}\.pub: not the Ed25519 public key its name says \(or not a regular file\); it is not used to check signatures[^]*note: signatures by ed25519:[0-9a-f]{32} are not checked: the store holds no public key of it \(keys\/\)/,
  },
  {
    name: "the store's public key replaced by a link to another key, under its name: not used, and the link said",
    tamper: (store, keys) => {
      const [name] = readdirSync(join(store, 'keys'));
      rmSync(join(store, 'keys', name));
      symlinkSync(join(keys, 'other.pub'), join(store, 'keys', name));
    },
    code: 0,
    stdout: /note: keys\/[0-9a-f]{32}\.pub: not the Ed25519 public key its name says \(or not a regular file\)[^]*note: keys\/[0-9a-f]{32}\.pub: a symbolic link or junction to /,
  },
  {
    name: "the store's public key replaced by a FIFO: verify does not wait on it",
    tamper: (store) => {
      const [name] = readdirSync(join(store, 'keys'));
      rmSync(join(store, 'keys', name));
      execFileSync('mkfifo', [join(store, 'keys', name)]);
    },
    code: 0,
    stdout: /note: keys\/[0-9a-f]{32}\.pub: not the Ed25519 public key its name says \(or not a regular file\)/,
  },
];

let built: { dir: string; store: string; keys: string; cleanup: () => void } | undefined;
async function fixture(): Promise<{ store: string; keys: string }> {
  if (built === undefined) {
    const t = tempDir();
    const { store, keys } = await signedStore(t.dir);
    assert.equal((await runCli(['keygen', '--out', join(t.dir, 'other')], { cwd: t.dir })).code, 0);
    cpSync(join(t.dir, 'other', 'pairaudit-signing.pub'), join(keys, 'other.pub'));
    built = { dir: t.dir, store, keys, cleanup: t.cleanup };
  }
  return built;
}

for (const c of cases) {
  test(`plain verify of a signed store: ${c.name}`, { skip: process.platform === 'win32' && /link|FIFO/.test(c.name) }, async () => {
    const { store: source, keys } = await fixture();
    const t = tempDir();
    try {
      const store = join(t.dir, 'store');
      cpSync(source, store, { recursive: true });
      c.tamper(store, keys);
      const r = await runCli(['verify', '--store', store], { cwd: t.dir });
      assert.equal(r.code, c.code, r.stdout);
      assert.match(r.stdout, c.stdout);
    } finally {
      t.cleanup();
    }
  });
}

test('plain verify of a signed store: cleanup', () => built?.cleanup());
