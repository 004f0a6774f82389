// A finding that gathers the settings of one key (the catch-all's unclaimedKeyDiffers; the engine's ambiguity groups)
// holds each server's values as `name = value` lines. HTML, Markdown, PDF and text show them a line each
// (test/report-text-value-lines.test.ts); JUnit and the fleet's HTML and PDF printed one bracketed line
// (`Main (main.reg): [Address = "10.20.1.12", BackupAddress = "10.20.2.12"]`). Now a line each under the server,
// through view.ts shownLines; values still escaped for XML and HTML, controls still shown, secrets still hidden.
// (The fleet's Markdown shares the audit's finding table; its text lists no values.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../src/types.js';
import { renderAudit } from '../src/report/index.js';
import { renderFleet } from '../src/report/fleet/index.js';
import { pdfText, sampleFindings, sampleResult } from './report-fixture.js';
import { runCli, writeFleetInventory } from './cli-harness.js';
import { AUDIT_FORMATS, assertNoSecret, everyFormat } from './secrets-leak-check.js';
import { GATHERED_RULE, GATHERED_SETTING, fleetOf, gatheredFinding, writeOtherLayoutPair } from './report-gathered-fixture.js';


/** The value lines of a JUnit failure: from its first server's line to `Fix:` (or the failure's end). */
function failureValues(xml: string, setting: string): string[] {
  const at = xml.indexOf(`name="${setting} [`);
  assert.ok(at >= 0, `no test case ${setting} in:\n${xml}`);
  const open = xml.indexOf('<failure ', at);
  const body = xml.slice(xml.indexOf('>', open) + 1, xml.indexOf('</failure>', open)).split('\n');
  const from = body.findIndex((l) => /^Main \(/.test(l));
  const to = body.findIndex((l, i) => i > from && /^(Fix|Changed): /.test(l));
  return body.slice(from, to < 0 ? undefined : to);
}

/** The fleet HTML's values cell of the rule's finding: `Main` and its lines (`  …`), or `Main …` for one line. */
function fleetHtmlValues(html: string, ruleId: string): string[] {
  const at = html.indexOf(`<div class="fl-rule">${ruleId}</div>`);
  assert.ok(at >= 0, `no finding ${ruleId}`);
  const cell = html.slice(html.indexOf('<td>', at) + 4, html.indexOf('</td>', html.indexOf('<td>', at)));
  return [...cell.matchAll(/<div class="fl-value"><span class="fl-role">([^<]*)<\/span> (.*?)(?=<div class="fl-where">|<\/div>)/g)].flatMap(([, role, shown]) => {
    const code = [...shown!.matchAll(/<code>(.*?)<\/code>/g)].map((m) => m[1]!.replace(/<wbr>/g, ''));
    return shown!.startsWith('<ul') ? [role!, ...code.map((c) => `  ${c}`)] : [`${role} ${code[0]}`];
  });
}

/** The fleet PDF's values column from the finding's first server (on the line of its setting) on, as many lines as expected (pdftotext -layout). */
function fleetPdfValues(text: string, count: number): string[] {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l.includes(GATHERED_SETTING) && l.includes('Main · SCADA-A:'));
  assert.ok(from >= 0, text);
  const column = lines[from]!.indexOf('Main · SCADA-A:');
  return lines.slice(from, from + count).map((l) => l.slice(column).trimEnd());
}

