// The Geo SCADA profile and the snapshot builder: every contract setting, catch-all, instances, merge semantics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildSnapshot, canonicalJson, validateProfile, getSetting, type BuildSnapshotInput, type Profile } from '../src/snapshot/index.js';
import { defaultProfile, defaultProfilePath } from '../src/collect/profile/load.js';
import { ConfigError, InputError } from '../src/errors.js';
import type { RegData, RegKey, RegTree, RegTypeName, SettingValue } from '../src/types.js';

const ROOT = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';

type V = [name: string, type: RegTypeName, data: RegData];

/** A RegTree from `[path, values]` sections, with line numbers counted like a file. `-path` deletes a key; a value with data `null` is deleted. */
function tree(sections: [string, (V | [string, null])[]][]): RegTree {
  let line = 1;
  const keys: RegKey[] = sections.map(([path, values]) => {
    const deleted = path.startsWith('-');
    const key: RegKey = { path: deleted ? path.slice(1) : path, values: [], line: ++line };
    if (deleted) key.deleted = true;
    for (const v of values) {
      line++;
      key.values.push(v[1] === null ? { name: v[0], type: 'REG_NONE', data: '', deleted: true, line } : { name: v[0], type: v[1], data: v[2] as RegData, line });
    }
    line++;
    return key;
  });
  return { format: 'regedit5', keys };
}

function build(trees: RegTree[], extra: Partial<BuildSnapshotInput> = {}) {
  return buildSnapshot({
    trees: trees.map((t, i) => ({ tree: t, source: { kind: 'registry', file: `f${i}.reg`, sha256: '0'.repeat(64), bytes: 1 } })),
    collectedAt: '2026-11-25T12:00:00.000Z',
    collector: { name: 'pairaudit', version: 'test' },
    secretKey: 'k',
    profile: defaultProfile(),
    ...extra,
  });
}

