// Starts a real server on 127.0.0.1 with a free port, for one test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RacewireServer, type ServerOptions } from '../../../src/server/index.js';

export const TOKEN = 'test-token-0123456789';

/** $RACEWIRE_FANOUT_THREADS (also read by the CLI) runs the whole server suite with that many threads. */
export function fanoutThreadsFromEnv(): Partial<ServerOptions> {
  const env = process.env.RACEWIRE_FANOUT_THREADS;
  return env ? { fanoutThreads: Number(env) } : {};
}

export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<RacewireServer> {
  return startServer({ host: '127.0.0.1', port: 0, token: TOKEN, dbPath: null, webDir: null, ...fanoutThreadsFromEnv(), ...options });
}

export function wsUrl(server: RacewireServer, path: string): string {
  return `ws://127.0.0.1:${server.port}${path}`;
}

export function httpUrl(server: RacewireServer, path: string): string {
  return `http://127.0.0.1:${server.port}${path}`;
}

/** A temporary directory removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `racewire-server-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
