// Windows Firewall: `netsh advfirewall firewall show rule name=all dir=in verbose` (firewall.txt) and
// `netsh advfirewall show allprofiles` (firewall-profiles.txt). English labels; other languages → unknown
// (firewall-json.ts reads the language-independent firewall.json instead, where the bundle has it).
import { splitLines } from '../text.js';
import { writtenSince } from './collected.js';
import type { Outcome } from './w32tm.js';

export type Profile = 'Domain' | 'Private' | 'Public';
export const PROFILES: readonly Profile[] = ['Domain', 'Private', 'Public'];

export interface FirewallRule {
  name: string;
  line: number;
  enabled: boolean;
  direction: string;
  /** Profiles the rule applies to (`Any` expanded). */
  profiles: Profile[];
  protocol: string;
  localPort: string;
  /** ICMP `Type` values listed under the protocol (`8`, `Any`). */
  icmpTypes: string[];
  program: string;
  action: string;
}

export interface ProfileState {
  on: boolean;
  /**
   * Default inbound action, from `Firewall Policy` (`BlockInbound,AllowOutbound`); `blockAlways` is
   * `BlockInboundAlways` ("Block all connections"): every inbound connection is blocked, allow rules included.
   */
  inbound: 'block' | 'allow' | 'blockAlways';
  line: number;
}

/** The way out of localised netsh output: the JSON files of the NetSecurity cmdlets, whose enum names are English everywhere. */
const NOT_ENGLISH = (what: string, label: string): string =>
  `not English output of \`${what}\` (first label ${JSON.stringify(label.slice(0, 40))}); pairaudit reads English labels only, so the firewall checks are unknown for this server; the collection scripts from version ${writtenSince('firewall.json') ?? ''} also write firewall.json, which is read in any language: update them and collect again`;

function profilesOf(v: string): Profile[] {
  const parts = v.split(',').map((p) => p.trim().toLowerCase());
  if (parts.includes('any') || parts.includes('all')) return [...PROFILES];
  return PROFILES.filter((p) => parts.includes(p.toLowerCase()));
}

/** Reads the rule listing: one block per rule starting `Rule Name:`, `Label: value` lines, ICMP type/code rows. */
export function parseFirewallRules(text: string): Outcome<FirewallRule[]> {
  const lines = splitLines(text.replace(/^\uFEFF/, ''));
  const rules: FirewallRule[] = [];
  let current: (FirewallRule & { lastLabel: string }) | undefined;
  let firstLabel: string | undefined;
  let sawOk = false;
  const finish = (): void => {
    if (current !== undefined) {
      const { lastLabel: _unused, ...rule } = current;
      rules.push(rule);
    }
    current = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const t = raw.trim();
    if (t === '' || /^-+$/.test(t)) continue;
    if (/^Ok\.$/.test(t)) {
      sawOk = true;
      continue;
    }
    if (/^No rules match the specified criteria\.?$/i.test(t)) return { value: [] };
    const m = /^([A-Za-z][A-Za-z ]*?):\s*(.*)$/.exec(t);
    if (m === null || /^\s/.test(raw)) {
      // ICMP rows under "Protocol:": "Type    Code" then "8       Any".
      if (current?.lastLabel === 'protocol') {
        const row = /^(\S+)\s+\S+$/.exec(t);
        if (row && row[1].toLowerCase() !== 'type') current.icmpTypes.push(row[1]);
      }
      continue;
    }
    const label = m[1].toLowerCase();
    const value = m[2].trim();
    firstLabel ??= m[1];
    if (label === 'rule name') {
      finish();
      current = { name: value, line: i + 1, enabled: false, direction: '', profiles: [], protocol: '', localPort: '', icmpTypes: [], program: 'Any', action: '', lastLabel: label };
      continue;
    }
    if (current === undefined) continue;
    current.lastLabel = label;
    if (label === 'enabled') current.enabled = /^yes$/i.test(value);
    else if (label === 'direction') current.direction = value;
    else if (label === 'profiles') current.profiles = profilesOf(value);
    else if (label === 'protocol') current.protocol = value;
    else if (label === 'localport') current.localPort = value;
    else if (label === 'program') current.program = value;
    else if (label === 'action') current.action = value;
  }
  finish();
  if (rules.length === 0) {
    if (firstLabel !== undefined) return { unknown: NOT_ENGLISH('netsh advfirewall firewall show rule', firstLabel) };
    return { unknown: sawOk ? 'lists no rules' : 'no rules; expected the output of `netsh advfirewall firewall show rule name=all dir=in verbose`' };
  }
  return { value: rules };
}