// [setting, key relative to the root, value, type, data, expected value, assumed]
const CONTRACT: [string, string, string, RegTypeName, RegData, SettingValue, boolean][] = [
  ['product.installLocation', '', 'InstallLocation', 'REG_SZ', 'C:\\PF\\', 'C:\\PF\\', false],
  ['product.installLocationX86', '', 'InstallLocationx86', 'REG_SZ', 'C:\\PF86\\', 'C:\\PF86\\', false],
  ['product.version', '', 'Version', 'REG_SZ', '6.84.8512.1', '6.84.8512.1', true],
  ['product.databaseEmulation', 'Server', 'DatabaseEmulation', 'REG_SZ', '', '', true],
  ['db.port', 'DB', 'Port', 'REG_DWORD', 5481, 5481, false],
  ['server.label', 'Partners', 'ServerLabel', 'REG_SZ', 'NORTH-A', 'NORTH-A', true],
  ['partners.type', 'Partners', 'Type', 'REG_DWORD', 2, 'TripleStandby', true],
  ['partners.transferInterval', 'Partners', 'TransferInterval', 'REG_DWORD', 5, 5, true],
  ['partners.isolatedStandbyAction', 'Partners', 'IsolatedStandbyAction', 'REG_DWORD', 1, 'IsolatedStandby', true],
  ['partners.isolatedMainAction', 'Partners', 'IsolatedMainAction', 'REG_DWORD', 0, 'Arbitrate', true],
  ['partners.arbitrationPriority', 'Partners', 'ArbitrationPriority', 'REG_DWORD', 100, 100, true],
  ['partners.tcpHeartbeatTimeout', 'Partners', 'TCPHeartbeatTimeout', 'REG_DWORD', 30, 30, true],
  ['partners.deadlockDetection', 'Partners', 'DeadlockDetection', 'REG_DWORD', 1, true, true],
  ['partners.standbyA.address', 'Partners\\StandbyA', 'Address', 'REG_SZ', '10.0.0.2', '10.0.0.2', true],
  ['partners.standbyA.port', 'Partners\\StandbyA', 'Port', 'REG_DWORD', 5481, 5481, true],
  ['partners.standbyA.compress', 'Partners\\StandbyA', 'Compress', 'REG_DWORD', 0, false, true],
  ['partners.standbyA.backupAddress', 'Partners\\StandbyA', 'BackupAddress', 'REG_SZ', '10.1.0.2', '10.1.0.2', true],
  ['partners.standbyA.backupPort', 'Partners\\StandbyA', 'BackupPort', 'REG_DWORD', 5481, 5481, true],
  ['partners.standbyA.icmpMonitors', 'Partners\\StandbyA', 'ICMPMonitors', 'REG_MULTI_SZ', ['10.0.0.1', '10.0.0.5'], ['10.0.0.1', '10.0.0.5'], true],
  ['partners.standbyA.interleave', 'Partners\\StandbyA', 'Interleave', 'REG_DWORD', 4, 4, true],
  ['partners.standbyA.transferTimeout', 'Partners\\StandbyA', 'TransferTimeout', 'REG_DWORD', 60, 60, true],
  ['partners.standbyA.heartbeatTimeout', 'Partners\\StandbyA', 'HeartbeatTimeout', 'REG_DWORD', 10, 10, true],
  ['partners.standbyB.address', 'Partners\\StandbyB', 'Address', 'REG_SZ', 'scada-3', 'scada-3', true],
  ['partners.permanentA.address', 'Partners\\PermanentA', 'Address', 'REG_SZ', 'dr-1', 'dr-1', true],
  ['partners.permanentD.port', 'Partners\\PermanentD', 'Port', 'REG_DWORD', 5481, 5481, true],
  ['historic.historicData.enabled', 'Historic\\HistoricData', 'Enabled', 'REG_DWORD', 1, true, true],
  ['historic.historicData.keepOnlineWeeks', 'Historic\\HistoricData', 'KeepOnlineWeeks', 'REG_DWORD', 156, 156, true],
  ['historic.eventJournal.archiveAfterWeeks', 'Historic\\EventJournal', 'ArchiveAfterWeeks', 'REG_DWORD', 4, 4, true],
  ['historic.alarmSummary.streamSize', 'Historic\\AlarmSummary', 'StreamSize', 'REG_DWORD', 65536, 65536, true],
  ['historic.configChanges.cacheSize', 'Historic\\ConfigChanges', 'CacheSize', 'REG_DWORD', 16, 16, true],
  ['historic.modifiedWritableWeeks', 'Historic', 'ModifiedWritableWeeks', 'REG_DWORD', 520, 520, true],
  ['historic.annotationWritableWeeks', 'Historic', 'AnnotationWritableWeeks', 'REG_DWORD', 520, 520, true],
  ['features.exclusiveControl', 'Features', 'ExclusiveControl', 'REG_DWORD', 1, true, true],
  ['features.eventJournal', 'Features', 'EventJournal', 'REG_DWORD', 1, true, true],
  ['features.historicData', 'Features', 'HistoricData', 'REG_DWORD', 1, true, true],
  ['features.historicValidation', 'Features', 'HistoricValidation', 'REG_DWORD', 0, false, true],
  ['features.historicFiles', 'Features', 'HistoricFiles', 'REG_DWORD', 1, true, true],
  ['features.alarmsAndEvents', 'Features', 'AlarmsAndEvents', 'REG_DWORD', 1, true, true],
  ['features.qualityClassification', 'Features', 'QualityClassification', 'REG_DWORD', 0, false, true],
  ['features.alarmResponse', 'Features', 'AlarmResponse', 'REG_DWORD', 1, true, true],
  ['features.configChangesAuditing', 'Features', 'ConfigChangesAuditing', 'REG_DWORD', 1, true, true],
  ['globals.drivers.serverPollInterval', 'GlobalParameters\\Drivers', 'ServerPollInterval', 'REG_DWORD', 5000, 5000, true],
  ['globals.points.updateStatsMaxEntries', 'GlobalParameters\\Points', 'UpdateStatsMaxEntries', 'REG_DWORD', 25, 25, true],
  ['globals.points.updateStatsResetHours', 'GlobalParameters\\Points', 'UpdateStatsResetHours', 'REG_DWORD', 4, 4, true],
  ['locations.metadata', 'Locations', 'Metadata', 'REG_SZ', 'C:\\DB\\', 'C:\\DB\\', true],
  ['locations.configuration', 'Locations', 'Configuration', 'REG_SZ', 'C:\\DB\\', 'C:\\DB\\', true],
  ['locations.data', 'Locations', 'Data', 'REG_SZ', 'D:\\Data\\', 'D:\\Data\\', true],
  ['locations.historic', 'Locations', 'Historic', 'REG_SZ', 'D:\\H\\', 'D:\\H\\', true],
  ['locations.journal', 'Locations', 'Journal', 'REG_SZ', 'D:\\J\\', 'D:\\J\\', true],
  ['locations.historicFiles', 'Locations', 'HistoricFiles', 'REG_SZ', 'D:\\HF\\', 'D:\\HF\\', true],
  ['locations.dataFiles', 'Locations', 'DataFiles', 'REG_SZ', 'D:\\DF\\', 'D:\\DF\\', true],
  ['locations.archiveIndex', 'Locations', 'ArchiveIndex', 'REG_SZ', 'D:\\AI\\', 'D:\\AI\\', true],
  ['locations.alarmSummary', 'Locations', 'AlarmSummary', 'REG_SZ', 'D:\\AS\\', 'D:\\AS\\', true],
  ['locations.configChanges', 'Locations', 'ConfigChanges', 'REG_SZ', 'D:\\CC\\', 'D:\\CC\\', true],
  ['webx.httpEnabled', 'WebX', 'HTTPEnabled', 'REG_DWORD', 1, true, true],
  ['webx.httpPort', 'WebX', 'HTTPPort', 'REG_DWORD', 80, 80, true],
  ['webx.httpsEnabled', 'WebX', 'HTTPSEnabled', 'REG_DWORD', 0, false, true],
  ['webx.httpsPort', 'WebX', 'HTTPSPort', 'REG_DWORD', 443, 443, true],
  ['telnet.enabled', 'Logging', 'TelnetEnabled', 'REG_DWORD', 0, false, true],
  ['telnet.port', 'Logging', 'TelnetPort', 'REG_DWORD', 0, 0, true],
  ['licence.machineId', 'Licence', 'MachineId', 'REG_SZ', 'A3F1', 'A3F1', true],
  ['licence.redundancy', 'Licence', 'Redundancy', 'REG_DWORD', 1, true, true],
  ['drivers.DNP3.displayName', 'DriverDNP3', '', 'REG_SZ', 'DNP3', 'DNP3', false],
  ['drivers.DNP3.assembly', 'DriverDNP3', 'AssemblyName', 'REG_SZ', 'C:\\PF\\DNP3.dll', 'C:\\PF\\DNP3.dll', false],
  ['drivers.DNP3.task', 'DriverDNP3', 'TaskName', 'REG_SZ', 'DriverDNP3.exe', 'DriverDNP3.exe', false],
  ['drivers.DNP3.version', 'DriverDNP3', 'Version', 'REG_SZ', '1.2', '1.2', true],
  ['drivers.DNP3.LogEnable', 'DriverDNP3', 'LogEnable', 'REG_SZ', 'True', 'True', false],
  ['drivers.DNP3.LogMaxSize', 'DriverDNP3', 'LogMaxSize', 'REG_DWORD', 2048, 2048, false],
  ['drivers.DNP3.LogTelnetPort', 'DriverDNP3', 'LogTelnetPort', 'REG_DWORD', 0, 0, false],
  ['drivers.DNP3.settings.MessageDelay', 'DriverDNP3\\Settings', 'MessageDelay', 'REG_DWORD', 50, 50, true],
  ['reg:Server\\SomeNewValue', 'Server', 'SomeNewValue', 'REG_SZ', 'x', 'x', false],
  ['reg:DB\\@', 'DB', '', 'REG_SZ', 'db', 'db', false],
  ['reg:InstallDate', '', 'InstallDate', 'REG_SZ', '20250312', '20250312', false],
  ['reg:Partners\\StandbyA\\BackupICMPMonitors', 'Partners\\StandbyA', 'BackupICMPMonitors', 'REG_MULTI_SZ', ['a'], ['a'], false],
  ['reg:Licence\\Ticks', 'Licence', 'Ticks', 'REG_QWORD', '9007199254740991', 9007199254740991, false],
  ['reg:Licence\\Huge', 'Licence', 'Huge', 'REG_QWORD', '18446744073709551615', '18446744073709551615', false],
  ['reg:Licence\\Mask', 'Licence', 'Mask', 'REG_BINARY', '3f0012', '3f0012', false],
  ['reg:Logging\\Dir', 'Logging', 'Dir', 'REG_EXPAND_SZ', '%ProgramData%\\x', '%ProgramData%\\x', false],
  ['reg:DriverDNP3\\Extra\\Deep', 'DriverDNP3\\Extra', 'Deep', 'REG_DWORD', 1, 1, false],
];

