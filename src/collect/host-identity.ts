// Whether a bundle's files name one computer: bundle.json's computerName (%COMPUTERNAME%, the NetBIOS name),
// hostname.txt and ipconfig's (or host-names.json's) host name. A folder put together from two machines' files would
// otherwise lend one machine's names and addresses to the other's registry, and a partner link dialling the wrong
// machine would pass.

/** Where a bundle file names the computer it was collected on. */
export interface ComputerClaim {
  file: string;
  name: string;
}

/** A NetBIOS name is at most 15 characters: a longer DNS host name is cut there. */
const NETBIOS_LENGTH = 15;

/** `SCADA-N2.ot.example` → `scada-n2`: the first label, lower case. */
function firstLabel(name: string): string {
  return name.trim().split('.')[0].toLowerCase();
}

/**
 * Whether two names are the same computer: the same first label ignoring case, or one of 15 characters that begins
 * the other (`%COMPUTERNAME%` of a host named `SCADA-NORTH-STANDBY1` is `SCADA-NORTH-STA`).
 */
export function sameComputer(a: string, b: string): boolean {
  const x = firstLabel(a);
  const y = firstLabel(b);
  if (x === y) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.length === NETBIOS_LENGTH && long.startsWith(short);
}

/** The first two claims that name different computers; undefined when all agree (or fewer than two were made). */
export function conflictingClaims(claims: readonly ComputerClaim[]): [ComputerClaim, ComputerClaim] | undefined {
  const named = claims.filter((c) => c.name.trim() !== '');
  for (let i = 0; i < named.length; i++) {
    for (let j = i + 1; j < named.length; j++) if (!sameComputer(named[i].name, named[j].name)) return [named[i], named[j]];
  }
  return undefined;
}
