// The default content patterns of command lines (a service's, a driver's or a scheduled task's start command, a
// script's line): passwords given by a flag, a switch or a client's own form; and the cheap tests that pass a text
// none of them can match. DEFAULT_SECRET_CONTENT (secret-patterns.ts) lists them last, in this order.

/**
 * The name of a content pattern's group hidden only when its text is written in capitals (`-P`, not `-p`): what the
 * pattern, blind to case, cannot tell (hideGroups, secrets.ts).
 */
export const UPPER_CASE = 'upperCase';

/**
 * A value's opening "quoted" or 'quoted' part (doubled quotes inside), or {braced} part (ODBC, `}}` inside): a
 * client's environment variable's (ENV_PASSWORD) and the key=value pattern's (secret-patterns.ts).
 */
export const QUOTED_VALUE = `"(?:[^"]|"")*"|'(?:[^']|'')*'|\\{(?:[^}]|\\}\\})*\\}`;

/**
 * Words of a command-line flag whose argument is a secret (`--password x`, `-pwd x`, `/pass:x`, `-Token x`, and PuTTY's
 * `plink -pw x`, `pscp -pw x`).
 */
const FLAG_WORDS = 'password|passwd|pwd|pw|pass|passphrase|secret|token|api[-_]?key';
/**
 * A flag's argument: a quoted piece, or up to the next blank (not another flag, nor what an earlier pattern already
 * hid). A REG_MULTI_SZ list is read with its elements joined by NUL, so `["--password", "x"]` is a flag and its argument.
 */
const FLAG_ARG = `(?!\\(hidden\\))(?:"[^"\\0\\n\\r]*"|'[^'\\0\\n\\r]*'|[^\\s\\0"'-][^\\s\\0]*)`;
/**
 * Common English words that, after a password's flag or directive in a sentence, are prose and no password (`bcp is
 * used with -P for the password`, `the -P switch`, `requirepass is not set`), a comma or a full stop after them too:
 * a real password is none of them.
 */
const PROSE_WORDS =
  'a|an|the|is|are|was|were|be|been|in|on|of|to|for|from|with|and|or|not|no|must|should|can|may|will|if|as|at|by|it|this|that|then|when|only|set|needs?|flag|option|switch|argument|parameter';
const NOT_PROSE = String.raw`(?!(?:${PROSE_WORDS})[,.;:!?]?(?![^\s\0]))`;

/**
 * The password of `net use Z: \\server\share PASSWORD` or `net user NAME PASSWORD`: a quoted piece or a word, not a
 * switch (`/user:x`, `/active:no`) nor `*` (asks for it).
 */
const NET_PASSWORD = `(?!\\(hidden\\))(?:"[^"\\0\\n\\r]*"|[^\\s\\0/*"][^\\s\\0]*)`;

/**
 * A flag naming an account (`-u admin`, `-U sa`, `--user admin`, `--proxy-user admin`, `-Username x`, `/u admin`,
 * `/user:x`, `/RU scada`) and the name; not inside a word, a path or a URL (`//user:`).
 */
const USER_FLAG = String.raw`(?<![\w/.:\\-])(?:-u|--(?:proxy-)?user(?:name)?|-username|/u|/user|/ru)(?:[ \t\0]+|[:=])["']?[^\s\0:"']+`;
/**
 * A MySQL or MariaDB client (`mysql`, `mysqldump`, `mariadb-dump`, `C:\mysql\bin\mysql.exe`) earlier in the same
 * command (up to a line end, `;`, `|` or `&`; within 1024 characters, so that the search back is bounded).
 */
const IN_MYSQL = String.raw`(?<![\w.-])(?:mysql(?:dump|admin|import|check|show|pump|sh)?|mariadb(?:-?(?:dump|admin|import|check|show))?)(?:\.exe)?(?![\w.-])[^\n\r;|&]{0,1024}`;
/** Names of Redis' and Samba's clients, whose `-p` is never a password (IN_PORT_CLIENT), and of MQTT's (CLIENT_PASSWORD; MQTT.js's `mqtt pub`). */
const REDIS_NAMES = 'redis-(?:cli|benchmark)';
const MQTT_NAMES = String.raw`mosquitto_(?:pub|sub|rr)|mqttx|mqtt[ \t]+(?:pub|sub|publish|subscribe)`;
const SAMBA_NAMES = String.raw`smbclient|rpcclient|smbcacls|smbcquotas|smbget|smbtree|winexe|wbinfo|samba-tool|net[ \t]+(?:rpc|ads|rap)`;
/** A command named by `names` earlier in the same command line, as IN_MYSQL (the name ends before a blank, as IN_PORT_CLIENT's). */
const inCommand = (names: string): string => String.raw`(?<![\w.-])(?:${names})(?:\.exe)?["']?(?=[ \t\0])[^\n\r;|&]{0,1024}`;
/**
 * A client earlier in the same command (as IN_MYSQL) whose `-p` is never a password. A PostgreSQL client's (`psql`,
 * `pg_dump`, `pg_restore`, `createdb`, `vacuumdb`, `C:\PostgreSQL\bin\psql.exe`) is its port (`psql -U scada -p 5432`), and
 * its passwords come from `-W` (a prompt), `PGPASSWORD=` or a connection string (the key=value and URL patterns), never
 * from a flag; so is redis-cli's (its password is `-a`) and a Samba client's (`-U user%password`). Not an MQTT client's:
 * its `-P` is its password and `-p` its port, which the patterns, ignoring case, cannot tell apart; after a user flag a
 * number there may be a short password, and is hidden (`mosquitto_sub -u scada -p (hidden)`; CLIENT_PASSWORD shows it
 * without a user flag). The name ends before a blank (or a quote and a blank), so that a folder of that
 * name (`C:\psql\agent.exe -u x -p …`) does not show a password; so do the names of the commands below.
 */
