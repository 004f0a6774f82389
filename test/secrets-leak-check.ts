// Shared by the secret tests: a command's report in every format it offers, every file of a history store as
// text, and the check that no secret appears in any of them.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { TestContext } from 'node:test';
import { DEFAULT_SECRET_CONTENT, HIDDEN, SecretDetector, defaultSecretDetector, maskFreeText } from '../src/snapshot/secrets.js';
import { parseSnapshotJson } from '../src/snapshot/validate.js';
import type { Snapshot } from '../src/types.js';
import { pdfText, runCli } from './history-fixtures.js';

/** The ClearSCADA key, below which an export's keys are. */
export const CLEARSCADA_ROOT = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA';

/**
 * A ClearSCADA export as regedit writes it (its version 5 header, CRLF) of a server labelled `label` (the Server
 * key's Label), then each key of `keys` with its value lines: below the ClearSCADA key, or a whole path (`HKEY_…`).
 */
export function clearScadaExport(label: string, keys: Readonly<Record<string, readonly string[]>>): string {
  const lines = ['Windows Registry Editor Version 5.00', '', `[${CLEARSCADA_ROOT}\\Server]`, `"Label"="${label}"`, ''];
  for (const [key, values] of Object.entries(keys)) lines.push(`[${key.startsWith('HKEY_') ? key : `${CLEARSCADA_ROOT}\\${key}`}]`, ...values, '');
  return lines.join('\r\n');
}

/** `text` as UTF-16LE with a byte-order mark, as regedit writes an export. */
export const utf16Export = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

export const AUDIT_FORMATS = ['text', 'json', 'junit', 'markdown', 'html', 'pdf'] as const;
export const CHANGES_FORMATS = ['text', 'json', 'markdown', 'html', 'pdf'] as const;

/**
 * `pairaudit <args>` once per format (PDF through a file and pdftotext; skipped without it, as pdfText says):
 * format → what it wrote. `codes` are the exit codes accepted.
 */
export async function everyFormat(t: TestContext, args: string[], opts: { cwd: string; now?: string; env?: Record<string, string | undefined> }, formats: readonly string[], codes: readonly number[] = [0, 1]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of formats) {
    if (f === 'pdf') {
      const file = join(opts.cwd, `report-${args[0]}-${Object.keys(out).length}.pdf`);
      const r = await runCli([...args, '-o', file, '-q'], opts);
      assert.ok(codes.includes(r.code), `${args.join(' ')} -o ${file}: exit ${r.code}: ${r.stderr}`);
      const text = pdfText(t, file);
      if (text !== undefined) out[f] = text + r.stderr;
      continue;
    }
    const r = await runCli([...args, '-f', f], opts);
    assert.ok(codes.includes(r.code), `${args.join(' ')} -f ${f}: exit ${r.code}: ${r.stderr}`);
    out[f] = r.stdout + r.stderr;
  }
  return out;
}

/** Every file under `dir` as text (gzip files decompressed): relative path → text. */
export function storeFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const bytes = readFileSync(p);
        out[relative(dir, p)] = (p.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
      }
    }
  };
  walk(dir);
  return out;
}

/** Asserts that no secret appears in any of the texts (named by their key), case-insensitively. */
export function assertNoSecret(secrets: readonly string[], texts: Record<string, string>): void {
  assert.ok(Object.keys(texts).length > 0, 'nothing to search');
  for (const [where, text] of Object.entries(texts)) {
    const lower = text.toLowerCase();
    for (const s of secrets) assert.ok(!lower.includes(s.toLowerCase()), `${where} shows ${s}`);
  }
}

/**
 * A pair whose exports (text, or bytes such as utf16Export's) hold secrets under names that are no secret's, end to end: audited in every format, collected,
 * recorded into a store, the Standby's secrets renewed (`exportOf(label, sig)` with sig `renewed`) and audited again
 * with --record, then the store's change records in every format and every file of the store. None shows `secrets`
 * (nor `renewed`). Gives the first audit's outputs and the Main's collected snapshot, for what a caller checks beside.
 */
