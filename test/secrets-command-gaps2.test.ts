// More command lines the content patterns got wrong: passwords given to Samba's clients (`smbclient -U user%x`,
// `rpcclient`, `net rpc`, `winexe`), a CIFS mount's options (`pass=x`), impacket's targets (`psexec.py OT/admin:x@rtu7`,
// `-hashes`), clients' environment variables no key word names (`REDISCLI_AUTH=x`, `SSHPASS=x`), unixODBC's `isql DSN
// USER x`, and the password flags of redis-cli (`-a x`), mongo (`-p x` before `-u`), influx (`-t x`) and MQTT's
// clients (`mosquitto_pub -P x`, `mosquitto_passwd -b FILE USER x`) were shown; the port of redis-cli and Samba's
// clients after a user flag (`smbclient -U scada -p 445`) was hidden (an MQTT client's stays hidden after a user flag:
// it may be a short password, `-P 12345`). Each row of HIDDEN_ROWS and
// SHOWN_PORTS was wrong before these patterns; STILL_HIDDEN is what their exceptions must not show, and the forms
// an older pattern already hid; STAYS the look-alikes they must leave shown.
import { test } from 'node:test';
import { HIDDEN } from '../src/snapshot/secrets.js';
import { assertContentRows, assertFreeTextRows, assertShortcutsAgree, assertValuesEndToEnd, clearScadaExport, type ValueRow } from './secrets-leak-check.js';

const H = HIDDEN;
const NT_HASHES = 'aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0';

