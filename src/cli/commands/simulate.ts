// `racewire simulate`: plays a Winlaufen-like race as a Java serialization stream over TCP (and/or
// into a file), writes the matching Startlist.csv and the expected final results; or, with
// --listen, stands in for the Sprecher-PC and drains what arrives.
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CliError } from '../fatal.js';
import { startDrainListener, type DrainListener } from '../../sim/drain-listener.js';
import { expectedResults } from '../../sim/expected-results.js';
import { openFileSink, type ClosableSink } from '../../sim/file-sink.js';
import { formatHostPort, parseHostPort, type HostPort } from '../../sim/host-port.js';
import { parseSpeed, type Speed } from '../../sim/pacing.js';
import { buildRace, COMPETITION_TEMPLATES } from '../../sim/race-model.js';
import { buildRaceScript, finalLists } from '../../sim/race-script.js';
import { ReconnectFailedError, sendRace } from '../../sim/race-sender.js';
import { ConnectError } from '../../sim/tcp-connection.js';
import { encodeStartlist, STARTLIST_ENCODINGS, startlistText, type StartlistEncoding } from '../../sim/startlist-csv.js';
import { SAMPLE_BLOCK_DATA, WinlaufenStreamEncoder } from '../../sim/winlaufen-encoder.js';

interface SimulateOptions {
  to?: HostPort;
  listen?: HostPort;
  out?: string;
  seed: number;
  speed: Speed;
  competitions: number;
  runners: number;
  window: number;
  resetEvery: number;
  startlistOut?: string;
  startlistEncoding: StartlistEncoding;
  expectOut?: string;
  reconnectAttempts: number;
  reconnectDelay: number;
  writeSize: number;
  blockData: boolean;
  save?: string;
  connections?: number;
}

