// Shared by the CLI tests: a fake CliIO that captures output, and an in-process runner of the command line.
import type { CliIO } from '../src/cli/io.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../src/cli/main.js';

export interface CapturingIO extends CliIO {
  out: string[];
  err: string[];
  /** Standard output as text (binary chunks decoded as UTF-8). */
  stdoutText: () => string;
}

export function fakeIO(opts: { cwd: string; now?: string | (() => Date); env?: Record<string, string | undefined>; isTTY?: boolean; stdin?: Uint8Array }): CapturingIO {
  const out: string[] = [];
  const err: string[] = [];
  const now = opts.now ?? '2026-11-25T12:00:00Z';
  return {
    out,
    err,
    stdoutText: () => out.join(''),
    stdout: (t) => void out.push(typeof t === 'string' ? t : Buffer.from(t).toString('utf8')),
    stderr: (t) => void err.push(t),
    isTTY: opts.isTTY ?? false,
    env: { NO_COLOR: '1', ...opts.env },
    now: typeof now === 'function' ? now : () => new Date(now),
    version: '0.0.0-test',
    cwd: opts.cwd,
    exitCode: 0,
    ...(opts.stdin !== undefined ? { readStdin: async () => opts.stdin as Uint8Array } : {}),
  };
}

/** Runs `pairaudit <args>` in-process; returns the exit code and what it wrote. */
export async function runCli(args: string[], opts: Parameters<typeof fakeIO>[0]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = fakeIO(opts);
  const code = await run(args, io);
  return { code, stdout: io.stdoutText(), stderr: io.err.join('') };
}

/** The bundled profile corrected for a site that keeps its partner settings under Redundancy (fixtures/inputs/other-layout); returns the file. */
export function redundancyProfile(root: string): string {
  const p = JSON.parse(readFileSync(join(root, 'profiles', 'geo-scada.json'), 'utf8')) as { mappings: { key: string }[] };
  for (const m of p.mappings) m.key = m.key.replace(/^Partners(?=\\|$)/, 'Redundancy');
  const file = join(mkdtempSync(join(tmpdir(), 'pairaudit-profile-')), 'site.json');
  writeFileSync(file, JSON.stringify(p));
  return file;
}

/** Writes `<dir>/fleet.yaml`: one site "North" whose pairs are the given YAML lines (indented as list items of `pairs:`); returns its path. */
export function writeFleetInventory(dir: string, pairLines: string[]): string {
  const file = join(dir, 'fleet.yaml');
  writeFileSync(file, ['sites:', '  - name: North', '    pairs:', ...pairLines].join('\n'));
  return file;
}
