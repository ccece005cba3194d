// Runs real nginx and Apache binaries for the server-config tests: finds them, checks a
// config with `-t`, and serves one request on loopback to read the header back.
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';

/** True when CI is set; then a missing server binary is a failure, not a skip. */
export function inCI(): boolean {
  const value = process.env.CI;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** The binary on PATH or in the sbin directories, which a non-root PATH often lacks. */
export function findBinary(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    if (dir === '') continue;
    const candidate = `${dir}/${name}`;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return null;
}

export interface RunResult {
  readonly code: number | null;
  readonly output: string;
}

export function run(command: string, args: readonly string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** A port nobody listens on right now (the OS picks it; the small race is acceptable in tests). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

function getHeaders(port: number, path: string): Promise<Record<string, string | string[] | undefined>> {
  return new Promise((resolve, reject) => {
    const request = get({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.headers));
    });
    request.on('error', reject);
    request.setTimeout(2000, () => request.destroy(new Error('request timed out')));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts the server in the foreground, waits until it answers on `port`, returns the
 * response headers of one GET, and stops it. On failure the message includes the server's
 * output and error log.
 */
export async function serveOnce(
  command: string,
  args: readonly string[],
  port: number,
  path: string,
  errorLog: string,
): Promise<Record<string, string | string[] | undefined>> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const explain = (why: string): Error => {
    let log: string;
    try {
      log = readFileSync(errorLog, 'utf8');
    } catch {
      log = '(no error log)';
    }
    return new Error(`${why}\n--- output ---\n${output}\n--- error log ---\n${log}`);
  };
  try {
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null) throw explain(`${command} exited with ${child.exitCode} before serving`);
      try {
        return await getHeaders(port, path);
      } catch (error) {
        if (Date.now() > deadline)
          throw explain(`${command} did not answer on port ${port}: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  } finally {
    await stop(child);
  }
}
