// The one output-sanitising layer: text from exports (and anything else untrusted) made safe to show on a
// terminal and in every text-like format. Control characters and ESC are shown visibly (`\x1b`), so no
// escape sequence reaches a terminal; bidirectional overrides and isolates are shown as `\u202e`, so text
// cannot appear reversed (`gnp.exe` as `exe.png`); characters that show nothing (`\u200b`) are shown too, so two
// names cannot read alike (`Login`, `Lo\u200bgin`). Escaping for a markup (HTML, XML, Markdown) comes after.
import { defaultSecretDetector } from '../snapshot/secrets.js';

/**
 * C0 controls except tab, line feed and carriage return, DEL, C1 controls (U+009B is CSI on some terminals; U+0085
 * is NEL), the line and paragraph separators U+2028 and U+2029 (a mandatory line break where text is laid out by
 * Unicode's rules, as the PDF's is: a value would start a line that reads as another setting), the bidi
 * controls: ALM, LRM, RLM, the embeddings and overrides U+202A–U+202E and the isolates U+2066–U+2069; and what
 * takes no room and shows nothing (Unicode's default-ignorable characters: soft hyphen, zero-width space, word
 * joiner, invisible operators, BOM, Hangul and Khmer fillers, Mongolian selectors, interlinear annotation) and the
 * non-characters U+FFFE and U+FFFF.
 */
const ALWAYS = String.raw`\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\ufffe\uffff`;
/**
 * The joiners (ZWNJ, ZWJ) and variation selectors: part of Arabic, Persian and Indic words and of emoji, so kept
 * there; shown after Latin, Greek, Cyrillic, Armenian or Hebrew text (up to U+05FF) or at the start, where they
 * only hide a difference.
 */
const JOINERS = String.raw`\u200c\u200d\ufe00-\ufe0f`;
/**
 * Every character neutralise may change, as a character class's body (the JSON writer tests a string for them and
 * for JSON's escapes at once): ALWAYS, JOINERS, and the surrogates, among which a lone one (no character: a UTF-8
 * writer puts U+FFFD for it, an XML writer drops it) and the invisible tags U+E0000–U+E0FFF, shorthand format
 * controls U+1BCA0–U+1BCA3 and musical format controls U+1D173–U+1D17A are shown.
 */
export const UNSAFE_CHARS = String.raw`${ALWAYS}${JOINERS}\ud800-\udfff`;
/** The characters shown, as a pattern (without the u flag: a pair of surrogates is two code units). */
const UNSAFE_CHAR = String.raw`[${ALWAYS}]|[${JOINERS}](?<=(?:^|[\x00-\u05ff])[${JOINERS}])|[\ud800-\udbff](?![\udc00-\udfff])|[\udc00-\udfff](?<![\ud800-\udbff][\udc00-\udfff])|[\udb40-\udb43][\udc00-\udfff]|\ud82f[\udca0-\udca3]|\ud834[\udd73-\udd7a]`;
/** Those, and a carriage return not followed by a line feed (it would overwrite the line). */
// eslint-disable-next-line no-misleading-character-class -- a joiner or selector is matched alone, not with a neighbour
const UNSAFE = new RegExp(String.raw`${UNSAFE_CHAR}|\r(?!\n)`, 'g');
/**
 * The same, but a lone carriage return may open or end what is written (a progress line on standard error redraws
 * itself with `\rtext`); one inside it (a warning quoting an export's text) would overwrite the line, and is shown.
 */
// eslint-disable-next-line no-misleading-character-class -- as UNSAFE
const UNSAFE_KEEP_CR = new RegExp(String.raw`${UNSAFE_CHAR}|(?<!^)\r(?!\n|$)`, 'g');
/** The colour codes pairaudit's own text format writes (bold, dim, red, green, yellow, cyan and their resets). */
// eslint-disable-next-line no-control-regex
const OWN_SGR = /^\x1b\[(?:1|2|22|31|32|33|36|39)m/;

/**
 * A character as it is shown instead: C0 as `\x1b`; the others as `\u009b`, `\u202e`, `\u200b`, a character beyond
 * U+FFFF as its two surrogates `\udb40\udc41` (all also valid escapes inside a JSON string, so a JSON document
 * stays the same data).
 */
function shown(c: string): string {
  let out = '';
  for (let i = 0; i < c.length; i++) {
    const code = c.charCodeAt(i);
    out += code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return out;
}

/**
 * What `shown` writes after its backslash, as a pattern: `x` and a C0 code, `u` and the code of DEL, a C1, a bidi
 * control, an invisible character or a surrogate. A line of a report never breaks inside such an escape
 * (src/report/breaks.ts).
 */
export const SHOWN_AFTER_BACKSLASH = String.raw`x[01][0-9a-f]|u(?:007f|00[89][0-9a-f]|00ad|034f|061c|115f|1160|17b[45]|180[b-f]|200[b-f]|202[89a-e]|206[0-9a-f]|3164|fe0[0-9a-f]|feff|ffa0|fff[9abef]|d[89a-f][0-9a-f]{2})`;

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
