// Default message templates per comparison kind (ESLint style: message id + data; each comparator declares
// its own), and their rendering.
export { KIND_MESSAGES, type MessageId } from './comparators/index.js';

/** Fills `{{name}}` placeholders; an unknown placeholder stays visible so that a typo shows in tests. */
export function renderMessage(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (Object.prototype.hasOwnProperty.call(data, key) ? String(data[key]) : whole));
}
