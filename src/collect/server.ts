// collectServer: one server's snapshot from a registry export file, a bundle folder, or a snapshot JSON.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, sep } from 'node:path';
import type { Buffer } from 'node:buffer';
import { InputError, naming, UsageError } from '../errors.js';
import type { RegTree, Role, Snapshot, SourceFile } from '../types.js';
import { buildSnapshot } from '../snapshot/build.js';
import { parseSnapshotJson } from '../snapshot/validate.js';
import type { Profile } from '../snapshot/profile.js';
import { SecretDetector } from '../snapshot/secrets.js';
import { protectSnapshot } from '../snapshot/protect.js';
import { parseRegistry, readExportOrBytes } from './registry/index.js';
// bundle.ts (and the evidence parsers it loads) only when the input is a bundle folder.
import { sourceFile, sourceRecord } from './source-record.js';
import { parseCollectionTime } from './manifest.js';
import { defaultProfile } from './profile/load.js';
import { refuseSpecialFile } from './input.js';
import { decodeWrittenText } from '../text-file.js';

export interface CollectOptions {
  /** Version from the edge (RunContext). There is no clock: an input that records no collection time has none. */
  toolVersion: string;
  /** Collection time when the input does not record one (a bundle manifest or snapshot does); ISO 8601. */
  at?: string;
  lenient?: boolean;
  /** Default: the bundled Geo SCADA profile. */
  profile?: Profile;
  secretKey?: string | Uint8Array;
  role?: Role;
  label?: string;
  instance?: string;
  /** How to name the input in error messages (e.g. the path as the user typed it); default: the path. */
  displayName?: string;
  /** Input files larger than this are refused (exit 2); default 512 MB. */
  maxInputSize?: number;
}

/** The recorded collection time, else `--at`, else none (unknown: never the time of reading). */
function collectedAt(opts: CollectOptions, recorded?: string): string | undefined {
  if (recorded !== undefined) return recorded;
  if (opts.at !== undefined) {
    const at = parseCollectionTime(opts.at);
    if (at === undefined) throw new UsageError(`--at ${JSON.stringify(opts.at)} is not an ISO 8601 time; write e.g. 2026-11-25T12:00:00Z`);
    return at;
  }
  return undefined;
}

const collector = (opts: CollectOptions): { name: string; version: string } => ({ name: 'pairaudit', version: opts.toolVersion });

/**
 * The first character after any byte-order mark that is not whitespace: `{` starts a snapshot, `[` a list of them; a
 * registry export never does. UTF-16 too: Windows PowerShell 5.1's `>` writes `pairaudit collect`'s output as UTF-16LE.
 */
function firstJsonChar(bytes: Uint8Array): number | undefined {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  const width = le || be ? 2 : 1;
  let i = le || be ? 2 : bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (; i + width <= bytes.length; i += width) {
    const c = width === 1 ? bytes[i] : le ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return c;
  }
  return undefined;
}

function withOverrides(s: Snapshot, opts: CollectOptions): Snapshot {
  const at = s.collected.at === undefined ? collectedAt(opts) : undefined;
  if (at !== undefined) s = { ...s, collected: { at, ...s.collected } };
  if (opts.role === undefined && opts.label === undefined) return s;
  return { ...s, server: { ...s.server, ...(opts.role !== undefined ? { role: opts.role } : {}), ...(opts.label !== undefined ? { label: opts.label } : {}) } };
}

/**
 * Builds a snapshot from the bytes of one file: a snapshot JSON (validated, returned as is apart from
 * --role/--label, and --at when it records no time) or a registry export (`.reg` of either version, or `reg query /s` text). `name` is
 * the file name recorded in sources and provenance.
 */
export function collectFromBytes(bytes: Uint8Array, name: string, opts: CollectOptions): Snapshot {
  // --at is checked whether or not this input needs it: a bad value is a mistake even when every input records its time.
  collectedAt(opts);
  const first = firstJsonChar(bytes);
  if (first === 0x7b) {
    // A snapshot file may come from elsewhere: secrets left in clear are hidden as `collect` would have.
    const detector = SecretDetector.fromProfile(opts.profile ?? defaultProfile());
    return withOverrides(protectSnapshot(parseSnapshotJson(decodeWrittenText(bytes, name), name), detector, opts.secretKey), opts);
  }
  if (first === 0x5b) throw new InputError(name, undefined, 'holds a list of snapshots (as `pairaudit collect a b` writes); give each server its own snapshot file, e.g. `pairaudit collect a -o a.json`');
  const tree = parseRegistry(bytes, { file: name, lenient: opts.lenient });
  return snapshotOf(tree, sourceFile(tree.format === 'reg-query' ? 'reg-query' : 'registry', name, bytes), opts);
}

