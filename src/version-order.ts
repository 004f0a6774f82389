// Dotted version numbers compared part by part as numbers (6.84.10004 is newer than 6.84.8512; 2.10 newer than 2.9):
// the Geo SCADA build a rule compares, and the collector version a bundle's evidence depends on.

/** `6.84.8512.1` as [6, 84, 8512, 1]; undefined unless the text is dotted digits only. */
export function versionParts(text: string): number[] | undefined {
  const t = text.trim();
  return /^\d+(?:\.\d+)*$/.test(t) ? t.split('.').map(Number) : undefined;
}

/** Negative when `a` is older than `b`, 0 when the same (missing parts count as 0: 6.84 is 6.84.0.0). */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