const IN_PORT_CLIENT = inCommand(
  `psql|pg_(?:dump(?:all)?|restore|basebackup|isready|receivewal|recvlogical|upgrade|amcheck)|(?:create|drop)(?:db|user)|(?:vacuum|reindex|cluster)db|vacuumlo|pgbench|${REDIS_NAMES}|${SAMBA_NAMES}`,
);
/**
 * Flags that start with `-p` and are no password with it attached (`-port 20000`, `-Path x`, `-Profile x`; `-pwd x`
 * is the password flag's): their whole name, up to a blank, `:` or `=`.
 */
const P_FLAGS = 'ass(?:word|wd|phrase)?|wd|w|ort|ath|roxy|rofile|riority|rompt|rotocol|ackage|roject|rint|arallel|arams?|ipe|ool|olicy|ersist|review|refix|eriod|ublish|ush|ull|lain|ause|age|id|ing|retty|atch';
/**
 * A password flag after a user flag on the same line, within 512 characters (`psexec -u admin -p x`, `sqlcmd -U sa
 * -P x`, `schtasks /RU scada /RP x`, `schtasks /u admin /p x`, `-Username x -pw x`), an attached `-pSECRET` too but
 * not `-port` (P_FLAGS); each flag found by a search back from it (a search forward from the user flag stopped at
 * the first, and left a later one shown). Or the password of `user:password` after a user flag (`curl -u admin:x`,
 * `--user "admin:x"`; not a URL nor a path, `-u C:\x`). In a MySQL client, `-p` with a blank after it asks for the
 * password (the next word names the database) and `-P` is the port: only an attached `-pSECRET` is a password
 * there (MYSQL_PASSWORD; under the `i` flag, `-P3306` is hidden too). In a PostgreSQL client no `-p` is a password
 * (IN_PORT_CLIENT: `psql -U scada -p 5432` shows its port, and so do redis-cli and Samba's clients).
 */
const USER_PASSWORD =
  String.raw`(?:(?<![\w/-])(?=[-/][pr])(?<=${USER_FLAG}[^\n\r]{0,512}?[ \t\0])(?:-pw[ \t\0]+|-p(?<!${IN_PORT_CLIENT}[ \t\0]-p)(?:(?=[^\s\0-])(?!(?:${P_FLAGS})(?![^\s\0:=]))|[ \t\0]+(?<!${IN_MYSQL}))|/(?:pw|p|rp)(?:[ \t\0]+|:))${NOT_PROSE}` +
  String.raw`|${USER_FLAG}:(?![/\\]))(?<secret>(?!\(hidden\))(?:(?<=["'][^"'\0\n\r:]*:)[^"'\0\n\r]+|"[^"\0\n\r]*"|'[^'\0\n\r]*'|[^\s\0"'-][^\s\0]*))`;
/** The password attached to a MySQL client's `-p` (`mysql -uroot -pSECRET`, `mysqldump -p"x y"`), with or without a user flag. */
const MYSQL_PASSWORD = String.raw`(?<![\w/-])-p(?=[^\s\0-])(?<=${IN_MYSQL}[ \t\0]-p)(?<secret>${FLAG_ARG})`;
/**
 * The password given to `sshpass -p x` (after up to 4 other options of its own, `-f`, `-d` and `-P` with their
 * argument: `sshpass -v -p x ssh host`; not `ssh -p 2222` after it).
 */
const SSHPASS_PASSWORD = String.raw`(?<![\w/-])-p(?<=(?<![\w.-])sshpass(?:\.exe)?(?:[ \t\0]+-(?:[fdp][ \t\0]+[^\s\0]+|[^\s\0]+)){0,4}[ \t\0]+-p)(?:[ \t\0]+|(?=[^\s\0-]))(?<secret>${FLAG_ARG})`;
/** The password of a Windows `net user NAME PASSWORD` (`net user scada (hidden) /add`; not `/active:no`, nor `*`). */
const NET_USER = String.raw`(?<![\w.-])net(?:\.exe)?[ \t]+user[ \t]+(?:/[^\s\0]+[ \t]+)*(?:"[^"\0\n\r]*"|[^\s\0"/][^\s\0]*)[ \t]+(?<secret>${NET_PASSWORD})`;
/** The plain text given to PowerShell's `ConvertTo-SecureString "x" -AsPlainText`. */
const SECURE_STRING = String.raw`(?<![\w-])ConvertTo-SecureString(?:[ \t]+-String)?[ \t]+(?<secret>${FLAG_ARG})`;
/**
 * The quoted password given to .NET's NetworkCredential after a user name (`New-Object System.Net.NetworkCredential("admin",
 * "x")`, `-ArgumentList "admin", "x"`, `[System.Net.NetworkCredential]::new($user, 'x')`).
 */
