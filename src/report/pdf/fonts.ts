// Fonts for PDF reports: find TrueType fonts that cover Latin, dashes and CJK on Debian, Windows and macOS.
// pdfkit's standard fonts are WinAnsi only (CJK silently becomes garbage), so text is set in embedded fonts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LINE_BREAK_MARK } from '../display.js';
import { RTL_LETTER } from '../direction.js';
import type PDFKit from 'pdfkit';

/** A font file; `postscriptName` picks one face out of a collection (.ttc), as pdfkit requires. */
export interface FontFile {
  path: string;
  postscriptName?: string;
}

export interface PdfFontSet {
  /** Latin text (regular and bold); undefined → pdfkit's Helvetica (WinAnsi only). */
  regular?: FontFile;
  bold?: FontFile;
  /** A font with CJK glyphs, used for any text that contains CJK characters. */
  cjk?: FontFile;
}

export interface FontSearchOptions {
  /** An explicit font file for all text (e.g. from PAIRAUDIT_PDF_FONT); `path#PostScriptName` for a .ttc. */
  fontFile?: string;
  /** Extra folders to search first (the CLI adds %WINDIR%\Fonts on Windows). */
  fontDirs?: string[];
  /** For tests: how to test that a file exists. */
  exists?: (path: string) => boolean;
}

