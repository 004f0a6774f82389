// Names that hold a password but no name pattern took for a secret's: a service's `Auth` (`SmtpAuth`, `MailAuth`,
// `ProxyAuth`), the credential after `Auth` (`AuthString`, `AuthData`, `AuthInfo`, `AuthCode`),
// `Cred` as a word and SNMPv3's privacy key (`PrivKey`); against the settings about
// authentication that share their words (`AuthMode`, `UseAuth`, `UseSmtpAuth`, `SqlAuth`, `CredSSP`, `Spinner`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SECRET_NAMES, HIDDEN, SecretDetector, maskFreeText } from '../src/snapshot/secrets.js';
import { assertNoSecretEndToEnd, clearScadaExport } from './secrets-leak-check.js';

/** Each was a setting before. */
const NEW_SECRETS = [
  'SmtpAuth',
  'SMTPAuth',
  'Smtp_Auth',
  'MailAuth',
  'EmailAuth',
  'ProxyAuth',
  'HttpProxyAuth',
  'SmtpAuthString',
  'SmtpAuth2',
  'AuthString',
  'AuthStr',
  'AuthData',
  'AuthInfo',
  'AuthCode',
  'AuthenticationString',
  'OAuthCode',
  'Cred',
  'DbCred',
  'Smtp_Cred',
  'PrivKey',
  'PrivacyKey',
  'SNMP_PrivKey',
];

/** Secrets before, as the task lists them: they stay secrets. */
const STILL_SECRETS = ['Credentials', 'Creds', 'Passphrase', 'PassPhrase', 'PIN', 'AuthKey', 'AuthPass', 'AuthPassword', 'PrivPassphrase', 'RequirePass'];

/** Settings about authentication, and words that hold the letters: shown as values. */
const SETTINGS = [
  'AuthMode',
  'AuthType',
  'AuthenticationLevel',
  'AuthenticationMode',
  'UseAuth',
  'AuthEnabled',
  'Auth',
  'BasicAuth',
  'ClientAuth',
  'ServerAuth',
  'NtlmAuth',
  'SqlAuth',
  'DbAuth',
  'LdapAuth',
  'SNMPAuth',
  'FtpAuth',
  'UseSmtpAuth',
  'EnableProxyAuth',
  'NoProxyAuth',
  'SmtpAuthEnabled',
  'SmtpAuthentication',
  'ProxyAuthType',
  'ProxyAuthScheme',
  'SmtpAuthUser',
  'AuthProtocol',
  'PrivProtocol',
  'Authorization',
  'Author',
  'CredSSP',
  'Credit',
  'Sacred',
  'PinnedVersion',
  'Spinner',
  'Spin',
];

test('names that hold a password are secrets; the settings about authentication are not', () => {
  const d = new SecretDetector();
  for (const name of [...NEW_SECRETS, ...STILL_SECRETS]) assert.equal(d.isSecretName(name), true, name);
  for (const name of SETTINGS) assert.equal(d.isSecretName(name), false, name);
});

test('the name pattern\'s shortcut (the pieces a name must hold) finds what the pattern finds', () => {
  const fast = new SecretDetector();
  // `(?:)` changes no match, but the pattern is no longer the default its shortcut is known for.
  const slow = new SecretDetector(`(?:)${DEFAULT_SECRET_NAMES}`);
  for (const name of [...NEW_SECRETS, ...STILL_SECRETS, ...SETTINGS]) assert.equal(fast.isSecretName(name), slow.isSecretName(name), name);
});

test('free text: the value after such a name hidden, a setting\'s kept', () => {
  assert.equal(maskFreeText('SmtpAuth=Hunter2'), `SmtpAuth=${HIDDEN}`);
  assert.equal(maskFreeText('set ProxyAuth=Hunter2'), `set ProxyAuth=${HIDDEN}`);
  assert.equal(maskFreeText('AuthString=scada:Hunter2'), `AuthString=${HIDDEN}`);
  assert.equal(maskFreeText('AuthMode=NTLM'), 'AuthMode=NTLM');
  assert.equal(maskFreeText('UseSmtpAuth=1'), 'UseSmtpAuth=1');
});

/** An export with the new secret names and the settings beside them; `sig` makes the servers differ. */
function exportOf(label: string, sig: string): string {
  return clearScadaExport(label, {
    Email: [`"SmtpAuth"="Smtp${sig}"`, `"AuthString"="scada:Auth${sig}"`, '"AuthMode"="NTLM"', '"UseSmtpAuth"=dword:00000001'],
    Snmp: [`"PrivKey"="Priv${sig}"`, `"ProxyAuth"="Proxy${sig}"`],
  });
}

test('values under these names show in no report format, no change record and no file of the store; the settings do', async (t) => {
  const { main } = await assertNoSecretEndToEnd(t, exportOf, { main: 'MainAth', standby: 'StbyAth', renewed: 'RenewAt' }, ['MainAth', 'StbyAth']);
  const byValue = (valueName: string): unknown => Object.values(main.settings).find((s) => s.source.valueName === valueName)?.value;
  for (const name of ['SmtpAuth', 'AuthString', 'PrivKey', 'ProxyAuth']) assert.equal((byValue(name) as { secret?: boolean }).secret, true, name);
  assert.equal(byValue('AuthMode'), 'NTLM');
  assert.equal(byValue('UseSmtpAuth'), 1);
});
