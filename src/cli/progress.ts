// Progress of a long run on standard error: a bar with an ETA redrawn in place on a terminal, a plain line every tenth otherwise.
import type { CliIO } from './io.js';

export interface Progress {
  tick: (done: number, label: string) => void;
  end: () => void;
}

/** `1m05s`, `42s`, `1h02m`. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** The time left, from the pace so far; undefined before the first item is done. */
function eta(done: number, total: number, elapsedMs: number): string | undefined {
  return done === 0 || done >= total ? undefined : duration((elapsedMs / done) * (total - done));
}

/**
 * One line of the bar, never wider than `columns - 1` (a full line would wrap and leave a stale copy
 * behind at each redraw): `[######......] 12/120 ETA 1m05s north/scada`.
 */
export function progressLine(done: number, total: number, label: string, elapsedMs: number, columns: number): string {
  const left = eta(done, total, elapsedMs);
  const counts = `${done}/${total}${left !== undefined ? ` ETA ${left}` : ''}`;
  const room = Math.max(10, columns - 1);
  const barWidth = Math.max(0, Math.min(30, room - counts.length - 3 - 12));
  const filled = total === 0 ? barWidth : Math.round((done / total) * barWidth);
  const bar = barWidth > 0 ? `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ` : '';
  const line = `${bar}${counts} ${label}`;
  return [...line].length <= room ? line : [...line].slice(0, room - 1).join('') + '…';
}

/** Progress for `total` items: nothing with --quiet; a redrawn bar on a terminal's stderr; else a line at each tenth. */
export function startProgress(io: CliIO, total: number, what: string, quiet: boolean, clock: () => number = Date.now): Progress | undefined {
  if (quiet || total === 0) return undefined;
  const started = clock();
  if (io.stderrIsTTY === true) {
    // Redrawn with a carriage return and spaces over the previous frame (no escape sequences: the output
    // guard lets none through), never wider than the terminal, so a frame never wraps onto a new line.
    let last = 0;
    return {
      tick(done, label) {
        const columns = io.stderrColumns?.() ?? (Number(io.env.COLUMNS) || 80);
        const line = progressLine(done, total, label, clock() - started, columns);
        const width = [...line].length;
        io.stderr(`\r${line}${' '.repeat(Math.max(0, Math.min(last, columns - 1) - width))}`);
        last = width;
      },
      end() {
        if (last > 0) io.stderr(`\r${' '.repeat(last)}\r`);
      },
    };
  }
  let lastTenth = 0;
  return {
    tick(done) {
      const tenth = Math.floor((done / total) * 10);
      if (tenth <= lastTenth) return;
      lastTenth = tenth;
      const left = eta(done, total, clock() - started);
      io.stderr(`pairaudit: ${done}/${total} ${what}${left !== undefined ? `, about ${left} left` : ` in ${duration(clock() - started)}`}\n`);
    },
    end() {},
  };
}
