// The fleet view model shared by every fleet format: one summary row per pair, worst first, with the labels every format shows.
import type { FleetPairResult, FleetResult, PairOutcome } from '../../fleet/types.js';
import type { AuditResult, Finding, Role, Severity } from '../../types.js';
import { roleLabel, SEVERITIES, statusLabels, verdictLabels } from '../../vocabulary.js';
import { oneLine } from '../display.js';
import { buildAuditView, collectionWarningLines, type AuditView, type FindingView, type ServerView } from '../view.js';
import { loweredRules } from '../headline-notes.js';

/** A pair's outcome as every fleet format names it: its audit verdict's label, or ERROR. */
export const outcomeLabels: Readonly<Record<PairOutcome, string>> = { ...verdictLabels, error: 'ERROR' };
/** Worst first: the order of the summary, and of the summary when sorted by outcome. */
export const outcomeOrder: readonly PairOutcome[] = ['error', 'drift', 'incomplete', 'in-parity'];

/** What the summary counts per pair: failed findings of each severity (most severe first), then unknown and waived. */
export type CountKey = Severity | 'unknown' | 'waived';
const severityColumnLabels: Readonly<Record<Severity, string>> = { blocker: 'Blockers', warning: 'Warnings', info: 'Info' };
/** The summary's count columns, in order, with their headings. */
export const countColumns: readonly { key: CountKey; label: string }[] = [
  ...SEVERITIES.map((s) => ({ key: s, label: severityColumnLabels[s] })),
  { key: 'unknown', label: statusLabels.unknown },
  { key: 'waived', label: statusLabels.waived },
];

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
  /** The summary's counts, by `countColumns` key. */
  counts: Record<CountKey, number>;
  /** The most serious finding in one line, or the error message. */
  headline: string;
  /** What collecting the pair's servers warned of, a line each (collectionWarningLines). */
  warnings: string[];
  /**
   * What the pair's verdict does not rest on, a sentence each: rules its config file set below its fail-on severity
   * (as its own audit's headline says, headline-notes.ts), and waivers naming no servers that waived its drift.
   */
  notes: string[];
  /** The servers as given in the inventory, with their roles' labels. */
  given: { role: Role; roleLabel: string; path: string }[];
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
  /** Worst outcome first, then in inventory order. */
  rows: PairRow[];
  /** `1`, or `0 (--fail-on none: reported only)`: the run's exit code as the reports state it. */
  exitCodeText: string;
}

export function buildFleetView(result: FleetResult): FleetView {
  const rows = result.pairs.map((p, index): PairRow => {
    const sum = (st: 'fail' | 'unknown' | 'waived' | 'pass'): number => p.counts.blocker[st] + p.counts.warning[st] + p.counts.info[st];
    // The top finding's message on one line, as the audit's (view.ts FindingView.message): a list's item may hold a line break.
    const topMessage = p.top ? oneLine(p.top.message) : '';
    const topText = p.top ? (topMessage.includes(p.top.setting) ? topMessage : `${p.top.setting}: ${topMessage}`) : '';
    const headline = p.outcome === 'error' ? oneLine(p.error ?? 'error') : p.top ? `${p.top.severity} ${p.top.status === 'fail' ? 'failed' : p.top.status}: ${topText}` : 'no failing finding';
    const failed = { blocker: p.counts.blocker.fail, warning: p.counts.warning.fail, info: p.counts.info.fail };
    const unknown = sum('unknown');
    const waived = sum('waived');
    return {
      index,
      // Names from the inventory: one line each, or what follows a line break reads as a row of the summary.
      id: oneLine(p.id),
      site: oneLine(p.site),
      name: oneLine(p.name),
      outcome: p.outcome,
      outcomeLabel: outcomeLabels[p.outcome],
      exitCode: p.exitCode,
      failed,
      unknown,
      waived,
      passed: sum('pass'),
      counts: { ...failed, unknown, waived },
      headline,
      warnings: p.audit === undefined ? [] : collectionWarningLines(p.audit.servers),
      notes: pairNotes(p),
      given: p.servers.map((s) => ({ role: s.role, roleLabel: roleLabel(s.role), path: s.path })),
      pair: p,
    };
  });
  rows.sort((a, b) => outcomeOrder.indexOf(a.outcome) - outcomeOrder.indexOf(b.outcome) || a.index - b.index);
  const o = result.outcomes;
  const parts = outcomeOrder.filter((k) => o[k] > 0 || k === 'in-parity').map((k) => `${o[k]} ${outcomeLabels[k].toLowerCase()}`);
  const worst = outcomeOrder.find((k) => o[k] > 0) ?? 'in-parity';
  const exitCodeText = result.reportOnly === true ? `${result.exitCode} (--fail-on none: reported only)` : String(result.exitCode);
  return { result, summary: `${rows.length} pair${rows.length === 1 ? '' : 's'}: ${parts.join(', ')}`, worst, worstLabel: outcomeLabels[worst], rows, exitCodeText };
}

