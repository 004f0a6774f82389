// Collecting the servers of a run in parallel (src/collect/parallel.ts): worker threads must give the same
// snapshots, fingerprints and first error in argument order (class, message, exit code) as collecting the
// inputs one after the other, whatever the number of servers, where standard input stands and which fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectFromBytes, collectServer, type CollectOptions } from '../src/collect/server.js';
import { errorFromReply, errorReply, RELEASE_MIN_BYTES, startCollection, workerCount, WORKER_MIN_BYTES, type CollectedServer } from '../src/collect/parallel.js';
import { canonicalJson, fingerprint } from '../src/snapshot/canonical.js';
import { hasSettingsTable } from '../src/snapshot/table.js';
import { ConfigError, ExitCode, InputError, PairauditError, StoreError, UsageError } from '../src/errors.js';
import { writePair } from './bench/generate.js';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'pairaudit-parallel-'));
const a = join(dir, 'a-main.reg');
const b = join(dir, 'a-standby.reg');
const c = join(dir, 'c-main.reg');
await writePair(a, b, { settings: 1500, seed: 1 });
await writePair(c, join(dir, 'c-standby.reg'), { settings: 800, seed: 7, name: 'other' });
const bundle = join(root, 'fixtures', 'pairs', 'five-servers', 'permanent-a');
// A snapshot file: sent back from a worker whole (it has no settings table).
const snapshotFile = join(dir, 'snapshot.json');
writeFileSync(snapshotFile, canonicalJson(await collectServer(join(root, 'fixtures', 'pairs', 'five-servers', 'standby-a'), { toolVersion: 't', secretKey: 'k' })));

// Bad inputs: each fails in its own way, found at once (missing) or only after reading and parsing (damaged).
const damaged = join(dir, 'damaged.reg');
const lines = readFileSync(b).toString('utf16le').split('\r\n');
lines[1003] = '"Broken"=dword:zz';
writeFileSync(damaged, Buffer.from(lines.join('\r\n'), 'utf16le'));
const bad = {
  missing: join(dir, 'missing.reg'),
  notAnExport: join(root, 'fixtures', 'malformed', 'wrong-header.reg'),
  damagedLine: damaged,
};

const opts: CollectOptions = { toolVersion: '0.0.0-test', secretKey: 'parallel-test-key', at: '2026-11-25T12:00:00Z' };

type Outcome = { servers: { fingerprint: string; json: string; canonical: string }[] } | { error: { class: string; message: string; exitCode?: number; line?: number } };

async function outcome(collect: () => Promise<CollectedServer[]>): Promise<Outcome> {
  try {
    const servers = await collect();
    // JSON.stringify reads every field and setting in the snapshot's own key order.
    return { servers: servers.map((s) => ({ fingerprint: s.fingerprint, json: JSON.stringify(s.snapshot), canonical: canonicalJson(s.snapshot) })) };
  } catch (e) {
    const err = e as Error & { exitCode?: number; line?: number };
    return { error: { class: err.constructor.name, message: err.message, exitCode: err.exitCode, line: err.line } };
  }
}

/** The reference: every input in argument order on this thread, stopping at the first error. */
async function oneAfterTheOther(inputs: string[], o: CollectOptions, stdin: Uint8Array): Promise<CollectedServer[]> {
  const out: CollectedServer[] = [];
  for (const input of inputs) {
    const snapshot = input === '-' ? collectFromBytes(stdin, '<stdin>', o) : await collectServer(input, o);
    out.push({ snapshot, fingerprint: fingerprint(snapshot) });
  }
  return out;
}

async function inParallel(inputs: string[], o: CollectOptions, stdin: Uint8Array, jobs: number): Promise<CollectedServer[]> {
  const collection = startCollection(inputs, { jobs });
  try {
    return await collection.collect(o, async () => stdin);
  } finally {
    collection.close();
  }
}

