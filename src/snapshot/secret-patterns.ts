// The default secret patterns (names and content), and the cheap tests that pass a text none of them can match; the
// command lines' content patterns are secret-command-patterns.ts'.
import { COMMAND_LINE_CONTENT, COMMAND_MAY_MATCH, COMMAND_TEXT_NEEDS, COMMAND_TEXT_PIECES, QUOTED_VALUE } from './secret-command-patterns.js';

/**
 * Words of a value name whose data is a secret, also at the start of a longer name (`PasswordBase64`, `TokenValue`),
 * in English and in other common languages (de Kennwort/Passwort, fr mot de passe, es contraseña, it parola
 * d'ordine, nl wachtwoord, pt senha); found inside a longer word too (`DbPasswd`).
 */
export const SECRET_WORDS =
  "password|passwd|pwd|pass[-_ ]?phrase|pass[-_ ]?code|pass[-_ ]?key|pin[-_ ]?code|pswd|psswd|passw(?!ord)|pword|secret|token|api[-_ ]?key|kennwort|passwort|mot[-_ ]?de[-_ ]?passe|contrase(?:ñ|n)a|parola[-_ ]?d['’]?[-_ ]?ordine|wachtwoord|senha";
/**
 * Short words of a secret's name (`PW`, `PIN`, `PSK`, `Creds`, `Psw`; not followed by `Code`: `PinCode` is a word above): a secret only as a word of their own, so
 * that `Spin`, `Pinned`, `Opinion` and `PWM` are not. A word starts a name or follows a separator (`Admin_PW`),
 * and the name is also tested with its CamelCase words split by `_` (`AdminPIN` as `Admin_PIN`; see secret-names.ts).
 */
const SHORT_WORDS = 'pw|pin|psw|psk|creds';
/**
 * Beginnings of what follows a secret word in the name of a setting about secrets, not of one (`PasswordPolicy`,
 * `PasswordExpiryDays`, `TokenTimeout`, `MinPasswordLength`, `SecretName`, `ApiKeyId`, `PasswordFile`, `PinCount`).
 */
const SETTING_WORDS =
  'polic|min|max|len|size|expir|life|age|day|hour|week|month|timeout|ttl|interval|period|grace|warn|notif|histor|reuse|complex|strength|rule|require|enable|disable|allow|change|reset|retr|attempt|lock|count|format|type|mode|prompt|auth|sync|file|path|dir|folder|url|uri|endpoint|server|host|port|provider|issuer|audience|scope|refresh|renew|valid|header|field|name|id(?![a-z])|user|last|less|version|encryption|algorithm|content|pattern';
/** What may follow a secret at the end of a name: digits, `Hash`, `Encrypted` or `String`. */
const SECRET_SUFFIX = '(?:[-_ ]?(?:hash|encrypted|string|\\d+))?';
/** Names that end in these are secrets (with a SECRET_SUFFIX at most). */
/** Kinds of key whose value is a secret (`PrivateKey`, `MasterKey`, `HmacKey`, `EncryptionKey`, `AES_Key`; not `LicenseKey`, `RegistryKey`). */
const KEY_KINDS = 'private|priv(?:acy)?|secret|access|shared|client|auth|master|signing|hmac|session|encryption|enc|crypto?|cipher|aes|account|storage|update';
/** Also `Cred` as a word (`SmtpCred`; not `CredSSP`, `Sacred`). */
const SECRET_ENDINGS = `credentials?|(?<![a-z0-9])cred|(?:${KEY_KINDS})[-_ ]?key|community`;
/**
 * Services whose `Auth`, as the last word of a name, holds their password (`SmtpAuth`, `MailAuth`, `ProxyAuth`);
 * `Auth` alone or after another word is a setting (`UseAuth`, `BasicAuth`, `ClientAuth`, and
 * `SqlAuth`, `LdapAuth`, `SnmpAuth`, `FtpAuth`, which name a mode or a protocol as often), and so is such a name after
 * a word that makes it a switch (`UseSmtpAuth`, `EnableProxyAuth`) or before a setting's word (`ProxyAuthType`,
 * `SmtpAuthEnabled`, `SmtpAuthentication`).
 */
