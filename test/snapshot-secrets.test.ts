// The secret detector: names, content (connection strings, URLs, PEM, DPAPI, REG_MULTI_SZ), messages, and
// where it is applied (collect, snapshot files, parse, error messages).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretDetector, DEFAULT_SECRET_CONTENT, DEFAULT_SECRET_NAMES, HIDDEN, hideTreeSecrets, safeTreeWarnings, secretKeyId, type SecretMatch } from '../src/snapshot/secrets.js';
import { protectSnapshot } from '../src/snapshot/protect.js';
import { createHmac } from 'node:crypto';
import { defaultProfile } from '../src/collect/profile/load.js';
import { validateProfile } from '../src/snapshot/profile.js';
import { parseSnapshotJson } from '../src/snapshot/validate.js';
import { ConfigError } from '../src/errors.js';
import type { RegTree, RegTypeName, Snapshot } from '../src/types.js';
import { runCli } from './cli-harness.js';
import { assertShortcutsAgree } from './secrets-leak-check.js';

const d = new SecretDetector();

const NAME_CASES: { name: string; secret: boolean }[] = [
  { name: 'Password', secret: true },
  { name: 'password', secret: true },
  { name: 'Pwd', secret: true },
  { name: 'DB_PWD', secret: true },
  { name: 'Passwd', secret: true },
  { name: 'Passphrase', secret: true },
  { name: 'Secret', secret: true },
  { name: 'ClientSecret', secret: true },
  { name: 'Token', secret: true },
  { name: 'AuthToken', secret: true },
  { name: 'ApiKey', secret: true },
  { name: 'API_KEY', secret: true },
  { name: 'PrivateKey', secret: true },
  { name: 'Credential', secret: true },
  { name: 'Credentials', secret: true },
  { name: 'ProxyPassword', secret: true },
  { name: 'Password2', secret: true },
  { name: 'PasswordHash', secret: true },
  { name: 'drivers.PerfMon.settings.Password', secret: true },
  { name: 'reg:WebX\\ProxyPassword', secret: true },
  // Policy values and other names are compared as values.
  { name: 'PasswordMinLength', secret: false },
  { name: 'PasswordExpiryDays', secret: false },
  { name: 'PasswordHistory', secret: false },
  { name: 'TokenLifetime', secret: false },
  { name: 'SecretName', secret: false },
  { name: 'Key', secret: false },
  { name: 'RegistryKey', secret: false },
  { name: 'LicenceKey', secret: false },
  { name: 'security.passwordMinLength', secret: false },
  { name: '', secret: false },
];

for (const c of NAME_CASES) {
  test(`name ${JSON.stringify(c.name)} is ${c.secret ? '' : 'not '}a secret`, () => assert.equal(d.isSecretName(c.name), c.secret));
}

const DPAPI_HEX = '01000000d08c9ddf0115d1118c7a00c04fc297eb01000000aabbccdd';

