// Script assignments pasted into free text (`$cred = "Xy7!secret"`, `set PWD_SCADA=abc123`, `export DB_PASS=abc`):
// the literal assigned to a secret's variable is hidden; a command or a variable assigned to it (`$Credential =
// Get-Credential`, `$pw = Read-Host -AsSecureString`, `$pw = $env:X`) is code and stays, but for the literals it
// quotes (`ConvertTo-SecureString "x"`, `FromBase64String("…")`, `("Hunter" + "2")`): a secret is never shown for
// the sake of code around it.
import { isKept, type KeptMarks } from './free-text-kept.js';
import { VERBS } from './free-text-words.js';
import { splitCamelWords } from './secret-names.js';
import { HIDDEN } from './secret-patterns.js';

/**
 * An assignment: a PowerShell, Perl or PHP variable (`$pw`, `$env:DB_PASS`, `$script:cred`), cmd's `set NAME=`
 * (`set "NAME=…"`, `set /p NAME=` whose text is a prompt) or a shell's `export NAME=`, then `=` (not `==`, `=>`).
 */
const ASSIGNMENT =
  /(?:(?<![\w$@`.-])\$(?:(?:env|global|script|local|private|using):)?(?<ps>[A-Za-z_]\w{0,63})|(?<![\w-])set[ \t]+(?<prompt>\/p[ \t]+)?(?<quote>"?)(?<cmd>[A-Za-z_][\w.-]{0,63})|(?<![\w-])export[ \t]+(?<sh>[A-Za-z_]\w{0,63}))[ \t]*=(?![=>~])[ \t]*/gi;

/** What stands after a PowerShell variable's `=` that is code: a variable, `(…)`, `[type]::…`, `@(…)`, `@{…}`. */
const PS_CODE = /^(?:\$|\(|\[|@[({])/;
/** A cmdlet's name (`Get-Credential`) when its verb is one of VERBS. */
const CMDLET = /^([A-Za-z]+)-[A-Za-z]/;
/**
 * What stands after a shell's `export NAME=` that is code: a command's output (`` `…` ``, `$(…)`), or a variable
 * alone (`$VAULT`, `${VAULT}`; not `$PFX-Hunter2`).
 */
const SH_CODE = /^(?:`|\$\(|\$(?:\{\w+\}|\w+)[ \t]*(?:[;&|\r\n]|$))/;
/** What stands after cmd's `set NAME=` that is code: variables alone (`%VAULT_PW%`, `!PW!`; not `%PFX%Hunter2`). */
const CMD_CODE = /^(?:%[^%\s]+%|![^!\s]+!)+"?[ \t]*(?:[&|\r\n]|$)/;

/**
 * A literal of PowerShell, Perl, PHP or a shell and the rest of its statement (to the next `;` or line end: `"a" +
 * "b"` is one value): a here-string (`@"` … `"@`, to the end when not closed), a quoted piece (doubled quotes and
 * `` ` `` or `\` escapes inside; when not closed, to the line end), or neither.
 */
const LITERAL = /(?:@"[\s\S]*?(?:\n"@|$)|@'[\s\S]*?(?:\n'@|$)|"(?:[^"\\`]|[\\`][\s\S]|"")*"|'(?:[^']|'')*')?[^;\r\n]*/y;
/** cmd's value: the rest of the line (to the closing quote of `set "NAME=…"`). */
const CMD_LITERAL = /[^\r\n]*/y;
const CMD_QUOTED = /[^"\r\n]*/y;
/**
 * A piece of code's statement, in turn: a literal (a here-string, a quoted piece as in LITERAL), the statement's end
 * (`;`, a line end), or a run of anything else.
 */
const CODE_PIECE = /(@"[\s\S]*?(?:\n"@|$)|@'[\s\S]*?(?:\n'@|$)|"(?:[^"\\`]|[\\`][\s\S]|"")*"|'(?:[^']|'')*')|([;\r\n])|[^"';\r\n@]+|@/y;

/** `cred` as a word of a name of its own (`$cred`, `$adminCred`, `$cred_admin`; not `$credential`), read as `creds`. */
const CRED = /(?<![a-z0-9])cred(?![a-z])/gi;

/**
 * Whether a script's variable is a secret's: by the secret names (`$pw`, `$DbPassword`, `$token`, `$apiKey`,
 * `$Credential`, `$adminCreds`), or with `cred` read as `creds` (`$cred`, `$adminCred`, `$credAdmin`; not
 * `$credPath`, `$credFile`, which the names tell from secrets as `CredsPath`).
 */
function isSecretVariable(name: string, isName: (name: string) => boolean): boolean {
  if (isName(name)) return true;
  const split = splitCamelWords(name);
  CRED.lastIndex = 0;
  return CRED.test(split) && isName(split.replace(CRED, 'creds'));
}

/**
 * `text` with the literal assigned to each secret's variable replaced by HIDDEN (`$cred = (hidden)`, `set
 * PWD_SCADA=(hidden)`, `export DB_PASS=(hidden)`); where code is assigned to one instead (`$pw = Read-Host`), its
 * `=` is made `plainEquals` (when given), so that no `name=value` pattern reads what follows as the secret.
 */
export function hideScriptValues(text: string, isName: (name: string) => boolean, kept: KeptMarks, plainEquals: string | undefined): string {
  if (!text.includes('=')) return text;
  let out = '';
  let last = 0;
  for (const m of text.matchAll(ASSIGNMENT)) {
    if (m.index < last) continue;
    const g = m.groups ?? {};
    const name = g.ps ?? g.cmd ?? g.sh ?? '';
    const at = m.index + m[0].length;
    const rest = text.slice(at, at + 256);
    if (rest === '' || /^[\r\n]/.test(rest) || isKept(rest, kept) || !isSecretVariable(name, isName)) continue;
    if (isCode(rest, g)) {
      // The `=` made plain (when given), so that no `name=value` pattern reads the code as the secret; its literals hidden.
      const eq = m.index + m[0].lastIndexOf('=');
      out += text.slice(last, eq) + (plainEquals ?? '=') + text.slice(eq + 1, at);
      const code = codeWithoutLiterals(text, at);
      out += code.text;
      last = code.end;
      continue;
    }
    const literal = g.cmd === undefined ? LITERAL : g.quote === '"' ? CMD_QUOTED : CMD_LITERAL;
    literal.lastIndex = at;
    const value = literal.exec(text)?.[0].trimEnd() ?? '';
    if (value === '') continue;
    out += text.slice(last, at) + HIDDEN;
    last = at + value.length;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** The statement of code starting at `at` with each literal it quotes made HIDDEN, and where the statement ends. */
function codeWithoutLiterals(text: string, at: number): { text: string; end: number } {
  let out = '';
  CODE_PIECE.lastIndex = at;
  let end = at;
  for (let m = CODE_PIECE.exec(text); m !== null && m[0] !== ''; m = CODE_PIECE.exec(text)) {
    if (m[2] !== undefined) break;
    out += m[1] === undefined ? m[0] : HIDDEN;
    end = CODE_PIECE.lastIndex;
  }
  return { text: out, end };
}

/** Whether what follows an assignment's `=` is code (a command, a variable, a prompt), not a literal. */
function isCode(rest: string, g: Record<string, string | undefined>): boolean {
  if (g.ps !== undefined) {
    const cmdlet = CMDLET.exec(rest);
    return PS_CODE.test(rest) || (cmdlet !== null && VERBS.has(cmdlet[1].toLowerCase()));
  }
  if (g.sh !== undefined) return SH_CODE.test(rest);
  return g.prompt !== undefined || CMD_CODE.test(rest);
}
