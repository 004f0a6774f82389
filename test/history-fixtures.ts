// Helpers for the history tests: synthetic snapshots, temporary stores, and an in-process CLI runner.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../src/cli/io.js';
import { run } from '../src/cli/main.js';
import { cliProcessInfo } from '../src/cli/commands/history.js';
import { openStore, type HistoryStore, type ProcessInfo } from '../src/history/index.js';
import { canonical, sha256Hex } from '../src/history/hash.js';
import type { Role, Setting, SettingValue, Snapshot } from '../src/types.js';
import type { TestContext } from 'node:test';
import { missing } from './prerequisites.js';

export const repoRoot = join(import.meta.dirname, '..');

/** This process, for the store's lock: the CLI's own definition. */
export const thisProcess: ProcessInfo = cliProcessInfo();

export function tempDir(prefix = 'pairaudit-history-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function tempStore(): { store: HistoryStore; dir: string; cleanup: () => void } {
  const t = tempDir();
  const dir = join(t.dir, 'store');
  return { store: openStore(dir, { process: thisProcess, lockTimeoutMs: 60_000 }), dir, cleanup: t.cleanup };
}

/** A snapshot of `label` collected at `at`, with these settings (values only; provenance synthetic). */
export function makeSnapshot(label: string, at: string, values: Record<string, SettingValue>, role?: Role): Snapshot {
  const settings: Record<string, Setting> = {};
  let line = 10;
  for (const [name, value] of Object.entries(values)) settings[name] = { value, source: { file: `${label}.reg`, key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA', valueName: name, line: line++ } };
  return {
    schemaVersion: 1,
    server: { label, names: [label.toLowerCase()], ...(role ? { role } : {}) },
    collected: { at, collector: { name: 'test', version: '0' }, profile: 'geo-scada', sources: [{ kind: 'registry', file: `${label}.reg`, sha256: 'a'.repeat(64), bytes: 100 }] },
    settings,
  };
}

export function writeSnapshotFile(dir: string, name: string, s: Snapshot): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(s, null, 2));
  return file;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with a fixed clock and user. */
export async function runCli(argv: string[], opts: { cwd: string; now?: string; env?: Record<string, string | undefined> }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => {
      stdout += typeof t === 'string' ? t : Buffer.from(t).toString('utf8');
    },
    stderr: (t) => {
      stderr += t;
    },
    isTTY: false,
    env: { USER: 'tester', ...opts.env },
    now: () => new Date(opts.now ?? '2026-11-25T12:00:00Z'),
    version: '0.0.0-test',
    cwd: opts.cwd,
    exitCode: 0,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

/** A fixture bundle (fixtures/pairs/<pair>/<role>). */
export const fixtureBundle = (pair: string, role: string): string => join(repoRoot, 'fixtures', 'pairs', pair, role);

/** A copy of a fixture bundle collected at another time and, optionally, recording another role (bundle.json rewritten). */
export function bundleCopy(dir: string, name: string, from: string, collectedAt: string, role?: Role): string {
  const to = join(dir, name);
  cpSync(from, to, { recursive: true });
  const manifest = join(to, 'bundle.json');
  let text = readFileSync(manifest, 'utf8').replace(/("collectedAt":\s*")[^"]*"/, `$1${collectedAt}"`);
  if (role !== undefined) text = text.replace(/("role":\s*")[^"]*"/, `$1${role}"`);
  writeFileSync(manifest, text);
  return to;
}

/**
 * Records pair NORTH in the store `store`: the drift-db-port Main, then its Standby A healthy (09:00) and drifted
 * (09:05, db.port changed: the change a note or an approval then documents). Copies of the bundles go in `dir`.
 */
export async function recordNorthWithChange(dir: string, store: string, opts: { cwd: string; now: string }): Promise<void> {
  const main = bundleCopy(dir, 'main', fixtureBundle('drift-db-port', 'main'), '2026-11-20T09:00:00Z');
  const before = bundleCopy(dir, 'before', fixtureBundle('healthy', 'standby-a'), '2026-11-20T09:00:00Z');
  const after = bundleCopy(dir, 'after', fixtureBundle('drift-db-port', 'standby-a'), '2026-11-20T09:05:00Z');
  for (const [input, role] of [[main, 'main'], [before, 'standby-a'], [after, 'standby-a']]) {
    const r = await runCli(['record', input, '--pair', 'NORTH', '--role', role, '--store', store], opts);
    assert.equal(r.code, 0, r.stderr);
  }
}

/**
 * pdftotext's text of a PDF file (-layout). Without poppler-utils the test is skipped, except under CI=true, where
 * a missing tool fails it: CI must read the PDF back.
 */
export function pdfText(t: TestContext, file: string): string | undefined {
  const why = missing('pdftotext');
  if (why !== false) {
    t.skip(why);
    return undefined;
  }
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** A journal entry's file. */
export const entryFile = (store: string, seq: number): string => join(store, 'journal', `${String(seq).padStart(10, '0')}.json`);
export const readEntry = (store: string, seq: number): Record<string, unknown> => JSON.parse(readFileSync(entryFile(store, seq), 'utf8')) as Record<string, unknown>;

/** Writes an entry as a forger would: its hash recomputed (its `sig`, if any, kept), and head.json moved to it. */
export function writeEntry(store: string, e: Record<string, unknown>, head = true): void {
  const { hash: _h, ...rest } = e;
  const { sig: _s, ...hashed } = rest;
  const hash = sha256Hex(canonical(hashed));
  writeFileSync(entryFile(store, e.seq as number), `${canonical({ ...rest, hash })}\n`);
  if (head) writeFileSync(join(store, 'head.json'), `${canonical({ hash, seq: e.seq })}\n`);
}
