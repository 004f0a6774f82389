// Which server a partner address reaches, as Windows resolves it on the dialling server: its hosts file first,
// then the target's names; an FQDN only in the target's own DNS domain; unknown where the evidence is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseSnapshot, type CaseServer } from '../src/engine/rule-tester.js';
import { indexServer } from '../src/engine/indexing.js';
import { reachAddress, resolveAddress } from '../src/engine/topology.js';

const MAIN: CaseServer = { names: ['scada-n1', 'scada-n1.ops.example.net', '10.20.1.11'], settings: { 'host.hosts.scada-n2-sync': ['10.20.2.12'], 'host.hosts.scada-old': ['10.20.1.99'], 'host.hosts.scada-n3': ['10.20.1.13'] } };
const STANDBY: CaseServer = { names: ['scada-n2', 'scada-n2.ops.example.net', '10.20.1.12', '10.20.2.12'], settings: { 'host.hosts.scada-n2-b': ['10.20.2.12'] } };
/** A Standby whose ipconfig could not be read: its host name only (hostname.txt), no addresses, no suffix. */
const STANDBY_NAME_ONLY: CaseServer = { names: ['scada-n2'], settings: {} };

/** Name, address dialled by the Main, target, and how it reaches the target: `name`, `hosts`, `unknown:<why>`, or undefined (not at all). */
const CASES: [string, string, CaseServer, string | undefined][] = [
  ['an address of the target', '10.20.1.12', STANDBY, 'name'],
  ['another address', '10.20.1.13', STANDBY, undefined],
  ['the host name, in any case', 'SCADA-N2', STANDBY, 'name'],
  ['the FQDN it answers to, with a root dot', 'scada-n2.OPS.example.net.', STANDBY, 'name'],
  ['its host name in another DNS domain', 'scada-n2.plant-b.example.org', STANDBY, undefined],
  ["an FQDN while the target's DNS suffix is unknown", 'scada-n2.plant-b.example.org', STANDBY_NAME_ONLY, 'unknown:suffix'],
  ["an alias the dialler's hosts file maps to one of its addresses", 'scada-n2-sync', STANDBY, 'hosts'],
  // The target's hosts file is read on the target: the dialler asks its own file (no entry) or DNS, which no evidence shows.
  ["an alias only the target's own hosts file gives one of its addresses", 'scada-n2-b', STANDBY, 'unknown:alias'],
  ["a name the dialler's hosts file maps elsewhere", 'scada-old', STANDBY, undefined],
  ["an alias mapped by the dialler while the target's addresses are unknown", 'scada-n2-sync', STANDBY_NAME_ONLY, 'unknown:addresses'],
  ['a name nobody knows', 'scada-x', STANDBY, undefined],
];

const main = indexServer('main', caseSnapshot('main', MAIN));

for (const [name, address, target, want] of CASES) {
  test(`reachAddress: ${name} (${address})`, () => {
    const r = reachAddress(address, indexServer('standby-a', caseSnapshot('standby-a', target)), main);
    assert.equal(r === undefined ? undefined : r.via === 'unknown' ? `unknown:${r.why}` : r.via, want);
  });
}

test("the dialler's hosts file wins over the target's host name: Windows reads it before DNS", () => {
  const withEntry = indexServer('main', caseSnapshot('main', { ...(MAIN as { names: string[]; settings: Record<string, string[]> }), settings: { 'host.hosts.scada-n2': ['10.20.1.99'] } }));
  const standby = indexServer('standby-a', caseSnapshot('standby-a', STANDBY));
  assert.equal(reachAddress('SCADA-N2', standby, withEntry), undefined);
  assert.equal(reachAddress('SCADA-N2', standby, main)?.via, 'name', 'without the entry the host name reaches it');
});

test('resolveAddress (no unknown answer): an unknown suffix reads as the short-name match, unknown addresses as not reached', () => {
  const nameOnly = indexServer('standby-a', caseSnapshot('standby-a', STANDBY_NAME_ONLY));
  assert.deepEqual(resolveAddress('scada-n2.plant-b.example.org', nameOnly, main), { via: 'name' });
  assert.equal(resolveAddress('scada-n2-sync', nameOnly, main), undefined);
  const standby = indexServer('standby-a', caseSnapshot('standby-a', STANDBY));
  assert.deepEqual(resolveAddress('scada-n2-b', standby, main), { via: 'hosts', file: standby, address: '10.20.2.12' }, "an alias of the target's own hosts file, as read before");
});

test("the server label is no name a partner can dial: it is free text, often the old machine's name", () => {
  const labelled = indexServer('standby-a', caseSnapshot('standby-a', { ...(STANDBY as { names: string[]; settings: Record<string, unknown> }), settings: { 'server.label': 'SCADA-OLD2' } } as CaseServer));
  assert.equal(reachAddress('SCADA-OLD2', labelled, main), undefined);
  assert.equal(reachAddress('SCADA-N2', labelled, main)?.via, 'name');
});