const CONTENT_CASES: { name: string; data: string | string[]; type?: RegTypeName; expect: SecretMatch['kind']; masked?: string | string[]; compare?: string; plain?: string[] }[] = [
  { name: 'ADO connection string', data: 'Server=db1;Database=x;User Id=sa;Password=hunter2;Encrypt=yes', expect: 'partial', masked: `Server=db1;Database=x;User Id=sa;Password=${HIDDEN};Encrypt=yes`, plain: ['hunter2'] },
  { name: 'ODBC braces with ; and }} inside', data: 'Driver={SQL Server};PWD={a;b}}c};X=1', expect: 'partial', masked: `Driver={SQL Server};PWD=${HIDDEN};X=1`, plain: ['a;b', 'c}'] },
  { name: 'quoted value with doubled quotes, key with a prefix', data: 'Provider=Jet;Jet OLEDB:Database Password="p;w""d";Mode=1', expect: 'partial', masked: `Provider=Jet;Jet OLEDB:Database Password=${HIDDEN};Mode=1`, plain: ['p;w'] },
  { name: 'spaces around =', data: 'user=a; password = s3cr3t ;x=1', expect: 'partial', plain: ['s3cr3t'] },
  { name: 'URL userinfo and token query', data: 'https://svc:Url-S3cret@host/x?access_token=abc123&b=1', expect: 'partial', masked: `https://svc:${HIDDEN}@host/x?access_token=${HIDDEN}&b=1`, plain: ['Url-S3cret', 'abc123'] },
  { name: 'PEM private key', data: '-----BEGIN RSA PRIVATE KEY-----\r\nMIIEpAIBAAKCAQEA\r\n-----END RSA PRIVATE KEY-----', expect: 'partial', plain: ['MIIEpAIBAAKCAQEA'] },
  { name: 'PEM block cut off (no END)', data: 'x -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg', expect: 'partial', plain: ['MIIEvQIBADANBg'] },
  { name: 'REG_MULTI_SZ element', data: ['a', 'Password=Multi-S3cret', 'b'], type: 'REG_MULTI_SZ', expect: 'partial', masked: ['a', `Password=${HIDDEN}`, 'b'], plain: ['Multi-S3cret'] },
  {
    name: 'PEM over REG_MULTI_SZ elements keeps the element count',
    data: ['-----BEGIN PRIVATE KEY-----', 'MIIxyzPEMbody', '-----END PRIVATE KEY-----', 'after'],
    type: 'REG_MULTI_SZ',
    expect: 'partial',
    masked: ['-----BEGIN PRIVATE KEY-----', HIDDEN, '-----END PRIVATE KEY-----', 'after'],
    plain: ['MIIxyzPEMbody'],
  },
  { name: 'DPAPI blob as REG_BINARY', data: DPAPI_HEX, type: 'REG_BINARY', expect: 'whole', compare: 'presence' },
  { name: 'DPAPI blob as hex without a type (journal values)', data: DPAPI_HEX, expect: 'whole', compare: 'presence' },
  { name: 'DPAPI blob in base64 text', data: 'AQAAANCMnd8BFdERjHoAwE/Cl+sBAAAA', type: 'REG_SZ', expect: 'whole', compare: 'presence' },
  { name: 'DPAPI header as text is not binary', data: DPAPI_HEX, type: 'REG_SZ', expect: 'none' },
  { name: 'other binary', data: '0a0b0c', type: 'REG_BINARY', expect: 'none' },
  { name: 'a policy value in text', data: 'PasswordMinLength=8', expect: 'none' },
  { name: 'a password written with a colon is not a key=value', data: 'see password: manual', expect: 'none' },
  { name: 'plain text', data: 'C:\\Program Files\\Schneider Electric', expect: 'none' },
];

for (const c of CONTENT_CASES) {
  test(`content: ${c.name}`, () => {
    const got = d.inspect('Value', c.data, c.type);
    assert.equal(got.kind, c.expect, JSON.stringify(got));
    if (got.kind === 'partial') {
      if (c.masked !== undefined) assert.deepEqual(got.masked, c.masked);
      for (const p of c.plain ?? []) assert.ok(!JSON.stringify(got.masked).includes(p), `${p} still shows`);
    }
    if (got.kind === 'whole' && c.compare !== undefined) assert.equal(got.compare, c.compare);
  });
}

test('secretKeyId: the keyed hash of a fixed text, for string and byte keys; a key changed in place gets its own id', () => {
  const id = (key: string | Uint8Array): string => createHmac('sha256', key).update('pairaudit secret key id', 'utf8').digest('hex').slice(0, 16);
  const bytes = Uint8Array.from([1, 2, 3, 4]);
  for (const key of ['k', 'k', 'other', bytes, bytes, 'k']) assert.equal(secretKeyId(key), id(key));
  const before = secretKeyId(bytes);
  bytes[0] = 9;
  assert.notEqual(secretKeyId(bytes), before);
  assert.equal(secretKeyId(bytes), id(bytes));
});

