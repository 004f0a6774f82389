// Report formats of a fleet result: a lazily loaded map from format name to a pure formatter (as for single audits).
import type { FleetResult } from '../../fleet/types.js';
import { formatterMap, type Formatter } from '../formatter-map.js';

import type { FleetFormatName } from '../../vocabulary.js';

export type { FleetFormatName };

export type FleetFormatter = Formatter<FleetResult>;

const fleet = formatterMap<FleetFormatName, FleetResult>({
  text: async () => (await import('./text.js')).formatFleetText,
  json: async () => (await import('./json.js')).formatFleetJson,
  junit: async () => (await import('./junit.js')).formatFleetJunit,
  markdown: async () => (await import('./markdown.js')).formatFleetMarkdown,
  html: async () => (await import('./html.js')).formatFleetHtml,
  pdf: async () => (await import('./pdf.js')).formatFleetPdf,
});

/** Every format, in the order `--help` lists them. */
export const fleetFormatNames = fleet.names;

export const isFleetFormatName = fleet.isName;

/** Renders a fleet result in one format: a string for text formats, bytes for PDF. Same input, same bytes. */
export const renderFleet = fleet.render;
