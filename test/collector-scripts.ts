// The two collection scripts as tests read them, and the version they must say: the latest that EVIDENCE_SINCE
// names (a script that writes new evidence says the version that first writes it). Tests compare against it
// instead of a literal each, which every new collector version had to change in several files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVIDENCE_SINCE } from '../src/collect/evidence/collected.js';

export const COLLECTORS = join(import.meta.dirname, '..', 'collectors');

/** Collect-PairAudit.ps1 and collect-pairaudit.cmd, as text. */
export function collectorScripts(): { ps1: string; cmd: string } {
  return { ps1: readFileSync(join(COLLECTORS, 'Collect-PairAudit.ps1'), 'utf8'), cmd: readFileSync(join(COLLECTORS, 'collect-pairaudit.cmd'), 'utf8') };
}

/** The version each script writes into bundle.json. */
export function scriptVersions(): { ps1: string | undefined; cmd: string | undefined } {
  const { ps1, cmd } = collectorScripts();
  return { ps1: /\$collectorVersion = '([\d.]+)'/.exec(ps1)?.[1], cmd: /"name": "collect-pairaudit\.cmd", "version": "([\d.]+)"/.exec(cmd)?.[1] };
}

/** The latest collector version EVIDENCE_SINCE names (`2.3`). */
export function latestCollectorVersion(): string {
  const parts = (v: string): number[] => v.split('.').map(Number);
  return EVIDENCE_SINCE.map((e) => e.since).reduce((a, b) => {
    const [x, y] = [parts(a), parts(b)];
    return x[0] > y[0] || (x[0] === y[0] && (x[1] ?? 0) >= (y[1] ?? 0)) ? a : b;
  });
}
