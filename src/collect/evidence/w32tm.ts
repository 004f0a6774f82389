// w32tm /query /status and w32tm /query /configuration output (English labels; other languages → unknown).
import { splitLines } from '../text.js';

/** A parse that may end in "cannot tell": the reason becomes a snapshot warning and the settings stay absent. */
export type Outcome<T> = { value: T } | { unknown: string; line?: number };

export interface TimeStatus {
  /** `Source:` — a peer (`dc01.example.net`, `10.0.0.5,0x9`), `Local CMOS Clock`, `Free-running System Clock`, … */
  source: string;
  sourceLine: number;
  leapIndicator?: number;
  /** `Phase Offset:` in seconds, printed by newer builds only. */
  phaseOffsetSeconds?: number;
  phaseOffsetLine?: number;
}

export interface TimeConfiguration {
  /** NtpClient `Type`: NT5DS (domain hierarchy), NTP, AllSync, NoSync. */
  type: string;
  typeLine: number;
  /** NtpClient `NtpServer` peers without their `,0x…` flags, lower-cased, in file order. */
  ntpServers?: string[];
  ntpServerLine?: number;
}

/** `  Label: value` lines: label → value and line (the first of each label). */
function labelled(text: string): Map<string, { value: string; line: number }> {
  const out = new Map<string, { value: string; line: number }>();
  splitLines(text.replace(/^\uFEFF/, '')).forEach((raw, i) => {
    const m = /^\s*([^:[\]]{1,60}?)\s*:\s?(.*)$/.exec(raw);
    if (m === null) return;
    const label = m[1].trim().toLowerCase();
    if (!out.has(label)) out.set(label, { value: m[2].trim(), line: i + 1 });
  });
  return out;
}

/** The text w32tm prints instead of a status when the service is not running: `… (0x80070426)`. */
function w32tmError(text: string): { message: string; line: number } | undefined {
  const lines = splitLines(text.replace(/^\uFEFF/, ''));
  const i = lines.findIndex((l) => /\(0x[0-9A-F]{8}\)\s*$/i.test(l));
  return i < 0 ? undefined : { message: lines[i].trim(), line: i + 1 };
}

function firstLabel(labels: Map<string, unknown>): string {
  return [...labels.keys()][0] ?? '';
}

/**
 * Reads `w32tm /query /status`. The service not running (error 0x80070426) reads as source
 * `(Windows Time service not running)`: the clock is then not synchronised from anything.
 */
export function parseW32tmStatus(text: string): Outcome<TimeStatus> {
  const labels = labelled(text);
  const err = w32tmError(text);
  if (!labels.has('source') && err !== undefined) {
    if (/0x80070426/i.test(err.message)) return { value: { source: '(Windows Time service not running)', sourceLine: err.line } };
    return { unknown: `w32tm could not report the status: ${JSON.stringify(err.message.slice(0, 120))}`, line: err.line };
  }
  const source = labels.get('source');
  if (source === undefined || !labels.has('leap indicator')) {
    if (labels.size > 0) return { unknown: `not English output of \`w32tm /query /status\` (first label ${JSON.stringify(firstLabel(labels).slice(0, 40))}); pairaudit reads English labels only, so the time checks are unknown for this server` };
    return { unknown: 'no `Label: value` lines; expected the output of `w32tm /query /status`' };
  }
  const status: TimeStatus = { source: source.value.replace(/\s+$/, ''), sourceLine: source.line };
  const leap = /^(\d)/.exec(labels.get('leap indicator')?.value ?? '');
  if (leap) status.leapIndicator = Number(leap[1]);
  const phase = labels.get('phase offset');
  const seconds = phase === undefined ? null : /^(-?\d+(?:\.\d+)?)s$/.exec(phase.value);
  if (phase !== undefined && seconds) {
    status.phaseOffsetSeconds = Number(seconds[1]);
    status.phaseOffsetLine = phase.line;
  }
  return { value: status };
}

/** `NT5DS (Local)` → `NT5DS`; `time.example.net,0x9 (Policy)` → `time.example.net,0x9`. */
function stripOrigin(v: string): string {
  return v.replace(/\s*\([^()]*\)\s*$/, '').trim();
}

/**
 * Reads `w32tm /query /configuration`: the NtpClient provider's `Type` and `NtpServer`. The value names are
 * registry value names and print the same in every language; only the `(Local)`/`(Policy)` notes are
 * localised, and they are dropped.
 */
export function parseW32tmConfiguration(text: string): Outcome<TimeConfiguration> {
  const lines = splitLines(text.replace(/^\uFEFF/, ''));
  let provider = '';
  let type: { value: string; line: number } | undefined;
  let servers: { value: string; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (l === '') continue;
    if (/^\[[^\]]+\]$/.test(l)) {
      provider = '';
      continue;
    }
    const m = /^([A-Za-z][A-Za-z0-9]*)\s*:\s?(.*)$/.exec(l);
    if (m === null) {
      provider = l.replace(/\s*\([^()]*\)$/, '').toLowerCase(); // a provider heading such as "NtpClient (Local)"
      continue;
    }
    const name = m[1].toLowerCase();
    if (name === 'type' && (provider === 'ntpclient' || provider === '') && type === undefined) type = { value: stripOrigin(m[2]), line: i + 1 };
    if (name === 'ntpserver' && (provider === 'ntpclient' || provider === '') && servers === undefined) servers = { value: stripOrigin(m[2]), line: i + 1 };
  }
  if (type === undefined) {
    const err = w32tmError(text);
    if (err !== undefined) return { unknown: `w32tm could not report the configuration: ${JSON.stringify(err.message.slice(0, 120))}`, line: err.line };
    return { unknown: 'no NtpClient `Type:` line; expected the output of `w32tm /query /configuration`' };
  }
  const out: TimeConfiguration = { type: type.value, typeLine: type.line };
  if (servers !== undefined) {
    out.ntpServers = servers.value
      .split(/\s+/)
      .map((p) => p.replace(/,0x[0-9a-f]+$/i, '').toLowerCase())
      .filter((p) => p !== '');
    out.ntpServerLine = servers.line;
  }
  return { value: out };
}
