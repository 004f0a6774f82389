// Formatter tests on hand-built results: exact snapshots, 80 columns, escaping, determinism, no secret in any format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderAudit, formatNames, type FormatName } from '../src/report/index.js';
import { formatText, wrap } from '../src/report/text.js';
import { formatJson, jsonSchemaVersion } from '../src/report/json.js';
import { formatJunit } from '../src/report/junit.js';
import { formatMarkdown } from '../src/report/markdown.js';
import { formatHtml } from '../src/report/html/index.js';
import { escapeHtml, escapeMarkdown, escapeXml, stripIllegalXml } from '../src/report/escape.js';
import { displayText, provenanceText } from '../src/report/view.js';
import { hostileImg, hostileScript, manyFindings, nonLatin, pdfText, plantedSecret, sampleFindings, sampleResult } from './report-fixture.js';
import type { AuditResult, DisplayValue } from '../src/types.js';

const snapshots = join(import.meta.dirname, 'snapshots');

/** Compares with test/snapshots/<name>; UPDATE_SNAPSHOTS=1 writes it. A missing file fails: the test must compare with something. */
function matchSnapshot(name: string, actual: string): void {
  const file = join(snapshots, name);
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    mkdirSync(snapshots, { recursive: true });
    writeFileSync(file, actual);
  }
  assert.ok(existsSync(file), `test/snapshots/${name} is missing: run with UPDATE_SNAPSHOTS=1 to write it, review it, and commit it`);
  assert.equal(actual, readFileSync(file, 'utf8').replace(/\r\n/g, '\n'), `differs from test/snapshots/${name} (UPDATE_SNAPSHOTS=1 to accept)`);
}

// eslint-disable-next-line no-control-regex -- ANSI escapes are what this removes
const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, '');
const columns = (s: string): number => [...s].reduce((n, ch) => n + (/[\u2E80-\u9FFF\uFF00-\uFF60]/.test(ch) ? 2 : 1), 0);

function checkResult(): AuditResult {
  return sampleResult(undefined, { kind: 'check', go: false });
}

test('text: snapshots of an audit and a NO-GO check', () => {
  matchSnapshot('report-audit.txt', formatText(sampleResult(), { color: false }));
  matchSnapshot('report-check.txt', formatText(checkResult(), { color: false }));
});

test('text: the verdict comes first; a check starts with GO / NO-GO and its reasons', () => {
  assert.match(formatText(sampleResult(), { color: false }), /^DRIFT\n/);
  const check = formatText(checkResult(), { color: false });
  assert.match(check, /^NO-GO /);
  assert.match(check.split('\n').slice(0, 4).join('\n'), /^NO-GO {2}2 blockers failed[^]*\n {2}- Blocker failed: db\.port/);
  const go = formatText(sampleResult(sampleFindings().filter((f) => f.status === 'pass'), { kind: 'check', go: true }), { color: false });
  assert.match(go, /^GO /);
});

test('text: every line fits 80 columns, with and without colour; colour only when asked', () => {
  for (const result of [sampleResult(), checkResult(), sampleResult(manyFindings(60))]) {
    for (const color of [false, true]) {
      const out = formatText(result, { color });
      for (const line of out.split('\n')) assert.ok(columns(stripAnsi(line)) <= 80, `too wide (${columns(stripAnsi(line))}): ${line}`);
      assert.equal(out.includes('\u001b['), color);
    }
  }
});

test('text: wrap breaks at spaces and inside over-long words', () => {
  const cases: [string, number, string, string, string[]][] = [
    ['aaa bbb ccc', 7, '', '', ['aaa bbb', 'ccc']],
    ['abcdefghij', 4, '', '', ['abcd', 'efgh', 'ij']],
    ['one two', 80, '  ', '    ', ['  one two']],
    ['x y', 3, '> ', '. ', ['> x', '. y']],
    ['', 10, '  ', '  ', ['']],
  ];
  for (const [text, width, first, rest, expected] of cases) assert.deepEqual(wrap(text, width, first, rest), expected, JSON.stringify(text));
});