test('a secret name makes the whole value secret, compared by hash', () => {
  assert.deepEqual(d.inspect('Pwd', 'x'), { kind: 'whole', compare: 'hash', why: 'name' });
  assert.deepEqual(d.inspect('Pwd', 42, 'REG_DWORD'), { kind: 'whole', compare: 'hash', why: 'name' });
});

test('content detection is linear: a 200,000-character value with no separators, and one with 50,000', () => {
  // No timing assertion: a quadratic pattern would not finish within the test timeout.
  assert.equal(d.inspect('V', 'a'.repeat(200_000)).kind, 'none');
  assert.equal(d.inspect('V', 'a;'.repeat(100_000)).kind, 'none');
  assert.equal(d.inspect('V', '-----BEGIN X-----'.repeat(10_000)).kind, 'partial');
});

const MESSAGE_CASES: { message: string; absent: string[]; kept?: string[] }[] = [
  { message: 'line 4: expected a quoted text, dword:, hex:, hex(N): or - after "Password"=, found "hunter2"', absent: ['hunter2'], kept: ['"Password"', 'line 4'] },
  { message: 'expected [key], "name"=value, @=value or a ; comment, found "\\"Pwd\\"=hunter2"; is this a registry export?', absent: ['hunter2'] },
  { message: 'invalid REG_DWORD data "hunter2" for "DbToken"', absent: ['hunter2'], kept: ['"DbToken"'] },
  { message: 'expected an indented line, found "    ApiKey    REG_SZ    hunter2"', absent: ['hunter2'] },
  { message: 'unexpected text after the closing quote of "ConnectionString": "Server=x;Password=hunter2"', absent: ['hunter2'] },
  { message: 'expected "name"=value, found "Password"="hunter2', absent: ['hunter2'] },
  { message: 'invalid dword "zz" in the data of "Port"', absent: [], kept: ['"zz"', '"Port"'] },
  // Data that looks like a secret's name (a password ending in Secret or Token) is data all the same.
  { message: 'expected a quoted text, dword:, hex:, hex(N): or - after "ProxyPassword"=, found "TopSecret"', absent: ['TopSecret'], kept: ['expected a quoted text, dword:', '"ProxyPassword"'] },
  { message: 'invalid dword "MyToken" in the data of "Password"; expected dword: and 1 to 8 hex digits, e.g. dword:00001569', absent: ['MyToken'], kept: ['"Password"'] },
  { message: 'invalid type in "hex(zz):ApiKey" for "ApiKey"; expected hex(N):', absent: ['hex(zz)'], kept: ['for "ApiKey"'] },
  { message: 'value "DbPassword" comes before any [key] header; is this a registry export?', absent: [], kept: ['"DbPassword"'] },
  { message: 'unterminated string in the data of "ProxyPassword"; a string is written in double quotes, with a backslash before each backslash or double quote inside it', absent: [], kept: ['of "ProxyPassword"; a string is written in double quotes, with a backslash'] },
];

for (const c of MESSAGE_CASES) {
  test(`message: ${c.message.slice(0, 60)}`, () => {
    const got = d.maskMessage(c.message);
    for (const a of c.absent) assert.ok(!got.includes(a), got);
    for (const k of c.kept ?? []) assert.ok(got.includes(k), got);
  });
}

test('warnings of a lenient parse: a line after a secret is withheld whole, others are masked', () => {
  const tree: RegTree = {
    format: 'regedit5',
    keys: [{ path: 'HKEY_LOCAL_MACHINE\\X', line: 2, values: [{ name: 'Password', type: 'REG_BINARY', data: '41', line: 3 }, { name: 'Port', type: 'REG_DWORD', data: 1, line: 6 }] }],
    warnings: [
      { line: 4, message: 'expected [key], found "42,43"; ignored' },
      { line: 7, message: 'found "Server=x;User=u;Password=hunter2"; ignored' },
      { line: 9, message: 'found "https://u:hunter2@host"; ignored' },
      { line: 8, message: 'found "junk"; ignored' },
    ].sort((a, b) => a.line - b.line),
  };
  assert.deepEqual(safeTreeWarnings(tree, d), [
    { line: 4, message: 'a line could not be read (its text is withheld: it may hold a secret)' },
    { line: 7, message: 'found (withheld: it may hold a secret); ignored' },
    { line: 8, message: 'found "junk"; ignored' },
    { line: 9, message: `found "https://u:${HIDDEN}@host"; ignored` },
  ]);
});

