// A partial export (the DB, Partners and driver keys, no Historic, Licence or Server key, no value the profile does
// not claim): the blocker rules reading the missing groups said nothing, and check said GO. A group the profile
// expects in every Geo SCADA export (an anchored one) that is absent now makes each rule reading it unknown at its
// severity, naming the group and where the profile looks (groupAbsent); the drivers group is not anchored (a
// driver not installed), and a group kept elsewhere stays profileMisfit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditResult, Role } from '../src/types.js';
import { auditGroup, buildRulePack, caseSnapshot, loadRules, type CaseServer } from '../src/engine/index.js';
import { defaultProfile } from '../src/collect/profile/load.js';
import { runCli } from './cli-harness.js';
import { bundleWithRegistration } from './whole-key.js';
import { tempDir } from './history-fixtures.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const pack = await loadRules([join(ROOT, 'rules', 'geo-scada')]);

/** The findings of the rules `ids` alone, judged against the bundled profile, as `severity status messageId ruleId`. */
function audit(ids: string[], servers: Partial<Record<Role, CaseServer>>): string[] {
  const rules = pack.rules.filter((r) => ids.includes(r.id));
  assert.equal(rules.length, ids.length);
  const inputs = Object.entries(servers).map(([role, s]) => ({ role: role as Role, snapshot: caseSnapshot(role as Role, s as CaseServer) }));
  const result = auditGroup({ servers: inputs, pack: buildRulePack(rules, ['geo-scada']), profile: defaultProfile() }, { now: new Date('2026-01-01T00:15:00Z'), toolVersion: '0' });
  return result.findings.map((f) => `${f.severity} ${f.status} ${f.messageId} ${f.ruleId}`);
}

const BASE = { 'db.port': 5481, 'partners.type': 'HotStandby' };

const CASES: { name: string; rules: string[]; servers: Partial<Record<Role, CaseServer>>; findings: string[] }[] = [
  {
    name: 'no historic setting on either server: historic-retention unknown at blocker (it said nothing)',
    rules: ['historic-retention'],
    servers: { main: BASE, 'standby-a': BASE },
    findings: ['blocker unknown groupAbsent historic-retention'],
  },
  {
    name: 'the historic group there on both, without the retention value (the vendor default): nothing to say',
    rules: ['historic-retention'],
    servers: { main: { ...BASE, 'historic.historicData.enabled': true }, 'standby-a': { ...BASE, 'historic.historicData.enabled': true } },
    findings: [],
  },
  {
    name: 'the historic group kept elsewhere (unclaimed values under the root): profileMisfit, as before',
    rules: ['historic-retention'],
    servers: { main: { ...BASE, 'reg:Archive\\HistoricData\\KeepOnlineWeeks': 52 }, 'standby-a': { ...BASE, 'reg:Archive\\HistoricData\\KeepOnlineWeeks': 52 } },
    findings: ['blocker unknown profileMisfit historic-retention'],
  },
  {
    name: 'warning and info rules of an absent group: unknown at their severity',
    rules: ['webx-ports', 'historic-cache-size'],
    servers: { main: BASE, 'standby-a': BASE },
    findings: ['warning unknown groupAbsent webx-ports', 'info unknown groupAbsent historic-cache-size'],
  },
  {
    name: 'no driver registration (the drivers group is not anchored: drivers may be absent): driver-settings stays silent',
    rules: ['driver-settings'],
    servers: { main: BASE, 'standby-a': BASE },
    findings: [],
  },
  {
    name: 'a required rule says missing itself, not groupAbsent',
    rules: ['db-port'],
    servers: { main: { 'partners.type': 'HotStandby' }, 'standby-a': { 'partners.type': 'HotStandby' } },
    findings: ['blocker unknown missing db-port'],
  },
];

for (const c of CASES) {
  test(`group absent: ${c.name}`, () => {
    assert.deepEqual(audit(c.rules, c.servers), c.findings);
  });
}

