// What an editor, a copy tool or git does to a text file of the store without changing its content: a byte-order
// mark, CRLF line endings, blank lines at the end; and an empty file. The file then fails the exact-bytes check (its
// bytes are the canonical form, STORE.md "What verify checks"): these say why, and whether the content is intact.

/** A change to a file's bytes that leaves its content alone: what it is, and the text without it. */
export interface CosmeticChange {
  what: string;
  fix: string;
  text: string;
}

/**
 * The cosmetic changes made to `text`, a store file that is one line of JSON and `\n`, with the text undone;
 * undefined when there are none. The caller checks the undone text: only when it passes is the content intact.
 */
export function cosmeticChange(text: string): CosmeticChange | undefined {
  const what: string[] = [];
  const fix: string[] = [];
  let undone = text;
  if (undone.startsWith('\uFEFF')) {
    undone = undone.slice(1);
    what.push('starts with a byte-order mark (saved by an editor?)');
    fix.push('remove the mark');
  }
  if (undone.includes('\r')) {
    undone = undone.replace(/\r\n?/g, '\n');
    what.push("has CRLF line endings (git's core.autocrlf without the store's .gitattributes `* -text`, or a copy tool?)");
    fix.push("convert the store's journal/*.json and head.json back to LF");
  }
  const trimmed = `${undone.replace(/\s+$/, '')}\n`;
  if (trimmed !== undone && trimmed.trim() !== '') {
    undone = trimmed;
    what.push('ends with blank lines or spaces (saved by an editor?)');
    fix.push('remove them (one line break ends the file)');
  }
  return what.length === 0 ? undefined : { what: what.join(' and '), fix: fix.join(', '), text: undone };
}

/**
 * What is wrong with a store file: `detail` for the user, and `intact` when only its bytes changed (its content is
 * intact: put the bytes back, nothing to restore). A command decides on `intact`, never on the detail's words: a
 * detail can quote a file's own text (an edited entry's type), which may read like anything.
 */
export interface Damage {
  detail: string;
  intact?: true;
}

/** The damage of a file whose bytes differ only by `change`: the content is intact, and how to put the bytes back. */
export function intactButChanged(change: CosmeticChange): Damage {
  return { detail: `${change.what}; its content is intact: ${change.fix}, then run \`pairaudit verify\` again`, intact: true };
}

/** The detail for an empty store file. */
export const EMPTY_FILE = 'is empty (0 bytes): its write was cut short (a crash or power loss) or it was emptied; restore it from a backup';
