// A pattern's needs tested on a name as written (nameHoldsNeeds: its last code unit first, lower-cased only when
// that leaves a match possible) against the same needs on the name lower-cased (holdsNeeds): the same answer
// for every name, including names whose last character lower-cases to another length or to ASCII.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePattern } from '../src/engine/patterns.js';
import { holdsNeeds, mayHoldNeeds, nameHoldsNeeds } from '../src/engine/pattern-needs.js';

const KELVIN = '\u212A';
const DOTTED_I = '\u0130';

const NAMES = [
  '', 'k', 'K', KELVIN, `Lin${KELVIN}`, 'Link', 'LINK', 'reg:Server\\StartCount', 'reg:Server\\STARTCOUNT', 'reg:Server\\StartCounT',
  'reg:Server\\StartCount2', 'reg:Server\\InstallDate', 'reg:Server\\Tuning\\InstallTime', 'reg:X\\LastBootTime', `reg:X\\LastBootTim${DOTTED_I}`,
  'reg:X\\MachineGuid', 'reg:X\\ComputerId', 'reg:X\\ComputerID', 'reg:X\\MachineGui\u0110', 'ΑΣ', 'xΣ', 'time', 'TIME', 'Tim\u00C9',
];

const PATTERNS = [
  '/^reg:(.*\\\\)?Install(Date|Time)$/',
  '/^reg:(.*\\\\)?Last[A-Za-z]*Time$/',
  '/^reg:(.*\\\\)?(Machine|Computer)(Guid|Id)$/',
  '/^reg:(.*\\\\)?(Start|Restart|Boot|Crash|Exception|Changeover|Failover)Count$/',
  '/Time$/',
  '/lin[kK]$/',
  '/Link$/',
  '/σ$/',
  'drivers.*.Link',
  'drivers.*.settings.*',
];

test('nameHoldsNeeds: what holdsNeeds says of the lower-cased name, for every name and pattern', () => {
  let rejectedEarly = 0;
  for (const source of PATTERNS) {
    const { needs } = compilePattern(source);
    for (const name of NAMES) {
      const expected = needs.seq.length === 0 || holdsNeeds(name.toLowerCase(), needs);
      assert.equal(nameHoldsNeeds(name, needs), expected, `${source} on ${JSON.stringify(name)}`);
      if (!mayHoldNeeds(name, needs)) {
        assert.equal(expected, false, `${source} on ${JSON.stringify(name)}: rejected by its last code unit`);
        rejectedEarly++;
      }
    }
  }
  // The early test rejects names (else it would test nothing here).
  assert.ok(rejectedEarly > 20, `${rejectedEarly} rejected by their last code unit`);
});
