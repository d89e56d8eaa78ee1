// Replays packets at a multiple of their capture timing (`--speed N`), or passes them straight on
// (`--speed max`). Paced packets wait in a queue, so their bytes are copied out of the reader's
// buffer; the reader waits on drain() so the queue stays short.
import type { RawPacket } from '../capture/index.js';
import { CliError } from './fatal.js';

/** 'max' -> Infinity; otherwise a positive factor. */
export function parseSpeed(text: string): number {
  if (text === 'max') return Infinity;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`--speed: expected a positive number or "max", got ${text}`);
  return n;
}

export class PacedPackets {
  readonly #queue: RawPacket[] = [];
  #head = 0;
  #firstTs: number | null = null;
  #startMs = 0;
  #pumping = false;
  readonly #waiters: Array<{ limit: number; resolve: () => void }> = [];

  constructor(
    private readonly speed: number,
    private readonly forward: (pkt: RawPacket) => void,
  ) {}

  push(pkt: RawPacket): void {
    if (this.speed === Infinity) {
      this.forward(pkt);
      return;
    }
    this.#queue.push({ ...pkt, data: pkt.data.slice() });
    if (!this.#pumping) void this.#pump();
  }

  /** Resolves when at most `limit` packets wait. */
  drain(limit: number): Promise<void> {
    if (this.#queue.length - this.#head <= limit) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ limit, resolve }));
  }

  /** Clears #pumping synchronously when the queue runs dry, so the next push() starts a new pump. */
  async #pump(): Promise<void> {
    this.#pumping = true;
    let lastYield = performance.now();
    try {
      while (this.#head < this.#queue.length) {
        const pkt = this.#queue[this.#head]!;
        if (this.#firstTs === null) {
          this.#firstTs = pkt.ts;
          this.#startMs = performance.now();
        }
        const dueMs = this.#startMs + (pkt.ts - this.#firstTs) / 1000 / this.speed;
        const waitMs = dueMs - performance.now();
        if (waitMs > 1) {
          await new Promise((r) => setTimeout(r, waitMs));
          lastYield = performance.now();
        } else if (performance.now() - lastYield > 2) {
          // Behind schedule (a late timer): catch up, but let the event loop run, as live capture would.
          await new Promise((r) => setImmediate(r));
          lastYield = performance.now();
        }
        this.#head++;
        this.forward(pkt);
        if (this.#head > 4096 && this.#head * 2 > this.#queue.length) {
          this.#queue.splice(0, this.#head);
          this.#head = 0;
        }
        this.#wake();
      }
    } finally {
      this.#pumping = false;
    }
  }

  #wake(): void {
    const waiting = this.#queue.length - this.#head;
    for (let i = this.#waiters.length - 1; i >= 0; i--) {
      if (waiting <= this.#waiters[i]!.limit) {
        this.#waiters[i]!.resolve();
        this.#waiters.splice(i, 1);
      }
    }
  }
}
