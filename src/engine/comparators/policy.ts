// policy: checks of one server against a policy (allowed values, free disk space, volumes present, snapshot
// age), and two that look at the Main as well (Standby capacity, collection skew).
import type { SettingValue } from '../../types.js';
import type { AuditConfig, CompareSpec } from '../types.js';
import { roleMatches } from '../patterns.js';
import { asNumber, displayValue, formatValue, roleName, valuesEqual } from '../values.js';
import { humanMinutes } from '../../units.js';
import type { Entry, IndexedServer } from '../indexing.js';
import { effectiveFor, type Selected } from '../selection.js';
import { SHARED_MESSAGES } from './shared.js';
import { notCollectedOn } from '../evidence.js';
import { CLIENT_SYSTEM_MESSAGES, clientSystemListsPair } from './client-systems.js';
import { ruleRun, type Comparator, type RuleRun } from './types.js';
import type { SettingRead } from '../finding-spec.js';

const MESSAGES = {
  ...SHARED_MESSAGES,
  ...CLIENT_SYSTEM_MESSAGES,
  allowed: '{{setting}} on {{server}} is {{value}}',
  notAllowed: '{{setting}} on {{server}} is {{value}}; expected {{expected}}',
  enoughFree: 'Volume {{volume}}: on {{server}} has {{freePercent}}% free (limit {{limit}}%); it holds the folders {{folders}}',
  lowFree: 'Volume {{volume}}: on {{server}} has only {{freePercent}}% free (limit {{limit}}%); it holds the folders {{folders}}',
  noDiskEvidence: 'No free-space evidence for volume {{volume}}: on {{server}}; collect a bundle with the volume listing',
  capacityOk: "{{server}} has room for {{capacity}} bytes of database ({{free}} bytes free on its database volumes plus its own copy of {{own}}), at least the {{used}} bytes of Main's database folders",
  capacityShort: "{{server}} has room for only {{capacity}} bytes of database ({{free}} bytes free on its database volumes plus its own copy of {{own}}), less than the {{used}} bytes of Main's database folders",
  noDbSize: "The size of {{server}}'s database folders is not in its snapshot ({{folders}}); collect a bundle with dbsize.json",
  unknownVariable: '{{setting}} on {{server}} is {{value}}, which uses %{{variable}}%; its value on that server is not in the snapshot, so the folder\'s volume is unknown; collect a bundle with environment.json',
  volumePresent: '{{setting}} on {{server}} is on volume {{volume}}:, which exists',
  volumeMissing: '{{setting}} on {{server}} is on volume {{volume}}:, which that server does not have',
  notLocalPath: '{{setting}} on {{server}} is {{value}}, not a local drive path (a network share or a relative path), so its volume cannot be checked',
  fresh: "{{server}}'s snapshot was collected {{age}} before this check (limit {{limitText}})",
  stale: "{{server}}'s snapshot was collected {{age}} before this check, more than the {{limitText}} limit; collect it again",
  ahead: "{{server}}'s snapshot is dated {{ahead}} after this check's time, within the {{toleranceText}} two clocks may differ: counted as just collected",
  future: "{{server}}'s snapshot is dated {{ahead}} after this check's time, more than the {{toleranceText}} two clocks may differ, so its age is unknown; check that server's clock (or --at) and collect it again",
  together: 'Main and {{otherRole}} were collected {{skew}} apart (limit {{limitText}})',
  apart: 'Main and {{otherRole}} were collected {{skew}} apart, more than the {{limitText}} limit; collect both again',
  noTime: "{{server}}'s collection time unknown: collect again with the collection script, or pass --at",
} as const;

type Id = keyof typeof MESSAGES;

/**
 * How far a collection time may lie after the check's own time and still be fresh: two machines' clocks differ
 * a little (the collection skew's default limit). Further ahead, the age is unknown (a server clock a year fast
 * would otherwise keep its snapshot fresh for a year).
 */
export const CLOCK_TOLERANCE_MINUTES = 5;

