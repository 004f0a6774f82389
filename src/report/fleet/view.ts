// The fleet view model shared by every fleet format: one summary row per pair, in a stable order.
import type { FleetPairResult, FleetResult, PairOutcome } from '../../fleet/types.js';
import type { AuditResult, Finding, Severity } from '../../types.js';
import { roleLabel } from '../../vocabulary.js';

export const outcomeLabels: Record<PairOutcome, string> = { 'in-parity': 'IN PARITY', drift: 'DRIFT', incomplete: 'INCOMPLETE', error: 'ERROR' };
/** Worst first: the order of the summary when sorted by outcome. */
export const outcomeOrder: readonly PairOutcome[] = ['error', 'drift', 'incomplete', 'in-parity'];

export interface PairRow {
  /** 0-based position in the inventory: anchors (`pair-3`) and stable sorting. */
  index: number;
  id: string;
  site: string;
  name: string;
  outcome: PairOutcome;
  outcomeLabel: string;
  exitCode: number;
  /** Failed findings per severity. */
  failed: Record<Severity, number>;
  unknown: number;
  waived: number;
  passed: number;
  /** The most serious finding in one line, or the error message. */
  headline: string;
  pair: FleetPairResult;
}

export interface FleetView {
  result: FleetResult;
  /** `12 pairs: 8 in parity, 3 drift, 1 error`. */
  summary: string;
  /** The fleet's overall state: the worst pair's outcome. */
  worst: PairOutcome;
  /** `DRIFT`, `IN PARITY`, …: the worst outcome's label. */
  worstLabel: string;
  rows: PairRow[];
}

export function buildFleetView(result: FleetResult): FleetView {
  const rows = result.pairs.map((p, index): PairRow => {
    const sum = (st: 'fail' | 'unknown' | 'waived' | 'pass'): number => p.counts.blocker[st] + p.counts.warning[st] + p.counts.info[st];
    const topText = p.top ? (p.top.message.includes(p.top.setting) ? p.top.message : `${p.top.setting}: ${p.top.message}`) : '';
    const headline = p.outcome === 'error' ? (p.error ?? 'error') : p.top ? `${p.top.severity} ${p.top.status === 'fail' ? 'failed' : p.top.status}: ${topText}` : 'no failing finding';
    return {
      index,
      id: p.id,
      site: p.site,
      name: p.name,
      outcome: p.outcome,
      outcomeLabel: outcomeLabels[p.outcome],
      exitCode: p.exitCode,
      failed: { blocker: p.counts.blocker.fail, warning: p.counts.warning.fail, info: p.counts.info.fail },
      unknown: sum('unknown'),
      waived: sum('waived'),
      passed: sum('pass'),
      headline,
      pair: p,
    };
  });
  const o = result.outcomes;
  const parts = outcomeOrder.filter((k) => o[k] > 0 || k === 'in-parity').map((k) => `${o[k]} ${outcomeLabels[k].toLowerCase()}`);
  const worst = outcomeOrder.find((k) => o[k] > 0) ?? 'in-parity';
  return { result, summary: `${rows.length} pair${rows.length === 1 ? '' : 's'}: ${parts.join(', ')}`, worst, worstLabel: outcomeLabels[worst], rows };
}

/** Whether a finding is a "not collected by this collector version" note (engine/evidence.ts). */
export function isNotCollectedNote(f: Finding): boolean {
  return f.messageId === 'notCollected' && f.status === 'unknown' && f.severity === 'info';
}

/**
 * A pair's "not collected" notes in one line, for the fleet's pair pages: a pair collected with an earlier
 * collection script has one note per check, which its own report lists; the fleet says it once.
 */
export function notCollectedLine(audit: AuditResult): string | undefined {
  const notes = audit.findings.filter(isNotCollectedNote);
  if (notes.length === 0) return undefined;
  const roles = new Set(notes.flatMap((f) => f.servers));
  const servers = audit.servers.filter((s) => roles.has(s.role)).map((s) => roleLabel(s.role));
  const files = [...new Set(notes.flatMap((f) => String(f.data?.evidence ?? '').split(/, | and /)).filter((x) => x !== ''))].sort();
  const rules = [...new Set(notes.map((f) => f.ruleId))].sort();
  return `Not collected by this collector version on ${servers.length > 1 ? `${servers.slice(0, -1).join(', ')} and ${servers[servers.length - 1]}` : servers[0]}: ${files.join(', ')}, so ${rules.length} check${rules.length === 1 ? '' : 's'} (${rules.join(', ')}) did not run (info, verdict unchanged); update the collection script (collectors/) and collect again.`;
}
