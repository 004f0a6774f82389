// pairaudit's public API: types, errors, and the functions of each stage of the data flow.
export type * from './types.js';
export { ExitCode, PairauditError, UsageError, InputError, ConfigError, StoreError, isPairauditError } from './errors.js';
