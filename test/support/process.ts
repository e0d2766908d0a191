import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const START_TIMEOUT_MS = 55_000;
const SERVER_ENTRY = fileURLToPath(new URL('../../src/server.ts', import.meta.url));

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** Everything the process logged so far (JSON lines). */
  logs: string[];
  /** Sends `signal` and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `node src/server.ts` as a separate OS process and resolves once it listens. `env` replaces the
 * environment entirely (only PATH is kept), so tests state every variable the server sees.
 */
export function spawnServer(
  env: Record<string, string>,
  options: { cwd?: string; startTimeoutMs?: number } = {},
): Promise<ServerProcess> {
  const startTimeoutMs = options.startTimeoutMs ?? START_TIMEOUT_MS;
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return new Promise((resolve, reject) => {
    // Generous: the embedded default boots PGlite and migrates, which takes tens of seconds on a loaded CI box.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${startTimeoutMs / 1000} s:\n${logs.join('\n')}`));
    }, startTimeoutMs);
    const onEarlyExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${logs.join('\n')}`));
    };
    child.once('exit', onEarlyExit);
    createInterface({ input: child.stderr }).on('line', (line) => logs.push(line));
    createInterface({ input: child.stdout }).on('line', (line) => {
      logs.push(line);
      if (!line.includes('live POS API listening')) return;
      const { port, url } = JSON.parse(line) as { port: number; url: string };
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      resolve({ url, port, pid: child.pid ?? -1, child, logs, stop });
    });
  });
}
