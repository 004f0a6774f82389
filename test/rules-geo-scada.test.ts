// The bundled Geo SCADA pack: every rule's table of in-parity and drifted cases, and the meta-checks on the pack itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRules, runRuleCases, formatRuleCatalogMarkdown, type RuleCaseTable } from '../src/engine/index.js';
import { defaultProfile } from '../src/collect/profile/load.js';

const PACK_DIR = join(fileURLToPath(new URL('..', import.meta.url)), 'rules', 'geo-scada');
const pack = await loadRules([PACK_DIR]);

function table(id: string): RuleCaseTable | undefined {
  const file = join(PACK_DIR, `${id}.test.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RuleCaseTable) : undefined;
}

for (const rule of pack.rules) {
  const cases = table(rule.id);
  test(`rule ${rule.id}: cases`, () => {
    assert.ok(cases, `${rule.id}: missing ${rule.id}.test.json beside the rule`);
    // Cases with `profile: true` are judged against the bundled profile, as `rules test` judges them.
    const problems = runRuleCases(rule, cases, { profile: defaultProfile() }).filter((o) => o.problem !== undefined);
    assert.deepEqual(problems, []);
  });
}

test('pack: at least 25 rules, one of them the catch-all', () => {
  assert.ok(pack.rules.length >= 25, `only ${pack.rules.length} rules`);
  assert.ok(pack.rules.some((r) => r.compare.kind === 'catch-all'));
});

test('pack: every rule has a rationale citing its references, a remediation, and both kinds of case', () => {
  const problems: string[] = [];
  for (const r of pack.rules) {
    if (r.references.length === 0) problems.push(`${r.id}: no references (vendor documents)`);
    const cited = [...r.rationale.matchAll(/\[([A-Z0-9]+)\]/g)].map((m) => m[1]);
    if (cited.length === 0) problems.push(`${r.id}: rationale cites no [TAG]`);
    for (const tag of cited) if (!r.references.some((x) => x.tag === tag)) problems.push(`${r.id}: rationale cites [${tag}] but references lack it`);
    if (r.remediation.trim().length < 20) problems.push(`${r.id}: remediation too short to say where to fix it`);
    const cases = table(r.id);
    if (cases === undefined) problems.push(`${r.id}: no test table`);
    else {
      if (cases.valid.length === 0) problems.push(`${r.id}: no valid case`);
      if (cases.invalid.length === 0) problems.push(`${r.id}: no invalid case`);
    }
  }
  assert.deepEqual(problems, []);
});

test('pack: one source table; every source in it is cited, and every citation (rationale, override notes) is a reference', () => {
  const table = JSON.parse(readFileSync(join(PACK_DIR, 'sources.json'), 'utf8')) as Record<string, { title: string; url: string }>;
  const cited = new Set(pack.rules.flatMap((r) => r.references.map((x) => x.tag)));
  assert.deepEqual(Object.keys(table).filter((tag) => !cited.has(tag)), [], 'sources nobody cites');
  const problems: string[] = [];
  for (const r of pack.rules) {
    const notes = (r.appliesTo?.overrides ?? []).map((o) => o.note ?? '').join(' ');
    for (const m of notes.matchAll(/\[([A-Z0-9]+)\]/g)) if (!r.references.some((x) => x.tag === m[1])) problems.push(`${r.id}: an override note cites [${m[1]}] but references lack it`);
    for (const x of r.references) assert.deepEqual({ title: x.title, url: x.url }, table[x.tag], `${r.id} [${x.tag}] resolves through sources.json`);
  }
  assert.deepEqual(problems, []);
});

test("pack: sources are on the vendor's own sites over https; the two pages it lacks are named as a mirror", () => {
  const table = JSON.parse(readFileSync(join(PACK_DIR, 'sources.json'), 'utf8')) as Record<string, { title: string; url: string }>;
  // The ClearSCADA 2015 R2 help mirror (plain HTTP on a bare IP) stays only where the vendor's help site has no
  // copy of the page; the title says so, for an auditor.
  const mirrored = Object.entries(table).filter(([, s]) => !s.url.startsWith('https://') || /^https?:\/\/\d+\.\d+\.\d+\.\d+/.test(s.url));
  assert.deepEqual(mirrored.map(([tag]) => tag).sort(), ['EJ', 'WERR']);
  for (const [tag, s] of mirrored) assert.match(s.title, /third-party mirror/, tag);
});

test('pack: no test table without its rule', () => {
  const ids = new Set(pack.rules.map((r) => r.id));
  const orphans = readdirSync(PACK_DIR)
    .filter((f) => f.endsWith('.test.json'))
    .map((f) => f.slice(0, -'.test.json'.length))
    .filter((id) => !ids.has(id));
  assert.deepEqual(orphans, []);
});

const BEGIN = '<!-- rules:begin (generated from the rule files; do not edit) -->\n';
const END = '<!-- rules:end -->';

test('pack: README documents every rule (PAIRAUDIT_WRITE_README=1 regenerates its table)', () => {
  const file = join(PACK_DIR, 'README.md');
  const readme = readFileSync(file, 'utf8');
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  assert.ok(start >= 0 && end > start, 'rules/geo-scada/README.md lacks the generated rules table markers');
  const expected = readme.slice(0, start + BEGIN.length) + formatRuleCatalogMarkdown(pack) + readme.slice(end);
  if (process.env.PAIRAUDIT_WRITE_README === '1') writeFileSync(file, expected);
  else assert.equal(readme, expected, 'rules/geo-scada/README.md is out of date; run PAIRAUDIT_WRITE_README=1 node --import tsx --test test/rules-geo-scada.test.ts');
});