/** A pair's notes (PairRow.notes); none for a pair that could not be audited. */
function pairNotes(p: FleetPairResult): string[] {
  if (p.audit === undefined) return [];
  const lowered = loweredRules(p.audit);
  // Values from the inventory and its files: one line each, as the rest of the row.
  return [...(lowered === undefined ? [] : [`${lowered.charAt(0).toUpperCase()}${lowered.slice(1)}.`]), ...(p.unscopedWaivers ?? []).map((w) => oneLine(`${w}.`))];
}

/** An audited pair's page in the HTML and PDF reports: its audit's view, what it lists, and the one-line notes. */
export interface PairDetail {
  audit: AuditView;
  /** The audit's servers, each with its file as given in the inventory. */
  servers: (ServerView & { given: string })[];
  /** Failed, unknown and waived findings but the "not collected" notes (they are `notes`). */
  findings: FindingView[];
  notes?: string;
}

/** The page of an audited pair; undefined for a pair that could not be audited. */
export function pairDetail(row: PairRow): PairDetail | undefined {
  const audit = row.pair.audit;
  if (audit === undefined) return undefined;
  const view = buildAuditView(audit);
  return {
    audit: view,
    servers: view.servers.map((s) => ({ ...s, given: row.given.find((g) => g.role === s.role)?.path ?? '' })),
    findings: view.findings.filter((f) => f.status !== 'pass' && !isNotCollectedNote(audit.findings[f.index])),
    notes: notCollectedLine(audit),
  };
}
/** Whether a finding is a "not collected by this collector version" note (engine/evidence.ts). */
function isNotCollectedNote(f: Finding): boolean {
  return f.messageId === 'notCollected' && f.status === 'unknown' && f.severity === 'info';
}

/**
 * A pair's "not collected" notes in one line, for the fleet's pair pages: a pair collected with an earlier
 * collection script has one note per check, which its own report lists; the fleet says it once.
 */
function notCollectedLine(audit: AuditResult): string | undefined {
  const notes = audit.findings.filter(isNotCollectedNote);
  if (notes.length === 0) return undefined;
  const roles = new Set(notes.flatMap((f) => f.servers));
  const servers = audit.servers.filter((s) => roles.has(s.role)).map((s) => roleLabel(s.role));
  const files = [...new Set(notes.flatMap((f) => String(f.data?.evidence ?? '').split(/, | and /)).filter((x) => x !== ''))].sort();
  const rules = [...new Set(notes.map((f) => f.ruleId))].sort();
  return `Not collected by this collector version on ${servers.length > 1 ? `${servers.slice(0, -1).join(', ')} and ${servers[servers.length - 1]}` : servers[0]}: ${files.join(', ')}, so ${rules.length} check${rules.length === 1 ? '' : 's'} (${rules.join(', ')}) did not run (info, verdict unchanged); update the collection script (collectors/) and collect again.`;
}
