// Hand-built audit results for the report tests and benchmark: every status, a list diff, a secret, hostile and non-Latin text.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AuditResult, Counts, Finding, Role, Severity, Status } from '../src/types.js';
import { missing } from './prerequisites.js';

/** The plaintext of the planted secret: it must never appear in any report. */
export const plantedSecret = 'Hunter2-PlantedSecret!';
export const hostileScript = '<script>window.__pwned=1;alert(1)</script>';
export const hostileImg = '"><img src=x onerror="window.__pwned=2">';
export const nonLatin = 'Überwachung — 監視サーバー';

const mainFile = 'SCADA-A.reg';
const standbyFile = 'SCADA-B.reg';
const root = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';

function src(file: string, key: string, valueName: string, line: number) {
  return { file, key: key === '' ? root : `${root}\\${key}`, valueName, line };
}

function finding(partial: Partial<Finding> & Pick<Finding, 'ruleId' | 'severity' | 'status' | 'setting'>): Finding {
  return {
    title: partial.ruleId.replace(/-/g, ' '),
    category: 'redundancy',
    servers: ['main', 'standby-a'],
    values: { main: null, 'standby-a': null },
    sources: { main: null, 'standby-a': null },
    messageId: 'differs',
    message: `${partial.setting} differs between Main and Standby A`,
    rationale: 'Both servers of a hot-standby pair must be configured alike (geo-scada.md §redundancy).',
    remediation: 'Set the same value on both servers, then restart the server service in a maintenance window.',
    ...partial,
  };
}

export function countFindings(findings: Finding[]): { counts: Counts; totals: Record<Status, number> } {
  const zero = (): Record<Status, number> => ({ fail: 0, unknown: 0, waived: 0, pass: 0 });
  const counts: Counts = { blocker: zero(), warning: zero(), info: zero() };
  const totals = zero();
  for (const f of findings) {
    counts[f.severity][f.status]++;
    totals[f.status]++;
  }
  return { counts, totals };
}

export function sampleFindings(): Finding[] {
  return [
    finding({
      ruleId: 'db-port-match',
      title: 'Database port matches',
      severity: 'blocker',
      status: 'fail',
      category: 'database',
      setting: 'db.port',
      values: { main: 5481, 'standby-a': 5482 },
      sources: { main: src(mainFile, 'DB', 'Port', 42), 'standby-a': src(standbyFile, 'DB', 'Port', 40) },
      message: 'Database port differs: Main 5481, Standby A 5482',
      rationale: 'The port "needs to match the port numbers configured on other servers" [PORTS][EVIL].',
      references: ['PORTS', 'EVIL'],
      attribution: [{ role: 'standby-a', server: 'SCADA-B', from: 5481, to: 5482, firstSeen: '2026-11-20T08:00:00.000Z', author: 'k.lee', ticket: 'CHG-2291', note: 'test port' }],
    }),
    finding({
      ruleId: 'icmp-monitors-match',
      title: 'ICMP monitors match',
      severity: 'blocker',
      status: 'fail',
      setting: 'partners.standbyA.icmpMonitors',
      values: { main: ['10.0.0.1', '10.0.0.2', '10.0.0.9'], 'standby-a': ['10.0.0.1', '10.0.0.3', '10.0.0.9'] },
      sources: { main: src(mainFile, 'Partners\\StandbyA', 'ICMPMonitors', 77), 'standby-a': src(standbyFile, 'Partners\\StandbyA', 'ICMPMonitors', 75) },
    }),
    finding({
      ruleId: 'driver-settings-match',
      title: 'Driver settings match',
      severity: 'warning',
      status: 'fail',
      category: 'drivers',
      setting: 'drivers.PerfMon.settings.Password',
      values: { main: { secret: true, set: true, same: false }, 'standby-a': { secret: true, set: true, same: false } },
      sources: { main: src(mainFile, 'DriverPerfMon\\Settings', 'Password', 120), 'standby-a': src(standbyFile, 'DriverPerfMon\\Settings', 'Password', 118) },
      message: 'Stored password differs between Main and Standby A',
    }),
    finding({
      ruleId: 'version-match',
      title: 'Product version matches',
      severity: 'warning',
      status: 'fail',
      category: 'product',
      setting: 'product.version',
      values: { main: '6.84.8512.1', 'standby-a': '6.83.8300.1' },
      sources: { main: src(mainFile, '', 'Version', 5), 'standby-a': src(standbyFile, '', 'Version', 5) },
      message: `Version differs (${nonLatin})`,
      rationale: `Mixed versions cannot synchronise; ${nonLatin}.`,
    }),
    finding({
      ruleId: 'locations-match',
      title: 'Data locations match',
      severity: 'info',
      status: 'fail',
      category: 'storage',
      setting: 'locations.data',
      values: { main: hostileScript, 'standby-a': hostileImg },
      sources: { main: src(mainFile, 'Locations', 'Data', 200), 'standby-a': src(standbyFile, 'Locations', 'Data', 198) },
      message: `Data location differs: ${hostileScript}`,
    }),
    finding({
      ruleId: 'licence-redundancy',
      title: 'Redundancy licensed',
      severity: 'blocker',
      status: 'unknown',
      category: 'licence',
      setting: 'licence.redundancy',
      messageId: 'missing',
      message: 'Licence\\Redundancy is missing from both exports; export the Licence key too.',
    }),
    finding({
      ruleId: 'webx-http-match',
      title: 'WebX HTTP matches',
      severity: 'warning',
      status: 'waived',
      category: 'web',
      setting: 'webx.httpEnabled',
      values: { main: true, 'standby-a': false },
      sources: { main: src(mainFile, 'WebX', 'HTTPEnabled', 300), 'standby-a': src(standbyFile, 'WebX', 'HTTPEnabled', 290) },
      waiver: { reason: 'HTTP disabled on standby during migration (CHG-1042)', approvedBy: 'J. Smith', expires: '2027-01-31', state: 'active' },
    }),
    finding({
      ruleId: 'transfer-interval-match',
      title: 'Transfer interval matches',
      severity: 'info',
      status: 'pass',
      setting: 'partners.transferInterval',
      values: { main: 5, 'standby-a': 5 },
      sources: { main: src(mainFile, 'Partners', 'TransferInterval', 60), 'standby-a': src(standbyFile, 'Partners', 'TransferInterval', 58) },
      message: 'Transfer interval is the same on both servers',
    }),
  ];
}

