// Fleet audits over the fixture pairs (one broken pair, one malformed export): outcomes, exit code, every format, the CLI in-process, determinism.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { run } from '../src/cli/main.js';
import type { CliIO } from '../src/cli/io.js';
import { parseInventory } from '../src/fleet/inventory.js';
import { auditFleet } from '../src/fleet/run.js';
import { worstExitCode } from '../src/fleet/summary.js';
import type { FleetResult } from '../src/fleet/types.js';
import { renderFleet } from '../src/report/fleet/index.js';
import { missing } from './prerequisites.js';

const fixtures = resolve('fixtures');
const now = new Date('2026-11-25T12:00:00Z');
const ctx = { now, toolVersion: '0.0.0-test' };

// Paths relative to the inventory (written in a temporary folder), as an operator would write them.
const dir = mkdtempSync(join(tmpdir(), 'pairaudit-fleet-'));
const rel = (p: string): string => JSON.stringify(join(fixtures, p));
const inventoryText = [
  '# fixture fleet: healthy, drifted, a triple, a missing file and a malformed export',
  'defaults:',
  '  failOn: warning',
  'sites:',
  '  - name: North',
  '    pairs:',
  '      - name: healthy',
  `        servers: { main: ${rel('pairs/healthy/main')}, standby-a: ${rel('pairs/healthy/standby-a')} }`,
  '      - name: db-port',
  `        servers: { main: ${rel('pairs/drift-db-port/main')}, standby-a: ${rel('pairs/drift-db-port/standby-a')} }`,
  '  - name: South',
  '    pairs:',
  '      - name: triple',
  '        servers:',
  `          main: ${rel('pairs/triple-standby/main')}`,
  `          standby-a: ${rel('pairs/triple-standby/standby-a')}`,
  `          standby-b: ${rel('pairs/triple-standby/standby-b')}`,
  '      - name: missing',
  `        servers: { main: ${rel('pairs/healthy/main')}, standby: does-not-exist.reg }`,
  '      - name: malformed',
  `        servers: { main: ${rel('pairs/healthy/main')}, standby: ${rel('malformed/invalid-hex.reg')} }`,
].join('\n');
const inventoryFile = join(dir, 'fleet.yaml');
writeFileSync(inventoryFile, inventoryText);

const skip = missing('fixtures');

let cached: FleetResult | undefined;
async function fleet(): Promise<FleetResult> {
  cached ??= await auditFleet(parseInventory(inventoryText, 'fleet.yaml', dir), ctx, { jobs: 1 });
  return cached;
}

test('every pair is audited; a missing file and a malformed export are errors of their pair only', { skip }, async () => {
  const r = await fleet();
  const byId = new Map(r.pairs.map((p) => [p.id, p]));
  assert.deepEqual(r.pairs.map((p) => p.id), ['North/healthy', 'North/db-port', 'South/triple', 'South/missing', 'South/malformed']);
  assert.equal(byId.get('South/missing')!.outcome, 'error');
  assert.equal(byId.get('South/missing')!.exitCode, 2);
  assert.match(byId.get('South/missing')!.error!, /^does-not-exist\.reg: no such file or folder/);
  assert.equal(byId.get('South/malformed')!.outcome, 'error');
  assert.match(byId.get('South/malformed')!.error!, /invalid-hex\.reg: line \d+/);
  assert.ok(!byId.get('South/malformed')!.error!.includes('\n'), 'one-line message');
  for (const id of ['North/healthy', 'North/db-port', 'South/triple']) {
    const p = byId.get(id)!;
    assert.notEqual(p.outcome, 'error', `${id}: ${p.error}`);
    assert.ok(p.audit, `${id} carries its audit`);
    assert.equal(p.audit!.generatedAt, now.toISOString());
  }
  assert.equal(byId.get('South/triple')!.audit!.servers.length, 3);
  assert.equal(r.outcomes.error, 2);
  assert.equal(r.exitCode, 2, 'error is the worst outcome');
  assert.equal(r.pairs.reduce((n, p) => n + p.counts.blocker.fail, 0), r.counts.blocker.fail);
});

