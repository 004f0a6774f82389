// Change-record formats: a lazily loaded map from format name to a pure formatter of the view model.
import type { FormatContext } from '../index.js';
import type { ChangeRecordView } from './view.js';

export type ChangeFormatName = 'text' | 'json' | 'markdown' | 'html' | 'pdf';
export const changeFormatNames: readonly ChangeFormatName[] = ['text', 'json', 'markdown', 'html', 'pdf'];

export type ChangeFormatter = (view: ChangeRecordView, ctx: FormatContext) => string | Uint8Array | Promise<string | Uint8Array>;

const loaders: Record<ChangeFormatName, () => Promise<ChangeFormatter>> = {
  text: async () => (await import('./text.js')).formatChangesText,
  json: async () => (await import('./json.js')).formatChangesJson,
  markdown: async () => (await import('./markdown.js')).formatChangesMarkdown,
  html: async () => (await import('./html.js')).formatChangesHtml,
  pdf: async () => (await import('./pdf.js')).formatChangesPdf,
};

export function isChangeFormatName(name: string): name is ChangeFormatName {
  return Object.prototype.hasOwnProperty.call(loaders, name);
}

export async function renderChanges(view: ChangeRecordView, format: ChangeFormatName, ctx: FormatContext): Promise<string | Uint8Array> {
  return (await loaders[format]())(view, ctx);
}

export { buildChangeRecordView, type ChangeRecordView, type ChangeRecordInput, type ChangeView } from './view.js';
