// `pairaudit report` on a hand-edited saved result: every field a report reads is checked before anything is drawn,
// so that a wrong one is one line naming it (exit 2), and an error while drawing is pairaudit's own (exit 70), not
// excused as the file's. The command caught every TypeError of the formatters and blamed the file; the fields below
// were not checked (a null among the waivers, a finding's source key, a fleet pair's counts, a changeover's checks).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './cli-harness.js';
import { bundleCopy, fixtureBundle, repoRoot, runCli as runHistoryCli, tempDir } from './history-fixtures.js';

type Json = Record<string, unknown>;
type Path = (string | number)[];
const pairs = join(repoRoot, 'fixtures', 'pairs');
const work = tempDir('pairaudit-report-fields-');
const saved: Record<'audit' | 'fleet' | 'changes', Json> = { audit: {}, fleet: {}, changes: {} };

/** Saves a result of each kind once: an audit with a waiver that matched nothing, a fleet of two pairs, a change record with a changeover. */
before(async () => {
  const d = work.dir;
  writeFileSync(join(d, 'w.yaml'), ['- ruleId: db-port', '  setting: db.port', '  reason: never used', '  approvedBy: A. N. Other', '  expires: 2099-01-01', '  values: { main: 5481, standby-a: 5481 }'].join('\n'));
  let r = await runCli(['audit', join(pairs, 'drift-db-port', 'main'), join(pairs, 'drift-db-port', 'standby-a'), '--waivers', 'w.yaml', '-f', 'json', '-o', 'audit.json', '--fail-on', 'none'], { cwd: d });
  assert.equal(r.code, 0, r.stderr);
  writeFileSync(join(d, 'fleet.yaml'), ['sites:', '  - name: North', '    pairs:', ...['drift-db-port', 'healthy'].map((p) => `      - { name: ${p}, servers: { main: ${JSON.stringify(join(pairs, p, 'main'))}, standby-a: ${JSON.stringify(join(pairs, p, 'standby-a'))} } }`)].join('\n'));
  r = await runCli(['fleet', 'fleet.yaml', '-f', 'json', '-o', 'fleet.json'], { cwd: d });
  assert.equal(r.code, 1, r.stderr);
  // A pre-changeover check (NO-GO: the ports differ), then the roles swapped and the port mended.
  const store = ['--store', join(d, 'store')];
  const check = async (main: string, standby: string, now: string): Promise<void> => {
    const c = await runHistoryCli(['check', main, standby, '--pair', 'North/scada', '--record', '--author', 'J. Smith', '--ticket', 'CHG-1', '-f', 'json', '-o', join(d, 'c.json'), ...store], { cwd: d, now });
    assert.ok(c.code <= 1, c.stderr);
  };
  await check(bundleCopy(d, 'n1', fixtureBundle('drift-db-port', 'main'), '2026-11-24T10:00:00Z'), bundleCopy(d, 'n2', fixtureBundle('drift-db-port', 'standby-a'), '2026-11-24T10:00:30Z'), '2026-11-24T10:05:00Z');
  await check(bundleCopy(d, 'n2b', fixtureBundle('healthy', 'standby-a'), '2026-11-24T11:00:20Z', 'main'), bundleCopy(d, 'n1b', fixtureBundle('healthy', 'main'), '2026-11-24T11:00:00Z', 'standby-a'), '2026-11-24T11:05:00Z');
  r = await runHistoryCli(['changes', '-f', 'json', '-o', join(d, 'changes.json'), ...store], { cwd: d, now: '2026-11-24T12:00:00Z' });
  assert.equal(r.code, 0, r.stderr);
  for (const kind of ['audit', 'fleet', 'changes'] as const) saved[kind] = JSON.parse(readFileSync(join(d, `${kind}.json`), 'utf8')) as Json;
  // Each list cut to its first element, so that every field of each kind of element is there once (the sweeps below).
  const audit = saved.audit as { findings: Json[]; sources: Json; servers: { coverage?: { groups: Json } }[] };
  audit.findings = audit.findings.filter((f) => f.status === 'fail').slice(0, 1);
  // Tables keyed by data (the documents cited, the profile's groups): two entries each are enough.
  const firstTwo = (o: Json): Json => Object.fromEntries(Object.entries(o).slice(0, 2));
  audit.sources = firstTwo(audit.sources);
  for (const s of audit.servers) if (s.coverage !== undefined) s.coverage.groups = firstTwo(s.coverage.groups);
  for (const p of (saved.fleet as { pairs: { audit?: { findings: Json[] } }[] }).pairs) if (p.audit !== undefined) p.audit.findings = p.audit.findings.slice(0, 1);
  const changes = saved.changes as { changeovers: { changes: Json[] }[] };
  assert.equal(changes.changeovers.length, 1, 'the record holds the changeover');
  assert.ok(changes.changeovers[0].changes.length > 0, 'and the port change across it');
});
after(() => work.cleanup());

/** `doc` with the field at `path` set to `value`. */
function mutated(doc: Json, path: Path, value: unknown): Json {
  const copy = structuredClone(doc);
  let o = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path.at(-1) as string | number] = value;
  return copy;
}

/** Every field's path in `doc` (lists: their first element's). */
function paths(doc: unknown, at: Path = []): Path[] {
  const out: Path[] = at.length > 0 ? [at] : [];
  if (Array.isArray(doc)) return doc.length > 0 ? [...out, ...paths(doc[0], [...at, 0])] : out;
  if (typeof doc === 'object' && doc !== null) for (const [k, v] of Object.entries(doc)) out.push(...paths(v, [...at, k]));
  return out;
}

