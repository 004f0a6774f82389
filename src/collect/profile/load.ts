// Reading profile files: the bundled Geo SCADA profile, or a user's corrected copy (`--profile FILE`).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, InstallationError, unreadable } from '../../errors.js';
import { validateProfile, type Profile } from '../../snapshot/profile.js';
import { parseJsonText, repeatedJsonKey } from '../../json-text.js';
import { decodeWrittenText } from '../../text-file.js';

/** profiles/geo-scada.json in the package root (three levels up from src/collect/profile or dist/collect/profile). */
export const defaultProfilePath = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'profiles', 'geo-scada.json');

function parseProfileText(text: string, file: string, checkRepeats = true): Profile {
  const source = text.replace(/^\uFEFF/, '');
  const json = parseJsonText(source, (line, detail) => new ConfigError(file, line, `not valid JSON (${detail}); a profile is a JSON file like profiles/geo-scada.json`));
  // JSON.parse keeps the last of a key written twice: a second "secretContent" would replace the first unseen.
  const repeated = checkRepeats ? repeatedJsonKey(source, json) : undefined;
  if (repeated !== undefined) throw new ConfigError(file, repeated.line, `the key "${repeated.key}" is written twice in one object, and only the last would count; keep one`);
  return validateProfile(json, file);
}

let cached: Profile | undefined;

/** The bundled Geo SCADA profile (read once; it ships with the package, so a file that cannot be read is an incomplete installation). */
export function defaultProfile(): Profile {
  // The bundled profile is checked by the tests (no repeated key): its run-time check is skipped.
  cached ??= parseProfileText(readBundled(defaultProfilePath), defaultProfilePath, false);
  return cached;
}

function readBundled(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InstallationError(file, unreadable(e));
  }
}

/**
 * Reads and validates a profile file; errors name the file and the bad field. A draft (`"draft": true`, as
 * `pairaudit profile check -o` writes it) is refused until a person has reviewed it and removed the mark.
 */
export async function loadProfile(file: string): Promise<Profile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new ConfigError(file, undefined, `cannot read the profile (${(e as NodeJS.ErrnoException).code ?? 'error'}); check the path given to --profile`);
  }
  const profile = parseProfileText(decodeWrittenText(bytes, file), file);
  if (profile.draft === true) throw new ConfigError(file, undefined, 'is a draft profile (written by pairaudit profile check -o): review its mappings (those with source DRAFT), then remove "draft": true to use it');
  return profile;
}