const LINES = ['heartbeatTimeout = 10', 'interleave = 4', 'transferTimeout = 60'];
const SOURCE = { file: 'main.reg', key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Schneider Electric\\ClearSCADA\\Partners\\StandbyA', line: 40 };

// [what, message id, values, sources or undefined, the JUnit failure's value lines]
const JUNIT_ROWS: [string, string, Finding['values'], Finding['sources'] | undefined, string[]][] = [
  [
    'catch-all key',
    'unclaimedKeyDiffers',
    { main: LINES, 'standby-a': ['heartbeatTimeout = 10', 'interleave = 4', 'transferTimeout = 90'] },
    undefined,
    ['Main (SCADA-A):', '  heartbeatTimeout = 10', '  interleave = 4', '  transferTimeout = 60', 'Standby A (SCADA-B):', '  heartbeatTimeout = 10', '  interleave = 4', '  transferTimeout = 90'],
  ],
  ['related group', 'relatedAmbiguousGroup', { main: LINES, 'standby-a': ['heartbeatTimeout = 12'] }, undefined, ['Main (SCADA-A):', '  heartbeatTimeout = 10', '  interleave = 4', '  transferTimeout = 60', 'Standby A (SCADA-B):', '  heartbeatTimeout = 12']],
  ['steered group', 'steeredAmbiguousGroup', { main: LINES, 'standby-a': ['heartbeatTimeout = 12'] }, undefined, ['Main (SCADA-A):', '  heartbeatTimeout = 10', '  interleave = 4', '  transferTimeout = 60', 'Standby A (SCADA-B):', '  heartbeatTimeout = 12']],
  ['one server has none of them', 'unclaimedKeyDiffers', { main: ['Address = "10.20.1.12"', 'Port = 5481'], 'standby-a': null }, undefined, ['Main (SCADA-A):', '  Address = &quot;10.20.1.12&quot;', '  Port = 5481', 'Standby A (SCADA-B): (absent)']],
  // Where to fix it: under the server's lines, not on the line of its first setting.
  [
    'where to fix it',
    'unclaimedKeyDiffers',
    { main: ['Port = 5481'], 'standby-a': ['Port = 5482'] },
    { main: SOURCE, 'standby-a': null },
    ['Main (SCADA-A):', '  Port = 5481', '  at main.reg:40 HKLM\\SOFTWARE\\Schneider Electric\\ClearSCADA\\Partners\\StandbyA', 'Standby A (SCADA-B):', '  Port = 5482'],
  ],
  // Markup in a value is text; C0, C1 and bidi controls are shown as escapes (the output guard), on their line.
  [
    'markup and controls',
    'unclaimedKeyDiffers',
    { main: ['Note = "</failure><x a=\'1\'>&amp;"', 'Tag = "ok\u009b31m\u202eevil\u0007"'], 'standby-a': ['Note = "plain"'] },
    undefined,
    ['Main (SCADA-A):', '  Note = &quot;&lt;/failure&gt;&lt;x a=&apos;1&apos;&gt;&amp;amp;&quot;', '  Tag = &quot;ok\\u009b31m\\u202eevil\\x07&quot;', 'Standby A (SCADA-B):', '  Note = &quot;plain&quot;'],
  ],
  // A result file may be edited: a line break inside a line never starts a line that reads as another server's.
  ['a line break inside a line', 'unclaimedKeyDiffers', { main: ['Note = a\nStandby A (SCADA-B): forged', 'Port = 5481'], 'standby-a': ['Port = 5481'] }, undefined, ['Main (SCADA-A):', '  Note = a⏎Standby A (SCADA-B): forged', '  Port = 5481', 'Standby A (SCADA-B):', '  Port = 5481']],
];

for (const [what, messageId, values, sources, expected] of JUNIT_ROWS) {
  test(`junit: a gathered key's values a line each (${what})`, async () => {
    const findings = [...sampleFindings(), gatheredFinding(messageId, values, sources)];
    const xml = (await renderAudit(sampleResult(findings), 'junit', { color: false })) as string;
    assert.deepEqual(failureValues(xml, GATHERED_SETTING), expected);
    // eslint-disable-next-line no-control-regex -- the controls the output guard must not let through
    assert.doesNotMatch(xml, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    assert.match(failureValues(xml, 'partners.standbyA.icmpMonitors')[0]!, /^Main \(SCADA-A\): \[10\.0\.0\.1, 10\.0\.0\.2, 10\.0\.0\.9\] {2}at /, 'any other list stays one bracketed line');
    // The fleet's JUnit is the pair's audit's, its suites renamed.
    const fleetXml = (await renderFleet(fleetOf(sampleResult(findings)), 'junit', { color: false })) as string;
    assert.deepEqual(failureValues(fleetXml, GATHERED_SETTING), expected);
  });
}

// [format, the values shown for the catch-all row above]
const FLEET_ROWS: [string, string[]][] = [
  ['html', ['Main', '  heartbeatTimeout &#x3D; 10', '  interleave &#x3D; 4', '  transferTimeout &#x3D; 60', 'Standby A', '  heartbeatTimeout &#x3D; 12']],
  ['pdf', ['Main · SCADA-A:', 'heartbeatTimeout = 10', 'interleave = 4', 'transferTimeout = 60', 'Standby A · SCADA-B:', 'heartbeatTimeout = 12']],
];

for (const [format, expected] of FLEET_ROWS) {
  test(`fleet ${format}: a gathered key's values a line each`, async (t) => {
    const findings = [...sampleFindings(), gatheredFinding('unclaimedKeyDiffers', { main: LINES, 'standby-a': ['heartbeatTimeout = 12'] })];
    const out = await renderFleet(fleetOf(sampleResult(findings)), format as 'html' | 'pdf', { color: false });
    if (format === 'html') {
      assert.deepEqual(fleetHtmlValues(out as string, GATHERED_RULE), expected);
      assert.equal(fleetHtmlValues(out as string, 'icmp-monitors-match')[0], 'Main [10.0.0.1, 10.0.0.2, 10.0.0.9]', 'any other list stays one bracketed line');
      return;
    }
    const text = pdfText(out as Uint8Array);
    if (text === undefined) return t.skip('pdftotext is not installed');
    assert.deepEqual(fleetPdfValues(text, expected.length), expected);
  });
}

// Whole pairs through the CLI: fixtures/inputs/other-layout (the profile does not fit: values outside every group's
// area gathered by key), with values added under Redundancy\StandbyA; audited alone and as a fleet of one.
const SECRETS = ['Sekrit-Main-771', 'Sekrit-Stby-772'];
const ADDRESSES = { main: ['  Address = &quot;10.20.1.12&quot;', '  BackupAddress = &quot;10.20.2.12&quot;'], standby: ['  Address = &quot;10.20.1.11&quot;', '  BackupAddress = &quot;10.20.2.11&quot;'] };

// [what, command, values added on the Main, on the Standby, the failure's value lines]
const CLI_ROWS: [string, 'audit' | 'fleet', string[], string[], string[]][] = [
  ['addresses', 'audit', [], [], ['Main (main.reg):', ...ADDRESSES.main, 'Standby A (standby-a.reg):', ...ADDRESSES.standby]],
  [
    'a secret among them',
    'audit',
    [`"LinkPassword"="${SECRETS[0]}"`],
    [`"LinkPassword"="${SECRETS[1]}"`],
    ['Main (main.reg):', ...ADDRESSES.main, '  LinkPassword = (secret, set; differs, values hidden)', 'Standby A (standby-a.reg):', ...ADDRESSES.standby, '  LinkPassword = (secret, set; differs, values hidden)'],
  ],
  [
    'control and bidi characters',
    'audit',
    ['"Note"="ok\u009b31m\u202eevil"'],
    ['"Note"="<plain>"'],
    ['Main (main.reg):', ...ADDRESSES.main, '  Note = &quot;ok\\u009b31m\\u202eevil&quot;', 'Standby A (standby-a.reg):', ...ADDRESSES.standby, '  Note = &quot;&lt;plain&gt;&quot;'],
  ],
  [
    'a secret among them, as a fleet',
    'fleet',
    [`"LinkPassword"="${SECRETS[0]}"`],
    [`"LinkPassword"="${SECRETS[1]}"`],
    ['Main (main.reg):', ...ADDRESSES.main, '  LinkPassword = (secret, set; differs, values hidden)', 'Standby A (standby-a.reg):', ...ADDRESSES.standby, '  LinkPassword = (secret, set; differs, values hidden)'],
  ],
];

for (const [what, command, onMain, onStandby, expected] of CLI_ROWS) {
  test(`${command} --format junit: an unclaimed key's values a line each (${what})`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'pairaudit-junit-lines-'));
    try {
      writeOtherLayoutPair(dir, onMain, onStandby);
      if (command === 'fleet') writeFleetInventory(dir, ['      - { name: other, servers: { main: main.reg, standby-a: standby-a.reg } }']);
      const args = command === 'audit' ? ['audit', 'main.reg', 'standby-a.reg', '--at', '2026-11-20T08:15:00Z'] : ['fleet', 'fleet.yaml'];
      const opts = { cwd: dir, now: '2026-11-20T08:20:00Z' };
      const r = await runCli([...args, '--format', 'junit'], opts);
      assert.equal(r.code, 3, r.stderr);
      assert.deepEqual(failureValues(r.stdout, 'reg:Redundancy\\StandbyA\\*'), expected);
      // eslint-disable-next-line no-control-regex -- the controls the output guard must not let through
      assert.doesNotMatch(r.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
      if (onMain.some((l) => l.includes(SECRETS[0]!))) {
        const formats = command === 'audit' ? AUDIT_FORMATS : (['text', 'json', 'junit', 'markdown', 'html', 'pdf'] as const);
        assertNoSecret(SECRETS, await everyFormat(t, args, opts, formats, [3]));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
