// Loading --profile for a command: the profile, and its secret patterns for the run's error messages.
import { resolve } from 'node:path';
import type { Profile } from '../snapshot/profile.js';
import type { CliIO } from './io.js';
import { naming } from '../errors.js';

/**
 * Loads the profile given with --profile (relative to the working directory; errors name it as given). From then
 * on an error message of the run is masked with the profile's secret patterns as well as the default ones, so that a
 * value a site declares secret (`secretValueNames`, `secretContent`) is not quoted by an error either.
 */
export async function loadCliProfile(io: CliIO, file: string): Promise<Profile> {
  const [{ loadProfile }, { SecretDetector }] = await Promise.all([import('../collect/profile/load.js'), import('../snapshot/secrets.js')]);
  const path = resolve(io.cwd, file);
  let profile: Profile;
  try {
    profile = await loadProfile(path);
  } catch (e) {
    // Named as given (relative stays relative), as the inputs are.
    throw naming(e, path, file);
  }
  const detector = SecretDetector.fromProfile(profile);
  const before = io.maskSecrets;
  io.maskSecrets = (message) => detector.maskMessage(before !== undefined ? before(message) : message);
  return profile;
}
