// What the build steps share with a command: an IO that keeps nothing, and writing a file whole or not at all
// (src/cli/io.ts: a temporary file, fsync, rename), so that a run started during a build never reads half a file.
import { writeOutput, type CliIO } from '../cli/io.js';

/** An IO whose output goes nowhere: the build's in-process runs want the code they run, not what they print. */
export function quietIO(cwd: string): CliIO {
  return { stdout: () => {}, stderr: () => {}, isTTY: false, env: { NO_COLOR: '1' }, now: () => new Date(0), version: '0.0.0', cwd, exitCode: 0 };
}

/** Writes `bytes` to `file` atomically. */
export function writeBuildFile(file: string, bytes: Uint8Array): void {
  writeOutput(quietIO('.'), bytes, file);
}