function contractTree(root = ROOT): RegTree {
  const byKey = new Map<string, V[]>();
  for (const [, key, value, type, data] of CONTRACT) {
    const list = byKey.get(key) ?? [];
    list.push([value, type, data]);
    byKey.set(key, list);
  }
  return tree([...byKey].map(([k, vs]) => [k === '' ? root : `${root}\\${k}`, vs]));
}

test('every contract setting is mapped with its value, registry type, provenance and assumed mark', () => {
  const s = build([contractTree()]);
  for (const [name, key, value, type, , expected, assumed] of CONTRACT) {
    const got = s.settings[name];
    assert.ok(got, `missing setting ${name}`);
    assert.deepEqual(got.value, expected, name);
    assert.equal(got.regType, type, name);
    assert.equal(got.assumed === true, assumed, `${name} assumed`);
    assert.equal(got.source.key, key === '' ? ROOT : `${ROOT}\\${key}`, name);
    assert.equal(got.source.valueName, value, name);
    assert.equal(got.source.file, 'f0.reg');
    assert.ok((got.source.line ?? 0) > 0);
  }
  assert.equal(s.settings['drivers.DNP3.installed'].value, true);
  assert.equal(s.settings['drivers.DNP3.installed'].source.valueName, undefined);
  assert.equal(s.server.label, 'NORTH-A');
  assert.equal(s.warnings, undefined);
  // Nothing else: every value became exactly one setting (plus the driver's presence).
  assert.equal(Object.keys(s.settings).length, CONTRACT.length + 1);
});

test('the profile file marks exactly the undocumented layouts as assumed and cites a source for each', () => {
  const p = defaultProfile();
  const confirmed = p.mappings.filter((m) => !m.assumed).map((m) => m.setting);
  assert.deepEqual(confirmed.sort(), ['db.port', 'drivers.{Driver}.assembly', 'drivers.{Driver}.displayName', 'drivers.{Driver}.installed', 'drivers.{Driver}.task', 'drivers.{Driver}.{Value}', 'product.installLocation', 'product.installLocationX86'].sort());
  for (const m of p.mappings) assert.ok(p.sources[m.source], `${m.setting} cites ${m.source}`);
  assert.match(p.secretValueNames, /password/);
  assert.ok(readFileSync(defaultProfilePath, 'utf8').includes('"assumed": true'));
});

