// `racewire capture`: live capture on the Sprecher-PC, the pipeline, and the results served on one
// port (and/or forwarded to a relay).
import { Command, InvalidArgumentError } from 'commander';
import { LiveCapture, LiveCaptureError } from '../../capture/index.js';
import { StoreOpenError } from '../../results/persistence/results-store.js';
import { defaultFanoutThreadsFromEnv, FANOUT_THREADS_FLAG, fanoutThreadsHelp, parseFanoutThreads } from '../fanout-threads-option.js';
import { CliError } from '../fatal.js';
import { defaultWebDir } from '../web-dir.js';
import { startLiveService } from '../live-service.js';

interface CaptureFlags {
  fanoutThreads?: number;
  iface: string;
  host?: string;
  port?: number;
  filter?: string;
  bufferSize: number;
  startlist?: string;
  listen: number;
  bind: string;
  db: string;
  web: string;
  token?: string;
  forward?: string;
  forwardToken?: string;
  workers: number;
  newEpoch?: boolean;
}

function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`must be a whole number ${min}..${max}`);
    return n;
  };
}

export function captureCommand(): Command {
  return new Command('capture')
    .description('capture Winlaufen traffic live and serve the results (or forward them to a relay)')
    .requiredOption('--iface <name|ip>', 'interface to capture on, by name (eth0, lo, any) or by one of its addresses')
    .option('--host <ip>', 'only traffic to or from this host (e.g. the Winlaufen PC)')
    .option('--port <n>', 'only traffic on this TCP port', integer(1, 65535))
    .option('--filter <bpf>', 'a raw pcap filter, combined with --host/--port')
    .option('--buffer-size <bytes>', 'kernel capture buffer', integer(1 << 16, 1 << 30), 16 << 20)
    .option('--startlist <csv>', 'start list export (Startlist.csv), reloaded when it changes')
    .option('--listen <port>', 'port for the overlay, /api and WebSockets', integer(0, 65535), 8765)
    .option('--bind <address>', 'address to serve on', '0.0.0.0')
    .option('--db <file>', 'SQLite file the results are kept in (also the forwarding queue)', './racewire.db')
    .option('--web <dir>', 'directory of the overlay web build', defaultWebDir())
    .option('--token <token>', 'token for /ingest on this machine (default: $RACEWIRE_TOKEN)')
    .option('--forward <url>', 'also send the results to a relay: wss://server/ingest')
    .option('--forward-token <token>', 'the relay\'s ingest token (default: --token, then $RACEWIRE_TOKEN)')
    .option('--workers <n>', 'parser worker threads (0 = parse on the main thread)', integer(0, 64), 2)
    .option('--new-epoch', 'start a new epoch (a new race day) instead of continuing the stored results')
    .option(FANOUT_THREADS_FLAG, fanoutThreadsHelp(), parseFanoutThreads)
    .action(async (flags: CaptureFlags) => {
      const token = flags.token ?? process.env.RACEWIRE_TOKEN ?? null;
      const forwardToken = flags.forwardToken ?? token;
      if (flags.forward && !forwardToken) throw new CliError('--forward needs the relay\'s token: --forward-token T (or --token, or $RACEWIRE_TOKEN)');
      if (flags.forward && !/^wss?:\/\//.test(flags.forward)) throw new CliError(`--forward: expected a ws:// or wss:// URL, got ${flags.forward}`);
      const log = (message: string): void => void process.stderr.write(`racewire: ${message}\n`);

      let service;
      try {
        service = await startLiveService({
          host: flags.bind,
          port: flags.listen,
          dbPath: flags.db,
          webDir: flags.web,
          token,
          startlist: flags.startlist ?? null,
          workers: flags.workers,
          forward: flags.forward ? { url: flags.forward, token: forwardToken! } : null,
          newEpoch: flags.newEpoch ?? false,
          fanoutThreads: flags.fanoutThreads ?? defaultFanoutThreadsFromEnv(),
          log,
        });
      } catch (e) {
        if (e instanceof StoreOpenError) throw new CliError(e.message);
        if (e instanceof Error && /cannot listen/.test(e.message)) throw new CliError(e.message);
        throw e;
      }

      let capture: LiveCapture;
      try {
        capture = LiveCapture.open(
          {
            iface: flags.iface,
            bufferSize: flags.bufferSize,
            ...(flags.host ? { host: flags.host } : {}),
            ...(flags.port ? { port: flags.port } : {}),
            ...(flags.filter ? { filter: flags.filter } : {}),
          },
          (pkt) => service.packet(pkt),
        );
      } catch (e) {
        await service.close();
        if (e instanceof LiveCaptureError) throw new CliError(e.message);
        throw e;
      }
      // The handlers go first: Node only catches a signal once a listener exists, and a supervisor
      // may send SIGTERM as soon as it reads the ready line (the default action would kill us).
      const stopped = new Promise<void>((resolve) => {
        const stop = (signal: string): void => {
          process.stdout.write(`racewire capture: ${signal}, shutting down\n`);
          capture.close();
          void service.close().then(resolve);
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
      process.stdout.write(
        `racewire capture: capturing on ${capture.device} (${capture.filter || 'no filter'}); results at ${service.server.url}` +
          (flags.forward ? `, forwarded to ${flags.forward}` : '') +
          '\n',
      );
      await stopped;
    });
}
