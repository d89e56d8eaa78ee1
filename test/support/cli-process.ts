// A long-running command of the built CLI (serve, demo, capture) as a child process, ready once a
// line of its stdout matches.
import { spawn, type ChildProcess } from 'node:child_process';
import { cliPath } from './run-cli.js';

export interface CliProcess {
  child: ChildProcess;
  /** The match of the ready pattern. */
  ready: RegExpExecArray;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `racewire ARGS` and resolves as soon as its stdout matches `ready` (in the same turn as the
 * output arrives), or rejects if it exits first or takes longer than `timeoutMs`.
 */
export function startCliProcess(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}, timeoutMs = 15_000): Promise<CliProcess> {
  const what = args[0] ?? 'racewire';
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('close', (code: number | null, signal: NodeJS.Signals | null) => r({ code, signal })));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not start within ${timeoutMs} ms: ${out} ${err}`));
    }, timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, ready: m, stdout: () => out, stderr: () => err, exited });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`${what} exited with ${code}: ${err.trim()}`), { code, stderr: err, stdout: out }));
    });
  });
}
