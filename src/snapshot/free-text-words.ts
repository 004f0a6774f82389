// The closed lists of words free-text.ts reads prose by: what may follow a secret's name in a change record, what
// may follow `is` or `to`, the words that start like a secret's name but are not one (`secretary`, `tokenised`), the
// compounds of prose (`self-service`) and the nouns of PowerShell's cmdlets (`Get-Credential`).

function words(text: string): ReadonlySet<string> {
  return new Set(text.split(/\s+/).filter((w) => w !== ''));
}

/**
 * `is` and `was` in the other languages of the secret words (de lautet, lautete, war; fr est, était; es es, fue, era;
 * pt é, foi; nl werd; it è).
 */
const OTHER_IS = ['lautet', 'lautete', 'war', 'est', 'était', 'es', 'fue', 'era', 'é', 'foi', 'werd', 'è'];
/** `been` and `has` in the other languages (`Passwort wurde auf … gesetzt`, `a été changé en`, `ha sido`, `è stata`). */
const OTHER_BEEN = ['wurde', 'été', 'ha', 'sido', 'stata', 'stato'];
/**
 * `changed`, `set` and `reset` in the other languages (`Kennwort geändert auf …`, `mot de passe changé en …`): connectors,
 * and words of PROSE at a line's end (`Passwort ist geändert`), as `changed` is.
 */
const OTHER_CHANGED_WORDS = `
  geändert gesetzt zurückgesetzt gewechselt aktualisiert changé changée modifié modifiée réinitialisé réinitialisée
  cambiada cambiado restablecida restablecido gewijzigd gereset alterada alterado redefinida redefinido
  cambiata cambiato modificata modificato reimpostata reimpostato
`;
const OTHER_CHANGED = words(OTHER_CHANGED_WORDS);
/**
 * `to` in the other languages, which the value follows only after a change (`Kennwort geändert auf …`, `changé en`,
 * `cambiada a`, `gewijzigd naar`, `alterada para`, `cambiata in`): alone they are prose (`mot de passe en clair`).
 * German's `auf` leads alone as `to` does (`Kennwort auf … gesetzt`, German puts the verb last; VALUE_AFTER).
 */
const OTHER_TO: ReadonlySet<string> = new Set(['auf', 'in', 'zu', 'en', 'pour', 'à', 'a', 'naar', 'para', 'por']);

/** Whether `before` then `last`, the last connectors of a run, lead to the value: `is now`, a change then `to` (OTHER_TO). */
export function leadsAfter(before: string, last: string): boolean {
  return last === 'now' ? before === 'is' : OTHER_TO.has(last) && OTHER_CHANGED.has(before);
}

/**
 * Words that may stand between a secret's name and its value (`is`, `is now`, `was changed to`, `set to`): the
 * value follows only when the last of them is `is`, `ist`, `was`, `to`, `auf`, or `now` after `is`, a `to` of another
 * language after a change (leadsAfter), or `from` after another (`PIN changed from 1234 to 5678`); otherwise they are
 * prose (`the password was changed on Tuesday`, `PIN to be changed`) and nothing is hidden.
 */
export const CONNECTORS: ReadonlySet<string> = new Set([
  ...['is', 'ist', 'to', 'now', 'was', 'has', 'have', 'been', 'be', 'will', 'set', 'changed', 'reset', 'updated', 'rotated', 'temporarily', 'also', 'then', 'from'],
  ...OTHER_IS,
  ...OTHER_BEEN,
  ...OTHER_CHANGED,
  ...OTHER_TO,
]);
export const VALUE_AFTER: ReadonlySet<string> = new Set(['is', 'ist', 'was', 'to', 'auf', ...OTHER_IS]);
/**
 * Words that start what a secret is for, between its name and `:`, `=` or a connector (`password for RTU-7: abc`,
 * `Passwort für RTU-7: …`, `mot de passe pour`, `contraseña de`, `wachtwoord voor`, `senha do`, `password per`).
 */
