// A REG_MULTI_SZ list's items are its diff's lines, one each. An item may hold a line break (`hex(7):` data can hold
// any character; a tool wrote CR/LF into it), and what followed it started a line of its own: in the diff (text,
// HTML, PDF) it read as another item, and in the finding's message, which the engine wrote with the items as they
// are, as another line of the report (Markdown, JUnit, PDF; the fleet's HTML and PDF). Now each item is one line, a
// line break in it shown as ⏎ (display.ts displayLines), and the message is one line (view.ts). A REG_SZ text keeps
// its lines (a line diff of its lines); a carriage return alone, or after a line feed, is shown as `\x0d` by the
// sanitising layer and starts no line. Values that differ but read alike are shown exactly, in JSON's quotes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditResult, DisplayValue, Finding } from '../src/types.js';
import { renderAudit } from '../src/report/index.js';
import { renderFleet } from '../src/report/fleet/index.js';
import { buildAuditView } from '../src/report/view.js';
import { fleetOf } from './report-gathered-fixture.js';
import { pdfText, sampleFindings, sampleResult } from './report-fixture.js';
import { AUDIT_FORMATS, assertOneLineEach, type ReadAs } from './report-reader-lines.js';

const LIST_SETTING = 'reg:Partners\\StandbyA\\Routes';
const TEXT_SETTING = 'reg:Partners\\StandbyA\\Note';

/**
 * A failed finding of the catch-all over one value, its message as the engine wrote it before it quoted a list's items
 * (src/engine/values.ts formatValue): a saved result may hold such a message, and a report keeps it on one line.
 */
function valueFinding(setting: string, values: Finding['values']): Finding {
  const shown = (v: DisplayValue | undefined): string => (Array.isArray(v) ? `[${v.join(', ')}]` : JSON.stringify(v));
  return {
    ruleId: 'catch-all',
    title: 'Values not named by any rule match',
    severity: 'warning',
    status: 'fail',
    category: 'partners',
    setting,
    servers: ['main', 'standby-a'],
    values,
    sources: { main: null, 'standby-a': null },
    messageId: 'differs',
    message: `${setting} differs: Main has ${shown(values.main)}, Standby A has ${shown(values['standby-a'])}`,
    rationale: 'Both ends of a link agree.',
    remediation: 'Set the value as on the Main.',
  };
}

// [what, the setting, values (as a result holds them), each server's lines as shown, the diff's lines as shown]
const VIEW_ROWS: [string, string, Finding['values'], { main: string[]; 'standby-a': string[] }, string[]][] = [
  [
    'REG_MULTI_SZ items with CR/LF and LF',
    LIST_SETTING,
    { main: ['x\r\nPort = 5999', 'y\nBackupPort = 5998', 'z'], 'standby-a': ['x', 'y', 'z'] },
    { main: ['x⏎Port = 5999', 'y⏎BackupPort = 5998', 'z'], 'standby-a': ['x', 'y', 'z'] },
    ['- x⏎Port = 5999', '- y⏎BackupPort = 5998', '+ x', '+ y', '  z'],
  ],
  [
    'items that start or end with a break, and an empty item',
    LIST_SETTING,
    { main: ['\r\nPort = 5999', 'a\n', ''], 'standby-a': ['a'] },
    { main: ['⏎Port = 5999', 'a⏎', ''], 'standby-a': ['a'] },
    ['- ⏎Port = 5999', '- a⏎', '- ', '+ a'],
  ],
  // Values that differ but would read alike once a break is ⏎ (an item holding ⏎ itself, a space at an end): exactly.
  ['a break and a ⏎ written: exactly', LIST_SETTING, { main: ['a\nb'], 'standby-a': ['a⏎b'] }, { main: ['"a\\nb"'], 'standby-a': ['"a⏎b"'] }, ['- "a\\nb"', '+ "a⏎b"']],
  [
    'CR/LF in an item and a space at its end: exactly',
    LIST_SETTING,
    { main: ['x\r\nPort = 5999 ', 'z'], 'standby-a': ['x\r\nPort = 5999', 'z'] },
    { main: ['"x\\r\\nPort = 5999 "', '"z"'], 'standby-a': ['"x\\r\\nPort = 5999"', '"z"'] },
    ['- "x\\r\\nPort = 5999 "', '+ "x\\r\\nPort = 5999"', '  "z"'],
  ],
  // A REG_SZ text's lines are its diff's lines.
  ['a REG_SZ text with CR/LF and LF', TEXT_SETTING, { main: 'first\r\nsecond\nthird', 'standby-a': 'first\nsecond' }, { main: ['first', 'second', 'third'], 'standby-a': ['first', 'second'] }, ['  first', '  second', '- third']],
  ['a REG_SZ text, exactly', TEXT_SETTING, { main: 'a \r\nb', 'standby-a': 'a\r\nb' }, { main: ['"a \\r\\n"', '"b"'], 'standby-a': ['"a\\r\\n"', '"b"'] }, ['- "a \\r\\n"', '+ "a\\r\\n"', '  "b"']],
];

