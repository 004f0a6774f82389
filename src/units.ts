// Quantities as a person reads them: ages and intervals in min, h and d; sizes in GiB (JSON keeps the exact numbers).

/** `45 min`, `3.5 h`, `9 d 3 h`: minutes as a person reads them. */
export function humanMinutes(minutes: number): string {
  if (!Number.isFinite(minutes)) return String(minutes);
  const m = Math.abs(minutes);
  if (m < 90) return `${Math.round(m * 10) / 10} min`;
  if (m < 48 * 60) return `${Math.round((m / 60) * 10) / 10} h`;
  // Rounded to whole hours first: 91 d 23 h 58 min is 92 d, not 91 d and 24 h.
  const totalHours = Math.round(m / 60);
  const days = Math.floor(totalHours / 24);
  const hours = totalHours - days * 24;
  return hours === 0 || days >= 100 ? `${days} d` : `${days} d ${hours} h`;
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** `465.7 GiB`, `512 MiB`, `900 bytes`: a size in binary units, one decimal. */
export function humanBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const b = Math.abs(bytes);
  if (b >= GiB) return `${Math.round((bytes / GiB) * 10) / 10} GiB`;
  if (b >= MiB) return `${Math.round((bytes / MiB) * 10) / 10} MiB`;
  return `${bytes} bytes`;
}
