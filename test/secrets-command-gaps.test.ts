// Command lines the content patterns got wrong: a PostgreSQL client's port hidden as a password (`psql -U scada -p
// 5432`), a short HTTP Basic credential after its header shown (`Authorization: Basic YTpi` is `a:b`), and passwords
// given to Windows and OT tools in a flag no pattern read (`psexec -p x` before `-u`, `sqlcmd -P x` without `-U`,
// `schtasks /rp x` before `/ru`, `netdom /PasswordD:x`, WinSCP's `open user:x@host`, `snmpwalk -c x`, `sqlplus
// user/x@db`, `wget --http-password x`, `curl --proxy-user u:x`). Each row of HIDDEN_ROWS and SHOWN_PORTS was wrong
// before these patterns; STILL_HIDDEN is what their exceptions must not show, STAYS the look-alikes they must leave
// shown.
import { test } from 'node:test';
import { HIDDEN } from '../src/snapshot/secrets.js';
import { assertContentRows, assertFreeTextRows, assertShortcutsAgree, assertValuesEndToEnd, clearScadaExport, type ValueRow } from './secrets-leak-check.js';

const H = HIDDEN;

/** Data → what it becomes (REG_SZ, or a list as REG_MULTI_SZ): each was shown, or hidden otherwise, before. */
const HIDDEN_ROWS: [string | string[], string | string[]][] = [
  // HTTP Basic after its header's name, however short (`YTpi` is `a:b`; 8 characters were needed).
  ['Authorization: Basic YTpi', `Authorization: Basic ${H}`],
  ['curl -H "Proxy-Authorization: basic YTpi" http://x', `curl -H "Proxy-Authorization: basic ${H}" http://x`],
  ['{"Authorization": "Basic Yjpj"}', `{"Authorization": "Basic ${H}"}`],
  ['Authorization=Basic YTpi', `Authorization=Basic ${H}`],
  [`$h = @{ 'Authorization' = 'Basic YTpi' }`, `$h = @{ 'Authorization' = 'Basic ${H}' }`],
  // PsExec's -p is its password with or before its user flag, or without one.
  ['psexec \\\\rtu7 -p Hunter2 -u admin cmd', `psexec \\\\rtu7 -p ${H} -u admin cmd`],
  ['"C:\\Tools\\PsExec64.exe" -accepteula \\\\rtu7 -h -p "Hunter 2" cmd /c dir', `"C:\\Tools\\PsExec64.exe" -accepteula \\\\rtu7 -h -p ${H} cmd /c dir`],
  ['psexec.exe -p Hunter2 \\\\rtu7 cmd', `psexec.exe -p ${H} \\\\rtu7 cmd`],
  [['paexec', '\\\\rtu7', '-p', 'Hunter2', 'cmd'], ['paexec', '\\\\rtu7', '-p', H, 'cmd']],
  // The SQL Server and Sybase clients' -P is their password without -U too; their port goes with the server.
  ['sqlcmd -S tcp:hist01,1433 -P Hunter2 -Q "select 1"', `sqlcmd -S tcp:hist01,1433 -P ${H} -Q "select 1"`],
  ['sqlcmd -S db1 -P 1433', `sqlcmd -S db1 -P ${H}`],
  ['osql -S hist01 -P Hunter2', `osql -S hist01 -P ${H}`],
  ['isql -S hist01 -PHunter2', `isql -S hist01 -P${H}`],
  ['bcp scada.dbo.events out ev.dat -S hist01 -P Hunter2 -c', `bcp scada.dbo.events out ev.dat -S hist01 -P ${H} -c`],
  ['sqlcmd /S hist01 /P Hunter2', `sqlcmd /S hist01 /P ${H}`],
  // schtasks' /RP and /P before the user flag, or without it.
  ['schtasks /create /tn backup /tr c:\\b.cmd /rp Hunter2 /ru scada', `schtasks /create /tn backup /tr c:\\b.cmd /rp ${H} /ru scada`],
  ['schtasks /change /tn backup /p:Hunter2 /u admin', `schtasks /change /tn backup /p:${H} /u admin`],
  // netdom's passwords of the domain's and the computer's accounts.
  ['netdom join rtu7 /domain:ot /UserD:ot\\admin /PasswordD:Hunter2 /UserO:admin /PasswordO:Hunter3', `netdom join rtu7 /domain:ot /UserD:ot\\admin /PasswordD:${H} /UserO:admin /PasswordO:${H}`],
  // WinSCP's session URL without its scheme (SFTP), on its command line or in its script.
  ['winscp.com /command "open scada:Hunter2@rtu7" "put x /d/" "exit"', `winscp.com /command "open scada:${H}@rtu7" "put x /d/" "exit"`],
  ['"C:\\Program Files (x86)\\WinSCP\\WinSCP.exe" scada:Hunter2@rtu7:2222', `"C:\\Program Files (x86)\\WinSCP\\WinSCP.exe" scada:${H}@rtu7:2222`],
  [['open scada:Hunt@r2@rtu7', 'put backup.zip', 'exit'], [`open scada:${H}@rtu7`, 'put backup.zip', 'exit']],
  // Net-SNMP: the community and the SNMPv3 passphrases; the protocols stay.
  ['snmpwalk -v2c -c Pr1vate rtu7 1.3.6.1.2.1.1', `snmpwalk -v2c -c ${H} rtu7 1.3.6.1.2.1.1`],
  ['snmpset -v 2c -c private rtu7 sysContact.0 s ops', `snmpset -v 2c -c ${H} rtu7 sysContact.0 s ops`],
  ['snmpget -v3 -l authPriv -u scada -a SHA -A Hunter2xx -x AES -X Hunter3yy rtu7 sysUpTime.0', `snmpget -v3 -l authPriv -u scada -a SHA -A ${H} -x AES -X ${H} rtu7 sysUpTime.0`],
  // An Oracle logon (a historian's database): user/password[@database], `userid=` of the loaders.
  ['sqlplus -s scada/Hunter2@//hist01:1521/orcl @C:\\x\\purge.sql', `sqlplus -s scada/${H}@//hist01:1521/orcl @C:\\x\\purge.sql`],
  ['sqlplus "sys/Hunter2@orcl as sysdba"', `sqlplus "sys/${H}@orcl as sysdba"`],
  ['expdp system/Hunter2 directory=dp dumpfile=scada.dmp', `expdp system/${H} directory=dp dumpfile=scada.dmp`],
  ['sqlldr control=load.ctl userid=scada/Hunter2', `sqlldr control=load.ctl userid=scada/${H}`],
  ['rman target sys/Hunter2@orcl catalog rcat/Hunter3@rc', `rman target sys/${H}@orcl catalog rcat/${H}@rc`],
  // wget's and curl's passwords for HTTP, FTP and a proxy.
  ['wget --http-password Hunter2 http://hist01/x', `wget --http-password ${H} http://hist01/x`],
  ['wget --ftp-user scada --ftp-password Hunter2 ftp://hist01/x', `wget --ftp-user scada --ftp-password ${H} ftp://hist01/x`],
  ['curl --proxy-user admin:Hunter2 http://x', `curl --proxy-user admin:${H} http://x`],
];

