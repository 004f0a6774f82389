// Error messages are masked with the site's --profile secret patterns too: a value the site declares secret (by
// name or by content) is never quoted by an error, whichever command read it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultProfilePath } from '../src/collect/profile/load.js';
import { runCli } from './cli-harness.js';

const ROOT = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';
const dir = mkdtempSync(join(tmpdir(), 'pairaudit-profile-secrets-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

// The site's profile: the bundled one, plus value names ending in "UnlockCode" and an "unlock=" code inside text.
const site = JSON.parse(readFileSync(defaultProfilePath, 'utf8')) as { secretValueNames: string; secretContent?: unknown[] };
site.secretValueNames = `(?:unlockcode$)|${site.secretValueNames}`;
site.secretContent = [...(site.secretContent ?? []), { name: 'unlock code', in: 'text', pattern: 'unlock=(?<secret>[^;]*)' }];
const profile = join(dir, 'site.json');
writeFileSync(profile, JSON.stringify(site));

const exportWith = (line: string): string => ['Windows Registry Editor Version 5.00', '', `[${ROOT}\\DB]`, '"Port"=dword:00001569', line, ''].join('\r\n');
const byName = join(dir, 'by-name.reg');
const byContent = join(dir, 'by-content.reg');
writeFileSync(byName, exportWith('"PlantUnlockCode"=dword:0000123G'));
writeFileSync(byContent, exportWith('"Note"=str:unlock=Sesame-42;x'));

const CASES: { name: string; args: (input: string) => string[] }[] = [
  { name: 'parse', args: (input) => ['parse', input] },
  { name: 'collect', args: (input) => ['collect', input] },
  { name: 'audit', args: (input) => ['audit', input, input] },
  { name: 'check', args: (input) => ['check', input, input] },
  { name: 'record', args: (input) => ['record', input, '--at', '2026-11-25T11:00:00Z', '--store', join(dir, 'store')] },
  { name: 'profile check', args: (input) => ['profile', 'check', input] },
];

for (const c of CASES) {
  for (const [what, input, secret] of [['by name', byName, '0000123G'], ['by content', byContent, 'Sesame-42']] as const) {
    test(`${c.name}: an error quoting a secret the site's profile declares ${what} withholds it; without the profile it is quoted`, async () => {
      const plain = await runCli(c.args(input), { cwd: dir });
      assert.equal(plain.code, 2, plain.stderr);
      assert.ok(plain.stderr.includes(secret), `without --profile the value is quoted (the test needs it): ${plain.stderr}`);
      const masked = await runCli([...c.args(input), '--profile', profile], { cwd: dir });
      assert.equal(masked.code, 2, masked.stderr);
      assert.match(masked.stderr, /line 5/);
      assert.ok(!masked.stderr.includes(secret), masked.stderr);
      assert.ok(!masked.stdout.includes(secret));
    });
  }
}

test("fleet: a pair's error row is masked by the bundled patterns and by the profile (--profile or the inventory's)", async () => {
  const pw = join(dir, 'pw.reg');
  writeFileSync(pw, exportWith('"Password"=dword:Hunt3r2X'));
  const inventory = (main: string, extra = ''): string => {
    const file = join(dir, 'fleet.yaml');
    writeFileSync(file, `sites:\n  - name: N\n    pairs:\n      - name: p\n        servers: { main: ${main}, standby-a: ${main} }\n${extra}`);
    return file;
  };
  const bundled = await runCli(['fleet', inventory('pw.reg'), '-f', 'json'], { cwd: dir });
  assert.equal(bundled.code, 2, bundled.stderr);
  assert.match(bundled.stdout, /invalid dword \(withheld: it may hold a secret\)/);
  assert.ok(!bundled.stdout.includes('Hunt3r2X'));
  for (const input of ['by-name.reg', 'by-content.reg']) {
    const plain = await runCli(['fleet', inventory(input), '-f', 'json'], { cwd: dir });
    const secret = input === 'by-name.reg' ? '0000123G' : 'Sesame-42';
    assert.ok(plain.stdout.includes(secret), 'without the profile the value is quoted (the test needs it)');
    const cli = await runCli(['fleet', inventory(input), '-f', 'json', '--profile', profile], { cwd: dir });
    const inInventory = await runCli(['fleet', inventory(input, '        profile: site.json\n'), '-f', 'json'], { cwd: dir });
    for (const r of [cli, inInventory]) {
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stdout, /line 5/);
      assert.ok(!r.stdout.includes(secret), r.stdout);
    }
  }
});
