// A bundle's warnings are masked like every other text from the evidence: a dbsize.json error quoting a connection
// string never reaches standard error, the snapshot or the history store in clear.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

const PAIRS = join(import.meta.dirname, '..', 'fixtures', 'pairs');
const SECRET = 'DbErrPW9';

/** Every file under `dir`, as text (stored snapshots are gzipped: decompressed). */
function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => {
      const b = readFileSync(f);
      return (b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b).toString('latin1');
    })
    .join('\n');
}

/** A bundle whose dbsize.json could not measure the Data folder, with an error text holding a password. */
function bundleWithErrorText(dir: string): string {
  const bundle = join(dir, 'main');
  cpSync(join(PAIRS, 'healthy-evidence', 'main'), bundle, { recursive: true });
  const file = join(bundle, 'dbsize.json');
  const entries = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as { Location: string; Bytes: number | null; Error: string | null }[];
  const data = entries.find((e) => e.Location === 'Data') ?? assert.fail('no Data entry');
  data.Bytes = null;
  data.Error = `login failed: Server=x;User Id=sa;Password=${SECRET};`;
  // As PowerShell 5.1's ConvertTo-Json | Set-Content -Encoding UTF8 writes it: UTF-8 with a BOM, CRLF.
  writeFileSync(file, `\uFEFF${JSON.stringify(entries, null, 4).replaceAll('\n', '\r\n')}`);
  return bundle;
}

const RUNS: { name: string; args: (bundle: string, dir: string) => string[]; written: (dir: string) => string }[] = [
  { name: 'collect -o: standard error and the snapshot', args: (b, d) => ['collect', b, '-o', join(d, 'main.json')], written: (d) => readFileSync(join(d, 'main.json'), 'utf8') },
  { name: 'record: the history store', args: (b, d) => ['record', b, '--pair', 'North/scada', '--store', join(d, 'store'), '--author', 't'], written: (d) => allText(join(d, 'store')) },
];
for (const r of RUNS) {
  test(`a bundle warning holding a password is masked: ${r.name}`, async () => {
    const t = tempDir('pairaudit-warn-secret-');
    try {
      const bundle = bundleWithErrorText(t.dir);
      const run = await runCli(r.args(bundle, t.dir), { cwd: t.dir, now: '2026-11-20T09:20:00Z' });
      assert.equal(run.code, 0, run.stderr);
      const written = r.written(t.dir);
      for (const [where, text] of [['standard error', run.stderr], ['standard output', run.stdout], ['written', written]]) assert.ok(!text.includes(SECRET), `${where}: ${text.slice(0, 2000)}`);
      assert.ok(written.includes('Password=(hidden);'), 'the warning is kept, masked');
      if (r.name.startsWith('collect')) {
        const s = JSON.parse(written) as { warnings?: { file: string; message: string }[] };
        assert.ok(s.warnings?.some((w) => w.file === 'dbsize.json' && w.message.includes('was not measured: login failed: Server=x;User Id=sa;Password=(hidden);')), JSON.stringify(s.warnings));
      }
    } finally {
      t.cleanup();
    }
  });
}
