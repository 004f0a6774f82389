// Signed journal entries: Ed25519 (Node's crypto) over each entry's hash, so that an entry forged without the
// private key is detected by `verify --key` even when its hashes and the head were recomputed.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { JournalEntry } from './types.js';

/** An entry's signature: the signing key's id and the Ed25519 signature of the entry's hash (base64). */
export interface EntrySignature {
  key: string;
  value: string;
}

export interface SigningKey {
  /** `ed25519:` + the first 32 hex digits of the sha256 of the public key (SPKI DER): shown on change records. */
  id: string;
  privateKey: KeyObject;
}

/** The id of a public key, as entries and reports name it. */
export function keyId(publicKey: KeyObject): string {
  return `ed25519:${createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 32)}`;
}

/** A new key pair as PEM text: the private key (PKCS#8) and the public key (SPKI). */
export function generateSigningKeyPair(): { privatePem: string; publicPem: string; id: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    id: keyId(publicKey),
  };
}

function readKeyFile(file: string): Buffer {
  try {
    // A key is a small regular file: a FIFO or a device would block or read without end.
    if (!statSync(file).isFile()) throw new UsageError(`${file}: not a regular file; give the key file written by \`pairaudit keygen\``);
    return readFileSync(file);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file}: cannot read the key file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export function loadSigningKey(file: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readKeyFile(file));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file}: not a private key (expected pairaudit-signing.key as \`pairaudit keygen\` writes it)`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new UsageError(`${file}: a ${privateKey.asymmetricKeyType ?? 'non-Ed25519'} key; pairaudit signs with Ed25519 keys (\`pairaudit keygen\`)`);
  return { id: keyId(createPublicKey(privateKey)), privateKey };
}

export function loadPublicKey(file: string): { id: string; publicKey: KeyObject } {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(readKeyFile(file));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file}: not a public key (expected pairaudit-signing.pub as \`pairaudit keygen\` writes it)`);
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new UsageError(`${file}: a ${publicKey.asymmetricKeyType ?? 'non-Ed25519'} key; pairaudit signs with Ed25519 keys`);
  return { id: keyId(publicKey), publicKey };
}

export function signHash(key: SigningKey, hash: string): EntrySignature {
  return { key: key.id, value: sign(null, Buffer.from(hash, 'hex'), key.privateKey).toString('base64') };
}

export interface SignatureCheck {
  /** The first entry signed with this key; undefined when none is. */
  firstSigned?: number;
  /** Entries from the first signed one on that are unsigned, signed by another key, or badly signed. */
  problems: { seq: number; detail: string }[];
}

/** Checks every entry from the first one signed with `key` on: each must carry a valid signature by it. */
export function checkSignatures(entries: JournalEntry[], key: { id: string; publicKey: KeyObject }): SignatureCheck {
  const first = entries.find((e) => e.sig?.key === key.id);
  if (first === undefined) return { problems: [] };
  const problems: SignatureCheck['problems'] = [];
  for (const e of entries) {
    if (e.seq < first.seq) continue;
    if (e.sig === undefined) problems.push({ seq: e.seq, detail: `not signed, although every entry from entry ${first.seq} on is signed with ${key.id} (forged or unsigned append?)` });
    else if (e.sig.key !== key.id) problems.push({ seq: e.seq, detail: `signed with another key (${e.sig.key}), not ${key.id}` });
    else if (!verify(null, Buffer.from(e.hash, 'hex'), key.publicKey, Buffer.from(e.sig.value, 'base64'))) problems.push({ seq: e.seq, detail: `bad signature: the entry was not signed with ${key.id} as it is (forged or edited)` });
  }
  return { firstSigned: first.seq, problems };
}