// Debian: fonts-dejavu-core and fonts-wqy-microhei (CI installs both); then Windows and macOS defaults.
const latinCandidates: { dir: string[]; regular: string; bold: string }[] = [
  { dir: ['/usr/share/fonts/truetype/dejavu'], regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' },
  { dir: ['C:\\Windows\\Fonts'], regular: 'segoeui.ttf', bold: 'segoeuib.ttf' },
  { dir: ['C:\\Windows\\Fonts'], regular: 'arial.ttf', bold: 'arialbd.ttf' },
  { dir: ['/usr/share/fonts/truetype/liberation', '/usr/share/fonts/truetype/liberation2'], regular: 'LiberationSans-Regular.ttf', bold: 'LiberationSans-Bold.ttf' },
  { dir: ['/System/Library/Fonts/Supplemental', '/Library/Fonts'], regular: 'Arial.ttf', bold: 'Arial Bold.ttf' },
  { dir: ['/usr/share/fonts/TTF', '/usr/share/fonts/dejavu', '/usr/share/fonts/dejavu-sans-fonts'], regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' },
];

const cjkCandidates: { dir: string[]; file: string; postscriptName?: string }[] = [
  { dir: ['/usr/share/fonts/truetype/wqy'], file: 'wqy-microhei.ttc', postscriptName: 'WenQuanYiMicroHei' },
  { dir: ['C:\\Windows\\Fonts'], file: 'msyh.ttc', postscriptName: 'MicrosoftYaHei' },
  { dir: ['C:\\Windows\\Fonts'], file: 'msyh.ttf' },
  { dir: ['C:\\Windows\\Fonts'], file: 'simsun.ttc', postscriptName: 'SimSun' },
  { dir: ['/usr/share/fonts/opentype/noto'], file: 'NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
  { dir: ['/usr/share/fonts/wenquanyi/wqy-microhei', '/usr/share/fonts/wqy-microhei'], file: 'wqy-microhei.ttc', postscriptName: 'WenQuanYiMicroHei' },
  { dir: ['/System/Library/Fonts/Supplemental', '/Library/Fonts'], file: 'Arial Unicode.ttf' },
];

function parseFontFile(spec: string): FontFile {
  const hash = spec.lastIndexOf('#');
  return hash > 0 ? { path: spec.slice(0, hash), postscriptName: spec.slice(hash + 1) } : { path: spec };
}

/** Finds the fonts to embed. A Windows folder given in fontDirs is searched with the Windows file names. */
export function findPdfFonts(opts: FontSearchOptions = {}): PdfFontSet {
  const exists = opts.exists ?? existsSync;
  if (opts.fontFile) {
    const file = parseFontFile(opts.fontFile);
    return { regular: file, bold: file, cjk: file };
  }
  const extra = opts.fontDirs ?? [];
  const dirsOf = (dirs: string[]): string[] => (dirs.some((d) => d.startsWith('C:\\')) ? [...extra, ...dirs] : dirs);
  const set: PdfFontSet = {};
  for (const c of latinCandidates) {
    const dir = dirsOf(c.dir).find((d) => exists(join(d, c.regular)));
    if (dir === undefined) continue;
    set.regular = { path: join(dir, c.regular) };
    set.bold = exists(join(dir, c.bold)) ? { path: join(dir, c.bold) } : set.regular;
    break;
  }
  for (const c of cjkCandidates) {
    const dir = dirsOf(c.dir).find((d) => exists(join(d, c.file)));
    if (dir === undefined) continue;
    set.cjk = { path: join(dir, c.file), ...(c.postscriptName ? { postscriptName: c.postscriptName } : {}) };
    break;
  }
  // Without a Latin font, the CJK font (which has Latin glyphs too) sets everything.
  if (set.regular === undefined && set.cjk !== undefined) set.regular = set.bold = set.cjk;
  return set;
}

const cjkPattern = /[\u1100-\u11FF\u2E80-\u9FFF\uA960-\uA97F\uAC00-\uD7FF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF\u{20000}-\u{3FFFF}]/u;

// What pdfkit's standard (base-14) fonts can show: WinAnsi, i.e. Latin-1 plus the Windows-1252 extras.
const winAnsiExtra = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const winAnsiOnly = new RegExp(`^[\\n\\x20-\\x7e\\xa0-\\xff${winAnsiExtra}]*$`);

/**
 * What a face without a glyph for LINE_BREAK_MARK (`⏎`, display.ts) shows instead: `¶`, which Latin-1 and so every
 * font has (Arial and Segoe UI, the Windows faces, and Helvetica have no `⏎`). A mark so replaced is no missing
 * character: the report says the same, and no warning asks for another font.
 */
const LINE_BREAK_FALLBACK = '¶';

/**
 * How a character no font of the document has is printed: its code point, `\u{76e3}`. As "?", two values that
 * differ printed alike (`x𓀀y` and `x𓀁y` both as `x?y`, the finding saying they differ), or as a value's own "?".
 */
export function codePointShown(ch: string): string {
  return `\\u{${ch.codePointAt(0)!.toString(16)}}`;
}

function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out += (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || ch === '\n' || winAnsiExtra.includes(ch) ? ch : codePointShown(ch);
  }
  return out;
}

/** What pdfkit's embedded font object holds: the fontkit font, which can tell whether it has a glyph. */
interface LoadedFont {
  font?: { hasGlyphForCodePoint?: (codePoint: number) => boolean; layout?: Layout };
}

/** What pdfkit reads of a laid-out run (fontkit's GlyphRun): positions it scales in place, and their sum. */
interface GlyphRunLike {
  glyphs: unknown[];
  positions: { xAdvance: number }[];
  readonly advanceWidth: number;
}
type Layout = (text: string, ...rest: unknown[]) => GlyphRunLike;

/** Right-to-left letters (direction.ts), with what joins them inside a word (`שרת-א`, `א.ב`): a piece laid out apart. */
const RTL_PIECE = new RegExp(String.raw`(${RTL_LETTER}(?:[-.'\u05be\u05f3\u05f4]*${RTL_LETTER})*)`, 'u');
const laidOutByDirection = new WeakSet<object>();

/**
 * pdfkit lays out each word (text up to a space) as one run, and fontkit sets a run in the direction of the first
 * script in it: a word holding Hebrew or Arabic and a bracket, comma or quote (`["שרת-א",`) was drawn reversed, its
 * bracket mirrored (`,"שרת-א"]`). The font lays out such a word in pieces, its right-to-left letters apart from the
 * rest, each in its own direction, left to right in the word's order, as the text and HTML reports show them.
 */
function layoutByDirection(font: LoadedFont['font']): void {
  const layout = font?.layout;
  if (font === undefined || layout === undefined || laidOutByDirection.has(font)) return;
  laidOutByDirection.add(font);
  font.layout = (text: string, ...rest: unknown[]): GlyphRunLike => {
    const pieces = RTL_PIECE.test(text) ? text.split(RTL_PIECE).filter((p) => p !== '') : [];
    if (pieces.length < 2) return layout.call(font, text, ...rest);
    const runs = pieces.map((p) => layout.call(font, p, ...rest));
    const positions = runs.flatMap((r) => r.positions);
    return { glyphs: runs.flatMap((r) => r.glyphs), positions, get advanceWidth() { return positions.reduce((w, p) => w + p.xAdvance, 0); } };
  };
}

/**
 * Registered fonts of one document and the choice of face for a piece of text. Text that WinAnsi can
 * carry is set in Helvetica (a PDF standard font: metrics built in, nothing to shape or embed, an order
 * of magnitude faster for 10,000-row tables); any other text in the embedded TrueType font that has its
 * glyphs (CJK text in the CJK font first). A character no font has a glyph for prints as its code point
 * (codePointShown; not as an empty box), and is noted in `missing` for one warning (missingGlyphsMessage).
 */
export class PdfFonts {
  /** True when a TrueType font is embedded for text outside WinAnsi. */
  readonly embedded: boolean;
  private readonly hasCjk: boolean;
  /** Name of the face `use` selected last. */
  current = 'regular';
  /** Characters shown as their code point because no font of the document has them, in the order met. */
  readonly missing = new Set<string>();
  /** Logical face → what doc.font() is given (a standard font name, or the registered name). */
  private readonly faces: Record<string, string> = { regular: 'Helvetica', bold: 'Helvetica-Bold' };
  /** Per embedded face: how to ask it for a glyph, and its answers so far (code point → has a glyph). */
  private readonly coverage = new Map<string, { has: ((codePoint: number) => boolean) | undefined; known: Map<number, boolean> }>();
  /** The face chosen for text shown with code points: the same text given again (to draw what was measured) gets it again. */
  private readonly faceOfShown = new Map<string, string>();

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    set: PdfFontSet,
  ) {
    // Standard fonts are selected by their own names: pdfkit caches a font under the name it is asked
    // for, except a standard font registered under an alias, which it would re-parse on every switch.
    const register = (name: string, f: FontFile | undefined, fallback: string): void => {
      if (f === undefined) this.faces[name] = fallback;
      else if (f.postscriptName) doc.registerFont(name, f.path, f.postscriptName);
      else doc.registerFont(name, f.path);
    };
    register('unicode', set.regular, 'Helvetica');
    register('unicode-bold', set.bold ?? set.regular, 'Helvetica-Bold');
    register('cjk', set.cjk ?? set.regular, 'Helvetica');
    this.embedded = set.regular !== undefined;
    this.hasCjk = set.cjk !== undefined;
  }

  /** Selects the face for `text` and returns the text as it can be shown. */
  use(text: string, weight: 'regular' | 'bold' = 'regular', size?: number): string {
    let name: string = weight;
    const marked = this.withBreakMark(text, weight);
    let shown = marked;
    if (!winAnsiOnly.test(marked)) {
      if (this.embedded) [name, shown] = this.embeddedFace(marked, weight);
      else {
        shown = toWinAnsi(marked);
        if (shown !== marked) for (const ch of marked) if (toWinAnsi(ch) !== ch) this.missing.add(ch);
      }
    }
    this.doc.font(this.faces[name] ?? name);
    if (this.embedded) layoutByDirection((this.doc as unknown as { _font?: LoadedFont })._font?.font);
    if (size !== undefined) this.doc.fontSize(size);
    this.current = name;
    return shown;
  }

  /**
   * `text` with LINE_BREAK_MARK shown as LINE_BREAK_FALLBACK unless every face that may set it has a glyph for it
   * (the Latin one, and the CJK one for text with CJK: WenQuanYi Micro Hei has none).
   */
  private withBreakMark(text: string, weight: 'regular' | 'bold'): string {
    if (!text.includes(LINE_BREAK_MARK)) return text;
    const faces = [weight === 'bold' ? 'unicode-bold' : 'unicode', ...(this.hasCjk && cjkPattern.test(text) ? ['cjk'] : [])];
    if (this.embedded && faces.every((face) => this.lacking(face, LINE_BREAK_MARK).size === 0)) return text;
    return text.replaceAll(LINE_BREAK_MARK, LINE_BREAK_FALLBACK);
  }

  /**
   * The embedded face for text outside WinAnsi: the first that has every glyph (the CJK font first for text with
   * CJK, else the Latin one); when none has them all, the one that lacks fewest, with what it lacks shown as code points.
   */
  private embeddedFace(text: string, weight: 'regular' | 'bold'): [string, string] {
    const again = this.faceOfShown.get(`${weight}\0${text}`);
    if (again !== undefined) return [again, text];
    const latin = weight === 'bold' ? 'unicode-bold' : 'unicode';
    const order = !this.hasCjk ? [latin] : cjkPattern.test(text) ? ['cjk', latin] : [latin, 'cjk'];
    let best: { name: string; lacking: Set<string> } | undefined;
    for (const name of order) {
      const lacking = this.lacking(name, text);
      if (lacking.size === 0) return [name, text];
      if (best === undefined || lacking.size < best.lacking.size) best = { name, lacking };
    }
    let shown = '';
    for (const ch of text) shown += best!.lacking.has(ch) ? codePointShown(ch) : ch;
    for (const ch of best!.lacking) this.missing.add(ch);
    this.faceOfShown.set(`${weight}\0${shown}`, best!.name);
    return [best!.name, shown];
  }

  /** The characters of `text` that face `name` has no glyph for (line breaks aside). */
  private lacking(name: string, text: string): Set<string> {
    let face = this.coverage.get(name);
    if (face === undefined) {
      this.doc.font(name);
      const font = (this.doc as unknown as { _font?: LoadedFont })._font?.font;
      // A font object that cannot be asked (not expected of pdfkit) is taken to have every glyph.
      face = { has: font?.hasGlyphForCodePoint?.bind(font), known: new Map() };
      this.coverage.set(name, face);
    }
    const lacking = new Set<string>();
    if (face.has === undefined) return lacking;
    for (const ch of text) {
      if (ch === '\n') continue;
      const cp = ch.codePointAt(0)!;
      let has = face.known.get(cp);
      if (has === undefined) face.known.set(cp, (has = face.has(cp)));
      if (!has) lacking.add(ch);
    }
    return lacking;
  }
}

/**
 * The one warning for characters a PDF shows as their code point (PdfFonts.missing): which (the first few, with
 * their code points), and what to install or set so that they print. Undefined when none.
 */
export function missingGlyphsMessage(missing: ReadonlySet<string>, set: PdfFontSet, opts: Pick<FontSearchOptions, 'fontFile'> = {}): string | undefined {
  if (missing.size === 0) return undefined;
  const chars = [...missing];
  const shown = chars.slice(0, 8).map((ch) => `${ch} (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`).join(', ');
  const more = chars.length > 8 ? ` and ${chars.length - 8} more` : '';
  const what = `the PDF shows ${chars.length} character${chars.length === 1 ? '' : 's'} as code points (\\u{…}): ${shown}${more}`;
  if (opts.fontFile) return `${what}: the font PAIRAUDIT_PDF_FONT names (${opts.fontFile}) has no glyph for them; name one that has`;
  const cjk = chars.some((ch) => cjkPattern.test(ch));
  const setFont = 'set PAIRAUDIT_PDF_FONT to a font file that has them (path, or path.ttc#PostScriptName)';
  if (set.regular === undefined) return `${what}: no TrueType font was found; install fonts-dejavu-core${cjk ? ' and fonts-wqy-microhei' : ''} (Debian, Ubuntu) or ${setFont}`;
  if (cjk && set.cjk === undefined) return `${what}: no CJK font was found; install fonts-wqy-microhei (Debian, Ubuntu) or ${setFont}`;
  return `${what}: no font found has them; ${setFont}`;
}