export async function assertNoSecretEndToEnd(t: TestContext, exportOf: (label: string, sig: string) => string | Buffer, sig: { main: string; standby: string; renewed: string }, secrets: readonly string[]): Promise<{ audit: Record<string, string>; main: Snapshot }> {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-secrets-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const main = join(dir, 'main.reg');
  const standby = join(dir, 'standby.reg');
  writeFileSync(main, exportOf('NORTH-A', sig.main));
  writeFileSync(standby, exportOf('NORTH-B', sig.standby));
  const opts = { cwd: dir, now: '2026-11-20T09:20:00Z' };
  const audit = await everyFormat(t, ['audit', main, standby], opts, AUDIT_FORMATS);
  assertNoSecret(secrets, audit);
  const collected = await runCli(['collect', main], opts);
  assert.equal(collected.code, 0, collected.stderr);
  assertNoSecret(secrets, { collect: collected.stdout + collected.stderr });
  const store = join(dir, 'store');
  for (const [file, role] of [[main, 'main'], [standby, 'standby-a']]) {
    const r = await runCli(['record', file, '--pair', 'NORTH', '--role', role, '--at', '2026-11-20T09:00:00Z', '--store', store], opts);
    assert.equal(r.code, 0, r.stderr);
    assertNoSecret(secrets, { record: r.stdout + r.stderr });
  }
  // Renewed: a change of the hidden part, journalled without it.
  writeFileSync(standby, exportOf('NORTH-B', sig.renewed));
  const again = await runCli(['audit', main, standby, '--pair', 'NORTH', '--record', '--at', '2026-11-20T09:10:00Z', '--store', store, '-f', 'json'], opts);
  assert.notEqual(again.code, 2, again.stderr);
  const all = [...secrets, sig.renewed];
  assertNoSecret(all, { audit: again.stdout + again.stderr });
  assertNoSecret(all, await everyFormat(t, ['changes', '--store', store], opts, CHANGES_FORMATS));
  assertNoSecret(all, storeFiles(store));
  return { audit, main: parseSnapshotJson(collected.stdout, 'collect output') };
}

/**
 * Each row's data (REG_SZ, or a list as REG_MULTI_SZ) found partly secret by the default content patterns and masked
 * as the row says, with its hidden parts beside it; masked once it reads as masked (nothing more to hide); and each
 * text of `stays` found to hold no secret.
 */
export function assertContentRows(rows: readonly (readonly [string | string[], string | string[]])[], stays: readonly string[]): void {
  const d = new SecretDetector();
  for (const [data, masked] of rows) {
    const type = Array.isArray(data) ? 'REG_MULTI_SZ' : 'REG_SZ';
    const got = d.inspectContent(data, type);
    assert.equal(got.kind, 'partial', JSON.stringify(data));
    if (got.kind !== 'partial') continue;
    assert.deepEqual(got.masked, masked, JSON.stringify(data));
    assert.ok(got.parts.length > 0 && got.parts.every((p) => !p.includes(HIDDEN)), JSON.stringify(got.parts));
    assert.equal(d.inspectContent(got.masked, type).kind, 'none', `again: ${JSON.stringify(masked)}`);
  }
  for (const text of stays) assert.deepEqual(d.inspectContent(text, 'REG_SZ'), { kind: 'none' }, text);
}

/** Each row's text masked in free text as in a registry value, and each text of `stays` left as it is. */
export function assertFreeTextRows(rows: readonly (readonly [string | string[], string | string[]])[], stays: readonly string[]): void {
  for (const [data, masked] of rows) if (typeof data === 'string') assert.equal(maskFreeText(data), masked, data);
  for (const text of stays) assert.equal(maskFreeText(text), text, text);
}

/** [value name, its data for a server's `sig`, the data the Main's snapshot shows]: a row of an end-to-end table. */
export type ValueRow = readonly [name: string, data: (sig: string) => string, shown: string];

/**
 * The rows' values, under names no secret's pattern reads (asserted), through assertNoSecretEndToEnd, and each shown
 * in the Main's snapshot as its row says; `byValue` reads the Main's value of another value name.
 */
export async function assertValuesEndToEnd(t: TestContext, values: readonly ValueRow[], exportOf: (label: string, sig: string) => string | Buffer, sig: { main: string; standby: string; renewed: string }): Promise<{ byValue: (valueName: string) => unknown }> {
  const d = defaultSecretDetector();
  for (const [name] of values) assert.equal(d.isSecretName(name), false, `${name}: found by its content, not by its name`);
  const { main } = await assertNoSecretEndToEnd(t, exportOf, sig, [sig.main, sig.standby]);
  const byValue = (valueName: string): unknown => Object.values(main.settings).find((s) => s.source.valueName === valueName)?.value;
  for (const [name, , shown] of values) assert.equal(byValue(name), shown, name);
  return { byValue };
}

/**
 * The default patterns' shortcuts (the one scan for the characters and pieces a match needs, each pattern's cheap
 * test) find what the patterns themselves find, in each text as REG_SZ, as a list element and with no type.
 */
export function assertShortcutsAgree(texts: readonly string[]): void {
  const fast = new SecretDetector();
  // `(?:)` changes no match, but the patterns are no longer the defaults the shortcuts are known for.
  const slow = new SecretDetector(undefined, DEFAULT_SECRET_CONTENT.map((p) => ({ ...p, pattern: `(?:)${p.pattern}` })));
  for (const text of texts) {
    assert.deepEqual(fast.inspectContent(text, 'REG_SZ'), slow.inspectContent(text, 'REG_SZ'), text);
    assert.deepEqual(fast.inspectContent([text, 'x'], 'REG_MULTI_SZ'), slow.inspectContent([text, 'x'], 'REG_MULTI_SZ'), `list: ${text}`);
    assert.deepEqual(fast.inspectContent(text), slow.inspectContent(text), `no type: ${text}`);
  }
}
