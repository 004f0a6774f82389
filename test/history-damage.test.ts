// A store that refuses damage (#11 point 6): commands that read or append check the chain and the files they
// rely on and stop with exit 2; I/O failures are exit 2 with one line, never a stack trace.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs, { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { mock, test } from 'node:test';
import { canonical, sha256Hex } from '../src/history/hash.js';
import { repoRoot, runCli, tempDir } from './history-fixtures.js';

const pair = (name: string, role: string) => join(repoRoot, 'fixtures', 'pairs', name, role);
const entryFile = (store: string, seq: number) => join(store, 'journal', `${String(seq).padStart(10, '0')}.json`);

/** A store of pair P (Main and Standby recorded, a note, a recorded audit): 6 entries. */
async function buildStore(dir: string): Promise<string> {
  const store = join(dir, 'store');
  const steps = [
    ['record', pair('healthy', 'main'), '--pair', 'P', '--role', 'main'],
    ['record', pair('healthy', 'standby-a'), '--pair', 'P', '--role', 'standby-a'],
    ['audit', pair('healthy', 'main'), pair('healthy', 'standby-a'), '--pair', 'P', '--record', '-f', 'json', '-o', join(dir, 'audit.json')],
  ];
  for (const argv of steps) {
    const r = await runCli([...argv, '--store', store], { cwd: dir });
    assert.ok(r.code === 0 || r.code === 1, `${argv.join(' ')}: ${r.stderr}`);
  }
  return store;
}

/** Appends a forged entry with a correct hash, prevHash and head (what someone with write access can do). */
function forgeAppend(store: string, fields: Record<string, unknown>): number {
  const head = JSON.parse(readFileSync(join(store, 'head.json'), 'utf8')) as { seq: number; hash: string };
  const last = JSON.parse(readFileSync(entryFile(store, head.seq), 'utf8')) as Record<string, unknown>;
  const body: Record<string, unknown> = { v: last.v, seq: head.seq + 1, at: '2026-11-26T00:00:00.000Z', author: 'mallory', prevHash: head.hash, ...fields };
  const hash = sha256Hex(canonical(body));
  writeFileSync(entryFile(store, head.seq + 1), `${canonical({ ...body, hash })}\n`);
  writeFileSync(join(store, 'head.json'), `${canonical({ hash, seq: head.seq + 1 })}\n`);
  return head.seq + 1;
}

const damage: { name: string; apply: (store: string) => number }[] = [
  {
    name: 'the first entry edited (a carriage return added to each line)',
    apply: (store) => {
      writeFileSync(entryFile(store, 1), readFileSync(entryFile(store, 1), 'utf8').replace(/\n/g, '\r\n'));
      return 1;
    },
  },
  {
    name: 'a stored snapshot deleted',
    apply: (store) => {
      const e = JSON.parse(readFileSync(entryFile(store, 2), 'utf8')) as { fingerprint: string };
      const hex = e.fingerprint.replace(/^sha256:/, '');
      rmSync(join(store, 'snapshots', hex.slice(0, 2), `${hex}.json.gz`));
      return 2;
    },
  },
  {
    name: 'a stored audit result truncated',
    apply: (store) => {
      const shard = readdirSync(join(store, 'audits'))[0];
      const file = join(store, 'audits', shard, readdirSync(join(store, 'audits', shard))[0]);
      truncateSync(file, 10);
      return 5;
    },
  },
  { name: 'an appended entry with servers: [null] (hashes recomputed)', apply: (store) => forgeAppend(store, { type: 'baseline-approved', pair: 'P', servers: [null] }) },
  { name: 'an appended note on a later entry (hashes recomputed)', apply: (store) => forgeAppend(store, { type: 'note-added', note: 'x', target: { seq: 99 } }) },
  {
    name: 'head.json names an entry two before the last (one behind is a harmless interrupted write)',
    apply: (store) => {
      const e = JSON.parse(readFileSync(entryFile(store, 3), 'utf8')) as { hash: string };
      writeFileSync(join(store, 'head.json'), `${canonical({ hash: e.hash, seq: 3 })}\n`);
      return 5;
    },
  },
];