export const QUALIFIERS: ReadonlySet<string> = words(`
  for of on at für von vom des pour de du sur para del voor van op do da per di della su
`);

/**
 * Words that, after `is` or `to`, are prose and not a value (`the password is not set`, `the PIN is the same`,
 * `the password to the RTU`, `a token to access the API`). Any other word there is taken for the value and hidden.
 */
export const PROSE = words(`
  a an the this that these those it its my our your their his her him them me us no not never none nothing now still also only just already then again
  set unset reset changed rotated updated expired expiring required needed stored kept saved hidden masked encrypted hashed empty blank missing
  unchanged same different correct incorrect wrong right valid invalid known unknown new old default temporary locked unlocked disabled enabled shared
  in on at for from with by of into onto via per over under after before and or but be been being do does did
  change rotate update unlock lock access log login logon sign use enter open read write get configure connect authenticate verify check
  what which who whom where when why how one each every all any some
  nicht kein keine leer falsch richtig gleich neu alt abgelaufen gesperrt der die das dem den ein eine
  erneuert vergeben getauscht geprüft entsperrt hinterlegt gespeichert vergessen veraltet gültig ungültig temporär verloren verschickt
  pas vide expiré expirée le la les un une oublié oubliée perdu perdue faux fausse temporaire provisoire valide
  nouveau nouvelle ancien ancienne envoyé envoyée
  no vacía incorrecta la el una caducada caducado olvidada olvidado nueva nuevo antigua temporal provisional válida inválida
  perdida enviada niet leeg het een verlopen vergeten nieuw oud tijdelijk ongeldig geldig kwijt verstuurd
  expirada expirado esquecida esquecido nova novo antiga temporária provisória
  non vuota il scaduta scaduto nuova vecchia temporanea provvisoria valida dimenticata persa inviata
  ${OTHER_CHANGED_WORDS}
`);

/**
 * Words that may follow a secret's bare name in a change record and are prose, not its value (`password reset done`,
 * `password policy updated`, `PIN count raised`, `password manager entry`, `Kennwort geändert`, `mot de passe changé`),
 * beside PROSE and the connectors. Compared in lower case; a plural of one (`policies`, `rules`) is one too.
 */
export const FOLLOWERS = words(`
  reset resets changed change changes rotated rotation rotate updated update expired expiry expiration expire expires
  renewed renewal renew revoked revoke removed remove deleted added replaced replace issued reissued generated regenerated
  policy manager vault safe store storage file field box prompt dialog dialogue screen page form entry length age history
  complexity strength requirement rule hash salt hint protection protected authentication auth login logon prompt
  check verification validation mismatch error failure failed attempt lockout lockouts count counter retry timeout sync
  list sheet spreadsheet document doc register database table column setting option parameter argument flag switch value
  type mode format
  encoding encryption algorithm generator handling management procedure process request ticket holder owner sharing
  handover distribution envelope card letter pad keypad reader module header assignment mapping layout config configuration
  number code string text phrase word out only too here there please first once twice today yesterday tomorrow later
  immediately afterwards soon since until as so if because while is was are were has had have will would should must can
  could may might shall need needs needed see cf ref refer per following below above same other another both either
  was were got gets given sent emailed mailed handed shown told known kept stored used entered typed confirmed documented
  done ok okay fine works working worked tested test tests through along over it them him her me us
  audit reuse cannot does did due overdue lost forgot forgotten leak breach dump crack spray guess backup copy export import
  recovery recover escrow custodian without across everywhere etc too short long weak strong complex simple
  admin administrator user operator engineer root guest service account domain local system vendor site server client
  windows ldap ad kerberos radius snmp
  keepass keepassxc lastpass bitwarden cyberark thycotic delinea hashicorp passbolt
  monday tuesday wednesday thursday friday saturday sunday
  january february march april may june july august september october november december
  wird wurden muss soll kann ist war der die das im und oder noch bereits änderung zurücksetzen ändern erneuern
  richtlinie wechsel ablauf rücksetzung zurücksetzung vergabe tresor liste datei
  mis par et ou dans fue é è
`);

