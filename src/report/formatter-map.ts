// A lazily loaded map from format name to formatter (Stylelint style), shared by audit, change and fleet reports.
import type { FormatContext } from './context.js';
import { neutraliseDeep } from './sanitize.js';

/** A formatter: a pure function of its input (same input, same bytes). */
export type Formatter<Input> = (input: Input, ctx: FormatContext) => string | Uint8Array | Promise<string | Uint8Array>;

export interface FormatterMap<Name extends string, Input> {
  /** Every format, in the order given. */
  names: readonly Name[];
  isName: (name: string) => name is Name;
  /** Imports one formatter only when it is used, so handlebars and pdfkit load on demand. */
  load: (format: Name) => Promise<Formatter<Input>>;
  render: (input: Input, format: Name, ctx: FormatContext) => Promise<string | Uint8Array>;
}

export function formatterMap<Name extends string, Input>(loaders: Record<Name, () => Promise<Formatter<Input>>>): FormatterMap<Name, Input> {
  const isName = (name: string): name is Name => Object.prototype.hasOwnProperty.call(loaders, name);
  return {
    names: Object.keys(loaders) as Name[],
    isName,
    load: (format) => loaders[format](),
    // Every format but JSON shows text: values from exports reach it with control and bidi characters made
    // visible (JSON escapes them itself, and the CLI writes C1 and bidi characters there as \u escapes).
    render: async (input, format, ctx) => (await loaders[format]())(format === 'json' ? input : neutraliseDeep(input), ctx),
  };
}
