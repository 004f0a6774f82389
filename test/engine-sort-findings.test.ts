// The result's order: sortFindings (keys made once per finding) against a sort with compareFindings (the
// order's definition), on findings that tie on every key but one, settings that differ only in case or
// sort differently once lower-cased, groups of servers, and findings equal in every key (kept in order).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareFindings, sortFindings } from '../src/engine/findings.js';
import type { Finding, Role, Severity, Status } from '../src/types.js';

let serial = 0;
function finding(severity: Severity, status: Status, ruleId: string, setting: string, servers: Role[], messageId: string): Finding {
  // `message` tells findings apart that are equal in every key (their order must be kept).
  return { ruleId, title: 't', severity, status, category: 'other', setting, servers, values: {}, sources: {}, messageId, data: {}, message: `#${serial++}`, rationale: 'r', remediation: 'm' } as unknown as Finding;
}

const FINDINGS: Finding[] = [
  finding('info', 'pass', 'b-rule', 'drivers.B.x', ['main', 'standby-a'], 'equal'),
  finding('warning', 'fail', 'a-rule', 'drivers.a.x', ['main', 'standby-a'], 'differs'),
  finding('warning', 'fail', 'a-rule', 'drivers.B.x', ['main', 'standby-a'], 'differs'),
  finding('warning', 'fail', 'a-rule', 'drivers.b.x', ['main', 'standby-a'], 'differs'),
  finding('warning', 'fail', 'a-rule', 'Drivers.A.x', ['main', 'standby-a'], 'differs'),
  finding('warning', 'fail', 'a-rule', 'drivers.a_x', ['main', 'standby-a'], 'differs'),
  finding('warning', 'fail', 'a-rule', 'drivers.a.x', ['main', 'standby-b'], 'differs'),
  finding('warning', 'fail', 'a-rule', 'drivers.a.x', ['main', 'permanent-a'], 'differs'),
  finding('warning', 'fail', 'a-rule', 'drivers.a.x', ['main', 'standby-a'], 'onlyOnMain'),
  finding('warning', 'fail', 'a-rule', 'drivers.a.x', ['main', 'standby-a', 'standby-b'], 'differs'),
  finding('warning', 'fail', 'a-rule', 'drivers.a.x', ['main', 'standby-a'], 'differs'),
  finding('warning', 'unknown', 'a-rule', 'drivers.a.x', ['main', 'standby-a'], 'missing'),
  finding('blocker', 'fail', 'z-rule', 'Z', ['main', 'standby-a'], 'differs'),
  finding('blocker', 'pass', 'a-rule', '*', ['main', 'standby-a'], 'passesSummarised'),
  finding('warning', 'fail', 'a-rule', 'reg:Server\\X', ['main', 'standby-a'], 'differs'),
  finding('warning', 'fail', 'a-rule', 'reg:server\\x', ['main', 'standby-a'], 'differs'),
  finding('warning', 'fail', 'a-rule', 'drivers.Ä.x', ['main', 'standby-a'], 'differs'),
  finding('warning', 'fail', 'a-rule', 'drivers.ä.x', ['main', 'standby-a'], 'differs'),
  finding('warning', 'fail', 'A-rule', 'drivers.a.x', ['main', 'standby-a'], 'differs'),
  finding('info', 'pass', 'b-rule', 'drivers.B.x', ['main', 'standby-a'], 'equal'),
];

/** The list in several orders: as given, reversed, and rotated (ties must keep each order's own). */
const ORDERS: { name: string; list: Finding[] }[] = [
  { name: 'as given', list: FINDINGS },
  { name: 'reversed', list: [...FINDINGS].reverse() },
  { name: 'rotated', list: [...FINDINGS.slice(7), ...FINDINGS.slice(0, 7)] },
  { name: 'interleaved', list: FINDINGS.filter((_, i) => i % 2 === 0).concat(FINDINGS.filter((_, i) => i % 2 === 1)) },
];

for (const o of ORDERS) {
  test(`sortFindings orders as a sort with compareFindings: ${o.name}`, () => {
    const expected = [...o.list].sort(compareFindings).map((f) => f.message);
    assert.deepEqual(sortFindings(o.list).map((f) => f.message), expected);
  });
}
