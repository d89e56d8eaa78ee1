// The viewers, spread over several Python processes (viewer.py, Debian's /usr/bin/python3) that
// share the machine's two cores with the server under test. Each records, per data message, when
// it reached the viewer's socket (the kernel's receive timestamp) and when the process read it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Unpackr } from 'msgpackr/unpack';
import { sharedStructures } from '../../src/wire/index.js';
import { repoRoot } from '../../test/support/java.js';

const script = join(repoRoot, 'bench/fanout/viewer.py');
const python = '/usr/bin/python3';

/**
 * How the viewer processes are scheduled (FANOUT_VIEWER_SCHED=idle|batch|normal, default idle).
 * They stand in for phones on other machines, yet here they share the server's two cores. Under
 * SCHED_IDLE they run when the server leaves a core free, as if they had cores of their own; their
 * arrival times come from the kernel, so reading late does not make a delivery late. With `batch`
 * or `normal` they compete with the server for the cores (each delta is then the server's sends
 * plus the viewers' reads on two cores).
 */
export const viewerPolicy: 'idle' | 'batch' | 'normal' =
  process.env.FANOUT_VIEWER_SCHED === 'normal' ? 'normal' : process.env.FANOUT_VIEWER_SCHED === 'batch' ? 'batch' : 'idle';

type Command =
  | { cmd: 'connect'; host: string; port: number; path: string; count: number; concurrency: number; timeoutMs: number }
  | { cmd: 'reset' | 'count' | 'collect' | 'close' };

interface Reply {
  cmd: string;
  open?: number;
  failed?: number;
  firstError?: string | null;
  received?: number;
  bytes?: number;
  /** collect: each distinct message once, base64: its opcode byte (1 text, 2 binary), then the payload. */
  payloads?: string[];
  /** collect: triples (payload index, socket arrival ms, in-process arrival ms). */
  records?: number[];
  unstamped?: number;
  closed?: number;
}

export interface Receipts {
  /** seq -> arrival times (ms, wall clock) of that delta at the viewers' sockets. */
  bySeq: Map<number, number[]>;
  /** seq -> the times the viewer processes read it (queued behind the other viewers of the process). */
  readBySeq: Map<number, number[]>;
  /** Reads that came without a kernel timestamp (their read time stands in; should be 0). */
  unstamped: number;
  /** Viewers whose connection closed during the step (they cannot have received everything). */
  closed: number;
  open: number;
}

class Child {
  private pending: Array<(r: Reply) => void> = [];
  private partial = '';
  constructor(readonly proc: ChildProcess) {
    proc.stdout!.setEncoding('utf8');
    proc.stdout!.on('data', (text: string) => {
      const lines = (this.partial + text).split('\n');
      this.partial = lines.pop()!;
      for (const line of lines) if (line.trim()) this.pending.shift()?.(JSON.parse(line) as Reply);
    });
  }
  ask(c: Command, timeoutMs: number): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`viewer process ${this.proc.pid}: no answer to ${c.cmd} in ${timeoutMs} ms`)), timeoutMs);
      this.pending.push((r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.proc.stdin!.write(`${JSON.stringify(c)}\n`);
    });
  }
}

/** The delta seq of a message (its opcode byte, then the payload), or null (a snapshot, anything else). */
function seqOf(message: Buffer, unpackr: Unpackr): number | null {
  let m: { type?: unknown; seq?: unknown };
  try {
    const payload = message.subarray(1);
    m = message[0] === 1 ? JSON.parse(payload.toString('utf8')) : unpackr.unpack(payload);
  } catch {
    return null;
  }
  return m && m.type === 'delta' && typeof m.seq === 'number' ? m.seq : null;
}

export class ViewerPool {
  private constructor(private readonly children: Child[]) {}

  static async start(processes: number): Promise<ViewerPool> {
    const children = Array.from({ length: processes }, () => new Child(spawn(python, [script], { stdio: ['pipe', 'pipe', 'inherit'] })));
    await Promise.all(children.map((c) => new Promise<void>((r, reject) => {
      c.proc.once('spawn', () => r());
      c.proc.once('error', reject);
    })));
    if (viewerPolicy !== 'normal') {
      for (const c of children) execFileSync('chrt', [`--${viewerPolicy}`, '--all-tasks', '--pid', '0', String(c.proc.pid)]);
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
      open += r.open ?? 0;
      failed += r.failed ?? 0;
      firstError ??= r.firstError ?? null;
    }
    return { open, failed, firstError };
  }

  async reset(): Promise<void> {
    await Promise.all(this.children.map((c) => c.ask({ cmd: 'reset' }, 30_000)));
  }

  /** Messages received so far (all viewers), viewers still open, bytes read in all. */
  async count(): Promise<{ received: number; open: number; bytes: number }> {
    const replies = await Promise.all(this.children.map((c) => c.ask({ cmd: 'count' }, 30_000)));
    let received = 0;
    let open = 0;
    let bytes = 0;
    for (const r of replies) (received += r.received ?? 0), (open += r.open ?? 0), (bytes += r.bytes ?? 0);
    return { received, open, bytes };
  }

  /**
   * Waits until the viewers have read everything sent to them so far (no new bytes for half a
   * second, at most `timeoutMs`): new viewers' snapshots must not be read during the next step.
   */
  async quiet(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = (await this.count()).bytes;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      const now = (await this.count()).bytes;
      if (now === last) return;
      last = now;
    }
  }

  async collect(): Promise<Receipts> {
    const replies = await Promise.all(this.children.map((c) => c.ask({ cmd: 'collect' }, 60_000)));
    const unpackr = new Unpackr({ structures: sharedStructures(), mapsAsObjects: true });
    const out: Receipts = { bySeq: new Map(), readBySeq: new Map(), unstamped: 0, closed: 0, open: 0 };
    const add = (map: Map<number, number[]>, seq: number, t: number): void => {
      const list = map.get(seq);
      if (list) list.push(t);
      else map.set(seq, [t]);
    };
    for (const r of replies) {
      out.unstamped += r.unstamped ?? 0;
      out.closed += r.closed ?? 0;
      out.open += r.open ?? 0;
      const seqs = (r.payloads ?? []).map((p) => seqOf(Buffer.from(p, 'base64'), unpackr));
      const rec = r.records ?? [];
      for (let i = 0; i < rec.length; i += 3) {
        const seq = seqs[rec[i]!];
        if (seq === null || seq === undefined) continue;
        add(out.bySeq, seq, rec[i + 1]!);
        add(out.readBySeq, seq, rec[i + 2]!);
      }
    }
    return out;
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
