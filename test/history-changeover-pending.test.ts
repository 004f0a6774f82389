// A changeover that an interrupted `check --record` left out (killed between its audit entry and its changeover
// entry): `changes` lists it, marked pending, in every format, and writes nothing; the next write journals it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { canonical } from '../src/history/hash.js';
import { bundleCopy, entryFile, fixtureBundle, pdfText, readEntry, runCli, tempDir } from './history-fixtures.js';

interface ChangesJson {
  counts: { changeovers: number };
  changeovers: { seq: number; pending?: boolean; who: string; mainAfter: { name: string } }[];
}

test('changes lists the changeover an interrupted check --record left out as pending, in every format, without writing', async (t) => {
  const d = tempDir();
  try {
    const store = join(d.dir, 'store');
    const run = (argv: string[], now = '2026-11-24T12:00:00Z') => runCli([...argv, '--store', store], { cwd: d.dir, now });
    const check = (inputs: string[], now: string) => run(['check', ...inputs, '--pair', 'P', '--record', '--author', 'J. Smith', '-f', 'json', '-o', join(d.dir, 'c.json')], now);
    await check([bundleCopy(d.dir, 'n1', fixtureBundle('healthy', 'main'), '2026-11-24T10:00:00Z'), bundleCopy(d.dir, 'n2', fixtureBundle('healthy', 'standby-a'), '2026-11-24T10:00:30Z')], '2026-11-24T10:05:00Z');
    const r = await check([bundleCopy(d.dir, 'n2-post', fixtureBundle('healthy', 'standby-a'), '2026-11-24T11:00:20Z', 'main'), bundleCopy(d.dir, 'n1-post', fixtureBundle('healthy', 'main'), '2026-11-24T11:00:00Z', 'standby-a')], '2026-11-24T11:05:00Z');
    assert.match(r.stderr, /changeover of P recorded as journal entry 7/);
    // Killed after entry 6: entry 7 never written.
    rmSync(entryFile(store, 7));
    writeFileSync(join(store, 'head.json'), `${canonical({ hash: readEntry(store, 6).hash, seq: 6 })}\n`);
    const state = () => [readdirSync(join(store, 'journal')).join(','), readFileSync(join(store, 'head.json'), 'utf8')];
    const before = state();

    const view = JSON.parse((await run(['changes', '-f', 'json'])).stdout) as ChangesJson;
    assert.equal(view.counts.changeovers, 1);
    const [pending] = view.changeovers;
    assert.deepEqual([pending.seq, pending.pending, pending.mainAfter.name], [7, true, 'NORTH-B (SCADA-N2)']);
    assert.match(pending.who, /^J\. Smith \(PENDING: not journalled yet, an interrupted check --record left it out; the next command that writes to the store journals it as entry 7\)$/);
    const cases: [string[], RegExp[]][] = [
      [[], [/\* \[7\] P: Main NORTH-A \(SCADA-N1\) → NORTH-B \(SCADA-N2\) \(pending\)\n/, /recorded by J\. Smith \(PENDING: not journalled yet/]],
      [['--changeovers'], [/\* \[7\] P: Main NORTH-A \(SCADA-N1\) → NORTH-B \(SCADA-N2\) \(pending\)\n/]],
      [['-f', 'markdown'], [/\n\| 7 \(pending\) \| P \| NORTH-A \(SCADA-N1\) → NORTH-B \(SCADA-N2\) \|.*\| J\. Smith \(PENDING: not journalled yet/]],
      [['--changeovers', '-f', 'markdown'], [/## Changeover 7: P\n\n- \*\*Main NORTH-A \(SCADA-N1\) → NORTH-B \(SCADA-N2\) \(pending\)\*\*/]],
      [['-f', 'html'], [/<td>J\. Smith \(PENDING: not journalled yet, an interrupted check --record left it out; the next command that writes to the store journals it as entry 7\)<\/td>/, /<tr><td>7 <span class="badge-pending">PENDING<\/span><\/td><td>P<\/td>/]],
      [['--changeovers', '-f', 'html'], [/<p class="move"><strong>Main NORTH-A \(SCADA-N1\) → NORTH-B \(SCADA-N2\) \(pending\)<\/strong><\/p>/, /<h2 id="changeover-7-title">Changeover 7 <span class="badge-pending">PENDING<\/span>: P<\/h2>/]],
    ];
    for (const [argv, expected] of cases) {
      const out = await run(['changes', ...argv]);
      assert.equal(out.code, 0, out.stderr);
      for (const re of expected) assert.match(out.stdout, re, argv.join(' '));
    }
    // In the PDF too, a PENDING badge beside the entry number: under it in the list, after the heading of its section.
    const pdfCases: [string[], string, RegExp][] = [
      [[], '(PENDING:', /^ *7 +P +NORTH-A.*\n *PENDING\n/m],
      [['--changeovers'], 'Main NORTH-A (SCADA-N1) → NORTH-B (SCADA-N2) (pending)', /^ *Changeover 7: P +PENDING\n/m],
    ];
    for (const [argv, expected, badge] of pdfCases) {
      const pdf = join(d.dir, `${argv.length}.pdf`);
      assert.equal((await run(['changes', ...argv, '-o', pdf])).code, 0);
      const read = pdfText(t, pdf);
      if (read === undefined) continue;
      assert.ok(read.replace(/\s+/g, ' ').includes(expected), `${argv.join(' ')} PDF lacks ${expected}:\n${read}`);
      assert.match(read, badge, `${argv.join(' ')} PDF`);
    }
    // A saved record keeps the mark when re-rendered.
    assert.equal((await run(['changes', '-f', 'json', '-o', join(d.dir, 'saved.json')])).code, 0);
    const again = await runCli(['report', join(d.dir, 'saved.json')], { cwd: d.dir });
    assert.match(again.stdout, /\(pending\)\n/);
    assert.deepEqual(state(), before, 'changes wrote nothing');
    assert.match((await run(['verify'])).stdout, /the changeover entry after it was not written/);

    // The next write journals it; changes then lists it as any other.
    assert.equal((await run(['note', '7', '--text', 'test changeover done'])).code, 0);
    const after = JSON.parse((await run(['changes', '-f', 'json'])).stdout) as ChangesJson;
    assert.deepEqual(after.changeovers.map((c) => [c.seq, c.pending, c.who]), [[7, undefined, 'J. Smith']]);
    // Filtered like the recorded ones: another pair's record does not show it.
    rmSync(entryFile(store, 8));
    rmSync(entryFile(store, 7));
    writeFileSync(join(store, 'head.json'), `${canonical({ hash: readEntry(store, 6).hash, seq: 6 })}\n`);
    assert.equal((JSON.parse((await run(['changes', '-f', 'json', '--until', '2026-11-24T10:30:00Z'])).stdout) as ChangesJson).counts.changeovers, 0);
  } finally {
    d.cleanup();
  }
});