/** The healthy pair's exports cut down to the DB port, the partner keys and the driver registrations, every value claimed. */
function partialPair(dir: string): void {
  cpSync(join(ROOT, 'fixtures', 'pairs', 'healthy'), dir, { recursive: true });
  for (const server of ['main', 'standby-a']) {
    const file = join(dir, server, 'ClearSCADA.reg');
    const [head, ...blocks] = readFileSync(file, 'utf16le').split(/(?=\r\n\[)/);
    const kept = blocks.flatMap((b) => {
      const key = /^\r\n\[HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA(\\[^\]]*)?\]/.exec(b)?.[1] ?? '';
      if (key === '\\DB') return [b.split('\r\n').filter((l) => !l.startsWith('"') || l.startsWith('"Port"')).join('\r\n')];
      if (key === '\\Partners' || key === '\\Partners\\StandbyA' || key.startsWith('\\Driver')) return [b.replace(/"BackupCompress"=dword:0+\r\n/, '').replace(/"BackupICMPMonitors"=hex\(7\):[^"]*?00,00,00,00,00\r\n/s, '')];
      return [];
    });
    writeFileSync(file, [head, ...kept].join(''), 'utf16le');
  }
}

const CHECK = ['--max-age', '100000000', '-f', 'json'];
const NOW = '2026-12-31T00:00:00Z';

test('check, a partial export without the Historic, Licence and Server keys: NO-GO, each blind blocker unknown (was GO)', async (t) => {
  const { dir, cleanup } = tempDir('pairaudit-group-absent-');
  t.after(cleanup);
  partialPair(dir);
  const r = await runCli(['check', join(dir, 'main'), join(dir, 'standby-a'), ...CHECK], { cwd: dir, now: NOW });
  const result = JSON.parse(r.stdout) as AuditResult;
  assert.deepEqual(result.servers[0]?.coverage?.unclaimed, [], 'every value claimed: not a profile that does not fit');
  const blind = result.findings.filter((f) => f.severity === 'blocker' && f.status !== 'pass');
  assert.deepEqual(
    blind.map((f) => `${f.ruleId} ${f.status} ${f.messageId}`),
    ['database-emulation unknown groupAbsent', 'historic-retention unknown groupAbsent', 'licence-redundancy unknown groupAbsent', 'product-version-not-older unknown groupAbsent'],
  );
  assert.equal(blind[1]?.message, 'No historic setting is in the exports of Main and Standby A (the profile expects one in every Geo SCADA export, e.g. historic.{HistoricType:camel}.keepOnlineWeeks from Historic\\{HistoricType}\\KeepOnlineWeeks), so historic-retention compared nothing; export the whole Geo SCADA key (a partial export?) — see `pairaudit profile check`');
  assert.equal(result.go, false);
  assert.equal(r.code, 3, 'incomplete');
});

test('check, the healthy pair (every group there): GO, no groupAbsent', async () => {
  const pair = join(ROOT, 'fixtures', 'pairs', 'healthy');
  const r = await runCli(['check', join(pair, 'main'), join(pair, 'standby-a'), ...CHECK], { cwd: ROOT, now: NOW });
  const result = JSON.parse(r.stdout) as AuditResult;
  assert.equal(result.go, true, r.stderr);
  assert.deepEqual(result.findings.filter((f) => f.messageId === 'groupAbsent'), []);
});

const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'clearscada_reg');
test('check, two real driver registrations (../shared/corpus): the blind blockers are listed beside the missing db.port', { skip: existsSync(CORPUS) ? false : '../shared/corpus is absent (real exports are read from there, never copied)' }, async (t) => {
  // A registration alone is refused as an export of one subkey: each is applied beside the key's own section.
  const [a, b] = [bundleWithRegistration(join(CORPUS, 'utilityaddin_AddIn.reg')), bundleWithRegistration(join(CORPUS, 'utilityaddin_AddIn-Dev.reg'))];
  t.after(() => [a, b].forEach((x) => x.cleanup()));
  const r = await runCli(['check', a.dir, b.dir, '--at', '2026-12-30T23:58:00Z', ...CHECK], { cwd: ROOT, now: NOW });
  assert.notEqual(r.stdout, '', r.stderr);
  const result = JSON.parse(r.stdout) as AuditResult;
  assert.equal(result.go, false);
  assert.deepEqual(
    result.findings.filter((f) => f.severity === 'blocker' && f.messageId === 'groupAbsent').map((f) => f.ruleId),
    ['database-emulation', 'historic-retention', 'licence-redundancy', 'partners-group-audited', 'product-version-not-older', 'server-label-unique'],
  );
});
