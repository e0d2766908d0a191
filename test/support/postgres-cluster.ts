import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './redis-server.ts';

const run = promisify(execFile);

/**
 * A private PostgreSQL cluster for fault tests (never the shared one): initdb in a temporary folder, its own
 * port, trust authentication; it can be stopped abruptly and started again. PostgreSQL refuses to run as
 * root, so under root its commands run as the `postgres` user.
 */
export interface PrivateCluster {
  /** Connection string of the `postgres` database, user `postgres`. */
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

function asPostgres(command: string, args: string[]) {
  const root = process.getuid?.() === 0;
  return root ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args);
}

export async function startPrivateCluster(): Promise<PrivateCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pos-pg-'));
  await chmod(dir, 0o777);
  const data = path.join(dir, 'data');
  const port = await freePort();
  await asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = async () => {
    await asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']);
  };
  // Immediate mode: connections drop at once, as in a crash or a failover.
  const stop = async () => {
    await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async destroy() {
      await stop().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
