// Command lines and headers pasted into free text (`net user NAME PASSWORD`, `psexec -u admin -p x`, `mysql
// -pSECRET`, `Authorization: Bearer …`) with their passwords hidden; read by free-text.ts.
import { isKept, type KeptMarks } from './free-text-kept.js';
import { HIDDEN, HTTP_CREDENTIAL, JWT } from './secret-patterns.js';

/** `text` with the passwords of pasted command lines and headers hidden: `net user`, MySQL clients, then the others. */
export function hideCommandLines(text: string, kept: KeptMarks): string {
  return hideCommandValues(hideMysqlPasswords(hideNetUser(text, kept), kept), kept);
}

/** A Windows `net user NAME PASSWORD` pasted (not `net user NAME /active:no`, nor `*`, which asks for it). */
const NET_USER = /(?<![\w.-])(net(?:\.exe)?[ \t]+user[ \t]+(?:"[^"\n\r]*"|[^\s"]+)[ \t]+)("[^"\n\r]*"|[^\s/*"][^\s]*)/giu;

/** `text` with the password of a `net user` command hidden (`net user scada (hidden) /add`). */
function hideNetUser(text: string, kept: KeptMarks): string {
  return /net/i.test(text) ? text.replace(NET_USER, (whole, command: string, value: string) => (isKept(value, kept) ? whole : command + HIDDEN)) : text;
}

/** A value on a command line: a quoted piece, or up to the next blank. */
const ARG = String.raw`(?:"[^"\n\r]*"|'[^'\n\r]*'|[^\s"'-]\S*)`;
/**
 * Pasted command lines and headers: a password flag after a user flag on the same line, within 512 characters (a
 * search to the line's end from every user flag was quadratic in a long line of them) (`psexec -u admin -p x`,
 * `sqlcmd -U sa -P x`, `mysql -u root -px`, `schtasks /RU admin /RP x`), `curl -u user:x`, `ConvertTo-SecureString
 * "x"`, an HTTP `Bearer` or `Basic` credential, a JSON Web Token (`eyJ….eyJ….…`) wherever it stands, and the quoted
 * password given to .NET's NetworkCredential (`New-Object System.Net.NetworkCredential("admin", "x")`, `-ArgumentList
 * "admin", "x"`, `[System.Net.NetworkCredential]::new("", "x")`), which a script's `$cred = New-Object …` keeps.
 */
const COMMAND_VALUES = new RegExp(
  String.raw`((?<![\w-])(?:-[uU]|--user(?:name)?|-Username|/u|/user|/RU)(?:[ \t]+|[:=])[^\s:"']+(?:[^\n\r]{0,512}?[ \t](?:-[pP]|/p|/RP|/pw)(?:[ \t]+|(?=[^\s-]))|:))(${ARG})` +
    String.raw`|((?<![\w-])ConvertTo-SecureString(?:[ \t]+-String)?[ \t]+)(${ARG})` +
    String.raw`|((?<![\w-])(?:Bearer|Basic)[ \t]+)(${HTTP_CREDENTIAL})` +
    String.raw`|()((?<![\w-])${JWT})` +
    String.raw`|((?<![\w-])NetworkCredential(?:\]::new)?[ \t]*(?:\([ \t]*|-ArgumentList[ \t]+(?:@?\([ \t]*)?)(?:"[^"\n\r]*"|'[^'\n\r]*'|\$[\w:]+)[ \t]*,[ \t]*)("[^"\n\r]*"|'[^'\n\r]*')`,
  'giu',
);

/**
 * `text` with the passwords of pasted command lines and headers hidden (COMMAND_VALUES), but for a MySQL client's
 * `-p` and `-P` after its user flag (hideMysqlPasswords): `-p scada` asks for the password and names the database,
 * `-P 3306` is the port.
 */
function hideCommandValues(text: string, kept: KeptMarks): string {
  if (!/-[uU]|\/u|\/RU|SecureString|Bearer|Basic|eyJ|NetworkCredential/i.test(text)) return text;
  const inMysql = mayHoldMysql(text) ? mysqlCommandAt(text) : undefined;
  return text.replace(COMMAND_VALUES, (whole: string, ...args: unknown[]) => {
    const groups = args.slice(0, 10) as (string | undefined)[];
    // The groups in pairs: what leads to the value (kept), and the value.
    const at = [0, 2, 4, 6, 8].find((i) => groups[i + 1] !== undefined) ?? 0;
    const lead = groups[at] ?? '';
    const v = groups[at + 1] ?? '';
    if (inMysql !== undefined && at === 0 && /-[pP][ \t]*$/.test(lead) && inMysql(args[10] as number)) return whole;
    return isKept(v, kept) ? whole : lead + HIDDEN;
  });
}

/** A MySQL or MariaDB client (`mysql`, `mysqldump`, `mariadb-dump`, `C:\mysql\bin\mysql.exe`). */
const MYSQL = /(?<![\w.-])(?:mysql(?:dump|admin|import|check|show|pump|sh)?|mariadb(?:-?(?:dump|admin|import|check|show))?)(?:\.exe)?(?![\w.-])/i;

function mayHoldMysql(text: string): boolean {
  return /mysql|mariadb/i.test(text);
}

/** A command of pasted text: up to a line end, `;`, `|` or `&`. */
const COMMAND = /[^\n\r;|&]+/g;

/**
 * Whether the command that position `at` of `text` is part of names a MySQL client before `at`: each command's
 * client found once, a position's command by a binary search (a search back from each position was quadratic in a
 * long line of flags).
 */
function mysqlCommandAt(text: string): (at: number) => boolean {
  const starts: number[] = [];
  const clientEnds: number[] = [];
  for (const m of text.matchAll(COMMAND)) {
    const client = MYSQL.exec(m[0]);
    starts.push(m.index);
    clientEnds.push(client === null ? Number.POSITIVE_INFINITY : m.index + client.index + client[0].length);
  }
  return (at) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return starts.length > 0 && starts[lo] <= at && clientEnds[lo] <= at;
  };
}

/**
 * A MySQL client's password: attached to `-p` (`-pSECRET`: with a blank after it, `-p` asks for the password and
 * the next word is the database), or after `--password=` or `--password `.
 */
const MYSQL_PASSWORD = /(?<=[ \t])(-p(?=\S)|--password(?:=|[ \t]+(?=[^\s-])))("[^"\n\r]*"|'[^'\n\r]*'|\S+)/g;

/** `text` with the passwords given to a MySQL client hidden (`mysql -u root -p(hidden) scada`; MYSQL_PASSWORD). */
function hideMysqlPasswords(text: string, kept: KeptMarks): string {
  if (!mayHoldMysql(text)) return text;
  const inMysql = mysqlCommandAt(text);
  return text.replace(MYSQL_PASSWORD, (whole, flag: string, value: string, at: number) => (isKept(value, kept) || !inMysql(at) ? whole : flag + HIDDEN));
}