test('after damage, verify exits 1 and every command that reads or appends exits 2 naming the entry, writing nothing', async () => {
  const t = tempDir();
  try {
    const pristine = await buildStore(t.dir);
    for (const d of damage) {
      const store = join(t.dir, 'copy');
      rmSync(store, { recursive: true, force: true });
      cpSync(pristine, store, { recursive: true });
      const seq = d.apply(store);
      const before = readdirSync(join(store, 'journal')).length;
      const verify = await runCli(['verify', '--store', store], { cwd: t.dir });
      assert.equal(verify.code, 1, `${d.name}: ${verify.stdout}${verify.stderr}`);
      assert.match(verify.stdout, new RegExp(`^BROKEN at entry ${seq}: `), d.name);
      const intact = seq === 1 ? 'no entry is intact;' : seq === 2 ? 'entry 1 is intact (head ' : `entries 1-${seq - 1} are intact (head `;
      assert.ok(verify.stdout.includes(`\n${intact}`), `${d.name}: ${verify.stdout}`);
      const commands = [
        ['changes'],
        ['record', pair('drift-db-port', 'standby-a'), '--pair', 'P'],
        ['note', '1', '--text', 'why'],
        ['approve', '--pair', 'P'],
        ['audit', pair('healthy', 'main'), pair('healthy', 'standby-a'), '--pair', 'P', '--record', '-f', 'json', '-o', join(t.dir, 'again.json')],
        ['migrate'],
      ];
      for (const argv of commands) {
        const r = await runCli([...argv, '--store', store], { cwd: t.dir });
        assert.equal(r.code, 2, `${d.name}: ${argv[0]}: ${r.stdout}${r.stderr}`);
        const expected = `the store fails verification at entry ${seq} (`;
        assert.ok(r.stderr.includes(expected) && r.stderr.trimEnd().endsWith('run `pairaudit verify`'), `${d.name}: ${argv[0]}: ${r.stderr}`);
        assert.equal(r.stderr.trim().split('\n').length, 1, `${d.name}: ${argv[0]}: one line`);
      }
      assert.equal(readdirSync(join(store, 'journal')).length, before, `${d.name}: nothing appended`);
    }
  } finally {
    t.cleanup();
  }
});

