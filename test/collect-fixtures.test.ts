// Every fixture bundle collects, shows exactly its intended difference, and never carries a planted secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectServer } from '../src/collect/index.js';
import { canonicalJson, diffSnapshots, fingerprint } from '../src/snapshot/index.js';
import { InputError } from '../src/errors.js';
import type { Snapshot } from '../src/types.js';
import { bundleWithRegistration } from './whole-key.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const PAIRS = join(FIXTURES, 'pairs');
const CORPUS = join(import.meta.dirname, '..', '..', 'shared', 'corpus', 'clearscada_reg');
const OPTS = { now: new Date('2026-11-25T12:00:00Z'), toolVersion: '0.0.0-test' };
const SECRETS = ['Pl@ntSecret-42', 'Pr0xy-Secret-7'];

const cache = new Map<string, Promise<Snapshot>>();
function collect(scenario: string, role: string): Promise<Snapshot> {
  const key = `${scenario}/${role}`;
  if (!cache.has(key)) cache.set(key, collectServer(join(PAIRS, scenario, role), OPTS));
  return cache.get(key) as Promise<Snapshot>;
}

/** `kind setting before → after`, values as JSON: one line per change. */
async function changes(a: [string, string], b: [string, string]): Promise<string[]> {
  return diffSnapshots(await collect(...a), await collect(...b)).map((c) => `${c.kind} ${c.setting} ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`);
}

const SCADAPACK_MODBUS = ['assembly', 'DebugMode', 'displayName', 'installed', 'LogEnable', 'LogEnableTelnet', 'LogFileBase', 'LogMaxFiles', 'LogMaxSize', 'LogOldFiles', 'LogOptions', 'LogTelnetPort', 'settings.ClockDriftLimit', 'settings.ConcurrentRequests', 'settings.MessageDelay', 'settings.TimeSyncInterval', 'task', 'version'];

/** scenario → the changes from the healthy standby-a to the scenario's standby-a (its Main equals the healthy Main). */
const DRIFTS: Record<string, string[]> = {
  'drift-driver-missing': SCADAPACK_MODBUS.map((s) => `removed drivers.SCADAPackModbus.${s}`),
  'drift-db-port': ['changed db.port 5481 → 5482'],
  'drift-compression': ['changed partners.standbyA.compress false → true'],
  'drift-partner-address': ['changed partners.standbyA.address "10.20.1.11" → "10.20.1.13"'],
  'drift-historic-retention': ['changed historic.historicData.keepOnlineWeeks 156 → 52'],
  'drift-isolation-action': ['changed partners.isolatedStandbyAction "Main" → "IsolatedStandby"'],
  'drift-webx-port': ['changed webx.httpPort 80 → 8080'],
  'drift-standby-disk-full': ['changed disk.D.freeBytes 339839287296 → 4563402752'],
  sample: [
    'changed drivers.DNP3.version "6.84.8512.1" → "6.83.8301.1"',
    'changed historic.historicData.keepOnlineWeeks 156 → 52',
    'changed partners.standbyA.compress false → true',
    'changed webx.httpPort 80 → 8080',
  ],
};

test('healthy pair: Main and Standby differ only where servers must differ', async () => {
  assert.deepEqual(await changes(['healthy', 'main'], ['healthy', 'standby-a']), [
    'changed disk.C.freeBytes 65927749632 → 67753107456',
    'changed disk.D.freeBytes 342255206400 → 339839287296',
    'changed host.hostname "SCADA-N1" → "SCADA-N2"',
    'changed host.names ["10.20.1.11","10.20.2.11","fe80::250:56ff:fea1:2b0b","scada-n1","scada-n1.ops.example.net"] → ["10.20.1.12","10.20.2.12","fe80::250:56ff:fea1:2b0c","scada-n2","scada-n2.ops.example.net"]',
    'changed licence.machineId "A3F1-77C2-90DE-1B4C" → "5D20-E8A9-3C71-F046"',
    'changed partners.standbyA.address "10.20.1.12" → "10.20.1.11"',
    'changed partners.standbyA.backupAddress "10.20.2.12" → "10.20.2.11"',
    'changed server.label "NORTH-A" → "NORTH-B"',
  ]);
  const main = await collect('healthy', 'main');
  const standby = await collect('healthy', 'standby-a');
  // Each partner address is one of the other server's own addresses.
  assert.ok((standby.server.names as string[]).includes(main.settings['partners.standbyA.address'].value as string));
  assert.ok((main.server.names as string[]).includes(standby.settings['partners.standbyA.address'].value as string));
  assert.deepEqual([main.server.role, standby.server.role], ['main', 'standby-a']);
  assert.equal(main.collected.at, '2026-11-20T08:15:03.123Z');
  assert.equal(standby.collected.at, '2026-11-20T08:17:22.456Z');
  assert.ok(Object.keys(main.settings).length > 250, `${Object.keys(main.settings).length} settings`);
  assert.equal(main.warnings, undefined);
  assert.equal(standby.warnings, undefined);
  assert.deepEqual(main.collected.sources.map((s) => `${s.kind}:${s.file}`), ['registry:ClearSCADA.reg', 'volumes:volumes.json', 'hostname:hostname.txt', 'ipconfig:ipconfig.txt', 'other:bundle.json']);
  assert.deepEqual(standby.collected.sources.map((s) => s.kind), ['registry', 'volumes', 'hostname', 'ipconfig', 'other']);
  for (const s of main.collected.sources) assert.match(s.sha256, /^[0-9a-f]{64}$/);
});

