// Evidence a server's collection script was too old to write (its `host.notCollected`, from bundle.json): the
// checks that need it get ONE info finding per rule, "not collected by this collector version", naming the
// servers and the files, instead of unknown evidence per setting and server that would change the verdict.
import type { Provenance, Role } from '../types.js';
import type { CompiledRule, Effective } from './selection.js';
import type { IndexedServer } from './indexing.js';
import type { FindingSpec } from './finding-spec.js';
import { cmp } from './indexing.js';
import { roleName } from './values.js';

/** Which bundle file carries each family of settings from outside the registry (collectors/README.md). */
const EVIDENCE_OF: readonly [RegExp, string][] = [
  [/^time\.source$/i, 'w32tm-status.txt'],
  [/^time\./i, 'w32tm-configuration.txt'],
  [/^service\./i, 'services.json'],
  [/^firewall\./i, 'firewall.txt'],
  [/^antivirus\./i, 'defender.json'],
  [/^clients\./i, 'Systems.xml'],
  [/^installed\./i, 'files.json'],
  [/^host\.hosts\./i, 'hosts'],
  [/^host\.env\./i, 'environment.json'],
  [/^host\.dbsize\./i, 'dbsize.json'],
];

/** The bundle file a setting comes from, for settings outside the registry; undefined for the others. */
export function evidenceFileOf(setting: string): string | undefined {
  return EVIDENCE_OF.find(([re]) => re.test(setting))?.[1];
}

/** Whether the server's bundle was made by a collector version that could not write `file`. */
export function notCollectedOn(server: IndexedServer, file: string): boolean {
  const v = server.byLower.get('host.notcollected')?.setting.value;
  return Array.isArray(v) && v.some((x) => typeof x === 'string' && x.toLowerCase() === file.toLowerCase());
}

interface Note {
  c: CompiledRule;
  eff: Effective;
  settings: string[];
  servers: Map<Role, IndexedServer>;
  evidence: Set<string>;
  /** The comparator's own wording of the check (`The Standby capacity check`), when it gave one. */
  checks: Set<string | undefined>;
}

/** `a`, `a and b`, `a, b and c`. */
function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const mainFirst = (a: Role, b: Role): number => (a === 'main' ? -1 : b === 'main' ? 1 : cmp(a, b));

/** Collects the "not collected" notes of one audit and gives one finding per rule. */
export class NotCollectedNotes {
  private readonly byRule = new Map<string, Note>();

  /**
   * Takes a finding that is a "not collected" note: a comparator's own `notCollected` finding, or a `missing`
   * unknown whose setting comes from a file that every server lacking it could not collect. False otherwise.
   */
  take(c: CompiledRule, eff: Effective, f: FindingSpec): boolean {
    let evidence: string | undefined;
    let lacking: IndexedServer[];
    if (f.messageId === 'notCollected') {
      evidence = String(f.data.evidence);
      lacking = f.servers.filter((s) => notCollectedOn(s, evidence as string));
      if (lacking.length === 0) lacking = f.servers;
    } else if (f.status === 'unknown' && f.messageId === 'missing') {
      evidence = evidenceFileOf(f.setting);
      const lower = f.setting.toLowerCase();
      lacking = f.servers.filter((s) => !s.byLower.has(lower));
      if (evidence === undefined || lacking.length === 0 || !lacking.every((s) => notCollectedOn(s, evidence as string))) return false;
    } else return false;
    const note: Note = this.byRule.get(c.rule.id) ?? { c, eff, settings: [], servers: new Map(), evidence: new Set(), checks: new Set() };
    if (!note.settings.includes(f.setting)) note.settings.push(f.setting);
    for (const s of lacking) note.servers.set(s.role, s);
    note.evidence.add(evidence);
    note.checks.add(f.messageId === 'notCollected' && typeof f.data.check === 'string' ? f.data.check : undefined);
    this.byRule.set(c.rule.id, note);
    return true;
  }

  /** One info finding per rule that took a note; the notes are then cleared. */
  flush(): { c: CompiledRule; eff: Effective; spec: FindingSpec }[] {
    const out: { c: CompiledRule; eff: Effective; spec: FindingSpec }[] = [];
    for (const n of this.byRule.values()) {
      const servers = [...n.servers.values()].sort((a, b) => mainFirst(a.role, b.role));
      const settings = [...n.settings].sort((a, b) => cmp(a.toLowerCase(), b.toLowerCase()));
      const checks = [...n.checks];
      const check = checks.length === 1 && checks[0] !== undefined ? checks[0] : `The check of ${list(settings)}`;
      const sources: Partial<Record<Role, Provenance | null>> = {};
      for (const s of servers) sources[s.role] = s.byLower.get('host.notcollected')?.setting.source ?? null;
      const spec: FindingSpec = {
        status: 'unknown',
        severity: 'info',
        setting: settings.length === 1 ? settings[0] : n.c.rule.select.join(', '),
        servers,
        messageId: 'notCollected',
        data: { check, server: list(servers.map((s) => roleName(s.role))), evidence: list([...n.evidence].sort()) },
        values: {},
        sources,
      };
      out.push({ c: n.c, eff: n.eff, spec });
    }
    this.byRule.clear();
    return out;
  }
}
