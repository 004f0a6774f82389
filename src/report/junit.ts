// JUnit XML for CI dashboards: one test suite per server pair, one test case per finding (rule × setting × pair).
import type { AuditResult } from '../types.js';
import type { FormatContext } from './context.js';
import { escapeXml } from './escape.js';
import { buildAuditView, shownLines, type FindingView, type ValueView, type WaiverView } from './view.js';

/**
 * Status mapping (documented in SCHEMA.md): fail → <failure type="severity">, unknown and waived →
 * <skipped> with the reason, pass → an empty test case. Failures below --fail-on are still failures.
 */
export function formatJunit(result: AuditResult, _ctx?: FormatContext): string {
  const view = buildAuditView(result);
  const byPair = new Map<string, FindingView[]>();
  for (const f of view.findings) {
    const list = byPair.get(f.pair) ?? [];
    list.push(f);
    byPair.set(f.pair, list);
  }
  const attr = (s: string): string => escapeXml(s, true);
  const count = (list: FindingView[], pred: (f: FindingView) => boolean): number => list.filter(pred).length;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = view.findings;
  out.push(
    `<testsuites name="${attr(`pairaudit ${view.kind}: ${view.pair}`)}" tests="${all.length}" failures="${count(all, (f) => f.status === 'fail')}" errors="0" skipped="${count(all, (f) => f.status === 'unknown' || f.status === 'waived')}" time="0" timestamp="${attr(view.generatedAt)}">`,
  );
  for (const [pair, list] of [...byPair].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(
      `  <testsuite name="${attr(pair)}" tests="${list.length}" failures="${count(list, (f) => f.status === 'fail')}" errors="0" skipped="${count(list, (f) => f.status === 'unknown' || f.status === 'waived')}" time="0" timestamp="${attr(view.generatedAt)}">`,
    );
    out.push('    <properties>');
    out.push(`      <property name="verdict" value="${attr(view.verdict)}"/>`);
    if (view.goLabel) out.push(`      <property name="go" value="${attr(view.goLabel)}"/>`);
    out.push(`      <property name="failOn" value="${attr(view.failOn)}"/>`);
    // A verdict that does not rest on rules a config file lowered says so where a CI dashboard shows the suite.
    if (view.severityOverrides !== undefined) out.push(`      <property name="severityOverrides" value="${attr(view.severityOverrides)}"/>`);
    if (view.unscopedWaivers !== undefined) out.push(`      <property name="unscopedWaivers" value="${attr(view.unscopedWaivers)}"/>`);
    out.push(`      <property name="rulePack.hash" value="${attr(view.rulePack.hash)}"/>`);
    out.push(`      <property name="tool.version" value="${attr(`${view.tool.name} ${view.tool.version}`)}"/>`);
    for (const s of view.servers) out.push(`      <property name="${attr(`server.${s.role}`)}" value="${attr(`${s.label} ${s.fingerprint}`)}"/>`);
    out.push('    </properties>');
    for (const f of list) out.push(...testcase(f, view.waivers));
    // What collecting the servers' evidence warned of: where CI dashboards show a suite's error output.
    if (view.collectionWarnings.length > 0) out.push(`    <system-err>${escapeXml(`Collection warnings:\n${view.collectionWarnings.join('\n')}`)}</system-err>`);
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

/**
 * A server's value in a failure's text: one line, or a key's settings gathered (`name = value` lines) a line each
 * under the server, as every format shows them (a line break inside a setting already shown as ⏎, view.ts shownLines).
 */
function valueLines(f: FindingView, v: ValueView): string[] {
  const label = `${v.roleLabel} (${v.server}):`;
  const gathered = shownLines(f, v);
  if (gathered === undefined) return [`${label} ${v.text}${v.where ? `  at ${v.where}` : ''}`];
  return [label, ...gathered.map((line) => `  ${line}`), ...(v.where ? [`  at ${v.where}`] : [])];
}

function testcase(f: FindingView, waivers: WaiverView[]): string[] {
  const open = `    <testcase classname="${escapeXml(`pairaudit.${f.category}.${f.ruleId}`, true)}" name="${escapeXml(`${f.setting} [${f.severity}]`, true)}" time="0"`;
  // A failure whose waiver lapsed says so, and which value changed from what to what.
  const lapsed = f.status === 'fail' && f.waiver !== undefined ? waivers.find((w) => w.ruleId === f.ruleId && w.setting === f.setting && w.state === f.waiver!.state) : undefined;
  const details = [
    f.message,
    ...f.values.flatMap((v) => valueLines(f, v)),
    ...(lapsed ? [`Waiver ${lapsed.stateLabel} (approved by ${lapsed.approvedBy} until ${lapsed.expires}: ${lapsed.reason})`, ...lapsed.changes.map((c) => `  ${c}`)] : []),
    ...f.changes.map((c) => `Changed: ${c}`),
    ...(f.remediation ? [`Fix: ${f.remediation}`] : []),
  ].join('\n');
  if (f.status === 'fail') {
    return [`${open}>`, `      <failure message="${escapeXml(f.message, true)}" type="${f.severity}">${escapeXml(details)}</failure>`, '    </testcase>'];
  }
  if (f.status === 'unknown') {
    return [`${open}>`, `      <skipped message="${escapeXml(`unknown: evidence ${f.evidence ?? 'missing'}: ${f.message}`, true)}"/>`, '    </testcase>'];
  }
  if (f.status === 'waived') {
    const w = f.waiver;
    const why = w ? `waived by ${w.approvedBy} until ${w.expires}: ${w.reason}` : 'waived';
    return [`${open}>`, `      <skipped message="${escapeXml(why, true)}"/>`, '    </testcase>'];
  }
  return [`${open}/>`];
}
