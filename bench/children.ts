/** Server processes of the benchmark: started, awaited until they print their URL, stopped by their own pid. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** CPU time the server process has used so far (user + system), NaN where /proc is missing. */
  cpuMs(): number;
  /** Sends a message over the IPC channel (started with `ipc`) and waits for the answer. */
  ask<T>(message: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** utime + stime of a process, from /proc/PID/stat (Linux; clock ticks of 10 ms). */
export function processCpuMs(pid: number | undefined): number {
  const file = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(file)) return NaN;
  const fields = readFileSync(file, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Starts `node args...` and waits for a line matching `ready` whose first group is the URL. The
 * child's output is drained (Prism logs every request; a full pipe would stall it) and the last
 * lines are kept for the error message.
 */
export function startServerProcess(args: string[], ready: RegExp, timeoutMs = 60_000, env: NodeJS.ProcessEnv = process.env, ipc = false): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? (['ipc'] as const) : [])], env });
  const ask = <T>(message: unknown) =>
    new Promise<T>((resolve, reject) => {
      if (!child.send) return reject(new Error('no IPC channel'));
      child.once('message', (answer) => resolve(answer as T));
      child.send(message as object);
    });
  const tail: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`no "${ready.source}" within ${timeoutMs} ms`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')}: ${error.message}\n${tail.join('\n')}`));
    };
    let pending = '';
    let started = false;
    const onData = (chunk: Buffer) => {
      if (started) return;
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        const match = ready.exec(line);
        if (match?.[1]) {
          started = true;
          clearTimeout(timer);
          resolve({ url: match[1], child, cpuMs: () => processCpuMs(child.pid), ask, stop: () => stopProcess(child) });
          return;
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => started || fail(new Error(`exited with ${code}`)));
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A loopback port free right now (for servers that cannot be told to pick one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
