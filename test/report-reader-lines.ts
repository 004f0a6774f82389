// Shared by the tests of how reports show a value's line breaks (test/report-list-line-breaks.test.ts,
// test/cli-list-line-breaks.test.ts, test/report-gathered-line-breaks.test.ts): the lines a reader sees in a report,
// in any format.
import assert from 'node:assert/strict';

/** A report's format as these tests read it: a fleet's or a change record's HTML is read as its markup. */
export type ReadAs = 'text' | 'json' | 'junit' | 'markdown' | 'html' | 'pdf' | 'markup';

/** The audit report's formats read here: [format, whether it shows a value's diff (each item then a line of its own, exactly)]. */
export const AUDIT_FORMATS: [Exclude<ReadAs, 'markup' | 'json'>, boolean][] = [
  ['text', true],
  ['junit', false],
  ['markdown', false],
  ['html', true],
  ['pdf', true],
];

const ENTITIES: Record<string, string> = { '&quot;': '"', '&apos;': "'", '&lt;': '<', '&gt;': '>', '&#x3D;': '=', '&#39;': "'", '&#x27;': "'", '&#x60;': '`' };
const decode = (s: string): string => s.replace(/&(?:quot|apos|lt|gt|#x3D|#39|#x27|#x60);/g, (e) => ENTITIES[e]!).replace(/&amp;/g, '&');

/**
 * The lines a reader sees in a report, each cut at the columns a layout sets side by side (two spaces or more, a
 * table's `|`) and without a diff's `- ` / `+ ` (Markdown's escapes and code marks undone). A line ends at any line
 * break (a carriage return alone too: a terminal goes back to the line's start, Markdown starts a line there). The
 * audit's HTML draws its findings from its data, every string in a cell or a pre that keeps line breaks: each
 * string's lines. Other HTML (a fleet's, a change record's) ends a line at list items, divisions, cells and breaks.
 * A PDF shows ⏎ as ¶ where its font lacks it (pdf/fonts.ts): read as ⏎.
 */
export function readerLines(format: ReadAs, out: string): string[] {
  let lines: string[];
  if (format === 'html') {
    const data = /<script type="application\/json" id="finding-data">(.*?)<\/script>/s.exec(out);
    assert.ok(data, 'no finding data in the HTML');
    lines = (JSON.parse(data[1]!) as { strings: string[] }).strings.flatMap((s) => s.split(/\r\n|\r|\n/));
  } else if (format === 'markup') lines = decode(out.replace(/<(?:li|div|br|tr|td|p|pre)\b[^>]*>/g, '\n').replace(/<[^>]*>/g, '')).split(/\r\n|\r|\n/);
  else if (format === 'markdown') lines = out.split(/<br>|\r\n|\r|\n/).flatMap((l) => l.split(/(?<!\\)\|/)).map((l) => decode(l.replace(/`/g, '').replace(/\\([\\`*_[\]|~#])/g, '$1')));
  else lines = decode(format === 'pdf' ? out.replaceAll('¶', '⏎') : out).split(/\r\n|\r|\n/);
  return lines.flatMap((l) => l.split(/ {2,}|\|/)).map((l) => l.trim().replace(/^[-+] /, ''));
}

/**
 * Asserts that no line a reader sees in `out` matches `forged` (text that follows a line break inside a value) and
 * that each of `shown` is on one line: a line that is exactly it where `whole` (a diff's line, a cell), else a line
 * that holds it. A PDF wraps a long line at its spaces: there each line break's two sides must be joined by ⏎.
 */
export function assertOneLineEach(format: ReadAs, out: string, forged: RegExp, shown: readonly string[], whole = false): void {
  const lines = readerLines(format, out);
  assert.deepEqual(
    lines.filter((l) => forged.test(l)),
    [],
    `${format}: a line break inside a value started a line that reads as another item or another line of the report`,
  );
  if (format === 'pdf') {
    const text = out.replaceAll('¶', '⏎');
    for (const s of shown) for (const [, a, b] of s.matchAll(/(\S+)⏎(\S+)/g)) assert.match(text, new RegExp(`${esc(a!)}⏎${esc(b!)}`), `${format}: ${s}`);
    return;
  }
  for (const s of shown) {
    const found = whole ? lines.includes(s) : lines.some((l) => l.includes(s));
    assert.ok(found, `${format}: no line ${whole ? 'is' : 'shows'} ${JSON.stringify(s)}:\n${lines.filter((l) => l.includes(s.slice(0, 3))).join('\n')}`);
  }
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
