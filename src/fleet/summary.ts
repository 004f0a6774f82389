// Pure summaries of a fleet: a pair's outcome and exit code from its audit, and the fleet's totals and worst exit code.
import { ExitCode } from '../errors.js';
import type { AuditResult, Counts } from '../types.js';
import type { FleetPairResult, FleetResult, InventoryPair, PairOutcome } from './types.js';
import { SEVERITIES, STATUSES } from '../vocabulary.js';


export function emptyCounts(): Counts {
  const counts = {} as Counts;
  for (const sev of SEVERITIES) counts[sev] = { fail: 0, unknown: 0, waived: 0, pass: 0 };
  return counts;
}

/**
 * How bad an exit code is, for "the exit code is the worst of the pairs'": an internal error, then an input
 * error, then drift, then incomplete evidence, then in parity.
 */
const EXIT_RANK: Record<number, number> = { [ExitCode.OK]: 0, [ExitCode.INCOMPLETE]: 1, [ExitCode.DRIFT]: 2, [ExitCode.INPUT]: 3, [ExitCode.INTERNAL]: 4 };

export function worstExitCode(codes: Iterable<number>): number {
  let worst: number = ExitCode.OK;
  for (const c of codes) if ((EXIT_RANK[c] ?? 4) > (EXIT_RANK[worst] ?? 4)) worst = c;
  return worst;
}

export function exitCodeOfVerdict(result: AuditResult): number {
  if (result.verdict === 'drift') return ExitCode.DRIFT;
  if (result.verdict === 'incomplete') return ExitCode.INCOMPLETE;
  return ExitCode.OK;
}

/**
 * The summary row of an audited pair. Its audit keeps every failed, unknown and waived finding but not the
 * passes (still counted in `counts` and `totals`): a 2,000-setting pair has ~2,000 passing checks, and a
 * fleet of hundreds of pairs must stay a report one can open. `pairaudit audit` on the pair lists them all.
 */
export function pairFromAudit(pair: InventoryPair, audit: AuditResult): FleetPairResult {
  const worst = audit.findings.find((f) => f.status === 'fail' || f.status === 'unknown');
  return {
    ...pairHead(pair),
    outcome: audit.verdict,
    exitCode: exitCodeOfVerdict(audit),
    counts: audit.counts,
    ...(worst ? { top: { ruleId: worst.ruleId, severity: worst.severity, status: worst.status, setting: worst.setting, message: worst.message } } : {}),
    audit: { ...audit, findings: audit.findings.filter((f) => f.status !== 'pass') },
  };
}

/** The summary row of a pair whose input could not be read or audited. */
export function pairFromError(pair: InventoryPair, message: string, exitCode: number): FleetPairResult {
  return { ...pairHead(pair), outcome: 'error', exitCode, error: message, counts: emptyCounts() };
}

function pairHead(pair: InventoryPair): Pick<FleetPairResult, 'id' | 'site' | 'name' | 'servers'> {
  return { id: pair.id, site: pair.site, name: pair.name, servers: pair.servers.map((s) => ({ role: s.role, path: s.given })) };
}

/** The fleet result: pairs in inventory order, totals, the worst exit code. */
export function summariseFleet(inventory: string, pairs: FleetPairResult[], generatedAt: string, toolVersion: string): FleetResult {
  const outcomes: Record<PairOutcome, number> = { 'in-parity': 0, drift: 0, incomplete: 0, error: 0 };
  const counts = emptyCounts();
  for (const p of pairs) {
    outcomes[p.outcome]++;
    for (const sev of SEVERITIES) for (const st of STATUSES) counts[sev][st] += p.counts[sev]?.[st] ?? 0;
  }
  return {
    schemaVersion: 1,
    kind: 'fleet',
    tool: { name: 'pairaudit', version: toolVersion },
    generatedAt,
    inventory,
    exitCode: worstExitCode(pairs.map((p) => p.exitCode)),
    outcomes,
    counts,
    pairs,
  };
}
