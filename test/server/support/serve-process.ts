// `racewire serve` as a child process of the built CLI, for crash and restart tests.
import { startCliProcess, type CliProcess } from '../../support/cli-process.js';

export interface ServeProcess extends Omit<CliProcess, 'ready'> {
  port: number;
}

/** Starts `racewire serve ARGS` and resolves once it prints its address (or rejects if it exits). */
export async function startServeProcess(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 15_000): Promise<ServeProcess> {
  const p = await startCliProcess(['serve', ...args], /listening on http:\/\/[^:\s]+:(\d+)/, env, timeoutMs);
  return { child: p.child, port: Number(p.ready[1]), stdout: p.stdout, stderr: p.stderr, exited: p.exited };
}
