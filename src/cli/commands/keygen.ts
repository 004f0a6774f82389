// `pairaudit keygen`: an Ed25519 key pair for signing the history journal (Node's built-in crypto).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { CliIO } from '../io.js';
import { helpEpilogue } from '../help.js';

export function registerKeygen(program: Command, io: CliIO): void {
  program
    .command('keygen')
    .description('Write an Ed25519 key pair for signing the history journal: DIR/pairaudit-signing.key (private) and .pub')
    .requiredOption('--out <dir>', 'folder for the two files (created if missing); existing key files are never overwritten')
    .addHelpText(
      'after',
      helpEpilogue(`
Sign with --sign-key DIR/pairaudit-signing.key (or PAIRAUDIT_SIGN_KEY) on record, note, approve and migrate,
and with PAIRAUDIT_SIGN_KEY on audit/check/fleet --record; check with \`pairaudit verify --key DIR/pairaudit-signing.pub\`. Keep the private
key away from the store (whoever can read it can sign forged entries); give the public key to the auditor.`),
    )
    .action(async (opts: { out: string }) => {
      const { generateSigningKeyPair } = await import('../../history/index.js');
      const dir = resolve(io.cwd, opts.out);
      const priv = join(dir, 'pairaudit-signing.key');
      const pub = join(dir, 'pairaudit-signing.pub');
      for (const f of [priv, pub]) if (existsSync(f)) throw new UsageError(`${f}: already exists; keygen never overwrites a key (move it away, or choose another --out)`);
      const pair = generateSigningKeyPair();
      try {
        mkdirSync(dir, { recursive: true });
        // The private key is readable by its owner only (mode 0600; Windows applies the folder's ACL).
        writeFileSync(priv, pair.privatePem, { mode: 0o600, flag: 'wx' });
        writeFileSync(pub, pair.publicPem, { mode: 0o644, flag: 'wx' });
      } catch (e) {
        throw new UsageError(`${dir}: cannot write the key files (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      io.stdout(`wrote ${priv} (private, mode 0600) and ${pub}\nkey ${pair.id}\n`);
    });
}
