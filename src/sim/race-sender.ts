// Plays a race script out: paced by the race clock, each update encoded and written to the TCP
// receiver and/or a file. Like a real sender it reconnects when the connection drops and then
// starts a new stream (header, fresh handles); updates due while it was away are sent afterwards.
import { formatHostPort, type HostPort } from './host-port.js';
import { RacePacer, type Speed } from './pacing.js';
import type { ListUpdate } from './race-script.js';
import { SenderConnection } from './tcp-connection.js';
import type { WinlaufenStreamEncoder } from './winlaufen-encoder.js';

/** Where the bytes go besides TCP: a file or stdout. */
export interface ByteSinkTarget {
  write(chunk: Buffer): Promise<void>;
}

export interface SendOptions {
  target: HostPort | null;
  copyTo: ByteSinkTarget | null;
  speed: Speed;
  /** The race clock starts this long before the first update. */
  leadInMs: number;
  /** Largest single socket write (ObjectOutputStream's buffer is 1024 bytes). */
  writeSize: number;
  reconnectAttempts: number;
  reconnectDelayMs: number;
  log: (line: string) => void;
  signal?: AbortSignal;
}

export interface SendSummary {
  updates: number;
  bytes: number;
  streams: number;
  resets: number;
  reconnects: number;
  aborted: boolean;
}

export class ReconnectFailedError extends Error {}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function sendRace(script: readonly ListUpdate[], encoder: WinlaufenStreamEncoder, opts: SendOptions): Promise<SendSummary> {
  const summary: SendSummary = { updates: 0, bytes: 0, streams: 0, resets: 0, reconnects: 0, aborted: false };
  let conn: SenderConnection | null = null;

  const emit = async (chunk: Buffer): Promise<boolean> => {
    summary.bytes += chunk.length;
    if (opts.copyTo) await opts.copyTo.write(chunk);
    return conn ? conn.write(chunk, opts.writeSize) : true;
  };
  const openStream = async (): Promise<void> => {
    summary.streams++;
    await emit(encoder.startStream());
  };

  const connectWithRetry = async (): Promise<void> => {
    const target = opts.target as HostPort;
    let lastError: Error | null = null;
    for (let attempt = 1; attempt <= opts.reconnectAttempts; attempt++) {
      if (opts.signal?.aborted) return;
      await sleep(opts.reconnectDelayMs);
      try {
        conn = await SenderConnection.connect(target);
        summary.reconnects++;
        opts.log(`reconnected to ${formatHostPort(target)} (attempt ${attempt}); new stream`);
        return;
      } catch (err) {
        lastError = err as Error;
        opts.log(`reconnect ${attempt}/${opts.reconnectAttempts} failed: ${lastError.message}`);
      }
    }
    throw new ReconnectFailedError(
      `lost the connection to ${formatHostPort(target)} and could not reconnect after ${opts.reconnectAttempts} attempts` +
        (lastError ? `: ${lastError.message}` : ''),
    );
  };

  if (opts.target) {
    conn = await SenderConnection.connect(opts.target); // refused at the start: ConnectError, no retry
    opts.log(`connected to ${formatHostPort(opts.target)}`);
  }
  await openStream();

  const first = script[0];
  const pacer = new RacePacer(opts.speed, (first?.raceMs ?? 0) - opts.leadInMs);
  try {
    for (const update of script) {
      await pacer.waitFor(update.raceMs, opts.signal);
      if (opts.signal?.aborted) {
        summary.aborted = true;
        break;
      }
      if (conn && !(conn as SenderConnection).alive) {
        const why = (conn as SenderConnection).lastError?.message ?? 'closed by the receiver';
        opts.log(`connection lost (${why})`);
        await connectWithRetry();
        if (opts.signal?.aborted) {
          summary.aborted = true;
          break;
        }
        await openStream();
      }
      await emit(encoder.encodeUpdate(update));
      summary.updates++;
    }
  } finally {
    summary.resets = encoder.resets;
    if (conn) await (conn as SenderConnection).end();
  }
  return summary;
}

