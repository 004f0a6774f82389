// Parser for the text `reg query <key> /s` prints: key lines, indented "name    TYPE    data" lines, an optional trailer.
import type { RegData, RegKey, RegTree, RegTypeName } from '../../types.js';
import { InputError } from '../../errors.js';
import { REG_TYPE_NAMES } from './decode.js';
import { isBlank, quoteSnippet, type LineReader } from './text.js';
import { asWarning, keyTooDeep, MAX_KEY_DEPTH, type ParseContext } from './regedit.js';

/**
 * How `reg query` names the default value, in the Windows display languages we know of (lower-case).
 * A value really named like this cannot be told apart from the default value in this format.
 */
export const DEFAULT_VALUE_NAMES: ReadonlySet<string> = new Set([
  '(default)',
  '(standard)', // German, Danish, Norwegian, Swedish
  '(par défaut)', // French
  '(predeterminado)', // Spanish
  '(predefinito)', // Italian
  '(padrão)', // Portuguese
  '(standaard)', // Dutch
  '(domyślna)', // Polish
  '(по умолчанию)', // Russian
  '(既定)', // Japanese
  '(默认)', // Simplified Chinese
  '(預設值)', // Traditional Chinese
]);

/** What `reg query` prints for a default value that has no data; regedit would not export it at all (é as \u00e9: the
 * one-file build, src/build/bundle.ts, stays ASCII). */
const VALUE_NOT_SET = /^\((value not set|Wert nicht festgelegt|valeur non d\u00e9finie)\)$/i;

/** `    name    REG_TYPE    data`; reg.exe of Windows XP separated the fields with tabs. */
const VALUE_LINE = /^[ \t]+(.+?)(?: {4}|\t)(REG_[A-Z_]+)(?:(?: {4}|\t)(.*))?$/;
const TRAILER = /^End of search: \d+ match(?:\(es\)|es)? found\.?$/i;

const KNOWN_TYPES = new Set<string>(REG_TYPE_NAMES);

function decodeQueryData(type: RegTypeName, data: string): RegData | undefined {
  switch (type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
    case 'REG_LINK':
      return data;
    case 'REG_MULTI_SZ':
      return data === '' ? [] : data.split('\\0');
    case 'REG_DWORD':
    case 'REG_DWORD_BIG_ENDIAN': {
      const t = data.trim();
      if (!/^0x[0-9a-f]{1,8}$/i.test(t)) return undefined;
      return parseInt(t.slice(2), 16);
    }
    case 'REG_QWORD': {
      const t = data.trim();
      if (!/^0x[0-9a-f]{1,16}$/i.test(t)) return undefined;
      return BigInt(t).toString();
    }
    default: {
      const t = data.trim();
      if (!/^(?:[0-9a-f]{2})*$/i.test(t)) return undefined;
      return t.toLowerCase();
    }
  }
}

export function parseRegQuery(reader: LineReader, ctx: ParseContext): RegTree {
  const keys: RegKey[] = [];
  const warnings: { line: number; message: string }[] = [];
  let current: RegKey | undefined;
  /** The first value named in parentheses that is no known label of the default value. */
  let unknownLabel: { line: number; name: string } | undefined;

  const problem = (line: number, detail: string): void => {
    if (!ctx.lenient) throw new InputError(ctx.file, line, detail);
    warnings.push({ line, message: asWarning(detail) });
  };
  /** Strict: an error naming the line. --lenient: the line is read as it stands, with a warning. */
  const truncated = (line: number, raw: string): void => {
    const what = `the file ends without a line break after ${quoteSnippet(raw.trim())}`;
    if (!ctx.lenient) throw new InputError(ctx.file, line, `${what}: reg query ends every line with a line break (CRLF), so the output is truncated; run the query again`);
    warnings.push({ line, message: `${what}: the output looks truncated; read as it is` });
  };

  for (let raw = reader.next(); raw !== undefined; raw = reader.next()) {
    const lineNo = reader.line;
    if (isBlank(raw)) continue;
    // reg.exe ends every line with CRLF (cmd's `>` and PowerShell's keep it): a last line without one was cut.
    if (!reader.lineBreakAfter && !TRAILER.test(raw.trim())) truncated(lineNo, raw);
    const c = raw.charCodeAt(0);
    if (c !== 32 && c !== 9) {
      const text = raw.replace(/^\ufeff/, '').trimEnd();
      if (/^HKEY_/i.test(text)) {
        let levels = 1;
        for (let k = text.indexOf('\\'); k !== -1; k = text.indexOf('\\', k + 1)) levels++;
        if (levels > MAX_KEY_DEPTH) {
          current = undefined;
          problem(lineNo, keyTooDeep(levels));
          continue;
        }
        current = { path: text, values: [], line: lineNo };
        keys.push(current);
      } else if (TRAILER.test(text)) {
        continue;
      } else if (/^ERROR:/i.test(text)) {
        // reg.exe writes errors to stderr, but `reg query ... > file 2>&1` captures them.
        throw new InputError(ctx.file, lineNo, `reg query reported ${quoteSnippet(text, 120)}; run the query again`);
      } else {
        problem(lineNo, `expected a key line HKEY_... or an indented "name    REG_TYPE    data" line, found ${quoteSnippet(text)}; is this \`reg query /s\` output?`);
      }
      continue;
    }
    const m = VALUE_LINE.exec(raw);
    if (m === null || !KNOWN_TYPES.has(m[2])) {
      problem(lineNo, `expected an indented "name    REG_TYPE    data" line, found ${quoteSnippet(raw.trim())}; is this \`reg query /s\` output?`);
      continue;
    }
    if (current === undefined) {
      problem(lineNo, `value ${quoteSnippet(m[1])} comes before any HKEY_... key line; is this \`reg query /s\` output?`);
      continue;
    }
    const isDefault = DEFAULT_VALUE_NAMES.has(m[1].toLowerCase());
    if (!isDefault && unknownLabel === undefined && /^\(.+\)$/.test(m[1])) unknownLabel = { line: lineNo, name: m[1] };
    const type = m[2] as RegTypeName;
    const text = m[3] ?? '';
    if (isDefault && VALUE_NOT_SET.test(text.trim())) continue;
    const data = decodeQueryData(type, text);
    if (data === undefined) {
      problem(lineNo, `invalid ${type} data ${quoteSnippet(text)} for ${quoteSnippet(m[1])}`);
      continue;
    }
    current.values.push({ name: isDefault ? '' : m[1], type, data, line: lineNo });
  }
  // Once per file: every key's default value carries the same label.
  if (unknownLabel !== undefined) {
    warnings.push({
      line: unknownLabel.line,
      message: `a value named ${quoteSnippet(unknownLabel.name)}: a name in parentheses is how \`reg query\` labels a key's default value, in a Windows language pairaudit does not know; it is read as a value of that name, so default values are not seen as such; collect with the PowerShell collector (reg export), or report the label`,
    });
  }
  const tree: RegTree = { format: 'reg-query', keys };
  if (warnings.length > 0) tree.warnings = warnings;
  return tree;
}
