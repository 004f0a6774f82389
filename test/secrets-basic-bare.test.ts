// An HTTP Basic credential without its header's name (`Basic YTpi` in a script that builds a URL, `basic dXNlcjpwYXNz`
// in a proxy setting) was shown when short or without a digit or a symbol (it read as a word): it is hidden when it
// is the base64 of a `user:password`, and prose after `Basic` stays (`Basic settings`, `Basic Authentication`: no word
// decodes to one). Each row of HIDDEN_ROWS was shown before; STILL_HIDDEN the forms the older rule hid already.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUserPassword64 } from '../src/snapshot/secret-patterns.js';
import { HIDDEN } from '../src/snapshot/secrets.js';
import { assertContentRows, assertFreeTextRows, assertShortcutsAgree, assertValuesEndToEnd, clearScadaExport, type ValueRow } from './secrets-leak-check.js';

const H = HIDDEN;
/** The base64 of `user:pass` (letters only, as the older rule let through) and of `a:b`. */
const USER_PASS = Buffer.from('user:pass').toString('base64');
const A_B = Buffer.from('a:b').toString('base64');

/** Data → what it becomes: each was shown before. */
const HIDDEN_ROWS: [string | string[], string | string[]][] = [
  [`Basic ${A_B}`, `Basic ${H}`],
  [`BASIC ${A_B}`, `BASIC ${H}`],
  [`basic ${USER_PASS}`, `basic ${H}`],
  [`url = base + "?auth=basic ${USER_PASS}&site=7"`, `url = base + "?auth=basic ${H}&site=7"`],
  [`$h = 'Basic ' + "x"; $h2 = 'Basic ${A_B}'`, `$h = 'Basic ' + "x"; $h2 = 'Basic ${H}'`],
  [`proxy=http://gw:8080 auth=Basic ${USER_PASS}`, `proxy=http://gw:8080 auth=Basic ${H}`],
  [`Use Basic ${USER_PASS}.`, `Use Basic ${H}.`],
  [['--proxy-auth', `basic ${A_B}`], ['--proxy-auth', `basic ${H}`]],
  // A user with an empty password.
  [`Basic ${Buffer.from('a:').toString('base64')}`, `Basic ${H}`],
];

/** Hidden before: after the header's name whatever follows, elsewhere 8 or more characters with a digit or a symbol. */
const STILL_HIDDEN: [string, string][] = [
  [`Authorization: Basic ${A_B}`, `Authorization: Basic ${H}`],
  ['basic YWRtaW46aHVudGVyMg==', `basic ${H}`],
  [`proxy=basic ${Buffer.from('admin:hunter2').toString('base64')}@gw:8080`, `proxy=basic ${H}@gw:8080`],
  [`Basic ${Buffer.from('müller:x').toString('base64')}`, `Basic ${H}`],
];

/** Prose, and tokens that are no base64 `user:password` (no colon, control characters, stray bits, bad padding). */
const STAYS = [
  'Basic settings',
  'Basic Authentication',
  'Basic authentication disabled on the proxy',
  'basic mode',
  'BASIC MODE',
  'Use Basic auth for the proxy',
  'Basic Only users may log on',
  `Basic ${Buffer.from('abc').toString('base64')}`,
  `Basic ${Buffer.from('a:\u0001').toString('base64')}`,
  'Basic YTp',
  `Basic ${A_B}=`,
  `Basic ${H}`,
];

test('a bare Basic credential: hidden when it is the base64 of a user:password, prose after Basic shown', () => {
  assertContentRows([...HIDDEN_ROWS, ...STILL_HIDDEN], STAYS);
});

test('the shortcuts (the one scan, the pieces) find what the Basic pattern finds', () => {
  const data = [...HIDDEN_ROWS, ...STILL_HIDDEN].map(([d]) => d).filter((d) => typeof d === 'string');
  assertShortcutsAgree([...data, ...STAYS, 'Basic', 'basic YTp', `basic ${USER_PASS}${USER_PASS}`]);
});

test('free text: a bare Basic credential hidden as in a registry value, prose kept', () => {
  assertFreeTextRows([...HIDDEN_ROWS, ...STILL_HIDDEN], STAYS);
});

test('isUserPassword64: the base64 of a user:password as base64 writes it, printable, with a user', () => {
  const rows: [string, boolean][] = [
    [A_B, true],
    [USER_PASS, true],
    ['YTo', true],
    ['YTo=', true],
    ['YWRtaW46aHVudGVyMg==', true],
    ['YWRtaW46aHVudGVyMg', true],
    ['YTpi=', false],
    ['YTpi==', false],
    ['YTp', false],
    ['settings', false],
    ['Authentication', false],
    ['Only', false],
    ['YWJj', false],
    ['a', false],
    ['YTpiY', false],
    [Buffer.from('a:\u0000b').toString('base64'), false],
    [Buffer.from([0x61, 0x3a, 0xff]).toString('base64'), false],
  ];
  for (const [text, expected] of rows) assert.equal(isUserPassword64(text), expected, text);
});

/** Credentials whose base64 has letters only (the older rule let them through), one a server, and a renewed one. */
const SIG = { main: Buffer.from('user:TyumNxZ').toString('base64'), standby: Buffer.from('user:NFJlJdZ').toString('base64'), renewed: Buffer.from('user:JZZEuUE').toString('base64') };

/** [value name, its data for a server's `sig`, the data shown]: a bare credential under names that are no secret's. */
const VALUES: ValueRow[] = [
  ['UpstreamProxy', (s) => `http://gw:8080 basic ${s}`, `http://gw:8080 basic ${H}`],
  ['UrlScript', (s) => `url = base + "?auth=Basic ${s}"`, `url = base + "?auth=Basic ${H}"`],
  ['ProxyMode', () => 'Basic settings', 'Basic settings'],
];

/** An export with VALUES under the WebX key; `sig` makes the servers differ. */
function exportOf(label: string, sig: string): string {
  return clearScadaExport(label, { WebX: VALUES.map(([name, data]) => `"${name}"="${data(sig).replace(/[\\"]/g, '\\$&')}"`) });
}

test('a bare Basic credential shows in no report format, no change record and no file of the store; prose does', async (t) => {
  for (const s of Object.values(SIG)) assert.doesNotMatch(s, /[0-9+/=]/, s);
  await assertValuesEndToEnd(t, VALUES, exportOf, SIG);
});
