// A finding that gathers the settings of one key (the catch-all's unclaimedKeyDiffers; the engine's ambiguity groups)
// holds each server's values as `name = value` lines. HTML, Markdown and PDF show them a line each (session 26,
// test/report-html-value-lines.test.ts); the text format showed one bracketed line above the diff
// (`[Address = "10.20.1.12", BackupAddress = "10.20.2.12"]`). Now each line is a line of its own under the value
// column, a line too long for the width going on further in; values still neutralised, secrets still hidden.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../src/types.js';
import { renderAudit } from '../src/report/index.js';
import { sampleFindings, sampleResult } from './report-fixture.js';
import { runCli } from './cli-harness.js';
import { AUDIT_FORMATS, assertNoSecret, everyFormat } from './secrets-leak-check.js';
import { GATHERED_SETTING, gatheredFinding, writeOtherLayoutPair } from './report-gathered-fixture.js';

/** The sample's list value of another kind: it stays one bracketed line. */
const ICMP_LINE = '    Main (SCADA-A)       [10.0.0.1, 10.0.0.2, 10.0.0.9]';

/** The lines of a finding's values in a text report: from its first server's label to its diff (or what follows). */
function valueBlock(out: string, setting: string): string[] {
  const lines = out.split('\n');
  const head = lines.findIndex((l) => l.startsWith(`x ${setting} (`));
  assert.ok(head >= 0, `no finding ${setting} in:\n${out}`);
  const from = lines.findIndex((l, i) => i > head && l.startsWith('    Main ('));
  const to = lines.findIndex((l, i) => i > from && /^ {4}(diff |Fix: )/.test(l));
  return lines.slice(from, to);
}

const OLD_LINES = ['heartbeatTimeout = 10', 'interleave = 4', 'transferTimeout = 60'];
const M = '    Main (SCADA-A)       ';
const S = '    Standby A (SCADA-B)  ';
const I = ' '.repeat(25);

// [what, message id, values, width, the value lines shown]
const FORMATTER_ROWS: [string, string, Finding['values'], number, string[]][] = [
  ['catch-all key', 'unclaimedKeyDiffers', { main: OLD_LINES, 'standby-a': ['heartbeatTimeout = 10', 'interleave = 4', 'transferTimeout = 90'] }, 80, [`${M}heartbeatTimeout = 10`, `${I}interleave = 4`, `${I}transferTimeout = 60`, `${S}heartbeatTimeout = 10`, `${I}interleave = 4`, `${I}transferTimeout = 90`]],
  ['related group', 'relatedAmbiguousGroup', { main: OLD_LINES, 'standby-a': ['heartbeatTimeout = 12'] }, 80, [`${M}heartbeatTimeout = 10`, `${I}interleave = 4`, `${I}transferTimeout = 60`, `${S}heartbeatTimeout = 12`]],
  ['steered group', 'steeredAmbiguousGroup', { main: OLD_LINES, 'standby-a': ['heartbeatTimeout = 12'] }, 80, [`${M}heartbeatTimeout = 10`, `${I}interleave = 4`, `${I}transferTimeout = 60`, `${S}heartbeatTimeout = 12`]],
  ['one server has none of them', 'unclaimedKeyDiffers', { main: ['Address = "10.20.1.12"', 'Port = 5481'], 'standby-a': null }, 80, [`${M}Address = "10.20.1.12"`, `${I}Port = 5481`, `${S}(absent)`]],
  // What the output guard does to every value: C0, C1 and bidi controls shown as escapes, on the line they are in.
  [
    'control and bidi characters',
    'unclaimedKeyDiffers',
    { main: ['Note = "ok\u009b31mred\u202eevil\u0007"', 'Port = 5481'], 'standby-a': ['Note = "plain"', 'Port = 5481'] },
    80,
    [`${M}Note = "ok\\u009b31mred\\u202eevil\\x07"`, `${I}Port = 5481`, `${S}Note = "plain"`, `${I}Port = 5481`],
  ],
  // A result file may be edited: a line break inside a line never starts a line of the report (shown as ⏎, as in
  // every format: test/report-gathered-line-breaks.test.ts).
  ['a line break inside a line', 'unclaimedKeyDiffers', { main: ['Note = a\nStandby A (SCADA-B)  forged', 'Port = 5481'], 'standby-a': ['Port = 5481'] }, 80, [`${M}Note = a⏎Standby A (SCADA-B) forged`, `${I}Port = 5481`, `${S}Port = 5481`]],
  // A line longer than the width goes on two columns further in, so it does not read as the next setting.
  [
    'a line wider than the report',
    'unclaimedKeyDiffers',
    { main: ['Description = "the partner link to the northern control room"', 'Port = 5481'], 'standby-a': ['Port = 5482'] },
    60,
    [`${M}Description = "the partner link to`, `${I}  the northern control room"`, `${I}Port = 5481`, `${S}Port = 5482`],
  ],
];

