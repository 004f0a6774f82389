// A step of `npm run build`, after tsc: validates the bundled rule pack once and writes the result beside the built
// rule loader (engine/load.ts), so that a run reads one file instead of validating every rule file again.
import { writeRuleCache } from '../engine/load.js';
import { bundledPackDir } from '../vocabulary.js';

try {
  await writeRuleCache(bundledPackDir);
} catch (e) {
  process.stderr.write(`build rules: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
