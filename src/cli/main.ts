#!/usr/bin/env node
// The pairaudit command line: builds the commander program, runs it, and maps errors to exit codes.
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type * as Commander from 'commander';
import type { Command } from 'commander';
import { isoFieldsReal, ZONED_ISO_TIME } from '../calendar.js';
import { ExitCode, isPairauditError } from '../errors.js';
import { neutralise, safeMessage } from '../report/sanitize.js';
import { outputFailure, readToolVersion, type CliIO } from './io.js';
import { useColor } from './render.js';
import { commands } from './commands/index.js';
import { refuseRepeatedOptions } from './options.js';

// What the one-file build exports beside main and run (src/cli/launch.cts, thread.cts).
export { runThreadEntry } from './thread-entries.js';
export { startThreadsWith } from '../threads.js';

// commander is a CommonJS package: required as such, a run skips its ES module wrapper and the scan of its exports
// that an import costs (~15 ms of every run, measured in-process).
const { Command: CommandClass, CommanderError } = createRequire(import.meta.url)('commander') as typeof Commander;

/**
 * The program with its commands. Given the command line, only the command it names is registered (its modules
 * alone load: a large part of a short run's time), and none for `--version`; `--help`, an unknown or misspelt
 * command (commander then suggests the nearest) and no command at all get every command.
 */
export async function buildProgram(io: CliIO, argv?: readonly string[]): Promise<Command> {
  const first = argv?.[0];
  const named = commands.filter((c) => c.name === first);
  const needed = named.length > 0 ? named : first === '-V' || first === '--version' ? [] : commands;
  const registers = await Promise.all(needed.map((c) => c.load()));
  const program = new CommandClass();
  program
    .name('pairaudit')
    .description('Audit Geo SCADA (ClearSCADA) hot-standby pairs for configuration drift and keep a tamper-evident change record.')
    .version(io.version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(neutralise(s)) });
  for (const register of registers) register(program, io);
  for (const sub of program.commands) sub.exitOverride().configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(neutralise(s)) });
  return program;
}

/** Runs one command line in-process and returns its exit code (tests call this too). */
export async function run(argv: string[], io: CliIO): Promise<number> {
  guardStreams(io);
  const program = await buildProgram(io, argv);
  try {
    refuseRepeatedOptions(program, argv);
    await program.parseAsync(argv, { from: 'user' });
    return io.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; everything else commander rejects is a usage error.
      return e.exitCode === 0 ? ExitCode.OK : ExitCode.INPUT;
    }
    if (isPairauditError(e)) {
      // A message may quote input, and input may hold secrets (`"Password"=hunter2`): never quote those.
      io.stderr(`pairaudit: ${safeMessage(io.maskSecrets !== undefined ? io.maskSecrets(e.message) : e.message)}\n`);
      return e.exitCode;
    }
    const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
    io.stderr(`pairaudit: internal error (please report it):\n${safeMessage(io.maskSecrets !== undefined ? io.maskSecrets(text) : text)}\n`);
    return ExitCode.INTERNAL;
  }
}

const guarded = new WeakSet<CliIO>();

/**
 * Whatever a command prints passes the output-sanitising layer: no control sequence, C1 control or bidi
 * override from an export reaches the terminal (text shows them as `\x1b`, `\u202e`; JSON keeps the same
 * data as `\u` escapes). Only the colour codes of the text format pass, and only when colour is on.
 */
function guardStreams(io: CliIO): void {
  if (guarded.has(io)) return;
  guarded.add(io);
  const { stdout, stderr } = io;
  const fromEnvironment = useColor(io, true);
  io.stdout = (t) => stdout(typeof t === 'string' ? neutralise(t, { keepOwnColour: io.ownColour ?? fromEnvironment }) : t);
  io.stderr = (t) => stderr(neutralise(t, { keepCr: true }));
}

/** PAIRAUDIT_NOW (ISO 8601) fixes the clock, so that a whole run is reproducible byte for byte. */
function fixedNow(): Date | undefined {
  const text = process.env.PAIRAUDIT_NOW;
  if (text === undefined || text === '') return undefined;
  const d = new Date(text);
  // A time without a zone would be read in this machine's zone: the same run would differ from machine to machine.
  if (Number.isNaN(d.getTime()) || !isoFieldsReal(text) || !ZONED_ISO_TIME.test(text.trim())) {
    process.stderr.write(`pairaudit: PAIRAUDIT_NOW=${JSON.stringify(text)} is not an ISO 8601 time with a zone; unset it or write e.g. 2026-11-25T12:00:00Z\n`);
    process.exit(ExitCode.INPUT);
  }
  return d;
}

function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stderrColumns: () => process.stderr.columns,
    stdoutColumns: () => process.stdout.columns,
    env: process.env,
    now: () => fixedNow() ?? new Date(),
    version: readToolVersion(),
    cwd: process.cwd(),
    exitCode: ExitCode.OK,
  };
}

/** True when this file is the program node runs — also through npm's bin symlink (node resolves it, argv[1] keeps it). */
function isMainModule(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

/**
 * Runs the command line of this process and exits with its code once stdout has drained (large reports piped to
 * another process). The entry of the one-file build (launch.cts) calls it too.
 */
export function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  let io: CliIO;
  try {
    io = processIO();
  } catch (e) {
    // An incomplete installation (readToolVersion): one line, before any command runs.
    if (!isPairauditError(e)) throw e;
    process.stderr.write(`pairaudit: ${neutralise(e.message)}\n`);
    process.exitCode = e.exitCode;
    return Promise.resolve();
  }
  // A report written to standard output that cannot be written (a full disk behind `>`) is an error, as with -o:
  // the run's own code would say all is well with the report lost. A reader that went away (`| head`) is not.
  let failed: NodeJS.ErrnoException | undefined;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => (failed ??= e));
  return run(argv, io).then((code) => {
    process.stdout.write('', (e) => {
      const error = failed ?? (e as NodeJS.ErrnoException | null | undefined);
      if (error?.code !== undefined && error.code !== 'EPIPE') {
        process.stderr.write(`pairaudit: standard output: ${error.code === 'ERR_STREAM_DESTROYED' ? 'cannot write output' : outputFailure(error.code)}\n`);
        process.exit(ExitCode.INPUT);
      }
      process.exit(code);
    });
  });
}

if (isMainModule()) void main();
