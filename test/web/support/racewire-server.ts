// The real `racewire serve` (built CLI) for the browser tests: spawned on 127.0.0.1 with a temp
// database and the freshly built overlay, killed and restarted on the same port for resume tests.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cliPath } from '../../support/run-cli.js';

export const TOKEN = 'web-test-token';

export interface RacewireServer {
  port: number;
  url: string;
  child: ChildProcess;
  output: () => string;
  /** SIGKILL (a crash: no graceful close) and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

/** `npm test` builds dist/ first; a lone `npx vitest run test/web` builds it here. */
export function ensureServerBuilt(): void {
  if (existsSync(cliPath)) return;
  spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'ignore', timeout: 120_000 });
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing and tsc did not produce it`);
}

export function startRacewire(opts: { db: string; web: string; port?: number }, timeoutMs = 15_000): Promise<RacewireServer> {
  const args = ['serve', '--host', '127.0.0.1', '--port', String(opts.port ?? 0), '--token', TOKEN, '--db', opts.db, '--web', opts.web];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`racewire serve did not start in ${timeoutMs} ms: ${out}`));
    }, timeoutMs);
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /listening on http:\/\/[^\s]+:(\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.on('data', (more: Buffer) => (out += more.toString()));
      const port = Number(m[1]);
      resolve({
        port,
        url: `http://127.0.0.1:${port}`,
        child,
        output: () => out,
        kill: async () => {
          child.kill('SIGKILL');
          await exited;
        },
        stop: async () => {
          child.kill('SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`racewire serve exited: ${out.trim()}`));
    });
  });
}
