// Help epilogues that fit an 80-column terminal: prose re-wrapped, indented lines (examples, inventories) kept as written.
import { wrap } from '../report/wrap.js';

/** Width of every --help text (commander wraps the option lists to the same). */
export const HELP_WIDTH = 80;

/**
 * Re-wraps the prose paragraphs of an epilogue to HELP_WIDTH columns. Lines that start with a space
 * (examples, a YAML sample) are kept as they are, so they must fit by themselves.
 */
export function helpEpilogue(text: string): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) out.push(...wrap(paragraph.join(' '), HELP_WIDTH));
    paragraph = [];
  };
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith(' ')) {
      flush();
      out.push(line);
    } else paragraph.push(line);
  }
  flush();
  return out.join('\n');
}
