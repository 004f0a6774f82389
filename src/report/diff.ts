// Line diff of two values shown as lines (list items, multi-line strings), via the `diff` package.
import { diffArrays } from 'diff';

export interface DiffLine {
  /** ' ' unchanged, '-' only in the first server's value, '+' only in the other's. */
  op: ' ' | '-' | '+';
  text: string;
}

export function diffValueLines(from: string[], to: string[]): DiffLine[] {
  const out: DiffLine[] = [];
  for (const part of diffArrays(from, to)) {
    const op = part.added ? '+' : part.removed ? '-' : ' ';
    for (const text of part.value) out.push({ op, text: String(text) });
  }
  return out;
}