/** Tests that look at a pair (the Main and one other server) rather than at one server alone. */
const PAIR_TESTS = new Set(['capacity-covers-main-used', 'max-skew', 'client-system-lists-pair']);

export const policy: Comparator<Id> = {
  messages: MESSAGES,
  options: ['test', 'on', 'values', 'defaults', 'minFreePercent', 'maxAgeMinutes', 'maxSkewMinutes', 'whenUntimed', 'whenTogether', 'threshold', 'defaultVolume'],
  onMain(ctx, c, main) {
    const spec = c.rule.compare;
    if (PAIR_TESTS.has(spec.test ?? '') || (spec.on ?? 'each') === 'other' || !roleMatches(c.rule.appliesTo?.roles, 'main')) return;
    const eff = effectiveFor(c, 'main');
    if (eff !== undefined) checkServer(ruleRun(ctx, c, eff), main, main);
  },
  compare(run, main, other) {
    const spec = run.eff.compare;
    if (spec.test === 'max-skew') skew(run, main, other);
    else if (spec.test === 'client-system-lists-pair') clientSystemListsPair(run.report, main, other);
    else if (spec.test === 'capacity-covers-main-used' || (spec.on ?? 'each') !== 'main') checkServer(run, other, main);
  },
};

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** The config's `thresholds[compare.threshold]`, else the rule's own number. */
function threshold(config: AuditConfig, compare: CompareSpec, fallback: number | undefined): number | undefined {
  const key = compare.threshold as keyof NonNullable<AuditConfig['thresholds']> | undefined;
  const fromConfig = key === undefined ? undefined : config.thresholds?.[key];
  return fromConfig ?? fallback;
}

