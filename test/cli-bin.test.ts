// Runs the built binary (package.json's bin: dist/cli/launch.cjs, the one-file build) as a user would, for exit codes
// and output streams.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSnapshotJson } from '../src/snapshot/index.js';
import { installedBin, missing } from './prerequisites.js';
import { bundleWithRegistration } from './whole-key.js';

const root = join(import.meta.dirname, '..');
const bin = installedBin;
const corpus = join(root, '..', 'shared', 'corpus');

function pairaudit(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const skip = missing('dist');

test('--version prints the package version and exits 0', { skip }, () => {
  const r = pairaudit(['--version']);
  assert.equal(r.code, 0);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  assert.equal(r.stdout.trim(), pkg.version);
});

for (const now of ['noon', '2026-11-31T08:20:00Z', '2026-11-25T12:00:00']) {
  test(`PAIRAUDIT_NOW=${now} (not a time, a day the calendar lacks, or a time without a zone: read in the machine's zone) is exit 2 with one line, before any input is read`, { skip }, () => {
    const r = pairaudit(['audit', 'fixtures/pairs/healthy/main', 'fixtures/pairs/healthy/standby-a'], { PAIRAUDIT_NOW: now });
    assert.deepEqual(r, { code: 2, stdout: '', stderr: `pairaudit: PAIRAUDIT_NOW=${JSON.stringify(now)} is not an ISO 8601 time with a zone; unset it or write e.g. 2026-11-25T12:00:00Z\n` });
  });
}

test('an unknown command is a usage error: exit 2, one line on stderr, nothing on stdout', { skip }, () => {
  const r = pairaudit(['frobnicate']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /unknown command/);
});

const exportCases = [
  { name: 'a real driver registration (UTF-16LE, BOM, CRLF)', file: join(corpus, 'clearscada_reg', 'utilityaddin_AddIn.reg'), key: 'DriverAddIn' },
  { name: 'a real SparkplugB driver registration', file: join(corpus, 'clearscada_reg', 'sparkplugb_DriverRegistry_v1_dev.reg'), key: 'DriverSparkplugB' },
];

for (const c of exportCases) {
  test(`parse: ${c.name}`, { skip: skip || (!existsSync(c.file) && 'shared/corpus is absent') }, () => {
    const r = pairaudit(['parse', c.file]);
    assert.equal(r.code, 0, r.stderr);
    const tree = JSON.parse(r.stdout) as { format: string; keys: { path: string }[] };
    assert.equal(tree.format, 'regedit5');
    assert.ok(tree.keys[0].path.endsWith(`\\ClearSCADA\\${c.key}`));
  });

  test(`collect: ${c.name} alone is refused (one subkey, not the server's key); beside an export of the key → a snapshot with the driver`, { skip: skip || (!existsSync(c.file) && 'shared/corpus is absent') }, () => {
    const alone = pairaudit(['collect', c.file]);
    assert.equal(alone.code, 2, alone.stderr);
    assert.equal(alone.stdout, '');
    assert.match(alone.stderr, new RegExp(`^pairaudit: [^\\n]*: holds only HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Schneider Electric\\\\ClearSCADA\\\\${c.key}, a subkey of [^\\n]*; export the whole key, as the collection scripts do: reg export "HKLM\\\\SOFTWARE\\\\Schneider Electric\\\\ClearSCADA" server\\.reg\\n$`));
    const bundle = bundleWithRegistration(c.file);
    const out = join(mkdtempSync(join(tmpdir(), 'pairaudit-bin-')), 'snap.json');
    const r = pairaudit(['collect', bundle.dir, '-o', out], { PAIRAUDIT_NOW: '2026-11-25T12:00:00Z' });
    bundle.cleanup();
    assert.equal(r.code, 0, r.stderr);
    const snap = parseSnapshotJson(readFileSync(out, 'utf8'), out);
    assert.equal(snap.schemaVersion, 4);
    const driver = c.key.slice('Driver'.length);
    assert.ok(Object.keys(snap.settings).some((k) => k.toLowerCase() === `drivers.${driver.toLowerCase()}.installed`));
  });
}

test('parse: a binary file is refused with exit 2 and a one-line message naming the file', { skip: skip || (!existsSync(corpus) && 'shared/corpus is absent') }, () => {
  const file = join(corpus, 'clearscada_other', 'datafeeder_Sparkplug_Feeder_Node_SCADA.sde');
  const r = pairaudit(['parse', file]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /datafeeder_Sparkplug_Feeder_Node_SCADA\.sde/);
});

test('parse: a missing file is exit 2 with one line, never a stack trace', { skip }, () => {
  const r = pairaudit(['parse', join(root, 'no-such-export.reg')]);
  assert.equal(r.code, 2);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.match(r.stderr, /no-such-export\.reg/);
});

test('-o /dev/null writes to the device and leaves it a device (no rename over it)', { skip: skip || (process.platform === 'win32' && 'no /dev/null on Windows') }, () => {
  const file = join(corpus, 'clearscada_reg', 'utilityaddin_AddIn.reg');
  if (!existsSync(file)) return;
  const r = pairaudit(['parse', file, '-o', '/dev/null']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(statSync('/dev/null').isCharacterDevice());
});

// Standard output on a full disk (`> report.json` there): the report is lost, so the run must not end as if it were written.
const full = existsSync('/dev/full') ? '/dev/full' : undefined;
for (const [name, args] of [
  ['audit -f json', ['audit', 'fixtures/pairs/healthy/main', 'fixtures/pairs/healthy/standby-a', '-f', 'json']],
  ['parse', ['parse', 'fixtures/pairs/healthy/main/ClearSCADA.reg']],
] as const) {
  test(`${name} > /dev/full: one line naming standard output and the error, exit 2 (as -o on a full disk)`, { skip: skip || (full === undefined && 'no /dev/full here') }, () => {
    const fd = openSync(full as string, 'w');
    try {
      const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', fd, 'pipe'], env: { ...process.env, NO_COLOR: '1', PAIRAUDIT_NOW: '2026-11-20T08:25:00Z' } });
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stderr, 'pairaudit: standard output: cannot write output (ENOSPC); the disk is full (or the quota used up): free some space and run the command again\n');
    } finally {
      closeSync(fd);
    }
  });
}

test('a reader that stops early (`| head`) ends the run quietly', { skip: skip || (process.platform === 'win32' && 'no sh on Windows') }, () => {
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" audit fixtures/pairs/healthy/main fixtures/pairs/healthy/standby-a -f json | head -c 10 > /dev/null; echo "$?"`], { cwd: root, encoding: 'utf8', env: { ...process.env, PAIRAUDIT_NOW: '2026-11-20T08:25:00Z' } });
  assert.equal(r.stderr, '');
});

test('runs through a symlink, as npm installs the bin (node_modules/.bin/pairaudit)', { skip: skip || (process.platform === 'win32' && 'npm uses .cmd shims on Windows') }, () => {
  const link = join(mkdtempSync(join(tmpdir(), 'pairaudit-bin-')), 'pairaudit');
  symlinkSync(bin, link);
  const r = spawnSync(process.execPath, [link, '--version'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\d+\.\d+\.\d+/);
});
