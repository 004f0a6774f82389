// `pairaudit report`: registered here; its implementation is imported lazily when it runs.
import type { Command } from 'commander';
import type { CliIO } from '../io.js';

export function registerReport(_program: Command, _io: CliIO): void {
  // Registered once its implementation lands.
}