/** A PostgreSQL client's port, hidden before as the password of a flag after a user flag. */
const SHOWN_PORTS = [
  'psql -U scada -h db1 -p 5432',
  'psql -U scada -h db1 -p5432 -d scada',
  '"C:\\Program Files\\PostgreSQL\\15\\bin\\psql.exe" -U scada -W -p 5432 scada',
  'pg_dump -U postgres -p 5432 -F c -f scada.dump scada',
  'pg_dumpall -U postgres -h db1 -p 5433',
  'pg_restore -U postgres -p 5432 -d scada scada.dump',
  'pg_basebackup -U repl -h db1 -p 5432 -D C:\\pgdata',
  'createdb -U postgres -p 5432 scada',
  'vacuumdb -U postgres -p 5432 --all --analyze',
  // createuser's -P asks for the new role's password: the word after it is the role.
  'createuser -U postgres -P scada',
];

/**
 * What the exceptions above must not show: a folder named as a PostgreSQL client is no client (its `-p` after a user
 * flag stays a password), nor is a PostgreSQL client before `&&` the next command's.
 */
const STILL_HIDDEN: [string, string][] = [
  ['C:\\psql\\agent.exe -u admin -p Hunter2', `C:\\psql\\agent.exe -u admin -p ${H}`],
  ['psql -U scada -p 5432 && psexec \\\\rtu7 -u admin -p Hunter2 cmd', `psql -U scada -p 5432 && psexec \\\\rtu7 -u admin -p ${H} cmd`],
];