const AUTH_SERVICES = 'smtp|e?mail|proxy';
const AUTH_SWITCHES = 'use|enable|disable|require|allow|no|skip|force';
/** What follows `Auth` (or `Authentication`) in the name of the credential itself (`AuthString`, `AuthData`, `AuthInfo`, `AuthCode`). */
const AUTH_PARTS = 'string|str|data|value|info|code';
/**
 * `Pass` is a secret as the last word of a name (`Pass`, `UserPass`, `Db_Pass`, `SNMPPass2`), but not in the words
 * it makes with the word before it (`ByPass`, `LowPass`, `HighPass`, `BandPass`, `FirstPass`, `MultiPass`), nor
 * as a first word (`PassThrough`, `PassMode`, `PassCount`; but before a word naming an account, PASS_ACCOUNTS) or
 * inside one (`Bypass`, `Compass`, `Passive`).
 */
const PASS_COMPOUNDS = 'by|low|high|band|all|notch|first|second|single|multi|one|two|sur|over|under|com';
/**
 * Words naming an account, after which a first word `Pass` is a secret (`PassAdmin`, `Pass_User`, `PassOperator2`:
 * the password of that account), at the end of a name; `PassThrough`, `PassMode`, `PassCount` stay settings.
 */
const PASS_ACCOUNTS = 'admin|administrator|adm|user|usr|operator|oper|engineer|root|guest|login|logon|account|acct|master|supervisor|manager|mgr';

/**
 * Default pattern of value names whose whole data is a secret (a profile's `secretValueNames` is used beside it, never instead).
 * Anchored at the end of the name (and not across a `\` or `.` of a setting's name), so `ProxyPassword`,
 * `DB_PWD`, `AuthToken`, `ClientSecret`, `ApiKey`, `Credentials`, `Password2`, `PasswordHash`, `PasswordBase64`,
 * `Kennwort`, `mot de passe`, `SNMPCommunity`, `PW`, `Admin_PW`, `PIN`, `SNMP_PIN`, `UserPass`, `PassAdmin`, `SmtpAuth`,
 * `AuthString` and `PrivKey` are secrets, and
 * the policy values `PasswordMinLength`, `PasswordExpiryDays`, `PasswordHistory`, `TokenLifetime`, `TokenTimeout`,
 * `PinCount` are not (they are compared as values).
 */
export const DEFAULT_SECRET_NAMES =
  `(?:(?:(?:${SECRET_WORDS})|(?<![a-z0-9])(?:${SHORT_WORDS})(?![a-z])(?![-_ ]?code))(?![-_ ]?(?:${SETTING_WORDS}))[^\\\\.]*` +
  `|(?:${SECRET_ENDINGS})${SECRET_SUFFIX}` +
  `|(?<![a-z0-9])(?<!(?:^|[^a-z])(?:${PASS_COMPOUNDS})[-_ ]?)pass(?:[-_ ]?(?:${PASS_ACCOUNTS}))?${SECRET_SUFFIX}` +
  `|(?<![a-z0-9])(?<!(?:^|[^a-z])(?:${AUTH_SWITCHES})[-_ ]?)(?:${AUTH_SERVICES})[-_ ]?auth${SECRET_SUFFIX}|(?<![a-z0-9])auth(?:entication)?[-_ ]?(?:${AUTH_PARTS})${SECRET_SUFFIX})$`;

/**
 * For the default name pattern (unanchored, with lookbehinds, so tried at every position of every name): a name
 * none of these pieces is in cannot match it, as written or with its words split by `_` (which splits no piece).
 */
export const NAME_MAY_MATCH = new Map<string, RegExp>([[DEFAULT_SECRET_NAMES, /p(?:w|in|s|ass)|secret|token|api|kennwort|mot|contrase|parola|wachtwoord|senha|cred|key|communit|auth/i]]);