test('hideTreeSecrets: whole secrets as (hidden), content masked, other values and deleted values as they are', () => {
  const tree: RegTree = {
    format: 'regedit5',
    keys: [
      {
        path: 'HKEY_LOCAL_MACHINE\\X',
        line: 2,
        values: [
          { name: 'Token', type: 'REG_DWORD', data: 7, line: 3 },
          { name: 'Conn', type: 'REG_SZ', data: 'a=1;pwd=x', line: 4 },
          { name: 'Port', type: 'REG_DWORD', data: 5481, line: 5 },
          { name: 'Password', type: 'REG_NONE', data: '', deleted: true, line: 6 },
        ],
      },
    ],
  };
  assert.deepEqual(
    hideTreeSecrets(tree, d).keys[0].values.map((v) => v.data),
    [HIDDEN, `a=1;pwd=${HIDDEN}`, 5481, ''],
  );
  assert.equal(tree.keys[0].values[0].data, 7, 'the input tree is not changed');
});

function snapshot(settings: Snapshot['settings'], warnings?: Snapshot['warnings']): Snapshot {
  return {
    schemaVersion: 1,
    server: { label: 'A', names: [] },
    collected: { at: '2026-11-25T12:00:00Z', collector: { name: 'x', version: '1' }, profile: 'geo-scada', sources: [] },
    settings,
    ...(warnings ? { warnings } : {}),
  };
}

test('protectSnapshot hides secrets a snapshot file holds in clear (by setting name, value name and content); the same object when there are none', () => {
  const s = snapshot(
    {
      'webx.proxy': { value: 'Pr0xy-Secret-7', regType: 'REG_SZ', source: { file: 'f', valueName: 'ProxyPwd' } },
      'drivers.X.settings.Token': { value: 42, source: { file: 'f' } },
      'reg:Db\\Conn': { value: 'a=1;Password=Conn-S3cret', source: { file: 'f' } },
      'security.passwordMinLength': { value: 8, source: { file: 'f', valueName: 'PasswordMinLength' } },
    },
    [{ file: 'f', line: 3, message: 'found "Password=Warn-S3cret"' }],
  );
  const p = protectSnapshot(s, d, 'k');
  const text = JSON.stringify(p);
  for (const plain of ['Pr0xy-Secret-7', 'Conn-S3cret', 'Warn-S3cret']) assert.ok(!text.includes(plain), plain);
  assert.equal((p.settings['webx.proxy'].value as { secret: boolean }).secret, true);
  assert.equal((p.settings['drivers.X.settings.Token'].value as { secret: boolean }).secret, true);
  assert.equal(p.settings['reg:Db\\Conn'].value, `a=1;Password=${HIDDEN}`);
  assert.equal(p.settings['security.passwordMinLength'].value, 8);
  const clean = snapshot({ 'db.port': { value: 5481, source: { file: 'f' } } });
  assert.equal(protectSnapshot(clean, d), clean);
});

