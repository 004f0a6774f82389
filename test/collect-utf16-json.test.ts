// Snapshot JSON and saved results written by Windows PowerShell 5.1's `>` (UTF-16LE with a BOM, CRLF) are read as
// every other input is, by their byte-order mark; a JSON syntax error is one printable line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './cli-harness.js';
import { tempDir } from './history-fixtures.js';

const HEALTHY = join(import.meta.dirname, '..', 'fixtures', 'pairs', 'healthy');
const opts = (cwd: string) => ({ cwd, now: '2026-11-25T12:00:00Z', env: { PAIRAUDIT_SECRET_KEY: 'k' } });

/** How `text` is saved: as pairaudit wrote it, or as PowerShell 5.1's `>` re-encodes it. */
const ENCODINGS: { name: string; bytes: (text: string) => Buffer }[] = [
  { name: 'UTF-8', bytes: (t) => Buffer.from(t, 'utf8') },
  { name: 'UTF-16LE with BOM, CRLF (PowerShell 5.1 `>`)', bytes: (t) => Buffer.from(`\uFEFF${t.replace(/\n/g, '\r\n')}`, 'utf16le') },
  { name: 'UTF-16BE with BOM', bytes: (t) => Buffer.from(`\uFEFF${t}`, 'utf16le').swap16() },
];

for (const enc of ENCODINGS) {
  test(`snapshots and a saved result read in ${enc.name}: the same audit and report as from UTF-8`, async () => {
    const { dir, cleanup } = tempDir('pairaudit-utf16-json-');
    try {
      for (const role of ['main', 'standby-a']) {
        const c = await runCli(['collect', join(HEALTHY, role)], opts(dir));
        assert.equal(c.code, 0, c.stderr);
        writeFileSync(join(dir, `${role}.json`), enc.bytes(c.stdout));
      }
      const fromBundles = await runCli(['audit', join(HEALTHY, 'main'), join(HEALTHY, 'standby-a'), '-f', 'json', '--fail-on', 'none'], opts(dir));
      const fromSnapshots = await runCli(['audit', 'main.json', 'standby-a.json', '-f', 'json', '--fail-on', 'none'], opts(dir));
      assert.equal(fromSnapshots.code, 0, fromSnapshots.stderr);
      const verdict = (out: string): unknown => (JSON.parse(out) as { verdict: unknown; totals: unknown }).totals;
      assert.deepEqual(verdict(fromSnapshots.stdout), verdict(fromBundles.stdout));
      writeFileSync(join(dir, 'result.json'), enc.bytes(fromBundles.stdout));
      writeFileSync(join(dir, 'result-utf8.json'), fromBundles.stdout);
      const report = await runCli(['report', 'result.json', '-f', 'md'], opts(dir));
      assert.equal(report.code, 0, report.stderr);
      assert.equal(report.stdout, (await runCli(['report', 'result-utf8.json', '-f', 'md'], opts(dir))).stdout);
    } finally {
      cleanup();
    }
  });
}

const BROKEN: { name: string; command: string[]; text: string; line: number; hint: RegExp }[] = [
  { name: 'a result cut short (pretty-printed: a line break in the quoted text)', command: ['report'], text: '{\n  "tool": {\n    "name": "pairaudit",\n\t"x": \u0001', line: 4, hint: /save a result with/ },
  { name: 'a snapshot cut short', command: ['collect'], text: '{\r\n  "schemaVersion": 4,\r\n  "server": ', line: 3, hint: /expected a snapshot written by `pairaudit collect`/ },
];

for (const b of BROKEN) {
  for (const enc of ENCODINGS) {
    test(`${b.name}, ${enc.name}: not valid JSON, said on one printable line naming the file`, async () => {
      const { dir, cleanup } = tempDir('pairaudit-utf16-json-');
      try {
        writeFileSync(join(dir, 'x.json'), enc.bytes(b.text));
        const r = await runCli([...b.command, 'x.json'], opts(dir));
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, new RegExp(`^pairaudit: x\\.json: line ${b.line}: not valid JSON \\(`));
        assert.match(r.stderr, b.hint);
        assert.equal(r.stderr.indexOf('\n'), r.stderr.length - 1, r.stderr);
        // eslint-disable-next-line no-control-regex -- no control character may reach the terminal
        assert.doesNotMatch(r.stderr.slice(0, -1), /[\u0000-\u001f\u007f-\u009f\ufffd]/);
      } finally {
        cleanup();
      }
    });
  }
}
