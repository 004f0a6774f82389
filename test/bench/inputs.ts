// The bench's generated inputs, made once in a work folder and reused while the generator and their spec are unchanged.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePair } from './generate.js';

const benchDir = dirname(fileURLToPath(import.meta.url));

/** Where the generated inputs are kept unless `--work` says otherwise (run.ts, reference.ts, in-turn.ts). */
export const DEFAULT_WORK = join(benchDir, '..', '..', 'out', 'bench');

function generatorStamp(): string {
  return createHash('sha256').update(readFileSync(join(benchDir, 'generate.ts'))).digest('hex').slice(0, 16);
}

/** Runs `make` to fill `dir` unless the folder's stamp says it was made by this generator for this `spec`. */
export async function cached(dir: string, spec: unknown, make: () => Promise<void>): Promise<void> {
  const stampFile = join(dir, '.stamp');
  const stamp = generatorStamp() + ' ' + JSON.stringify(spec);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  mkdirSync(dir, { recursive: true });
  await make();
  writeFileSync(stampFile, stamp);
}

/** The generated pair of `settings` settings a server in `work` (`pair-<settings>/main.reg`, `standby.reg`), made if needed. */
export async function pairFiles(work: string, settings: number): Promise<{ main: string; standby: string; bytes: number }> {
  const dir = join(work, `pair-${settings}`);
  const main = join(dir, 'main.reg');
  const standby = join(dir, 'standby.reg');
  await cached(dir, { settings }, async () => void (await writePair(main, standby, { settings, seed: settings })));
  return { main, standby, bytes: statSync(main).size + statSync(standby).size };
}
