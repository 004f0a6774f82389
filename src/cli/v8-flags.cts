// The V8 flags a run of pairaudit sets on itself: before anything of it is compiled (src/cli/launch.cts, and
// src/build/code-cache.ts when it makes the code cache under the same flags), and for a PDF (src/cli/render.ts).
// CommonJS, as the launcher is: the launcher loads it before the bundle, and the bundle takes it in too.
import { setFlagsFromString } from 'node:v8';

/** The young generation kept at its first size (see V8_FLAGS). */
const YOUNG_GENERATION_KEPT = '--semi-space-growth-factor=1';

/**
 * V8 flags the command runs with, set before anything of pairaudit is compiled. Turbofan, V8's optimising compiler,
 * compiles a hot function on a background thread while the function runs unoptimised; without inlining each
 * compile is shorter, so optimised code comes sooner, and there is less of it to make. A run of pairaudit is short
 * (mostly code met for the first time), and on the 2-core machine that was worth more than what inlining gives
 * later. Measured in turn through the one-file build, each with a cache made under its own flags (means of 8,
 * 8, 5 and 2 runs): 20k pair 0.495 s / 0.67 s CPU against 0.545 s / 0.80 s; 200k pair 1.50 s / 2.04 s CPU against
 * 1.60 s / 2.35 s; the 1,000,000-value pair 4.93-5.10 s against 5.00-5.19 s; an HTML and a PDF report of 3,864
 * findings 0.96x and 0.96x. Halving the inlining budget gave about half of that, V8's Maglev compiler 3%.
 *
 * The young generation kept at its first size (`--semi-space-growth-factor=1`: 1 MB a semi-space, where V8 grows
 * it to 16 MB on Node.js 20 and 22, 32 MB on 24). Most of what an audit allocates lives to the end (the settings
 * of both servers), so a larger young generation collects no more garbage: it only holds more pages, each of them
 * memory the process touches for the first time (a page fault: on the 2-core machine ~10 us each, 0.3 s of system
 * time in a 200k audit). Measured in turn against the same build without it (medians of 8 pairs): 2k pair 0.965x,
 * 20k 0.968x (0.475 against 0.480 s), 200k 0.972x (1.415 against 1.465 s); peak memory 61.5 / 68.5 / 108.8 MB
 * against 65.1 / 79.6 / 138.9 MB. Set at run time the flag takes effect on Node.js 20, 22 and 24 (checked: the
 * new space stays at 2 MB); the heap's size limits themselves (--max-semi-space-size) do not, and flags given to
 * node itself would refuse the code cache. Given to node at start-up this flag does nothing: V8 then raises the
 * factor to its minimum of 2. Set later it stands, and a growth by a factor of 1 leaves the space as it is (V8's
 * Grow: the capacity times the factor, at most the maximum). A V8 that enforced the minimum at run time too would
 * only grow the space as before; test/cli-launch.test.ts would say so.
 *
 * V8 keeps a code cache only for the flags it was made under: src/build/code-cache.ts makes it after loadBundle set
 * these.
 */
export const V8_FLAGS: readonly string[] = ['--no-turbo-inlining', YOUNG_GENERATION_KEPT];

/** V8's own growth of the young generation (its default factor, 2 on V8 11-13): see letYoungGenerationGrow. */
const YOUNG_GENERATION_GROWS = '--semi-space-growth-factor=2';

/**
 * The V8 majors whose flags V8_FLAGS names: Node.js 20 (V8 11), 22 (12), 23 and 24 (13). V8 writes "Error:
 * unrecognized flag" to standard output for a flag it does not know, which would corrupt a report written there:
 * on another V8 the command runs without them.
 */
const V8_FLAG_MAJORS: readonly number[] = [11, 12, 13];

/** V8_FLAGS for the V8 `version` (process.versions.v8), or none for a V8 not known to have them. */
export function v8FlagsFor(version: string): readonly string[] {
  return V8_FLAG_MAJORS.includes(Number.parseInt(version, 10)) ? V8_FLAGS : [];
}

/** Sets this V8's flags of V8_FLAGS (again: setting a flag twice changes nothing). */
export function useV8Flags(): void {
  for (const flag of v8FlagsFor(process.versions.v8)) setFlagsFromString(flag);
}

/**
 * Lets V8 grow the young generation again, as it does by default, for the rest of the run: before a PDF is
 * rendered. pdfkit's objects live until the document is written, not to the end of the run, and with the young
 * generation kept small they were promoted and collected in the old one: a PDF of 3,864 findings took 1.24x the
 * time and peaked at 182 MB instead of 143 (medians of 4 runs in turn); growing again, 1.01x. On a V8 whose flags
 * V8_FLAGS does not name, nothing (V8 would print that it does not know the flag); where the flags were not set
 * (the modules run without the launcher), V8's own factor is set again, which changes nothing.
 */
export function letYoungGenerationGrow(): void {
  if (v8FlagsFor(process.versions.v8).includes(YOUNG_GENERATION_KEPT)) setFlagsFromString(YOUNG_GENERATION_GROWS);
}

/** The old generation's limit after a release: three times what the collection kept (see collectLeavingRoom). */
const ROOM_AFTER_RELEASE = '--heap-growing-percent=200';
/** V8's own growth of that limit (0: its heuristics). */
const OLD_GENERATION_GROWS = '--heap-growing-percent=0';

/**
 * Runs `collect`, a full collection where a run's memory turns over (src/memory.ts, after a large export is collected:
 * src/collect/parallel.ts), with V8 told to set the old generation's next limit at three times what it keeps, then
 * gives V8 back its own growth for the collections after it. V8 sets that limit at about one and a half times what a
 * collection keeps; the next export's collection, whose settings then live to the end, passed it, and V8 marked the
 * whole heap again in the middle of it (16-22 ms of marking on the 200k pair, freeing 0.6 MB), and once more during
 * the audit. With the room, neither happens: in turn on the 200k pair 0.965x the time (20 pairs, p 0.012), CPU
 * 0.954x (p < 0.001), the same peak (98.7 MB; the forced collections bound it); factors of four and five gave no
 * more (test/bench/HISTORY.md, session 20). On a V8 whose flags V8_FLAGS does not name, `collect` alone (V8 would
 * print that it does not know the flag). `version` and `setFlags` are this V8's (tests give others).
 */
export function collectLeavingRoom(collect: () => void, version = process.versions.v8, setFlags: (flag: string) => void = setFlagsFromString): void {
  if (v8FlagsFor(version).length === 0) {
    collect();
    return;
  }
  setFlags(ROOM_AFTER_RELEASE);
  try {
    collect();
  } finally {
    setFlags(OLD_GENERATION_GROWS);
  }
}
