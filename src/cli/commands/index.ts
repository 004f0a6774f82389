// The list of commands; each file registers one command (or one command group) on the program.
import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { registerParse } from './parse.js';
import { registerCollect } from './collect.js';
import { registerAudit } from './audit.js';
import { registerCheck } from './check.js';
import { registerRules } from './rules.js';
import { registerReport } from './report.js';
import { registerRecord } from './record.js';
import { registerChanges } from './changes.js';
import { registerNote } from './note.js';
import { registerApprove } from './approve.js';
import { registerVerify } from './verify.js';
import { registerMigrate } from './migrate.js';
import { registerKeygen } from './keygen.js';
import { registerFleet } from './fleet.js';
import { registerDemo } from './demo.js';
import { registerProfile } from './profile.js';

export type RegisterCommand = (program: Command, io: CliIO) => void;

export const commands: RegisterCommand[] = [
  registerParse,
  registerCollect,
  registerAudit,
  registerCheck,
  registerRules,
  registerReport,
  registerRecord,
  registerChanges,
  registerNote,
  registerApprove,
  registerVerify,
  registerMigrate,
  registerKeygen,
  registerFleet,
  registerProfile,
  registerDemo,
];
