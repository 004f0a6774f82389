// The package's own report assets (templates, stylesheets, scripts) under templates/: read once, cached.
// These are files shipped with pairaudit, not user input; reading them is like importing a module.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InstallationError, unreadable } from '../errors.js';

/** templates/ at the package root, from src/report/ (tsx) or dist/report/ (built). */
export const templatesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

const cache = new Map<string, string>();

/** Reads templates/<name> as UTF-8 (line endings normalised to \n, so output is the same on Windows checkouts). */
export function readAsset(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    const file = join(templatesDir, name);
    try {
      text = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
    } catch (e) {
      // The templates ship with pairaudit.
      throw new InstallationError(file, unreadable(e));
    }
    cache.set(name, text);
  }
  return text;
}
