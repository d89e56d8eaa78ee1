// A WebSocket connection to a server's /ingest: send one text message, wait for its reply.
import WebSocket from 'ws';
import { CliError } from '../fatal.js';

export interface IngestConnection {
  /** Sends `text` and resolves with the server's reply (parsed JSON). */
  request(text: string, timeoutMs: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export function connectIngest(url: string, token: string | null, timeoutMs: number): Promise<IngestConnection> {
  return new Promise((resolve, reject) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, { headers: token ? { Authorization: `Bearer ${token}` } : {}, handshakeTimeout: timeoutMs });
    } catch (e) {
      reject(new CliError(`--to ${url}: ${(e as Error).message}`));
      return;
    }
    const replies: Array<Record<string, unknown>> = [];
    let waiter: (() => void) | null = null;
    let closedWhy: string | null = null;
    ws.on('message', (data: Buffer) => {
      try {
        replies.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>);
      } catch {
        replies.push({ type: 'unreadable', text: data.toString('utf8').slice(0, 200) });
      }
      waiter?.();
    });
    ws.on('close', (code, reason) => {
      closedWhy = `connection closed by the server (${code}${reason.length ? ` ${reason.toString()}` : ''})`;
      waiter?.();
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => reject(new CliError(`${url}: refused with HTTP ${res.statusCode}: ${body.trim()}`)));
    });
    ws.once('error', (e) => reject(new CliError(`${url}: ${e.message}`)));
    ws.once('open', () =>
      resolve({
        async request(text, ms) {
          const before = replies.length;
          await new Promise<void>((ok, fail) => ws.send(text, (err) => (err ? fail(new CliError(`send failed: ${err.message}`)) : ok())));
          const deadline = Date.now() + ms;
          while (replies.length === before) {
            if (closedWhy) throw new CliError(closedWhy);
            const left = deadline - Date.now();
            if (left <= 0) throw new CliError(`no reply from the server within ${ms} ms`);
            await new Promise<void>((wake) => {
              const t = setTimeout(wake, left);
              waiter = () => {
                clearTimeout(t);
                wake();
              };
            });
            waiter = null;
          }
          return replies[before]!;
        },
        close() {
          return new Promise<void>((done) => {
            if (ws.readyState === WebSocket.CLOSED) return done();
            const t = setTimeout(() => {
              ws.terminate();
              done();
            }, 2000);
            ws.once('close', () => {
              clearTimeout(t);
              done();
            });
            ws.close();
          });
        },
      }),
    );
  });
}
