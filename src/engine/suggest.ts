// "Did you mean" for rule ids given on the command line.
import { suggest } from './yaml-source.js';

export function suggestRuleId(id: string, ids: readonly string[]): string | undefined {
  return suggest(id, ids);
}
