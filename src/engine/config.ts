// The audit config file (YAML or JSON): severity overrides per rule, catch-all allow-list additions, thresholds.
import { ConfigError } from '../errors.js';
import type { AuditConfig, RulePack } from './types.js';
import { parseYamlDocument, checkFields, suggest } from './yaml-source.js';
import { patternError } from './patterns.js';
import { isSeverity, THRESHOLDS, type ThresholdName } from '../vocabulary.js';

/**
 * Parses a config file such as:
 * ```yaml
 * severity: { drivers-extra-on-standby: warning, telnet-server: off }
 * allow: ["reg:Server\\SiteSpecificValue"]
 * thresholds: { diskFreePercent: 15, snapshotMaxAgeMinutes: 30 }
 * ```
 */
export function parseConfig(text: string, file: string, pack?: RulePack): AuditConfig {
  const root = parseYamlDocument(text, file).root;
  if (root.kind === 'scalar' && root.value === null) return {};
  if (root.kind !== 'map') throw new ConfigError(file, root.line, 'a config file holds a map with `severity`, `allow` and `thresholds`');
  checkFields(root, ['severity', 'allow', 'thresholds'], file, 'config');
  const config: AuditConfig = {};
  const severity = root.entries.get('severity');
  if (severity !== undefined) {
    if (severity.kind !== 'map') throw new ConfigError(file, severity.line, '`severity` must map rule ids to blocker, warning, info or off');
    const ids = pack?.rules.map((r) => r.id) ?? [];
    config.severity = {};
    for (const [id, node] of severity.entries) {
      if (pack !== undefined && !ids.includes(id)) {
        const hint = suggest(id, ids);
        throw new ConfigError(file, severity.keyLines.get(id), `severity: no rule \`${id}\`; ${hint !== undefined ? `did you mean \`${hint}\`?` : 'run `pairaudit rules list` for the ids'}`);
      }
      const value = node.kind === 'scalar' ? node.value : undefined;
      // YAML 1.1 readers turn a bare `off` into false; accept that spelling too.
      const level = value === false ? 'off' : String(value);
      if (level !== 'off' && !isSeverity(level)) throw new ConfigError(file, node.line, `severity of \`${id}\` is ${JSON.stringify(node.plain)}; use blocker, warning, info or off`);
      config.severity[id] = level as 'blocker' | 'warning' | 'info' | 'off';
    }
  }
  const allow = root.entries.get('allow');
  if (allow !== undefined) {
    if (allow.kind !== 'seq') throw new ConfigError(file, allow.line, '`allow` must be a list of setting names or patterns the catch-all lets differ');
    config.allow = allow.items.map((i) => {
      // A pattern, or as in a rule file { pattern, reason }: the reason is shown where the difference is reported.
      const entry = i.kind === 'map' ? i : undefined;
      if (entry !== undefined) checkFields(entry, ['pattern', 'reason'], file, 'config allow entry');
      const p = entry !== undefined ? entry.entries.get('pattern')?.plain : i.kind === 'scalar' ? i.value : undefined;
      const error = patternError(typeof p === 'string' ? p : '');
      if (error !== undefined) throw new ConfigError(file, i.line, `allow: ${error}`);
      if (entry === undefined) return p as string;
      const reason = entry.entries.get('reason')?.plain;
      if (typeof reason !== 'string' || reason.trim() === '') throw new ConfigError(file, i.line, 'allow: an entry object has `pattern` and a non-empty `reason`');
      return { pattern: p as string, reason: reason.trim() };
    });
  }
  const thresholds = root.entries.get('thresholds');
  if (thresholds !== undefined) {
    if (thresholds.kind !== 'map') throw new ConfigError(file, thresholds.line, `\`thresholds\` must be a map of ${THRESHOLDS.join(', ')}`);
    checkFields(thresholds, THRESHOLDS, file, 'config thresholds');
    config.thresholds = {};
    for (const [key, node] of thresholds.entries) {
      const n = node.kind === 'scalar' && typeof node.value === 'number' ? node.value : Number.NaN;
      // .nan, .inf and 1e400 are numbers to YAML: a limit of NaN fails everything, one of Infinity passes everything.
      if (!Number.isFinite(n) || n < 0) throw new ConfigError(file, node.line, `thresholds.${key} must be a finite number ≥ 0`);
      if (key.endsWith('Percent')) {
        if (n > 100) throw new ConfigError(file, node.line, `thresholds.${key} is ${n}; a percentage is at most 100`);
        if (n > 0 && n < 1) throw new ConfigError(file, node.line, `thresholds.${key} is ${n}, which reads as a fraction; write the percentage (${+(n * 100).toPrecision(12)} for ${+(n * 100).toPrecision(12)}%)`);
      }
      config.thresholds[key as ThresholdName] = n;
    }
  }
  return config;
}