for (const [what, messageId, values, width, expected] of FORMATTER_ROWS) {
  test(`text: a gathered key's values a line each (${what})`, async () => {
    const out = (await renderAudit(sampleResult([...sampleFindings(), gatheredFinding(messageId, values)]), 'text', { color: false, width })) as string;
    assert.deepEqual(valueBlock(out, GATHERED_SETTING), expected);
    // eslint-disable-next-line no-control-regex -- the controls the output guard must not let through
    assert.doesNotMatch(out, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    if (width === 80) assert.equal(valueBlock(out, 'partners.standbyA.icmpMonitors')[0], ICMP_LINE, 'any other list stays one bracketed line');
  });
}

// Whole pairs through the CLI: fixtures/inputs/other-layout (the profile does not fit: values outside every group's
// area gathered by key), with values added under Redundancy\StandbyA.
const SECRETS = ['Sekrit-Main-771', 'Sekrit-Stby-772'];
const CM = '    Main (main.reg)            ';
const CS = '    Standby A (standby-a.reg)  ';
const CI = ' '.repeat(31);

// [what, values added on the Main, on the Standby, the value lines shown (a RegExp where the wording is the engine's)]
const CLI_ROWS: [string, string[], string[], (string | RegExp)[]][] = [
  ['addresses', [], [], [`${CM}Address = "10.20.1.12"`, `${CI}BackupAddress = "10.20.2.12"`, `${CS}Address = "10.20.1.11"`, `${CI}BackupAddress = "10.20.2.11"`]],
  [
    'a secret among them',
    [`"LinkPassword"="${SECRETS[0]}"`],
    [`"LinkPassword"="${SECRETS[1]}"`],
    [`${CM}Address = "10.20.1.12"`, `${CI}BackupAddress = "10.20.2.12"`, `${CI}LinkPassword = (secret, set; differs, values`, `${CI}  hidden)`, `${CS}Address = "10.20.1.11"`, `${CI}BackupAddress = "10.20.2.11"`, `${CI}LinkPassword = (secret, set; differs, values`, `${CI}  hidden)`],
  ],
  [
    'control and bidi characters',
    ['"Note"="ok\u009b31m\u202eevil"'],
    ['"Note"="plain"'],
    [`${CM}Address = "10.20.1.12"`, `${CI}BackupAddress = "10.20.2.12"`, `${CI}Note = "ok\\u009b31m\\u202eevil"`, `${CS}Address = "10.20.1.11"`, `${CI}BackupAddress = "10.20.2.11"`, `${CI}Note = "plain"`],
  ],
];

for (const [what, onMain, onStandby, expected] of CLI_ROWS) {
  test(`audit --format text: an unclaimed key's values a line each (${what})`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'pairaudit-text-lines-'));
    try {
      writeOtherLayoutPair(dir, onMain, onStandby);
      const args = ['audit', 'main.reg', 'standby-a.reg', '--at', '2026-11-20T08:15:00Z'];
      const opts = { cwd: dir, now: '2026-11-20T08:20:00Z' };
      const r = await runCli([...args, '--format', 'text'], opts);
      assert.equal(r.code, 3, r.stderr);
      const block = valueBlock(r.stdout, 'reg:Redundancy\\StandbyA\\*');
      assert.equal(block.length, expected.length, block.join('\n'));
      expected.forEach((e, i) => (typeof e === 'string' ? assert.equal(block[i], e) : assert.match(block[i]!, e)));
      // eslint-disable-next-line no-control-regex -- the controls the output guard must not let through
      assert.doesNotMatch(r.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
      if (onMain.some((l) => l.includes(SECRETS[0]!))) assertNoSecret(SECRETS, await everyFormat(t, args, opts, AUDIT_FORMATS, [3]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
