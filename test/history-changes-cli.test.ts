// `pairaudit changes` follows the conventions of every reporting command: the format rule, the summary line with -o,
// --quiet, periods as dates or ages (one parser), and --fail-on-undocumented for CI.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parsePeriod, parsePeriodBound } from '../src/cli/period.js';
import { UsageError } from '../src/errors.js';
import { makeSnapshot, runCli, tempDir, writeSnapshotFile } from './history-fixtures.js';

const NOW = new Date('2026-11-25T12:00:00Z');

test('--since / --until: dates, ISO times and ages (12h, 7d, 2w), one parser', () => {
  const cases: [string, boolean, string][] = [
    ['2026-11-20T14:00:00Z', false, '2026-11-20T14:00:00.000Z'],
    ['2026-11-20T14:00:00+01:00', true, '2026-11-20T13:00:00.000Z'],
    ['2026-11-20 14:00Z', false, '2026-11-20T14:00:00.000Z'],
    ['12h', false, '2026-11-25T00:00:00.000Z'],
    ['7d', false, '2026-11-18T12:00:00.000Z'],
    ['7D', true, '2026-11-18T12:00:00.000Z'],
    ['2w', false, '2026-11-11T12:00:00.000Z'],
    [' 1d ', false, '2026-11-24T12:00:00.000Z'],
  ];
  for (const [text, end, expected] of cases) assert.equal(parsePeriodBound('--since', text, NOW, end), expected, text);
  for (const bad of ['7', 'yesterday', '7 days', '1y', '-2d', '2026-13-45', '2026-11-31', '2026-02-29T10:00Z', '20261120', 'November 20', '']) {
    assert.throws(() => parsePeriodBound('--since', bad, NOW, false), (e: unknown) => e instanceof UsageError && /^--since ".*": expected a date \(2026-11-20\), an ISO time \(2026-11-20T14:00:00Z\) or an age \(12h, 7d, 2w\)$/.test(e.message), bad);
  }
  assert.deepEqual(parsePeriod({ since: '2w', until: '7d' }, NOW), { since: '2026-11-11T12:00:00.000Z', until: '2026-11-18T12:00:00.000Z' });
  assert.deepEqual(parsePeriod({}, NOW), {});
  assert.throws(() => parsePeriod({ since: '1d', until: '2w' }, NOW), /--since 1d is after --until 2w: the period is empty/);
});

// A store with one documented change (11-20) and one undocumented change (11-24).
const t = tempDir();
const store = join(t.dir, 'store');
after(() => t.cleanup());
before(async () => {
  const snap = (name: string, at: string, port: number) => writeSnapshotFile(t.dir, name, makeSnapshot('SCADA-A', at, { 'db.port': port, 'webx.httpPort': 80 }));
  // Each recorded an hour after it was collected (a period holds a change first seen or recorded in it).
  for (const [argv, now] of [
    [['record', snap('1.json', '2026-11-10T08:00:00Z', 5481), '--pair', 'P', '--role', 'main'], '2026-11-10T09:00:00Z'],
    [['record', snap('2.json', '2026-11-20T08:00:00Z', 5482), '--note', 'historian migration'], '2026-11-20T09:00:00Z'],
    [['record', snap('3.json', '2026-11-24T08:00:00Z', 5483)], '2026-11-24T09:00:00Z'],
  ] as const) {
    const r = await runCli([...argv, '--store', store], { cwd: t.dir, now });
    assert.equal(r.code, 0, r.stderr);
  }
});
const changes = (args: string[]) => runCli(['changes', '--store', store, ...args], { cwd: t.dir, now: NOW.toISOString() });

test('changes: text unless -f or a known -o extension; unknown format or extension is exit 2 listing the valid ones', async () => {
  const cases: { args: string[]; code: number; stdout?: RegExp; stderr: RegExp; file?: [string, RegExp] }[] = [
    { args: [], code: 0, stdout: /^Change record\n/, stderr: /^$/ },
    { args: ['-f', 'md'], code: 0, stdout: /^# Change record\n/, stderr: /^$/ },
    { args: ['-f', 'JSON'], code: 0, stdout: /^\{\n {2}"changeovers": \[\]/, stderr: /^$/ },
    { args: ['-o', 'c.htm'], code: 0, stderr: /^pairaudit: 2 changes, 1 undocumented; wrote c\.htm\n$/, file: ['c.htm', /^<!DOCTYPE html>/] },
    { args: ['-o', 'c.markdown', '--quiet'], code: 0, stderr: /^$/, file: ['c.markdown', /^# Change record/] },
    { args: ['--changeovers', '-o', 'co.txt'], code: 0, stderr: /^pairaudit: 0 changeovers, 0 setting changes across them, 0 undocumented; wrote co\.txt\n$/, file: ['co.txt', /^Changeover record\n/] },
    { args: ['-o', 'c.xml'], code: 2, stderr: /^pairaudit: -o c\.xml: "\.xml" names no format of this report; use one of \.txt, \.json, \.md, \.markdown, \.html, \.htm, \.pdf, or give --format \(text, json, markdown, html, pdf\)\n$/ },
    { args: ['-o', 'changes'], code: 2, stderr: /^pairaudit: -o changes: no extension to tell the format by; name the file with one of \.txt, /m },
    { args: ['-f', 'junit'], code: 2, stderr: /^pairaudit: --format "junit" is not a format of this report; use one of text, json, markdown, html, pdf/ },
    { args: ['--since', 'last week'], code: 2, stderr: /^pairaudit: --since "last week": expected a date/ },
  ];
  for (const c of cases) {
    const r = await changes(c.args);
    assert.equal(r.code, c.code, `${c.args.join(' ')}: ${r.stderr}`);
    if (c.stdout) assert.match(r.stdout, c.stdout, c.args.join(' '));
    assert.match(r.stderr, c.stderr, c.args.join(' '));
    if (c.file) assert.match(readFileSync(join(t.dir, c.file[0]), 'utf8'), c.file[1]);
    if (c.code === 2) assert.equal(r.stdout, '', 'nothing written on a usage error');
  }
});

test('changes --since/--until take ages; --fail-on-undocumented exits 1 only when the period holds an undocumented change', async () => {
  const cases: { args: string[]; code: number; ids: string[] }[] = [
    { args: [], code: 0, ids: ['2.1', '3.1'] },
    { args: ['--fail-on-undocumented'], code: 1, ids: ['2.1', '3.1'] },
    { args: ['--since', '3d', '--fail-on-undocumented'], code: 1, ids: ['3.1'] },
    { args: ['--since', '2w', '--until', '3d', '--fail-on-undocumented'], code: 0, ids: ['2.1'] },
    { args: ['--since', '2026-11-21', '--until', '2026-11-24'], code: 0, ids: ['3.1'] },
    { args: ['--since', '12h', '--fail-on-undocumented'], code: 0, ids: [] },
  ];
  for (const c of cases) {
    const r = await changes([...c.args, '-f', 'json']);
    assert.equal(r.code, c.code, `${c.args.join(' ')}: ${r.stderr}`);
    assert.deepEqual((JSON.parse(r.stdout) as { changes: { id: string }[] }).changes.map((x) => x.id), c.ids, c.args.join(' '));
  }
  // Documented after the fact: CI passes again.
  assert.equal((await runCli(['note', '3.1', '--text', 'port moved back by the vendor', '--store', store], { cwd: t.dir })).code, 0);
  assert.equal((await changes(['--fail-on-undocumented', '-o', 'ci.md'])).code, 0);
});
