// The Windows hosts file (%SystemRoot%\System32\drivers\etc\hosts), copied into a bundle as `hosts`.
import { isIP } from 'node:net';
import { splitLines } from '../text.js';

export interface HostsEntry {
  /** Host name or alias, lower-cased (names resolve case-insensitively). */
  name: string;
  /** Addresses the name resolves to through this file, in file order, without duplicates. */
  addresses: string[];
  /** 1-based line of the first entry for the name. */
  line: number;
}

export interface HostsFile {
  entries: HostsEntry[];
  /** Lines the Windows resolver ignores (no address first, or no name): they are reported, not read. */
  warnings: { line: number; message: string }[];
}

const NAME = /^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?\.?$/;

/**
 * Reads a hosts file: `address name [alias…]` per line, `#` starts a comment, blank lines skipped. Entries
 * sorted by name. A line whose first field is not an IPv4/IPv6 address, or that names no host, is ignored
 * by Windows and becomes a warning here (hosts files are edited by hand).
 */
export function parseHosts(text: string): HostsFile {
  const byName = new Map<string, HostsEntry>();
  const warnings: HostsFile['warnings'] = [];
  splitLines(text.replace(/^\uFEFF/, '')).forEach((raw, i) => {
    const line = i + 1;
    const fields = raw.replace(/#.*$/, '').trim().split(/\s+/).filter((f) => f !== '');
    if (fields.length === 0) return;
    const address = fields[0].replace(/%[^%]*$/, '');
    if (isIP(address) === 0) {
      warnings.push({ line, message: `ignored: ${JSON.stringify(fields[0].slice(0, 60))} is not an IP address (Windows skips this line)` });
      return;
    }
    if (fields.length === 1) {
      warnings.push({ line, message: `ignored: address ${address} names no host` });
      return;
    }
    for (const raw of fields.slice(1)) {
      if (!NAME.test(raw)) {
        warnings.push({ line, message: `ignored name ${JSON.stringify(raw.slice(0, 60))}: not a host name` });
        continue;
      }
      const name = raw.replace(/\.$/, '').toLowerCase();
      const e = byName.get(name);
      if (e === undefined) byName.set(name, { name, addresses: [address.toLowerCase()], line });
      else if (!e.addresses.includes(address.toLowerCase())) e.addresses.push(address.toLowerCase());
    }
  });
  return { entries: [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), warnings };
}
