// pairaudit's vocabulary, defined once: roles and their labels, severities, statuses, verdicts, thresholds, report formats, the bundled pack.
import { fileURLToPath } from 'node:url';
import type { Role, Severity, Status, Verdict } from './types.js';

// ─── Roles ───────────────────────────────────────────────────────────────────────────────────────

/** Every role, Main first: the order servers are listed and compared in. */
export const ROLES: readonly Role[] = ['main', 'standby-a', 'standby-b', 'permanent-a', 'permanent-b', 'permanent-c', 'permanent-d'];

/** What reports and messages call each role (the vendor's words: "Permanent Standby", tabs A–D). */
export const roleLabels: Readonly<Record<Role, string>> = {
  main: 'Main',
  'standby-a': 'Standby A',
  'standby-b': 'Standby B',
  'permanent-a': 'Permanent Standby A',
  'permanent-b': 'Permanent Standby B',
  'permanent-c': 'Permanent Standby C',
  'permanent-d': 'Permanent Standby D',
};

/** Other names a person may write for a role (fleet inventories). */
export const roleAliases: Readonly<Record<string, Role>> = { standby: 'standby-a' };

export function isRole(text: string): text is Role {
  return Object.prototype.hasOwnProperty.call(roleLabels, text);
}

/** The label of a role ("Standby A"); an unknown role is shown as given. */
export function roleLabel(role: Role): string {
  return roleLabels[role] ?? role;
}

/** Sorts by role, Main first. */
export function compareRoles(a: Role, b: Role): number {
  return ROLES.indexOf(a) - ROLES.indexOf(b);
}

/** One line for messages: "main, standby-a, standby-b, permanent-a..permanent-d". */
export const ROLE_LIST_TEXT = 'main, standby-a, standby-b, permanent-a..permanent-d';

// ─── Severities, statuses, verdicts ──────────────────────────────────────────────────────────────

/** Every severity, most severe first. */
export const SEVERITIES: readonly Severity[] = ['blocker', 'warning', 'info'];
export const severityLabels: Readonly<Record<Severity, string>> = { blocker: 'Blocker', warning: 'Warning', info: 'Info' };

export function isSeverity(text: string): text is Severity {
  return (SEVERITIES as readonly string[]).includes(text);
}

/** True when `severity` is at or above `threshold` (blocker > warning > info). */
export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

/** Every status, in the order reports show them: what needs action first. */
export const STATUSES: readonly Status[] = ['fail', 'unknown', 'waived', 'pass'];
export const statusLabels: Readonly<Record<Status, string>> = { fail: 'Fail', unknown: 'Unknown', waived: 'Waived', pass: 'Pass' };

export function isStatus(text: string): text is Status {
  return (STATUSES as readonly string[]).includes(text);
}

export const VERDICTS: readonly Verdict[] = ['in-parity', 'drift', 'incomplete'];
export const verdictLabels: Readonly<Record<Verdict, string>> = { 'in-parity': 'IN PARITY', drift: 'DRIFT', incomplete: 'INCOMPLETE' };

// ─── Thresholds ──────────────────────────────────────────────────────────────────────────────────

/** The numbers a config file's `thresholds` may set, and a rule's `threshold` may name. */
export const THRESHOLDS = ['diskFreePercent', 'diskFreeWarnPercent', 'snapshotMaxAgeMinutes', 'snapshotMaxSkewMinutes'] as const;
export type ThresholdName = (typeof THRESHOLDS)[number];

// ─── Report formats ──────────────────────────────────────────────────────────────────────────────

export type FormatName = 'text' | 'json' | 'junit' | 'markdown' | 'html' | 'pdf';

/** Every report format, in the order `--help` lists them. */
export const FORMATS: readonly FormatName[] = ['text', 'json', 'junit', 'markdown', 'html', 'pdf'];

/** The formats each kind of report comes in. */
export type FleetFormatName = FormatName;
export type ChangeFormatName = Exclude<FormatName, 'junit'>;
export const FLEET_FORMATS: readonly FleetFormatName[] = FORMATS;
export const CHANGE_FORMATS: readonly ChangeFormatName[] = ['text', 'json', 'markdown', 'html', 'pdf'];

/** The extension a file of each format gets by default. */
export const formatExtensions: Readonly<Record<FormatName, string>> = { text: '.txt', json: '.json', junit: '.xml', markdown: '.md', html: '.html', pdf: '.pdf' };

/** File extensions (lower case, with the dot) that name a format; `-o`'s extension picks the format by these. */
const formatByExtension: Readonly<Record<string, FormatName>> = {
  '.txt': 'text',
  '.json': 'json',
  '.xml': 'junit',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
};

/** Other names accepted for a format after `-f`. */
const formatAliases: Readonly<Record<string, FormatName>> = { md: 'markdown', htm: 'html', txt: 'text' };

/** Formats whose output is bytes rather than text. */
export const binaryFormats: ReadonlySet<FormatName> = new Set<FormatName>(['pdf']);

/** The format a name or alias stands for (case-insensitive), or undefined. */
export function formatFromName(name: string): FormatName | undefined {
  const lower = name.toLowerCase();
  if ((FORMATS as readonly string[]).includes(lower)) return lower as FormatName;
  return formatAliases[lower];
}

/** The format a file extension stands for (`.md`, `.HTM`), or undefined. */
export function formatFromExtension(ext: string): FormatName | undefined {
  const lower = ext.toLowerCase();
  return formatByExtension[lower.startsWith('.') ? lower : `.${lower}`];
}

/** The aliases of these formats (`md`, `htm`, `txt`), for messages. */
export function formatAliasesOf(formats: readonly FormatName[]): string[] {
  return Object.keys(formatAliases).filter((alias) => formats.includes(formatAliases[alias]!));
}

/** The extensions that name a format, for messages: ".txt, .json, .xml, …". */
export function formatExtensionsOf(formats: readonly FormatName[]): string[] {
  return Object.keys(formatByExtension).filter((ext) => formats.includes(formatByExtension[ext]!));
}

// ─── The bundled rule pack ───────────────────────────────────────────────────────────────────────

/** The folder of the rule pack that ships with pairaudit (`rules/geo-scada` beside `src/` or `dist/`). */
export const bundledPackDir: string = fileURLToPath(new URL('../rules/geo-scada', import.meta.url));