test('drift shows in the fleet once the rule pack has rules', { skip }, async (t) => {
  const r = await fleet();
  const drifted = r.pairs.find((p) => p.id === 'North/db-port')!;
  if (drifted.audit!.rulePack.ruleCount === 0) return t.skip('the bundled rule pack has no rules yet');
  assert.equal(drifted.outcome, 'drift');
  assert.equal(drifted.exitCode, 1);
  assert.ok(drifted.top, 'the most serious finding is summarised');
  assert.equal(r.pairs.find((p) => p.id === 'North/healthy')!.outcome, 'in-parity');
});

test('worker threads give the same result as one thread', { skip }, async () => {
  const parallel = await auditFleet(parseInventory(inventoryText, 'fleet.yaml', dir), ctx, { jobs: 2 });
  assert.equal(await renderFleet(parallel, 'json', { color: false }), await renderFleet(await fleet(), 'json', { color: false }));
});

test('per-pair options reach the audit: failOn, and a bad rule folder or waiver file fails that pair only', { skip }, async () => {
  const compression = `servers: { main: ${rel('pairs/drift-compression/main')}, standby-a: ${rel('pairs/drift-compression/standby-a')} }`;
  const text = [
    'sites:',
    '  - name: S',
    '    failOn: blocker',
    '    pairs:',
    `      - { name: lenient, ${compression} }`,
    `      - { name: strict, failOn: warning, ${compression} }`,
    `      - { name: bad-rules, rules: no-such-pack, ${compression} }`,
    `      - { name: bad-waivers, waivers: no-such-waivers.yaml, ${compression} }`,
  ].join('\n');
  const r = await auditFleet(parseInventory(text, 'fleet.yaml', dir), ctx, { jobs: 1 });
  const [lenient, strict, badRules, badWaivers] = r.pairs;
  assert.equal(strict.outcome, 'drift', 'compression on one side is a warning');
  assert.equal(strict.audit!.failOn, 'warning');
  assert.equal(lenient.audit!.failOn, 'blocker', 'the site option applies');
  assert.equal(lenient.outcome, 'in-parity', 'a warning does not fail at --fail-on blocker');
  assert.equal(badRules.outcome, 'error');
  assert.match(badRules.error!, /no-such-pack: cannot read the rule folder/);
  assert.equal(badWaivers.outcome, 'error');
  assert.match(badWaivers.error!, /no-such-waivers\.yaml/);
  assert.equal(r.exitCode, 2);
});

test('the exit code is the worst of the pairs: internal > input error > drift > incomplete > parity', () => {
  const cases: [number[], number][] = [
    [[], 0],
    [[0, 0], 0],
    [[0, 3], 3],
    [[3, 1, 0], 1],
    [[1, 2, 3], 2],
    [[2, 70, 1], 70],
  ];
  for (const [codes, worst] of cases) assert.equal(worstExitCode(codes), worst, JSON.stringify(codes));
});

