// A password flag in a sentence hid the next word (`bcp is used with -P (hidden) the password`, `the --password
// (hidden) is required`): a common English word after it is prose, no password, and stays shown. Real commands stay
// hidden, a password after such a flag too, and so does a word of prose that is no common one (it may be a password).
// Each text of SHOWN had a word hidden before; HIDDEN_ROWS were hidden before and must stay so.
import { test } from 'node:test';
import { HIDDEN } from '../src/snapshot/secrets.js';
import { assertContentRows, assertFreeTextRows, assertShortcutsAgree, assertValuesEndToEnd, clearScadaExport, type ValueRow } from './secrets-leak-check.js';

const H = HIDDEN;

/** Prose about a password flag: a common word follows it. */
const SHOWN = [
  'bcp is used with -P for the password',
  'bcp x out f -P for, then the password',
  'sqlcmd takes -P and the password',
  'give sqlcmd -P the password of sa',
  'sqlcmd -U sa -P is the flag of its password',
  'osql -S hist01 -U sa -P option',
  'psexec needs -p for the password',
  'psexec -u admin -p to be given',
  'schtasks /rp is the password of /ru',
  'the -pwd option, then the value',
];

/**
 * Shown in a registry value; free text's own rule for a password typed after its name (free-text.ts) hides its next
 * word there (`password (hidden)`), as for `password flag` without the dashes.
 */
const FLAG_NAMED_PASSWORD = 'the --password flag is required';

/** Real commands: hidden before, hidden now (a word after the password, a password that reads as prose but is no common word). */
const HIDDEN_ROWS: [string | string[], string | string[]][] = [
  ['bcp db.t out f -S srv -P Hunter2', `bcp db.t out f -S srv -P ${H}`],
  ['bcp db.t out f -S srv -P Hunter2 for the load', `bcp db.t out f -S srv -P ${H} for the load`],
  ['bcp db.t in f -S srv -PHunter2', `bcp db.t in f -S srv -P${H}`],
  ['sqlcmd -S hist01 -U sa -P "the password"', `sqlcmd -S hist01 -U sa -P ${H}`],
  ['sqlcmd -S hist01 -U sa -P letmein', `sqlcmd -S hist01 -U sa -P ${H}`],
  ['psexec \\\\rtu7 -u admin -p Hunter2 cmd', `psexec \\\\rtu7 -u admin -p ${H} cmd`],
  ['schtasks /create /ru scada /rp Hunter2 /tn x', `schtasks /create /ru scada /rp ${H} /tn x`],
  ['agent.exe --password Hunter2 --port 20000', `agent.exe --password ${H} --port 20000`],
  ['agent.exe --password=Hunter2', `agent.exe --password=${H}`],
  [['sqlcmd', '-P', 'Hunter2'], ['sqlcmd', '-P', H]],
];

test('a common word after a password flag in a sentence is shown; real commands hidden', () => {
  assertContentRows(HIDDEN_ROWS, [...SHOWN, FLAG_NAMED_PASSWORD]);
});

test('the shortcuts find what the patterns find, prose or not', () => {
  const data = HIDDEN_ROWS.map(([d]) => d).filter((d) => typeof d === 'string');
  assertShortcutsAgree([...data, ...SHOWN, FLAG_NAMED_PASSWORD]);
});

test('free text: the same prose kept, the same commands hidden', () => {
  assertFreeTextRows(HIDDEN_ROWS, SHOWN);
});

/** [value name, its data for a server's `sig`, the data shown]: a note about the flag beside a command that uses it. */
const VALUES: ValueRow[] = [
  ['LoadNote', () => 'bcp is used with -P for the password', 'bcp is used with -P for the password'],
  ['LoadCommand', (s) => `bcp db.t out f -S srv -P ${s}A`, `bcp db.t out f -S srv -P ${H}`],
];

/** An export with VALUES under the Historic key; `sig` makes the servers differ. */
function exportOf(label: string, sig: string): string {
  return clearScadaExport(label, { Historic: VALUES.map(([name, data]) => `"${name}"="${data(sig).replace(/[\\"]/g, '\\$&')}"`) });
}

test('prose about a password flag is shown in the snapshot; the password of a command in no output', async (t) => {
  await assertValuesEndToEnd(t, VALUES, exportOf, { main: 'MainPrs', standby: 'StbyPrs', renewed: 'RenewPr' });
});
