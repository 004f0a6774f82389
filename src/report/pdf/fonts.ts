// Fonts for PDF reports: find TrueType fonts that cover Latin, dashes and CJK on Debian, Windows and macOS.
// pdfkit's standard fonts are WinAnsi only (CJK silently becomes garbage), so text is set in embedded fonts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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

function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out += (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || ch === '\n' || winAnsiExtra.includes(ch) ? ch : '?';
  }
  return out;
}

/**
 * Registered fonts of one document and the choice of face for a piece of text. Text that WinAnsi can
 * carry is set in Helvetica (a PDF standard font: metrics built in, nothing to shape or embed, an order
 * of magnitude faster for 10,000-row tables); any other text in an embedded TrueType font that has its
 * glyphs (CJK text in the CJK font). Without any TrueType font, other characters print as "?".
 */
export class PdfFonts {
  /** True when a TrueType font is embedded for text outside WinAnsi. */
  readonly embedded: boolean;
  private readonly hasCjk: boolean;
  /** Name of the face `use` selected last. */
  current = 'regular';
  /** Logical face → what doc.font() is given (a standard font name, or the registered name). */
  private readonly faces: Record<string, string> = { regular: 'Helvetica', bold: 'Helvetica-Bold' };

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
    let shown = text;
    if (!winAnsiOnly.test(text)) {
      if (this.hasCjk && cjkPattern.test(text)) name = 'cjk';
      else if (this.embedded) name = weight === 'bold' ? 'unicode-bold' : 'unicode';
      else shown = toWinAnsi(text);
    }
    this.doc.font(this.faces[name] ?? name);
    if (size !== undefined) this.doc.fontSize(size);
    this.current = name;
    return shown;
  }
}
