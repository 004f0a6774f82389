// The catch-all over a join whose rows are the Main's positions (a server indexed from the Main's order that
// lacks some of its names: PairJoin.mainRows) reports as over the join of the same servers indexed alone (by
// name): it reads the Main's position as the row and neither the other server's allow-list nor its claimed
// names there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseSnapshot } from '../src/engine/index.js';
import { indexServer } from '../src/engine/indexing.js';
import { compilePattern } from '../src/engine/patterns.js';
import { Selection, type CompiledRule } from '../src/engine/selection.js';
import { FindingSink } from '../src/engine/findings.js';
import { comparatorFor, kindMessage } from '../src/engine/comparators/index.js';
import { ruleRun, type EngineContext } from '../src/engine/comparators/types.js';
import type { Rule } from '../src/engine/types.js';
import type { SettingValue } from '../src/types.js';

const compiled = (id: string, select: string[], compare: Rule['compare']): CompiledRule =>
  ({ rule: { id, title: id, category: 'test', select, compare, references: [] } as unknown as Rule, severity: 'warning', patterns: select.map(compilePattern) });

const claimers = [compiled('drivers', ['drivers.*.settings.*'], { kind: 'must-equal' }), compiled('port', ['db.port'], { kind: 'must-equal' })];
const catchAll = compiled('catch-all', ['*'], { kind: 'catch-all', allow: [{ pattern: 'reg:*\\Host*', reason: 'per machine' }, 'host.*'] } as Rule['compare']);

/** The catch-all's findings on (main, other), `other` indexed from the Main's order or alone. */
function findingsOf(main: Record<string, SettingValue>, other: Record<string, SettingValue>, fromMain: boolean): string[] {
  const m = indexServer('main', caseSnapshot('main', main));
  const o = indexServer('standby-a', caseSnapshot('standby-a', other), fromMain ? m : undefined);
  const ctx: EngineContext = { selection: new Selection(), findings: new FindingSink(kindMessage), config: {}, now: new Date('2026-12-01T00:00:00Z'), claimers };
  assert.equal(ctx.selection.join(m, o).mainRows, fromMain);
  const eff = { severity: catchAll.severity, compare: catchAll.rule.compare };
  comparatorFor('catch-all').compare?.(ruleRun(ctx, catchAll, eff), m, o);
  ctx.findings.flush();
  return ctx.findings.findings.map((f) => `${f.status} ${f.severity} ${f.messageId} ${f.setting} ${JSON.stringify(f.data)}`);
}

test('catch-all: rows that are the Main\'s positions report as the join by name', () => {
  const main: Record<string, SettingValue> = {
    'a.first': 1,
    'db.port': 5481,
    'drivers.DNP3.settings.A': 1,
    'drivers.DNP3.LogLevel': 2,
    'host.name': 'm1',
    'reg:S\\HostName': 'm1',
    'reg:S\\Time': 't',
    'reg:S\\Ärger': 1,
    'zz': null,
  };
  const cases: { name: string; other: Record<string, SettingValue>; expect: string[] }[] = [
    // Lacks an unclaimed name, a claimed one and an allowed one; differs on an unclaimed, a claimed and an allowed name.
    {
      name: 'some names missing',
      other: { 'db.port': 1, 'drivers.DNP3.settings.A': 2, 'drivers.DNP3.LogLevel': 3, 'reg:S\\HostName': 'm2', 'reg:S\\Time': 't', 'zz': null },
      expect: ['fail onlyOnMain a.first', 'fail differs drivers.DNP3.LogLevel', 'pass allowedDiffers host.name', 'pass allowedDiffers reg:S\\HostName', 'fail onlyOnMain reg:S\\Ärger', 'pass othersEqual *'],
    },
    // Lacks the first and the last name, and every allowed one.
    { name: 'ends missing', other: { 'db.port': 5481, 'drivers.DNP3.settings.A': 1, 'drivers.DNP3.LogLevel': 2, 'reg:S\\Time': 'x', 'reg:S\\Ärger': 1 }, expect: ['fail onlyOnMain a.first', 'pass allowedDiffers host.name', 'pass allowedDiffers reg:S\\HostName', 'fail differs reg:S\\Time', 'fail onlyOnMain zz', 'pass othersEqual *'] },
    { name: 'nothing', other: {}, expect: ['fail onlyOnMain a.first', 'fail onlyOnMain drivers.DNP3.LogLevel', 'pass allowedDiffers host.name', 'pass allowedDiffers reg:S\\HostName', 'fail onlyOnMain reg:S\\Time', 'fail onlyOnMain reg:S\\Ärger', 'fail onlyOnMain zz'] },
  ];
  for (const c of cases) {
    const fast = findingsOf(main, c.other, true);
    assert.deepEqual(fast, findingsOf(main, c.other, false), c.name);
    assert.deepEqual(
      fast.map((f) => f.split(' ').filter((_, k) => k !== 1 && k < 4).join(' ')),
      c.expect,
      c.name,
    );
  }
});
