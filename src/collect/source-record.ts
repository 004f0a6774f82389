// The record of an input file in a snapshot's sources: its kind, name, size and sha256.
import { createHash } from 'node:crypto';
import type { SourceFile } from '../types.js';

export function sourceFile(kind: SourceFile['kind'], file: string, bytes: Uint8Array): SourceFile {
  return sourceRecord(kind, file, bytes.byteLength, createHash('sha256').update(bytes).digest('hex'));
}

/** The record of a source file from its size and sha256 (hex), for a file hashed as it was read (a streamed export). */
export function sourceRecord(kind: SourceFile['kind'], file: string, size: number, sha256: string): SourceFile {
  // Fields in sorted order, as canonical JSON writes them.
  return { bytes: size, file, kind, sha256 };
}
