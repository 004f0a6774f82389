// defender.json: Windows Defender exclusions (Get-MpPreference ExclusionPath, ExclusionProcess, ExclusionExtension).
import { InputError } from '../../errors.js';
import { JsonLines, prop, readJson } from './json.js';
import type { Outcome } from './w32tm.js';

export interface DefenderExclusions {
  paths: string[];
  processes: string[];
  extensions: string[];
  line?: number;
}

const HINT = 'expected defender.json as collectors/Collect-PairAudit.ps1 writes it ({"ExclusionPath": […], "ExclusionProcess": […], "ExclusionExtension": […]} or {"Error": "…"})';
/** What Get-MpPreference shows a non-administrator instead of the exclusions. */
const PLACEHOLDER = /^\{?N\/A: Must be an administrator to view exclusions\}?$/i;

function list(o: Record<string, unknown>, name: string, file: string, line: number | undefined): string[] | 'placeholder' {
  const v = prop(o, name);
  const items = v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const x of items) {
    if (x === null) continue;
    if (typeof x !== 'string') throw new InputError(file, line, `"${name}" must list strings, found ${JSON.stringify(x).slice(0, 60)}; ${HINT}`);
    if (PLACEHOLDER.test(x.trim())) return 'placeholder';
    if (x.trim() !== '') out.push(x.trim());
  }
  return out;
}

/** Reads the exclusions; the administrator placeholder, or an `Error` (Defender absent or off), is unknown. */
export function parseDefenderJson(text: string, file: string): Outcome<DefenderExclusions> {
  const json = readJson(text, file, HINT);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new InputError(file, undefined, `expected one JSON object; ${HINT}`);
  const o = json as Record<string, unknown>;
  const lines = new JsonLines(text);
  const error = prop(o, 'Error');
  if (typeof error === 'string' && error !== '') return { unknown: `Defender exclusions could not be read (${error.slice(0, 160)}); another anti-virus product's exclusions are not collected: check them by hand`, line: lines.find('Error') };
  const paths = list(o, 'ExclusionPath', file, lines.find('ExclusionPath'));
  const processes = list(o, 'ExclusionProcess', file, lines.find('ExclusionProcess'));
  const extensions = list(o, 'ExclusionExtension', file, lines.find('ExclusionExtension'));
  if (paths === 'placeholder' || processes === 'placeholder' || extensions === 'placeholder') {
    return { unknown: 'Get-MpPreference showed "Must be an administrator to view exclusions": collect the bundle from an elevated prompt', line: lines.find('ExclusionPath') };
  }
  const line = lines.find('ExclusionPath');
  return { value: line === undefined ? { paths, processes, extensions } : { paths, processes, extensions, line } };
}