/** A follower by its ending (lower case, after a password word only): `protected`, `sharing`, `requirements`, `complexity`. */
export const FOLLOWER_ENDING = /(?:ed|ing|tion|sion|ment|ness|ity|ance|ence|ure|ly|ful|less|able|ible|ship)s?$/u;

/** Whether `lower` is a follower or the plural of one (`policies`, `rules`, `changes`), or a word of PROSE. */
export function isFollower(lower: string): boolean {
  return PROSE.has(lower) || isFollowerNoun(lower);
}

/** Whether `lower` is one of FOLLOWERS or the plural of one; not PROSE's adjectives (`correct`, `new`), as isFollower. */
export function isFollowerNoun(lower: string): boolean {
  if (FOLLOWERS.has(lower)) return true;
  if (lower.endsWith('ies') && FOLLOWERS.has(`${lower.slice(0, -3)}y`)) return true;
  return (lower.endsWith('s') && FOLLOWERS.has(lower.slice(0, -1))) || (lower.endsWith('es') && FOLLOWERS.has(lower.slice(0, -2)));
}

/**
 * Secret names that are common English words as well (`pass the check`, `pin 4 of the connector`, `token bucket`,
 * `secret santa`): after them a word of lower case stays; only a value-like token or a capitalised word is hidden.
 */
export const WEAK_NAMES = words('pass passes pin pins token tokens secret secrets community communities key keys');

/**
 * Nouns after a secret's name that make one name with it (`PIN number: 4711`, `PIN number 4711`, `password string is
 * abc`): the value follows them as it follows the name.
 */
export const NAME_NOUNS = words('number code string value word phrase');

/**
 * What may follow a secret word inside one word of prose and leave it a secret's name (`passwords`, `secrets`,
 * `secretkey`, `tokenvalue`, `wachtwoorden`); any other ending makes a word of its own (`secretary`, `secretariat`,
 * `secretly`, `tokenised`, `tokenizer`).
 */
export const NAME_TAILS = words('s es en key keys value values hash hashes string strings text data encrypted');

/**
 * PowerShell's verbs (`Get-Verb`, and `ForEach`, `Where`, `Sort`, `Tee` of the built-in cmdlets): after a script's
 * `=`, `Verb-Noun` is a cmdlet's call (`$cred = Get-Credential`, `$pw = Read-Host -AsSecureString`), not a value.
 */
export const VERBS = words(`
  add approve assert backup block build checkpoint clear close compare complete compress confirm connect convert convertfrom
  convertto copy debug deny deploy disable disconnect dismount edit enable enter exit expand export find format get grant
  group hide import initialize install invoke join limit lock measure merge mount move new open optimize out ping pop
  protect publish push read receive redo register remove rename repair request reset resize resolve restart restore resume
  revoke save search select send set show skip split start step stop submit suspend switch sync test trace unblock undo
  uninstall unlock unprotect unpublish unregister update use wait watch write foreach where sort tee
`);

/** A cmdlet's name: `Verb-Noun` whose verb is one of VERBS (`Get-Credential`, `Set-Secret`; not `Blue-Sky`). */
const CMDLET_NAME = /^([A-Za-z]+)-([A-Za-z][A-Za-z0-9]*)$/;

/** Whether `word` is a cmdlet's name (CMDLET_NAME). */
export function isCmdletName(word: string): boolean {
  const m = CMDLET_NAME.exec(word);
  return m !== null && VERBS.has(m[1].toLowerCase());
}

/**
 * Nouns of one word that PowerShell's cmdlets have (built in: `Get-Credential`, `New-Object`, `Read-Host`,
 * `Get-Content`; SecretManagement's `Get-Secret`; the nouns of secrets a site's own cmdlets take, `Reset-Password`).
 * Compared in lower case.
 */
