// Fleet JUnit: one test suite per pair and server pair (as `audit --format junit` writes them), an <error> for a pair that could not be audited.
import type { FleetPairResult, FleetResult } from '../../fleet/types.js';
import type { FormatContext } from '../context.js';
import { escapeXml } from '../escape.js';
import { formatJunit } from '../junit.js';
import { loweredRules } from '../headline-notes.js';

/**
 * What a pair's verdict does not rest on, as suite properties: rules its config file set lower (the property the
 * audit's own suites carry) and each waiver naming no servers that waived its drift.
 */
function noteProperties(p: FleetPairResult, attr: (s: string) => string, withLowered: boolean): string[] {
  const lowered = p.audit === undefined ? undefined : loweredRules(p.audit);
  return [
    ...(withLowered && lowered !== undefined ? [`      <property name="severityOverrides" value="${attr(`${lowered.charAt(0).toUpperCase()}${lowered.slice(1)}.`)}"/>`] : []),
    ...(p.unscopedWaivers ?? []).map((w) => `      <property name="unscopedWaiver" value="${attr(w)}"/>`),
  ];
}

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
      const properties = noteProperties(p, attr, true);
      suites.push(
        [
          `  <testsuite name="${attr(p.id)}" tests="1" failures="0" errors="0" skipped="0" time="0" timestamp="${attr(result.generatedAt)}">`,
          ...(properties.length > 0 ? ['    <properties>', ...properties, '    </properties>'] : []),
          `    <testcase classname="${attr(p.id)}.audit" name="${attr(`${p.outcome}: ${p.audit.totals.pass} checks passed`)}" time="0"/>`,
          '  </testsuite>',
        ].join('\n'),
      );
      continue;
    }
    // The audit's suites carry its severityOverrides property already; the waivers naming no servers are the fleet's.
    const added = noteProperties(p, attr, false);
    for (const m of xml.matchAll(/ {2}<testsuite name="([^"]*)"([^>]*)>([\s\S]*?)\n {2}<\/testsuite>/g)) {
      const counts = /tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/.exec(m[2]);
      if (counts) {
        tests += Number(counts[1]);
        failures += Number(counts[2]);
        errors += Number(counts[3]);
        skipped += Number(counts[4]);
      }
      const body = m[3].replace(/classname="pairaudit\./g, `classname="${attr(p.id)}.`).replace('\n    </properties>', () => `${added.map((l) => `\n${l}`).join('')}\n    </properties>`);
      suites.push(`  <testsuite name="${attr(p.id)}: ${m[1]}"${m[2]}>${body}`, '  </testsuite>');
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
