// Change records: the view model, every format, the HTML page in Chromium and the PDF read back with pdftotext.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test, type TestContext } from 'node:test';
import { chromium } from 'playwright-core';
import { makeSnapshot, pdfText, runCli, tempDir, writeSnapshotFile } from './history-fixtures.js';
import { chromiumArgs, chromiumPath, missing } from './prerequisites.js';

const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';

/** A store with two servers of one pair: documented, undocumented, secret and hostile-valued changes. */
async function buildRecord(dir: string): Promise<string> {
  const store = join(dir, 'store');
  const snap = (name: string, label: string, at: string, values: Parameters<typeof makeSnapshot>[2]) => writeSnapshotFile(dir, name, makeSnapshot(label, at, values));
  const base = { 'db.port': 5481, 'historic.historicData.keepOnlineWeeks': 156, 'webx.password': { secret: true as const, set: true, hmac: '1'.repeat(64) } };
  // Each step an hour or two after its evidence was collected (a period holds a change first seen or recorded in it).
  const steps: [string[], string][] = [
    [['record', snap('a1.json', 'SCADA-A', '2026-11-01T08:00:00Z', base), '--pair', 'Plant North', '--role', 'main'], '2026-11-01T09:00:00Z'],
    [['record', snap('b1.json', 'SCADA-B', '2026-11-01T08:00:00Z', base), '--pair', 'Plant North', '--role', 'standby-a'], '2026-11-01T09:00:00Z'],
    [['record', snap('b2.json', 'SCADA-B', '2026-11-20T08:00:00Z', { ...base, 'db.port': 5482, 'historic.historicData.keepOnlineWeeks': 52 }), '--ticket', 'CHG-1042', '--author', 'j.smith'], '2026-11-20T09:00:00Z'],
    [['note', '3.2', '--text', 'Replacement standby: retention reset by installer', '--author', 'k.jones'], '2026-11-20T10:00:00Z'],
    [['record', snap('a2.json', 'SCADA-A', '2026-11-21T08:00:00Z', { ...base, 'webx.password': { secret: true, set: true, hmac: '2'.repeat(64) }, 'reg:Server\\Comment': hostile }), '--note', 'WebX password rotated'], '2026-11-21T09:00:00Z'],
  ];
  for (const [argv, now] of steps) {
    const r = await runCli([...argv, '--store', store], { cwd: dir, now });
    assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
  }
  return store;
}