/** Reads `netsh advfirewall show allprofiles`: each profile's `State` and `Firewall Policy`. */
export function parseFirewallProfiles(text: string): Outcome<Partial<Record<Profile, ProfileState>>> {
  const lines = splitLines(text.replace(/^\uFEFF/, ''));
  const out: Partial<Record<Profile, ProfileState>> = {};
  let profile: Profile | undefined;
  let firstLine: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t === '' || /^-+$/.test(t) || t === 'Ok.') continue;
    firstLine ??= t;
    const head = /^(Domain|Private|Public) Profile Settings:$/i.exec(t);
    if (head) {
      profile = PROFILES.find((p) => p.toLowerCase() === head[1].toLowerCase());
      if (profile !== undefined) out[profile] = { on: true, inbound: 'block', line: i + 1 };
      continue;
    }
    if (profile === undefined) continue;
    const state = /^State\s+(ON|OFF)$/i.exec(t);
    const current = out[profile] as ProfileState;
    // `line` ends on the line that lets traffic in by the profile's own state (State OFF, AllowInbound).
    if (state) {
      current.on = state[1].toUpperCase() === 'ON';
      if (!current.on) current.line = i + 1;
    }
    const policy = /^Firewall Policy\s+(\w+),/i.exec(t);
    if (policy) {
      current.inbound = /^AllowInbound$/i.test(policy[1]) ? 'allow' : /^BlockInboundAlways$/i.test(policy[1]) ? 'blockAlways' : 'block';
      if (current.inbound !== 'block' && current.on) current.line = i + 1;
    }
  }
  if (Object.keys(out).length === 0) {
    if (firstLine !== undefined) return { unknown: NOT_ENGLISH('netsh advfirewall show allprofiles', firstLine) };
    return { unknown: 'is empty; expected the output of `netsh advfirewall show allprofiles`' };
  }
  return { value: out };
}

/** Whether a `LocalPort` value (`Any`, `5481`, `5481,5500-5509`) covers a port. */
function portCovered(spec: string, port: number): boolean {
  for (const part of spec.split(',').map((p) => p.trim().toLowerCase())) {
    if (part === 'any') return true;
    const r = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (r && port >= Number(r[1]) && port <= Number(r[2] ?? r[1])) return true;
  }
  return false;
}

export type Traffic = { tcpPort: number } | { icmpEcho: true };

function covers(rule: FirewallRule, what: Traffic): boolean {
  if (!rule.enabled || !/^in$/i.test(rule.direction)) return false;
  const proto = rule.protocol.toLowerCase();
  if ('tcpPort' in what) {
    // A rule tied to a program applies to that program only: the database server is DBServer.exe.
    const programOk = /^any$/i.test(rule.program) || /(^|\\)DBServer\.exe$/i.test(rule.program);
    return programOk && (proto === 'any' || (proto === 'tcp' && portCovered(rule.localPort, what.tcpPort)));
  }
  if (!/^any$/i.test(rule.program)) return false;
  return proto === 'any' || (proto === 'icmpv4' && (rule.icmpTypes.length === 0 || rule.icmpTypes.some((t) => t === '8' || /^any$/i.test(t))));
}

/**
 * The profiles in which inbound traffic is let in, as Windows Firewall decides: a profile that is off lets
 * everything in; one whose policy is `BlockInboundAlways` lets nothing in; otherwise an enabled block rule wins, then an enabled allow rule, then the default inbound
 * action. Returns the profiles (sorted) and the line of the first rule that allows it, if any. Remote-address
 * scoping is not evaluated.
 */
export function allowedProfiles(rules: FirewallRule[], profiles: Partial<Record<Profile, ProfileState>>, what: Traffic): { profiles: Profile[]; line?: number; stateLine?: number } {
  const out: Profile[] = [];
  let line: number | undefined;
  // A profile let in by its own state (firewall off, or inbound allowed by default) rather than by a rule, or kept
  // out by it despite a rule (BlockInboundAlways): the line of firewall-profiles.txt that says so is the evidence.
  let stateLine: number | undefined;
  for (const p of PROFILES) {
    const state = profiles[p] ?? { on: true, inbound: 'block' as const, line: 0 };
    const applying = rules.filter((r) => r.profiles.includes(p) && covers(r, what));
    const blocked = applying.some((r) => /^block$/i.test(r.action));
    const allowRule = applying.find((r) => /^(allow|bypass)$/i.test(r.action));
    if (state.on && state.inbound === 'blockAlways') {
      // "Block all connections": no rule lets anything in; where a rule would have, the policy line is the evidence.
      if (allowRule !== undefined && !blocked && state.line > 0) stateLine ??= state.line;
      continue;
    }
    if (!state.on || (!blocked && (allowRule !== undefined || state.inbound === 'allow'))) {
      out.push(p);
      if (state.on && allowRule !== undefined) line ??= allowRule.line;
      else if (state.line > 0) stateLine ??= state.line;
    }
  }
  return { profiles: out, ...(line === undefined ? {} : { line }), ...(stateLine === undefined ? {} : { stateLine }) };
}
