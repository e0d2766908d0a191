import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, MIN_SECRET_LENGTH } from '../config.ts';

/** Name of the secret's file inside the embedded database's folder. */
export const SIGNING_SECRET_FILE = 'jwt-secret';

/** 32 random bytes: the HS256 key size RFC 7518 §3.2 asks for at least. */
const SECRET_BYTES = 32;

/**
 * The token-signing secret of the embedded default: read from `<dataDir>/jwt-secret`, created there on first
 * use from `crypto.randomBytes` (32 bytes, base64url, file mode 0600). It lives beside the data it protects, so
 * tokens survive restarts, and deleting the data folder rotates it with the data. Synchronous: called once at
 * start-up, before anything listens.
 *
 * Creation is atomic (write a private temporary file, then `link` it into place, which fails if the name
 * exists), so a server and `npm run token` started together agree on one secret and never read a half-written
 * file. A file others may read is narrowed back to 0600.
 *
 * @returns the secret and whether this call created it.
 * @throws ConfigError when the file exists but holds fewer than 32 characters.
 */
export function embeddedSigningSecret(dataDir: string): { secret: string; file: string; created: boolean } {
  const file = path.join(path.resolve(dataDir), SIGNING_SECRET_FILE);
  const existing = readSecret(file);
  if (existing !== undefined) return { secret: existing, file, created: false };

  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another process created it first: use theirs.
    const theirs = readSecret(file);
    if (theirs === undefined) throw error;
    return { secret: theirs, file, created: false };
  } finally {
    unlinkSync(temporary);
  }
  return { secret, file, created: true };
}

function readSecret(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const secret = text.trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(
      `${file} holds fewer than ${MIN_SECRET_LENGTH} characters; delete it to generate a new secret (tokens signed with the old one stop working)`,
    );
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return secret;
}
