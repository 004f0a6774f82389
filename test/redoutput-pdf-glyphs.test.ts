// Red team of the outputs: two values that differ only in characters no font of the PDF has print differently (as
// their code points); as "?" they printed alike, beside a finding that says they differ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPdf } from '../src/report/pdf/index.js';
import type { Finding } from '../src/types.js';
import { pdfText, sampleFindings, sampleResult } from './report-fixture.js';
import { dejavuSans, missing } from './prerequisites.js';

const CASES: { name: string; main: string; standby: string; shown: [string, string] }[] = [
  { name: 'two hieroglyphs', main: 'x𓀀y', standby: 'x𓀁y', shown: ['x\\u{13000}y', 'x\\u{13001}y'] },
  { name: 'a missing character beside a "?"', main: 'x𓀀y', standby: 'x?y', shown: ['x\\u{13000}y', 'x?y'] },
  { name: 'CJK in a Latin-only font', main: '監視', standby: '待機', shown: ['\\u{76e3}\\u{8996}', '\\u{5f85}\\u{6a5f}'] },
];

for (const c of CASES) {
  test(`pdf: ${c.name} print differently when no font has them`, async (t) => {
    const why = missing('pdftotext', 'dejavu');
    if (why !== false) return t.skip(why);
    // DejaVu Sans alone: no hieroglyphs, no CJK.
    const fonts = { fontFile: dejavuSans };
    const [first] = sampleFindings();
    const finding: Finding = { ...first!, values: { main: c.main, 'standby-a': c.standby } };
    const warnings: string[] = [];
    const text = pdfText(await formatPdf(sampleResult([finding]), { color: false, ...fonts, warn: (m) => void warnings.push(m) }), '-raw');
    if (text === undefined) return t.skip('pdftotext is not installed');
    const flat = text.replace(/\s+/g, '');
    for (const shown of c.shown) assert.ok(flat.includes(shown), `${shown} in ${flat.slice(0, 2000)}`);
    assert.equal(warnings.length, 1, 'one warning names the characters');
  });
}
