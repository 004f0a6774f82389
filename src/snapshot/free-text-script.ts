// Script assignments pasted into free text (`$cred = "Xy7!secret"`, `set PWD_SCADA=abc123`, `export DB_PASS=abc`):
// the literal assigned to a secret's variable is hidden; a command or a variable assigned to it (`$Credential =
// Get-Credential`, `$pw = Read-Host -AsSecureString`, `$pw = $env:X`) is code and stays, but for the literals it
// quotes (`ConvertTo-SecureString "x"`, `FromBase64String("…")`, `("Hunter" + "2")`) and a PowerShell cmdlet's bare
// arguments (`Get-Foo Hunter2`, `-Vault Hunter2`): a secret is never shown for the sake of code around it.
import { isKept, type KeptMarks } from './free-text-kept.js';
import { isCmdletName } from './free-text-words.js';
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
 * A piece of code's statement, in turn: a literal (1: a here-string, a quoted piece as in LITERAL, a quote not closed
 * to the line end), the statement's end (2: `;`, a line end), blanks (3), a comment to the line end (4), what opens a
 * place for a command (5: `(`, `$(`, `@(`, `@{`, `{`, `|`), what closes or separates (6: `)`, `}`, `,`), or a run of
 * anything else (a bare word, a variable, a flag, a path, an operator).
 */
const CODE_PIECE =
  /(@"[\s\S]*?(?:\n"@|$)|@'[\s\S]*?(?:\n'@|$)|"(?:[^"\\`]|[\\`][\s\S]|"")*"|'(?:[^']|'')*'|["'][^\r\n]*)|([;\r\n])|([ \t]+)|(#[^\r\n]*)|(\$\(|@[({]|[({|])|([)},])|(?:\$\{[^{}\r\n]*\}|[^\s;,|(){}"'#])[^\s;,|(){}"']*/y;

const NAME = '[A-Za-z_]\\w*';
/** A type (`[string]`, `[System.Net.NetworkCredential]`, `[byte[]]`). */
const TYPE = String.raw`\[${NAME}(?:\.${NAME})*(?:\[\])?\]`;
/** A variable (`$pw`, `${pw}`, `$env:DB_PASS`, `$_`). */
const VARIABLE = String.raw`\$(?:\{[^{}\s]+\}|(?:${NAME}:)?${NAME}|[?^$])`;
/** Members and indexes (`.Password`, `::new`, `.GetNetworkCredential`, `[0]`, `[$i]`). */
const MEMBERS = String.raw`(?:(?:\.|::)${NAME}|\[(?:\d+|${VARIABLE})\])*`;
/** A variable alone, perhaps cast and with its members (`$pw`, `[string]$env:X`, `$cred.Password`; not `$PFX-Hunter2`). */
const VARIABLE_RUN = new RegExp(`^(?:${TYPE})*${VARIABLE}${MEMBERS}$`);
/** A type and its members (`[Convert]::FromBase64String`, `[Text.Encoding]::UTF8.GetString`). */
const TYPE_RUN = new RegExp(`^(?:${TYPE})+${MEMBERS}$`);
/** Members after a closing bracket (`(Get-StoredCredential x).Password`). */
const MEMBER_RUN = new RegExp(`^(?:(?:\\.|::)${NAME})+${MEMBERS}$`);
/** Operators and redirections (`+`, `-`, `=`, `%`, `?`, `&`, `2>&1`). */
const OPERATOR_RUN = /^(?:[-+*/%=!<>&?.:]+|[1-6*]?>>?(?:&[12])?)$/;
/**
 * A path (`C:\secure\cred.xml`, `HKLM:\SOFTWARE\Vendor`, `\\srv\share`, `.\cred.xml`, `$PSScriptRoot\cred.xml`,
 * `/run/secrets/db`, `token.txt`): a file's place, not its content; a password hardly starts so or ends in `.xml`. Not
 * with `@` or `?` in it: a URL's user and query may hold a secret.
 */
const PATH_RUN =
  /^(?:[A-Za-z]\w*:[\\/]|\\\\|\.{1,2}[\\/]|~[\\/]|\/[\w.-]+\/|\$(?:\w+:)?\w+[\\/])[^\s@?]*$|^[\w-]+(?:\.[\w-]+)*\.(?:xml|clixml|txt|json|csv|ps1|psm1|psd1|log|ini|cfg|config|ya?ml|dat|bin|pfx|p12|cer|crt|pem|key|cred|zip|exe|dll|msi)$/i;
