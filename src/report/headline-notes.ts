// The sentences that open or close every report's headlines (view.ts): what the verdict does not rest on. A profile
// that does not fit an export, roles set with --roles, and rules a config file set below the fail-on severity or off
// (`audit`/`check` also warn of those on standard error: a GO that rests on a config lowering db-port must not read
// like any other GO).
import type { AuditResult, AuditServer } from '../types.js';
import { atOrAbove, roleLabel } from '../vocabulary.js';

/**
 * `the config file sets 2 rules of severity blocker or above lower, so this GO does not rest on them: db-port
 * (blocker → off), …`; undefined when the config lowered none of the rules at or above the fail-on severity.
 */
export function loweredRules(result: AuditResult): string | undefined {
  const lowered = (result.severityOverrides ?? []).filter((o) => atOrAbove(o.severity, result.failOn) && (o.configured === 'off' || !atOrAbove(o.configured, result.failOn)));
  if (lowered.length === 0) return undefined;
  const what = result.kind === 'check' ? `this ${result.go === true ? 'GO' : 'check'}` : `this verdict (fail on ${result.failOn})`;
  return `the config file sets ${lowered.length === 1 ? 'a rule' : `${lowered.length} rules`} of severity ${result.failOn} or above lower, so ${what} does not rest on ${lowered.length === 1 ? 'it' : 'them'}: ${lowered.map((o) => `${o.ruleId} (${o.severity} → ${o.configured})`).join(', ')}`;
}

/** One sentence per set of groups the profile does not find, naming the servers whose exports lack them. */
export function profileMisfit(servers: AuditServer[]): string | undefined {
  const byText = new Map<string, string[]>();
  for (const s of servers) {
    const c = s.coverage;
    if (c?.misfits === undefined || c.misfits.length === 0) continue;
    const text = c.misfits.map((g) => `${g}: ${c.groups[g]?.found ?? 0} of ${c.groups[g]?.expected ?? 0} settings found`).join('; ');
    byText.set(text, [...(byText.get(text) ?? []), roleLabel(s.role)]);
  }
  if (byText.size === 0) return undefined;
  return [...byText].map(([text, roles]) => `The profile does not fit this export (${text}): ${roles.join(' and ')} — see \`pairaudit profile check\`.`).join(' ');
}

/** One sentence naming every server whose recorded role `--roles` overrode, or undefined. */
export function roleOverrides(servers: AuditServer[]): string | undefined {
  const named = servers.filter((s) => s.recordedRole !== undefined).map((s) => `${s.label} (its evidence records ${roleLabel(s.recordedRole!)}) audited as ${roleLabel(s.role)}`);
  return named.length === 0 ? undefined : `Roles set with --roles: ${named.join('; ')}.`;
}

/** The sentences of the waivers naming no servers that waived this run's drift (AuditResult.unscopedWaivers), or undefined. */
export function unscopedWaivers(result: AuditResult): string | undefined {
  const notes = result.unscopedWaivers ?? [];
  // Each note opens with the waiver's file name, which keeps its case.
  return notes.length === 0 ? undefined : notes.map((n) => `Waiver naming no servers: ${n}.`).join(' ');
}
