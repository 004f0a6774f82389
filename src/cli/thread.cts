// A worker thread's entry where the command runs the one-file build (src/threads.ts): the same build with its code
// cache, as src/cli/launch.cts loads it, running the module the thread was started for (its first argument).
import { loadBundle } from './launch.cjs';

const entry = process.argv[2] ?? '';
const bundle = loadBundle(__dirname)?.exports;
if (bundle !== undefined) void bundle.runThreadEntry(entry);
else void import('./thread-entries.js').then((m) => m.runThreadEntry(entry));
