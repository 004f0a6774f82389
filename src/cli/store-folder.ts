// Where the history store is: the --store option every history command takes, and the folder it names.
import { resolve } from 'node:path';
import type { CliIO } from './io.js';

/** The --store option of every history command. */
export const storeOption = ['--store <dir>', 'history store folder (default: $PAIRAUDIT_STORE, else .pairaudit in the working directory)'] as const;

/** The store folder: --store, else PAIRAUDIT_STORE, else .pairaudit/ in the working directory. */
export function storeDir(io: CliIO, option?: string): string {
  const dir = option ?? io.env.PAIRAUDIT_STORE;
  return resolve(io.cwd, dir === undefined || dir === '' ? '.pairaudit' : dir);
}
