// A command line's password in a registry value under an innocent name (a service's start command, a scheduled
// task's command, an HTTP driver's header, a historian's cloud backup target) is found by its content, as in free
// text: `net user NAME x`, a password flag after a user flag (`psexec -u admin -p x`, `schtasks /RU scada /RP x`,
// `sqlcmd -U sa -P x`, `curl -u admin:x`), `mysql -px`, `sshpass -p x`, an HTTP Basic credential or cookie, an Azure
// key, signature or shared access signature. The password is hidden, the command stays readable; what is no
// password (`net user scada /active:no`, `-p 8080`, `AccountName=`) stays shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HIDDEN } from '../src/snapshot/secrets.js';
import { assertContentRows, assertFreeTextRows, assertShortcutsAgree, assertValuesEndToEnd, clearScadaExport, utf16Export, type ValueRow } from './secrets-leak-check.js';

const H = HIDDEN;

/** Data → what it becomes (REG_SZ, or a list as REG_MULTI_SZ). */
const HIDDEN_ROWS: [string | string[], string | string[]][] = [
  // A Windows account created with its password.
  ['net user scada Hunter2 /add', `net user scada ${H} /add`],
  ['cmd /c NET.EXE USER "Ops Admin" "Hunter 2" /domain', `cmd /c NET.EXE USER "Ops Admin" ${H} /domain`],
  ['net user /domain scada Hunter2', `net user /domain scada ${H}`],
  // A password flag after a user flag on the same line.
  ['schtasks /create /tn backup /ru scada /rp Hunter2 /tr c:\\b.cmd', `schtasks /create /tn backup /ru scada /rp ${H} /tr c:\\b.cmd`],
  ['schtasks /create /s host /u admin /p Hunter2', `schtasks /create /s host /u admin /p ${H}`],
  ['schtasks /create /u admin /p:Hunter2', `schtasks /create /u admin /p:${H}`],
  ['psexec \\\\host -u admin -p Hunter2 cmd', `psexec \\\\host -u admin -p ${H} cmd`],
  ['sqlcmd -S host -U sa -P Hunter2', `sqlcmd -S host -U sa -P ${H}`],
  ['sqlcmd -S host -U sa -PHunter2 -Q "select 1"', `sqlcmd -S host -U sa -P${H} -Q "select 1"`],
  ['agent -Username admin -pw Hunter2 -port 20000', `agent -Username admin -pw ${H} -port 20000`],
  // PuTTY's -pw, with no user flag before it (plink takes the user from -l or user@host).
  ['plink -ssh -batch -pw Hunter2 scada@rtu7', `plink -ssh -batch -pw ${H} scada@rtu7`],
  ['pscp -pw "Hunter 2" backup.zip scada@hist:/d', `pscp -pw ${H} backup.zip scada@hist:/d`],
  // Each password flag found on its own; an attached one too, but not a flag of that name (`-proxy`, `-port`).
  ['agent -u admin -proxy http://p -Portland1 -p Hunter2', `agent -u admin -proxy http://p -P${H} -p ${H}`],
  [['psexec', '-u', 'admin', '-p', 'Hunter2'], ['psexec', '-u', 'admin', '-p', H]],
  // A MySQL client: an attached -p is its password; -p with a blank asks for it, -P is the port.
  ['mysql -uroot -pHunter2', `mysql -uroot -p${H}`],
  ['mysql -u root -P 3306 -pHunter2 scada', `mysql -u root -P 3306 -p${H} scada`],
  ['mysqldump -u root -p"Hunter 2" scada', `mysqldump -u root -p${H} scada`],
  ['mysql -u root -p scada && psexec \\\\rtu7 -u admin -p Hunter2 cmd', `mysql -u root -p scada && psexec \\\\rtu7 -u admin -p ${H} cmd`],
  // user:password after a user flag.
  ['curl -u admin:Hunter2 http://x', `curl -u admin:${H} http://x`],
  ['curl --user "admin:Hunter 2" https://x', `curl --user "admin:${H}" https://x`],
  ['sshpass -p Hunter2 ssh host', `sshpass -p ${H} ssh host`],
  ['sshpass -v -pHunter2 ssh -p 2222 host', `sshpass -v -p${H} ssh -p 2222 host`],
  // HTTP credentials: Basic (Bearer is test/secrets-tokens.test.ts's) and session cookies.
  ['Authorization: Basic dXNlcjpIdW50ZXIy', `Authorization: Basic ${H}`],
  ['curl -H "Authorization: Basic YWRtaW46aHVudGVyMg==" https://rtu7/api', `curl -H "Authorization: Basic ${H}" https://rtu7/api`],
  ['ASP.NET_SessionId=abc123', `ASP.NET_SessionId=${H}`],
  ['JSESSIONID=abc123; Path=/', `JSESSIONID=${H}; Path=/`],
  ['Cookie: ASP.NET_SessionId=abc123; theme=dark', `Cookie: ${H}`],
  ['curl -H "Cookie: .ASPXAUTH=abc123" http://x', `curl -H "Cookie: ${H}" http://x`],
  // Azure: a storage account's key, an IoT Hub device's or a Service Bus key, a shared access signature.
  [
    'DefaultEndpointsProtocol=https;AccountName=hist;AccountKey=QUJDREVGR0hJSktMTU5PUA==;EndpointSuffix=core.windows.net',
    `DefaultEndpointsProtocol=https;AccountName=hist;AccountKey=${H};EndpointSuffix=core.windows.net`,
  ],
  ['HostName=hub.azure-devices.net;DeviceId=rtu7;SharedAccessKey=QUJDREVG=', `HostName=hub.azure-devices.net;DeviceId=rtu7;SharedAccessKey=${H}`],
  [
    'Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=QUJD=',
    `Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${H}`,
  ],
  ['BlobEndpoint=https://hist.blob.core.windows.net/;SharedAccessSignature=sv=2020-08-04&sig=abc%2Bxyz%3D', `BlobEndpoint=https://hist.blob.core.windows.net/;SharedAccessSignature=${H}`],
  ['https://hist.blob.core.windows.net/backup?sv=2020-08-04&ss=b&sig=abc%2Bxyz%3D', `https://hist.blob.core.windows.net/backup?sv=2020-08-04&ss=b&sig=${H}`],
  ['https://hist.blob.core.windows.net/backup?sig=abc%2Bxyz%3D&sv=2020-08-04', `https://hist.blob.core.windows.net/backup?sig=${H}&sv=2020-08-04`],
  // PowerShell in a task's command.
  [`powershell -Command "$p = ConvertTo-SecureString 'Hunter2' -AsPlainText -Force"`, `powershell -Command "$p = ConvertTo-SecureString ${H} -AsPlainText -Force"`],
  [`powershell -c "New-Object System.Net.NetworkCredential('admin', 'Hunter2')"`, `powershell -c "New-Object System.Net.NetworkCredential('admin', ${H})"`],
  ['cmdkey /add:host /user:admin /pass:Hunter2', `cmdkey /add:host /user:admin /pass:${H}`],
];