function checkServer(run: RuleRun<Id>, server: IndexedServer, main: IndexedServer): void {
  const { c, eff, ctx } = run;
  const test = eff.compare.test;
  const serverName = roleName(server.role);
  if (test === 'allowed-values' || test === 'disallowed-values') {
    const allowed = eff.compare.values ?? [];
    const defaults = new Map(Object.entries(eff.compare.defaults ?? {}).map(([k, v]) => [k.toLowerCase(), v] as const));
    const names = new Map<string, string>();
    for (const s of ctx.selection.select(c, server)) names.set(s.lower, s.name);
    for (const p of c.patterns) if (p.literal !== undefined && !names.has(p.literal)) names.set(p.literal, p.source);
    for (const [lower, name] of [...names.entries()].sort()) {
      const entry = server.byLower.get(lower);
      const value = entry?.setting.value ?? defaults.get(lower);
      const values = { [server.role]: displayValue(entry?.setting.value) };
      const sources = { [server.role]: entry?.setting.source ?? null };
      if (value === undefined) {
        if (c.rule.evidence === 'required') run.report({ status: 'unknown', setting: name, servers: [server], messageId: 'missing', data: { setting: name, missingOn: serverName }, values, sources });
        continue;
      }
      const listed = allowed.some((a) => valuesEqual(value, a as SettingValue, { caseInsensitive: true, unordered: true }));
      // `disallowed-values`: any value but those listed (e.g. a time source other than the local clock).
      const ok = test === 'allowed-values' ? listed : !listed;
      const list = allowed.map((a) => formatValue(a)).join(' or ');
      const data = { setting: name, server: serverName, value: formatValue(displayValue(value)), expected: test === 'allowed-values' ? list : `anything but ${list}` };
      run.report({ status: ok ? 'pass' : 'fail', setting: name, servers: [server], messageId: ok ? 'allowed' : 'notAllowed', data, values, sources });
    }
    return;
  }
  if (test === 'max-age') {
    const limit = threshold(ctx.config, eff.compare, eff.compare.maxAgeMinutes ?? 15) as number;
    const at = Date.parse(server.snapshot.collected.at ?? '');
    const values = { [server.role]: server.snapshot.collected.at ?? null };
    const sources = { [server.role]: null };
    if (Number.isNaN(at)) {
      run.report({ status: 'unknown', setting: 'collected.at', servers: [server], messageId: 'noTime', data: { server: serverName }, values, sources });
      return;
    }
    const ageMinutes = round1((ctx.now.getTime() - at) / 60000);
    const data = { server: serverName, ageMinutes, limit, age: humanMinutes(ageMinutes), limitText: humanMinutes(limit) };
    if (ageMinutes < 0) {
      const ahead = { ...data, ahead: humanMinutes(-ageMinutes), toleranceText: humanMinutes(CLOCK_TOLERANCE_MINUTES) };
      const within = -ageMinutes <= CLOCK_TOLERANCE_MINUTES;
      run.report({ status: within ? 'pass' : 'unknown', setting: 'collected.at', servers: [server], messageId: within ? 'ahead' : 'future', data: ahead, values, sources });
      return;
    }
    const ok = ageMinutes <= limit;
    run.report({ status: ok ? 'pass' : 'unknown', setting: 'collected.at', servers: [server], messageId: ok ? 'fresh' : 'stale', data, values, sources });
    return;
  }
  const volumes = databaseVolumes(ctx.selection.select(c, server), server, eff.compare.defaultVolume);
  if (test === 'volume-exists') {
    for (const v of volumes.paths) {
      const values = { [server.role]: v.value };
      const sources = { [server.role]: v.source };
      const data = { setting: v.setting, server: serverName, volume: v.volume ?? '', value: JSON.stringify(v.value) };
      const base = { setting: v.setting, servers: [server], data, values, sources, reads: v.reads };
      if (v.variable !== undefined) unresolvedVariable(run, server, v);
      else if (v.volume === undefined) run.report({ ...base, status: 'unknown', messageId: 'notLocalPath' });
      else if (!hasDiskEvidence(server)) run.report({ ...base, status: 'unknown', messageId: 'noDiskEvidence' });
      else {
        const ok = server.byLower.has(`disk.${v.volume.toLowerCase()}.totalbytes`);
        run.report({ ...base, status: ok ? 'pass' : 'fail', messageId: ok ? 'volumePresent' : 'volumeMissing' });
      }
    }
    return;
  }
  if (test === 'min-free-percent') {
    const limit = threshold(ctx.config, eff.compare, eff.compare.minFreePercent ?? 10) as number;
    for (const v of volumes.paths) {
      if (v.variable !== undefined) unresolvedVariable(run, server, v);
      else if (v.volume === undefined) run.report({ status: 'unknown', setting: v.setting, servers: [server], messageId: 'notLocalPath', data: { setting: v.setting, server: serverName, value: JSON.stringify(v.value) }, values: { [server.role]: v.value }, sources: { [server.role]: v.source } });
    }
    for (const [volume, folders] of volumes.byVolume) {
      const free = server.byLower.get(`disk.${volume.toLowerCase()}.freebytes`);
      const total = server.byLower.get(`disk.${volume.toLowerCase()}.totalbytes`);
      // Which folders are on the volume, and its size.
      const reads = [...volumes.paths.filter((p) => p.volume === volume).flatMap((p) => p.reads), ...(total === undefined ? [] : [{ role: server.role, setting: total.name }])];
      const freeBytes = asNumber(free?.setting.value);
      const totalBytes = asNumber(total?.setting.value);
      const setting = `disk.${volume}.freeBytes`;
      const values = { [server.role]: free === undefined ? null : displayValue(free.setting.value) };
      const sources = { [server.role]: free?.setting.source ?? null };
      const data: Record<string, string | number> = { volume, server: serverName, limit, folders: folders.map((f) => f.replace(/^locations\./i, '')).join(', ') };
      if (freeBytes === undefined || totalBytes === undefined || totalBytes <= 0) {
        run.report({ status: 'unknown', setting, servers: [server], messageId: 'noDiskEvidence', data, values, sources });
        continue;
      }
      const freePercent = round1((freeBytes / totalBytes) * 100);
      const ok = freePercent >= limit;
      run.report({ status: ok ? 'pass' : 'fail', setting, servers: [server], messageId: ok ? 'enoughFree' : 'lowFree', data: { ...data, freePercent }, values, sources, reads });
    }
    return;
  }
  if (test === 'capacity-covers-main-used') {
    capacity(run, main, server, volumes);
    return;
  }
  throw new Error(`rule ${c.rule.id}: unknown policy test ${String(test)}`);
}

