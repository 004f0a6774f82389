// Host identity from a bundle: `hostname` output and `ipconfig /all` output (English and German labels).
import { InputError } from '../errors.js';
import { splitLines } from './text.js';

/** The host name printed by `hostname`: the first non-blank line. */
export function parseHostname(text: string, file: string): { hostname: string; line: number } {
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const name = lines[i].trim();
    if (name === '') continue;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new InputError(file, i + 1, `expected a host name (the output of \`hostname\`), found ${JSON.stringify(name.slice(0, 60))}`);
    return { hostname: name, line: i + 1 };
  }
  throw new InputError(file, undefined, 'is empty; expected the output of `hostname`');
}

export interface IpconfigInfo {
  hostName?: string;
  hostNameLine?: number;
  primaryDnsSuffix?: string;
  /** IPv4 and IPv6 addresses of every adapter, without "(Preferred)" or a `%zone`. */
  addresses: { address: string; line: number }[];
}

const LABELS: Record<string, 'host' | 'suffix' | 'address'> = {
  'host name': 'host',
  hostname: 'host',
  'primary dns suffix': 'suffix',
  'primäres dns-suffix': 'suffix',
  'ip address': 'address',
  'ipv4 address': 'address',
  'autoconfiguration ipv4 address': 'address',
  'ipv6 address': 'address',
  'temporary ipv6 address': 'address',
  'link-local ipv6 address': 'address',
  'ip-adresse': 'address',
  'ipv4-adresse': 'address',
  'ipv6-adresse': 'address',
  'temporäre ipv6-adresse': 'address',
  'verbindungslokale ipv6-adresse': 'address',
  'autokonfiguration ipv4-adresse': 'address',
};

/** `fe80::1%12(Preferred)` → `fe80::1`; `10.0.0.1(Bevorzugt)` → `10.0.0.1`. */
function cleanAddress(value: string): string {
  return value.replace(/\s*\([^)]*\)\s*$/, '').replace(/%[^%\s]*$/, '').trim();
}

/**
 * Reads `ipconfig /all` output: host name, primary DNS suffix, and every adapter's addresses. Lines are
 * `   Label . . . . : value`; a line holding only a value continues the previous label.
 */
export function parseIpconfig(text: string, file: string): IpconfigInfo {
  const info: IpconfigInfo = { addresses: [] };
  let current: 'host' | 'suffix' | 'address' | undefined;
  let sawLabel = false;
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    if (!/^\s/.test(raw)) {
      current = undefined; // an adapter header such as "Ethernet adapter Ethernet0:"
      return;
    }
    const sep = raw.search(/ :( |$)/);
    let value: string;
    if (sep >= 0 && /\S/.test(raw.slice(0, sep))) {
      const label = raw.slice(0, sep).replace(/[ .]+$/, '').trim().toLowerCase();
      sawLabel = true;
      current = LABELS[label];
      value = raw.slice(sep + 2).trim();
    } else {
      value = raw.trim(); // continuation of the previous label
    }
    if (value === '' || current === undefined) return;
    if (current === 'host') {
      info.hostName ??= value;
      info.hostNameLine ??= line;
    } else if (current === 'suffix') {
      info.primaryDnsSuffix ??= value;
    } else {
      const address = cleanAddress(value);
      if (address !== '') info.addresses.push({ address, line });
    }
  });
  if (!sawLabel) throw new InputError(file, undefined, 'no `Label . . . : value` lines; expected the output of `ipconfig /all`');
  return info;
}
