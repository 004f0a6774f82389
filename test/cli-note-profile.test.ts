// `note`, `approve` and `migrate` take `--profile` as `record` does, and `fleet --record` masks with each pair's profile:
// what only the site's profile declares secret
// (a value name in `secretValueNames`, a `secretContent` pattern) is hidden in the text they journal, and so shows in
// no journal entry, stored file or change record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SECRET_NAMES } from '../src/snapshot/secrets.js';
import { defaultProfilePath } from '../src/collect/profile/load.js';
import { bundleCopy, fixtureBundle, recordNorthWithChange, repoRoot, runCli } from './history-fixtures.js';
import { CHANGES_FORMATS, assertNoSecret, everyFormat, storeFiles } from './secrets-leak-check.js';

/** A copy of the bundled profile whose secret names add `UnlockCode` and whose content patterns add `vault:…`. */
function siteProfile(dir: string): string {
  const site = JSON.parse(readFileSync(defaultProfilePath, 'utf8')) as { secretValueNames: string; secretContent?: unknown[] };
  site.secretValueNames = `(?:unlockcode$)|${DEFAULT_SECRET_NAMES}`;
  site.secretContent = [{ name: 'vault reference', in: 'text', pattern: 'vault:(?<secret>\\w+)' }];
  const file = join(dir, 'site.json');
  writeFileSync(file, JSON.stringify(site));
  return file;
}

const SITE_SECRETS = ['NoteSite1', 'NoteSite2', 'NoteSite3', 'ApproveSite4', 'ApproveSite5'];

test("note and approve with --profile: a name or pattern only the site's profile declares secret is hidden in the journal and the change record", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-note-profile-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const profile = siteProfile(dir);
  const opts = { cwd: dir, now: '2026-11-20T09:20:00Z' };
  const store = join(dir, 'store');
  const s = ['--store', store];
  await recordNorthWithChange(dir, store, opts);
  const steps: string[][] = [
    ['note', '3.1', '--text', 'moved for the firewall; UnlockCode=NoteSite1', '--ticket', 'vault:NoteSite2', '--author', 'ops UnlockCode NoteSite3', '--profile', profile, ...s],
    ['approve', '--pair', 'NORTH', '--note', 'the UnlockCode is ApproveSite4', '--ticket', 'CHG-9 vault:ApproveSite5', '--profile', profile, ...s],
  ];
  for (const args of steps) {
    const r = await runCli(args, opts);
    assert.equal(r.code, 0, `${args[0]}: ${r.stderr}`);
    assertNoSecret(SITE_SECRETS, { [args[0]]: r.stdout + r.stderr });
  }
  const files = storeFiles(store);
  assertNoSecret(SITE_SECRETS, files);
  const journal = Object.entries(files).filter(([path]) => path.startsWith('journal')).map(([, text]) => text).join('\n');
  for (const shown of ['"note":"moved for the firewall; UnlockCode=(hidden)"', '"ticket":"vault:(hidden)"', '"author":"ops UnlockCode (hidden)"', '"note":"the UnlockCode is (hidden)"', '"ticket":"CHG-9 vault:(hidden)"']) {
    assert.ok(journal.includes(shown), `the journal holds ${shown}`);
  }
  const changes = await everyFormat(t, ['changes', ...s], opts, CHANGES_FORMATS);
  assert.match(changes.text, /UnlockCode=\(hidden\)/, 'the change record shows the note, masked');
  assertNoSecret(SITE_SECRETS, changes);
});

test("migrate with --profile: its note, ticket and author are masked by the site's profile too", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-migrate-profile-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const profile = siteProfile(dir);
  const store = join(dir, 'store');
  cpSync(join(repoRoot, 'fixtures', 'stores', 'v0.1.0', 'store'), store, { recursive: true });
  const secrets = ['MigSite1', 'MigSite2', 'MigSite3'];
  const r = await runCli(['migrate', '--note', 'UnlockCode: MigSite1', '--ticket', 'vault:MigSite2', '--author', 'ops; UnlockCode=MigSite3', '--profile', profile, '--store', store], { cwd: dir, now: '2026-11-20T09:20:00Z' });
  assert.equal(r.code, 0, r.stderr);
  assertNoSecret(secrets, { migrate: r.stdout + r.stderr, ...storeFiles(store) });
  const journal = Object.entries(storeFiles(store))
    .filter(([path]) => path.startsWith('journal'))
    .map(([, text]) => text)
    .join('\n');
  for (const shown of ['"note":"UnlockCode: (hidden)"', '"ticket":"vault:(hidden)"', '"author":"ops; UnlockCode=(hidden)"']) assert.ok(journal.includes(shown), `the journal holds ${shown}`);
});

test("fleet --record: a pair's profile (--profile, or the inventory's) masks the author and ticket it journals for that pair", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-fleet-profile-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const profile = siteProfile(dir);
  const store = join(dir, 'store');
  const main = bundleCopy(dir, 'main', fixtureBundle('healthy', 'main'), '2026-11-20T09:00:00Z');
  const standby = bundleCopy(dir, 'standby', fixtureBundle('healthy', 'standby-a'), '2026-11-20T09:00:30Z');
  writeFileSync(join(dir, 'fleet.yaml'), ['sites:', '  - name: North', '    pairs:', `      - { name: scada, profile: ${JSON.stringify(profile)}, servers: { main: ${JSON.stringify(main)}, standby-a: ${JSON.stringify(standby)} } }`].join('\n'));
  const secrets = ['FleetSite1', 'FleetSite2'];
  const r = await runCli(['fleet', 'fleet.yaml', '--record', '--store', store, '--ticket', 'CHG-4 UnlockCode=FleetSite1', '--author', 'ops vault:FleetSite2', '-f', 'json', '-o', join(dir, 'fleet.json')], { cwd: dir, now: '2026-11-20T09:20:00Z' });
  assert.ok(r.code <= 1, r.stderr);
  assertNoSecret(secrets, { fleet: r.stdout + r.stderr, ...storeFiles(store) });
  const journal = Object.entries(storeFiles(store))
    .filter(([path]) => path.startsWith('journal'))
    .map(([, text]) => text)
    .join('\n');
  for (const shown of ['"ticket":"CHG-4 UnlockCode=(hidden)"', '"author":"ops vault:(hidden)"']) assert.ok(journal.includes(shown), `the journal holds ${shown}`);
});