function skew(run: RuleRun<Id>, main: IndexedServer, other: IndexedServer): void {
  const limit = threshold(run.ctx.config, run.eff.compare, run.eff.compare.maxSkewMinutes ?? 5) as number;
  const a = Date.parse(main.snapshot.collected.at ?? '');
  const b = Date.parse(other.snapshot.collected.at ?? '');
  const values = { [main.role]: main.snapshot.collected.at ?? null, [other.role]: other.snapshot.collected.at ?? null };
  const sources = { [main.role]: null, [other.role]: null };
  if (Number.isNaN(a) || Number.isNaN(b)) {
    // An audit of bare exports (no collection time) says nothing of when they were read: only a check needs to know.
    if (run.eff.compare.whenUntimed === 'skip') return;
    run.report({ status: 'unknown', setting: 'collected.at', servers: [main, other], messageId: 'noTime', data: { server: roleName(Number.isNaN(a) ? main.role : other.role) }, values, sources });
    return;
  }
  const skewMinutes = round1(Math.abs(a - b) / 60000);
  const ok = skewMinutes <= limit;
  // An audit says only when evidence is apart: a pass per pair would add a row of timestamps to every audit, with nothing to act on.
  if (ok && run.eff.compare.whenTogether === 'skip') return;
  run.report({ status: ok ? 'pass' : 'unknown', setting: 'collected.at', servers: [main, other], messageId: ok ? 'together' : 'apart', data: { otherRole: roleName(other.role), skewMinutes, limit, skew: humanMinutes(skewMinutes), limitText: humanMinutes(limit) }, values, sources });
}

function hasDiskEvidence(server: IndexedServer): boolean {
  for (let i = server.names.firstAtOrAfter('disk.'); i < server.names.length && server.names.startsWith(i, 'disk.'); i++) {
    if (/^disk\.[^.]+\.totalbytes$/.test(server.names.lower(i))) return true;
  }
  return false;
}

interface VolumePath {
  setting: string;
  /** As written in the export (may hold %VAR%). */
  value: string;
  /** With %VAR% expanded from the server's environment; undefined when a variable is unknown. */
  expanded?: string;
  /** The volume holding it: a drive letter (`D`) or a folder mount point (`D:\\SCADA\\Historic`). */
  volume?: string;
  /** The first variable the server's environment does not give. */
  variable?: string;
  source: Entry['setting']['source'] | null;
  /** The setting and the environment variables (`host.env.<Name>`) its volume rests on (FindingSpec.reads). */
  reads: SettingRead[];
}

/** The vendor's default database folder, where the collector measures when no Locations are set [LOC64]. */
const DEFAULT_FOLDER = '%ProgramData%\\Schneider Electric\\ClearSCADA\\Database';

/** Expands `%Name%` with the server's `host.env.<Name>` (names case-insensitive, as on Windows); `used`: the settings read. */
function expand(value: string, server: IndexedServer, used?: SettingRead[]): { expanded?: string; variable?: string } {
  let variable: string | undefined;
  const expanded = value.replace(/%([^%\\/:]+)%/g, (whole, name: string) => {
    const entry = server.byLower.get(`host.env.${name.toLowerCase()}`);
    if (entry !== undefined) used?.push({ role: server.role, setting: entry.name });
    const v = entry?.setting.value;
    if (typeof v === 'string' && v !== '') return v;
    variable ??= name;
    return whole;
  });
  return variable === undefined ? { expanded } : { variable };
}

