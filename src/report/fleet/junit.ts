// Fleet JUnit: one test suite per pair and server pair (as `audit --format junit` writes them), an <error> for a pair that could not be audited.
import type { FleetResult } from '../../fleet/types.js';
import type { FormatContext } from '../context.js';
import { escapeXml } from '../escape.js';
import { formatJunit } from '../junit.js';

export function formatFleetJunit(result: FleetResult, _ctx?: FormatContext): string {
  const attr = (s: string): string => escapeXml(s, true);
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const p of result.pairs) {
    if (!p.audit) {
      tests++;
      errors++;
      suites.push(
        `  <testsuite name="${attr(p.id)}" tests="1" failures="0" errors="1" skipped="0" time="0" timestamp="${attr(result.generatedAt)}">`,
        `    <testcase classname="pairaudit.fleet" name="${attr(`${p.id} input`)}" time="0">`,
        `      <error message="${attr(p.error ?? 'error')}" type="input">${escapeXml(p.error ?? '')}</error>`,
        '    </testcase>',
        '  </testsuite>',
      );
      continue;
    }
    // The audit's own suites, renamed after the pair; their attributes are escaped already, so no markup hides inside.
    const xml = formatJunit(p.audit);
    if (!xml.includes('<testsuite ')) {
      // No failed, unknown or waived finding: one passing case, so that every pair shows on the dashboard.
      tests++;
      suites.push(
        `  <testsuite name="${attr(p.id)}" tests="1" failures="0" errors="0" skipped="0" time="0" timestamp="${attr(result.generatedAt)}">`,
        `    <testcase classname="${attr(p.id)}.audit" name="${attr(`${p.outcome}: ${p.audit.totals.pass} checks passed`)}" time="0"/>`,
        '  </testsuite>',
      );
      continue;
    }
    for (const m of xml.matchAll(/ {2}<testsuite name="([^"]*)"([^>]*)>([\s\S]*?)\n {2}<\/testsuite>/g)) {
      const counts = /tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/.exec(m[2]);
      if (counts) {
        tests += Number(counts[1]);
        failures += Number(counts[2]);
        errors += Number(counts[3]);
        skipped += Number(counts[4]);
      }
      suites.push(`  <testsuite name="${attr(p.id)}: ${m[1]}"${m[2]}>${m[3].replace(/classname="pairaudit\./g, `classname="${attr(p.id)}.`)}`, '  </testsuite>');
    }
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(`pairaudit fleet: ${result.inventory}`)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="0" timestamp="${attr(result.generatedAt)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