const intIn =
  (name: string, min: number, max: number) =>
  (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer ${min}..${max}`);
    return n;
  };

const wrap =
  <T>(parse: (t: string) => T) =>
  (text: string): T => {
    try {
      return parse(text);
    } catch (err) {
      throw new InvalidArgumentError((err as Error).message);
    }
  };

export function simulateCommand(): Command {
  return new Command('simulate')
    .summary('play a simulated Winlaufen race over TCP (or stand in for the Sprecher-PC with --listen)')
    .description(
      'Play a simulated Winlaufen race: one long-lived Java serialization stream of result-list updates ' +
        'to a TCP receiver (--to) and/or a file (--out); or stand in for the Sprecher-PC (--listen)',
    )
    .option('--to <host:port>', 'connect to this receiver and send the race', wrap(parseHostPort))
    .option('--out <file>', 'also (or only) write the stream bytes to FILE ("-" = stdout)')
    .option('--listen <host:port>', 'accept connections and drain them, printing bytes per connection (port 0 = any)', wrap((t) => parseHostPort(t, { allowPortZero: true })))
    .option('--seed <n>', 'race seed: same seed and options, same bytes', intIn('--seed', 0, 2 ** 32 - 1), 1)
    .option('--speed <n|max>', 'race seconds per wall-clock second (1 = real time), or max', wrap(parseSpeed), 1 as Speed)
    .option('--competitions <n>', `number of competitions (${COMPETITION_TEMPLATES.map((c) => `${c.id} "${c.name}"`).join(', ')})`, intIn('--competitions', 1, COMPETITION_TEMPLATES.length), 3)
    .option('--runners <n>', 'runners per competition', intIn('--runners', 1, 20_000), 60)
    .option('--window <n>', 'rows per list update (the sample shows 6)', intIn('--window', 1, 1000), 6)
    .option('--reset-every <n>', 'ObjectOutputStream.reset() before every N-th update of a stream (0 = never)', intIn('--reset-every', 0, 1_000_000), 50)
    .option('--block-data', 'write 14 zero bytes of TC_BLOCKDATA before each update (a guess at the sample\'s leading zeros)', false)
    .option('--write-size <bytes>', 'largest single socket write (ObjectOutputStream buffers 1024)', intIn('--write-size', 1, 16 * 1024 * 1024), 1024)
    .option('--startlist-out <file>', 'write the matching Startlist.csv (semicolon-separated)')
    .addOption(new Option('--startlist-encoding <enc>', 'Startlist.csv encoding').choices(STARTLIST_ENCODINGS).default('utf8'))
    .option('--expect-out <file>', 'write the final results a perfect receiver shows, as JSON')
    .option('--reconnect-attempts <n>', 'reconnect attempts after the connection drops', intIn('--reconnect-attempts', 0, 1000), 10)
    .option('--reconnect-delay <ms>', 'wait before each reconnect attempt', intIn('--reconnect-delay', 0, 600_000), 1000)
    .option('--save <file>', 'with --listen: save connection 1 to FILE, connection n to FILE.n')
    .option('--connections <n>', 'with --listen: exit after N connections have closed', intIn('--connections', 1, 1_000_000))
    .action(async (opts: SimulateOptions) => {
      if (opts.listen) await runListen(opts, opts.listen);
      else await runSimulation(opts);
    });
}

function onSignals(handler: () => void): () => void {
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

async function runListen(opts: SimulateOptions, listen: HostPort): Promise<void> {
  if (opts.to || opts.out) throw new CliError('--listen cannot be combined with --to or --out');
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  let listener: DrainListener;
  try {
    listener = await startDrainListener({ listen, savePath: opts.save ?? null, maxConnections: opts.connections ?? null, log });
  } catch (err) {
    throw new CliError(`cannot listen on ${formatHostPort(listen)}: ${(err as Error).message}`);
  }
  log(`listening on ${formatHostPort(listener.address)}`);
  const off = onSignals(() => void listener.close());
  const drained = await listener.done;
  off();
  const total = drained.reduce((n, c) => n + c.bytes, 0);
  log(`done: ${drained.length} connection(s), ${total} bytes`);
}

async function runSimulation(opts: SimulateOptions): Promise<void> {
  if (!opts.to && !opts.out && !opts.startlistOut && !opts.expectOut) {
    throw new CliError('nothing to do: give --to HOST:PORT, --out FILE, --listen HOST:PORT, --startlist-out or --expect-out');
  }
  if (opts.save || opts.connections !== undefined) throw new CliError('--save and --connections only go with --listen');
  const log = (line: string): void => void process.stderr.write(`simulate: ${line}\n`);
  const race = buildRace({ seed: opts.seed, competitions: opts.competitions, runnersPerCompetition: opts.runners });
  const script = buildRaceScript(race, opts.window);

  if (opts.startlistOut) writeFileSync(opts.startlistOut, encodeStartlist(startlistText(race), opts.startlistEncoding));
  if (opts.expectOut) writeFileSync(opts.expectOut, `${JSON.stringify(expectedResults(finalLists(race, script)))}\n`);
  if (!opts.to && !opts.out) return;

  const encoder = new WinlaufenStreamEncoder(race, {
    resetEvery: opts.resetEvery,
    blockData: opts.blockData ? SAMPLE_BLOCK_DATA : null,
  });
  const abort = new AbortController();
  const off = onSignals(() => abort.abort());
  let file: ClosableSink | null = null;
  try {
    file = opts.out ? openFileSink(opts.out) : null;
    const summary = await sendRace(script, encoder, {
      target: opts.to ?? null,
      copyTo: file,
      speed: opts.speed,
      leadInMs: 5000,
      writeSize: opts.writeSize,
      reconnectAttempts: opts.reconnectAttempts,
      reconnectDelayMs: opts.reconnectDelay,
      log,
      signal: abort.signal,
    });
    log(
      `${summary.aborted ? 'stopped' : 'race over'}: ${summary.updates}/${script.length} updates, ${summary.bytes} bytes, ` +
        `${summary.streams} stream(s), ${summary.resets} reset(s), ${summary.reconnects} reconnect(s)`,
    );
  } catch (err) {
    if (err instanceof ConnectError || err instanceof ReconnectFailedError) throw new CliError(err.message);
    throw err;
  } finally {
    off();
    await file?.close();
  }
}
