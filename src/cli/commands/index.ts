// The list of commands; each file registers one command (or one command group) on the program. A command's file
// is imported only when the program needs it: a run of `pairaudit audit` loads audit's alone (see buildProgram).
import type { Command } from 'commander';
import type { CliIO } from '../io.js';

export type RegisterCommand = (program: Command, io: CliIO) => void;

export interface CommandEntry {
  /** The command's name, as typed first on the command line. */
  name: string;
  load: () => Promise<RegisterCommand>;
}

/** Every command, in the order --help lists them. */
export const commands: readonly CommandEntry[] = [
  { name: 'parse', load: async () => (await import('./parse.js')).registerParse },
  { name: 'collect', load: async () => (await import('./collect.js')).registerCollect },
  { name: 'audit', load: async () => (await import('./audit.js')).registerAudit },
  { name: 'check', load: async () => (await import('./check.js')).registerCheck },
  { name: 'rules', load: async () => (await import('./rules.js')).registerRules },
  { name: 'report', load: async () => (await import('./report.js')).registerReport },
  { name: 'record', load: async () => (await import('./record.js')).registerRecord },
  { name: 'changes', load: async () => (await import('./changes.js')).registerChanges },
  { name: 'note', load: async () => (await import('./note.js')).registerNote },
  { name: 'approve', load: async () => (await import('./approve.js')).registerApprove },
  { name: 'verify', load: async () => (await import('./verify.js')).registerVerify },
  { name: 'migrate', load: async () => (await import('./migrate.js')).registerMigrate },
  { name: 'keygen', load: async () => (await import('./keygen.js')).registerKeygen },
  { name: 'fleet', load: async () => (await import('./fleet.js')).registerFleet },
  { name: 'profile', load: async () => (await import('./profile.js')).registerProfile },
  { name: 'demo', load: async () => (await import('./demo.js')).registerDemo },
];
