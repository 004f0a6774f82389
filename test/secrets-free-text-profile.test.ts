// Free text people write (a journal entry's note, ticket and author, a waiver's reason and approver) is masked by
// the site profile's secret patterns too, where the command is given one (`record`, `audit`/`check --record`,
// `audit --waivers` with `--profile`, a fleet pair's waivers with its profile), and a `name=value` whose name is a secret's hides its value (`PIN=…`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SECRET_NAMES, SecretDetector, defaultSecretDetector, freeTextDetector, maskFreeText } from '../src/snapshot/secrets.js';
import { defaultProfilePath } from '../src/collect/profile/load.js';
import { parseWaivers } from '../src/engine/waivers.js';
import { bundleCopy, fixtureBundle, runCli } from './history-fixtures.js';
import { AUDIT_FORMATS, CHANGES_FORMATS, assertNoSecret, everyFormat, storeFiles } from './secrets-leak-check.js';

/** A site's profile: the bundled patterns, plus value names ending in `UnlockCode` and a `vault:` reference in text. */
const SITE = { secretValueNames: `(?:unlockcode$)|${DEFAULT_SECRET_NAMES}`, secretContent: [{ name: 'vault reference', in: 'text' as const, pattern: 'vault:(?<secret>\\w+)' }] };

const TEXT_CASES: { text: string; bundled: string; site: string }[] = [
  // A name=value whose name is a secret's: by the bundled names (short ones included), and by the site's.
  { text: 'PIN=4711 set on the RTU', bundled: 'PIN=(hidden)', site: 'PIN=(hidden)' },
  { text: 'new AdminPW = Hunter22; see CHG-9', bundled: 'new AdminPW = (hidden); see CHG-9', site: 'new AdminPW = (hidden); see CHG-9' },
  { text: 'SNMP Community=private', bundled: 'SNMP Community=(hidden)', site: 'SNMP Community=(hidden)' },
  { text: 'PlantUnlockCode=Sesame42', bundled: 'PlantUnlockCode=Sesame42', site: 'PlantUnlockCode=(hidden)' },
  // The site's content pattern; the bundled ones stay, though the site's profile lists only its own.
  { text: 'key in vault:abc123', bundled: 'key in vault:abc123', site: 'key in vault:(hidden)' },
  { text: 'Pwd=NotePW2', bundled: 'Pwd=(hidden)', site: 'Pwd=(hidden)' },
  // Innocent text and names stay.
  { text: 'mode=2; spin=3; PinCount=4', bundled: 'mode=2; spin=3; PinCount=4', site: 'mode=2; spin=3; PinCount=4' },
  { text: 'CHG-1234', bundled: 'CHG-1234', site: 'CHG-1234' },
];

for (const c of TEXT_CASES) {
  test(`free text ${JSON.stringify(c.text)}: bundled ${JSON.stringify(c.bundled)}, with the site's profile ${JSON.stringify(c.site)}`, () => {
    assert.equal(maskFreeText(c.text), c.bundled);
    assert.equal(maskFreeText(c.text, freeTextDetector(SITE)), c.site);
  });
}

test('freeTextDetector: without a profile the bundled detector; with one, the same detector each time', () => {
  assert.equal(freeTextDetector(), defaultSecretDetector());
  assert.equal(freeTextDetector(SITE), freeTextDetector(SITE));
  assert.equal(new SecretDetector([SITE.secretValueNames, DEFAULT_SECRET_NAMES]).isSecretName('PlantUnlockCode'), true);
});

test('parseWaivers: the reason and approver are masked by the detector given', () => {
  const yaml = '- ruleId: db-port\n  setting: db.port\n  reason: "moved; vault:WaivSite1"\n  approvedBy: "k.lee UnlockCode=WaivSite2"\n  expires: 2027-03-02\n  values: { main: 5481, standby-a: 5482 }\n';
  const [plain] = parseWaivers(yaml, 'w.yaml');
  assert.equal(plain.reason, 'moved; vault:WaivSite1');
  const [w] = parseWaivers(yaml, 'w.yaml', undefined, freeTextDetector(SITE));
  assert.equal(w.reason, 'moved; vault:(hidden)');
  assert.equal(w.approvedBy, 'k.lee UnlockCode=(hidden)');
});