const NETWORK_CREDENTIAL = String.raw`(?<![\w-])NetworkCredential(?:\]::new)?[ \t]*(?:\([ \t]*|-ArgumentList[ \t]+(?:@?\([ \t]*)?)(?:"[^"\0\n\r]*"|'[^'\0\n\r]*'|\$[\w:]+)[ \t]*,[ \t]*(?<secret>"[^"\0\n\r]*"|'[^'\0\n\r]*')`;
/**
 * A command earlier in the same command line (as IN_MYSQL: up to a line end, `;`, `|` or `&`, within 1024 characters)
 * whose password flag is one whatever comes before it, without a user flag (USER_PASSWORD's): PsExec's and PAExec's
 * `-p`; the `-P` (or `/P`) of the SQL Server and Sybase clients, whose port goes with the server (`-S host,1433`);
 * schtasks' `/RP` and `/P`.
 */
const IN_PSEXEC = String.raw`(?<![\w.-])(?:psexec(?:64)?|paexec)(?:\.exe)?["']?(?=[ \t\0])[^\n\r;|&]{0,1024}`;
const IN_SQL_CLIENT = String.raw`(?<![\w.-])(?:sqlcmd|osql|isql|bcp)(?:\.exe)?["']?(?=[ \t\0])[^\n\r;|&]{0,1024}`;
const IN_SCHTASKS = String.raw`(?<![\w.-])schtasks(?:\.exe)?["']?(?=[ \t\0])[^\n\r;|&]{0,1024}`;
/**
 * The password flag of such a command, before its user flag or without one (`psexec \\host -p x -u admin`, `sqlcmd -S
 * host -P x`, `bcp … -Px`, `schtasks /create /rp x /ru scada`). Under the `i` flag a SQL client's `-p` is its `-P`:
 * its statistics switch, `-p1` attached, stays, and so does a switch after schtasks' flag (`/rp /ru x` asks for it).
 */
const COMMAND_PASSWORD =
  String.raw`(?<![\w/-])(?:-p(?<=${IN_PSEXEC}[ \t\0]-p)[ \t\0]+` +
  String.raw`|[-/]p(?<=${IN_SQL_CLIENT}[ \t\0][-/]p)(?:[ \t\0]+|(?=[^\s\0-])(?!1(?![^\s\0])))` +
  String.raw`|/r?p(?<=${IN_SCHTASKS}[ \t\0]/r?p)(?:[ \t\0]+|:)(?!/))${NOT_PROSE}(?<secret>${FLAG_ARG})`;
/**
 * The password of a session URL given without its scheme, which WinSCP reads as an SFTP session (`winscp.com
 * scada:x@rtu7`, `open scada:x@rtu7` in its script or `/command`): up to the last `@` before the host, as
 * URL_PASSWORD's; not a URL with a scheme (URL_PASSWORD's) or one that has no `//` (`open mailto:ops@site`), nor a
 * path (`open C:\x@y`).
 */
const SESSION_PASSWORD = String.raw`(?<![\w.-])(?:open|winscp(?:\.com|\.exe)?["']?)(?:[ \t]+[-/][^\s\0]+)*[ \t]+["']?(?![a-z][a-z0-9+.-]{0,31}://|(?:mailto|sips?|tel|urn|xmpp|news):)[^\s\0:@/\\"']{1,256}:(?<secret>(?!\(hidden\))(?![\\/])[^\s\0/"']{1,256})@`;
/**
 * A Net-SNMP command (`snmpwalk`, `snmpget`, `snmpbulkwalk`, `snmpset`, `snmptrap`, …) earlier in the same command; its
 * `-c` is the community (`snmpwalk -v2c -c public rtu7`), its `-A` and `-X` the SNMPv3 passphrases.
 */
const IN_SNMP = String.raw`(?<![\w.-])snmp(?:bulk)?(?:walk|get(?:next)?|set|trap|inform|table|delta|df|netstat|status)(?:\.exe)?["']?(?=[ \t\0])[^\n\r;|&]{0,1024}`;
/**
 * The community or a passphrase of a Net-SNMP command (`-c x`, `-c:x`, `-A x`, `-X x`). Under the `i` flag `-a` and `-x`
 * (the protocols) read as `-A` and `-X`: a protocol's name stays (`-a SHA`, `-x AES`); an attached `-Cr10` (an
 * application's option) too.
 */
const SNMP_SECRET = String.raw`(?<![\w/-])-[cax](?<=${IN_SNMP}[ \t\0]-[cax])(?:[ \t\0]+|:)(?<secret>(?!(?:md5|sha(?:-?\d{1,3})?|des|3des|aes(?:-?\d{3}c?)?)(?![^\s\0]))${FLAG_ARG})`;
/** An Oracle tool that takes a logon `user/password[@database]` (`sqlplus`, `sqlldr`, `expdp`, `impdp`, `rman`, `dgmgrl`) earlier in the same command. */
const IN_ORACLE = String.raw`(?<![\w.-])(?:sqlplus|sqlldr|expdp|impdp|rman|dgmgrl)(?:\.exe)?["']?(?=[ \t\0])[^\n\r;|&]{0,1024}`;
/**
 * The password of an Oracle logon (`sqlplus scott/x@db`, `expdp userid=system/x`, `rman target sys/x@db`): after a user
 * name that follows a blank, a quote or `userid=`, up to `@`; not a path (`@scripts/run.sql`, `C:/x`), nor `/ as
 * sysdba` (no user) or `/nolog`.
 */