/** Data → what it becomes (REG_SZ, or a list as REG_MULTI_SZ): each was shown, or its port hidden, before. */
const HIDDEN_ROWS: [string | string[], string | string[]][] = [
  // winbind's check of an account and samba-tool's account made with its password (the lead, after the helper's batch).
  ['wbinfo -a scada%Hunter2', `wbinfo -a scada%${H}`],
  ['wbinfo --authenticate=OT\\scada%Hunter2', `wbinfo --authenticate=OT\\scada%${H}`],
  ['samba-tool user create scada Hunter2 --given-name=S', `samba-tool user create scada ${H} --given-name=S`],
  ['samba-tool user add "scada x" "Hunter 2"', `samba-tool user add "scada x" ${H}`],
  ['samba-tool user create --use-username-as-cn scada Hunter2', `samba-tool user create --use-username-as-cn scada ${H}`],
  // Samba's clients: the password after the first `%` of the user, or after smbclient's share.
  ['smbclient //rtu7/d -U scada%Hunter2 -c ls', `smbclient //rtu7/d -U scada%${H} -c ls`],
  [`smbclient //rtu7/d -U 'OT\\scada%Hunt er2'`, `smbclient //rtu7/d -U 'OT\\scada%${H}'`],
  ['smbclient //rtu7/d --user=scada%Hunt%r2', `smbclient //rtu7/d --user=scada%${H}`],
  ['smbclient -U scada%Hunter2 -p 445 //rtu7/d', `smbclient -U scada%${H} -p 445 //rtu7/d`],
  ['smbclient //rtu7/d Hunter2 -U scada', `smbclient //rtu7/d ${H} -U scada`],
  [`smbclient -U scada '\\\\rtu7\\d' Hunter2`, `smbclient -U scada '\\\\rtu7\\d' ${H}`],
  ['rpcclient -U scada%Hunter2 rtu7', `rpcclient -U scada%${H} rtu7`],
  ['net rpc group members admins -U OT\\admin%Hunter2 -S rtu7', `net rpc group members admins -U OT\\admin%${H} -S rtu7`],
  ['smbcacls //rtu7/d$ x -U scada%Hunter2', `smbcacls //rtu7/d$ x -U scada%${H}`],
  ['winexe -U OT/scada%Hunter2 --runas=OT\\admin%Hunter3 //rtu7 cmd', `winexe -U OT/scada%${H} --runas=OT\\admin%${H} //rtu7 cmd`],
  [['smbclient', '//rtu7/d', '-U', 'scada%Hunter2'], ['smbclient', '//rtu7/d', '-U', `scada%${H}`]],
  // A CIFS mount's options (`password=` was the key=value pattern's already), and fstab's line.
  ['mount -t cifs //rtu7/d /mnt -o user=scada,pass=Hunter2,vers=3.0', `mount -t cifs //rtu7/d /mnt -o user=scada,pass=${H},vers=3.0`],
  ['mount -t cifs //rtu7/d /mnt -o "user=scada,pass=Hunt er2,vers=3.0"', `mount -t cifs //rtu7/d /mnt -o "user=scada,pass=${H},vers=3.0"`],
  ['mount.cifs //rtu7/d /mnt -o username=OT/scada%Hunter2', `mount.cifs //rtu7/d /mnt -o username=OT/scada%${H}`],
  ['mount -t cifs //rtu7/d /mnt -o user=scada,password2=Hunter2', `mount -t cifs //rtu7/d /mnt -o user=scada,password2=${H}`],
  ['//rtu7/d /mnt/d cifs user=scada,pass=Hu,,nter2,uid=1000 0 0', `//rtu7/d /mnt/d cifs user=scada,pass=${H},uid=1000 0 0`],
  // impacket's targets, up to the last `@`; its hashes and Kerberos key.
  ['psexec.py OT/admin:Hunter2@10.0.0.7', `psexec.py OT/admin:${H}@10.0.0.7`],
  ['python3 C:\\impacket\\examples\\wmiexec.py OT/admin:Hunt@r2@10.0.0.7 whoami', `python3 C:\\impacket\\examples\\wmiexec.py OT/admin:${H}@10.0.0.7 whoami`],
  ['secretsdump.py -just-dc admin:Hunter2@dc01', `secretsdump.py -just-dc admin:${H}@dc01`],
  [`impacket-smbexec 'OT/admin:Hunt er2@rtu7'`, `impacket-smbexec 'OT/admin:${H}@rtu7'`],
  [`smbexec.py OT/admin:'Hunt er2'@rtu7`, `smbexec.py OT/admin:${H}@rtu7`],
  [`psexec.py -hashes ${NT_HASHES} OT/admin@rtu7`, `psexec.py -hashes ${H} OT/admin@rtu7`],
  ['getTGT.py -aesKey 0123456789abcdef0123456789abcdef OT/admin', `getTGT.py -aesKey ${H} OT/admin`],
  // Clients' environment variables, hidden as a key=value password is (`MYSQL_PWD=x` below).
  ['REDISCLI_AUTH=Hunter2 redis-cli -h rtu7', `REDISCLI_AUTH=${H}`],
  ['export REDISCLI_AUTH=Hunter2', `export REDISCLI_AUTH=${H}`],
  ['set REDISCLI_AUTH=Hunt er2', `set REDISCLI_AUTH=${H}`],
  [`$env:REDISCLI_AUTH = 'Hunter2'`, `$env:REDISCLI_AUTH = ${H}`],
  ['SSHPASS=Hunter2 sshpass -e ssh scada@rtu7', `SSHPASS=${H}`],
  // unixODBC's isql and iusql: DSN, user, password.
  ['isql -v ScadaDSN scada Hunter2', `isql -v ScadaDSN scada ${H}`],
  ['iusql ScadaDSN scada "Hunt er2" -b', `iusql ScadaDSN scada ${H} -b`],
  ['/usr/bin/isql -b -m20 ScadaDSN scada Hunter2', `/usr/bin/isql -b -m20 ScadaDSN scada ${H}`],
  ['cmd /c "isql ScadaDSN scada Hunter2 < q.sql"', `cmd /c "isql ScadaDSN scada ${H} < q.sql"`],
  // redis-cli, mongo, influx, MQTT.
  ['redis-cli -h rtu7 -p 6379 -a Hunter2 ping', `redis-cli -h rtu7 -p 6379 -a ${H} ping`],
  ['redis-cli -a "Hunt er2" --no-auth-warning', `redis-cli -a ${H} --no-auth-warning`],
  ['mongosh --host rtu7 -p Hunter2 -u admin', `mongosh --host rtu7 -p ${H} -u admin`],
  ['mongodump -p Hunter2 -u admin -d scada', `mongodump -p ${H} -u admin -d scada`],
  ['influx write -b scada -o ot -t Hunter2tok', `influx write -b scada -o ot -t ${H}`],
  ['mosquitto_sub -h rtu7 -p 8883 -P Hunter2 -t x', `mosquitto_sub -h rtu7 -p 8883 -P ${H} -t x`],
  ['mosquitto_pub -P Hunter2 -u scada -t x -m 1', `mosquitto_pub -P ${H} -u scada -t x -m 1`],
  ['mosquitto_pub -P 123456 -t x', `mosquitto_pub -P ${H} -t x`],
  ['mqttx pub -h rtu7 -p 1883 -P Hunter2 -t x -m 1', `mqttx pub -h rtu7 -p 1883 -P ${H} -t x -m 1`],
  ['mosquitto_passwd -b C:\\mosquitto\\pw.txt scada Hunter2', `mosquitto_passwd -b C:\\mosquitto\\pw.txt scada ${H}`],
  ['mosquitto_passwd -H sha512 -b pw.txt scada Hunter2', `mosquitto_passwd -H sha512 -b pw.txt scada ${H}`],
  ['/usr/bin/mosquitto_passwd -b /etc/mosquitto/users scada Hunter2', `/usr/bin/mosquitto_passwd -b /etc/mosquitto/users scada ${H}`],
];

