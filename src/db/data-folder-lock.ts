import { realpathSync } from 'node:fs';
import path from 'node:path';
import { lock } from 'proper-lockfile';

/** The lock's name inside the data folder (a directory: `mkdir` is atomic on every file system). */
const DATA_FOLDER_LOCK = 'pos.lock';

/**
 * How long a lock may go without its holder refreshing it (every half of this) before another process may take
 * it over: the holder died without releasing it (SIGKILL, power loss). A clean exit, also by a signal or an
 * error, releases it at once.
 */
const STALE_MS = 10_000;

/**
 * Attempts one second apart, spanning a little more than `STALE_MS`: a lock left by a process that just died is
 * taken over within that time; one still refreshed by a live holder is refused after it.
 */
const RETRY = { retries: Math.ceil(STALE_MS / 1000) + 2, factor: 1, minTimeout: 1000, maxTimeout: 1000 };

/** Another live process holds the embedded database folder. */
export class DataFolderInUseError extends Error {
  readonly dataDir: string;
  constructor(dataDir: string) {
    super(
      `the embedded database in ${dataDir} is in use by another process: stop that process first, or run several API processes on PostgreSQL (DATABASE_URL)`,
    );
    this.dataDir = dataDir;
  }
}

/**
 * Takes the exclusive lock on the embedded database folder `dataDir` (which must exist). PGlite is one
 * Postgres instance in this process's memory: two processes on one folder would each write their own copy of
 * the data over the other's, silently. The lock is `<dataDir>/pos.lock`, refreshed while held (proper-lockfile);
 * symbolic links are resolved, so two paths to one folder share it.
 *
 * @param onLost called if the lock is taken from under this process (it could not refresh it for `STALE_MS`,
 *   e.g. a suspended machine, and another process took it over): from then on the data is no longer ours alone.
 * @returns a function that releases the lock.
 * @throws DataFolderInUseError when a live process holds it (after about `STALE_MS`).
 */
export async function lockDataFolder(
  dataDir: string,
  onLost: (error: Error) => void,
): Promise<() => Promise<void>> {
  const folder = realpathSync(dataDir);
  try {
    return await lock(folder, {
      lockfilePath: path.join(folder, DATA_FOLDER_LOCK),
      realpath: false,
      stale: STALE_MS,
      retries: RETRY,
      onCompromised: onLost,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') throw new DataFolderInUseError(dataDir);
    throw error;
  }
}