/** What is no password: a switch or `*` after a user name, a port, a flag alone, `sig` outside a URL query, an account's name. */
const STAYS = [
  'net user scada /active:no',
  'net user scada *',
  'net user scada',
  'net user /domain',
  'internet user guide updated',
  'agent -p 8080',
  'ssh -p 2222 admin@rtu7',
  'agent /p',
  'plink -pwr 5 host',
  'tool -pw',
  'agent -u admin /p',
  'ran the tool with -u and -p',
  'curl -u http://proxy:8080',
  'tool -u C:\\x',
  'mqtts://user:8883',
  'mysql -u root -p scada',
  'mysqldump -u root -p scada > scada.sql',
  'C:\\mysql\\bin\\mysql.exe -u root -P 3306 -p scada',
  'mysql -u root -p -D scada',
  'mysql -u root -p',
  'sshpass -f C:\\secure\\pw.txt ssh host',
  'sig=abc123',
  'config sig=abc; Signature=abc',
  'https://hist.blob.core.windows.net/backup?sv=2020-08-04&xsig=abc',
  'DefaultEndpointsProtocol=https;AccountName=hist;EndpointSuffix=core.windows.net',
  'SharedAccessKeyName=RootManageSharedAccessKey',
  'SessionIdleTimeout=30',
  'Basic authentication disabled on the web server',
  'AuthenticationMode=Basic',
  'Basic 2048',
  'Cookie: none',
  'CookiePolicy=strict',
];

test('a command line\'s password, an HTTP credential or an Azure key in a value under any name: hidden, the rest readable; what is none stays', () => {
  assertContentRows(HIDDEN_ROWS, STAYS);
});

test('the new patterns\' shortcuts (the one scan for characters and pieces, each pattern\'s name test) find what the patterns find', () => {
  assertShortcutsAgree([...HIDDEN_ROWS.map(([data]) => data).filter((d) => typeof d === 'string'), ...STAYS, 'plain text', 'net', 'Basic', 'Cookie', '-u x', '/ru x /rp', 'mysql', 'sshpass']);
});