const ORACLE_LOGON = String.raw`/(?<=${IN_ORACLE}(?:[ \t\0]|userid[ \t]*=[ \t]*)["']?[a-z][\w$#]*/)(?<secret>(?!\(hidden\))(?:"[^"\0\n\r]*"|[^\s\0@"'/][^\s\0@"']*))`;
/** A word given as an argument: a quoted piece, or up to the next blank (not a flag). */
const ARG_WORD = String.raw`(?:"[^"\0\n\r]*"|'[^'\0\n\r]*'|[^\s\0"'-][^\s\0]*)`;
/**
 * A Samba client's password after the first `%` of its user (`smbclient //rtu7/d -U scada%x`, `-U 'OT\scada%x'`,
 * `--user=scada%x`, `rpcclient`, `net rpc`, `smbcacls`, `winexe -U OT/scada%x`, `--runas=`, `wbinfo -a scada%x`) up to a
 * blank or the closing quote; smbclient's after its share (`smbclient //rtu7/d x -U scada`; not a flag nor `< cmds.txt`);
 * `samba-tool user create NAME x` (not `--random-password`).
 */
const SAMBA_PASSWORD =
  String.raw`(?:(?<![\w/-])(?:-u|--user|--runas|-a|--authenticate)(?<=${inCommand(SAMBA_NAMES)}[ \t\0](?:-u|--user|--runas|-a|--authenticate))(?:[ \t\0]+|=)["']?[^\s\0%"']*%` +
  String.raw`|(?<![\w.-])samba-tool(?:\.exe)?[ \t]+user[ \t]+(?:create|add)[ \t]+(?:-[^\s\0]+[ \t]+)*${ARG_WORD}[ \t]+` +
  String.raw`|(?<![\w.-])smbclient(?:\.exe)?["']?(?:[ \t\0]+-[^\s\0]+(?:[ \t\0]+[^\s\0/\\"'-][^\s\0]*)?)*[ \t\0]+["']?(?://|\\\\)[^\s\0"']+["']?[ \t\0]+(?![<>|]|\d>))` +
  String.raw`(?<secret>(?!\(hidden\))(?:(?<=["'][^\s\0%"']*%)[^"'\0\n\r]+|(?<=%)[^\s\0"']+|(?<!%)${ARG_WORD}))`;
/**
 * The password in a CIFS mount's options (`mount -t cifs -o user=scada,pass=x`, `password2=x`, `user=scada%x`; fstab's
 * `cifs` lines; `password=` is the key=value pattern's), up to a `,` (`,,` is one inside it), a blank or the quote
 * that closes the options.
 */
const CIFS_PASSWORD = String.raw`(?<=[\s\0,"'])(?=pass|user)(?<=(?<![\w-])(?:cifs|smb3)(?![\w-])[^\n\r;|&]{0,1024}[\s\0,"'])(?:pass(?:word2)?=|user(?:name)?=[^\s\0,%"'=]*%)(?<secret>(?!\(hidden\))(?:(?<=-o[ \t\0]*["'][^"'\0\n\r]*)(?:[^"'\0\n\r,]|,,)+|(?:[^\s\0"',]|,,)+))`;
/**
 * The password of an impacket script's target, `[domain/]user:password@host` (`psexec.py OT/admin:x@rtu7`, `wmiexec.py`,
 * `secretsdump.py`, `impacket-smbexec`), up to the last `@` before the host, as URL_PASSWORD's, quoted pieces in it
 * too; and the hashes or the Kerberos key it logs on with instead (`-hashes LM:NT`, `-aesKey x`).
 */
const IN_IMPACKET = inCommand(
  String.raw`impacket-\w+|(?:(?:ps|smb|wmi|at|dcom)exec|secretsdump|Get(?:UserSPNs|NPUsers|ADUsers)|get(?:TGT|ST|Pac)|lookupsid|samrdump|reg|services|smbclient|mssqlclient|wmiquery|addcomputer|changepasswd|dacledit|rbcd|findDelegation)\.py`,
);
const IMPACKET_TARGET =
  String.raw`(?::(?<=${IN_IMPACKET}[ \t\0]["']?(?:[^\s\0/:@"']{1,256}/)?[^\s\0/:@"'-][^\s\0/:@"']{0,255}:)|(?<![\w-])-(?:hashes|aeskey)(?<=${IN_IMPACKET}[ \t\0]-\w+)[ \t\0]+)` +
  String.raw`(?<secret>(?!\(hidden\))(?:(?<=[ \t\0]["'][^\s\0"']*:)[^"'\0\n\r]{1,256}(?=@[^@"'\0\n\r]*["'])|(?<=:)(?:'[^'\0\n\r]*'|"[^"\0\n\r]*"|[^\s\0"']){1,256}(?=@)|(?<=[ \t\0])${ARG_WORD}))`;
