// Which evidence a bundle's collection script could write, by its version (bundle.json "collector").
import type { BundleManifest } from '../manifest.js';
import { compareVersions, versionParts } from '../../version-order.js';

/**
 * Evidence added to the bundle after the first collector version (1.0 of both scripts), with the first
 * version that writes it. `mount-points` is not a file: it is the Win32_Volume listing of volumes.json,
 * which names folder mount points (version 1.0 wrote Get-Volume or wmic output, drive letters only).
 * `insteadOf`: read in preference to that file, which carries the same facts; a bundle without it is read from
 * the other file, so it is not missing evidence (not in `host.notCollected`), only a reason to update the script.
 */
export const EVIDENCE_SINCE: readonly { evidence: string; since: string; insteadOf?: string }[] = [
  { evidence: 'Systems.xml', since: '2.0' },
  { evidence: 'dbsize.json', since: '2.0' },
  { evidence: 'defender.json', since: '2.0' },
  { evidence: 'environment.json', since: '2.0' },
  { evidence: 'files.json', since: '2.0' },
  { evidence: 'firewall-profiles.json', since: '2.2', insteadOf: 'firewall-profiles.txt' },
  { evidence: 'firewall-profiles.txt', since: '2.0' },
  { evidence: 'firewall.json', since: '2.2', insteadOf: 'firewall.txt' },
  { evidence: 'firewall.txt', since: '2.0' },
  { evidence: 'host-names.json', since: '2.3', insteadOf: 'ipconfig.txt' },
  { evidence: 'hosts', since: '2.0' },
  { evidence: 'ip-addresses.json', since: '2.3', insteadOf: 'ipconfig.txt' },
  { evidence: 'mount-points', since: '2.0' },
  { evidence: 'services.json', since: '2.0' },
  { evidence: 'uninstall.reg', since: '2.0' },
  { evidence: 'w32tm-configuration.txt', since: '2.0' },
  { evidence: 'w32tm-status.txt', since: '2.0' },
];

/** The version that first writes `evidence` (`2.2`); undefined for evidence every version writes. */
export function writtenSince(evidence: string): string | undefined {
  return EVIDENCE_SINCE.find((e) => e.evidence === evidence)?.since;
}

/** Whether `version` (dotted digits) is older than `since`. */
function olderThan(version: number[], since: string): boolean {
  return compareVersions(version, versionParts(since) as number[]) < 0;
}

const OURS = new Set(['collect-pairaudit.ps1', 'collect-pairaudit.cmd']);

/**
 * The evidence the bundle's collector could not write: what was added after its version. Empty for a bundle
 * without a manifest or from another collector (a missing file is then simply missing: unknown evidence).
 */
export function notCollected(manifest: BundleManifest | undefined): string[] {
  const c = manifest?.collector;
  if (c === undefined || !OURS.has(c.name.toLowerCase())) return [];
  const version = versionParts(c.version);
  if (version === undefined) return [];
  return EVIDENCE_SINCE.filter((e) => e.insteadOf === undefined && olderThan(version, e.since)).map((e) => e.evidence);
}