// ─── End to end ─────────────────────────────────────────────────────────────────────────────────

const SITE_SECRETS = ['RecSite1', 'RecSite2', 'AuditSite3', 'AuditSite4', 'WaivSite5', 'WaivSite6'];

test("record, audit --record, audit --waivers with --profile and a fleet pair with its profile: what the site's profile declares secret shows in no entry, stored file or report", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-free-text-profile-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const site = JSON.parse(readFileSync(defaultProfilePath, 'utf8')) as { secretValueNames: string; secretContent?: unknown[] };
  site.secretValueNames = SITE.secretValueNames;
  // The site's copy lists only its own content pattern: the bundled ones still mask free text.
  site.secretContent = SITE.secretContent;
  const profile = join(dir, 'site.json');
  writeFileSync(profile, JSON.stringify(site));
  const opts = { cwd: dir, now: '2026-11-20T09:20:00Z' };
  const main = bundleCopy(dir, 'main', fixtureBundle('drift-db-port', 'main'), '2026-11-20T09:00:00Z');
  const standby = bundleCopy(dir, 'standby-a', fixtureBundle('drift-db-port', 'standby-a'), '2026-11-20T09:05:00Z');
  const waivers = join(dir, 'waivers.yaml');
  writeFileSync(waivers, ['waivers:', '  - ruleId: db-port', '    setting: db.port', '    reason: "moved for the firewall; vault:WaivSite5"', '    approvedBy: "k.lee UnlockCode=WaivSite6"', '    expires: 2027-03-02', '    values: { main: 5481, standby-a: 5482 }', ''].join('\n'));
  const store = join(dir, 'store');
  const s = ['--store', store, '--profile', profile];
  const steps: string[][] = [
    ['record', main, '--pair', 'NORTH', '--role', 'main', '--ticket', 'vault:RecSite1', '--author', 'ops UnlockCode=RecSite2', ...s],
    ['audit', main, standby, '--pair', 'NORTH', '--waivers', waivers, '--record', '--note', 'UnlockCode=AuditSite3', '--ticket', 'vault:AuditSite4', ...s],
  ];
  for (const args of steps) {
    const r = await runCli(args, opts);
    assert.ok(r.code === 0 || r.code === 1, `${args[0]}: exit ${r.code}: ${r.stderr}`);
    assertNoSecret(SITE_SECRETS, { [args[0]]: r.stdout + r.stderr });
  }
  assertNoSecret(SITE_SECRETS, await everyFormat(t, ['changes', '--store', store], opts, CHANGES_FORMATS));
  const audit = await everyFormat(t, ['audit', main, standby, '--waivers', waivers, '--profile', profile], opts, AUDIT_FORMATS);
  assert.match(audit.text, /vault:\(hidden\)/, 'the waiver reason says where it was masked');
  assertNoSecret(SITE_SECRETS, audit);
  const inventory = join(dir, 'fleet.yaml');
  writeFileSync(inventory, ['sites:', '  - name: North', '    pairs:', `      - { name: NORTH, waivers: ${JSON.stringify(waivers)}, profile: ${JSON.stringify(profile)}, servers: { main: ${JSON.stringify(main)}, standby-a: ${JSON.stringify(standby)} } }`, ''].join('\n'));
  assertNoSecret(SITE_SECRETS, await everyFormat(t, ['fleet', inventory], opts, AUDIT_FORMATS));
  const files = storeFiles(store);
  assertNoSecret(SITE_SECRETS, files);
  assert.ok(Object.values(files).some((text) => text.includes('"ticket":"vault:(hidden)"')), 'the ticket says where it was masked');
});