const order: Record<Severity, number> = { blocker: 0, warning: 1, info: 2 };
const statusRank: Record<Status, number> = { fail: 0, unknown: 1, waived: 2, pass: 3 };

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => order[a.severity] - order[b.severity] || statusRank[a.status] - statusRank[b.status] || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || (a.setting < b.setting ? -1 : a.setting > b.setting ? 1 : 0),
  );
}

/** A complete audit result around the given findings (default: the sample set). */
export function sampleResult(findings: Finding[] = sampleFindings(), overrides: Partial<AuditResult> = {}): AuditResult {
  const sorted = sortFindings(findings);
  const { counts, totals } = countFindings(sorted);
  const roles: Role[] = ['main', 'standby-a'];
  return {
    schemaVersion: 1,
    tool: { name: 'pairaudit', version: '0.1.0' },
    generatedAt: '2026-11-25T12:00:00.000Z',
    kind: 'audit',
    verdict: totals.fail > 0 ? 'drift' : totals.unknown > 0 ? 'incomplete' : 'in-parity',
    failOn: 'warning',
    servers: roles.map((role, i) => ({
      role,
      label: i === 0 ? 'SCADA-A' : 'SCADA-B',
      hostname: i === 0 ? 'scada-a.plant.local' : 'scada-b.plant.local',
      fingerprint: i === 0 ? 'sha256:3f6c0e1a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e' : 'sha256:9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b',
      collectedAt: '2026-11-25T11:50:00.000Z',
      sources: [{ kind: 'registry', file: i === 0 ? mainFile : standbyFile, sha256: 'ab'.repeat(32), bytes: 123456 }],
    })),
    rulePack: { packs: ['geo-scada'], hash: 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', ruleCount: 42 },
    counts,
    totals,
    findings: sorted,
    // The pack's source table as a result carries it; EVIL is what an edited result file could hold.
    sources: {
      PORTS: { title: 'Secure Network Ports (ClearSCADA 2017 R2)', url: 'https://tprojects.schneider-electric.com/GeoSCADAHelp/ClearSCADA%202017%20R2/Content/SecurityGuide/SecureNetworkPorts.htm' },
      EVIL: { title: hostileImg, url: 'javascript:alert(1)' },
    },
    waivers: [{ ruleId: 'telnet-disabled', setting: 'telnet.enabled', state: 'unused', reason: 'Old exception', approvedBy: 'A. Jones', expires: '2026-06-30' }],
    ...overrides,
  };
}

/** n synthetic findings (for scale tests and the benchmark): a mix of severities and statuses. */
export function manyFindings(n: number): Finding[] {
  const severities: Severity[] = ['blocker', 'warning', 'info'];
  const statuses: Status[] = ['fail', 'pass', 'pass', 'unknown', 'waived', 'fail'];
  const categories = ['database', 'redundancy', 'drivers', 'historic', 'storage', 'web'];
  const out: Finding[] = [];
  for (let i = 0; i < n; i++) {
    const status = statuses[i % statuses.length]!;
    const setting = `drivers.Driver${String(i).padStart(5, '0')}.settings.Value${i % 17}`;
    out.push(
      finding({
        ruleId: `rule-${i % 50}`,
        severity: severities[i % 3]!,
        status,
        category: categories[i % categories.length]!,
        setting,
        values: i % 10 === 0 ? { main: [`a${i}`, 'b', 'c'], 'standby-a': [`a${i}`, 'x', 'c'] } : { main: i, 'standby-a': status === 'pass' ? i : i + 1 },
        sources: { main: src(mainFile, `Driver${i}\\Settings`, `Value${i % 17}`, i + 10), 'standby-a': src(standbyFile, `Driver${i}\\Settings`, `Value${i % 17}`, i + 9) },
        ...(status === 'waived' ? { waiver: { reason: 'Known difference', approvedBy: 'Ops', expires: '2027-12-31', state: 'active' as const } } : {}),
      }),
    );
  }
  return out;
}

/** Text in a PDF is compressed and glyph-encoded: read it back the way a person would (undefined without poppler, outside CI). */
export function pdfText(bytes: Uint8Array, mode: '-layout' | '-raw' = '-layout'): string | undefined {
  // pdftotext failing on our PDF is a failure; only a missing tool skips, and not in CI (see prerequisites.ts).
  if (missing('pdftotext') !== false) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-pdf-'));
  try {
    const file = join(dir, 'r.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', [mode, file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A fleet inventory's entry for a pair of fixtures/pairs/<scenario>/<role> (absolute paths); `folders` puts
 * a server elsewhere under fixtures/pairs (a folder that does not exist makes the pair an error).
 */
export function fixturePair(name: string, scenario: string, roles: readonly Role[] = ['main', 'standby-a'], folders: Partial<Record<Role, string>> = {}): string[] {
  const servers = roles.map((r) => `${r}: ${JSON.stringify(join(resolve('fixtures'), 'pairs', folders[r] ?? join(scenario, r)))}`);
  return [`      - name: ${name}`, `        servers: { ${servers.join(', ')} }`];
}
