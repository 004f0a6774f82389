// Redis' passwords the content patterns showed: redis.conf's `requirepass x` and `masterauth x` held in a value (and
// sentinel.conf's `sentinel auth-pass MASTER x`), `CONFIG SET requirepass x`, redis-server's `--requirepass x`, and the
// AUTH command given to redis-cli (`redis-cli AUTH x`, `AUTH user x`). Each row of HIDDEN_ROWS was shown before;
// STILL_HIDDEN the forms an older pattern hid already; STAYS an empty password (no password: a finding to show) and prose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HIDDEN, maskFreeText } from '../src/snapshot/secrets.js';
import { assertContentRows, assertFreeTextRows, assertShortcutsAgree, assertValuesEndToEnd, clearScadaExport, type ValueRow } from './secrets-leak-check.js';

const H = HIDDEN;

/** Data → what it becomes (REG_SZ, or a list as REG_MULTI_SZ): each was shown before. */
const HIDDEN_ROWS: [string | string[], string | string[]][] = [
  // redis.conf's lines, at a line's start (a list element's too).
  ['requirepass Hunter2', `requirepass ${H}`],
  ['masterauth Hunter2', `masterauth ${H}`],
  ['port 6379\nrequirepass "Hunt er2"\nmasterauth Hunter3', `port 6379\nrequirepass ${H}\nmasterauth ${H}`],
  ['  REQUIREPASS Hunter2', `  REQUIREPASS ${H}`],
  ['Requirepass Hunter2', `Requirepass ${H}`],
  [['bind 0.0.0.0', 'requirepass Hunter2'], ['bind 0.0.0.0', `requirepass ${H}`]],
  // Set at run time, or given to the server.
  ['CONFIG SET requirepass Hunter2', `CONFIG SET requirepass ${H}`],
  ['redis-cli -h rtu7 config set masterauth Hunter2', `redis-cli -h rtu7 config set masterauth ${H}`],
  ['redis-server /etc/redis.conf --requirepass Hunter2 --port 6380', `redis-server /etc/redis.conf --requirepass ${H} --port 6380`],
  ['redis-server --masterauth "Hunt er2"', `redis-server --masterauth ${H}`],
  [['redis-server', '--requirepass', 'Hunter2'], ['redis-server', '--requirepass', H]],
  // The AUTH command given to redis-cli: its one word, or the second of two (a user first).
  ['redis-cli AUTH Hunter2', `redis-cli AUTH ${H}`],
  ['redis-cli -h rtu7 AUTH scada Hunter2', `redis-cli -h rtu7 AUTH scada ${H}`],
  [`redis-cli auth scada 'Hunt er2'`, `redis-cli auth scada ${H}`],
  ['redis-cli AUTH Hunter2 > out.txt', `redis-cli AUTH ${H} > out.txt`],
  ['redis-cli AUTH Hunter2 2>/dev/null', `redis-cli AUTH ${H} 2>/dev/null`],
  ['redis-cli -a Hunter2 AUTH scada Hunter3', `redis-cli -a ${H} AUTH scada ${H}`],
];

/** sentinel.conf's password of its master: the free text's own rule (`pass x`) also hides the master's name. */
const SENTINEL: [string, string] = ['sentinel auth-pass mymaster Hunter2', `sentinel auth-pass mymaster ${H}`];

/** Hidden before these patterns: redis-cli's `--pass` (the password flag's) and `-a`. */
const STILL_HIDDEN: [string, string][] = [
  ['redis-cli --pass Hunter2', `redis-cli --pass ${H}`],
  ['redis-cli --user scada --pass Hunter2 ping', `redis-cli --user scada --pass ${H} ping`],
  ['redis-cli --user scada --pass=Hunter2', `redis-cli --user scada --pass=${H}`],
  ['redis-cli -a Hunter2 CONFIG SET requirepass Hunter3', `redis-cli -a ${H} CONFIG SET requirepass ${H}`],
];

/**
 * Shown: an empty password (`requirepass ""`: Redis asks for none, which an audit must be able to show), the names in
 * prose (not at a line's start, or a common word after them), the options of redis-cli that are no AUTH.
 */
const STAYS = [
  'requirepass ""',
  "masterauth ''",
  'CONFIG SET requirepass ""',
  'set requirepass in redis.conf',
  'requirepass is not set on the standby',
  'masterauth must match the master',
  'use CONFIG SET requirepass to change it',
  'redis-server --requirepass ""',
  'run redis-cli then AUTH with the password',
  'redis-cli -h rtu7 --no-auth-warning ping',
  'redis-cli --askpass',
  '# requirepass foobared',
  'the requirepass of rtu7',
];

test('Redis passwords: hidden in its configuration, CONFIG SET, redis-server and redis-cli AUTH; empty ones and prose shown', () => {
  assertContentRows([...HIDDEN_ROWS, SENTINEL, ...STILL_HIDDEN], STAYS);
});

test('the shortcuts (the one scan, the pieces) find what the Redis patterns find', () => {
  const data = [...HIDDEN_ROWS, SENTINEL, ...STILL_HIDDEN].map(([d]) => d).filter((d) => typeof d === 'string');
  assertShortcutsAgree([...data, ...STAYS, 'requirepass', 'MASTERAUTH x', 'auth-pass a b', 'redis-cli AUTH']);
});

test('free text: the same forms hidden as in a registry value, empty passwords and prose kept', () => {
  assertFreeTextRows([...HIDDEN_ROWS, ...STILL_HIDDEN], STAYS);
  assert.ok(!maskFreeText(SENTINEL[0]).includes('Hunter2'), maskFreeText(SENTINEL[0]));
});

/** [value name, its data for a server's `sig`, the data shown]: the forms above under names that are no secret's. */
const VALUES: ValueRow[] = [
  ['RedisConf', (s) => `requirepass ${s}A`, `requirepass ${H}`],
  ['CacheStart', (s) => `redis-server --masterauth ${s}B --port 6380`, `redis-server --masterauth ${H} --port 6380`],
  ['CacheCheck', (s) => `redis-cli -h rtu7 AUTH scada ${s}C`, `redis-cli -h rtu7 AUTH scada ${H}`],
  ['CacheOpen', () => 'requirepass ""', 'requirepass ""'],
];

/** An export with VALUES under the Agents key; `sig` makes the servers differ. */
function exportOf(label: string, sig: string): string {
  return clearScadaExport(label, { Agents: VALUES.map(([name, data]) => `"${name}"="${data(sig).replace(/[\\"]/g, '\\$&')}"`) });
}

test('Redis passwords show in no report format, no change record and no file of the store; an empty one does', async (t) => {
  await assertValuesEndToEnd(t, VALUES, exportOf, { main: 'MainRds', standby: 'StbyRds', renewed: 'RenewRd' });
});