/**
 * A password a client reads from the environment under a name the key=value pattern does not read (`REDISCLI_AUTH=x
 * redis-cli`, `export SSHPASS=x`, `set REDISCLI_AUTH=x`, `$env:REDISCLI_AUTH = "x"`): hidden as the key=value one.
 */
const ENV_PASSWORD = String.raw`(?<![\w.-])(?:rediscli_auth|sshpass)[ \t]*=[ \t]*(?<secret>(?:${QUOTED_VALUE})?[^;\0\n\r]*)`;
/**
 * The password of unixODBC's `isql DSN USER PASSWORD` (and `iusql`), its options (`-v`, `-b`, `-m20`) anywhere; not
 * Sybase's isql, whose `-U`, `-P` and `-S` (COMMAND_PASSWORD's) it then holds (within 1024 characters, so that the
 * search forward is bounded, as IN_MYSQL's back; so is mosquitto_passwd's for `-b`). At a command's start (after a
 * line's start, `;`, `|`, `&`, `(`, a quote or a folder) its three words are any; inside a sentence (`run isql
 * SCADA_DSN admin s3cret to test`) none of them a common word (`use isql to see it`, `isql with the DSN`), and the DSN
 * or the password holds a digit or a symbol (VALUE_SHAPED: `isql returned rows quickly` stays).
 */
const ODBC_OPTIONS = String.raw`(?:[ \t\0]+-[bcdeklmnqvwx3-][^\s\0]*)*`;
/** A word that holds a digit or a symbol, not only at its end (`s3cret`, `SCADA_DSN`; not `quickly.`), from where it starts. */
const VALUE_SHAPED = String.raw`(?=[^\s\0]*?(?:[^a-z\s\0.,;:!?)]|[.,;:!?)][^\s\0]))`;
const SENTENCE_WORD = String.raw`${NOT_PROSE}[^\s\0"'-][^\s\0]*`;
const ODBC_LOGON =
  String.raw`iu?sql(?:(?<=(?:^|[\0\n\r;|&("'\\/])[ \t]*iu?sql)(?:\.exe)?["']?(?![^\n\r;|&]{0,1024}?[ \t\0]-[ups])${ODBC_OPTIONS}(?:[ \t\0]+${ARG_WORD}${ODBC_OPTIONS}){2}[ \t\0]+` +
  String.raw`|(?<=[ \t]iu?sql)[ \t]+(?:${VALUE_SHAPED}|(?=[^\s\0]+[ \t]+[^\s\0]+[ \t]+${VALUE_SHAPED}))${SENTENCE_WORD}[ \t]+${SENTENCE_WORD}[ \t]+${NOT_PROSE})(?<secret>${FLAG_ARG})`;
/**
 * The password flag of a client whose password flag no other pattern reads: redis-cli's `-a`, mongo's, mongosh's and
 * mongodump's `-p` (before `-u` too), influx's `-t` (its token), an MQTT client's `-P` (`mosquitto_pub -P x`, `mqttx`,
 * `mqtt pub`), a number of 5 digits or fewer only when written `-P` (`-P 12345`; `-p 1883` is its port: the patterns
 * ignore case, so the flag as written is a group, UPPER_CASE, that hideGroups reads), and the password of
 * `mosquitto_passwd -b FILE USER x` (not `-c FILE USER`, which asks for it). And the password of the AUTH command
 * given to redis-cli (`redis-cli AUTH x`, `redis-cli -h rtu7 AUTH scada x`: the last of its one or two words, which
 * end the command, a redirection aside), not a word of prose (`run redis-cli then AUTH with the password`) nor the
 * argument of one of its flags (`redis-cli -h auth ping`: a host named auth; REDIS_CLI_ARG_FLAGS).
 */
const REDIS_CLI_ARG_FLAGS = '-[hpsaurind]|--(?:user|pass|sni|cacert|cacertdir|cert|key|tls-ciphers|tls-ciphersuites|rdb|functions-rdb|eval|pattern|quoted-pattern|count|pipe-timeout|memkeys-samples|intrinsic-latency|cluster)';
const REDIS_AUTH = String.raw`auth(?<=${inCommand(REDIS_NAMES)}[ \t\0]auth)(?<!(?<![\w-])(?:${REDIS_CLI_ARG_FLAGS})[ \t\0]+auth)(?:[ \t\0]+${ARG_WORD})?(?=[ \t\0]+${NOT_PROSE}(?!\d?[<>])${FLAG_ARG}(?![^\s\0])(?![ \t\0]+(?!\d?[<>])[^\s\0<>|&;]))`;
const CLIENT_PASSWORD =
  String.raw`(?:(?<![\w/-])(?:${REDIS_AUTH}|-a(?<=${inCommand(REDIS_NAMES)}[ \t\0]-a)|-p(?<=${inCommand('mongo(?:sh|dump|restore|export|import|stat|top|files)?')}[ \t\0]-p)` +
  String.raw`|-t(?<=${inCommand('influx')}[ \t\0]-t)|-p(?<=${inCommand(MQTT_NAMES)}[ \t\0]-p)(?:(?![ \t\0]+\d{1,5}(?![^\s\0]))|(?<=(?<${UPPER_CASE}>p))))` +
  String.raw`|(?<![\w.-])mosquitto_passwd(?:\.exe)?["']?(?=[^\n\r;|&]{0,1024}?[ \t\0]-b(?![^\s\0]))(?:[ \t\0]+-(?:[hi][ \t\0]+[^\s\0]+|[^\s\0]*))*(?:[ \t\0]+${ARG_WORD}){2})[ \t\0]+(?<secret>${FLAG_ARG})`;