const stdinBytes = readFileSync(c);
// Each case starts its workers (slow under tsx): the table keeps to what could break. The first input is
// collected on this thread, the others by the workers, in the order they free up.
const cases: { name: string; inputs: string[]; jobs?: number; opts?: CollectOptions; tables?: boolean[] }[] = [
  { name: '2 servers', inputs: [a, b], tables: [true, true] },
  { name: '5 servers with four jobs (a bundle folder, a snapshot file, standard input)', inputs: [a, bundle, '-', snapshotFile, b], jobs: 4, tables: [true, true, true, false, true] },
  { name: '3 servers, standard input first', inputs: ['-', a, b] },
  { name: '3 servers, not an export first (this thread)', inputs: [bad.notAnExport, a, b] },
  { name: '3 servers, a damaged line second (a worker)', inputs: [a, bad.damagedLine, b] },
  { name: '3 servers, a missing file last', inputs: [a, b, bad.missing] },
  { name: '5 servers with four jobs, a damaged line fourth', inputs: [a, b, c, bad.damagedLine, bundle], jobs: 4 },
  { name: 'two bad inputs: the first in argument order wins, though the later one fails sooner', inputs: [a, bad.damagedLine, bad.missing], jobs: 4 },
  { name: 'a bad --at: the UsageError of the first input', inputs: [a, b, c], opts: { ...opts, at: 'yesterday' } },
];

for (const t of cases) {
  test(`parallel collection = one after the other: ${t.name}`, async () => {
    const o = t.opts ?? opts;
    const expected = await outcome(() => oneAfterTheOther(t.inputs, o, stdinBytes));
    let tables: boolean[] | undefined;
    const actual = await outcome(async () => {
      const servers = await inParallel(t.inputs, o, stdinBytes, t.jobs ?? 2);
      tables = servers.map((s) => hasSettingsTable(s.snapshot));
      return servers;
    });
    assert.deepEqual(actual, expected);
    // A snapshot from a worker keeps its settings table (no Setting object made to move it); a snapshot file has none.
    if (t.tables !== undefined) assert.deepEqual(tables, t.tables);
  });
}

test('nothing after a failed input is read when there is no worker: standard input stays unread', async () => {
  let reads = 0;
  const collection = startCollection([bad.missing, '-'], { jobs: 1 });
  await assert.rejects(
    collection.collect(opts, async () => {
      reads++;
      return stdinBytes;
    }),
    InputError,
  );
  collection.close();
  assert.equal(reads, 0);
});

const sizeOf = (f: string): number => statSync(f).size;
// After each large input this thread collects, its garbage is released (a full collection) before the next one.
const releaseCases: { name: string; inputs: string[]; jobs: number; minBytes: number; released: number[] }[] = [
  { name: 'each input collected here at the size or more, in order; standard input by its bytes', inputs: [a, '-', c], jobs: 1, minBytes: sizeOf(c), released: [sizeOf(a), stdinBytes.length, sizeOf(c)] },
  { name: 'inputs below the size: none', inputs: [a, b], jobs: 1, minBytes: Math.max(sizeOf(a), sizeOf(b)) + 1, released: [] },
  { name: 'one at the size exactly, one below', inputs: [c, a], jobs: 1, minBytes: sizeOf(a), released: [sizeOf(a)] },
  { name: 'an input a worker collects is released there, not here', inputs: [a, b], jobs: 2, minBytes: 1, released: [sizeOf(a)] },
];

for (const t of releaseCases) {
  test(`release after a large input: ${t.name}`, async () => {
    const released: number[] = [];
    const collection = startCollection(t.inputs, { jobs: t.jobs, releaseMinBytes: t.minBytes, release: (bytes) => released.push(bytes) });
    try {
      await collection.collect(opts, async () => stdinBytes);
    } finally {
      collection.close();
    }
    assert.deepEqual(released, t.released);
  });
}

test('the release size lies between a real server (~2 MB) and one export of the generated 200k-setting pair (15.7 MB)', () => {
  assert.ok(RELEASE_MIN_BYTES > 2 * 1024 * 1024 && RELEASE_MIN_BYTES < 15 * 1024 * 1024, String(RELEASE_MIN_BYTES));
});