/** Look-alikes the new patterns leave shown: prose, ports, protocols, switches, paths, prompts. */
const STAYS = [
  'Basic auth',
  'Basic settings',
  'basic mode',
  'Authorization: Basic',
  'WWW-Authenticate: Basic realm="scada"',
  'sqlcmd -S hist01 -E -p1',
  'osql -E -S hist01 -p',
  'bcp scada.dbo.events out ev.dat -S hist01 -T -c',
  'psexec \\\\rtu7 -s -i cmd',
  'schtasks /create /tn backup /rp /ru scada',
  'schtasks /query /fo list /v',
  'open mailto:ops@site.example',
  'open C:\\backup@2026',
  'open https://rtu7/',
  'Open valve 3 at 05:00@site',
  'snmpwalk -v3 -a md5 -x des rtu7',
  'snmptrapd -c C:\\snmp\\snmptrapd.conf',
  'sqlplus / as sysdba',
  'sqlplus -s /nolog @scripts/run.sql',
  'rman target / cmdfile=scripts/backup.rman',
  'plink -pwfile C:\\secure\\pw.txt scada@rtu7',
  'pscp -P 22 -l scada backup.zip rtu7:/d',
  'agent -P 8080',
  'C:\\bcp\\tool.exe -p 8080',
  'sc config ScadaSvc start= auto',
];

test('passwords of Windows and OT tools, short Basic credentials: hidden, the rest readable; a PostgreSQL port shown', () => {
  assertContentRows([...HIDDEN_ROWS, ...STILL_HIDDEN], [...SHOWN_PORTS, ...STAYS]);
});

test('the shortcuts (the one scan, each command\'s name test) find what these patterns find', () => {
  const data = [...HIDDEN_ROWS, ...STILL_HIDDEN].map(([d]) => d).filter((d) => typeof d === 'string');
  assertShortcutsAgree([...data, ...SHOWN_PORTS, ...STAYS, 'psexec', 'sqlcmd -P', 'open a:b', 'x:y@z', 'snmpwalk', 'sqlplus a/b', 'Authorization: x']);
});

test('free text: the same forms hidden as in a registry value, the ports and look-alikes kept', () => {
  assertFreeTextRows([...HIDDEN_ROWS, ...STILL_HIDDEN], [...SHOWN_PORTS, ...STAYS]);
});

/**
 * [value name, its data for a server's `sig`, the data shown]: the forms above under names that are no secret's. The
 * sigs are 7 letters, so that the Basic credential is one the 8 characters with a digit did not find.
 */
const VALUES: ValueRow[] = [
  ['Header', (s) => `Authorization: Basic ${s}`, `Authorization: Basic ${H}`],
  ['Remote', (s) => `psexec \\\\rtu7 -p ${s}B -u admin cmd`, `psexec \\\\rtu7 -p ${H} -u admin cmd`],
  ['Query', (s) => `sqlcmd -S hist01 -P ${s}C`, `sqlcmd -S hist01 -P ${H}`],
  ['Upload', (s) => `winscp.com /command "open scada:${s}D@rtu7" "exit"`, `winscp.com /command "open scada:${H}@rtu7" "exit"`],
  ['Poll', (s) => `snmpwalk -v2c -c ${s}E rtu7`, `snmpwalk -v2c -c ${H} rtu7`],
  ['Purge', (s) => `sqlplus scada/${s}F@orcl @purge.sql`, `sqlplus scada/${H}@orcl @purge.sql`],
  ['Dump', () => 'pg_dump -U postgres -p 5432 scada', 'pg_dump -U postgres -p 5432 scada'],
];

/** An export with VALUES under the Agents key; `sig` makes the servers differ. */
function exportOf(label: string, sig: string): string {
  return clearScadaExport(label, { Agents: VALUES.map(([name, data]) => `"${name}"="${data(sig).replace(/[\\"]/g, '\\$&')}"`) });
}

test('these command lines show in no report format, no change record and no file of the store; the port does', async (t) => {
  await assertValuesEndToEnd(t, VALUES, exportOf, { main: 'MainGap', standby: 'StbyGap', renewed: 'RenewGp' });
});
