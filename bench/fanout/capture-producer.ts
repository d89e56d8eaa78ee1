// The Winlaufen side of the capture-latency run: this process plays the timing program itself
// (the simulator's encoder, writing to a TCP socket on loopback), so the write time of each update
// is known exactly. A listener in this process stands in for the Sprecher-PC and drains the bytes;
// `racewire capture --iface lo` sees the segments on the wire in between.
import net from 'node:net';
import { buildRace } from '../../src/sim/race-model.js';
import { buildRaceScript, type ListUpdate } from '../../src/sim/race-script.js';
import { WinlaufenStreamEncoder } from '../../src/sim/winlaufen-encoder.js';
import { wallNow, type Producer } from './producers.js';

export class CaptureProducer implements Producer {
  readonly sent = new Map<number, number>();
  readonly errors: string[] = [];
  settled = 0;
  private readonly encoder: WinlaufenStreamEncoder;
  /** Only updates that change the results (no final "offiziell" pages): each gives one delta. */
  readonly updates: ListUpdate[];
  private sentUpdates = 0;

  private constructor(
    private readonly drain: net.Server,
    private readonly socket: net.Socket,
    seed: number,
  ) {
    const race = buildRace({ seed, competitions: 3, runnersPerCompetition: 80 });
    this.updates = buildRaceScript(race, 6).filter((u) => !u.official);
    this.encoder = new WinlaufenStreamEncoder(race, { resetEvery: 50 });
  }

  /** Listens on `port` (the port capture filters on) and connects to it. */
  static async start(port: number, seed = 5): Promise<CaptureProducer> {
    const drain = net.createServer((s) => {
      s.on('data', () => {});
      s.on('error', () => {});
    });
    await new Promise<void>((resolve, reject) => {
      drain.once('error', reject);
      drain.listen(port, '127.0.0.1', () => resolve());
    });
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    const p = new CaptureProducer(drain, socket, seed);
    socket.write(p.encoder.startStream());
    return p;
  }

  /**
   * Writes the next update. The n-th update written yields the n-th delta of the capture
   * server's fresh epoch: every update here changes the state, nothing else does.
   */
  sendNext(): void {
    const update = this.updates[this.sentUpdates];
    if (!update) throw new Error('race script exhausted');
    const bytes = this.encoder.encodeUpdate(update);
    this.sentUpdates++;
    this.sent.set(this.sentUpdates, wallNow());
    this.socket.write(bytes);
    this.settled++;
  }

  close(): void {
    this.socket.destroy();
    this.drain.close();
  }
}