test('workerCount: one per idle core beside this thread\'s, for the large inputs beside the one this thread collects; none reads standard input', () => {
  const big = join(dir, 'big.reg');
  const small = join(dir, 'small.reg');
  writeFileSync(big, '');
  truncateSync(big, WORKER_MIN_BYTES);
  writeFileSync(small, '');
  truncateSync(small, WORKER_MIN_BYTES - 1);
  const folder = join(dir, 'bundle');
  mkdirSync(folder);
  writeFileSync(join(folder, 'ClearSCADA.reg'), '');
  truncateSync(join(folder, 'ClearSCADA.reg'), WORKER_MIN_BYTES / 2);
  writeFileSync(join(folder, 'Systems.xml'), '');
  truncateSync(join(folder, 'Systems.xml'), WORKER_MIN_BYTES / 2);
  const five = [big, big, big, big, big];
  // inputs, cores, 1-minute load average, workers; --jobs below
  const rows: [string[], number, number, number][] = [
    [[big], 8, 0, 0],
    [[big, big], 1, 0, 0],
    [[big, big], 2, 0, 1],
    [[big, big], 8, 0, 1],
    [five, 8, 0, 4],
    [five, 2, 0, 1],
    [[big, small], 8, 0, 0],
    [[big, small, folder], 8, 0, 1],
    [[big, big, small], 8, 0, 1],
    [['-', big], 2, 0, 1],
    [['-', small], 2, 0, 0],
    [[small, small], 8, 0, 0],
    [[big, bad.missing], 8, 0, 0],
    // Busy cores: the load beyond one task (perhaps this program's last run) is other programs'.
    [[big, big], 2, 1.9, 1],
    [[big, big], 2, 2, 0],
    [[big, big], 2, 9.5, 0],
    [five, 8, 3.5, 4],
    [five, 8, 5, 3],
    [five, 8, 8, 0],
  ];
  const name = (inputs: string[]) => inputs.map((i) => i.split(/[\\/]/).pop()).join(' ');
  for (const [inputs, cpus, load, workers] of rows) assert.equal(workerCount(inputs, { cpus, load }), workers, `${name(inputs)} on ${cpus} cores at load ${load}`);
  // --jobs: whatever the sizes, cores and load, still none for one server and none to read standard input.
  const jobRows: [string[], number, number][] = [
    [[big], 4, 0],
    [[big, small], 2, 1],
    [[small, small], 1, 0],
    [five, 3, 2],
    [five, 8, 4],
    [['-', small, small], 8, 2],
    [['-', big], 8, 1],
  ];
  for (const [inputs, jobs, workers] of jobRows) assert.equal(workerCount(inputs, { jobs, cpus: 1, load: 99 }), workers, `${name(inputs)} with --jobs ${jobs}`);
});

test('errors cross threads with their class, message, exit code, file and line; other errors keep their name and stack', () => {
  const typed: PairauditError[] = [
    new UsageError('--at "x" is not an ISO 8601 time'),
    new InputError('main.reg', 12, 'invalid dword'),
    new InputError('main.reg', undefined, 'empty file'),
    new ConfigError('profile.json', 3, 'bad mapping'),
    new StoreError('the store is locked'),
    new PairauditError('incomplete', ExitCode.INCOMPLETE),
  ];
  for (const e of typed) {
    const back = errorFromReply(structuredClone(errorReply(e)));
    assert.equal(back.constructor, e.constructor);
    assert.deepEqual({ ...back, message: back.message }, { ...e, message: e.message });
  }
  const bug = new TypeError('cannot read x of undefined');
  const back = errorFromReply(structuredClone(errorReply(bug)));
  assert.ok(!(back instanceof PairauditError));
  assert.deepEqual([back.name, back.message, back.stack], [bug.name, bug.message, bug.stack]);
});