async function report(doc: Json, format: string): Promise<{ code: number; stderr: string }> {
  writeFileSync(join(work.dir, 'r.json'), JSON.stringify(doc));
  return runCli(['report', 'r.json', '-f', format], { cwd: work.dir });
}

// Each was a TypeError while drawing (blamed on the file by a catch of every TypeError, which hid pairaudit's own bugs
// as well), or drawn as "undefined"; each is now refused before drawing, naming the field.
const refused: { kind: keyof typeof saved; path: Path; value: unknown; format: string; field: string }[] = [
  { kind: 'audit', path: ['tool', 'version'], value: 7, format: 'md', field: 'tool.version' },
  { kind: 'audit', path: ['servers', 0, 'collectedAt'], value: 7, format: 'md', field: 'servers[0]' },
  { kind: 'audit', path: ['findings', 0, 'sources', 'main', 'key'], value: null, format: 'text', field: 'findings[0].sources' },
  { kind: 'audit', path: ['findings', 0, 'remediation'], value: 7, format: 'md', field: 'findings[0].remediation' },
  { kind: 'audit', path: ['waivers', 0], value: null, format: 'html', field: 'waivers' },
  { kind: 'audit', path: ['servers', 0, 'sources', 0], value: null, format: 'pdf', field: 'servers[0].sources' },
  { kind: 'audit', path: ['waivers', 0, 'state'], value: 'x', format: 'md', field: 'waivers' },
  { kind: 'fleet', path: ['pairs', 0, 'counts', 'blocker'], value: null, format: 'text', field: 'pairs[0].counts' },
  { kind: 'fleet', path: ['pairs', 0, 'servers', 0], value: null, format: 'text', field: 'pairs[0].servers' },
  { kind: 'fleet', path: ['pairs', 0, 'top', 'message'], value: null, format: 'text', field: 'pairs[0].top' },
  { kind: 'fleet', path: ['pairs', 0, 'audit', 'tool'], value: null, format: 'junit', field: 'pairs[0].audit.tool' },
  { kind: 'changes', path: ['servers', 0], value: null, format: 'html', field: 'servers' },
  { kind: 'changes', path: ['signOff', 0, 'role'], value: null, format: 'md', field: 'signOff' },
  { kind: 'changes', path: ['signers'], value: [null], format: 'text', field: 'signers' },
  { kind: 'changes', path: ['changes', 0, 'ticket'], value: 7, format: 'md', field: 'changes[0].ticket' },
  { kind: 'changes', path: ['changeovers', 0, 'between'], value: null, format: 'text', field: 'changeovers[0].between' },
  { kind: 'changes', path: ['changeovers', 0, 'rolesAfter', 0], value: null, format: 'text', field: 'changeovers[0].rolesAfter' },
  { kind: 'changes', path: ['changeovers', 0, 'preCheck'], value: {}, format: 'md', field: 'changeovers[0].preCheck' },
  { kind: 'changes', path: ['changeovers', 0, 'changes', 0, 'who'], value: null, format: 'md', field: 'changeovers[0].changes[0].who' },
  { kind: 'changes', path: ['changeovers', 0, 'note'], value: 7, format: 'md', field: 'changeovers[0]' },
  { kind: 'changes', path: ['changeovers', 0, 'changes', 0, 'kindLabel'], value: 7, format: 'pdf', field: 'changeovers[0].changes[0].kindLabel' },
];

for (const c of refused) {
  test(`report refuses a saved ${c.kind} result whose ${c.path.join('.')} is ${JSON.stringify(c.value)}: one line naming "${c.field}", exit 2`, async () => {
    const r = await report(mutated(saved[c.kind], c.path, c.value), c.format);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`^pairaudit: r\\.json: not a .*"${c.field.replace(/[[\].]/g, '\\$&')}"[^\\n]*\\n$`));
  });
}

// Every field of each kind of result set to null and to a number, drawn as text and in one of the other formats in
// turn: drawn (exit 0) or refused in one line (exit 2), never an internal error.
const sweeps: { kind: keyof typeof saved; formats: string[] }[] = [
  { kind: 'audit', formats: ['text', 'md', 'html', 'junit'] },
  { kind: 'fleet', formats: ['text', 'md', 'html'] },
  { kind: 'changes', formats: ['text', 'md', 'html'] },
];
for (const s of sweeps) {
  test(`report on a saved ${s.kind} result with any one field null or a number: drawn, or refused in one line (${s.formats.join(', ')})`, async () => {
    const wrong: string[] = [];
    // A fleet pair's audit is checked as an audit result is (the audit sweep): its own fields are left out here.
    const fields = paths(saved[s.kind]).filter((p) => !(s.kind === 'fleet' && p[2] === 'audit' && p.length > 4));
    for (const [i, path] of fields.entries()) {
      for (const [v, value] of [null, 7].entries()) {
        const doc = mutated(saved[s.kind], path, value);
        // Text always; the other formats in turn (what only one of them reads is in the table above).
        const others = s.formats.slice(1);
        for (const format of [s.formats[0], ...(others.length > 0 ? [others[(2 * i + v) % others.length]] : [])]) {
          const r = await report(doc, format);
          if (r.code === 0 || (r.code === 2 && /^pairaudit: [^\n]*\n$/.test(r.stderr))) continue;
          wrong.push(`${path.join('.')} = ${JSON.stringify(value)} -f ${format}: exit ${r.code}: ${r.stderr.split('\n').slice(0, 2).join(' | ')}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });
}
