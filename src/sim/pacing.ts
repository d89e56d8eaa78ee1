// Maps the race clock to the wall clock: `speed` race seconds per wall second, or no waiting at all.

export type Speed = number | 'max';

export function parseSpeed(text: string): Speed {
  if (text === 'max') return 'max';
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new RangeError(`--speed must be a positive number or "max", got "${text}"`);
  return n;
}

export class RacePacer {
  private readonly wallStart = performance.now();

  constructor(
    private readonly speed: Speed,
    private readonly raceStartMs: number,
  ) {}

  /** Resolves when the race clock reaches `raceMs` (at once for --speed max or if already past). */
  async waitFor(raceMs: number, signal?: AbortSignal): Promise<void> {
    if (this.speed === 'max') return;
    const dueWall = this.wallStart + (raceMs - this.raceStartMs) / this.speed;
    const wait = dueWall - performance.now();
    if (wait <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, wait);
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
