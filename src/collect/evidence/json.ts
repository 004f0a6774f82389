// JSON files of a bundle, as Windows PowerShell 5.1 `ConvertTo-Json | Out-File` writes them.
import { InputError } from '../../errors.js';
import { splitLines } from '../text.js';
import { parseJsonText } from '../../json-text.js';

/** Parses JSON (a leading BOM allowed); a syntax error is an InputError naming the file and the expected command. */
export function readJson(text: string, file: string, hint: string): unknown {
  return parseJsonText(text, (line, detail) => new InputError(file, line, `not valid JSON (${detail}); ${hint}`));
}

/** PowerShell 5.1 writes a list of one as the object itself: both read as a list. */
export function asList(json: unknown): unknown[] {
  return Array.isArray(json) ? json : json === null ? [] : [json];
}

/** Looks up JSON property lines: `"Name": "value"` written one per line, as ConvertTo-Json does. */
export class JsonLines {
  private readonly lines: string[];
  constructor(text: string) {
    this.lines = splitLines(text);
  }

  /**
   * 1-based line of the `occurrence`-th (0-based) property `name` whose value starts with `value` (JSON-encoded
   * without its closing quote), if any; undefined when the file is not written one property per line.
   */
  find(name: string, value?: string, occurrence = 0): number | undefined {
    const key = `${JSON.stringify(name)}`;
    let seen = 0;
    for (let i = 0; i < this.lines.length; i++) {
      const l = this.lines[i];
      const at = l.indexOf(key);
      if (at < 0) continue;
      const rest = l.slice(at + key.length).replace(/^\s*:\s*/, '');
      if (value !== undefined && !rest.startsWith(value)) continue;
      if (seen++ === occurrence) return i + 1;
    }
    return undefined;
  }

  /**
   * 1-based lines of every property `name` (case-insensitive, as PowerShell names are), in order: one per occurrence,
   * so a list written one object per line, or all on one line, gives as many as it has objects. An escaped `\"name\"`
   * inside a string is no property.
   */
  every(name: string): number[] {
    const re = new RegExp(`(?<!\\\\)"${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`, 'gi');
    const out: number[] = [];
    this.lines.forEach((l, i) => out.push(...Array.from(l.matchAll(re), () => i + 1)));
    return out;
  }
}

/** A property of an object by name, case-insensitively (PowerShell property names are case-insensitive). */
export function prop(o: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(o)) if (k.toLowerCase() === lower) return v;
  return undefined;
}
