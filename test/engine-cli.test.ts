// The audit, check and rules commands in-process through run() with a fake CliIO, plus the real binary's exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../src/cli/main.js';
import type { CliIO } from '../src/cli/io.js';
import type { AuditResult } from '../src/types.js';
import { missing } from './prerequisites.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAIRS = join(ROOT, 'fixtures', 'pairs');
const skip = missing('fixtures');
const NOW = '2026-11-20T08:20:00Z';

function fakeIO(now = NOW): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string | Uint8Array) => void (io.out += typeof t === 'string' ? t : Buffer.from(t).toString('utf8')),
    stderr: (t: string) => void (io.err += t),
    isTTY: false,
    env: {},
    now: () => new Date(now),
    version: '0.0.0-test',
    cwd: ROOT,
    exitCode: 0,
  };
  return io;
}

async function cli(args: string[], now = NOW) {
  const io = fakeIO(now);
  const code = await run(args, io);
  return { code, out: io.out, err: io.err };
}

const pair = (name: string, roles = ['main', 'standby-a']) => roles.map((r) => join('fixtures', 'pairs', name, r));
const tmp = mkdtempSync(join(tmpdir(), 'pairaudit-engine-cli-'));

const badRules = join(tmp, 'bad-rules');
mkdirSync(badRules);
writeFileSync(join(badRules, 'site-rule.json'), JSON.stringify({ id: 'site-rule', title: 't', severity: 'warning', category: 'x', remediation: 'fix it here', select: ['a'], compare: { kind: 'must-equal' } }));
const badWaivers = join(tmp, 'waivers.yaml');
writeFileSync(badWaivers, 'waivers:\n  - ruleId: webx-ports\n    setting: webx.httpPort\n');
const goodWaivers = join(tmp, 'good-waivers.yaml');
writeFileSync(goodWaivers, 'waivers:\n  - ruleId: webx-ports\n    setting: webx.httpPort\n    reason: reverse proxy on the Standby, CHG-42\n    approvedBy: J. Smith\n    expires: 2027-01-31\n    values: { main: 80, standby-a: 8080 }\n');

const sitePack = join(tmp, 'site-pack');
mkdirSync(sitePack);
writeFileSync(join(sitePack, 'site-proxy.json'), JSON.stringify({ id: 'site-proxy', title: 'WebX proxy is the same', severity: 'warning', category: 'web', rationale: 'Site rule [PROXY].', remediation: 'System Configuration › WebX › proxy', select: ['reg:WebX\\Proxy*'], compare: { kind: 'must-equal' } }));
writeFileSync(join(sitePack, 'site-proxy.test.json'), JSON.stringify({ valid: [{ name: 'same', servers: { main: { 'reg:WebX\\ProxyEnabled': 1 }, 'standby-a': { 'reg:WebX\\ProxyEnabled': 1 } } }], invalid: [{ name: 'wrongly expected to pass', servers: { main: { 'reg:WebX\\ProxyEnabled': 1 }, 'standby-a': { 'reg:WebX\\ProxyEnabled': 0 } }, errors: [{ status: 'fail', messageId: 'equal' }] }] }));

// The site pack saved by Notepad as "Unicode" (UTF-16LE with its byte-order mark), as config and waiver files may be.
const utf16Pack = join(tmp, 'utf16-pack');
mkdirSync(utf16Pack);
for (const name of ['site-proxy.json', 'site-proxy.test.json']) writeFileSync(join(utf16Pack, name), `\uFEFF${readFileSync(join(sitePack, name), 'utf8')}`, 'utf16le');

