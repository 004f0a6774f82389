// A fast test that JSON text is in canonical form, for reading large journals and snapshots.

/** True when every object's keys are in sorted order (the order the canonical serialiser writes). */
export function keysSorted(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(keysSorted);
  if (typeof value !== 'object' || value === null) return true;
  const keys = Object.keys(value);
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] >= keys[i]) return false;
  return keys.every((k) => keysSorted((value as Record<string, unknown>)[k]));
}