/** The volumes a server lists (`disk.<volume>.totalBytes`), as lower-cased path prefixes with a trailing backslash. */
function volumePrefixes(server: IndexedServer): { volume: string; prefix: string }[] {
  const out: { volume: string; prefix: string }[] = [];
  for (let i = server.names.firstAtOrAfter('disk.'); i < server.names.length && server.names.startsWith(i, 'disk.'); i++) {
    const m = /^disk\.(.+)\.totalbytes$/.exec(server.names.lower(i));
    if (m === null) continue;
    const volume = server.names.name(i).slice('disk.'.length, -'.totalBytes'.length);
    out.push({ volume, prefix: /^[a-z]$/.test(m[1]) ? `${m[1]}:\\` : `${m[1].replace(/\\+$/, '')}\\` });
  }
  return out.sort((a, b) => b.prefix.length - a.prefix.length);
}

/** The volume holding a local path: the longest listed mount point that is a prefix, else its drive letter. */
function volumeOf(path: string, volumes: { volume: string; prefix: string }[]): string | undefined {
  const m = /^([a-z]):(\\|\/|$)/i.exec(path);
  if (m === null) return undefined;
  const lower = `${path.replace(/\//g, '\\').replace(/\\+$/, '')}\\`.toLowerCase();
  return volumes.find((v) => lower.startsWith(v.prefix))?.volume ?? m[1].toUpperCase();
}

/** The volumes holding the database folders (`locations.*`), or the vendor's default folder's volume. */
function databaseVolumes(selected: Selected[], server: IndexedServer, defaultVolume: string | undefined): { paths: VolumePath[]; byVolume: Map<string, string[]> } {
  const paths: VolumePath[] = [];
  const listed = volumePrefixes(server);
  for (const s of selected) {
    const e = server.byLower.get(s.lower) as Entry;
    if (typeof e.setting.value !== 'string' || e.setting.value.trim() === '') continue;
    const value = e.setting.value;
    const reads: SettingRead[] = [{ role: server.role, setting: e.name }];
    const { expanded, variable } = expand(value.trim(), server, reads);
    const path: VolumePath = { setting: e.name, value, source: e.setting.source, reads };
    if (variable !== undefined) path.variable = variable;
    if (expanded !== undefined) {
      path.expanded = expanded;
      const volume = volumeOf(expanded, listed);
      if (volume !== undefined) path.volume = volume;
    }
    paths.push(path);
  }
  const byVolume = new Map<string, string[]>();
  for (const p of paths) if (p.volume !== undefined) byVolume.set(p.volume, [...(byVolume.get(p.volume) ?? []), p.setting]);
  if (paths.length === 0 && defaultVolume !== undefined) byVolume.set(defaultVolume.toUpperCase(), ['(default location)']);
  return { paths, byVolume: new Map([...byVolume.entries()].sort()) };
}

function unresolvedVariable(run: RuleRun<Id>, server: IndexedServer, v: VolumePath): void {
  const serverName = roleName(server.role);
  const values = { [server.role]: v.value };
  const sources = { [server.role]: v.source };
  if (notCollectedOn(server, 'environment.json')) {
    run.report({ status: 'unknown', severity: 'info', setting: v.setting, servers: [server], messageId: 'notCollected', data: { check: `The volume of ${v.setting}`, server: serverName, evidence: 'environment.json' }, values, sources });
  } else {
    run.report({ status: 'unknown', setting: v.setting, servers: [server], messageId: 'unknownVariable', data: { setting: v.setting, server: serverName, value: JSON.stringify(v.value), variable: v.variable ?? '' }, values, sources });
  }
}

/**
 * Bytes of the database folders a server measured (`host.dbSize.<folder as written>`), counting a folder
 * inside another listed folder once; undefined when a folder was not measured.
 */
