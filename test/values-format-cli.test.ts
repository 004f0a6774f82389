// A whole pair through the CLI whose Main and Standby differ only in how a REG_MULTI_SZ splits its items (one item
// `C:\a, D:\b` against two, `C:\a` and `D:\b`): the finding says they differ, and its message now shows two texts
// that differ too, where it read `[C:\a, D:\b]` on both sides (src/engine/values.ts formatValue; the unit rows are
// test/values-format-lists.test.ts), in every format of the audit and the fleet.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AuditResult } from '../src/types.js';
import { formatNames, renderAudit } from '../src/report/index.js';
import { fleetFormatNames, renderFleet } from '../src/report/fleet/index.js';
import { redundancyProfile, runCli } from './cli-harness.js';
import { fleetOf, writeOtherLayoutPair } from './report-gathered-fixture.js';
import { pdfText } from './report-fixture.js';
import { readerLines } from './report-reader-lines.js';

const ROOT = join(import.meta.dirname, '..');
const utf16 = (s: string): string => [...Buffer.from(s, 'utf16le')].map((b) => b.toString(16).padStart(2, '0')).join(',');

// Under Redundancy\StandbyA of fixtures/inputs/other-layout, read with the profile corrected for that layout: a value
// no mapping names, its own finding of the catch-all.
const SETTING = 'reg:Redundancy\\StandbyA\\Routes';
const ON_MAIN = [`"Routes"=hex(7):${utf16('C:\\a, D:\\b\0\0')}`];
const ON_STANDBY = [`"Routes"=hex(7):${utf16('C:\\a\0D:\\b\0\0')}`];
/** The two sides as the message shows them. */
const MAIN_SHOWN = '["C:\\\\a, D:\\\\b"]';
const STANDBY_SHOWN = '["C:\\\\a", "D:\\\\b"]';
const MESSAGE = /Redundancy\\StandbyA\\Routes differs: Main has (.*), Standby A has (.*)$/m;

/** `pairaudit audit` of the pair in `format`: its output. */
async function audit(t: TestContext, format: 'text' | 'json'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pairaudit-list-split-'));
  const profile = redundancyProfile(ROOT);
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(dirname(profile), { recursive: true, force: true });
  });
  writeOtherLayoutPair(dir, ON_MAIN, ON_STANDBY);
  const r = await runCli(['audit', 'main.reg', 'standby-a.reg', '--at', '2026-11-20T08:15:00Z', '--profile', profile, '--format', format], { cwd: dir, now: '2026-11-20T08:20:00Z' });
  assert.equal(r.code, 1, r.stderr);
  return r.stdout;
}

test('audit --format json: a list split differently on the two sides reads differently in the message', async (t) => {
  const result = JSON.parse(await audit(t, 'json')) as AuditResult;
  const f = result.findings.find((x) => x.setting === SETTING);
  assert.ok(f !== undefined, 'the finding of the list');
  assert.deepEqual(f.values, { main: ['C:\\a, D:\\b'], 'standby-a': ['C:\\a', 'D:\\b'] });
  const [, main, standby] = MESSAGE.exec(f.message) ?? [];
  assert.deepEqual([main, standby], [MAIN_SHOWN, STANDBY_SHOWN], f.message);
  assert.notEqual(main, standby);
});

/** The finding's message in a text report: the lines under its heading up to its first server's value, unwrapped (the report wraps at 80 columns, at spaces). */
function textMessage(out: string): string {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`x ${SETTING} `)) + 1;
  const end = lines.findIndex((l, i) => i > start && l.startsWith('    Main ('));
  assert.ok(start > 0 && end > start, out);
  return lines.slice(start, end).map((l) => l.trim()).join(' ');
}

test('audit --format text: a list split differently on the two sides reads differently in the message', async (t) => {
  const message = textMessage(await audit(t, 'text'));
  const [line, main, standby] = MESSAGE.exec(message) ?? [];
  assert.ok(line !== undefined, message);
  assert.deepEqual([main, standby], [MAIN_SHOWN, STANDBY_SHOWN], line);
  assert.notEqual(main, standby);
});

/** Whether a report shows `message` (a text and a PDF wrap it at spaces, JSON escapes it, the others show it on a line). */
function shows(format: string, fleet: boolean, out: string | Uint8Array, message: string): boolean | undefined {
  if (typeof out !== 'string') {
    const text = pdfText(out, '-raw');
    return text === undefined ? undefined : text.replace(/\s+/g, ' ').includes(message);
  }
  if (format === 'json') return out.includes(JSON.stringify(message).slice(1, -1));
  if (format === 'text') return out.replace(/\s+/g, ' ').includes(message);
  return readerLines(fleet && format === 'html' ? 'markup' : (format as 'junit' | 'markdown' | 'html'), out).some((l) => l.includes(message));
}

test('every format of the audit and the fleet shows the message with the two sides apart', async (t) => {
  const result = JSON.parse(await audit(t, 'json')) as AuditResult;
  const message = `Main has ${MAIN_SHOWN}, Standby A has ${STANDBY_SHOWN}`;
  const reports = [
    ...formatNames.map((format) => ({ what: `audit ${format}`, format, fleet: false, out: renderAudit(result, format, { color: false }) })),
    // The fleet's text shows one finding's message a pair, its worst: here another finding's.
    ...fleetFormatNames.filter((format) => format !== 'text').map((format) => ({ what: `fleet ${format}`, format, fleet: true, out: renderFleet(fleetOf(result), format, { color: false }) })),
  ];
  for (const r of reports) {
    const seen = shows(r.format, r.fleet, await r.out, message);
    if (seen === undefined) return t.skip('pdftotext is not installed');
    assert.ok(seen, `${r.what}: ${message}`);
  }
});
