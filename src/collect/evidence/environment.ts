// environment.json: the environment variables a database location may be written with (`%ProgramData%\…`).
import { InputError } from '../../errors.js';
import { JsonLines, readJson } from './json.js';

export interface EnvironmentVar {
  /** Variable name as written (`ProgramFiles(x86)`). */
  name: string;
  value: string;
  line?: number;
}

const HINT = 'expected environment.json as collectors/Collect-PairAudit.ps1 writes it ({"ProgramData": "C:\\\\ProgramData", …})';
const NAME = /^[A-Za-z_][A-Za-z0-9_()]*$/;

/**
 * Reads `{"ProgramData": "C:\\ProgramData", "ProgramFiles": …, "ProgramFiles(x86)": …, "SystemDrive": "C:",
 * "SystemRoot": "C:\\Windows"}`. A variable the host does not define is null or empty and is left out
 * (`ProgramFiles(x86)` on a 32-bit Windows). Sorted by name, case-insensitively.
 */
export function parseEnvironmentJson(text: string, file: string): EnvironmentVar[] {
  const json = readJson(text, file, HINT);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new InputError(file, undefined, `expected one JSON object; ${HINT}`);
  const lines = new JsonLines(text);
  const out: EnvironmentVar[] = [];
  const seen = new Set<string>();
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    const line = lines.find(name);
    if (!NAME.test(name)) throw new InputError(file, line, `${JSON.stringify(name.slice(0, 60))} is not an environment variable name; ${HINT}`);
    if (seen.has(name.toLowerCase())) throw new InputError(file, line, `variable ${name} is listed twice (names are case-insensitive)`);
    seen.add(name.toLowerCase());
    if (value === null || value === '') continue;
    if (typeof value !== 'string') throw new InputError(file, line, `variable ${name}: expected a string, found ${JSON.stringify(value).slice(0, 60)}`);
    out.push(line === undefined ? { name, value } : { name, value, line });
  }
  return out.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
}