test('free text: the same forms hidden as in a registry value (sshpass, an AccountKey, a signature, a cookie were shown), `/pass:` kept whole', () => {
  assertFreeTextRows(HIDDEN_ROWS, STAYS);
});

/** [value name, its data for a server's `sig`, the data shown]: the forms above under names that are no secret's. */
const VALUES: ValueRow[] = [
  ['StartCommand', (s) => `net user scada ${s}A /add`, `net user scada ${H} /add`],
  ['TaskCommand', (s) => `schtasks /create /tn backup /ru scada /rp ${s}B /tr c:\\b.cmd`, `schtasks /create /tn backup /ru scada /rp ${H} /tr c:\\b.cmd`],
  ['RemoteTask', (s) => `schtasks /create /s host /u admin /p ${s}C`, `schtasks /create /s host /u admin /p ${H}`],
  ['Remote', (s) => `psexec \\\\host -u admin -p ${s}D cmd`, `psexec \\\\host -u admin -p ${H} cmd`],
  ['Query', (s) => `sqlcmd -S host -U sa -P ${s}E`, `sqlcmd -S host -U sa -P ${H}`],
  ['Dump', (s) => `mysql -uroot -p${s}F`, `mysql -uroot -p${H}`],
  ['Fetch', (s) => `curl -u admin:${s}G http://x`, `curl -u admin:${H} http://x`],
  ['Copy', (s) => `sshpass -p ${s}H ssh host`, `sshpass -p ${H} ssh host`],
  ['Header', (s) => `Authorization: Basic ${s}I0`, `Authorization: Basic ${H}`],
  ['Backup', (s) => `DefaultEndpointsProtocol=https;AccountName=hist;AccountKey=${s}J==;EndpointSuffix=core.windows.net`, `DefaultEndpointsProtocol=https;AccountName=hist;AccountKey=${H};EndpointSuffix=core.windows.net`],
  ['Device', (s) => `HostName=hub.azure-devices.net;DeviceId=rtu7;SharedAccessKey=${s}K=`, `HostName=hub.azure-devices.net;DeviceId=rtu7;SharedAccessKey=${H}`],
  ['Archive', (s) => `BlobEndpoint=https://hist.blob.core.windows.net/;SharedAccessSignature=sv=2020-08-04&sig=${s}L`, `BlobEndpoint=https://hist.blob.core.windows.net/;SharedAccessSignature=${H}`],
  ['ArchiveUrl', (s) => `https://hist.blob.core.windows.net/backup?sv=2020-08-04&ss=b&sig=${s}M%3D`, `https://hist.blob.core.windows.net/backup?sv=2020-08-04&ss=b&sig=${H}`],
  ['Session', (s) => `ASP.NET_SessionId=${s}N`, `ASP.NET_SessionId=${H}`],
  ['Request', (s) => `Cookie: theme=dark; JSESSIONID=${s}O`, `Cookie: ${H}`],
  ['Vault', (s) => `cmdkey /add:host /user:admin /pass:${s}P`, `cmdkey /add:host /user:admin /pass:${H}`],
  ['Shown', () => 'net user scada /active:no', 'net user scada /active:no'],
];

/** `text` as a .reg string's data (`\` and `"` escaped). */
const regString = (text: string): string => `"${text.replace(/[\\"]/g, '\\$&')}"`;

/** A UTF-16 export as regedit writes it, with VALUES and an argument list under the Agents key; `sig` makes the servers differ. */
function exportOf(label: string, sig: string): Buffer {
  const list = ['-u', 'admin', '-p', `${sig}Q`].join('\0') + '\0\0';
  const hex = [...list].map((c) => `${c.charCodeAt(0).toString(16).padStart(2, '0')},00`).join(',');
  return utf16Export(clearScadaExport(label, { Agents: [...VALUES.map(([name, data]) => `"${name}"=${regString(data(sig))}`), `"Arguments"=hex(7):${hex}`] }));
}

test('these command lines, headers and keys show in no report format, no change record and no file of the store', async (t) => {
  const { byValue } = await assertValuesEndToEnd(t, VALUES, exportOf, { main: 'MainCmd7', standby: 'StbyCmd8', renewed: 'RenewCmd9' });
  assert.deepEqual(byValue('Arguments'), ['-u', 'admin', '-p', H]);
});
