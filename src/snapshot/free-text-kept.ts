// What free text already shows hidden (or withheld), which the masking of free text (free-text*.ts) leaves as it is.

/** What is already hidden (or withheld) and so is not hidden again. */
export type KeptMarks = readonly string[];

/** Whether `value` is hidden already (starts with a kept mark, after blanks). */
export function isKept(value: string, kept: KeptMarks): boolean {
  const v = value.trimStart();
  return kept.some((k) => v.startsWith(k));
}
