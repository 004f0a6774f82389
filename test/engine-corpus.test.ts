// Real driver registrations from public repositories (../shared/corpus, MIT): a development build left on one server is drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectServer } from '../src/collect/index.js';
import { loadRules, auditGroup } from '../src/engine/index.js';
import { bundleWithRegistration } from './whole-key.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'clearscada_reg');
const skip = existsSync(CORPUS) ? false : '../shared/corpus is absent (real exports are read from there, never copied)';
const now = new Date('2026-11-25T12:00:00Z');

const cases = [
  { main: 'utilityaddin_AddIn.reg', standby: 'utilityaddin_AddIn-Dev.reg', drift: ['warning fail driver-registration drivers.AddIn.assembly'] },
  { main: 'mqttclient_MQTTClient_v2.reg', standby: 'mqttclient_MQTTClient_v2.reg', drift: [] },
];

for (const c of cases) {
  test(`corpus: ${c.main} vs ${c.standby}`, { skip }, async (t) => {
    const pack = await loadRules([join(ROOT, 'rules', 'geo-scada')]);
    // Each registration beside an export of the whole key, in a bundle: a registration alone is refused.
    const [main, standby] = [bundleWithRegistration(join(CORPUS, c.main)), bundleWithRegistration(join(CORPUS, c.standby))];
    t.after(() => {
      main.cleanup();
      standby.cleanup();
    });
    const servers = [
      { role: 'main' as const, snapshot: await collectServer(main.dir, { toolVersion: '0', role: 'main' }) },
      { role: 'standby-a' as const, snapshot: await collectServer(standby.dir, { toolVersion: '0', role: 'standby-a' }) },
    ];
    const r = auditGroup({ servers, pack }, { now, toolVersion: '0' });
    assert.deepEqual(r.findings.filter((f) => f.status === 'fail').map((f) => `${f.severity} ${f.status} ${f.ruleId} ${f.setting}`), c.drift);
    // A driver-only export says nothing about ports, partners or disks: that is unknown evidence, never a pass.
    assert.ok(r.findings.some((f) => f.ruleId === 'db-port' && f.status === 'unknown'));
    assert.equal(r.verdict, c.drift.length > 0 ? 'drift' : 'incomplete');
  });
}
