// `racewire serve`: the relay. Live results for viewers on /live, results from forwarders and JSON
// senders on /ingest (token required), persisted in SQLite so a restart continues where it was.
import { Command, InvalidArgumentError } from 'commander';
import { StoreOpenError } from '../../results/persistence/results-store.js';
import { startServer } from '../../server/index.js';
import { defaultFanoutThreadsFromEnv, FANOUT_THREADS_FLAG, fanoutThreadsHelp, parseFanoutThreads } from '../fanout-threads-option.js';
import { CliError } from '../fatal.js';
import { defaultWebDir } from '../web-dir.js';

function portNumber(value: string): number {
  const n = Number(value);
  if (!/^\d{1,5}$/.test(value) || n > 65535) throw new InvalidArgumentError('must be a port number 0..65535');
  return n;
}

interface ServeFlags {
  port: number;
  host: string;
  token?: string;
  db: string;
  web: string;
  newEpoch?: boolean;
  snifferCompetition: string;
  fanoutThreads?: number;
}

export function serveCommand(): Command {
  return new Command('serve')
    .summary('serve live results: the overlay, /api/results, WS /live for viewers, WS /ingest for forwarders')
    .description('Serve live results: overlay, /api/results, WS /live for viewers, WS /ingest for forwarders and JSON senders')
    .option('--port <n>', 'port to listen on (0: any free port)', portNumber, 8765)
    .option('--host <address>', 'address to listen on', '0.0.0.0')
    .option('--token <token>', 'token /ingest requires (default: $RACEWIRE_TOKEN); without one, ingest is refused')
    .option('--db <file>', 'SQLite file the results are kept in', './racewire.db')
    .option('--web <dir>', 'directory of the overlay web build', defaultWebDir())
    .option('--new-epoch', 'start a new epoch (forget the stored results, e.g. a new race day)')
    .option('--sniffer-competition <id>', "competition of the old sniffer's bare row lists on /ingest (a ?competition= in the URL wins)", 'sniffer')
    .option(FANOUT_THREADS_FLAG, fanoutThreadsHelp(), parseFanoutThreads)
    .action(async (flags: ServeFlags) => {
      const token = flags.token ?? process.env.RACEWIRE_TOKEN ?? null;
      let server;
      try {
        server = await startServer({
          host: flags.host,
          port: flags.port,
          token,
          dbPath: flags.db,
          webDir: flags.web,
          newEpoch: flags.newEpoch ?? false,
          fanoutThreads: flags.fanoutThreads ?? defaultFanoutThreadsFromEnv(),
          ingest: { defaultSnifferCompetition: flags.snifferCompetition },
          onFatal: (err) => {
            process.stderr.write(`racewire: cannot continue: ${err.message}\n`);
            process.exit(1);
          },
        });
      } catch (e) {
        if (e instanceof StoreOpenError) throw new CliError(e.message);
        if (e instanceof Error && /cannot listen/.test(e.message)) throw new CliError(e.message);
        throw e;
      }
      // Signal handlers before the ready line: whoever waits for that line may stop us right away.
      const stopped = new Promise<void>((resolve) => {
        const stop = (signal: string): void => {
          process.stdout.write(`racewire serve: ${signal}, shutting down\n`);
          void server.close().then(resolve);
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
      const threads = server.fanout.threads;
      process.stdout.write(`racewire serve: listening on ${server.url} (epoch ${server.hub.epoch}, seq ${server.hub.seq}, db ${flags.db}, ${threads} fan-out thread${threads === 1 ? '' : 's'})\n`);
      if (!token) process.stdout.write('racewire serve: no token given: /ingest refuses every connection\n');
      if (!server.site.root) process.stdout.write(`racewire serve: no web build in ${flags.web}: serving a placeholder page\n`);
      await stopped;
    });
}