test('change record: text, json and markdown list each change with who, when, why; undocumented flagged', async () => {
  const t = tempDir();
  try {
    const store = await buildRecord(t.dir);
    const json = await runCli(['changes', '--store', store, '--format', 'json', '--site', 'North'], { cwd: t.dir, now: '2026-11-25T12:00:00Z' });
    assert.equal(json.code, 0, json.stderr);
    const view = JSON.parse(json.stdout) as { counts: Record<string, number>; changes: { id: string; server: string; setting: string; before: string; after: string; documented: boolean; who: string; why: string; ticket: string }[]; journal: { head: { seq: number } } };
    assert.deepEqual(view.counts, { changes: 4, documented: 3, undocumented: 1, servers: 2, changeovers: 0 });
    assert.deepEqual(
      view.changes.map((c) => [c.id, c.server, c.setting, c.before, c.after, c.documented, c.who, c.why, c.ticket]),
      [
        ['3.1', 'SCADA-B', 'db.port', '5481', '5482', false, 'j.smith', '', 'CHG-1042'],
        ['3.2', 'SCADA-B', 'historic.historicData.keepOnlineWeeks', '156', '52', true, 'k.jones', 'Replacement standby: retention reset by installer', 'CHG-1042'],
        ['5.1', 'SCADA-A', 'reg:Server\\Comment', '(absent)', hostile, true, 'tester', 'WebX password rotated', ''],
        ['5.2', 'SCADA-A', 'webx.password', 'set', 'set (different)', true, 'tester', 'WebX password rotated', ''],
      ],
    );
    assert.equal(view.journal.head.seq, 5);
    assert.doesNotMatch(json.stdout, /1111111111|2222222222/, 'no secret hash in a report');

    const text = await runCli(['changes', '--store', store, '--server', 'scada-b'], { cwd: t.dir });
    assert.match(text.stdout, /! \[3\.1\] SCADA-B \(Standby A\) db\.port changed\n {4}5481 → 5482/);
    assert.match(text.stdout, /- \[3\.2\] SCADA-B \(Standby A\) historic\.historicData\.keepOnlineWeeks changed/);
    assert.match(text.stdout, /UNDOCUMENTED: no note explains this change \(ticket CHG-1042\)/);
    assert.doesNotMatch(text.stdout, /SCADA-A/);

    const md = await runCli(['changes', '--store', store, '--format', 'markdown', '--since', '2026-11-21'], { cwd: t.dir });
    assert.match(md.stdout, /\| 5\.1 \| SCADA\\?-A \\?\(Main\\?\) \|/);
    assert.doesNotMatch(md.stdout, /\| 3\.1 /);
    assert.doesNotMatch(md.stdout, /<script>/, 'markdown escapes values');

    const bad = await runCli(['changes', '--store', store, '--since', 'yesterday'], { cwd: t.dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--since "yesterday": expected a date/);
  } finally {
    t.cleanup();
  }
});

test('change record HTML in Chromium: rows, undocumented highlighted and filtered, values inert, head hash shown', async (t: TestContext) => {
  const why = missing('chromium');
  if (why !== false) return t.skip(why);
  const dir = tempDir();
  try {
    const store = await buildRecord(dir.dir);
    const out = join(dir.dir, 'out', 'changes.html');
    const r = await runCli(['changes', '--store', store, '-o', out, '--site', 'North <site>', '--pair', 'Plant North'], { cwd: dir.dir, now: '2026-11-25T12:00:00Z' });
    assert.equal(r.code, 0, r.stderr);
    const again = join(dir.dir, 'out', 'again.html');
    await runCli(['changes', '--store', store, '-o', again, '--site', 'North <site>', '--pair', 'Plant North'], { cwd: dir.dir, now: '2026-11-25T12:00:00Z' });
    assert.equal(readFileSync(out, 'utf8'), readFileSync(again, 'utf8'), 'deterministic');
    const head = (JSON.parse((await runCli(['verify', '--store', store, '--format', 'json'], { cwd: dir.dir })).stdout) as { head: { hash: string } }).head.hash;

    const url = pathToFileURL(out).href;
    const context = await chromium.launchPersistentContext(join(dir.dir, 'profile'), { executablePath: chromiumPath, headless: true, args: chromiumArgs });
    try {
      const fetched: string[] = [];
      const errors: string[] = [];
      await context.route('**/*', (route) => {
        if (route.request().url() !== url) fetched.push(route.request().url());
        return route.request().url() === url ? route.continue() : route.abort();
      });
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url);
      assert.equal(await page.title(), 'Change record · site North <site>, pair Plant North');
      assert.equal(await page.locator('#changes tbody tr.c').count(), 4);
      assert.equal(await page.locator('#changes tbody tr.c.undocumented').count(), 1);
      assert.equal(await page.locator('#change-3\\.1 .badge-undoc').textContent(), 'Undocumented');
      assert.equal((await page.locator('#change-3\\.2 .why').textContent())?.includes('Replacement standby'), true);
      // The hostile value is text on the page, not markup.
      assert.equal(await page.locator('#change-5\\.1 td.val code').nth(0).textContent(), hostile);
      assert.equal(await page.evaluate('window.__pwned'), undefined);
      assert.equal(await page.locator('#journal-head').textContent(), head);

      await page.click('#only-undocumented');
      assert.equal(await page.locator('#changes tbody tr.c:not(.is-hidden)').count(), 1);
      assert.equal(await page.locator('#shown-count').textContent(), '1 shown');
      await page.click('#only-undocumented');
      await page.selectOption('#filter-server', 'scada-a');
      assert.equal(await page.locator('#changes tbody tr.c:not(.is-hidden)').count(), 2);
      assert.match((await page.locator('.signoff').textContent()) ?? '', /Approved by/);
      assert.deepEqual(errors, []);
      assert.deepEqual(fetched, [], 'the page fetches nothing');
    } finally {
      await context.close();
    }
  } finally {
    dir.cleanup();
  }
});