/** The snapshot of one parsed export file. */
function snapshotOf(tree: RegTree, source: SourceFile, opts: CollectOptions): Snapshot {
  return buildSnapshot({
    trees: [{ tree, source }],
    collectedAt: collectedAt(opts),
    collector: collector(opts),
    profile: opts.profile ?? defaultProfile(),
    secretKey: opts.secretKey,
    role: opts.role,
    label: opts.label,
    instance: opts.instance,
    refuseSubkeyExport: true,
  });
}

/**
 * One server's snapshot from `path`: a bundle folder, a registry export file, or a snapshot JSON.
 * Files are named by their base name (bundle files by their name in the folder), so the snapshot does not
 * depend on where the input was stored. Collection time: the bundle manifest's, else `at`, else none.
 */
/** On Linux or macOS, a path written the Windows way (`D:\\audit\\main`) names nothing: say so. */
function windowsPathHint(path: string): string | undefined {
  if (sep !== '/' || !path.includes('\\')) return undefined;
  return 'this is a Windows path and this machine is not Windows: copy the bundle here and give its path with / (e.g. audit/main)';
}

export async function collectServer(path: string, opts: CollectOptions): Promise<Snapshot> {
  collectedAt(opts);
  const shown = opts.displayName ?? path;
  let isDir: boolean;
  try {
    const st = await stat(path);
    isDir = st.isDirectory();
    // Before opening: opening a FIFO blocks until something writes to it.
    refuseSpecialFile(st, shown);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(shown, undefined, code === 'ENOENT' ? `no such file or folder; ${windowsPathHint(shown) ?? 'check the path'}` : `cannot be read (${code ?? 'error'})`);
  }
  if (!isDir) {
    // A UTF-16LE export is parsed as it is read, hashed a chunk at a time for its source record, never held whole.
    const hash = createHash('sha256');
    let size = 0;
    const onBytes = (b: Uint8Array): void => {
      hash.update(b);
      size += b.byteLength;
    };
    // The snapshot names the file by its base name; an error names it as given (two bare `ClearSCADA.reg` differ).
    const name = basename(path);
    let read: { tree: RegTree } | { bytes: Buffer };
    try {
      read = await readExportOrBytes(path, shown, { displayName: name, lenient: opts.lenient, maxBytes: opts.maxInputSize, onBytes });
    } catch (e) {
      // System errors (EACCES, EIO...) become one line naming the file; parse errors and bugs pass through.
      const code = (e as NodeJS.ErrnoException).code;
      if (e instanceof InputError || typeof code !== 'string') throw naming(e, name, shown);
      throw new InputError(shown, undefined, `cannot be read (${code})`);
    }
    try {
      if ('bytes' in read) return collectFromBytes(read.bytes, name, opts);
      return snapshotOf(read.tree, sourceRecord('registry', name, size, hash.digest('hex')), opts);
    } catch (e) {
      throw naming(e, name, shown);
    }
  }
  const { readBundle, inBundle } = await import('./bundle.js');
  const b = await readBundle(path, { lenient: opts.lenient, displayName: shown, maxInputSize: opts.maxInputSize, instance: opts.instance });
  const fromManifest = opts.instance === undefined && b.manifest?.instance !== undefined;
  try {
    return buildSnapshot({
      trees: b.trees,
      volumes: b.volumes,
      host: b.host,
      extraSources: b.extraSources,
      collectedAt: collectedAt(opts, b.manifest?.collectedAt),
      collector: collector(opts),
      profile: opts.profile ?? defaultProfile(),
      secretKey: opts.secretKey,
      role: opts.role ?? b.manifest?.role,
      label: opts.label,
      instance: opts.instance ?? b.manifest?.instance,
      ...(fromManifest ? { instanceFrom: 'bundle.json' } : {}),
      warnings: b.warnings,
      derive: b.derive,
      refuseSubkeyExport: true,
    });
  } catch (e) {
    throw inBundle(e, shown);
  }
}
