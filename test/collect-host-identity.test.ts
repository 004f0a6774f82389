// Whether a bundle's files name one computer (src/collect/host-identity.ts): the NetBIOS name of bundle.json against
// the DNS host names of hostname.txt and ipconfig.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conflictingClaims, sameComputer } from '../src/collect/host-identity.js';

test('sameComputer: case, a domain, NetBIOS truncation at 15 characters', () => {
  const rows: [string, string, boolean][] = [
    ['SCADA-N2', 'scada-n2', true],
    ['SCADA-N2', 'scada-n2.ot.example', true],
    ['SCADA-NORTH-STA', 'scada-north-standby1', true], // %COMPUTERNAME% of a 20-character host name
    ['SCADA-NORTH-ST', 'scada-north-standby1', false], // 14 characters: not a cut name
    ['SCADA-NORTH-STB', 'scada-north-standby1', false],
    ['SCADA-N2', 'SCADA-N9', false],
    ['SCADA-N2', 'SCADA-N20', false],
  ];
  for (const [a, b, same] of rows) {
    assert.equal(sameComputer(a, b), same, `${a} ~ ${b}`);
    assert.equal(sameComputer(b, a), same, `${b} ~ ${a}`);
  }
});

test('conflictingClaims: the first two claims naming different computers; blanks and a single claim are no conflict', () => {
  const rows: { claims: [string, string][]; conflict?: [string, string] }[] = [
    { claims: [] },
    { claims: [['bundle.json', 'SCADA-N2']] },
    { claims: [['bundle.json', 'SCADA-N2'], ['hostname.txt', 'scada-n2'], ['ipconfig.txt', 'SCADA-N2']] },
    { claims: [['bundle.json', ''], ['hostname.txt', 'scada-n9']] },
    { claims: [['bundle.json', 'SCADA-N2'], ['hostname.txt', 'scada-n9']], conflict: ['bundle.json', 'hostname.txt'] },
    { claims: [['bundle.json', 'SCADA-N2'], ['hostname.txt', 'scada-n2'], ['ipconfig.txt', 'SCADA-N9']], conflict: ['bundle.json', 'ipconfig.txt'] },
  ];
  for (const r of rows) {
    const found = conflictingClaims(r.claims.map(([file, name]) => ({ file, name })));
    assert.deepEqual(found?.map((c) => c.file), r.conflict, JSON.stringify(r.claims));
  }
});
