import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

/** Linux USER_HZ: /proc/<pid>/stat reports CPU time in these ticks (100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

export interface ServerProcess {
  pid: number;
  port: number;
  /**
   * Runs a full garbage collection in the server through its inspector (started with `inspect`), so memory
   * read afterwards is what is retained, not garbage V8 has not yet collected.
   */
  collectGarbage(): Promise<void>;
  stop(): Promise<void>;
}

/** Every child started and not yet exited, including ones still starting up. */
const children = new Set<ChildProcess>();

let refusing = false;

/** SIGKILLs every server this process started that is still running, and refuses to start more. */
export function killAllServers(): void {
  refusing = true;
  for (const child of children) child.kill('SIGKILL');
}

const INSPECTOR_URL = /Debugger listening on (ws:\/\/\S+)/;

function collectGarbageVia(url: string | undefined): Promise<void> {
  if (!url) return Promise.reject(new Error('server was started without its inspector'));
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('garbage collection through the inspector timed out'));
    }, 60_000);
    socket.on('open', () => socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' })));
    socket.on('message', (raw) => {
      if ((JSON.parse(String(raw)) as { id?: number }).id !== 1) return;
      clearTimeout(timer);
      socket.close();
      resolve();
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * Starts one server process and resolves once it logs a JSON line with `port` and the expected `msg`.
 * Fails (and kills the child) after `timeoutMs`.
 */
export function startServer(options: {
  script: string;
  env: Record<string, string>;
  readyMessage: string;
  nodeArgs?: string[];
  /** Open the V8 inspector on a random local port (for `collectGarbage`). */
  inspect?: boolean;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  if (refusing) return Promise.reject(new Error('the run was interrupted'));
  const inspect = options.inspect ? ['--inspect=127.0.0.1:0'] : [];
  const child = spawn(process.execPath, [...inspect, ...(options.nodeArgs ?? []), options.script], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const stderr: string[] = [];
  let inspectorUrl: string | undefined;
  child.stderr?.on('data', (chunk: Buffer) => {
    inspectorUrl ??= INSPECTOR_URL.exec(chunk.toString())?.[1];
    stderr.push(chunk.toString());
    if (stderr.length > 50) stderr.shift();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.script} did not start: ${stderr.join('')}`));
    }, options.timeoutMs ?? 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${options.script} exited with ${code}: ${stderr.join('')}`));
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      let parsed: { msg?: string; port?: number };
      try {
        parsed = JSON.parse(line) as typeof parsed;
      } catch {
        return;
      }
      if (parsed.msg === options.readyMessage && typeof parsed.port === 'number') {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({
          pid: child.pid as number,
          port: parsed.port,
          collectGarbage: () => collectGarbageVia(inspectorUrl),
          stop: () => stopProcess(child),
        });
      }
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(forced);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** User + system CPU seconds consumed so far by a process (fields 14 and 15 of /proc/<pid>/stat). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Resident set size in bytes (VmRSS of /proc/<pid>/status). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}
