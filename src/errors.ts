// Typed errors that carry their exit code; the CLI prints their one-line message and exits with it.

/** Documented exit codes (README, "Exit codes"). */
export const ExitCode = {
  /** In parity / success. */
  OK: 0,
  /** Drift at or above --fail-on; for `verify`, a broken journal; for `check`, NO-GO; for `changes --fail-on-undocumented`, an undocumented change. */
  DRIFT: 1,
  /** Usage or input error: bad arguments, unreadable or malformed file, bad rule or waiver file. */
  INPUT: 2,
  /** Incomplete evidence: no drift, but unknown findings at or above the threshold. */
  INCOMPLETE: 3,
  /** An internal error (a bug): printed with its stack trace; or an incomplete installation (InstallationError: one line). */
  INTERNAL: 70,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Base of every error the user can fix. `message` is one line: what, where, and the next step. */
export class PairauditError extends Error {
  readonly exitCode: ExitCodeValue;
  constructor(message: string, exitCode: ExitCodeValue = ExitCode.INPUT) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Bad command-line usage. */
export class UsageError extends PairauditError {}

/** `detail` located in `file` and, where known, at `line`: how an error or a warning names its place. */
export function atLine(file: string, line: number | undefined, detail: string): string {
  return line === undefined ? `${file}: ${detail}` : `${file}: line ${line}: ${detail}`;
}

/** A file that cannot be read or parsed; names the file and, where known, the line. */
export class InputError extends PairauditError {
  readonly file: string;
  readonly line?: number;
  constructor(file: string, line: number | undefined, detail: string) {
    super(atLine(file, line, detail));
    this.file = file;
    this.line = line;
  }
}

/**
 * The same error naming `file` where it named `from` (a file read under a shorter name, such as its base name or its
 * name in a bundle folder, then told to the user as the path they gave); any other error as it is.
 */
export function naming(e: unknown, from: string, file: string): unknown {
  if (!(e instanceof InputError) || e.file !== from || from === file) return e;
  const prefix = atLine(e.file, e.line, '');
  return e.message.startsWith(prefix) ? new InputError(file, e.line, e.message.slice(prefix.length)) : e;
}

/** A rule, waiver, config or inventory file that fails validation. */
export class ConfigError extends InputError {}

/** The history store is corrupt, locked, or inconsistent. */
export class StoreError extends PairauditError {}

/**
 * A file pairaudit ships with (package.json, the bundled profile, rule pack or report templates) that cannot be read
 * or holds nothing usable: an incomplete installation, not a bug. One line naming the file, exit code 70.
 */
export class InstallationError extends PairauditError {
  constructor(file: string, why: string) {
    super(`${file} ${why}: the installation is incomplete; install pairaudit again`, ExitCode.INTERNAL);
  }
}

/** Why a file could not be read, as an error message says it: `cannot be read (ENOENT)`. */
export function unreadable(e: unknown): string {
  return `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
}

export function isPairauditError(e: unknown): e is PairauditError {
  return e instanceof PairauditError;
}
