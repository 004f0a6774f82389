// Deterministic generator of synthetic ClearSCADA `reg export` files (UTF-16LE, BOM, CRLF) and drifted pairs for the benchmark.
import { createWriteStream, mkdirSync, unlinkSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Registry root of a default-instance Geo SCADA server. */
export const ROOT = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';

/** mulberry32: tiny, fast, and the same sequence on every platform for a given seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stateless hash of (seed, index) in [0, 1): drift decisions must not depend on generation order. */
function hash01(seed: number, i: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

// ─── Registry value encoding, as `reg export` writes it ───────────────────────────────────────────

type GenValue =
  | { name: string; kind: 'sz'; data: string }
  | { name: string; kind: 'dword'; data: number }
  | { name: string; kind: 'multi'; data: string[] }
  | { name: string; kind: 'binary'; data: number[] }
  | { name: string; kind: 'qword'; data: bigint }
  | { name: string; kind: 'expand'; data: string };

interface GenKey {
  /** Relative to ROOT; "" is the root key itself. */
  path: string;
  values: GenValue[];
}

function quote(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

function hex2(n: number): string {
  return (n & 0xff).toString(16).padStart(2, '0');
}

function utf16Bytes(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out.push(c & 0xff, c >>> 8);
  }
  return out;
}

/** regedit wraps hex data at 80 columns with a trailing backslash and two-space indentation. */
function hexLines(prefix: string, bytes: number[]): string {
  let line = prefix;
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const piece = hex2(bytes[i]) + (i < bytes.length - 1 ? ',' : '');
    if (line.length + piece.length > 77 && i < bytes.length - 1) {
      lines.push(line + '\\');
      line = '  ';
    }
    line += piece;
  }
  lines.push(line);
  return lines.join('\r\n');
}

function valueLine(v: GenValue): string {
  const name = v.name === '' ? '@' : quote(v.name);
  switch (v.kind) {
    case 'sz':
      return `${name}=${quote(v.data)}`;
    case 'dword':
      return `${name}=dword:${(v.data >>> 0).toString(16).padStart(8, '0')}`;
    case 'binary':
      return hexLines(`${name}=hex:`, v.data);
    case 'multi': {
      const bytes: number[] = [];
      for (const s of v.data) bytes.push(...utf16Bytes(s), 0, 0);
      bytes.push(0, 0);
      return hexLines(`${name}=hex(7):`, bytes);
    }
    case 'expand':
      return hexLines(`${name}=hex(2):`, [...utf16Bytes(v.data), 0, 0]);
    case 'qword': {
      const bytes: number[] = [];
      let q = v.data;
      for (let i = 0; i < 8; i++) {
        bytes.push(Number(q & 0xffn));
        q >>= 8n;
      }
      return hexLines(`${name}=hex(b):`, bytes);
    }
  }
}

function keyBlock(k: GenKey): string {
  const lines = [`[${k.path === '' ? ROOT : ROOT + '\\' + k.path}]`];
  for (const v of k.values) lines.push(valueLine(v));
  return lines.join('\r\n') + '\r\n\r\n';
}

// ─── The server's content ────────────────────────────────────────────────────────────────────────

/** Real driver names (Geo SCADA's bundled and public add-on drivers); larger servers add numbered custom drivers. */
const DRIVER_NAMES = [
  'DNP3', 'SCADAPackModbus', 'ModbusTCP', 'ModbusRTU', 'IEC60870-5-104', 'IEC61850', 'OPCClient', 'OPCUAClient', 'PerfMon',
  'SNMPManager', 'MQTTClient', 'SparkplugB', 'AddIn', 'EmailAlarmRedirection', 'SMSAlarmRedirection', 'Bristol', 'Allen-Bradley',
  'Siemens-S7', 'Kingfisher', 'Mitsubishi', 'Omron', 'Dataflow', 'WITS', 'TBox', 'SCADAPackE', 'AdvancedDNP3', 'Pager', 'Pinger',
];

const LOG_OPTIONS = ['APP,ERR,OBJ,REQ,DAT', 'APP,ERR', 'ERR', 'APP,ERR,OBJ'];

function driverKeys(name: string, rnd: () => number, customValues: number): GenKey[] {
  const base = 'C:\\Program Files\\Schneider Electric\\ClearSCADA';
  const values: GenValue[] = [
    { name: '', kind: 'sz', data: `${name} Driver` },
    { name: 'AssemblyName', kind: 'sz', data: `${base}\\${name}.dll` },
    { name: 'TaskName', kind: 'sz', data: `Driver${name}.exe` },
    { name: 'Version', kind: 'sz', data: `6.84.${8000 + Math.floor(rnd() * 900)}.1` },
    { name: 'LogFileBase', kind: 'sz', data: `C:\\ProgramData\\Schneider Electric\\Logs\\Drivers\\Driver${name}` },
    { name: 'DebugMode', kind: 'sz', data: 'False' },
    { name: 'LogEnable', kind: 'sz', data: rnd() < 0.8 ? 'True' : 'False' },
    { name: 'LogOptions', kind: 'sz', data: LOG_OPTIONS[Math.floor(rnd() * LOG_OPTIONS.length)] },
    { name: 'LogOldFiles', kind: 'dword', data: 1 },
    { name: 'LogMaxFiles', kind: 'dword', data: 2 + Math.floor(rnd() * 4) },
    { name: 'LogMaxSize', kind: 'dword', data: 0x800 },
    { name: 'LogLinesPerFlush', kind: 'dword', data: 1 },
    { name: 'LogLevel', kind: 'dword', data: 0x0f },
    { name: 'LogEnableTelnet', kind: 'sz', data: 'False' },
    { name: 'LogTelnetPort', kind: 'dword', data: 0 },
  ];
  const settings: GenValue[] = [
    { name: 'RetryInterval', kind: 'dword', data: 1000 * (1 + Math.floor(rnd() * 10)) },
    { name: 'ReadDelay', kind: 'dword', data: Math.floor(rnd() * 200) },
    { name: 'ClockDriftLimit', kind: 'dword', data: 5 },
    { name: 'Password', kind: 'binary', data: Array.from({ length: 24 }, () => Math.floor(rnd() * 256)) },
  ];
  for (let i = 0; i < customValues; i++) {
    const r = rnd();
    if (r < 0.5) settings.push({ name: `Channel${String(i).padStart(4, '0')}Timeout`, kind: 'dword', data: Math.floor(rnd() * 60000) });
    else if (r < 0.85) settings.push({ name: `Outstation${String(i).padStart(4, '0')}Address`, kind: 'sz', data: `10.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}` });
    else if (r < 0.95) settings.push({ name: `Poll${String(i).padStart(4, '0')}Schedule`, kind: 'multi', data: ['00:00', '06:00', '12:00', '18:00'] });
    else settings.push({ name: `Counter${String(i).padStart(4, '0')}`, kind: 'qword', data: BigInt(Math.floor(rnd() * 2 ** 40)) });
  }
  return [
    { path: `Driver${name}`, values },
    { path: `Driver${name}\\Settings`, values: settings },
  ];
}

export interface ServerSpec {
  /** Approximate number of registry values (≈ settings after profiling). */
  values: number;
  seed: number;
  /** Label and addresses of this server and of its partner. */
  label: string;
  address: string;
  partnerAddress: string;
  machineId: string;
}

/** Keys of one server, streamed. Deterministic in `seed`; the label and addresses only change identity values. */
export function* serverKeys(spec: ServerSpec): Generator<GenKey> {
  const rnd = prng(spec.seed);
  const fixed: GenKey[] = [
    {
      path: '',
      values: [
        { name: 'InstallLocation', kind: 'sz', data: 'C:\\Program Files\\Schneider Electric\\ClearSCADA\\' },
        { name: 'InstallLocationx86', kind: 'sz', data: 'C:\\Program Files (x86)\\Schneider Electric\\ClearSCADA\\' },
        { name: 'Version', kind: 'sz', data: '6.84.8512.1' },
      ],
    },
    { path: 'DB', values: [{ name: 'Port', kind: 'dword', data: 5481 }] },
    { path: 'Server', values: [{ name: 'DatabaseEmulation', kind: 'sz', data: '' }, { name: 'MaxClientConnections', kind: 'dword', data: 256 }] },
    {
      path: 'Partners',
      values: [
        { name: 'ServerLabel', kind: 'sz', data: spec.label },
        { name: 'Type', kind: 'dword', data: 1 },
        { name: 'TransferInterval', kind: 'dword', data: 5 },
        { name: 'IsolatedStandbyAction', kind: 'dword', data: 0 },
        { name: 'IsolatedMainAction', kind: 'dword', data: 0 },
        { name: 'ArbitrationPriority', kind: 'dword', data: 0 },
        { name: 'TCPHeartbeatTimeout', kind: 'dword', data: 10 },
        { name: 'DeadlockDetection', kind: 'dword', data: 1 },
      ],
    },
    {
      path: 'Partners\\StandbyA',
      values: [
        { name: 'Address', kind: 'sz', data: spec.partnerAddress },
        { name: 'Port', kind: 'dword', data: 5481 },
        { name: 'Compress', kind: 'dword', data: 0 },
        { name: 'BackupAddress', kind: 'sz', data: '' },
        { name: 'BackupPort', kind: 'dword', data: 5481 },
        { name: 'ICMPMonitors', kind: 'multi', data: ['10.0.0.1', '10.0.0.254'] },
        { name: 'Interleave', kind: 'dword', data: 4 },
        { name: 'TransferTimeout', kind: 'dword', data: 30 },
        { name: 'HeartbeatTimeout', kind: 'dword', data: 10 },
      ],
    },
    { path: 'Historic', values: [{ name: 'ModifiedWritableWeeks', kind: 'dword', data: 520 }, { name: 'AnnotationWritableWeeks', kind: 'dword', data: 520 }] },
  ];
  for (const type of ['HistoricData', 'EventJournal', 'AlarmSummary', 'ConfigChanges']) {
    fixed.push({
      path: `Historic\\${type}`,
      values: [
        { name: 'Enabled', kind: 'dword', data: type === 'AlarmSummary' ? 0 : 1 },
        { name: 'KeepOnlineWeeks', kind: 'dword', data: 156 },
        { name: 'ArchiveAfterWeeks', kind: 'dword', data: 4 },
        { name: 'StreamSize', kind: 'dword', data: 4096 },
        { name: 'CacheSize', kind: 'dword', data: 64 },
      ],
    });
  }
  const flags = ['ExclusiveControl', 'EventJournal', 'HistoricData', 'HistoricValidation', 'HistoricFiles', 'AlarmsAndEvents', 'QualityClassification', 'AlarmResponse', 'ConfigChangesAuditing'];
  fixed.push({ path: 'Features', values: flags.map((f) => ({ name: f, kind: 'dword', data: 1 }) as GenValue) });
  fixed.push({ path: 'GlobalParameters\\Drivers', values: [{ name: 'ServerPollInterval', kind: 'dword', data: 5000 }] });
  fixed.push({ path: 'GlobalParameters\\Points', values: [{ name: 'UpdateStatsMaxEntries', kind: 'dword', data: 25 }, { name: 'UpdateStatsResetHours', kind: 'dword', data: 4 }] });
  const db = 'C:\\ProgramData\\Schneider Electric\\ClearSCADA\\Database';
  const locations = ['Metadata', 'Configuration', 'Data', 'Historic', 'Journal', 'HistoricFiles', 'DataFiles', 'ArchiveIndex', 'AlarmSummary', 'ConfigChanges'];
  fixed.push({ path: 'Locations', values: locations.map((l) => ({ name: l, kind: 'sz', data: `${db}\\${l}` }) as GenValue) });
  fixed.push({
    path: 'WebX',
    values: [
      { name: 'HTTPEnabled', kind: 'dword', data: 1 },
      { name: 'HTTPPort', kind: 'dword', data: 80 },
      { name: 'HTTPSEnabled', kind: 'dword', data: 1 },
      { name: 'HTTPSPort', kind: 'dword', data: 443 },
    ],
  });
  fixed.push({ path: 'Logging', values: [{ name: 'TelnetEnabled', kind: 'dword', data: 0 }, { name: 'TelnetPort', kind: 'dword', data: 0 }, { name: 'LogDirectory', kind: 'expand', data: '%ProgramData%\\Schneider Electric\\Logs' }] });
  fixed.push({ path: 'Licence', values: [{ name: 'MachineId', kind: 'sz', data: spec.machineId }, { name: 'Redundancy', kind: 'dword', data: 1 }] });

  let count = 0;
  for (const k of fixed) {
    count += k.values.length;
    yield k;
  }
  // About half the remaining values sit in driver keys (a realistic server has tens of drivers, larger
  // synthetic ones add numbered custom drivers); the rest in unmapped tuning keys, the catch-all's work.
  const perDriverFixed = 19;
  const driverBudget = Math.max(0, Math.floor((spec.values - count) * 0.5));
  const customPerDriver = Math.max(0, Math.min(40, Math.floor(driverBudget / DRIVER_NAMES.length) - perDriverFixed));
  const drivers = Math.floor(driverBudget / (perDriverFixed + customPerDriver));
  for (let d = 0; d < drivers; d++) {
    const name = d < DRIVER_NAMES.length ? DRIVER_NAMES[d] : `Custom${String(d).padStart(5, '0')}`;
    for (const k of driverKeys(name, rnd, customPerDriver)) {
      count += k.values.length;
      yield k;
    }
  }
  // Unmapped tuning values: `Server\Tuning\Group<n>` keys of 40 values each.
  for (let g = 0; count < spec.values; g++) {
    const values: GenValue[] = [];
    const n = Math.min(40, spec.values - count);
    for (let i = 0; i < n; i++) {
      const r = rnd();
      const name = `Param${String(i).padStart(3, '0')}`;
      if (r < 0.55) values.push({ name, kind: 'dword', data: Math.floor(rnd() * 100000) });
      else if (r < 0.9) values.push({ name, kind: 'sz', data: `value-${Math.floor(rnd() * 1e9).toString(36)}` });
      else values.push({ name, kind: 'binary', data: Array.from({ length: 8 }, () => Math.floor(rnd() * 256)) });
    }
    count += n;
    yield { path: `Server\\Tuning\\Group${String(g).padStart(5, '0')}`, values };
  }
}

/**
 * The drift a real Standby shows: compression on one side, a replacement Standby's 52-week default, a driver
 * installed on the Main only, and a handful of changed values. Returns null for a key the Standby lacks.
 */
function driftKey(k: GenKey, seed: number, rate: number, counter: { i: number }): GenKey | null {
  if (k.path === 'DriverPinger' || k.path === 'DriverPinger\\Settings') return null;
  const values = k.values.map((v) => {
    const idx = counter.i++;
    if (k.path === 'Partners\\StandbyA' && v.name === 'Compress') return { ...v, data: 1 } as GenValue;
    if (k.path === 'Historic\\HistoricData' && v.name === 'KeepOnlineWeeks') return { ...v, data: 52 } as GenValue;
    if (rate === 0 || hash01(seed, idx) >= rate) return v;
    if (v.kind === 'dword') return { ...v, data: v.data + 1 };
    if (v.kind === 'sz') return { ...v, data: v.data + '-standby' };
    return v;
  });
  return { path: k.path, values };
}

export interface PairSpec {
  /** Approximate settings per server. */
  settings: number;
  seed: number;
  /** Fraction of values that drift on the Standby (default 0.002: a realistic handful). */
  driftRate?: number;
  /** Suffix for labels and addresses, so that fleet pairs are distinct. */
  name?: string;
}

function serverSpec(p: PairSpec, role: 'main' | 'standby'): ServerSpec {
  const n = p.name ?? 'site';
  const main = `${n}-scada-a`;
  const standby = `${n}-scada-b`;
  return {
    values: p.settings,
    seed: p.seed,
    label: role === 'main' ? main.toUpperCase() : standby.toUpperCase(),
    address: role === 'main' ? main : standby,
    partnerAddress: role === 'main' ? standby : main,
    machineId: `${role === 'main' ? 'A' : 'B'}${(p.seed >>> 0).toString(16).padStart(8, '0')}`,
  };
}

/** The text of both exports of a pair, block by block, so that large files stream to disk. */
export function* pairBlocks(p: PairSpec): Generator<{ main: string; standby: string }> {
  const header = 'Windows Registry Editor Version 5.00\r\n\r\n';
  yield { main: header, standby: header };
  // Same seed, same structure: the two streams stay key-aligned; only identity values and drift differ.
  const standbyKeys = serverKeys(serverSpec(p, 'standby'));
  const counter = { i: 0 };
  for (const mk of serverKeys(serverSpec(p, 'main'))) {
    const sk = driftKey(standbyKeys.next().value as GenKey, p.seed ^ 0x5bd1e995, p.driftRate ?? 0.002, counter);
    yield { main: keyBlock(mk), standby: sk === null ? '' : keyBlock(sk) };
  }
}

const BOM = Buffer.from([0xff, 0xfe]);

/** Writes a chunk and waits for the stream to drain when its buffer is full (listener attached before waiting). */
function writeDrained(stream: WriteStream, chunk: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (stream.write(chunk)) resolve();
    else stream.once('drain', () => resolve());
  });
}

