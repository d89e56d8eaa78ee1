// Measurements the browser tests read (window.racewire.perf): how long from a message's arrival to
// the frame that shows it, and the frame rate while something animates. Marks also appear in the
// DevTools performance panel.

export interface PaintSample {
  kind: 'snapshot' | 'delta' | 'local';
  /** ms from the message's arrival to just after the frame that shows it was painted. */
  toPaintMs: number;
  /** ms the render itself took (inside requestAnimationFrame). */
  renderMs: number;
  /** ms from arrival to the start of the render (decode, validate, apply, wait for the frame). */
  toRenderMs: number;
}

export class PerfLog {
  readonly samples: PaintSample[] = [];
  private frames: number[] = [];
  private metering = false;

  /** Runs `fn` just after the current frame is painted (a task queued from rAF runs after it). */
  static afterPaint(fn: () => void): void {
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => fn();
      ch.port2.postMessage(null);
    });
  }

  record(kind: PaintSample['kind'], arrivedAt: number, renderStart: number, renderEnd: number): void {
    PerfLog.afterPaint(() => {
      const end = performance.now();
      if (this.samples.length < 10_000) this.samples.push({ kind, toPaintMs: end - arrivedAt, renderMs: renderEnd - renderStart, toRenderMs: renderStart - arrivedAt });
      try {
        performance.measure(`racewire ${kind} to paint`, { start: arrivedAt, end });
      } catch {
        // older browsers: no measure with options; the samples are what counts
      }
    });
  }

  startFrameMeter(): void {
    this.frames = [];
    this.metering = true;
    const tick = (t: number): void => {
      if (!this.metering) return;
      this.frames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  /** Frames since start; `longFrames`: frames over 50 ms (visible stutter). */
  stopFrameMeter(): { frames: number; durationMs: number; fps: number; worstFrameMs: number; longFrames: number } {
    this.metering = false;
    const f = this.frames;
    if (f.length < 2) return { frames: f.length, durationMs: 0, fps: 0, worstFrameMs: 0, longFrames: 0 };
    let worst = 0;
    let long = 0;
    for (let i = 1; i < f.length; i++) {
      const d = f[i]! - f[i - 1]!;
      worst = Math.max(worst, d);
      if (d > 50) long++;
    }
    const duration = f[f.length - 1]! - f[0]!;
    return { frames: f.length - 1, durationMs: Math.round(duration), fps: Math.round(((f.length - 1) * 10000) / duration) / 10, worstFrameMs: Math.round(worst * 10) / 10, longFrames: long };
  }
}
