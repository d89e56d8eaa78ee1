// A server under test as a child process: started, awaited until it prints its ready line, and
// always killed again (also when the bench fails or the parent exits).
import { spawn, type ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of running) p.kill('SIGKILL');
});

export interface ServerProcess {
  proc: ChildProcess;
  /** stdout + stderr so far (for error messages). */
  output(): string;
  stop(): Promise<void>;
}

export async function startServerProcess(command: string, args: string[], ready: RegExp, timeoutMs = 20_000): Promise<ServerProcess> {
  const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  let out = '';
  const append = (b: Buffer): void => {
    if (out.length < 20_000) out += b.toString('utf8');
  };
  proc.stdout!.on('data', append);
  proc.stderr!.on('data', append);
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(proc);
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${command} not ready in ${timeoutMs} ms:\n${out}`)), timeoutMs);
      const check = (): void => {
        if (ready.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout!.on('data', check);
      proc.stderr!.on('data', check);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${command} exited (${code}) before ready:\n${out}`));
      });
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { proc, output: () => out, stop };
}


/** CPU seconds a process has used so far in user space and in the kernel, from /proc (Linux). */
export async function cpuSeconds(pid: number): Promise<{ user: number; system: number }> {
  const { readFile } = await import('node:fs/promises');
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line (index 11, 12 after the comm field).
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
}