for (const [what, setting, values, lines, diff] of VIEW_ROWS) {
  test(`view: a value's lines for its diff, one line each (${what})`, async () => {
    const result = sampleResult([...sampleFindings(), valueFinding(setting, values)]);
    const f = buildAuditView(result).findings.find((x) => x.setting === setting)!;
    assert.deepEqual(Object.fromEntries(f.values.map((v) => [v.role, v.lines])), lines);
    assert.deepEqual(f.diff?.flatMap((d) => d.lines.map((l) => `${l.op} ${l.text}`)), diff);
    assert.doesNotMatch(f.message, /[\r\n]/, 'the message on one line');
    // JSON keeps the values as they are.
    const json = JSON.parse((await renderAudit(result, 'json', { color: false })) as string) as AuditResult;
    assert.deepEqual(json.findings.find((x) => x.setting === setting)!.values, values);
  });
}

/**
 * What a line break inside a value would start a line with: another item (`Port = 5999` after CR/LF in a list's
 * item), a line a carriage return alone or after a line feed brings to a terminal's start (`LinkName = `), and
 * Markdown's list items, headings and table rows (`- forged`, `# forged`, `| forged`).
 */
const FORGED = /^(?:Port = 5999|BackupPort = 5998|LinkName = |- forged|# forged|\| forged)/;

/** The list with CR/LF and LF in its items, and a REG_SZ whose CRs are alone or after a line feed. */
const HOSTILE: Finding[] = [
  valueFinding(LIST_SETTING, { main: ['x\r\nPort = 5999', 'y\nBackupPort = 5998', 'z'], 'standby-a': ['x', 'y', 'z'] }),
  valueFinding(TEXT_SETTING, { main: 'first\rLinkName = cr\nsecond\n\rLinkName = nlcr\n\r- forged item\r# forged heading\r| forged | row |', 'standby-a': 'first' }),
];
/** The items as every format shows them. */
const ITEMS = ['x⏎Port = 5999', 'y⏎BackupPort = 5998'];

/** The report in `format` as text (a PDF through pdftotext), or undefined when pdftotext is not installed. */
async function rendered(result: AuditResult, format: Exclude<ReadAs, 'markup'>): Promise<string | undefined> {
  const out = await renderAudit(result, format, { color: false, width: 100 });
  return typeof out === 'string' ? out : pdfText(out);
}


for (const [format, diff] of AUDIT_FORMATS) {
  test(`${format}: a list's item with a line break in it is one line, and a lone CR starts none`, async (t) => {
    const out = await rendered(sampleResult([...sampleFindings(), ...HOSTILE]), format);
    if (out === undefined) return t.skip('pdftotext is not installed');
    assertOneLineEach(format, out, FORGED, ITEMS, diff);
    // A carriage return is shown where it was (`\x0d`), never written: a terminal would go back to the line's start.
    assert.doesNotMatch(out, /\r(?!\n)/);
    if (format !== 'pdf') assertOneLineEach(format, out, FORGED, ['first\\x0dLinkName = cr']);
    else assert.match(out, /first\s*\\x0dLinkName/);
  });
}

test('markdown: no line of a value starts a list item, a heading or a table row', async () => {
  const out = (await rendered(sampleResult([...sampleFindings(), ...HOSTILE]), 'markdown'))!;
  // Every line of the report as Markdown reads it (a lone CR ends a line there too): none is the value's.
  assert.deepEqual(out.split(/\r\n|\r|\n/).filter((l) => /forged|LinkName|Port = 599/.test(l) && !l.startsWith('| ')), []);
  for (const line of out.split(/\r\n|\r|\n/).filter((l) => /forged/.test(l))) assert.match(line, /^\| Warning \| `reg:Partners\\StandbyA\\Note` /, line);
});

test('json: the values as they are, every line break escaped in its quotes', async () => {
  const out = (await renderAudit(sampleResult([...sampleFindings(), ...HOSTILE]), 'json', { color: false })) as string;
  const json = JSON.parse(out) as AuditResult;
  for (const f of HOSTILE) assert.deepEqual(json.findings.find((x) => x.setting === f.setting)!.values, f.values);
  assert.doesNotMatch(out, /\r/);
  assert.ok(out.includes('"x\\r\\nPort = 5999"'));
});

// The fleet's HTML and PDF show a pair's findings themselves (and the most serious one's message in the summary);
// its JUnit and Markdown are the audit's.
const FLEET_FORMATS: [Exclude<ReadAs, 'json' | 'html' | 'text'>, 'html' | 'pdf' | 'junit' | 'markdown'][] = [
  ['markup', 'html'],
  ['pdf', 'pdf'],
  ['junit', 'junit'],
  ['markdown', 'markdown'],
];

for (const [readAs, format] of FLEET_FORMATS) {
  test(`fleet ${format}: a list's item with a line break in it is one line, and a lone CR starts none`, async (t) => {
    // The pair's most serious finding, which the fleet's summary quotes, is the list's; with the REG_SZ's, and alone.
    for (const findings of [HOSTILE, HOSTILE.slice(0, 1)]) {
      const fleet = fleetOf(sampleResult(findings));
      const { ruleId, severity, status, setting, message } = HOSTILE[0]!;
      fleet.pairs[0]!.top = { ruleId, severity, status, setting, message };
      const out = await renderFleet(fleet, format, { color: false });
      const text = typeof out === 'string' ? out : pdfText(out);
      if (text === undefined) return t.skip('pdftotext is not installed');
      assertOneLineEach(readAs, text, FORGED, ITEMS);
      assert.doesNotMatch(text, /\r(?!\n)/);
    }
  });
}
