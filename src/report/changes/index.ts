// Change-record formats: a lazily loaded map from format name to a pure formatter of the view model.
import { formatterMap, type Formatter } from '../formatter-map.js';
import type { ChangeRecordView } from './view.js';

import type { ChangeFormatName } from '../../vocabulary.js';

export type { ChangeFormatName };
export type ChangeFormatter = Formatter<ChangeRecordView>;

const changes = formatterMap<ChangeFormatName, ChangeRecordView>({
  text: async () => (await import('./text.js')).formatChangesText,
  json: async () => (await import('./json.js')).formatChangesJson,
  markdown: async () => (await import('./markdown.js')).formatChangesMarkdown,
  html: async () => (await import('./html.js')).formatChangesHtml,
  pdf: async () => (await import('./pdf.js')).formatChangesPdf,
});

/** Every format, in the order `--help` lists them. */
export const changeFormatNames = changes.names;

export const isChangeFormatName = changes.isName;

export const renderChanges = changes.render;

export { buildChangeRecordView, type ChangeRecordView, type ChangeRecordInput, type ChangeView } from './view.js';
