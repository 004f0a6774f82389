// A full garbage collection at a moment a run's memory turns over (after one large export is collected, before the
// next or the audit). V8 collects its old generation when its own limits say so; in a run that collects two
// 200,000-setting exports in turn that fell during the second export's collection or not at all, so the garbage of
// the first (its decoded text, its parser's columns, its builder's arrays) added to the peak of everything after it.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * Collects all garbage now, through V8's `gc()`: the process's own when it runs with --expose-gc, else exposed once
 * for the rest of the run. Exposing it changes V8's flags, so it is done only when asked for, after any code cache
 * was taken (src/cli/launch.cts: V8 refuses a cache made under other flags).
 */
export function collectGarbage(): void {
  if (gc === undefined) {
    const own = (globalThis as { gc?: () => void }).gc;
    if (own === undefined) setFlagsFromString('--expose-gc');
    gc = own ?? (runInNewContext('gc') as () => void);
  }
  gc();
}
