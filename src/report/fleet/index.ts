// Report formats of a fleet result: a lazily loaded map from format name to a pure formatter (as for single audits).
import type { FleetResult } from '../../fleet/types.js';
import type { FormatContext } from '../index.js';

export type FleetFormatName = 'text' | 'json' | 'junit' | 'html' | 'pdf';

export const fleetFormatNames: readonly FleetFormatName[] = ['text', 'json', 'junit', 'html', 'pdf'];

export type FleetFormatter = (result: FleetResult, ctx: FormatContext) => string | Uint8Array | Promise<string | Uint8Array>;

const loaders: Record<FleetFormatName, () => Promise<FleetFormatter>> = {
  text: async () => (await import('./text.js')).formatFleetText,
  json: async () => (await import('./json.js')).formatFleetJson,
  junit: async () => (await import('./junit.js')).formatFleetJunit,
  html: async () => (await import('./html.js')).formatFleetHtml,
  pdf: async () => (await import('./pdf.js')).formatFleetPdf,
};

export function isFleetFormatName(name: string): name is FleetFormatName {
  return Object.prototype.hasOwnProperty.call(loaders, name);
}

/** Renders a fleet result in one format: a string for text formats, bytes for PDF. Same input, same bytes. */
export async function renderFleet(result: FleetResult, format: FleetFormatName, ctx: FormatContext): Promise<string | Uint8Array> {
  return (await loaders[format]())(result, ctx);
}