test('every format renders the whole fleet, deterministically', { skip }, async () => {
  const r = await fleet();
  const fctx = { color: false };
  const text = (await renderFleet(r, 'text', fctx)) as string;
  assert.match(text, /^FLEET ERROR {2}5 pairs: 2 error/);
  for (const p of r.pairs) assert.ok(text.includes(p.id), `text names ${p.id}`);
  assert.match(text, /South\/missing: does-not-exist\.reg: no such file/);

  const json = (await renderFleet(r, 'json', fctx)) as string;
  const parsed = JSON.parse(json) as FleetResult;
  assert.equal(parsed.kind, 'fleet');
  assert.equal(parsed.pairs.length, 5);
  assert.equal(json, await renderFleet(r, 'json', fctx), 'same bytes twice');
  assert.ok(!json.includes(dir), 'no temporary path of this run in the JSON');

  const junit = (await renderFleet(r, 'junit', fctx)) as string;
  assert.match(junit, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
  assert.match(junit, /<testsuite name="South\/missing" tests="1" failures="0" errors="1"/);
  assert.match(junit, /<error message="does-not-exist\.reg: no such file/);
  assert.equal((junit.match(/<testsuite /g) ?? []).length >= 5, true);

  const html = (await renderFleet(r, 'html', fctx)) as string;
  assert.match(html, /^<!DOCTYPE html>/i);
  assert.match(html, /Content-Security-Policy/);
  for (let i = 0; i < r.pairs.length; i++) {
    assert.ok(html.includes(`href="#pair-${i}"`), `summary links to pair ${i}`);
    assert.ok(html.includes(`id="pair-${i}"`), `pair ${i} has its section`);
  }
  assert.ok(!/<script(?![^>]*(type="application\/json"|>))/.test(html.replace(/<script>[\s\S]*?<\/script>/g, '')), 'no script but ours');
  assert.equal(html, await renderFleet(r, 'html', fctx));

  const pdf = (await renderFleet(r, 'pdf', fctx)) as Uint8Array;
  assert.equal(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), '%PDF-');
  assert.deepEqual(pdf, await renderFleet(r, 'pdf', fctx), 'same PDF bytes twice');
  // A summary page, then a page per pair at least.
  const pages = (Buffer.from(pdf).toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
  assert.ok(pages >= 1 + r.pairs.length, `${pages} pages`);
});

test('the PDF reads back with pdftotext: the summary, then a page per pair', { skip: missing('fixtures', 'pdftotext') }, async () => {
  const r = await fleet();
  const file = join(dir, 'readback.pdf');
  writeFileSync(file, (await renderFleet(r, 'pdf', { color: false })) as Uint8Array);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const pages = text.split('\f').filter((p) => p.trim() !== '');
  assert.match(pages[0], /FLEET ERROR/);
  assert.match(pages[0], /5 pairs: 2 error/);
  assert.equal(pages.length, 1 + r.pairs.length, 'one summary page and one page per pair');
  // Worst first, as the text and Markdown reports list them: errors, drift, then in parity; inventory order within.
  const order = ['South/missing', 'South/malformed', 'North/db-port', 'North/healthy', 'South/triple'];
  assert.deepEqual([...pages[0].matchAll(/^ *((?:North|South)\/\S+)/gm)].map((m) => m[1]), order, 'the summary, worst first');
  order.forEach((id, i) => {
    assert.match(pages[i + 1], new RegExp(`PAIR ${i + 1} OF 5 · ${id.split('/')[0]}\\s+${id}`), `page ${i + 2} is ${id}`);
    assert.match(pages[i + 1], new RegExp(`Page ${i + 2} of ${pages.length}`));
  });
  assert.match(pages[1], /Not audited: does-not-exist\.reg: no such file/);
  // A pair not audited lists its servers by their roles' labels, as every other table does.
  assert.match(pages[1], /^ *Main +\S*healthy\/main$/m);
  assert.match(pages[1], /^ *Standby A +does-not-exist\.reg$/m);
  // The 1.0 bundles' "not collected" notes: one line on the pair's page, not one row per check.
  assert.match(pages[4].replace(/\s+/g, ' ').replace(/- /g, '-'), /Not collected by this collector version on Main and Standby A: (\S+\.(json|txt|xml), )*defender\.json, (\S+, )*w32tm-status\.txt, so \d+ checks \(antivirus-exclusions, .*\) did not run/);
  assert.ok(!/UNKNOWN/.test(pages[4]), 'no note listed as an unknown finding row');
});

test('fleet HTML: the summary worst first, and the labels of the view model and vocabulary', { skip }, async () => {
  const r = await fleet();
  const html = (await renderFleet(r, 'html', { color: false })) as string;
  const rows = [...html.matchAll(/<tr class="fl-row-([a-z-]+)" data-site="[^"]*" data-pair="([^"]+)"/g)].map((m) => `${m[2]} ${m[1]}`);
  assert.deepEqual(rows, ['missing error', 'malformed error', 'db-port drift', 'healthy in-parity', 'triple in-parity']);
  const columns = [...html.matchAll(/<button type="button" data-key="([a-z]+)" data-type="(?:text|number)">([^<]+)<\/button>/g)].map((m) => `${m[1]}:${m[2]}`);
  assert.deepEqual(columns, ['site:Site', 'pair:Pair', 'outcome:Outcome', 'blocker:Blockers', 'warning:Warnings', 'info:Info', 'unknown:Unknown', 'waived:Waived']);
  // Each sort key is a data attribute of every row.
  for (const key of columns.map((c) => c.split(':')[0]).filter((k) => k !== 'site' && k !== 'pair')) assert.equal((html.match(new RegExp(` data-${key}="\\d+"`, 'g')) ?? []).length, 5, key);
  assert.match(html, /<span class="fl-verdict">FLEET ERROR<\/span> <span>5 pairs: 2 error, 1 drift, 2 in parity<\/span>/);
  // A pair's counts table: the statuses' labels (it showed the raw fail/unknown/waived/pass tokens).
  assert.match(html, /<thead><tr><th scope="col">Severity<\/th><th scope="col">Fail<\/th><th scope="col">Unknown<\/th><th scope="col">Waived<\/th><th scope="col">Pass<\/th><th scope="col">Total<\/th><\/tr><\/thead>/);
  // A pair not audited: its servers by their roles' labels (it showed main, standby-a).
  const missing = /<section class="fl-pair" id="pair-3"[\s\S]*?<\/section>/.exec(html)![0];
  assert.match(missing, /<p class="fl-not-audited">Not audited: does-not-exist\.reg: no such file/);
  assert.match(missing, /<tr><td>Main<\/td><td><code>[^<]*(<wbr>[^<]*)*healthy\/(<wbr>)?main<\/code><\/td><\/tr>/);
  assert.match(missing, /<tr><td>Standby A<\/td><td><code>does-not-exist.(<wbr>)?reg<\/code><\/td><\/tr>/);
  const triple = /<section class="fl-pair" id="pair-2"[\s\S]*?<\/section>/.exec(html)![0];
  assert.deepEqual([...triple.matchAll(/<tr><td>([^<]+)<\/td><td>([^<]+)<\/td>/g)].map((m) => m[1]), ['Main', 'Standby A', 'Standby B']);
});

test('hostile names in the inventory are shown as text in HTML', { skip }, async () => {
  const hostile = inventoryText.replace('name: North', 'name: "<img src=x onerror=alert(1)>"');
  const r = await auditFleet(parseInventory(hostile, 'fleet.yaml', dir), ctx, { jobs: 1 });
  const html = (await renderFleet(r, 'html', { color: false })) as string;
  assert.ok(!html.includes('<img src=x'), 'escaped');
  assert.match(html, /&lt;img src&#(61|x3D);x onerror&#(61|x3D);alert\(1\)&gt;/);
});

function fakeIO(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => out.push(typeof t === 'string' ? t : Buffer.from(t).toString('utf8')),
    stderr: (t) => err.push(t),
    isTTY: false,
    env: {},
    now: () => now,
    version: '0.0.0-test',
    cwd: dir,
    exitCode: 0,
  };
}

const cliCases: { args: string[]; code: number; check: (io: ReturnType<typeof fakeIO>) => void }[] = [
  { args: ['fleet', 'fleet.yaml', '--format', 'text', '--jobs', '1'], code: 2, check: (io) => {
    assert.match(io.out.join(''), /^FLEET ERROR {2}5 pairs: /);
    assert.deepEqual(io.out.join('').split('\n').filter((l) => [...l].length > 80), [], 'the text fleet report fits 80 columns');
  } },
  { args: ['fleet', 'fleet.yaml', '--jobs', '1'], code: 2, check: (io) => assert.match(io.out.join(''), /^FLEET ERROR/) },
  { args: ['fleet', 'fleet.yaml', '-f', 'json', '--jobs', '1'], code: 2, check: (io) => assert.equal((JSON.parse(io.out.join('')) as FleetResult).kind, 'fleet') },
  { args: ['fleet', 'fleet.yaml', '-o', 'out/report.md', '--jobs', '1'], code: 2, check: (io) => {
    assert.match(readFileSync(join(dir, 'out', 'report.md'), 'utf8'), /^## pairaudit fleet: ERROR\n/);
    // Progress lines at each tenth (not a terminal), then the summary line last.
    assert.match(io.err.join(''), /^(pairaudit: \d+\/\d+ pairs audited.*\n)*pairaudit: ERROR: \d+ pairs, \d+ drift, \d+ incomplete, \d+ in parity, \d+ errors?; wrote out\/report\.md\n$/);
  } },
  { args: ['fleet', 'fleet.yaml', '-o', 'out/report.md', '--jobs', '1', '--quiet'], code: 2, check: (io) => assert.equal(io.err.join(''), '') },
  { args: ['fleet', 'fleet.yaml', '-o', 'out/report.foo', '--jobs', '1'], code: 2, check: (io) => assert.match(io.err.join(''), /-o out\/report\.foo: "\.foo" names no format of this report/) },
  { args: ['fleet', 'fleet.yaml', '--fail-on', 'none', '-f', 'json', '--jobs', '1'], code: 2, check: (io) => {
      const result = JSON.parse(io.out.join('')) as FleetResult;
      assert.ok(result.outcomes.error > 0, 'an unreadable input is still exit 2 with --fail-on none');
      assert.deepEqual([result.exitCode, result.reportOnly], [2, true], 'and the result says it was reported only');
    } },
  { args: ['fleet', 'fleet.yaml', '--fail-on', 'sometimes'], code: 2, check: (io) => assert.match(io.err.join(''), /--fail-on "sometimes" is not a severity; use blocker, warning, info or none/) },
  { args: ['fleet', 'fleet.yaml', '-o', 'out/report.xml', '--jobs', '1'], code: 2, check: () => assert.match(readFileSync(join(dir, 'out', 'report.xml'), 'utf8'), /<testsuites /) },
  { args: ['fleet', 'fleet.yaml', '-o', 'out/report.html', '--jobs', '1'], code: 2, check: () => assert.match(readFileSync(join(dir, 'out', 'report.html'), 'utf8'), /href="#pair-0"/) },
  { args: ['fleet', 'fleet.yaml', '--format', 'pdf', '-o', 'out/report.pdf', '--jobs', '1'], code: 2, check: () => assert.equal(readFileSync(join(dir, 'out', 'report.pdf')).subarray(0, 5).toString('latin1'), '%PDF-') },
  { args: ['fleet', 'fleet.yaml', '--format', 'docx'], code: 2, check: (io) => assert.match(io.err.join(''), /--format "docx" is not a format of this report; use one of text, json, junit, markdown, html, pdf/) },
  { args: ['fleet', 'fleet.yaml', '--jobs', '0'], code: 2, check: (io) => assert.match(io.err.join(''), /--jobs 0: expected a whole number/) },
  { args: ['fleet', 'nope.yaml'], code: 2, check: (io) => assert.match(io.err.join(''), /^pairaudit: nope\.yaml: cannot read the inventory \(ENOENT\)/) },
  { args: ['fleet', 'bad.yaml'], code: 2, check: (io) => assert.match(io.err.join(''), /^pairaudit: bad\.yaml: line 2: sites\[0\]\.pairs: expected a non-empty list/) },
];
writeFileSync(join(dir, 'bad.yaml'), 'sites:\n  - name: N\n');

for (const c of cliCases) {
  test(`CLI: pairaudit ${c.args.join(' ')} → exit ${c.code}`, { skip }, async () => {
    const io = fakeIO();
    assert.equal(await run(c.args, io), c.code, io.err.join(''));
    c.check(io);
    assert.ok(!io.err.join('').includes('\r'), 'no progress bar when not a terminal');
  });
}

test('CLI: the JSON report is the same bytes on every run, also with worker threads', { skip }, async () => {
  const a = fakeIO();
  const b = fakeIO();
  await run(['fleet', 'fleet.yaml', '--format', 'json', '--jobs', '1'], a);
  await run(['fleet', 'fleet.yaml', '--format', 'json', '--jobs', '2'], b);
  assert.equal(a.out.join(''), b.out.join(''));
});

test('a pair in the fleet is audited exactly as `pairaudit audit` audits it (passes aside)', { skip }, async () => {
  const io = fakeIO();
  const main = join(fixtures, 'pairs/drift-db-port/main');
  const standby = join(fixtures, 'pairs/drift-db-port/standby-a');
  assert.equal(await run(['audit', main, standby, '--format', 'json'], io), 1, io.err.join(''));
  const alone = JSON.parse(io.out.join('')) as FleetResult['pairs'][number]['audit'] & object;
  const inFleet = JSON.parse((await renderFleet(await fleet(), 'json', { color: false })) as string) as FleetResult;
  const pair = inFleet.pairs.find((p) => p.id === 'North/db-port')!.audit!;
  assert.deepEqual(pair.findings, alone.findings.filter((f) => f.status !== 'pass'));
  assert.deepEqual([pair.verdict, pair.counts, pair.totals, pair.servers, pair.rulePack], [alone.verdict, alone.counts, alone.totals, alone.servers, alone.rulePack]);
});

test('CLI: --record journals every audited pair (snapshots, then the audit) in inventory order; error pairs are skipped', { skip }, async () => {
  const { openStore, verifyStore } = await import('../src/history/index.js');
  const io = fakeIO();
  assert.equal(await run(['fleet', 'fleet.yaml', '--format', 'json', '--jobs', '2', '--record', '--store', 'store', '--author', 'ops'], io), 2, io.err.join(''));
  assert.match(io.err.join(''), /recorded 3 audits in the history store/);
  const entries = openStore(join(dir, 'store')).readJournal();
  const audits = entries.filter((e) => e.type === 'audit-recorded');
  assert.deepEqual(audits.map((e) => (e as { pair?: string }).pair), ['North/healthy', 'North/db-port', 'South/triple']);
  assert.ok(audits.every((e) => e.author === 'ops' && e.at === now.toISOString()));
  const snapshots = entries.filter((e) => e.type === 'snapshot-recorded' || e.type === 'checked-unchanged');
  assert.equal(snapshots.length, 2 + 2 + 3, 'each audited server');
  assert.ok(snapshots.every((e) => ['North/healthy', 'North/db-port', 'South/triple'].includes((e as { pair?: string }).pair ?? '')));
  assert.equal(verifyStore(openStore(join(dir, 'store'))).ok, true);
});

test('CLI: --attribute names the server that changed since the pair\'s approved baseline', { skip }, async () => {
  const pairAt = (standby: string): string =>
    ['sites:', '  - name: X', '    pairs:', '      - name: p', `        servers: { main: ${rel('pairs/healthy/main')}, standby-a: ${rel(standby)} }`].join('\n');
  writeFileSync(join(dir, 'baseline.yaml'), pairAt('pairs/healthy/standby-a'));
  writeFileSync(join(dir, 'later.yaml'), pairAt('pairs/drift-db-port/standby-a'));
  const store = ['--store', 'attribution-store'];
  let io = fakeIO();
  assert.equal(await run(['fleet', 'baseline.yaml', '--jobs', '1', '--record', ...store], io), 0, io.err.join(''));
  io = fakeIO();
  assert.equal(await run(['approve', '--pair', 'X/p', ...store, '--author', 'lead'], io), 0, io.err.join(''));
  io = fakeIO();
  assert.equal(await run(['fleet', 'later.yaml', '--jobs', '2', '--format', 'json', '--attribute', ...store], io), 1, io.err.join(''));
  const result = JSON.parse(io.out.join('')) as FleetResult;
  const port = result.pairs[0].audit!.findings.find((f) => f.setting === 'db.port')!;
  assert.equal(port.status, 'fail');
  assert.ok(port.attribution?.some((a) => a.role === 'standby-a'), JSON.stringify(port.attribution));
  // Every format that lists the pair's findings says who changed what (the JSON above, and these).
  for (const format of ['html', 'junit', 'markdown']) {
    io = fakeIO();
    await run(['fleet', 'later.yaml', '--jobs', '1', '--format', format, '--attribute', ...store], io);
    assert.match(io.out.join('').replace(/&#x2F;|&#x3D;|&gt;/g, ' '), /Changed: [^\n]*5481 . 5482/, format);
  }
});

test('CLI: --record where the store refuses one pair (a newer snapshot already recorded): the others are recorded, the report written, that pair named, exit 2', { skip }, async () => {
  const three = ['sites:', '  - name: N', '    pairs:', ...['a', 'b', 'c'].map((p) => `      - { name: ${p}, servers: { main: ${rel('pairs/healthy/main')}, standby-a: ${rel('pairs/healthy/standby-a')} } }`)].join('\n');
  writeFileSync(join(dir, 'three.yaml'), three);
  // N/b's Main as collected a day later, recorded first: the fleet's older bundle is refused for N/b (forward only).
  const later = join(dir, 'later-main');
  cpSync(join(fixtures, 'pairs', 'healthy', 'main'), later, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(later, 'bundle.json'), 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
  writeFileSync(join(later, 'bundle.json'), JSON.stringify({ ...manifest, collectedAt: '2026-11-21T09:00:00Z' }));
  const store = ['--store', 'refusing-store'];
  let io = fakeIO();
  assert.equal(await run(['record', later, '--pair', 'N/b', ...store], io), 0, io.err.join(''));
  io = fakeIO();
  assert.equal(await run(['fleet', 'three.yaml', '--jobs', '2', '--format', 'json', '--record', ...store], io), 2, io.err.join(''));
  assert.equal((JSON.parse(io.out.join('')) as FleetResult).pairs.length, 3, 'the report of all three pairs is written');
  const refused = io.err.join('').split('\n').filter((l) => l.includes('not recorded'));
  assert.equal(refused.length, 1, io.err.join(''));
  assert.match(refused[0], /^pairaudit: N\/b: not recorded in the history store: .*before its latest recorded snapshot/);
  const { openStore } = await import('../src/history/index.js');
  const audits = openStore(join(dir, 'refusing-store')).readJournal().filter((e) => e.type === 'audit-recorded');
  assert.deepEqual(audits.map((e) => (e as { pair?: string }).pair), ['N/a', 'N/c']);
});

test('CLI: --record into a store that fails verification stops before any pair is audited: one line, exit 2', { skip }, async () => {
  const store = join(dir, 'refusing-store');
  const first = join(store, 'journal', readdirSync(join(store, 'journal')).sort()[0]);
  writeFileSync(first, readFileSync(first, 'utf8').replace('"author":"', '"author":"x'));
  const io = fakeIO();
  assert.equal(await run(['fleet', 'three.yaml', '--jobs', '1', '--format', 'json', '--record', '--store', 'refusing-store'], io), 2);
  assert.deepEqual(io.out, []);
  assert.match(io.err.join(''), /^pairaudit: .*refusing-store: the store fails verification at entry 1 .*run `pairaudit verify`\n$/);
});

test('CLI: --fail-on none exits 0 on drift, and every report states that exit code, saying why', { skip }, async () => {
  writeFileSync(join(dir, 'drift.yaml'), ['sites:', '  - name: D', '    pairs:', `      - { name: p, servers: { main: ${rel('pairs/drift-db-port/main')}, standby-a: ${rel('pairs/drift-db-port/standby-a')} } }`].join('\n'));
  const said: Record<string, RegExp> = {
    text: /Exit code 0 \(--fail-on none: reported only\)\./,
    markdown: /exit code 0 \(--fail-on none: reported only\)<\/sub>/,
    html: /exit code 0 \(--fail-on none: reported only\)<\/p>/,
    json: /"exitCode": 0,[\s\S]*"reportOnly": true/,
  };
  for (const [format, text] of Object.entries(said)) {
    const io = fakeIO();
    assert.equal(await run(['fleet', 'drift.yaml', '--jobs', '1', '--format', format, '--fail-on', 'none'], io), 0, io.err.join(''));
    assert.match(io.out.join('').replace(/\s+/g, ' '), text, format);
  }
  const io = fakeIO();
  assert.equal(await run(['fleet', 'drift.yaml', '--jobs', '1', '--format', 'text'], io), 1);
  assert.match(io.out.join(''), /Exit code 1\./);
});

test('text: pairs of a long site name are told apart (the id whole on a line of its own, never cut)', { skip }, async () => {
  const site = 'North Water Treatment Plant Lagoon';
  writeFileSync(join(dir, 'long.yaml'), ['sites:', `  - name: ${site}`, '    pairs:', `      - { name: scada-primary, servers: { main: ${rel('pairs/healthy/main')}, standby-a: ${rel('pairs/healthy/standby-a')} } }`, `      - { name: scada-secondary, servers: { main: ${rel('pairs/drift-db-port/main')}, standby-a: ${rel('pairs/drift-db-port/standby-a')} } }`].join('\n'));
  const io = fakeIO();
  await run(['fleet', 'long.yaml', '--jobs', '1', '--format', 'text'], io);
  const text = io.out.join('');
  for (const pair of ['scada-primary', 'scada-secondary']) assert.match(text, new RegExp(`^${site}/${pair}$`, 'm'));
  assert.deepEqual(text.split('\n').filter((l) => [...l].length > 80), [], 'still 80 columns');
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