test('the bundled profile carries the default patterns; a profile may replace them and is validated', () => {
  const p = defaultProfile();
  assert.equal(p.secretValueNames, DEFAULT_SECRET_NAMES);
  assert.deepEqual(p.secretContent, DEFAULT_SECRET_CONTENT);
  const custom = validateProfile({ ...p, secretContent: [{ name: 'site vault reference', in: 'text', pattern: 'vault:(?<secret>\\w+)' }] }, 'site.json');
  assert.equal(SecretDetector.fromProfile(custom).maskText('use vault:abc123 here'), `use vault:${HIDDEN} here`);
  const bad: [unknown, RegExp][] = [
    [[{ name: 'x', in: 'text', pattern: '(' }], /secretContent\[0\]\.pattern.*not a valid regular expression/],
    [[{ name: 'x', in: 'other', pattern: 'a' }], /secretContent\[0\]\.in.*expected "text" or "binary"/],
    [[{ name: 'x', in: 'text', pattern: 'a', compare: 'never' }], /secretContent\[0\]\.compare/],
    [[{ name: 'x', in: 'text', pattern: 'a', flags: 'g' }], /secretContent\[0\]\.flags.*unknown field/],
    [{}, /secretContent.*expected a list/],
  ];
  for (const [secretContent, re] of bad) assert.throws(() => validateProfile({ ...p, secretContent }, 'site.json'), (e: unknown) => e instanceof ConfigError && re.test(e.message));
  assert.throws(() => validateProfile({ ...p, secretValueNames: '(' }, 'site.json'), /profile field "secretValueNames": not a valid regular expression/);
});

// ─── Through the command line ────────────────────────────────────────────────────────────────────