/** Writes a pair of exports as `reg export` does (UTF-16LE with BOM, CRLF); returns their sizes in bytes. */
export async function writePair(mainFile: string, standbyFile: string, p: PairSpec): Promise<{ mainBytes: number; standbyBytes: number }> {
  mkdirSync(dirname(mainFile), { recursive: true });
  mkdirSync(dirname(standbyFile), { recursive: true });
  const m = createWriteStream(mainFile);
  const s = createWriteStream(standbyFile);
  m.write(BOM);
  s.write(BOM);
  let mainBytes = 2;
  let standbyBytes = 2;
  let mBuf: string[] = [];
  let sBuf: string[] = [];
  let pending = 0;
  const flush = async (): Promise<void> => {
    const mb = Buffer.from(mBuf.join(''), 'utf16le');
    const sbb = Buffer.from(sBuf.join(''), 'utf16le');
    mainBytes += mb.length;
    standbyBytes += sbb.length;
    mBuf = [];
    sBuf = [];
    pending = 0;
    await Promise.all([writeDrained(m, mb), writeDrained(s, sbb)]);
  };
  for (const b of pairBlocks(p)) {
    mBuf.push(b.main);
    sBuf.push(b.standby);
    pending += b.main.length;
    if (pending > 1 << 20) await flush();
  }
  await flush();
  await Promise.all([new Promise((r) => m.end(r)), new Promise((r) => s.end(r))]);
  return { mainBytes, standbyBytes };
}

/** Writes one export of about `bytes` bytes (a Main), for parse throughput. */
export async function writeExportOfSize(file: string, bytes: number, seed: number): Promise<number> {
  // ~82 bytes per value in UTF-16 (measured on the generator's own output).
  const tmpStandby = file + '.standby.tmp';
  const r = await writePair(file, tmpStandby, { settings: Math.max(100, Math.round(bytes / 82)), seed, driftRate: 0 });
  unlinkSync(tmpStandby);
  return r.mainBytes;
}

/** `node --import tsx test/bench/generate.ts OUTDIR SETTINGS [SEED]` writes one pair, for profiling by hand. */
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [out = 'out/gen', settings = '2000', seed = '1'] = process.argv.slice(2);
  const r = await writePair(join(out, 'main.reg'), join(out, 'standby.reg'), { settings: Number(settings), seed: Number(seed) });
  console.log(`${out}: main ${r.mainBytes} bytes, standby ${r.standbyBytes} bytes`);
}
