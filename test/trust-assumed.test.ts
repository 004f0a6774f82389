// Findings that rest on a profile mapping public documents do not confirm carry `assumed: true` and a visible mark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from './cli-harness.js';
import type { AuditResult } from '../src/types.js';

const ROOT = join(import.meta.dirname, '..');
const now = '2026-11-20T08:20:00Z';
const pair = (s: string) => [`fixtures/pairs/${s}/main`, `fixtures/pairs/${s}/standby-a`];

// [scenario, rule, setting, assumed]: Partners\StandbyA\Compress is assumed; DB\Port is confirmed by the vendor's ports page.
const CASES: [string, string, string, boolean][] = [
  ['drift-compression', 'partners-compression', 'partners.standbyA.compress', true],
  ['drift-historic-retention', 'historic-retention', 'historic.historicData.keepOnlineWeeks', true],
  ['drift-db-port', 'db-port', 'db.port', false],
];

for (const [scenario, ruleId, setting, assumed] of CASES) {
  test(`${scenario}: ${ruleId} on ${setting} is ${assumed ? '' : 'not '}marked assumed in JSON, text and Markdown`, async () => {
    const json = await runCli(['audit', ...pair(scenario), '--format', 'json'], { cwd: ROOT, now });
    const f = (JSON.parse(json.stdout) as AuditResult).findings.find((x) => x.ruleId === ruleId && x.setting === setting && x.status === 'fail');
    assert.ok(f, `no failed ${ruleId} finding`);
    assert.equal(f.assumed, assumed ? true : undefined);
    const text = await runCli(['audit', ...pair(scenario), '--format', 'text'], { cwd: ROOT, now });
    const head = text.stdout.split('\n').find((l) => l.startsWith(`x ${setting} `)) ?? '';
    assert.equal(head.includes('[assumed mapping]'), assumed, head);
    const md = await runCli(['audit', ...pair(scenario), '--format', 'markdown'], { cwd: ROOT, now });
    const row = md.stdout.split('\n').find((l) => l.includes(`\`${setting}\``)) ?? '';
    assert.equal(row.includes('*(assumed mapping)*'), assumed, row);
  });
}

test('HTML: the assumed flag travels in the finding data and the script renders a mark', async () => {
  const html = await runCli(['audit', ...pair('drift-compression'), '--format', 'html'], { cwd: ROOT, now });
  assert.match(html.stdout, /"as":1/);
  assert.match(html.stdout, /if \(f\.as\) setting\.appendChild\(el\('span', 'assumed', 'assumed mapping'\)\)/);
});