/** The port of redis-cli's and Samba's clients after a user flag, hidden before as its password. */
const SHOWN_PORTS = [
  'redis-cli -u redis://rtu7 -p 6379 ping',
  'redis-cli --user scada -p 6380 --askpass',
  'smbclient //rtu7/d -U scada -p 445',
  'rpcclient -U scada -p 445 rtu7',
  'net rpc info -U scada -p 445 -S rtu7',
];

/**
 * What the exceptions above must not show (an MQTT client's `-P` after its user flag; another command after a
 * client's), and the forms the task asked about that an older pattern hid already (the key=value pattern reads
 * `MYSQL_PWD`, `PGPASSWORD`, `SQLCMDPASSWORD`, `password=`; the URL pattern `redis://:x@`, `mongodb://`).
 */
const STILL_HIDDEN: [string, string][] = [
  // After an MQTT client's user flag a number is hidden: its `-P` (password) and `-p` (port) read alike, ignoring case.
  ['mosquitto_sub -u scada -p 8883 -t x', `mosquitto_sub -u scada -p ${H} -t x`],
  ['mosquitto_pub -h rtu7 -u scada -P 12345 -t x -m 1', `mosquitto_pub -h rtu7 -u scada -P ${H} -t x -m 1`],
  ['mqttx sub -h rtu7 -u scada -p 1883 -t x', `mqttx sub -h rtu7 -u scada -p ${H} -t x`],
  ['mosquitto_pub -h rtu7 -p 1883 -u scada -P Hunter2 -t x', `mosquitto_pub -h rtu7 -p 1883 -u scada -P ${H} -t x`],
  ['redis-cli -p 6379 ping && psexec \\\\rtu7 -u admin -p Hunter2 cmd', `redis-cli -p 6379 ping && psexec \\\\rtu7 -u admin -p ${H} cmd`],
  ['MYSQL_PWD=Hunter2 mysql -u root', `MYSQL_PWD=${H}`],
  ['export MYSQL_PWD=\'Hunter2\'', `export MYSQL_PWD=${H}`],
  ['SQLCMDPASSWORD=Hunter2 sqlcmd -S db -U sa', `SQLCMDPASSWORD=${H}`],
  ['set PGPASSWORD=Hunter2', `set PGPASSWORD=${H}`],
  ['$env:PGPASSWORD = "Hunter2"', `$env:PGPASSWORD = ${H}`],
  ['mount -t cifs //rtu7/d /mnt -o username=scada,password=Hunter2', `mount -t cifs //rtu7/d /mnt -o username=scada,password=${H}`],
  ['redis-cli -u redis://:Hunter2@rtu7:6379', `redis-cli -u redis://:${H}@rtu7:6379`],
  ['redis-cli --user scada --pass Hunter2', `redis-cli --user scada --pass ${H}`],
  ['mongo -u admin -p Hunter2 --authenticationDatabase admin', `mongo -u admin -p ${H} --authenticationDatabase admin`],
  ['mongosh "mongodb://admin:Hunter2@rtu7:27017/scada"', `mongosh "mongodb://admin:${H}@rtu7:27017/scada"`],
  ['influx -username admin -password Hunter2', `influx -username admin -password ${H}`],
  ['mosquitto_pub --pw Hunter2 -t x', `mosquitto_pub --pw ${H} -t x`],
];