/** What the text of a hidden part is replaced by. */
export const HIDDEN = '(hidden)';

/**
 * A content pattern: a regular expression (case-insensitive, matched over the whole data) that finds a
 * secret inside a value whatever its name. With a group named `secret`, only what that group matched is
 * hidden and the rest of the text stays readable; without one, the whole value is a secret. A match whose group
 * named `userPassword64` (USER_PASSWORD_64) matched is hidden only when that group's text is the base64 of a
 * `user:password` (isUserPassword64), and one whose group named `upperCase` (UPPER_CASE, secret-command-patterns.ts)
 * matched only when that group's text is written in capitals (`-P`): what the pattern, blind to case, cannot tell.
 */
export interface SecretContentPattern {
  /** Shown in messages and the README, e.g. "connection-string password". */
  name: string;
  /** `text`: string data and REG_MULTI_SZ lists (elements joined by NUL); `binary`: hex of binary data. */
  in: 'text' | 'binary';
  pattern: string;
  /** `presence`: compared as set / not set only (DPAPI blobs: machine-bound, different by design). Default `hash`. */
  compare?: 'hash' | 'presence';
}

/** The separators before a key word inside a connection string, URL query, list element or message. */
const KEY_START = `(?:^|[;\\0\\n\\r,?&\\s"'{(])`;
/**
 * Key words of a secret in `key=value` text; a prefix of at most 64 characters (`Jet OLEDB:Database Password`). Also
 * the keys of an Azure connection string (`AccountKey`, `SharedAccessKey`, `SharedAccessSignature`; not `AccountName`
 * nor `SharedAccessKeyName`), the signature of a shared access signature in a URL query (`?…&sig=…`, not `sig=`
 * elsewhere) and the names of session cookies (`ASP.NET_SessionId`, `JSESSIONID`, `PHPSESSID`, `.ASPXAUTH`,
 * `.AspNetCore.Session`).
 */
const KEY_WORDS =
  `[^;=\\0\\n\\r,?&"']{0,64}?(?:password|passwd|pwd|passphrase|secret|token|api[-_ ]?key|private[-_ ]?key|credentials?` +
  `|account[-_ ]?key|shared[-_ ]?access[-_ ]?(?:key|signature)|(?<=[?&])sig|session[-_]?id|sessid|aspxauth|aspnetcore\\.(?:session|cookies))`;
/**
 * A value: after `?` or `&` (a URL query) up to the next `&` or `;`; elsewhere (ADO, ODBC, a message) up to the
 * next `;`, whatever it holds (`&`, `=`, spaces), so that no part of a password stays readable. A quoted or
 * braced part may hold `;`; whatever follows it up to the separator is hidden with it (`"a;b"c`).
 */
const KEY_VALUE = `(?<=[?&][^;?&=\\0\\n\\r]*=\\s*)(?:${QUOTED_VALUE})?[^;\\0\\n\\r&]*|(?:${QUOTED_VALUE})?[^;\\0\\n\\r]*`;

/**
 * A JSON Web Token: base64url parts `header.payload.signature`, the first two JSON objects (the base64 of `{"` is
 * `eyJ`), the signature empty when unsigned. Read by the content patterns and by free text (free-text.ts).
 */
export const JWT = String.raw`eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*`;
/**
 * The credential of an HTTP `Bearer` or `Basic` header: 16 or more token characters, one of them a digit or a symbol,
 * so that prose stays (`Bearer tokens are rotated monthly`). Read by the content patterns and by free text.
 */
export const HTTP_CREDENTIAL = String.raw`(?=[A-Za-z0-9._~+/=-]*[0-9._~+/=-])[A-Za-z0-9._~+/-]{16,}=*`;

/** The name of a content pattern's group hidden only when it holds the base64 of a `user:password` (SecretContentPattern). */
export const USER_PASSWORD_64 = 'userPassword64';

