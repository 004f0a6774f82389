// The public keys of the store's signed entries, kept in the store (keys/<id>.pub) by every signed write, so that a
// plain `verify` checks the signatures: without them, entries edited and re-hashed verified intact unless the auditor
// thought of --key. A key kept here proves nothing against whoever can write the store (they can put their own key
// beside entries they re-signed); the key id on a signed change record, and `verify --key`, pin the real one.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './files.js';
import { keyId, type SigningKey } from './signing.js';
import type { JournalEntry } from './types.js';

const KEY_FILE = /^([0-9a-f]{32})\.pub$/;
const ID_PREFIX = 'ed25519:';
/** An Ed25519 public key in PEM is 113 bytes; anything much larger is not one. */
const MAX_KEY_BYTES = 4096;

/** keys/<32 hex digits of the key id>.pub: the public key (SPKI PEM) of the entries signed with that id. */
export const publicKeyFile = (keysDir: string, id: string): string => join(keysDir, `${id.slice(ID_PREFIX.length)}.pub`);

/** Writes the signing key's public half into the store once (a file already there is never replaced). */
export function keepPublicKey(tmpDir: string, keysDir: string, key: SigningKey): void {
  const file = publicKeyFile(keysDir, key.id);
  if (existsSync(file)) return;
  writeFileAtomic(tmpDir, file, createPublicKey(key.privateKey).export({ type: 'spki', format: 'pem' }).toString());
}

/** The public keys the store holds, by id; a file that is not the key its name says is left out and noted. */
export function heldPublicKeys(keysDir: string): { keys: Map<string, KeyObject>; notices: string[] } {
  const keys = new Map<string, KeyObject>();
  const notices: string[] = [];
  let names: string[];
  try {
    names = readdirSync(keysDir).sort();
  } catch {
    return { keys, notices };
  }
  for (const name of names) {
    const m = KEY_FILE.exec(name);
    let key: KeyObject | undefined;
    try {
      // A key is a small regular file: a FIFO would block verify, a link points outside the store.
      const stat = lstatSync(join(keysDir, name));
      key = m === null || !stat.isFile() || stat.size > MAX_KEY_BYTES ? undefined : createPublicKey(readFileSync(join(keysDir, name)));
    } catch {
      key = undefined;
    }
    const id = key !== undefined && key.asymmetricKeyType === 'ed25519' ? keyId(key) : undefined;
    if (m !== null && id === `${ID_PREFIX}${m[1]}`) keys.set(id, key!);
    else notices.push(`keys/${name}: not the Ed25519 public key its name says (or not a regular file); it is not used to check signatures (restore it from a backup or git, or remove it)`);
  }
  return { keys, notices };
}

export interface HeldSignatureCheck {
  /** Entries badly signed with a key the store holds, and unsigned entries after the first one signed with one. */
  problems: { seq: number; detail: string }[];
  /** Ids of keys that signed entries but that the store does not hold (signatures not checked). */
  unheld: string[];
}

/**
 * Checks every signature made with a key the store holds, and that no entry after the first of them is unsigned:
 * an entry edited and re-hashed keeps a signature that no longer fits, or loses it (stripped); a forged append has none.
 */
export function checkHeldSignatures(entries: readonly JournalEntry[], held: ReadonlyMap<string, KeyObject>): HeldSignatureCheck {
  const problems: HeldSignatureCheck['problems'] = [];
  const unheld = new Set<string>();
  let first: JournalEntry | undefined;
  for (const e of entries) {
    if (e.sig === undefined) {
      if (first !== undefined) problems.push({ seq: e.seq, detail: `not signed, although every entry from entry ${first.seq} on is signed and the store holds the key (keys/): an append without the key, or an entry edited and its signature stripped; a store signed once is signed on every write (--sign-key, PAIRAUDIT_SIGN_KEY)` });
      continue;
    }
    const key = held.get(e.sig.key);
    if (key === undefined) {
      unheld.add(e.sig.key);
      continue;
    }
    first ??= e;
    if (!verify(null, Buffer.from(e.hash, 'hex'), key, Buffer.from(e.sig.value, 'base64'))) problems.push({ seq: e.seq, detail: `bad signature: the entry was not signed with ${e.sig.key} as it is (edited and re-hashed, or a signature copied from another entry)` });
  }
  return { problems, unheld: [...unheld].sort() };
}