export const CMDLET_NOUNS = words(`
  acl alias certificate clipboard command computer connection content counter credential csv culture date disk error
  event expression file group guid help history host html item job json key list location mailbox member module null
  object output package partition passphrase password path pin printer process progress random script secret service
  share sleep string table task token transaction transcript type unique uptime user variable vault verb volume warning xml
`);

/** A noun of more than one word (`LocalUser`, `SecureString`, `ADUser`, `PSDrive`), as a module's cmdlets have. */
const NOUN_OF_WORDS = /[a-z][A-Z]|[A-Z]{2}[a-z]/;

/**
 * Whether `word` is a real cmdlet's name: a verb and a noun that cmdlets have (CMDLET_NOUNS, or a noun of more than
 * one word: `Get-Credential`, `New-LocalUser`, `Reset-Password`). `Open-Sesame` is shaped like one, but no cmdlet
 * has the noun `Sesame`: after a secret's name it reads as a passphrase.
 */
export function isKnownCmdlet(word: string): boolean {
  const m = CMDLET_NAME.exec(word);
  return m !== null && VERBS.has(m[1].toLowerCase()) && (CMDLET_NOUNS.has(m[2].toLowerCase()) || NOUN_OF_WORDS.test(m[2]));
}

/**
 * Compounds of prose that follow a secret's name in notes and tickets (`password self-service portal`, `password
 * reset-link sent`, `Kennwort Self-Service`, `password two-factor`), in lower case; a plural (`e-mails`) is one too.
 * A hyphenated word after a secret's name that is one of them, in any case, is no passphrase (free-text-compounds.ts).
 */
export const COMPOUNDS = words(`
  self-service reset-link e-mail brute-force up-to-date multi-factor two-factor single-factor single-sign-on one-time
  single-use case-sensitive case-insensitive third-party open-source real-time key-value back-end front-end end-user
  end-to-end opt-in opt-out sign-in sign-on sign-off sign-up log-in log-on log-off set-up follow-up roll-out hand-over
  read-only write-only plain-text clear-text cross-site wi-fi hot-standby stand-by fail-over pass-through pass-the-hash
  out-of-band non-expiring never-expires pre-shared hard-coded built-in time-based role-based run-as auto-login
  auto-logon look-up clean-up work-around user-defined well-known high-availability lock-out check-in check-out
`);

/**
 * Acronyms that standards, algorithms, protocols, tickets and the parts of a control system are named by, in lower
 * case: `SHA-256`, `TLS-1.2`, `WPA2-PSK`, `MS-CHAPv2`, `ISO-27001`, `PCI-DSS`, `KB-12345` (a ticket), `NORTH-HMI`
 * (free-text-compounds.ts). A closed list, not a shape: capitals, a hyphen and digits are how generated passwords
 * and product keys look too (`XKCD-4711`), so only the names the list knows are shown.
 */
export const ACRONYMS = words(`
  sha md aes des rsa dsa ecdsa ecdh dh hmac pbkdf ntlm lm crc
  tls ssl ssh sftp ftps https http ldap ldaps radius tacacs snmp ipsec ike vpn eap peap psk wpa wep chap mschap pap
  utf ucs ascii ansi latin iso iec ieee nist fips rfc pci dss nerc cip gdpr din bsi cis
  kb cve cwe ms chg inc req ritm prb
  hmi rtu plc scada dnp opc ied dcs ems ups lan wan dmz vlan sql
`);

/**
 * Prefixes of three letters or more that make a compound of prose (`pre-set`, `non-expiring`, `self-signed`,
 * `multi-factor`); those of one or two letters (`re-`, `co-`, `e-`) are read by their length.
 */
export const PREFIXES = words('pre non sub self semi anti auto inter intra cross post mid mis off down back counter dual');