// A site pack citing a bundled source and its own, and one whose rule cites a tag no table has.
writeFileSync(join(sitePack, 'sources.json'), JSON.stringify({ SITEWEB: { title: 'Site web standard', url: 'https://intranet.example/web' } }));
const citingPack = join(tmp, 'citing-pack');
mkdirSync(citingPack);
writeFileSync(join(citingPack, 'site-cite.json'), JSON.stringify({ id: 'site-cite', title: 't', severity: 'warning', category: 'x', rationale: 'r [PROXY][SITEWEB]', remediation: 'fix it here', references: ['PROXY', 'SITEWEB'], select: ['reg:WebX\\Proxy*'], compare: { kind: 'must-equal' } }, null, 2));
writeFileSync(join(citingPack, 'sources.json'), JSON.stringify({ SITEWEB: { title: 'Site web standard', url: 'https://intranet.example/web' } }));
const typoPack = join(tmp, 'typo-pack');
mkdirSync(typoPack);
writeFileSync(join(typoPack, 'site-typo.json'), JSON.stringify({ id: 'site-typo', title: 't', severity: 'warning', category: 'x', rationale: 'r [PROXI]', remediation: 'fix it here', references: ['PROXI'], select: ['a'], compare: { kind: 'must-equal' } }, null, 2));

// Case tables that are wrong as files (a role typo, no `invalid` list, an unknown field): exit 2 naming the file,
// the line and the field, as a rule file's errors do, never a stack trace.
const caseTablePack = (name: string, table: string): string => {
  const dir = join(tmp, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'site-proxy.json'), JSON.stringify({ id: 'site-proxy', title: 't', severity: 'warning', category: 'web', rationale: 'Site rule.', remediation: 'fix it here', select: ['reg:WebX\\Proxy*'], compare: { kind: 'must-equal' } }));
  writeFileSync(join(dir, 'site-proxy.test.json'), table);
  return dir;
};
const roleTypoPack = caseTablePack('role-typo', '{\n  "valid": [\n    { "name": "same", "servers": {\n      "main": { "reg:WebX\\\\ProxyEnabled": 1 },\n      "stanby-a": { "reg:WebX\\\\ProxyEnabled": 1 } } }\n  ],\n  "invalid": []\n}\n');
const noInvalidPack = caseTablePack('no-invalid', '{ "valid": [ { "name": "same", "servers": { "main": {}, "standby-a": {} } } ] }\n');
const fieldTypoPack = caseTablePack('field-typo', '{ "valid": [ { "name": "same", "server": { "main": {} } } ], "invalid": [] }\n');
// An expected finding with a misspelt field was not compared, so the case held without checking anything; a null one crashed the tester.
const drifted = '"servers": { "main": { "reg:WebX\\\\ProxyEnabled": 1 }, "standby-a": { "reg:WebX\\\\ProxyEnabled": 0 } }';
const errorTypoPack = caseTablePack('error-typo', `{ "valid": [], "invalid": [ { "name": "differs", ${drifted}, "errors": [ { "status": "fail", "messageId": "differs", "setings": "nonexistent" } ] } ] }\n`);
const nullErrorPack = caseTablePack('null-error', `{ "valid": [], "invalid": [ { "name": "differs", ${drifted}, "errors": [ null ] } ] }\n`);
const nullServerPack = caseTablePack('null-server', '{ "valid": [ { "name": "same", "servers": { "main": null, "standby-a": {} } } ], "invalid": [] }\n');
// A site pack whose rule cites a bundled source tag, with its case table: tested as audit --rules loads it.
const citingTested = join(tmp, 'citing-tested');
mkdirSync(citingTested);
writeFileSync(join(citingTested, 'site-cite.json'), JSON.stringify({ id: 'site-cite', title: 't', severity: 'warning', category: 'x', rationale: 'r [PROXY]', remediation: 'fix it here', references: ['PROXY'], select: ['reg:WebX\\Proxy*'], compare: { kind: 'must-equal' } }, null, 2));
writeFileSync(join(citingTested, 'site-cite.test.json'), `{ "valid": [ { "name": "same", "servers": { "main": {}, "standby-a": {} } } ], "invalid": [ { "name": "differs", ${drifted}, "errors": [ { "status": "fail", "messageId": "differs" } ] } ] }\n`);

