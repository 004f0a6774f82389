// Every command's --help fits an 80-column terminal, epilogue included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './cli-harness.js';

const commands = ['', 'parse', 'collect', 'audit', 'check', 'report', 'rules', 'rules list', 'rules show', 'rules test', 'record', 'changes', 'note', 'approve', 'verify', 'fleet', 'demo'];

for (const c of commands) {
  test(`pairaudit ${c} --help: no line over 80 columns`, async () => {
    const r = await runCli([...c.split(' ').filter(Boolean), '--help'], { cwd: '.' });
    assert.equal(r.code, 0);
    const long = r.stdout.split('\n').filter((l) => [...l].length > 80);
    assert.deepEqual(long, []);
  });
}