/**
 * Whether a text is the base64 of a `user:password` (an HTTP Basic credential): written as base64 writes it (with or
 * without its padding, no stray bits), UTF-8 without control characters, with a user before its first colon, or with
 * an empty user (`:pw`, `OnB3`) when the text holds a digit, `+`, `/` or `=`. No word of prose is one (11,000 words of
 * the project's and its packages' documents tried; with an empty user and letters only, `Only` would be: `:re`).
 */
export function isUserPassword64(text: string): boolean {
  const bare = text.replace(/=+$/, '');
  if (bare.length % 4 === 1 || (bare.length < text.length && text.length % 4 !== 0)) return false;
  const bytes = Buffer.from(bare, 'base64');
  if (bytes.toString('base64').replace(/=+$/, '') !== bare) return false;
  let decoded: string;
  try {
    decoded = UTF8.decode(bytes);
  } catch {
    return false;
  }
  const colon = decoded.indexOf(':');
  return (colon > 0 || (colon === 0 && decoded.length > 1 && NOT_A_LETTER.test(text))) && !CONTROL.test(decoded);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const CONTROL = /\p{Cc}/u;
const NOT_A_LETTER = /[0-9+/=]/;

/**
 * The credential of an HTTP `Basic` header (the base64 of `user:password`). After the header's name (`Authorization:
 * Basic …`, `Proxy-Authorization: Basic …`, `"Authorization": "Basic …"`, `Authorization=Basic …`) whatever token
 * follows, however short (`YTpi` is `a:b`): what follows that name is a credential, never prose. Elsewhere 8 or more
 * base64 characters, one of them a digit, `+`, `/` or `=` (a key some services send as it is), or a token that is
 * the base64 of a `user:password` (`Basic YTpi`, `basic dXNlcjpwYXNz`: USER_PASSWORD_64), so that prose stays
 * (`Basic authentication disabled`, `Basic settings`, `basic mode`: no word of prose decodes to one).
 */
const HTTP_BASIC =
  // The blanks after `Basic` taken whole (a lookahead and its backreference: an atomic group), so that no match is
  // tried from each of them with the lookbehind reading them all again: "Basic" and 40,000 blanks took 2 s.
  String.raw`(?<![\w-])Basic(?=(?<basicBlanks>[ \t]+))\k<basicBlanks>(?<secret>(?<=Authorization["']?[ \t]*[:=][ \t]*["']?[ \t]*Basic[ \t]+)[A-Za-z0-9._~+/-]+=*` +
  String.raw`|(?=[A-Za-z0-9+/=]{8})(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]+={0,2}(?![A-Za-z0-9+/=])|(?<${USER_PASSWORD_64}>[A-Za-z0-9+/]{3,}={0,2})(?![A-Za-z0-9+/=]))`;
/**
 * The value of an HTTP `Cookie:` or `Set-Cookie:` header holding a `name=value` (session cookies are credentials),
 * up to the line's end or a quote (a quoted cookie value after `=` included); before the key=value pattern, which
 * would otherwise hide a session cookie's value first.
 */
const COOKIE_HEADER = String.raw`(?<![\w-])(?:set-)?cookie[ \t]*:[ \t]*(?=[^\s\0;="']+[ \t]*=)(?<secret>(?:=[ \t]*"[^"\0\n\r]*"|[^\0\n\r"'])+)`;

const KEY_VALUE_PASSWORD = `${KEY_START}${KEY_WORDS}\\s*=\\s*(?<secret>(?!\\s*\\(secret, )(?:${KEY_VALUE}))`;
const URL_PASSWORD = `[a-z][a-z0-9+.-]{0,31}://[^/\\s:@]{0,256}:(?<secret>[^/\\s\\0]{1,256})@`;
const PEM_BLOCK = `-----BEGIN ([A-Z0-9 ]{1,64})-----(?<secret>[\\s\\S]*?)(?:-----END \\1-----|$)`;
const DPAPI = '^01000000d08c9ddf0115d1118c7a00c04fc297eb';
const DPAPI_BASE64 = '^\\s*AQAAANCMnd8BFdERjHoAwE/Cl\\+s';
const JWT_TOKEN = `(?<![\\w-])(?<secret>${JWT})`;
const HTTP_BEARER = `(?<![\\w-])Bearer [ \\t]*(?<secret>${HTTP_CREDENTIAL})`;

/** Default content patterns (a profile's `secretContent` is used beside them, never instead). */
export const DEFAULT_SECRET_CONTENT: readonly SecretContentPattern[] = [
  { name: 'HTTP cookie header (Cookie: …, Set-Cookie: …)', in: 'text', pattern: COOKIE_HEADER },
  { name: 'key=value password (connection strings, URL queries)', in: 'text', pattern: KEY_VALUE_PASSWORD },
  { name: 'password in a URL (scheme://user:password@host)', in: 'text', pattern: URL_PASSWORD },
  { name: 'PEM block (-----BEGIN …----- … -----END …-----)', in: 'text', pattern: PEM_BLOCK },
  { name: 'DPAPI blob', in: 'binary', pattern: DPAPI, compare: 'presence' },
  { name: 'DPAPI blob (base64)', in: 'text', pattern: DPAPI_BASE64, compare: 'presence' },
  { name: 'JSON Web Token (eyJ….eyJ….…)', in: 'text', pattern: JWT_TOKEN },
  { name: 'HTTP Bearer credential (Bearer …)', in: 'text', pattern: HTTP_BEARER },
  { name: 'HTTP Basic credential (Basic …)', in: 'text', pattern: HTTP_BASIC },
  ...COMMAND_LINE_CONTENT,
];

/**
 * For the default patterns that hold no character of TEXT_NEEDS: fixed pieces, as written, one of which a text
 * must hold for the pattern to be tried on it (one scan of a text for all of them, secrets.ts). A JSON Web
 * Token starts `eyJ` in that case (the base64 of `{"`); the scheme of an HTTP header, a header's name, the `net`
 * command and .NET's NetworkCredential are written as they are here, in lower case or in capitals (a text with
 * another mix of cases, which the pattern under its `i` flag would match, is not tried).
 */
export const TEXT_PIECES = new Map<string, readonly string[]>([
  [JWT_TOKEN, ['eyJ']],
  [HTTP_BEARER, ['Bearer ', 'bearer ', 'BEARER ']],
  [HTTP_BASIC, ['Basic', 'basic', 'BASIC']],
  [COOKIE_HEADER, ['Cookie', 'cookie', 'COOKIE']],
  ...COMMAND_TEXT_PIECES,
]);

/**
 * For the unanchored default patterns (which would otherwise be tried at every position of every text): a
 * text no match can hold is skipped. Each test asks for a piece every match contains: `=` (key=value), `://`
 * and `@` (a password in a URL), `-----` (a PEM block; the same under the `i` flag), the command's or the flag's
 * name; for the anchored DPAPI patterns (which fail fast, but are a regex call per value), the digits they start
 * with, `/` and `+`.
 */
export const MAY_MATCH = new Map<string, (data: string) => boolean>([
  [KEY_VALUE_PASSWORD, (d) => d.includes('=')],
  [URL_PASSWORD, (d) => d.includes('://') && d.includes('@')],
  [PEM_BLOCK, (d) => d.includes('-----')],
  // Digits, `/` and `+` have no other case: a match holds them as the pattern writes them.
  [DPAPI, (d) => d.startsWith('01000000')],
  [DPAPI_BASE64, (d) => d.includes('/') && d.includes('+')],
  ...COMMAND_MAY_MATCH,
]);

/**
 * For the default text patterns: characters one of which every match holds (`=`, `@`, `-`, `+`, `/` or `\`), so
 * that a text holding none of them (nor a piece of TEXT_PIECES) is passed in one scan, without testing each
 * pattern's piece in turn.
 */
export const TEXT_NEEDS = new Map<string, string>([
  [KEY_VALUE_PASSWORD, '='],
  [URL_PASSWORD, '@'],
  [PEM_BLOCK, '-'],
  [DPAPI_BASE64, '+'],
  ...COMMAND_TEXT_NEEDS,
]);