test('change record PDF read back with pdftotext: changes, undocumented, head hash, sign-off, page numbers', async (t: TestContext) => {
  const dir = tempDir();
  try {
    const store = await buildRecord(dir.dir);
    const pdf = join(dir.dir, 'changes.pdf');
    const r = await runCli(['changes', '--store', store, '-o', pdf, '--site', 'North'], { cwd: dir.dir, now: '2026-11-25T12:00:00Z' });
    assert.equal(r.code, 0, r.stderr);
    const again = join(dir.dir, 'again.pdf');
    await runCli(['changes', '--store', store, '-o', again, '--site', 'North'], { cwd: dir.dir, now: '2026-11-25T12:00:00Z' });
    assert.deepEqual(readFileSync(pdf), readFileSync(again), 'deterministic bytes');
    const text = pdfText(t, pdf);
    if (text === undefined) return;
    const head = (JSON.parse((await runCli(['verify', '--store', store, '--format', 'json'], { cwd: dir.dir })).stdout) as { head: { hash: string } }).head.hash;
    for (const expected of ['Change record', 'Site North', '4 change(s) on 2 server(s): 3 documented, 1 undocumented', 'db.port', '5481', '5482', 'Undocumented', 'CHG-1042', 'Replacement', head, 'Sign-off', 'Page 1 of']) {
      assert.ok(text.includes(expected), `PDF text lacks ${JSON.stringify(expected)}:\n${text}`);
    }
    assert.doesNotMatch(text, /1111111111|2222222222/);
  } finally {
    dir.cleanup();
  }
});

test('a long change record paginates with the table header on every page', async (t: TestContext) => {
  const dir = tempDir();
  try {
    const store = join(dir.dir, 'store');
    mkdirSync(join(dir.dir, 's'));
    for (let i = 0; i < 4; i++) {
      const values: Record<string, number> = {};
      for (let k = 0; k < 60; k++) values[`drivers.D${k}.logMaxSize`] = i === 0 ? k : k * 10 + i;
      const f = join(dir.dir, 's', `${i}.json`);
      writeFileSync(f, JSON.stringify(makeSnapshot('SCADA-A', `2026-11-0${i + 1}T00:00:00Z`, values)));
      assert.equal((await runCli(['record', f, '--store', store], { cwd: dir.dir })).code, 0);
    }
    const pdf = join(dir.dir, 'long.pdf');
    assert.equal((await runCli(['changes', '--store', store, '-o', pdf], { cwd: dir.dir })).code, 0);
    const text = pdfText(t, pdf);
    if (text === undefined) return;
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    assert.ok(pages.length >= 3, `expected several pages, got ${pages.length}`);
    for (const [i, page] of pages.entries()) {
      assert.match(page, new RegExp(`Page ${i + 1} of ${pages.length}`));
      if (page.includes('drivers.D')) assert.match(page, /Id\s+Server\s+Setting\s+Before\s+After/, `page ${i + 1} repeats the header`);
    }
  } finally {
    dir.cleanup();
  }
});

test('a note too long for a page is cut in the PDF above the footer, and no table header is left alone at a page foot', async (t: TestContext) => {
  const dir = tempDir();
  try {
    const store = await buildRecord(dir.dir);
    assert.equal((await runCli(['note', '3.1', '--text', `${'W'.repeat(3000)} end`, '--author', 'eve', '--store', store], { cwd: dir.dir, now: '2026-11-23T10:00:00Z' })).code, 0);
    const pdf = join(dir.dir, 'long-note.pdf');
    assert.equal((await runCli(['changes', '--store', store, '-o', pdf], { cwd: dir.dir, now: '2026-11-25T12:00:00Z' })).code, 0);
    const text = pdfText(t, pdf);
    if (text === undefined) return;
    assert.match(text.replace(/\s+/g, ' '), /\(cut; full text in the HTML or JSON report\)/);
    for (const [i, page] of text.split('\f').entries()) {
      if (/Id\s+Server\s+Setting/.test(page)) assert.match(page, /\b\d+\.\d+\b/, `page ${i + 1}: a table header with no row under it`);
    }
    // Where the words stand (pdftotext -bbox, points from the top of an A4 page, 842 high): the note's ends above
    // the footer's rule (842 - 40 margin - 18), where the page's content stops (842 - 40 - 30).
    const boxes = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
    const lowest = Math.max(...[...boxes.matchAll(/<word xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">(W{5,}|report\)|\(cut;)<\/word>/g)].map((m) => Number(m[1])));
    assert.ok(lowest > 0 && lowest <= 774, `the note's lowest word ends at ${lowest} pt, into the footer`);
  } finally {
    dir.cleanup();
  }
});

