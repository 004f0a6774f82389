// The one output-sanitising layer: text from exports (and anything else untrusted) made safe to show on a
// terminal and in every text-like format. Control characters and ESC are shown visibly (`\x1b`), so no
// escape sequence reaches a terminal; bidirectional overrides and isolates are shown as `\u202e`, so text
// cannot appear reversed (`gnp.exe` as `exe.png`). Escaping for a markup (HTML, XML, Markdown) comes after.
import { defaultSecretDetector } from '../snapshot/secrets.js';

/**
 * C0 controls except tab, line feed and carriage return, DEL, C1 controls (U+009B is CSI on some terminals; U+0085
 * is NEL), the line and paragraph separators U+2028 and U+2029 (a mandatory line break where text is laid out by
 * Unicode's rules, as the PDF's is: a value would start a line that reads as another setting), and the bidi
 * controls: ALM, LRM, RLM, the embeddings and overrides U+202A–U+202E and the isolates U+2066–U+2069; as
 * a character class's body (the JSON writer tests a string for them and for JSON's escapes at once).
 */
export const UNSAFE_CHARS = String.raw`\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069`;
/** Those, and a carriage return not followed by a line feed (it would overwrite the line). */
const UNSAFE = new RegExp(String.raw`[${UNSAFE_CHARS}]|\r(?!\n)`, 'g');
/**
 * The same, but a lone carriage return may open or end what is written (a progress line on standard error redraws
 * itself with `\rtext`); one inside it (a warning quoting an export's text) would overwrite the line, and is shown.
 */
const UNSAFE_KEEP_CR = new RegExp(String.raw`[${UNSAFE_CHARS}]|(?<!^)\r(?!\n|$)`, 'g');
/** The colour codes pairaudit's own text format writes (bold, dim, red, green, yellow, cyan and their resets). */
// eslint-disable-next-line no-control-regex
const OWN_SGR = /^\x1b\[(?:1|2|22|31|32|33|36|39)m/;

/**
 * A character as it is shown instead: C0 as `\x1b`; DEL, C1 and bidi controls as `\u009b`, `\u202e`
 * (also valid escapes inside a JSON string, so a JSON document stays the same data).
 */
function shown(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * What `shown` writes after its backslash, as a pattern: `x` and a C0 code, `u` and the code of DEL, a C1 or a bidi
 * control. A line of a report never breaks inside such an escape (src/report/breaks.ts).
 */
export const SHOWN_AFTER_BACKSLASH = String.raw`x[01][0-9a-f]|u(?:007f|00[89][0-9a-f]|061c|200[ef]|202[89a-e]|206[6-9])`;

export interface NeutraliseOptions {
  /** Keep the exact colour sequences pairaudit writes itself (text output to a colour terminal). */
  keepOwnColour?: boolean;
  /** Keep a lone carriage return that opens or ends the text (standard error's progress line). */
  keepCr?: boolean;
}

/** Text with every unsafe character replaced by its visible form (`\x1b`, `\u009b`, `\u202e`); other text as it is. */
export function neutralise(text: string, opts: NeutraliseOptions = {}): string {
  const re = opts.keepCr === true ? UNSAFE_KEEP_CR : UNSAFE;
  re.lastIndex = 0;
  if (!re.test(text)) return text;
  if (opts.keepOwnColour !== true) return text.replace(re, shown);
  return text.replace(re, (c, offset: number) => (c === '\x1b' && OWN_SGR.test(text.slice(offset, offset + 5)) ? c : shown(c)));
}

/**
 * Every string inside a plain JSON-like value (objects, arrays) neutralised; the same object where nothing
 * needed it, so a clean report costs one walk and no copies.
 */
export function neutraliseDeep<T>(value: T): T {
  if (typeof value === 'string') return neutralise(value) as T;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = neutraliseDeep(value[i] as unknown);
      if (v !== value[i]) (out ??= value.slice())[i] = v;
    }
    return (out ?? value) as T;
  }
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const n = neutraliseDeep(v);
      const key = neutralise(k);
      if (n !== v || key !== k) {
        out ??= { ...(value as Record<string, unknown>) };
        if (key !== k) delete out[k];
        out[key] = n;
      }
    }
    return (out ?? value) as T;
  }
  return value;
}

/** An error or warning message as it may be shown: secret data withheld, control characters visible. */
export function safeMessage(message: string): string {
  return neutralise(defaultSecretDetector().maskMessage(message));
}
