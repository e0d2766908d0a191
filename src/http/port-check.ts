import { createServer } from 'node:net';

/**
 * Binds `port` on `host` and releases it at once, so a busy port (EADDRINUSE) or one the process may not use
 * (EACCES) fails start-up in milliseconds, before migrations and seeding, with the listen error itself. Another
 * process can still take the port in between; the server's own `listen` then fails with the same error.
 * Port 0 (any free port) is not checked.
 *
 * @throws the `listen` error (`NodeJS.ErrnoException`, `code` EADDRINUSE, EACCES, EADDRNOTAVAIL …).
 */
export async function ensurePortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen({ port, host, exclusive: true }, resolve);
  });
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}
