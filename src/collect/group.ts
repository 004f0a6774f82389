// A group of servers to audit, from their snapshots: roles from evidence, and inputs that cannot be right (pure).
import { InputError, UsageError } from '../errors.js';
import type { Role, Snapshot } from '../types.js';
import { ROLES } from '../vocabulary.js';
import { getSetting } from '../snapshot/settings.js';
import { sameSourceBytes } from '../snapshot/diff.js';

/** One input of a group: its snapshot and how the user named it (a path as typed, or as an inventory writes it). */
export interface GroupMember {
  name: string;
  snapshot: Snapshot;
}

/** Where a server's role came from. */
export type RoleSource = 'recorded' | 'roles-option' | 'position' | 'inventory';

export interface ResolvedRole {
  role: Role;
  from: RoleSource;
  /** The role the input's evidence records (bundle manifest or snapshot), when it records one. */
  recorded?: Role;
}

/** The role a snapshot records (from its bundle manifest, or `collect --role`), if any. */
export function recordedRole(s: Snapshot): Role | undefined {
  return s.server.role;
}

function partnersType(s: Snapshot): string | undefined {
  const hit = getSetting(s, 'partners.type');
  return typeof hit?.value === 'string' ? hit.value.toLowerCase() : undefined;
}

/** A recorded role for each member that has one, or a usage error when two record the same role. */
function recordedRoles(members: GroupMember[], fix: string): (Role | undefined)[] {
  const roles = members.map((m) => recordedRole(m.snapshot));
  for (const role of ROLES) {
    const holders = members.filter((_, i) => roles[i] === role);
    if (holders.length > 1) throw new UsageError(`${holders.map((m) => m.name).join(' and ')} all record the role ${role}; ${fix}`);
  }
  return roles;
}

/**
 * Roles on the command line. `--roles` always wins (each override is returned, for the report to name).
 * Otherwise a recorded role is the truth, and the order of the inputs (Main first) is used only for inputs
 * that record none; an order that contradicts the recorded roles is a usage error naming every input and
 * its recorded role, so that a swapped command cannot pass silently.
 */
export function resolveCliRoles(members: GroupMember[], option?: Role[]): ResolvedRole[] {
  if (option !== undefined) {
    return members.map((m, i) => {
      const recorded = recordedRole(m.snapshot);
      return recorded === undefined ? { role: option[i], from: 'roles-option' } : { role: option[i], from: 'roles-option', recorded };
    });
  }
  const recorded = recordedRoles(members, 'collect again with the right -Role, or set --roles');
  const mainAt = recorded.indexOf('main');
  if ((mainAt > 0 || (recorded[0] !== undefined && recorded[0] !== 'main')) && members.length > 0) {
    const said = members.map((m, i) => `${m.name} records ${recorded[i] ?? 'no role'}`).join(', ');
    throw new UsageError(`the order of the inputs contradicts the roles their evidence records (${said}): give the Main first, or set --roles to override`);
  }
  const used = new Set<Role>(recorded.filter((r): r is Role => r !== undefined));
  const next = (prefix: 'standby' | 'permanent'): Role => {
    const role = ROLES.find((r) => r.startsWith(`${prefix}-`) && !used.has(r));
    if (role === undefined) throw new UsageError(`too many ${prefix === 'standby' ? 'Standby' : 'Permanent Standby'} servers; set --roles`);
    return role;
  };
  return members.map((m, i): ResolvedRole => {
    const r = recorded[i];
    if (r !== undefined) return { role: r, from: 'recorded', recorded: r };
    if (i === 0) {
      used.add('main');
      return { role: 'main', from: 'position' };
    }
    const role = next(partnersType(m.snapshot) === 'permanentstandby' ? 'permanent' : 'standby');
    used.add(role);
    return { role, from: 'position' };
  });
}

/**
 * Roles in a fleet: the recorded role wins (inventories are written once; servers change over); the
 * inventory's role is used for inputs that record none. Two servers ending with one role is an input error
 * of the pair, naming both.
 */
export function resolveInventoryRoles(members: GroupMember[], inventory: Role[], file: string): ResolvedRole[] {
  const resolved = members.map((m, i): ResolvedRole => {
    const recorded = recordedRole(m.snapshot);
    return recorded === undefined ? { role: inventory[i], from: 'inventory' } : { role: recorded, from: 'recorded', recorded };
  });
  for (const role of ROLES) {
    const holders = members.filter((_, i) => resolved[i].role === role);
    if (holders.length > 1) {
      const why = holders.map((m) => `${m.name} (${resolved[members.indexOf(m)].from === 'recorded' ? `its evidence records ${role}` : `the inventory says ${role}`})`).join(' and ');
      throw new InputError(file, undefined, `two servers would be ${role}: ${why}; correct the inventory or collect again with the right role`);
    }
  }
  return resolved;
}

/** The sha256 of each registry export a snapshot was built from (a `.reg` or `reg query` text), with its file name. */
function registryExports(s: Snapshot): Map<string, string> {
  return new Map(s.collected.sources.filter((f) => f.kind === 'registry' || f.kind === 'reg-query').map((f) => [f.sha256, f.file]));
}

/** The registry exports of `x` when every one of them is also one of `y`'s (the same bytes), else undefined. */
function exportsWithin(x: Map<string, string>, y: Map<string, string>): string[] | undefined {
  if (x.size === 0) return undefined;
  for (const hash of x.keys()) if (!y.has(hash)) return undefined;
  return [...x.values()];
}

/**
 * The same evidence given twice is not a pair: equal fingerprints, every source file's sha256 equal, or every
 * registry export of one input also one of the other's (a bundle and its own ClearSCADA.reg given as two servers).
 * (Two different exports with one host identity, e.g. a cloned Standby, are drift for the rules to find; two
 * servers' machine-wide ClearSCADA-machine.reg may be equal bytes, each beside its own instance's export.)
 */
export function assertDistinctInputs(members: (GroupMember & { fingerprint: string })[]): void {
  const exports = members.map((m) => registryExports(m.snapshot));
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      const [a, b] = [members[i], members[j]];
      const same = a.fingerprint === b.fingerprint || sameSourceBytes(a.snapshot, b.snapshot);
      if (same) throw new UsageError(`${a.name} and ${b.name} are the same input (the same evidence twice): give each server's own export, bundle or snapshot`);
      const shared = exportsWithin(exports[i], exports[j]) ?? exportsWithin(exports[j], exports[i]);
      if (shared !== undefined) {
        throw new UsageError(`${a.name} and ${b.name} are the same evidence given twice: both hold the registry export ${shared.join(', ')} (the same bytes); give each server's own export, bundle or snapshot`);
      }
    }
  }
}