test('a file where a folder should be, and a store folder that cannot be created: exit 2, one line', async () => {
  const t = tempDir();
  try {
    const file = join(t.dir, 'plain-file');
    writeFileSync(file, 'x');
    const cases: { argv: string[]; message: RegExp; setup?: () => string }[] = [
      { argv: ['record', pair('healthy', 'main'), '--store', join(file, 'store')], message: /plain-file.*(a file is where a folder should be|is a file)/ },
      { argv: ['changes', '--store', file], message: /plain-file: is a file, not a store folder|not a pairaudit history store/ },
    ];
    for (const c of cases) {
      const r = await runCli(c.argv, { cwd: t.dir });
      assert.equal(r.code, 2, `${c.argv.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, c.message);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
    // journal/ replaced by a file in a store with entries; snapshots/ replaced by a file in a new store.
    const store = await buildStore(join(t.dir));
    rmSync(join(store, 'journal'), { recursive: true });
    writeFileSync(join(store, 'journal'), 'not a folder');
    let r = await runCli(['record', pair('healthy', 'main'), '--pair', 'P', '--store', store], { cwd: t.dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /the store fails verification at entry 1 \(journal: cannot read the journal folder \(ENOTDIR/);
    const fresh = join(t.dir, 'fresh');
    mkdirSync(fresh);
    assert.equal((await runCli(['record', pair('healthy', 'main'), '--store', fresh], { cwd: t.dir })).code, 0);
    rmSync(join(fresh, 'snapshots'), { recursive: true });
    rmSync(join(fresh, 'journal'), { recursive: true });
    rmSync(join(fresh, 'head.json'));
    writeFileSync(join(fresh, 'snapshots'), 'not a folder');
    r = await runCli(['record', pair('healthy', 'standby-a'), '--store', fresh], { cwd: t.dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /snapshots.*: (a file is where a folder should be|something is already where a folder should be) \(E\w+\); the store keeps what it had before this command/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  } finally {
    t.cleanup();
  }
});

test('disk full while recording: exit 2 with one line, and the store still verifies', async (t) => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return t.skip('needs root on Linux to mount a small tmpfs');
  const tmp = tempDir();
  const mnt = join(tmp.dir, 'small');
  mkdirSync(mnt);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=160k', 'tmpfs', mnt], { stdio: 'ignore' });
  } catch {
    tmp.cleanup();
    return t.skip('cannot mount a tmpfs here');
  }
  try {
    const store = join(mnt, 'store');
    let r = await runCli(['record', pair('healthy', 'main'), '--store', store], { cwd: tmp.dir });
    assert.equal(r.code, 0, r.stderr);
    // Fill the volume, leaving less than one snapshot's room.
    const free = Number(execFileSync('df', ['--output=avail', '-B1', mnt], { encoding: 'utf8' }).split('\n')[1].trim());
    writeFileSync(join(mnt, 'filler'), Buffer.alloc(Math.max(0, free - 8192)));
    r = await runCli(['record', pair('drift-db-port', 'main'), '--store', store, '--at', '2026-11-21T00:00:00Z'], { cwd: tmp.dir });
    r = await runCli(['record', pair('triple-standby', 'main'), '--store', store], { cwd: tmp.dir });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /no space left on the device \(ENOSPC\); the store keeps what it had before this command/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    rmSync(join(mnt, 'filler'));
    const verify = await runCli(['verify', '--store', store], { cwd: tmp.dir });
    assert.equal(verify.code, 0, verify.stdout);
  } finally {
    execFileSync('umount', [mnt], { stdio: 'ignore' });
    tmp.cleanup();
  }
});

test('a store folder that cannot be created (read-only file system, a file on the path): exit 2, one line naming the folder', async (t) => {
  const d = tempDir();
  try {
    const file = join(d.dir, 'plain-file');
    writeFileSync(file, 'x');
    // Node's recursive mkdir reports a read-only file system as ENOENT: injected here, and real on a read-only mount below.
    const injected = (code: string) => () => {
      const restore = fs.mkdirSync;
      const fail = mock.method(fs, 'mkdirSync', (path: fs.PathLike, opts?: fs.MakeDirectoryOptions) => {
        if (String(path).includes('unwritable')) throw Object.assign(new Error(`${code}: injected, mkdir '${String(path)}'`), { code, path: String(path) });
        return restore(path, opts);
      });
      syncBuiltinESMExports();
      return () => {
        fail.mock.restore();
        syncBuiltinESMExports();
      };
    };
    const cases: { store: string; code: string; inject?: () => () => void }[] = [
      { store: join(d.dir, 'unwritable', 'store'), code: 'ENOENT', inject: injected('ENOENT') },
      { store: join(d.dir, 'unwritable', 'store'), code: 'EACCES', inject: injected('EACCES') },
      { store: join(file, 'store'), code: 'ENOTDIR' },
    ];
    for (const c of cases) {
      const undo = c.inject?.();
      let r;
      try {
        r = await runCli(['record', pair('healthy', 'main'), '--store', c.store], { cwd: d.dir });
      } finally {
        undo?.();
      }
      assert.equal(r.code, 2, `${c.code}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, `${c.code}: one line`);
      assert.ok(r.stderr.startsWith(`pairaudit: ${c.store}: cannot create the store folder: `), `${c.code}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`\\(${c.code}\\); check the path and that you may write there, or choose another folder with --store\\n$`));
    }
    if (process.platform !== 'linux' || process.getuid?.() !== 0) return t.skip('needs root on Linux to mount a read-only tmpfs');
    const ro = join(d.dir, 'ro');
    mkdirSync(ro);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=16k', 'tmpfs', ro], { stdio: 'ignore' });
    } catch {
      return t.skip('cannot mount a tmpfs here');
    }
    try {
      const r = await runCli(['record', pair('healthy', 'main'), '--store', join(ro, 'site', 'store')], { cwd: d.dir });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^pairaudit: \S+ro\/site\/store: cannot create the store folder: [^\n]+ \(E[A-Z]+\); check the path and that you may write there, or choose another folder with --store\n$/);
    } finally {
      execFileSync('umount', [ro], { stdio: 'ignore' });
    }
  } finally {
    d.cleanup();
  }
});