test('view: value display and provenance', () => {
  const cases: [DisplayValue, string][] = [
    [5481, '5481'],
    ['', '""'],
    [null, '(absent)'],
    [true, 'true'],
    [['a', 'b'], '[a, b]'],
    [{ secret: true, set: true, same: true }, 'set (same)'],
    [{ secret: true, set: true, same: false }, 'set (different)'],
    [{ secret: true, set: true }, 'set'],
    [{ secret: true, set: false }, 'not set'],
    ['line1\nline2', 'line1⏎line2'],
  ];
  for (const [value, text] of cases) assert.equal(displayText(value), text, JSON.stringify(value));
  assert.equal(provenanceText({ file: 'a.reg', key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\X', valueName: '', line: 3 }), 'a.reg:3 HKLM\\SOFTWARE\\X › (Default)');
  assert.equal(provenanceText({ file: 'hostname.txt' }), 'hostname.txt');
});

test('json: stable, complete, with the schema version', () => {
  const result = sampleResult();
  const json = formatJson(result);
  assert.equal(json, formatJson(structuredClone(result)));
  const parsed = JSON.parse(json) as AuditResult;
  assert.equal(parsed.schemaVersion, jsonSchemaVersion);
  assert.deepEqual(parsed, JSON.parse(JSON.stringify(result)));
  // Keys sorted at every level.
  assert.deepEqual(Object.keys(parsed), [...Object.keys(parsed)].sort());
  assert.ok(json.endsWith('}\n'));
});

test('junit: snapshot, counts, and XML escaping of hostile and illegal characters', () => {
  const xml = formatJunit(sampleResult());
  matchSnapshot('report-audit.junit.xml', xml);
  assert.equal((xml.match(/<testcase /g) ?? []).length, 8);
  assert.equal((xml.match(/<failure /g) ?? []).length, 5);
  assert.equal((xml.match(/<skipped /g) ?? []).length, 2);
  assert.ok(!xml.includes('<script>'));
  const nasty = sampleResult([{ ...sampleFindings()[0]!, message: 'bell\u0007 nul\u0000 lone\uD800 ok & "q" <x>' }]);
  const out = formatJunit(nasty);
  assert.ok(!['\u0000', '\u0007', '\uD800'].some((c) => out.includes(c)));
  assert.match(out, /bell nul lone ok &amp; &quot;q&quot; &lt;x&gt;/);
});

test('escaping helpers', () => {
  assert.equal(escapeHtml(hostileImg), '&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;&quot;window.__pwned&#x3D;2&quot;&gt;');
  assert.equal(escapeXml('a\nb', true), 'a&#10;b');
  assert.equal(stripIllegalXml('a\u0001b\uFFFEc\u{1F600}'), 'abc\u{1F600}');
  assert.equal(escapeMarkdown('a|b *c* <d>\nx'), 'a\\|b \\*c\\* &lt;d&gt;<br>x');
});

test('markdown: snapshot; pipes and line breaks cannot break the table', () => {
  matchSnapshot('report-audit.md', formatMarkdown(sampleResult()));
  const piped = sampleResult([{ ...sampleFindings()[0]!, values: { main: 'a|b', 'standby-a': 'c\nd' }, message: 'x | y' }]);
  const md = formatMarkdown(piped);
  const row = md.split('\n').find((l) => l.includes('db-port-match'))!;
  assert.equal(row.split(/(?<!\\)\|/).length - 2, 7, row);
});

test('html: self-contained, hostile values escaped, CSP without network sources', () => {
  const html = formatHtml(sampleResult());
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'/);
  assert.ok(!html.includes(hostileScript), 'raw hostile script in the page');
  assert.ok(!html.includes('<img src=x'), 'raw hostile img in the page');
  // Values reach the page script as JSON data with `<` escaped, and the script sets them as text.
  const data = html.match(/<script type="application\/json" id="finding-data">(.*?)<\/script>/s)![1]!;
  assert.ok(!data.includes('<'));
  assert.ok((JSON.parse(data) as { strings: string[] }).strings.includes(hostileScript));
  assert.ok(!/\bsrc\s*=\s*["']?(https?:|\/\/)/i.test(html), 'a network fetch');
  assert.ok(!/<link\b/i.test(html), 'a linked resource');
  // The only links are the cited sources: http(s) on <a> elements, followed on a click, never fetched.
  const hrefs = [...html.matchAll(/<(\w+)\b[^>]*\bhref\s*=\s*"([^"]*)"/gi)].map((m) => [m[1], m[2]]);
  assert.ok(hrefs.length > 0);
  for (const [tag, url] of hrefs) assert.ok((tag === 'a' && /^https:\/\//.test(url!)) || url!.startsWith('#'), `${tag} href=${url}`);
  assert.ok(!/@import|url\(/i.test(html), 'a stylesheet fetch');
  assert.ok(html.includes(nonLatin));
  assert.equal(html, formatHtml(structuredClone(sampleResult())));
});

test('citations: [TAG] resolved to title and URL in every format that people read; a non-http URL never becomes a link', async () => {
  const url = 'https://tprojects.schneider-electric.com/GeoSCADAHelp/ClearSCADA%202017%20R2/Content/SecurityGuide/SecureNetworkPorts.htm';
  const title = 'Secure Network Ports (ClearSCADA 2017 R2)';
  const result = sampleResult();
  const text = formatText(result, { color: false, width: 200 });
  assert.match(text, new RegExp(`Sources: ${title.replace(/[()]/g, '\\$&')}\n`));
  assert.ok(!text.includes(url), 'text shows the title only');
  const md = formatMarkdown(result);
  assert.ok(md.includes(`Sources: [PORTS](${url})`), 'markdown: the tag links to the document in the finding row');
  assert.ok(md.includes(`- \`PORTS\` [${title.replace(/[()]/g, (c) => c)}](${url})`), 'markdown: the sources list gives title and link');
  const html = formatHtml(result);
  assert.ok(html.includes(`<a href="${url}" rel="noreferrer">${title}</a>`), 'html: the sources section');
  const data = JSON.parse(html.match(/<script type="application\/json" id="finding-data">(.*?)<\/script>/s)![1]!) as { strings: string[]; findings: { rf?: number[][] }[] };
  const rf = data.findings.find((f) => f.rf !== undefined)!.rf!;
  assert.deepEqual(rf.map((r) => r.map((i) => data.strings[i])), [['PORTS', title, url]], 'html: the finding details cite it');
  const pdf = (await renderAudit(result, 'pdf', { color: false })) as Uint8Array;
  assert.ok(Buffer.from(pdf).includes(Buffer.from(`/URI (${url})`)), 'pdf: the URL is a link annotation');
  assert.ok(!Buffer.from(pdf).includes(Buffer.from('javascript')), 'pdf: no javascript: link');
  const read = pdfText(pdf) ?? '';
  if (read !== '') {
    assert.match(read, /Sources \(1\)/);
    assert.ok(read.includes(title) && read.includes('SecureNetworkPorts.htm'), 'pdf: title and URL');
  }
  // EVIL (javascript:) comes from an edited result file: left out everywhere.
  for (const out of [text, md, html, read]) {
    assert.ok(!out.includes('javascript:'), 'a javascript: URL');
    assert.ok(!/\[EVIL\]|`EVIL`|\bEVIL\b.*http/.test(out.replace('[PORTS][EVIL]', '')), 'the EVIL source');
  }
});

test('pdf: same input, same bytes', async () => {
  const a = (await renderAudit(sampleResult(), 'pdf', { color: false })) as Uint8Array;
  const b = (await renderAudit(sampleResult(), 'pdf', { color: false })) as Uint8Array;
  assert.equal(Buffer.from(a.subarray(0, 5)).toString(), '%PDF-');
  assert.ok(Buffer.from(a).equals(Buffer.from(b)));
});

test('every format: deterministic and never shows a secret (plaintext or hash)', async (t) => {
  const hmac = 'f'.repeat(64);
  // A snapshot-derived secret, as an engine bug might pass it on: with hmac and even a plaintext field.
  const leaky = { secret: true, set: true, hmac, same: false, value: plantedSecret } as unknown as DisplayValue;
  const findings = sampleFindings().map((f) =>
    f.setting.endsWith('Password')
      ? { ...f, values: { main: leaky, 'standby-a': { secret: true, set: false } as DisplayValue }, attribution: [{ role: 'main' as const, server: 'SCADA-A', from: leaky, to: leaky, firstSeen: '2026-11-01' }] }
      : f,
  );
  const result = sampleResult(findings);
  for (const format of formatNames as FormatName[]) {
    const first = await renderAudit(result, format, { color: false });
    const second = await renderAudit(structuredClone(result), format, { color: false });
    assert.deepEqual(Buffer.from(first), Buffer.from(second), `${format} is not deterministic`);
    const text = typeof first === 'string' ? first : pdfText(first);
    if (text === undefined) {
      t.diagnostic(`the ${format} secret check did not run: pdftotext is not installed (apt-get install poppler-utils)`);
      continue;
    }
    assert.ok(!text.includes(plantedSecret), `${format} shows the secret`);
    assert.ok(!text.includes(hmac), `${format} shows the secret's hash`);
    if (format !== 'json') assert.ok(text.includes('not set'), `${format} lacks the set/not set display`);
  }
});
