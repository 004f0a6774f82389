// Settings a server's evidence gives more than one value for (pure): two values that meet in one name, or a later
// export of a bundle that replaces an earlier one's value. Collection keeps one and warns, naming the setting; the
// rules compare the one kept, so a pass could rest on a value the evidence contradicts. Each such setting is
// reported unknown by the rule that reads it (else the catch-all), at that rule's severity: a blocker's setting
// makes `check` NO-GO.
import type { Role } from '../types.js';
import type { IndexedServer } from './indexing.js';
import type { FindingSpec } from './finding-spec.js';
import { matchesAny } from './patterns.js';
import { effectiveFor, type CompiledRule, type Effective } from './selection.js';
import { roleName } from './values.js';

export const AMBIGUITY_MESSAGES = {
  valueAmbiguous: '{{whose}} evidence gives {{setting}} more than one value ({{where}}: {{warning}}); the rules compared the one kept, so it is not judged',
} as const;

/** A warning of a snapshot that names the setting whose other value collection dropped. */
export interface AmbiguityWarning {
  file: string;
  line?: number;
  message: string;
  setting?: string;
}

/**
 * Reports each setting a server's warnings name (`setting`) unknown, once per server and setting, by the first
 * rule of `compiled` (those this command runs) that selects it, else by the catch-all; nothing when neither runs.
 */
export function reportAmbiguous(findings: { report(c: CompiledRule, eff: Effective, f: FindingSpec): void }, compiled: readonly CompiledRule[], servers: readonly IndexedServer[], warningsOf: (role: Role) => readonly AmbiguityWarning[] | undefined): void {
  const main = servers.find((s) => s.role === 'main');
  if (main === undefined) return;
  const catchAll = compiled.find((c) => c.rule.compare.kind === 'catch-all');
  for (const server of servers) {
    const seen = new Set<string>();
    for (const w of warningsOf(server.role) ?? []) {
      if (w.setting === undefined || seen.has(w.setting.toLowerCase())) continue;
      seen.add(w.setting.toLowerCase());
      const c = compiled.find((r) => r.rule.compare.kind !== 'catch-all' && matchesAny(r.patterns, w.setting!)) ?? catchAll;
      const eff = c === undefined ? undefined : effectiveFor(c, server.role);
      if (c === undefined || eff === undefined) continue;
      const where = w.line === undefined ? w.file : `${w.file} line ${w.line}`;
      const whose = server.role === 'main' ? "The Main's" : `${roleName(server.role)}'s`;
      const compared = server === main ? servers : [main, server];
      findings.report(c, eff, {
        status: 'unknown',
        setting: w.setting,
        servers: [...compared],
        messageId: 'valueAmbiguous',
        data: { whose, setting: w.setting, where, warning: w.message },
        values: {},
        sources: { [server.role]: w.line === undefined ? { file: w.file } : { file: w.file, line: w.line } },
      });
    }
  }
}