function databaseBytes(server: IndexedServer, paths: VolumePath[]): { bytes?: number; missing: string[] } {
  const folders = paths.length > 0 ? paths.map((p) => ({ written: p.value.trim(), expanded: (p.expanded ?? p.value).trim() })) : [{ written: DEFAULT_FOLDER, expanded: expand(DEFAULT_FOLDER, server).expanded ?? DEFAULT_FOLDER }];
  const norm = (f: string): string => `${f.replace(/\//g, '\\').replace(/\\+$/, '')}\\`.toLowerCase();
  const unique = new Map<string, string>();
  for (const f of folders) unique.set(norm(f.expanded), f.written);
  let bytes = 0;
  const missing: string[] = [];
  for (const [folder, written] of unique) {
    if ([...unique.keys()].some((other) => other !== folder && folder.startsWith(other))) continue;
    const entry = server.byLower.get(`host.dbsize.${written.toLowerCase()}`) ?? server.byLower.get(`host.dbsize.${written.replace(/[\\/]+$/, '').toLowerCase()}`) ?? server.byLower.get(`host.dbsize.${written.replace(/[\\/]*$/, '\\').toLowerCase()}`);
    const n = asNumber(entry?.setting.value);
    if (n === undefined) missing.push(written);
    else bytes += n;
  }
  return missing.length > 0 ? { missing } : { bytes, missing };
}

/**
 * The Standby must hold the Main's database: the bytes of the Main's database folders (dbsize.json), against
 * the free space on the Standby's database volumes plus its own copy (which synchronisation overwrites).
 */
function capacity(run: RuleRun<Id>, main: IndexedServer, server: IndexedServer, volumes: ReturnType<typeof databaseVolumes>): void {
  const { c, eff, ctx } = run;
  const serverName = roleName(server.role);
  const mainVolumes = databaseVolumes(ctx.selection.select(c, main), main, eff.compare.defaultVolume);
  const servers = [main, server];
  const none = { [main.role]: null, [server.role]: null };
  const needed = databaseBytes(main, mainVolumes.paths);
  const own = databaseBytes(server, volumes.paths);
  for (const [s, size] of [
    [main, needed],
    [server, own],
  ] as const) {
    if (size.bytes !== undefined) continue;
    if (notCollectedOn(s, 'dbsize.json')) {
      run.report({ status: 'unknown', severity: 'info', setting: 'host.dbSize.*', servers, messageId: 'notCollected', data: { check: 'The Standby capacity check', server: roleName(s.role), evidence: 'dbsize.json' }, values: none, sources: none });
    } else {
      run.report({ status: 'unknown', setting: 'host.dbSize.*', servers, messageId: 'noDbSize', data: { server: roleName(s.role), folders: size.missing.join(', ') }, values: none, sources: none });
    }
    return;
  }
  const free = sumFree(server, [...volumes.byVolume.keys()]);
  if (free === undefined) {
    run.report({ status: 'unknown', setting: 'disk.*.freeBytes', servers, messageId: 'noDiskEvidence', data: { volume: [...volumes.byVolume.keys()].join(', '), server: serverName }, values: none, sources: none });
    return;
  }
  const room = free + (own.bytes as number);
  const used = needed.bytes as number;
  const ok = room >= used;
  const values = { [main.role]: used, [server.role]: room };
  // Where each server's database folders are, and so which volumes and sizes were summed.
  const reads = [...mainVolumes.paths, ...volumes.paths].flatMap((p) => p.reads);
  run.report({ status: ok ? 'pass' : 'fail', setting: 'host.dbSize.*', servers, messageId: ok ? 'capacityOk' : 'capacityShort', data: { server: serverName, capacity: room, free, own: own.bytes as number, used }, values, sources: none, reads });
}

function sumFree(server: IndexedServer, volumes: string[]): number | undefined {
  if (volumes.length === 0) return undefined;
  let sum = 0;
  for (const v of volumes) {
    const free = asNumber(server.byLower.get(`disk.${v.toLowerCase()}.freebytes`)?.setting.value);
    if (free === undefined) return undefined;
    sum += free;
  }
  return sum;
}