/**
 * The password of a Redis server in its configuration's lines (redis.conf's `requirepass x` and `masterauth x`,
 * sentinel.conf's `sentinel auth-pass MASTER x`: each at a line's start), set by `CONFIG SET requirepass x` or given to
 * redis-server (`--requirepass x`, `--requirepass=x`). A line of redis.conf may also start after `;`, `&`, `|` or `(`,
 * after a line break written as `\n` or `` `n `` in a script's string, after `echo` (`echo requirepass x >>
 * redis.conf`), or after another directive and its arguments in a configuration joined by blanks (`port 6379
 * requirepass x`; REDIS_DIRECTIVE); there the password is a word that ends the line or the command, or that another
 * directive follows (CONF_VALUE; redis.conf has no comment after a value), as `requirepass mismatch on B` is prose.
 * Elsewhere, or followed by more words, it holds a digit or a symbol (`set requirepass Hunter2 on both`;
 * VALUE_SHAPED). Not an empty one (`requirepass ""`: no password, a finding to show), nor prose (`set requirepass in
 * redis.conf`, `requirepass is not set`, `# requirepass foobared`).
 */
const LINE_START = String.raw`(?:^|[\n\r\0])[ \t]*`;
/** Directives of redis.conf that are no English word, and those that are (`port`, `bind`). */
const CONF_WORDS = 'requirepass|masterauth|masteruser|replicaof|slaveof|daemonize|protected-mode|appendonly|appendfsync|loglevel|logfile|pidfile|dbfilename|maxmemory(?:-policy)?|maxclients|tcp-keepalive|tcp-backlog|supervised|unixsocket|aclfile|databases';
const ENGLISH_CONF_WORDS = 'port|bind|dir|save|timeout';
/**
 * A directive of redis.conf and its one to three arguments, before another in a configuration joined by blanks: one
 * of CONF_WORDS with any, one of ENGLISH_CONF_WORDS with an argument holding a digit or a symbol (`port 6379`, `bind
 * 0.0.0.0`; not `bind to the`).
 */
const REDIS_DIRECTIVE = String.raw`(?<![\w-])(?:(?:${CONF_WORDS})[ \t]+|(?:${ENGLISH_CONF_WORDS})[ \t]+${VALUE_SHAPED})(?:[^\s\0]+[ \t]+){1,3}`;
const DIRECTIVE_START = String.raw`(?:${LINE_START}|[;&|(][ \t]*|[\\\x60][nr][ \t]*|(?<![\w-])echo[ \t]+["']?|${REDIS_DIRECTIVE})`;
/** A directive's value as a line of redis.conf ends with it: quoted, or a word before the line's or the command's end or another directive. */
const CONF_VALUE = String.raw`(?=(?:"[^"\0\n\r]*"|'[^'\0\n\r]*'|[^\s\0]+)(?:[ \t]*(?:$|[\n\r\0;&|)<>"'\\\x60])|[ \t]+(?:${CONF_WORDS}|${ENGLISH_CONF_WORDS})[ \t]))`;
const REDIS_CONFIG =
  String.raw`(?:(?:requirepass|masterauth)(?:(?<=${DIRECTIVE_START}(?:requirepass|masterauth))[ \t\0]+${CONF_VALUE}` +
  String.raw`|(?<=(?<![\w-])config[ \t]+set[ \t]+(?:requirepass|masterauth))[ \t\0]+|(?<=(?<![\w-])--(?:requirepass|masterauth))(?:[ \t\0]+|=)` +
  String.raw`|(?<![\w-]requirepass|[\w-]masterauth)[ \t\0]+${VALUE_SHAPED})` +
  String.raw`|auth-pass(?<=${LINE_START}sentinel[ \t]+auth-pass)[ \t]+${ARG_WORD}[ \t\0]+)(?<secret>(?!(?:""|'')(?![^\s\0]))${NOT_PROSE}${FLAG_ARG})`;
/**
 * A Redis ACL's rules before a password's (users.acl's and redis.conf's `user NAME on >x ~* +@all`, `ACL SETUSER NAME
 * on >x`): its switches and its patterns of keys, channels and commands, 32 at most (a bound on the search back).
 */
const ACL_RULE = String.raw`(?:on|off|nopass|reset(?:pass|keys|channels)?|all(?:keys|channels|commands)|nocommands|clearselectors|(?:skip-)?sanitize-payload|["']?[~%&+\-<>#!(][^\s\0]*)`;
/**
 * The passwords of a Redis ACL user: a password added or removed (`>x`, `<x`, quoted `'>x y'`) and the SHA-256 hash
 * of one (`#…`, `!…`: 64 hex digits, which a dictionary reverses).
 */
