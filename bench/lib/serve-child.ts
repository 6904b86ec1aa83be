/**
 * One `omnitron-mock serve` child for the long runs (soaks), started as users start it: under
 * `npm start`'s node flags (`START_FLAGS`), on 127.0.0.1 and a port the kernel picks, its URL read
 * from the line it prints once listening. Its RSS and CPU are read from /proc (Linux). The child
 * is killed on Ctrl-C; call `kill()` at the end and on an error.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { START_FLAGS } from './start-flags.mjs';

const BIN = new URL('../../bin/omnitron-mock.js', import.meta.url).pathname;

export interface ServeChild {
  url: string;
  /** Resident set size, in MiB. */
  rssMiB(): number;
  /** CPU seconds used so far (user + system). */
  cpuSeconds(): number;
  kill(): void;
}

export function startServeChild(args: string[], env: Record<string, string>): Promise<ServeChild> {
  const child = spawn(process.execPath, [...START_FLAGS, BIN, 'serve', '--port', '0', ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const kill = () => child.kill('SIGKILL');
  process.once('SIGINT', () => {
    kill();
    process.exit(130);
  });
  const proc = (file: string) => readFileSync(`/proc/${child.pid}/${file}`, 'utf8');
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1];
      if (!port) return;
      resolve({
        url: `http://127.0.0.1:${port}`,
        rssMiB: () => Number(/VmRSS:\s+(\d+) kB/.exec(proc('status'))![1]) / 1024,
        cpuSeconds: () => {
          const fields = proc('stat').split(') ')[1]!.split(' ');
          return (Number(fields[11]) + Number(fields[12])) / 100;
        },
        kill,
      });
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
}
