// The viewers, spread over several child processes (viewer-process.ts) so one Node event loop is
// not the bottleneck on the client side. All of them share the machine's cores with the server.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ViewerCommand, ViewerReply } from './viewer-process.js';

const script = fileURLToPath(new URL('./viewer-process.js', import.meta.url));

/**
 * How the viewer processes are scheduled (FANOUT_VIEWER_SCHED=batch|normal, default batch). They
 * stand in for phones on other machines, yet here they share the server's two cores. Under
 * SCHED_BATCH a viewer woken by a delta still gets its fair share of CPU, but does not preempt the
 * server in the middle of a send burst: without it, each of 10,000 wakeups may switch a core to a
 * viewer and back, load the real server never sees (measured: p99 at 10,000 viewers 105-123 ms
 * with normal viewers, 82-97 ms with batch viewers, the server's CPU per delta the same).
 */
export const viewerPolicy = process.env.FANOUT_VIEWER_SCHED === 'normal' ? 'normal' : 'batch';

export interface Receipts {
  /** seq -> arrival times (ms, timeOrigin + now) of that delta at every viewer that got it. */
  bySeq: Map<number, number[]>;
  /** Viewers whose connection closed during the step (they cannot have received everything). */
  closed: number;
  open: number;
}

class Child {
  private pending: Array<(r: ViewerReply) => void> = [];
  constructor(readonly proc: ChildProcess) {
    proc.on('message', (r: ViewerReply) => this.pending.shift()?.(r));
  }
  ask(c: ViewerCommand, timeoutMs: number): Promise<ViewerReply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`viewer process ${this.proc.pid}: no answer to ${c.cmd} in ${timeoutMs} ms`)), timeoutMs);
      this.pending.push((r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.proc.send(c);
    });
  }
}

export class ViewerPool {
  private constructor(private readonly children: Child[]) {}

  static async start(processes: number): Promise<ViewerPool> {
    const children = Array.from({ length: processes }, () => {
      const proc = fork(script, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      return new Child(proc);
    });
    await Promise.all(children.map((c) => new Promise<void>((r) => c.proc.once('spawn', () => r()))));
    if (viewerPolicy === 'batch') {
      for (const c of children) execFileSync('chrt', ['--batch', '--all-tasks', '--pid', '0', String(c.proc.pid)]);
    }
    return new ViewerPool(children);
  }

  get pids(): number[] {
    return this.children.map((c) => c.proc.pid!);
  }

  get processes(): number {
    return this.children.length;
  }

  /** Adds `count` viewers in total (split evenly) to those already connected. */
  async connect(host: string, port: number, path: string, count: number): Promise<{ open: number; failed: number; firstError: string | null }> {
    const n = this.children.length;
    const replies = await Promise.all(
      this.children.map((c, i) => {
        const share = Math.floor(count / n) + (i < count % n ? 1 : 0);
        return c.ask({ cmd: 'connect', host, port, path, count: share, concurrency: 64, timeoutMs: 15_000 }, 120_000);
      }),
    );
    let open = 0;
    let failed = 0;
    let firstError: string | null = null;
    for (const r of replies) {
      if (r.cmd !== 'connect') continue;
      open += r.open;
      failed += r.failed;
      firstError ??= r.firstError;
    }
    return { open, failed, firstError };
  }

  async reset(): Promise<void> {
    await Promise.all(this.children.map((c) => c.ask({ cmd: 'reset' }, 30_000)));
  }

  /** Deltas received so far (all viewers) and viewers still open. */
  async count(): Promise<{ received: number; open: number }> {
    const replies = await Promise.all(this.children.map((c) => c.ask({ cmd: 'count' }, 30_000)));
    let received = 0;
    let open = 0;
    for (const r of replies) if (r.cmd === 'count') (received += r.received), (open += r.open);
    return { received, open };
  }

  async collect(): Promise<Receipts> {
    const replies = await Promise.all(this.children.map((c) => c.ask({ cmd: 'collect' }, 60_000)));
    const bySeq = new Map<number, number[]>();
    let closed = 0;
    let open = 0;
    for (const r of replies) {
      if (r.cmd !== 'collect') continue;
      closed += r.closed;
      open += r.open;
      for (let i = 0; i < r.pairs.length; i += 2) {
        const seq = r.pairs[i]!;
        let list = bySeq.get(seq);
        if (!list) bySeq.set(seq, (list = []));
        list.push(r.pairs[i + 1]!);
      }
    }
    return { bySeq, closed, open };
  }

  /** Closes every viewer connection (the processes stay for the next server). */
  async closeAll(): Promise<void> {
    await Promise.all(this.children.map((c) => c.ask({ cmd: 'close' }, 60_000)));
  }

  /** Ends the processes (also safe after a failure). */
  stop(): void {
    for (const c of this.children) {
      if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    }
  }
}
