// Which evidence a bundle's collection script could write, by its version (bundle.json "collector").
import type { BundleManifest } from '../manifest.js';

/**
 * Evidence added to the bundle after the first collector version (1.0 of both scripts), with the first
 * version that writes it. `mount-points` is not a file: it is the Win32_Volume listing of volumes.json,
 * which names folder mount points (version 1.0 wrote Get-Volume or wmic output, drive letters only).
 */
export const EVIDENCE_SINCE: readonly { evidence: string; since: number }[] = [
  { evidence: 'Systems.xml', since: 2 },
  { evidence: 'dbsize.json', since: 2 },
  { evidence: 'defender.json', since: 2 },
  { evidence: 'environment.json', since: 2 },
  { evidence: 'files.json', since: 2 },
  { evidence: 'firewall-profiles.txt', since: 2 },
  { evidence: 'firewall.txt', since: 2 },
  { evidence: 'hosts', since: 2 },
  { evidence: 'mount-points', since: 2 },
  { evidence: 'services.json', since: 2 },
  { evidence: 'uninstall.reg', since: 2 },
  { evidence: 'w32tm-configuration.txt', since: 2 },
  { evidence: 'w32tm-status.txt', since: 2 },
];

const OURS = new Set(['collect-pairaudit.ps1', 'collect-pairaudit.cmd']);

/**
 * The evidence the bundle's collector could not write: what was added after its version. Empty for a bundle
 * without a manifest or from another collector (a missing file is then simply missing: unknown evidence).
 */
export function notCollected(manifest: BundleManifest | undefined): string[] {
  const c = manifest?.collector;
  if (c === undefined || !OURS.has(c.name.toLowerCase())) return [];
  const m = /^(\d+)(\.\d+)*$/.exec(c.version.trim());
  if (m === null) return [];
  const major = Number(m[1]);
  return EVIDENCE_SINCE.filter((e) => major < e.since).map((e) => e.evidence);
}