const REDIS_ACL = String.raw`(?:[<>](?=[^\s\0"'])|[#!](?=[0-9a-f]{64}(?![^\s\0"'])))(?<=(?:${LINE_START}user|(?<![\w-])acl[ \t]+setuser)[ \t]+[^\s\0]+(?:[ \t]+${ACL_RULE}){0,32}[ \t]+["']?[<>#!])(?<secret>(?!\(hidden\))(?:(?<=["'][<>])[^"'\0\n\r]+|(?<=[<>])[^\s\0"']+|[0-9a-f]{64}))`;

const PASSWORD_FLAG = `(?<![\\w-])--?(?:(?:http|ftp|proxy)-)?(?:${FLAG_WORDS})(?:[ \\t\\0]+|[:=])${NOT_PROSE}(?<secret>${FLAG_ARG})`;
const PASSWORD_SWITCH = `(?<![\\w/])/(?:${FLAG_WORDS}|password[do])[:=](?<secret>${FLAG_ARG})`;
const NET_USE = `(?<![\\w.-])net(?:\\.exe)?[ \\t]+use[ \\t]+(?:(?:[a-z]:|\\*)[ \\t]+)?\\\\\\\\[^\\s\\0]+(?:[ \\t]+/[^\\s\\0]+)*[ \\t]+(?<secret>${NET_PASSWORD})`;

/** The command lines' content patterns, in the order they are tried (the end of DEFAULT_SECRET_CONTENT). */
export const COMMAND_LINE_CONTENT: readonly { name: string; in: 'text'; pattern: string }[] = [
  { name: 'password flag on a command line (--password …, -pwd …)', in: 'text', pattern: PASSWORD_FLAG },
  { name: 'password switch on a Windows command line (/password:…)', in: 'text', pattern: PASSWORD_SWITCH },
  { name: 'password of a Windows net use command (net use Z: \\\\server\\share …)', in: 'text', pattern: NET_USE },
  { name: 'password of a Windows net user command (net user NAME …)', in: 'text', pattern: NET_USER },
  { name: 'password flag after a user flag (-u NAME -p …, /RU NAME /RP …, -u NAME:…)', in: 'text', pattern: USER_PASSWORD },
  { name: 'password of a MySQL client (mysql -p…)', in: 'text', pattern: MYSQL_PASSWORD },
  { name: 'password of sshpass (sshpass -p …)', in: 'text', pattern: SSHPASS_PASSWORD },
  { name: 'plain text of ConvertTo-SecureString', in: 'text', pattern: SECURE_STRING },
  { name: 'password given to NetworkCredential', in: 'text', pattern: NETWORK_CREDENTIAL },
  { name: 'password flag of psexec, sqlcmd, osql, bcp or schtasks (-p …, -P …, /RP …)', in: 'text', pattern: COMMAND_PASSWORD },
  { name: 'password in a session URL without a scheme (WinSCP: open user:…@host)', in: 'text', pattern: SESSION_PASSWORD },
  { name: 'community or passphrase of a Net-SNMP command (snmpwalk -c …, -A …, -X …)', in: 'text', pattern: SNMP_SECRET },
  { name: 'password of an Oracle logon (sqlplus user/…@db)', in: 'text', pattern: ORACLE_LOGON },
  { name: 'password of a Samba client (smbclient -U user%…, smbclient //server/share …)', in: 'text', pattern: SAMBA_PASSWORD },
  { name: 'password in a CIFS mount\'s options (pass=…, user=NAME%…)', in: 'text', pattern: CIFS_PASSWORD },
  { name: 'password of an impacket target (psexec.py domain/user:…@host)', in: 'text', pattern: IMPACKET_TARGET },
  { name: 'password in a client\'s environment variable (REDISCLI_AUTH=…, SSHPASS=…)', in: 'text', pattern: ENV_PASSWORD },
  { name: 'password of a unixODBC isql logon (isql DSN USER …)', in: 'text', pattern: ODBC_LOGON },
  { name: 'password flag of redis-cli, mongo, influx or an MQTT client (-a …, -p …, -t …, -P …, mosquitto_passwd -b …, redis-cli AUTH …)', in: 'text', pattern: CLIENT_PASSWORD },
  { name: 'password of a Redis server (requirepass …, masterauth …, CONFIG SET requirepass …, --requirepass …)', in: 'text', pattern: REDIS_CONFIG },
  { name: 'password of a Redis ACL user (user NAME on >…, ACL SETUSER NAME #…)', in: 'text', pattern: REDIS_ACL },
];

/** TEXT_PIECES (secret-patterns.ts) of the command lines' patterns. */
export const COMMAND_TEXT_PIECES: readonly (readonly [string, readonly string[]])[] = [
  [NET_USER, ['net', 'Net', 'NET']],
  [NETWORK_CREDENTIAL, ['NetworkCredential', 'networkcredential', 'NETWORKCREDENTIAL']],
  // A logon of unixODBC's isql may hold none of TEXT_NEEDS' characters (`isql dsn scada x`).
  [ODBC_LOGON, ['sql', 'SQL']],
  // A line of redis.conf holds none of them either (`requirepass x`).
  [REDIS_CONFIG, ['requirepass', 'Requirepass', 'REQUIREPASS', 'masterauth', 'Masterauth', 'MASTERAUTH', 'auth-pass', 'AUTH-PASS']],
  // An ACL's line holds `user` (`setuser`, `SETUSER` and `SetUser` too) as it is written in one of these cases.
  [REDIS_ACL, ['user', 'User', 'USER']],
];

