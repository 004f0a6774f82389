// Which bundle file carries each family of settings from outside the registry (collectors/README.md), so that a
// bundle whose collection script was too old to write the file (its `host.notCollected`) gets an info finding
// "not collected by this collector version" instead of unknown evidence that would change the verdict.
import type { IndexedServer } from './indexing.js';

const EVIDENCE_OF: readonly [RegExp, string][] = [
  [/^time\.source$/i, 'w32tm-status.txt'],
  [/^time\./i, 'w32tm-configuration.txt'],
  [/^service\./i, 'services.json'],
  [/^firewall\./i, 'firewall.txt'],
  [/^antivirus\./i, 'defender.json'],
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
  return Array.isArray(v) && v.some((x) => x.toLowerCase() === file.toLowerCase());
}