const cases: { name: string; args: string[]; now?: string; code: number; check?: (r: { out: string; err: string }) => void }[] = [
  { name: 'rules test on a site pack with a wrong case (1)', args: ['rules', 'test', sitePack], code: 1, check: ({ out }) => assert.match(out, /^FAIL site-proxy \(invalid case "wrongly expected to pass"\): expected/m) },
  { name: 'rules test on the same pack in UTF-16 (1): read as the UTF-8 one', args: ['rules', 'test', utf16Pack], code: 1, check: ({ out }) => assert.match(out, /^FAIL site-proxy \(invalid case "wrongly expected to pass"\): expected/m) },
  { name: 'rules test on a case table with a role typo (2): file, line, field and the role it meant', args: ['rules', 'test', roleTypoPack], code: 2, check: ({ err }) => assert.match(err, /site-proxy\.test\.json: line 5: case table: field `valid\[0\]\.servers`: unknown role "stanby-a"; did you mean `standby-a`\?/) },
  { name: 'rules test on a case table without its invalid list (2)', args: ['rules', 'test', noInvalidPack], code: 2, check: ({ err }) => assert.match(err, /site-proxy\.test\.json: line 1: case table: field `invalid`: missing/) },
  { name: 'rules test on a case table with an unknown field (2)', args: ['rules', 'test', fieldTypoPack], code: 2, check: ({ err }) => assert.match(err, /site-proxy\.test\.json: line 1: case table: valid\[0\]: unknown field `server`; did you mean `servers`\?/) },
  { name: 'rules test on a case table whose expected finding has a misspelt field (2)', args: ['rules', 'test', errorTypoPack], code: 2, check: ({ err }) => assert.match(err, /site-proxy\.test\.json: line 1: case table: invalid\[0\]\.errors\[0\]: unknown field `setings`; did you mean `setting`\?/) },
  { name: 'rules test on a case table with a null expected finding (2, no stack)', args: ['rules', 'test', nullErrorPack], code: 2, check: ({ err }) => assert.match(err, /^pairaudit: .*site-proxy\.test\.json: line 1: case table: field `invalid\[0\]\.errors\[0\]`: must be an object with `status` and `messageId`/) },
  { name: 'rules test on a case table with a null server (2, no stack)', args: ['rules', 'test', nullServerPack], code: 2, check: ({ err }) => assert.match(err, /^pairaudit: .*site-proxy\.test\.json: line 1: case table: field `valid\[0\]\.servers\.main`: must be an object/) },
  { name: 'rules test on a site pack citing a bundled source: loaded as audit --rules loads it, only its rules tested (0)', args: ['rules', 'test', citingTested], code: 0, check: ({ out }) => assert.match(out, /^1 rules, all cases hold$/m) },
  { name: 'rules list with a site pack (0)', args: ['rules', 'list', '--rules', sitePack], code: 0, check: ({ out }) => assert.match(out, /^site-proxy\s+warning/m) },
  { name: 'audit with a site pack (0): its rule claims the proxy settings from the catch-all', args: ['audit', ...pair('healthy'), '--rules', sitePack, '--format', 'json'], code: 0, check: ({ out }) => assert.ok((JSON.parse(out) as AuditResult).findings.some((f) => f.ruleId === 'site-proxy' && f.status === 'pass')) },
  {
    name: 'audit: healthy pair is in parity (0), JSON keeps verdict, counts and findings with values and sources',
    args: ['audit', ...pair('healthy'), '--format', 'json'],
    code: 0,
    check: ({ out }) => {
      const r = JSON.parse(out) as AuditResult;
      assert.equal(r.verdict, 'in-parity');
      assert.ok(r.counts.blocker.pass > 0);
      const f = r.findings.find((x) => x.ruleId === 'db-port');
      assert.ok(f);
      assert.deepEqual(f.values, { main: 5481, 'standby-a': 5481 });
      assert.match(f.sources.main?.key ?? '', /\\DB$/);
      assert.equal(f.sources.main?.valueName, 'Port');
    },
  },
  { name: 'audit: drifted pair (1)', args: ['audit', ...pair('drift-db-port'), '--format', 'json'], code: 1, check: ({ out }) => assert.equal((JSON.parse(out) as AuditResult).verdict, 'drift') },
  { name: 'audit: warning drift passes with --fail-on blocker (0)', args: ['audit', ...pair('drift-webx-port'), '--fail-on', 'blocker', '--format', 'json'], code: 0 },
  {
    name: 'audit: plain exports without the bundle\'s volumes and names are incomplete evidence (3)',
    args: ['audit', ...pair('healthy').map((p) => join(p, 'ClearSCADA.reg')), '--format', 'json'],
    code: 3,
    check: ({ out }) => {
      const r = JSON.parse(out) as AuditResult;
      assert.equal(r.verdict, 'incomplete');
      assert.equal(r.totals.fail, 0);
      assert.ok(r.findings.some((f) => f.status === 'unknown' && f.ruleId === 'disk-free-space'));
    },
  },
  { name: 'rules show: a site rule cites the bundled sources and its own (0)', args: ['rules', 'show', 'site-cite', '--rules', citingPack], code: 0, check: ({ out }) => { assert.match(out, /\[PROXY\] Define the Network Proxy Settings for the WebX Server/); assert.match(out, /\[SITEWEB\] Site web standard\n +https:\/\/intranet\.example\/web/); } },
  { name: 'audit: a rule citing a tag no source table has is a rule-file error (2)', args: ['audit', ...pair('healthy'), '--rules', typoPack], code: 2, check: ({ err, out }) => { assert.match(err, /site-typo\.json: line 9: rule `site-typo`: field `references`: unknown source tag "PROXI"; did you mean `PROXY`\?/); assert.ok(!/\n\s+at /.test(err), 'no stack trace'); assert.equal(out, ''); } },
  { name: 'audit: a bad rule file is an input error (2)', args: ['audit', ...pair('healthy'), '--rules', badRules], code: 2, check: ({ err, out }) => { assert.match(err, /site-rule\.json: line 1: rule `site-rule`: field `rationale`: missing/); assert.equal(out, ''); } },
  { name: 'audit: a bad waiver file fails before any audit work (2)', args: ['audit', ...pair('healthy'), '--waivers', badWaivers], code: 2, check: ({ err, out }) => { assert.match(err, /waivers\.yaml: line 2: waiver is missing `reason`/); assert.equal(out, ''); } },
  {
    name: 'audit: a waiver accepts the drifted values (0) and the finding shows as waived',
    args: ['audit', ...pair('drift-webx-port'), '--waivers', goodWaivers, '--format', 'json'],
    code: 0,
    check: ({ out }) => {
      const r = JSON.parse(out) as AuditResult;
      const f = r.findings.find((x) => x.ruleId === 'webx-ports' && x.setting === 'webx.httpPort');
      assert.equal(f?.status, 'waived');
      assert.equal(r.counts.warning.waived, 1);
    },
  },
  { name: 'audit: --roles must match the inputs (2)', args: ['audit', ...pair('healthy'), '--roles', 'main'], code: 2, check: ({ err }) => assert.match(err, /--roles lists 1 roles for 2 inputs/) },
  { name: 'audit: bad --fail-on (2)', args: ['audit', ...pair('healthy'), '--fail-on', 'severe'], code: 2 },
  { name: 'audit: missing input (2)', args: ['audit', 'fixtures/pairs/nope/main', ...pair('healthy').slice(1)], code: 2 },
  { name: 'audit: triple standby with inferred roles (0)', args: ['audit', ...pair('triple-standby', ['main', 'standby-a', 'standby-b']), '--format', 'json'], code: 0, check: ({ out }) => assert.deepEqual((JSON.parse(out) as AuditResult).servers.map((s) => s.role), ['main', 'standby-a', 'standby-b']) },
  { name: 'audit: permanent standby role inferred from its partner type (0)', args: ['audit', ...pair('permanent-standby', ['main', 'standby-a', 'permanent-a']), '--format', 'json'], code: 0, check: ({ out }) => assert.deepEqual((JSON.parse(out) as AuditResult).servers.map((s) => s.role), ['main', 'permanent-a', 'standby-a']) },
  { name: 'check: fresh healthy pair is GO (0), GO first', args: ['check', ...pair('healthy'), '--format', 'text'], code: 0, check: ({ out }) => assert.match(out, /^GO\b/) },
  { name: 'check: blocker drift is NO-GO (1), reasons first', args: ['check', ...pair('drift-db-port'), '--format', 'text'], code: 1, check: ({ out }) => assert.match(out.split('\n').slice(0, 6).join('\n'), /NO-GO[\s\S]*db\.port/) },
  { name: 'check: a day later the evidence is stale: NO-GO, incomplete (3)', args: ['check', ...pair('healthy'), '--format', 'json'], now: '2026-11-21T08:20:00Z', code: 3, check: ({ out }) => assert.equal((JSON.parse(out) as AuditResult).go, false) },
  { name: 'check: --max-age accepts older evidence (0)', args: ['check', ...pair('healthy'), '--max-age', '2000', '--format', 'json'], now: '2026-11-21T08:20:00Z', code: 0 },
  { name: 'check: bad --max-age (2)', args: ['check', ...pair('healthy'), '--max-age', 'soon'], code: 2 },
  { name: 'rules list (0)', args: ['rules', 'list'], code: 0, check: ({ out }) => { assert.match(out, /^db-port\s+blocker\s+ports/m); assert.match(out, /\d+ rules from geo-scada/); } },
  { name: 'rules list --format json (0)', args: ['rules', 'list', '--format', 'json'], code: 0, check: ({ out }) => assert.ok((JSON.parse(out) as { rules: unknown[] }).rules.length >= 25) },
  { name: 'rules show (0)', args: ['rules', 'show', 'historic-retention'], code: 0, check: ({ out }) => { assert.match(out, /^historic-retention — /); assert.match(out, /\[EXT\] Extend the Duration Historic Data Online is Retained \(Geo SCADA Expert 2020\)\n +https:\/\/tprojects\.schneider-electric\.com\//); assert.match(out, /for permanent-\*: severity warning, compare {"whenGreater":"pass"}/); } },
  { name: 'rules show with a typo (2)', args: ['rules', 'show', 'db-prot'], code: 2, check: ({ err }) => assert.match(err, /no rule `db-prot`; did you mean `db-port`\?/) },
  { name: 'rules test on the bundled pack (0)', args: ['rules', 'test'], code: 0, check: ({ out }) => assert.match(out, /all cases hold/) },
];

for (const c of cases) {
  test(c.name, { skip: c.args[0] === 'rules' ? false : skip }, async () => {
    const r = await cli(c.args, c.now);
    assert.equal(r.code, c.code, `exit code; stderr: ${r.err}`);
    c.check?.(r);
  });
}

test('audit: same inputs give byte-identical JSON', { skip }, async () => {
  const a = await cli(['audit', ...pair('drift-compression'), '--format', 'json']);
  const b = await cli(['audit', ...pair('drift-compression'), '--format', 'json']);
  assert.equal(a.out, b.out);
  assert.ok(a.out.length > 1000);
});

test('check: a plain export records no collection time: unknown evidence (NO-GO, 3) whatever its file time, until --at gives one', { skip }, async () => {
  const dir = join(tmp, 'plain');
  mkdirSync(dir, { recursive: true });
  const files = ['main', 'standby-a'].map((role) => {
    const to = join(dir, `${role}.reg`);
    copyFileSync(join(PAIRS, 'healthy', role, 'ClearSCADA.reg'), to);
    return to;
  });
  // Without a bundle there is no volume listing, no host names and no firewall listing: leave those rules out of this check.
  const config = join(dir, 'config.yaml');
  writeFileSync(config, 'severity:\n  disk-free-space: off\n  disk-standby-capacity: off\n  partners-address-mirror: off\n  firewall-db-port: off\n');
  // A file time a minute old says nothing about when the export was taken (a copy, a download, an edit).
  for (const f of files) utimesSync(f, new Date('2026-11-20T08:19:00Z'), new Date('2026-11-20T08:19:00Z'));
  const untimed = await cli(['check', ...files, '--config', config, '--format', 'json']);
  assert.equal(untimed.code, 3, untimed.out);
  const r = JSON.parse(untimed.out) as AuditResult;
  assert.equal(r.go, false);
  const unknown = r.findings.filter((f) => f.status === 'unknown' && f.severity === 'blocker');
  assert.deepEqual([...new Set(unknown.map((f) => f.ruleId))], ['snapshot-age', 'snapshot-skew']);
  assert.match(unknown[0].message, /collection time unknown: collect again with the collection script, or pass --at$/);
  assert.equal(r.servers[0].collectedAt, undefined);
  const fresh = await cli(['check', ...files, '--config', config, '--format', 'json', '--at', '2026-11-20T08:15:00Z']);
  assert.equal(fresh.code, 0, fresh.out);
  const stale = await cli(['check', ...files, '--config', config, '--format', 'json', '--at', '2026-11-19T08:15:00Z']);
  assert.equal(stale.code, 3);
  // A time after the check's: a few minutes are two clocks differing; a year is a wrong clock, so the age is unknown.
  const ahead = await cli(['check', ...files, '--config', config, '--format', 'json', '--at', '2026-11-20T08:23:00Z']);
  assert.equal(ahead.code, 0, ahead.out);
  const future = await cli(['check', ...files, '--config', config, '--format', 'json', '--at', '2027-11-20T08:15:00Z']);
  assert.equal(future.code, 3, future.out);
  assert.deepEqual((JSON.parse(future.out) as AuditResult).findings.filter((f) => f.status === 'unknown' && f.severity === 'blocker').map((f) => f.messageId), ['future', 'future']);
  const text = await cli(['check', ...files, '--config', config, '--format', 'markdown']);
  assert.match(text.out, /unknown \(not recorded\)/);
});

test('audit --suggest-waivers: adopting a drifted pair needs a named approver before anything is waived', { skip }, async () => {
  const file = join(tmp, 'suggested.yaml');
  const first = await cli(['audit', ...pair('drift-isolation-action'), '--format', 'json', '--suggest-waivers', file]);
  assert.equal(first.code, 1);
  const suggested = readFileSync(file, 'utf8');
  assert.match(suggested, /ruleId: partners-isolation-actions/);
  const unfilled = await cli(['audit', ...pair('drift-isolation-action'), '--waivers', file]);
  assert.equal(unfilled.code, 2);
  assert.match(unfilled.err, /suggested\.yaml: line \d+: waiver `reason` must be a non-empty text/);
  writeFileSync(file, suggested.replace(/reason: ""/g, 'reason: manual intervention wanted on this site, CHG-7').replace(/approvedBy: ""/g, 'approvedBy: Ops lead'));
  const adopted = await cli(['audit', ...pair('drift-isolation-action'), '--waivers', file, '--format', 'json']);
  assert.equal(adopted.code, 0, adopted.err);
  const r = JSON.parse(adopted.out) as AuditResult;
  assert.equal(r.totals.waived, 2);
  assert.equal(r.totals.fail, 0);
});

// The real binary, as a scheduler runs it: the documented exit codes.
const bin = join(ROOT, 'dist', 'cli', 'main.js');
const binSkip = skip || (existsSync(bin) ? false : 'dist/ is not built: run `npm run build`');
const binCases: { name: string; args: string[]; code: number }[] = [
  { name: 'healthy pair', args: ['audit', ...pair('healthy')], code: 0 },
  { name: 'drifted pair', args: ['audit', ...pair('drift-driver-missing')], code: 1 },
  { name: 'incomplete pair', args: ['audit', ...pair('healthy').map((p) => join(p, 'ClearSCADA.reg'))], code: 3 },
  { name: 'bad rule file', args: ['audit', ...pair('healthy'), '--rules', badRules], code: 2 },
];
for (const c of binCases) {
  test(`real binary: ${c.name} exits ${c.code}`, { skip: binSkip }, () => {
    const r = spawnSync(process.execPath, [bin, ...c.args, '--format', 'json'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PAIRAUDIT_NOW: NOW, NO_COLOR: '1' } });
    assert.equal(r.status, c.code, r.stderr);
  });
}