/** MAY_MATCH (secret-patterns.ts) of the command lines' patterns. */
export const COMMAND_MAY_MATCH: readonly (readonly [string, (data: string) => boolean])[] = [
  // A switch is followed by `:` or `=`: a path or a URL without either is passed in one search.
  [PASSWORD_SWITCH, (d) => d.includes(':') || d.includes('=')],
  // Every Windows path holds a `\`: the command's name first.
  [NET_USE, (d) => NET_USE_COMMAND.test(d)],
  // Every match holds its user flag (`-u`, `--user`, `-Username`, `/u`, `/user`, `/RU`).
  [USER_PASSWORD, (d) => USER_FLAG_NAME.test(d)],
  [MYSQL_PASSWORD, (d) => MYSQL_NAME.test(d)],
  [SSHPASS_PASSWORD, (d) => SSHPASS_NAME.test(d)],
  [SECURE_STRING, (d) => SECURE_STRING_NAME.test(d)],
  // The commands' names: one search of a text for each pattern below, whose own search back from each flag is longer.
  [COMMAND_PASSWORD, (d) => PASSWORD_COMMAND_NAME.test(d)],
  [SESSION_PASSWORD, (d) => d.includes('@') && SESSION_COMMAND_NAME.test(d)],
  [SNMP_SECRET, (d) => SNMP_NAME.test(d)],
  [ORACLE_LOGON, (d) => d.includes('/') && ORACLE_NAME.test(d)],
  [SAMBA_PASSWORD, (d) => SAMBA_NAME.test(d)],
  [CIFS_PASSWORD, (d) => d.includes('=') && CIFS_NAME.test(d)],
  [IMPACKET_TARGET, (d) => IMPACKET_NAME.test(d)],
  [ENV_PASSWORD, (d) => d.includes('=') && ENV_NAME.test(d)],
  [CLIENT_PASSWORD, (d) => CLIENT_NAME.test(d)],
];

/** Where a `net use` command may stand (MAY_MATCH's test for its pattern). */
const NET_USE_COMMAND = /net(?:\.exe)?[ \t]+use/i;
/** What MAY_MATCH asks of the other command lines: the user flag, the client's, the command's or the cmdlet's name. */
const USER_FLAG_NAME = /[-/]r?u/i;
const MYSQL_NAME = /mysql|mariadb/i;
const SSHPASS_NAME = /sshpass/i;
const SECURE_STRING_NAME = /securestring/i;
const PASSWORD_COMMAND_NAME = /psexec|paexec|sqlcmd|osql|isql|bcp|schtasks/i;
const SESSION_COMMAND_NAME = /open|winscp/i;
const SNMP_NAME = /snmp/i;
const ORACLE_NAME = /sqlplus|sqlldr|expdp|impdp|rman|dgmgrl/i;
const SAMBA_NAME = /smb|rpcclient|winexe|wbinfo|samba|net[ \t]/i;
const CIFS_NAME = /cifs|smb3/i;
const IMPACKET_NAME = /\.py|impacket/i;
const ENV_NAME = /rediscli_auth|sshpass/i;
const CLIENT_NAME = /redis|mongo|influx|mosquitto|mqtt/i;

// The command lines' patterns, whose MAY_MATCH tests ask for a name, and one search for any of those names (secrets.ts).
export const COMMAND_GATE = {
  patterns: new Set([NET_USE, MYSQL_PASSWORD, SSHPASS_PASSWORD, SECURE_STRING, COMMAND_PASSWORD, SESSION_PASSWORD, SNMP_SECRET, ORACLE_LOGON, SAMBA_PASSWORD, CIFS_PASSWORD, IMPACKET_TARGET, ENV_PASSWORD, CLIENT_PASSWORD]),
  names: new RegExp([NET_USE_COMMAND, MYSQL_NAME, SSHPASS_NAME, SECURE_STRING_NAME, PASSWORD_COMMAND_NAME, SESSION_COMMAND_NAME, SNMP_NAME, ORACLE_NAME, SAMBA_NAME, CIFS_NAME, IMPACKET_NAME, ENV_NAME, CLIENT_NAME].map((re) => re.source).join('|'), 'i'),
};

/** TEXT_NEEDS (secret-patterns.ts) of the command lines' patterns. */
export const COMMAND_TEXT_NEEDS: readonly (readonly [string, string])[] = [
  [PASSWORD_FLAG, '-'],
  [PASSWORD_SWITCH, '/'],
  [NET_USE, '\\'],
  [USER_PASSWORD, '-/'],
  [MYSQL_PASSWORD, '-'],
  [SSHPASS_PASSWORD, '-'],
  [SECURE_STRING, '-'],
  [COMMAND_PASSWORD, '-/'],
  [SESSION_PASSWORD, '@'],
  [SNMP_SECRET, '-'],
  [ORACLE_LOGON, '/'],
  [SAMBA_PASSWORD, '-/\\'],
  [CIFS_PASSWORD, '='],
  [IMPACKET_TARGET, '@-'],
  [ENV_PASSWORD, '='],
  [CLIENT_PASSWORD, '-'],
];