for (const [scenario, expected] of Object.entries(DRIFTS)) {
  test(`${scenario}: the Main is the healthy Main, the Standby differs by exactly its drift`, async () => {
    assert.deepEqual(await changes(['healthy', 'main'], [scenario, 'main']), []);
    const got = (await changes(['healthy', 'standby-a'], [scenario, 'standby-a'])).map((l) => (l.startsWith('removed') ? l.split(' ').slice(0, 2).join(' ') : l));
    assert.deepEqual(got, expected);
  });
}

test('triple-standby: three servers, each linking to the other two; standby-b read from reg query output', async () => {
  const [m, a, b] = await Promise.all(['main', 'standby-a', 'standby-b'].map((r) => collect('triple-standby', r)));
  for (const s of [m, a, b]) assert.equal(s.settings['partners.type'].value, 'TripleStandby');
  const ip = (s: Snapshot): string => s.server.names.find((n) => n.startsWith('10.30.1.')) as string;
  assert.deepEqual([m.settings['partners.standbyA.address'].value, m.settings['partners.standbyB.address'].value], [ip(a), ip(b)]);
  assert.deepEqual([a.settings['partners.standbyA.address'].value, a.settings['partners.standbyB.address'].value], [ip(m), ip(b)]);
  assert.deepEqual([b.settings['partners.standbyA.address'].value, b.settings['partners.standbyB.address'].value], [ip(m), ip(a)]);
  assert.equal(b.collected.sources[0].kind, 'reg-query');
  // The reg query text gives the same settings as a .reg export of the same tree, apart from what differs by server.
  assert.deepEqual(
    (await changes(['triple-standby', 'standby-a'], ['triple-standby', 'standby-b'])).map((l) => l.split(' ')[1]),
    ['host.hostname', 'host.names', 'licence.machineId', 'partners.standbyB.address', 'partners.standbyB.backupAddress', 'server.label'],
  );
});

test('permanent-standby: the permanent server keeps longer history and has no poll interval', async () => {
  const [m, s, p] = await Promise.all(['main', 'standby-a', 'permanent-a'].map((r) => collect('permanent-standby', r)));
  assert.equal(m.settings['partners.type'].value, 'HotStandby');
  assert.equal(s.settings['partners.type'].value, 'HotStandby');
  assert.equal(p.settings['partners.type'].value, 'PermanentStandby');
  assert.equal(m.settings['partners.permanentA.address'].value, '10.40.1.21');
  assert.equal(s.settings['partners.permanentA.address'].value, '10.40.1.21');
  assert.deepEqual([p.settings['partners.standbyA.address'].value, p.settings['partners.standbyB.address'].value], ['10.40.1.11', '10.40.1.12']);
  assert.equal(p.settings['historic.historicData.keepOnlineWeeks'].value, 260);
  assert.equal(p.settings['historic.eventJournal.keepOnlineWeeks'].value, 260);
  assert.equal(m.settings['historic.historicData.keepOnlineWeeks'].value, 156);
  assert.equal(p.settings['globals.drivers.serverPollInterval'], undefined);
  assert.equal(m.settings['globals.drivers.serverPollInterval'].value, 5000);
  assert.equal(p.server.role, 'permanent-a');
});

test('named-instance: ClearSCADA-Site2 is read, with its port and the instance recorded', async () => {
  const [m, s] = await Promise.all(['main', 'standby-a'].map((r) => collect('named-instance', r)));
  for (const x of [m, s]) {
    assert.equal(x.server.instance, 'Site2');
    assert.equal(x.settings['db.port'].value, 5482);
    assert.equal(x.settings['partners.standbyA.port'].value, 5482);
    assert.match(x.settings['db.port'].source.key as string, /\\ClearSCADA-Site2\\DB$/);
    // The drivers come from the machine-wide key (ClearSCADA-machine.reg); its own values stay outside the instance.
    assert.equal(x.settings['drivers.DNP3.installed'].source.file, 'ClearSCADA-machine.reg');
    assert.deepEqual(
      Object.keys(x.settings).filter((k) => k.startsWith('reg:HKEY')),
      ['InstallLocation', 'InstallLocationx86', 'Version'].map((v) => `reg:HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\${v}`),
    );
  }
});

