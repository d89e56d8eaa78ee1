// Feeds the server through WS /ingest with the token, as a forwarder does: our own snapshot and
// delta messages (JSON), one at a time, each answered by the server before the next is sent.
import WebSocket from 'ws';
import type { Competition, CompetitionPatch, Delta, Snapshot } from '../../../src/results/types.js';
import { TOKEN } from './racewire-server.js';

export class IngestClient {
  private seq = 0;
  private constructor(
    private readonly ws: WebSocket,
    readonly epoch: string,
  ) {}

  static async open(port: number, epoch = 'web-replay', seq = 0): Promise<IngestClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ingest?token=${TOKEN}`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const c = new IngestClient(ws, epoch);
    c.seq = seq;
    return c;
  }

  get lastSeq(): number {
    return this.seq;
  }

  private send(message: Snapshot | Delta): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('ingest: no reply within 5 s')), 5000);
      this.ws.once('message', (data) => {
        clearTimeout(timer);
        const reply = JSON.parse(String(data)) as Record<string, unknown>;
        if (reply.type !== 'ack') reject(new Error(`ingest refused: ${JSON.stringify(reply)}`));
        else resolve(reply);
      });
      this.ws.send(JSON.stringify(message));
    });
  }

  snapshot(competitions: Competition[]): Promise<Record<string, unknown>> {
    return this.send({ type: 'snapshot', epoch: this.epoch, seq: this.seq, finisherLimit: 100, competitions, finishers: [] });
  }

  delta(competitions: CompetitionPatch[]): Promise<Record<string, unknown>> {
    this.seq++;
    return this.send({ type: 'delta', epoch: this.epoch, seq: this.seq, competitions, finishers: [] });
  }

  close(): void {
    this.ws.close();
  }
}
