// The two collection scripts as tests read them, JSON laid out and encoded as PowerShell 5.1 writes it, and the
// version the scripts must say: the latest that EVIDENCE_SINCE names (a script that writes new evidence says the
// version that first writes it). Tests compare against it instead of a literal each, which every new collector
// version had to change in several files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVIDENCE_SINCE } from '../src/collect/evidence/collected.js';
import { compareVersions, versionParts } from '../src/version-order.js';

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
  return EVIDENCE_SINCE.map((e) => e.since).reduce((a, b) => (compareVersions(versionParts(a) as number[], versionParts(b) as number[]) >= 0 ? a : b));
}

/** As ConvertTo-Json of Windows PowerShell 5.1 lays it out: four-space indents, two spaces after the colon, CRLF. */
export const psJson = (v: unknown): string => `${JSON.stringify(v, null, 4).replace(/": /g, '":  ').replace(/\n/g, '\r\n')}\r\n`;
/** What `Out-File -Encoding UTF8` (with a byte-order mark) and `-Encoding Unicode` write. */
export const utf8bom = (s: string): Buffer => Buffer.from(`\uFEFF${s}`, 'utf8');
export const utf16bom = (s: string): Buffer => Buffer.from(`\uFEFF${s}`, 'utf16le');