/** Look-alikes the new patterns leave shown: prose, ports, prompts, files, options, a script that is no impacket's. */
const STAYS = [
  'wbinfo -a scada',
  'wbinfo -u',
  'samba-tool user create scada --random-password',
  'samba-tool user list',
  'smbclient -A /etc/samba/auth.txt //rtu7/d',
  'use isql to check the DSN',
  'isql -v ScadaDSN',
  'isql ScadaDSN scada',
  'isql -Usa -Shist01 -i in.sql -o out.txt',
  'isql -i in.sql -o out.txt -w 200',
  'smbclient //rtu7/d < cmds.txt',
  'smbclient //rtu7/d -N -c ls',
  'smbclient -L rtu7 -N',
  'smbclient -U scada //rtu7/d -c ls',
  'net rpc info -U scada -S rtu7',
  'mount -t cifs //rtu7/d /mnt -o guest,passive=1',
  'mount -t cifs //rtu7/d /mnt -o username=scada,domain=OT',
  'psexec.py -k OT/admin@rtu7',
  'secretsdump.py -system SYSTEM -ntds ntds.dit LOCAL',
  'python3 notify.py ops:alarm@site.example',
  'sshpass -e ssh rtu7',
  'echo $SSHPASS',
  'mongo --port 27017 scada',
  'mongosh -u admin -p --authenticationDatabase admin',
  'influx -type influxql -host rtu7',
  'redis-cli -p 6379 ping',
  'redis-cli --askpass',
  'mosquitto_sub -h rtu7 -p 8883 -t x',
  'mosquitto_passwd -c pw.txt scada',
  'mosquitto_passwd -D pw.txt scada',
  'mosquitto_passwd -U pw.txt',
];

test('passwords of Samba, impacket, ODBC, Redis, MongoDB, InfluxDB and MQTT clients: hidden, the rest readable; their ports shown', () => {
  assertContentRows([...HIDDEN_ROWS, ...STILL_HIDDEN], [...SHOWN_PORTS, ...STAYS]);
});

test('the shortcuts (the one scan, each command\'s name test) find what these patterns find', () => {
  const data = [...HIDDEN_ROWS, ...STILL_HIDDEN].map(([d]) => d).filter((d) => typeof d === 'string');
  assertShortcutsAgree([...data, ...SHOWN_PORTS, ...STAYS, 'ISQL DSN USER PW', 'Isql dsn user pw', 'smbclient', 'cifs pass=', 'a.py b:c@d', 'SSHPASS=', 'redis-cli -a']);
});

test('free text: the same forms hidden as in a registry value, the ports and look-alikes kept', () => {
  assertFreeTextRows([...HIDDEN_ROWS, ...STILL_HIDDEN], [...SHOWN_PORTS, ...STAYS]);
});

/** [value name, its data for a server's `sig`, the data shown]: the forms above under names that are no secret's. */
const VALUES: ValueRow[] = [
  ['Share', (s) => `smbclient //rtu7/d -U scada%${s}A -c ls`, `smbclient //rtu7/d -U scada%${H} -c ls`],
  ['Mount', (s) => `mount -t cifs //rtu7/d /mnt -o user=scada,pass=${s}B`, `mount -t cifs //rtu7/d /mnt -o user=scada,pass=${H}`],
  ['Remote', (s) => `wmiexec.py OT/admin:${s}C@rtu7 whoami`, `wmiexec.py OT/admin:${H}@rtu7 whoami`],
  ['Cache', (s) => `REDISCLI_AUTH=${s}D redis-cli -h rtu7`, `REDISCLI_AUTH=${H}`],
  ['Odbc', (s) => `isql -v ScadaDSN scada ${s}E`, `isql -v ScadaDSN scada ${H}`],
  ['Mqtt', (s) => `mosquitto_pub -h rtu7 -p 8883 -P ${s}F -t x`, `mosquitto_pub -h rtu7 -p 8883 -P ${H} -t x`],
  // After an MQTT client's user flag a number may be a short password (`-P 12345`), which the patterns, ignoring case,
  // cannot tell from the port: hidden.
  ['Poll', () => 'mosquitto_sub -u scada -p 8883 -t x', `mosquitto_sub -u scada -p ${H} -t x`],
];

/** An export with VALUES under the Agents key; `sig` makes the servers differ. */
function exportOf(label: string, sig: string): string {
  return clearScadaExport(label, { Agents: VALUES.map(([name, data]) => `"${name}"="${data(sig).replace(/[\\"]/g, '\\$&')}"`) });
}

test('these command lines show in no report format, no change record and no file of the store; the port does', async (t) => {
  await assertValuesEndToEnd(t, VALUES, exportOf, { main: 'MainGpb', standby: 'StbyGpb', renewed: 'RenewGb' });
});