test('every bundle: collects without warnings, keeps planted secrets only as set + hmac, and is deterministic', async () => {
  for (const scenario of readdirSync(PAIRS)) {
    // A pair folder holds one bundle folder per role, and may hold files beside them (sample/waivers.yaml).
    for (const role of readdirSync(join(PAIRS, scenario), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
      const s = await collect(scenario, role);
      const json = canonicalJson(s);
      for (const plain of SECRETS) assert.ok(!json.includes(plain), `${scenario}/${role} contains ${plain}`);
      assert.equal(s.warnings, undefined, `${scenario}/${role}`);
      const pw = s.settings['drivers.PerfMon.settings.Password'].value as { secret: boolean; set: boolean; hmac: string };
      assert.equal(pw.secret, true);
      assert.equal(pw.set, true);
      assert.equal((s.settings['reg:WebX\\ProxyPassword'].value as { set: boolean }).set, true);
      const again = await collectServer(join(PAIRS, scenario, role), OPTS);
      assert.equal(fingerprint(again), fingerprint(s), `${scenario}/${role} is not deterministic`);
    }
  }
});

test('a snapshot JSON collects back to the same snapshot', async () => {
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const s = await collect('healthy', 'main');
  const file = join(mkdtempSync(join(tmpdir(), 'pairaudit-snap-')), 'main.json');
  writeFileSync(file, canonicalJson(s) + '\n');
  const back = await collectServer(file, OPTS);
  assert.equal(fingerprint(back), fingerprint(s));
  const relabelled = await collectServer(file, { ...OPTS, label: 'X', role: 'standby-b' });
  assert.deepEqual([relabelled.server.label, relabelled.server.role], ['X', 'standby-b']);
});

const MALFORMED = ['truncated-hex-continuation.reg', 'invalid-hex.reg', 'wrong-header.reg', 'utf16-no-bom.reg', 'binary.reg', 'empty.reg'];

for (const name of MALFORMED) {
  test(`malformed/${name}: a one-line InputError naming the file as given, exit code 2`, async () => {
    // As given, not by its base name: two bare `ClearSCADA.reg` of a pair would read alike.
    const path = join(FIXTURES, 'malformed', name);
    await assert.rejects(collectServer(path, OPTS), (e: unknown) => {
      assert.ok(e instanceof InputError, String(e));
      assert.equal(e.exitCode, 2);
      assert.ok(e.message.startsWith(`${path}: `), e.message);
      assert.ok(!e.message.includes('\n'));
      return true;
    });
  });
}

test('the generator is committed and the fixtures README documents every scenario and both secrets', () => {
  const readme = readFileSync(join(FIXTURES, 'README.md'), 'utf8');
  for (const scenario of readdirSync(PAIRS)) assert.ok(readme.includes(`\`${scenario}\``), scenario);
  for (const name of MALFORMED) assert.ok(readme.includes(name), name);
  for (const plain of SECRETS) assert.ok(readme.includes(plain), plain);
  assert.ok(existsSync(join(FIXTURES, 'generate.ts')));
});

test('real driver registrations (MIT corpus), beside an export of the key in a bundle, collect into driver settings', { skip: existsSync(CORPUS) ? false : `corpus folder ${CORPUS} is absent` }, async () => {
  const cases: [string, string, number][] = [
    ['utilityaddin_AddIn.reg', 'AddIn', 12],
    ['sparkplugb_DriverRegistry_v1_dev.reg', 'SparkplugB', 14],
    ['mqttclient_MQTTClient_v2.reg', 'MQTTClient', 4],
  ];
  for (const [file, driver, count] of cases) {
    const bundle = bundleWithRegistration(join(CORPUS, file));
    try {
      const s = await collectServer(bundle.dir, OPTS);
      assert.equal(s.settings[`drivers.${driver}.installed`].value, true, file);
      assert.equal(typeof s.settings[`drivers.${driver}.assembly`].value, 'string', file);
      assert.equal(Object.keys(s.settings).length, count, file);
      assert.deepEqual(s.collected.sources.map((x) => x.file), ['ClearSCADA.reg', `driver-${file}`]);
    } finally {
      bundle.cleanup();
    }
  }
});
