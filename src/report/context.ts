// What a formatter may know about where its output goes (its own module, so formatters and the format maps do not import each other).

/** What a formatter may know about where its output goes; everything else comes from the result. */
export interface FormatContext {
  /** ANSI colour in text output (the CLI sets it from isTTY and NO_COLOR). */
  color: boolean;
  /** Only for "generated" lines that are not the audit time; formatters default to result.generatedAt. */
  now?: Date;
  /** Text width in columns (text format); default 80. */
  width?: number;
  /** PDF: one font file for all text (`path` or `path#PostScriptName` for a .ttc); overrides the search. */
  fontFile?: string;
  /** PDF: extra font folders to search (the CLI adds %WINDIR%\\Fonts on Windows). */
  fontDirs?: string[];
  /** PDF: told what the report cannot show as given (characters no font has, printed as code points); the CLI writes it to standard error. */
  warn?: (message: string) => void;
}