const ROOT_VARIANTS: [string, string, string | undefined][] = [
  ['HKLM alias (reg query style)', 'HKLM\\SOFTWARE\\Schneider Electric\\ClearSCADA', undefined],
  ['WOW6432Node', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Schneider Electric\\ClearSCADA', undefined],
  ['other case', 'hkey_local_machine\\software\\schneider electric\\clearscada', undefined],
  ['named instance', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA-Site2', 'Site2'],
];

for (const [name, root, instance] of ROOT_VARIANTS) {
  test(`root variant: ${name}`, () => {
    const s = build([contractTree(root)]);
    assert.equal(s.settings['db.port'].value, 5481);
    assert.equal(s.settings['partners.type'].value, 'TripleStandby');
    assert.equal(s.server.instance, instance);
    assert.ok(!Object.keys(s.settings).some((k) => k.startsWith('reg:HKEY')));
  });
}

test('several instances: the default one unless --instance says otherwise; unknown instance is an error', () => {
  const t = tree([
    [ROOT + '\\DB', [['Port', 'REG_DWORD', 5481]]],
    [ROOT + '-Site2\\DB', [['Port', 'REG_DWORD', 5482]]],
  ]);
  const d = build([t]);
  assert.equal(d.settings['db.port'].value, 5481);
  // The other instance's settings are that instance's: not compared as this one's (the catch-all did), and said so.
  assert.ok(!Object.keys(d.settings).some((k) => k.includes('ClearSCADA-Site2')));
  assert.deepEqual(
    d.warnings?.map((w) => w.message),
    ['the export also holds named instance(s) Site2; read the default instance (use --instance to read another)', '1 value(s) of Geo SCADA instance Site2 were not audited (this run reads the default instance; --instance Site2 reads it)'],
  );
  const s2 = build([t], { instance: 'site2' });
  assert.equal(s2.settings['db.port'].value, 5482);
  assert.equal(s2.server.instance, 'Site2');
  assert.throws(() => build([t], { instance: 'Nope' }), (e: unknown) => e instanceof InputError && /no Geo SCADA instance "Nope".*found: \(default\), Site2/.test(e.message));
  const two = tree([
    [ROOT + '-A\\DB', [['Port', 'REG_DWORD', 1]]],
    [ROOT + '-B\\DB', [['Port', 'REG_DWORD', 2]]],
  ]);
  assert.throws(() => build([two]), (e: unknown) => e instanceof InputError && /several Geo SCADA instances \(A, B\); choose one with --instance/.test(e.message));
});

test('values outside the root are kept with their full path; outsideRoot "ignore" drops them with a warning', () => {
  const t = tree([
    [ROOT + '\\DB', [['Port', 'REG_DWORD', 5481]]],
    ['HKCU\\Software\\Schneider Electric\\ClearSCADA\\DBClient', [['LogFileBase', 'REG_SZ', 'x']]],
  ]);
  const kept = build([t]);
  assert.equal(kept.settings['reg:HKEY_CURRENT_USER\\Software\\Schneider Electric\\ClearSCADA\\DBClient\\LogFileBase'].value, 'x');
  const profile: Profile = { ...defaultProfile(), outsideRoot: 'ignore' };
  const ignored = build([t], { profile });
  assert.equal(Object.keys(ignored.settings).length, 1);
  assert.match(ignored.warnings?.[0].message ?? '', /1 value\(s\) outside the ClearSCADA key were ignored/);
});

// An export without the product's key is not a server: an input error naming what it holds, never an audit of nothing.
const NO_ROOT: [name: string, sections: [string, V[]][], holds: string][] = [
  ['an unrelated HKCU export (Notepad)', [['HKEY_CURRENT_USER\\Software\\Microsoft\\Notepad', [['fWrap', 'REG_DWORD', 1]]]], 'HKEY_CURRENT_USER\\Software\\Microsoft\\Notepad'],
  [
    'the client settings only (HKCU ClearSCADA), with subkeys',
    [
      ['HKEY_CURRENT_USER\\Software\\Schneider Electric\\ClearSCADA', [['A', 'REG_SZ', 'x']]],
      ['HKEY_CURRENT_USER\\Software\\Schneider Electric\\ClearSCADA\\DBClient', [['LogFileBase', 'REG_SZ', 'x']]],
    ],
    'HKEY_CURRENT_USER\\Software\\Schneider Electric\\ClearSCADA',
  ],
  ['the vendor key of another product', [['HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\EcoStruxure', [['X', 'REG_DWORD', 1]]]], 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\EcoStruxure'],
  [
    'three unrelated keys',
    [
      ['HKEY_LOCAL_MACHINE\\SOFTWARE\\A', [['X', 'REG_DWORD', 1]]],
      ['HKEY_LOCAL_MACHINE\\SOFTWARE\\B', [['X', 'REG_DWORD', 1]]],
      ['HKEY_LOCAL_MACHINE\\SOFTWARE\\C', [['X', 'REG_DWORD', 1]]],
    ],
    'HKEY_LOCAL_MACHINE\\SOFTWARE\\A, HKEY_LOCAL_MACHINE\\SOFTWARE\\B and 1 other key(s)',
  ],
];
for (const [name, sections, holds] of NO_ROOT) {
  test(`no ClearSCADA key: ${name} is an input error naming what it holds`, () => {
    assert.throws(
      () => build([tree(sections)]),
      (e: unknown) => e instanceof InputError && e.exitCode === 2 && e.message === `f0.reg: holds no ClearSCADA key (it holds ${holds}); export HKLM\\SOFTWARE\\Schneider Electric\\ClearSCADA (or ClearSCADA-<instance>) with the collection script, or check that this is the right file`,
    );
  });
}

const MERGE_CASES: { name: string; trees: [string, (V | [string, null])[]][][]; expect: Record<string, SettingValue | undefined> }[] = [
  {
    name: 'a repeated key merges; a later value wins',
    trees: [[[ROOT + '\\DB', [['Port', 'REG_DWORD', 1], ['A', 'REG_SZ', 'a']]], [ROOT + '\\DB', [['Port', 'REG_DWORD', 2]]]]],
    expect: { 'db.port': 2, 'reg:DB\\A': 'a' },
  },
  {
    name: 'names merge case-insensitively and keep the first display case',
    trees: [[[ROOT + '\\db', [['PORT', 'REG_DWORD', 1]]], [ROOT.toUpperCase() + '\\DB', [['port', 'REG_DWORD', 2]]]]],
    expect: { 'db.port': 2 },
  },
  {
    name: 'a deleted value removes it',
    trees: [[[ROOT + '\\DB', [['Port', 'REG_DWORD', 1]]], [ROOT + '\\DB', [['port', null]]]]],
    expect: { 'db.port': undefined },
  },
  {
    name: 'a deleted key removes what earlier sections set, subkeys included',
    trees: [[[ROOT + '\\DriverX', [['', 'REG_SZ', 'X']]], [ROOT + '\\DriverX\\Settings', [['A', 'REG_DWORD', 1]]], ['-' + ROOT + '\\driverx', []]]],
    expect: { 'drivers.X.installed': undefined, 'drivers.X.displayName': undefined, 'drivers.X.settings.A': undefined },
  },
  {
    name: 'a key deleted then written again holds only the new values',
    trees: [[[ROOT + '\\DB', [['Port', 'REG_DWORD', 1], ['Old', 'REG_DWORD', 1]]], ['-' + ROOT + '\\DB', []], [ROOT + '\\DB', [['Port', 'REG_DWORD', 3]]]]],
    expect: { 'db.port': 3, 'reg:DB\\Old': undefined },
  },
  {
    name: 'deleting a key does not touch a sibling whose name starts the same',
    trees: [[[ROOT + '\\DriverAB', [['', 'REG_SZ', 'AB']]], [ROOT + '\\DriverA', [['', 'REG_SZ', 'A']]], ['-' + ROOT + '\\DriverA', []]]],
    expect: { 'drivers.AB.installed': true, 'drivers.A.installed': undefined },
  },
  {
    name: 'several files apply in order (a later file deletes what an earlier one set)',
    trees: [[[ROOT + '\\DB', [['Port', 'REG_DWORD', 1]]]], [['-' + ROOT + '\\DB', []]]],
    expect: { 'db.port': undefined },
  },
  {
    name: 'a subkey written alone implies its driver key exists, as an import would create it',
    trees: [[[ROOT + '\\DriverY\\Settings', [['A', 'REG_DWORD', 1]]]]],
    expect: { 'drivers.Y.installed': true, 'drivers.Y.settings.A': 1 },
  },
];

for (const c of MERGE_CASES) {
  test(`merge: ${c.name}`, () => {
    const s = build(c.trees.map(tree));
    for (const [name, value] of Object.entries(c.expect)) assert.deepEqual(getSetting(s, name)?.value, value, name);
  });
}

test('provenance points at the section that set the value, in the right file', () => {
  const s = build([tree([[ROOT + '\\DB', [['Port', 'REG_DWORD', 1]]]]), tree([['HKLM\\SOFTWARE\\Schneider Electric\\ClearSCADA\\DB', [['X', 'REG_DWORD', 0], ['Port', 'REG_DWORD', 2]]]])]);
  assert.deepEqual(s.settings['db.port'].source, { file: 'f1.reg', key: 'HKLM\\SOFTWARE\\Schneider Electric\\ClearSCADA\\DB', valueName: 'Port', line: 4 });
});

test('secrets: any value named like a password is a SecretValue, mapped or not, and its text is nowhere in the snapshot', () => {
  const t = tree([
    [ROOT + '\\DriverPerfMon\\Settings', [['Password', 'REG_SZ', 'Pl@ntSecret-42'], ['User', 'REG_SZ', 'svc']]],
    [ROOT + '\\WebX', [['ProxyPassword', 'REG_SZ', 'Pr0xy-Secret-7'], ['ApiKey', 'REG_BINARY', 'deadbeef'], ['ClientSecret', 'REG_SZ', '']]],
    [ROOT + '\\Security', [['PrivateKey', 'REG_MULTI_SZ', ['k1', 'k2']], ['SharedKey', 'REG_SZ', 'sk'], ['Credential', 'REG_DWORD', 7]]],
  ]);
  const s = build([t]);
  const pw = s.settings['drivers.PerfMon.settings.Password'];
  assert.equal(typeof pw.value === 'object' && pw.value !== null && 'secret' in pw.value && pw.value.set, true);
  assert.equal(s.settings['drivers.PerfMon.settings.User'].value, 'svc');
  for (const n of ['reg:WebX\\ProxyPassword', 'reg:WebX\\ApiKey', 'reg:Security\\PrivateKey', 'reg:Security\\SharedKey', 'reg:Security\\Credential']) {
    assert.deepEqual(Object.keys(s.settings[n].value as object).sort(), ['hmac', 'keyId', 'secret', 'set'], n);
  }
  assert.deepEqual(s.settings['reg:WebX\\ClientSecret'].value, { secret: true, set: false });
  const json = canonicalJson(s);
  for (const plain of ['Pl@ntSecret-42', 'Pr0xy-Secret-7', 'deadbeef', '"k1"', '"sk"']) assert.ok(!json.includes(plain), plain);
  // The same secret gives the same hash under the same key, another under another key.
  assert.deepEqual(build([t]).settings['reg:WebX\\ProxyPassword'].value, s.settings['reg:WebX\\ProxyPassword'].value);
  assert.notDeepEqual(build([t], { secretKey: 'other' }).settings['reg:WebX\\ProxyPassword'].value, s.settings['reg:WebX\\ProxyPassword'].value);
});

test('a lenient parse warning on the line after a secret value is withheld (it may quote the rest of the secret)', () => {
  const t: RegTree = { ...tree([[ROOT + '\\DriverP\\Settings', [['Password', 'REG_SZ', 'first-half'], ['User', 'REG_SZ', 'u']]]]), warnings: [{ line: 4, message: 'found "second-half"' }, { line: 6, message: 'found "junk"' }] };
  // Key on line 2, Password on 3, User moved to 5: line 4 lies inside the secret's span, line 6 after User.
  t.keys[0].values[1].line = 5;
  const s = build([t]);
  assert.deepEqual(s.warnings?.map((w) => w.message), ['a line could not be read (its text is withheld: it may hold a secret)', 'found "junk"']);
});

test('a lenient parse warning that may quote a secret is withheld', () => {
  const t: RegTree = { ...tree([[ROOT + '\\DB', [['Port', 'REG_DWORD', 1]]]]), warnings: [{ line: 9, message: 'expected "name"=value, found "Password"="Pl@nt' }, { line: 10, message: 'blank junk' }] };
  const s = build([t]);
  assert.deepEqual(s.warnings, [
    { file: 'f0.reg', line: 9, message: 'expected (withheld: it may hold a secret)=value, found "Password"=(withheld: it may hold a secret)' },
    { file: 'f0.reg', line: 10, message: 'blank junk' },
  ]);
});

const CONVERSION_CASES: { name: string; value: V; key: string; expect: SettingValue; warn?: RegExp }[] = [
  { name: 'boolean from DWORD 2 is kept as a number, with a warning', key: 'Partners\\StandbyA', value: ['Compress', 'REG_DWORD', 2], expect: 2, warn: /partners.standbyA.compress: expected a DWORD 0 or 1, found 2/ },
  { name: 'boolean from a string is kept as the string', key: 'Partners\\StandbyA', value: ['Compress', 'REG_SZ', 'True'], expect: 'True', warn: /expected a DWORD 0 or 1, found REG_SZ/ },
  { name: 'unknown enum value stays a number', key: 'Partners', value: ['Type', 'REG_DWORD', 9], expect: 9, warn: /DWORD 9 is not one of the known values 0, 1, 2, 3/ },
  { name: 'number from a string is kept as the string', key: 'DB', value: ['Port', 'REG_SZ', '5481'], expect: '5481', warn: /db.port: expected a DWORD or QWORD, found REG_SZ/ },
  { name: 'number from a QWORD', key: 'DB', value: ['Port', 'REG_QWORD', '5481'], expect: 5481 },
  { name: 'list from a string is kept as the string', key: 'Partners\\StandbyA', value: ['ICMPMonitors', 'REG_SZ', '10.0.0.1'], expect: '10.0.0.1', warn: /expected a REG_MULTI_SZ list/ },
  { name: 'string from EXPAND_SZ', key: 'Locations', value: ['Data', 'REG_EXPAND_SZ', '%X%\\d'], expect: '%X%\\d' },
];

for (const c of CONVERSION_CASES) {
  test(`conversion: ${c.name}`, () => {
    const s = build([tree([[`${ROOT}\\${c.key}`, [c.value]]])]);
    const setting = Object.values(s.settings)[0];
    assert.deepEqual(setting.value, c.expect);
    if (c.warn) assert.match(s.warnings?.[0].message ?? '', c.warn);
    else assert.equal(s.warnings, undefined);
  });
}

test('a value whose setting name is taken falls back to its reg: name with a warning', () => {
  const s = build([tree([[ROOT + '\\DriverZ', [['', 'REG_SZ', 'Z'], ['Installed', 'REG_DWORD', 0]]]])]);
  assert.equal(s.settings['drivers.Z.installed'].value, true);
  assert.equal(s.settings['reg:DriverZ\\Installed'].value, 0);
  assert.match(s.warnings?.[0].message ?? '', /setting "drivers.Z.Installed" is already taken by "drivers.Z.installed"; kept this value as "reg:DriverZ\\Installed"/);
});

// Unmapped values whose reg: names meet case-insensitively (a value name may hold a backslash): the first kept,
// the other warned about; names compare as whole strings lower-cased, ASCII or not (a Greek final sigma too).
const REG_CLASHES: { name: string; sections: [string, V[]][]; kept: string[]; twice?: string }[] = [
  { name: 'a backslash in a value name, ASCII', sections: [['Zz', [['B\\C', 'REG_SZ', 'first']]], ['Zz\\b', [['c', 'REG_SZ', 'second']]]], kept: ['reg:Zz\\B\\C'], twice: 'reg:Zz\\b\\c' },
  { name: 'the same, non-ASCII', sections: [['Ζζ', [['Β\\Γ', 'REG_SZ', 'first']]], ['Ζζ\\β', [['γ', 'REG_SZ', 'second']]]], kept: ['reg:Ζζ\\Β\\Γ'], twice: 'reg:Ζζ\\β\\γ' },
  { name: 'a final sigma: X\\ΟΔΟΣ and x\\οδοσ lower-case apart (οδος, οδοσ)', sections: [['Q', [['X\\ΟΔΟΣ', 'REG_SZ', 'a']]], ['Q\\x', [['οδοσ', 'REG_SZ', 'b']]]], kept: ['reg:Q\\X\\ΟΔΟΣ', 'reg:Q\\x\\οδοσ'] },
  { name: 'different keys, same value name: no clash', sections: [['K1', [['Port', 'REG_DWORD', 1]]], ['k2', [['port', 'REG_DWORD', 2]]]], kept: ['reg:K1\\Port', 'reg:k2\\port'] },
];

for (const c of REG_CLASHES) {
  test(`reg: names that meet case-insensitively: ${c.name}`, () => {
    const s = build([tree(c.sections.map(([k, values]) => [`${ROOT}\\${k}`, values]))]);
    const names = Object.keys(s.settings).filter((n) => n.startsWith('reg:')).sort();
    assert.deepEqual(names, [...c.kept].sort());
    const twice = (s.warnings ?? []).filter((w) => /is defined twice/.test(w.message)).map((w) => w.message);
    assert.deepEqual(twice, c.twice === undefined ? [] : [`setting "${c.twice}" is defined twice; kept the value of line 3`]);
  });
}

test('identity: label from server.label, else host name, else file; names lower-cased and sorted; --label and role win', () => {
  const t = tree([[ROOT + '\\Partners', [['ServerLabel', 'REG_SZ', 'NORTH-A']]]]);
  const host = { hostname: { value: 'SCADA-N1', source: { file: 'hostname.txt', line: 1 } }, names: ['10.0.0.1', 'SCADA-N1.ops.example.net', 'scada-n1'] };
  assert.equal(build([t], { host }).server.label, 'NORTH-A');
  assert.equal(build([tree([[ROOT, []]])], { host }).server.label, 'SCADA-N1');
  assert.equal(build([tree([[ROOT, []]])]).server.label, 'f0.reg');
  const s = build([t], { host, label: 'Mine', role: 'standby-a' });
  assert.deepEqual(s.server, { label: 'Mine', hostname: 'SCADA-N1', names: ['10.0.0.1', 'scada-n1', 'scada-n1.ops.example.net'], role: 'standby-a' });
  assert.deepEqual(s.settings['host.names'].value, ['10.0.0.1', 'scada-n1', 'scada-n1.ops.example.net']);
  assert.equal(s.settings['host.hostname'].value, 'SCADA-N1');
});

test('volumes become disk.<Letter>.freeBytes and .totalBytes', () => {
  const s = build([tree([[ROOT, []]])], {
    volumes: { volumes: [{ volume: 'D', freeBytes: 10, totalBytes: 100, source: { file: 'volumes.csv', line: 4 } }], source: { kind: 'volumes', file: 'volumes.csv', sha256: '1'.repeat(64), bytes: 5 } },
  });
  assert.equal(s.settings['disk.D.freeBytes'].value, 10);
  assert.equal(s.settings['disk.D.totalBytes'].value, 100);
  assert.deepEqual(s.settings['disk.D.freeBytes'].source, { file: 'volumes.csv', line: 4 });
  assert.equal(s.collected.sources[1].kind, 'volumes');
});

test('buildSnapshot is deterministic: same inputs, same bytes', () => {
  assert.equal(canonicalJson(build([contractTree()])), canonicalJson(build([contractTree()])));
});

// Parsed JSON mutated by each case; its shape is what the validator checks.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const PROFILE_ERRORS: { name: string; mutate: (p: Record<string, any>) => void; message: RegExp }[] = [
  { name: 'version', mutate: (p) => (p.version = 2), message: /profile field "version": expected 1/ },
  { name: 'bad type', mutate: (p) => (p.mappings[4].type = 'int'), message: /"mappings\[4\].type": expected one of auto, string/ },
  { name: 'enum without values', mutate: (p) => delete p.mappings[6].enum, message: /"mappings\[6\].enum": a "type": "enum" mapping needs/ },
  { name: 'missing assumed', mutate: (p) => delete p.mappings[0].assumed, message: /"mappings\[0\].assumed": expected true/ },
  { name: 'unknown source tag', mutate: (p) => (p.mappings[0].source = 'NOPE'), message: /"mappings\[0\].source": tag "NOPE" is not listed in "sources"/ },
  { name: 'unknown field', mutate: (p) => (p.mappings[0].valeu = 'x'), message: /"mappings\[0\].valeu": unknown field/ },
  { name: 'placeholder not in key', mutate: (p) => (p.mappings[0].setting = 'x.{Nope}'), message: /placeholder \{Nope\} does not appear/ },
  { name: 'bad regex', mutate: (p) => (p.secretValueNames = '(('), message: /"secretValueNames": not a valid regular expression/ },
  { name: 'reserved name', mutate: (p) => (p.mappings[0].setting = 'reg:x'), message: /reserved for unmapped values/ },
  { name: 'outsideRoot', mutate: (p) => (p.outsideRoot = 'drop'), message: /"outsideRoot": expected "keep" or "ignore"/ },
  // A misspelt top-level field was ignored: a site's secret patterns under "secretContents" did nothing.
  { name: 'misspelt secretContent', mutate: (p) => (p.secretContents = p.secretContent), message: /profile field "secretContents": unknown field; did you mean "secretContent"\?/ },
  { name: 'outsideRoot in another case', mutate: (p) => (p.outsideroot = 'ignore'), message: /profile field "outsideroot": unknown field; did you mean "outsideRoot"\?/ },
  { name: 'misspelt root field', mutate: (p) => (p.root.sharedkeys = ['Driver*']), message: /profile field "root.sharedkeys": unknown field; did you mean "sharedKeys"\?/ },
  { name: 'a field nothing resembles', mutate: (p) => (p.colour = 'red'), message: /profile field "colour": unknown field; the fields are name, version, description/ },
];

for (const c of PROFILE_ERRORS) {
  test(`validateProfile: ${c.name}`, () => {
    const p = JSON.parse(readFileSync(defaultProfilePath, 'utf8'));
    c.mutate(p);
    assert.throws(() => validateProfile(p, 'my.json'), (e: unknown) => e instanceof ConfigError && e.exitCode === 2 && e.message.startsWith('my.json: ') && c.message.test(e.message));
  });
}

test('a corrected profile renames a setting', () => {
  const p = JSON.parse(readFileSync(defaultProfilePath, 'utf8'));
  const m = p.mappings.find((x: { setting: string }) => x.setting === 'webx.httpPort');
  m.value = 'HttpPortNumber';
  const profile = validateProfile(p, 'mine.json');
  const s = build([tree([[ROOT + '\\WebX', [['HttpPortNumber', 'REG_DWORD', 81], ['HTTPPort', 'REG_DWORD', 80]]]])], { profile });
  assert.equal(s.settings['webx.httpPort'].value, 81);
  assert.equal(s.settings['reg:WebX\\HTTPPort'].value, 80);
});

test('profile order decides between a value-name pattern and a literal name, whatever the case; lookup by name agrees with the regex', () => {
  const mapping = (setting: string, value: string) => ({ setting, key: 'Mine', value, assumed: true, source: 's' });
  const profile = (mappings: ReturnType<typeof mapping>[]): Profile => ({ ...defaultProfile(), sources: {}, mappings });
  const ascii: V[] = [['KIND', 'REG_SZ', 'a'], ['Other', 'REG_SZ', 'c'], ['', 'REG_SZ', 'd']];
  // The Kelvin sign lower-cases to "k", but a case-insensitive regex does not match it with "k".
  const kelvin: V[] = [['\u212Aind', 'REG_SZ', 'b']];
  const cases: { name: string; values: V[]; mappings: ReturnType<typeof mapping>[]; want: Record<string, string> }[] = [
    { name: 'literal first', values: ascii, mappings: [mapping('mine.kind', 'Kind'), mapping('mine.any.{V}', '{V}')], want: { 'mine.kind': 'a', 'mine.any.Other': 'c', 'reg:Mine\\@': 'd' } },
    { name: 'pattern first', values: ascii, mappings: [mapping('mine.any.{V}', '{V}'), mapping('mine.kind', 'kind')], want: { 'mine.any.KIND': 'a', 'mine.any.Other': 'c', 'reg:Mine\\@': 'd' } },
    { name: 'literal and default value', values: ascii, mappings: [mapping('mine.kind', 'kind'), mapping('mine.default', '@')], want: { 'mine.kind': 'a', 'reg:Mine\\Other': 'c', 'mine.default': 'd' } },
    { name: 'Kelvin sign, literal', values: kelvin, mappings: [mapping('mine.kind', 'kind')], want: { 'reg:Mine\\\u212Aind': 'b' } },
    { name: 'Kelvin sign, literal then pattern', values: kelvin, mappings: [mapping('mine.kind', 'kind'), mapping('mine.any.{V}', '{V}')], want: { 'mine.any.\u212Aind': 'b' } },
  ];
  for (const c of cases) {
    const s = build([tree([[`${ROOT}\\Mine`, c.values]])], { profile: profile(c.mappings) });
    const got = Object.fromEntries(Object.entries(s.settings).filter(([k]) => /mine/i.test(k)).map(([k, v]) => [k, v.value]));
    assert.deepEqual(got, c.want, c.name);
  }
});

test('a value-name pattern of one placeholder names any value on one line, wherever the setting puts it; key templates match whatever the case', () => {
  const mapping = (setting: string, key: string, value: string) => ({ setting, key, value, assumed: false, source: 's' });
  const profile = (mappings: ReturnType<typeof mapping>[]): Profile => ({ ...defaultProfile(), sources: {}, mappings });
  const values: V[] = [['Alpha', 'REG_SZ', 'a'], ['Two\nLines', 'REG_SZ', 'b'], ['Ωmega', 'REG_SZ', 'c']];
  const cases: { name: string; key: string; mappings: ReturnType<typeof mapping>[]; want: Record<string, string>; warnings?: string[] }[] = [
    { name: 'at the end', key: 'Mine', mappings: [mapping('mine.{V}', 'mine', '{V}')], want: { 'mine.Alpha': 'a', 'reg:Mine\\Two\nLines': 'b', 'mine.Ωmega': 'c' } },
    { name: 'camel', key: 'MINE', mappings: [mapping('mine.{V:camel}', 'Mine', '{V}')], want: { 'mine.alpha': 'a', 'reg:MINE\\Two\nLines': 'b', 'mine.ωmega': 'c' } },
    { name: 'in the middle, twice', key: 'Mine', mappings: [mapping('mine.{V}.x.{V:camel}', 'Mine', '{V}')], want: { 'mine.Alpha.x.alpha': 'a', 'reg:Mine\\Two\nLines': 'b', 'mine.Ωmega.x.ωmega': 'c' } },
    {
      name: 'not in the setting',
      key: 'Mine',
      mappings: [mapping('mine.one', 'Mine', '{V}')], want: { 'mine.one': 'a', 'reg:Mine\\Two\nLines': 'b', 'reg:Mine\\Ωmega': 'c' },
      warnings: ['setting "mine.one" is already taken by "mine.one"; kept this value as "reg:Mine\\Ωmega"'],
    },
    { name: 'a key placeholder, a non-ASCII key', key: 'Μine\\Sub', mappings: [mapping('mine.{K}.{V}', 'μINE\\{K}', '{V}')], want: { 'mine.Sub.Alpha': 'a', 'reg:Μine\\Sub\\Two\nLines': 'b', 'mine.Sub.Ωmega': 'c' } },
  ];
  for (const c of cases) {
    const s = build([tree([[`${ROOT}\\${c.key}`, values]])], { profile: profile(c.mappings) });
    const got = Object.fromEntries(Object.entries(s.settings).filter(([k]) => /^(mine|reg:)/.test(k)).map(([k, v]) => [k, v.value]));
    assert.deepEqual(got, c.want, c.name);
    assert.deepEqual((s.warnings ?? []).map((w) => w.message), c.warnings ?? [], c.name);
  }
});