const dir = mkdtempSync(join(tmpdir(), 'pairaudit-secrets-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const ROOT = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';
/** hex(7) data of a REG_MULTI_SZ list, as regedit writes it (UTF-16LE, NUL after each element and at the end). */
function multiSzHex(items: string[]): string {
  return [...Buffer.from(items.map((i) => i + '\0').join('') + '\0', 'utf16le')].map((b) => b.toString(16).padStart(2, '0')).join(',');
}

const EXPORT = [
  'Windows Registry Editor Version 5.00',
  '',
  `[${ROOT}\\DB]`,
  '"Port"=dword:00001569',
  '"ConnectionString"="Server=db1;Uid=sa;Pwd=Conn-S3cret-1;"',
  `"Targets"=hex(7):${multiSzHex(['a', 'Password=Multi-S3cret-2'])}`,
  '"Cred"=hex:01,00,00,00,d0,8c,9d,df,01,15,d1,11,8c,7a,00,c0,4f,c2,97,eb,01,02',
  '"AuthToken"="Tok-S3cret-3"',
  '',
  `[${ROOT}\\Security]`,
  '"PasswordMinLength"=dword:00000008',
  '',
].join('\r\n');
const PLAIN = ['Conn-S3cret-1', 'Multi-S3cret-2', 'Tok-S3cret-3', '01,02'];
const exportFile = join(dir, 'secrets.reg');
writeFileSync(exportFile, EXPORT);

test('parse hides secrets by default and prints them with --show-secrets', async () => {
  const hidden = await runCli(['parse', exportFile], { cwd: dir });
  assert.equal(hidden.code, 0, hidden.stderr);
  for (const p of ['Conn-S3cret-1', 'Multi-S3cret-2', 'Tok-S3cret-3', 'd08c9ddf']) assert.ok(!hidden.stdout.includes(p), p);
  assert.match(hidden.stdout, /"data": 8\b/, 'PasswordMinLength is a value');
  const shown = await runCli(['parse', exportFile, '--show-secrets'], { cwd: dir });
  for (const p of ['Conn-S3cret-1', 'Multi-S3cret-2', 'Tok-S3cret-3']) assert.ok(shown.stdout.includes(p), p);
});

test('collect keeps no secret in clear; PasswordMinLength stays a number', async () => {
  const r = await runCli(['collect', exportFile], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  for (const p of PLAIN.slice(0, 3)) assert.ok(!r.stdout.includes(p), p);
  const s = parseSnapshotJson(r.stdout, 'collect output');
  assert.equal(s.settings['security.passwordMinLength']?.value ?? s.settings['reg:Security\\PasswordMinLength']?.value, 8);
  assert.equal(s.settings['reg:DB\\ConnectionString'].value, `Server=db1;Uid=sa;Pwd=${HIDDEN};`);
  assert.deepEqual(s.settings['reg:DB\\Targets'].value, ['a', `Password=${HIDDEN}`]);
  assert.equal((s.settings['reg:DB\\Cred'].value as { secret: boolean }).secret, true);
});

test('an error message never quotes secret data', async () => {
  const cases = [
    ['"Password"=hunter2', 'hunter2'],
    ['"Pwd"=dword:hunter22', 'hunter22'],
    ['Token=hunter2', 'hunter2'],
    ['"Conn"="a=1;Password=hunter2" trailing', 'hunter2'],
  ];
  for (const [line, secret] of cases) {
    const f = join(dir, 'bad.reg');
    writeFileSync(f, `Windows Registry Editor Version 5.00\r\n\r\n[${ROOT}]\r\n${line}\r\n`);
    for (const cmd of [['parse', f], ['collect', f], ['audit', f, f]]) {
      const r = await runCli(cmd, { cwd: dir });
      assert.equal(r.code, 2, `${cmd[0]} ${line}: ${r.stderr}`);
      assert.match(r.stderr, /bad\.reg: line 4/);
      assert.ok(!r.stderr.includes(secret), `${cmd[0]} quotes ${secret}: ${r.stderr}`);
    }
  }
});

// ─── Compared without disclosure (keyed hashes) ─────────────────────────────────────────────────────

const DPAPI = (tail: string): string => `hex:01,00,00,00,d0,8c,9d,df,01,15,d1,11,8c,7a,00,c0,4f,c2,97,eb,${tail}`;

function pairExport(label: string, password: string, conn: string, dpapiTail: string): string {
  return [
    'Windows Registry Editor Version 5.00',
    '',
    `[${ROOT}\\DB]`,
    '"Port"=dword:00001569',
    '',
    `[${ROOT}\\Server]`,
    `"Label"="${label}"`,
    '',
    `[${ROOT}\\DriverX\\Settings]`,
    `"Password"="${password}"`,
    `"SameToken"="Same-T0ken"`,
    `"Blob"=${DPAPI(dpapiTail)}`,
    `"Conn"="${conn}"`,
    '',
  ].join('\r\n');
}

const pairMain = join(dir, 'pair-main.reg');
const pairStandby = join(dir, 'pair-standby.reg');
writeFileSync(pairMain, pairExport('NORTH-A', 'Main-Pw-1', 'Server=db;Pwd=Conn-Pw-1', '01,02'));
writeFileSync(pairStandby, pairExport('NORTH-B', 'Standby-Pw-2', 'Server=db;Pwd=Conn-Pw-1', '03,04'));

interface JsonFinding {
  setting: string;
  status: string;
  messageId: string;
  message: string;
  values: Record<string, unknown>;
}

test('one run, one key: a differing plaintext password fails "differs (values hidden)"; the same one passes; DPAPI blobs compare as set only', async () => {
  const r = await runCli(['audit', pairMain, pairStandby, '-f', 'json'], { cwd: dir });
  assert.equal(r.code, 1, r.stderr);
  for (const p of ['Main-Pw-1', 'Standby-Pw-2', 'Same-T0ken', 'Conn-Pw-1']) assert.ok(!r.stdout.includes(p), p);
  const findings = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
  const of = (name: string) => findings.filter((f) => f.setting.toLowerCase().endsWith(name.toLowerCase()));
  const pw = of('settings\\Password').concat(of('settings.Password'));
  assert.equal(pw.length, 1, JSON.stringify(findings.map((f) => f.setting)));
  assert.equal(pw[0].status, 'fail');
  assert.equal(pw[0].messageId, 'secretDiffers');
  assert.match(pw[0].message, /differs \(values hidden\)/);
  assert.ok(!/is the same/.test(pw[0].message));
  // Equal secrets and DPAPI blobs (different by design) are counted among the passes, never failing.
  for (const name of ['SameToken', 'Blob']) assert.ok(of(name).every((f) => f.status === 'pass'), name);
});

test('collected in two runs under different keys: unknown ("compared under different keys"), never a change; under one key file: compared', async () => {
  const keyA = join(dir, 'a.key');
  const keyB = join(dir, 'b.key');
  writeFileSync(keyA, 'site key A\n');
  writeFileSync(keyB, 'site key B\n');
  const snap = async (input: string, key: string, out: string): Promise<Snapshot> => {
    const r = await runCli(['collect', input, '--secret-key-file', key, '-o', out], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    return parseSnapshotJson((await import('node:fs')).readFileSync(out, 'utf8'), out);
  };
  const a = await snap(pairMain, keyA, join(dir, 'a.json'));
  await snap(pairStandby, keyB, join(dir, 'b.json'));
  assert.equal(a.schemaVersion, 4);
  const pw = Object.values(a.settings).find((s) => s.source.valueName === 'Password')!.value as { keyId: string; hmac: string };
  assert.match(pw.keyId, /^[0-9a-f]{16}$/);
  const r = await runCli(['audit', join(dir, 'a.json'), join(dir, 'b.json'), '-f', 'json'], { cwd: dir });
  const findings = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
  const secretFindings = findings.filter((f) => f.messageId === 'keysDiffer');
  assert.ok(secretFindings.length >= 2, 'Password and SameToken are unknown');
  assert.ok(secretFindings.every((f) => f.status === 'unknown' && /compared under different keys/.test(f.message)));
  assert.ok(!findings.some((f) => f.messageId === 'secretDiffers'), 'never reported as a difference');
  // The same key file on both: compared by hash.
  await snap(pairStandby, keyA, join(dir, 'b.json'));
  const same = await runCli(['audit', join(dir, 'a.json'), join(dir, 'b.json'), '-f', 'json'], { cwd: dir });
  const f2 = (JSON.parse(same.stdout) as { findings: JsonFinding[] }).findings;
  assert.ok(f2.some((f) => f.messageId === 'secretDiffers'));
  assert.ok(!f2.some((f) => f.messageId === 'keysDiffer'));
});

test('a snapshot of format 1 (no key ids) still reads; its secrets compare as set / not set', async () => {
  const v1 = {
    schemaVersion: 1,
    server: { label: 'OLD', names: [] },
    collected: { at: '2026-11-20T08:00:00Z', collector: { name: 'pairaudit', version: '0.1.0' }, profile: 'geo-scada', sources: [] },
    settings: { 'drivers.X.settings.Password': { source: { file: 'old.reg', valueName: 'Password' }, value: { hmac: 'a'.repeat(64), secret: true, set: true } } },
  };
  const old = join(dir, 'v1.json');
  writeFileSync(old, JSON.stringify(v1));
  const r = await runCli(['collect', old], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as Snapshot).schemaVersion, 1, 'read and written back as it was');
});

// The default content patterns are tried only on texts holding a character each of their matches holds (one
// scan for all): the same texts, inspected by a detector whose patterns are written so that no such shortcut
// applies, must give the same findings.
const PREFILTER_TEXTS = [
  'Server=s;Password=p;',
  'pwd = x',
  'https://user:pa55@host/x',
  'user@host',
  '://x@',
  '-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----',
  '-----begin x-----',
  'a-b',
  'AQAAANCMnd8BFdERjHoAwE/Cl+sAAAA',
  ' AQAAANCMnd8BFdERjHoAwE/Cl+s',
  'a/b+c',
  '10.132.89.12',
  'C:\\Program Files\\X',
  '',
  'True',
  'token=abc&x=1',
];

test('the default text patterns\' one-scan shortcut finds what the patterns find', () => {
  assertShortcutsAgree(PREFILTER_TEXTS);
  const d = new SecretDetector();
  assert.ok(PREFILTER_TEXTS.filter((t) => d.inspectContent(t, 'REG_SZ').kind !== 'none').length >= 6, 'the table holds secrets');
});