/** A flag (`-Force`, `-AsPlainText`, `-eq`), its value perhaps attached (`-Vault:Hunter2`). */
const FLAG_RUN = /^-([A-Za-z_]\w*)(?::(.*))?$/;
/** A type's name as New-Object takes it (`PSCredential`, `System.Net.NetworkCredential`). */
const TYPE_NAME = new RegExp(`^${NAME}(?:\\.${NAME})*$`);
/** Aliases of the cmdlets people pipe to (`| select -First 1`, `| where`); `%` and `?` are read as operators. */
const ALIASES = new Set(['select', 'where', 'foreach', 'sort', 'measure', 'tee', 'group', 'gm', 'ft', 'fl', 'fw', 'iex', 'ogv']);

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
 * `=` is made `plainEquals` (when given), so that no `name=value` pattern reads what follows as the secret, and the
 * values the code holds are hidden (codeWithoutValues).
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
      // The `=` made plain (when given), so that no `name=value` pattern reads the code as the secret; its values hidden.
      const eq = m.index + m[0].lastIndexOf('=');
      out += text.slice(last, eq) + (plainEquals ?? '=') + text.slice(eq + 1, at);
      const code = codeWithoutValues(text, at, g.ps !== undefined, isName, kept);
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

/**
 * The statement of code starting at `at` with each value it holds made HIDDEN, and where the statement ends: a
 * literal it quotes, and a bare word that is neither a command's name where one stands (`Get-Foo` first, after `|`
 * or `(`), a flag (`-Force`), a variable alone (`$x`, `${x}`, `$env:X`, with members: `$cred.Password`), a type
 * (`[Convert]::FromBase64String`, New-Object's `PSCredential`), a member after `)`, an operator, nor a path: a
 * cmdlet's argument (`Get-Foo Hunter2`) and a flag's value (`-Vault Hunter2`, `-Vault:Hunter2`) are hidden, a user
 * name over-masked with them; a shell's or cmd's code keeps its words (`$(cat /run/secrets/db)`). One pass over the
 * pieces: the statement's length, not its square.
 */
function codeWithoutValues(text: string, at: number, powershell: boolean, isName: (name: string) => boolean, kept: KeptMarks): { text: string; end: number } {
  let out = '';
  let end = at;
  // Where a command's name stands; whether New-Object's type may follow; whether the last flag names a secret.
  let commandPlace = true;
  let typeNext = false;
  let secretFlag = false;
  let afterClose = false;
  for (let pos = at; pos < text.length; pos = end) {
    const mark = kept.find((k) => text.startsWith(k, pos));
    if (mark !== undefined) {
      out += mark;
      end = pos + mark.length;
      commandPlace = typeNext = secretFlag = afterClose = false;
      continue;
    }
    CODE_PIECE.lastIndex = pos;
    const m = CODE_PIECE.exec(text);
    if (m === null || m[0] === '' || m[2] !== undefined) break;
    end = CODE_PIECE.lastIndex;
    if (m[3] !== undefined) {
      out += m[0];
      afterClose = false;
      continue;
    }
    if (m[1] !== undefined || m[4] !== undefined || m[5] !== undefined || m[6] !== undefined) {
      out += m[1] !== undefined || m[4] !== undefined ? HIDDEN : m[0];
      commandPlace = m[5] !== undefined;
      afterClose = m[0] === ')';
      typeNext = secretFlag = false;
      continue;
    }
    const run = m[0];
    if (!powershell) out += run;
    else if (commandPlace && (isCmdletName(run) || ALIASES.has(run.toLowerCase()))) {
      out += run;
      typeNext = run.toLowerCase() === 'new-object';
    } else {
      const flag = FLAG_RUN.exec(run);
      if (flag !== null && !secretFlag) {
        const value = flag[2] ?? '';
        const name = flag[1].toLowerCase();
        out += value === '' || keptWord(value, false, typeNext, isName(flag[1])) ? run : `${run.slice(0, run.length - value.length)}${HIDDEN}`;
        typeNext = value === '' && (name === 'typename' || name === 'comobject');
        secretFlag = value === '' && isName(flag[1]);
      } else {
        out += keptWord(run, afterClose, typeNext, secretFlag) ? run : HIDDEN;
        typeNext = secretFlag = false;
      }
    }
    commandPlace = afterClose = false;
  }
  return { text: out, end };
}

/** Whether a bare word of code stays (codeWithoutValues); after a flag naming a secret, only a variable does. */
function keptWord(run: string, afterClose: boolean, typeNext: boolean, secretFlag: boolean): boolean {
  if (VARIABLE_RUN.test(run)) return true;
  if (secretFlag) return false;
  return TYPE_RUN.test(run) || (afterClose && MEMBER_RUN.test(run)) || OPERATOR_RUN.test(run) || PATH_RUN.test(run) || (typeNext && TYPE_NAME.test(run));
}

/** Whether what follows an assignment's `=` is code (a command, a variable, a prompt), not a literal. */
function isCode(rest: string, g: Record<string, string | undefined>): boolean {
  if (g.ps !== undefined) {
    return PS_CODE.test(rest) || isCmdletName(/^[^\s;|(){}"']*/.exec(rest)?.[0] ?? '');
  }
  if (g.sh !== undefined) return SH_CODE.test(rest);
  return g.prompt !== undefined || CMD_CODE.test(rest);
}
