// `racewire demo` (what `npm start` runs): a simulated Winlaufen race on loopback, captured live
// when this machine allows it (else its stream is fed straight in), through the pipeline to the
// server with the overlay.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { LiveCapture } from '../../capture/index.js';
import { startDrainListener } from '../../sim/drain-listener.js';
import { parseSpeed, type Speed } from '../../sim/pacing.js';
import { buildRace } from '../../sim/race-model.js';
import { buildRaceScript } from '../../sim/race-script.js';
import { sendRace } from '../../sim/race-sender.js';
import { startlistText } from '../../sim/startlist-csv.js';
import { WinlaufenStreamEncoder } from '../../sim/winlaufen-encoder.js';
import { DirectTcpFeed } from '../direct-feed.js';
import { defaultFanoutThreadsFromEnv, FANOUT_THREADS_FLAG, fanoutThreadsHelp, parseFanoutThreads } from '../fanout-threads-option.js';
import { startLiveService } from '../live-service.js';
import { defaultWebDir } from '../web-dir.js';

interface DemoFlags {
  fanoutThreads?: number;
  port: number;
  speed: Speed;
  seed: number;
  runners: number;
  capture: boolean;
}

export function demoCommand(): Command {
  return new Command('demo')
    .description('run a demo: a simulated race on loopback, captured, parsed and served with the overlay (what npm start runs)')
    .option('--port <n>', 'port for the overlay', (v) => {
      const n = Number(v);
      if (!/^\d+$/.test(v) || n > 65535) throw new InvalidArgumentError('must be a port number');
      return n;
    }, 8765)
    .option('--speed <n|max>', 'race seconds per second', (v) => parseSpeed(v), 30 as Speed)
    .option('--seed <n>', 'seed of the simulated race', (v) => Number(v), 1)
    .option('--runners <n>', 'runners per competition', (v) => Number(v), 60)
    .option('--no-capture', 'feed the simulator\'s stream straight in instead of capturing it on loopback')
    .option(FANOUT_THREADS_FLAG, fanoutThreadsHelp(), parseFanoutThreads)
    .action(async (flags: DemoFlags) => {
      const log = (message: string): void => void process.stderr.write(`racewire: ${message}\n`);
      const race = buildRace({ seed: flags.seed, competitions: 3, runnersPerCompetition: flags.runners });
      const script = buildRaceScript(race, 6);
      const startlist = join(mkdtempSync(join(tmpdir(), 'racewire-demo-')), 'Startlist.csv');
      writeFileSync(startlist, startlistText(race));

      const service = await startLiveService({
        host: '127.0.0.1',
        port: flags.port,
        dbPath: null,
        webDir: defaultWebDir(),
        token: null,
        startlist,
        workers: 2,
        forward: null,
        newEpoch: true,
        fanoutThreads: flags.fanoutThreads ?? defaultFanoutThreadsFromEnv(),
        log,
      });
      const sink = await startDrainListener({ listen: { host: '127.0.0.1', port: 0 }, savePath: null, maxConnections: null, log: () => {} });

      let capture: LiveCapture | null = null;
      let direct: DirectTcpFeed | null = null;
      if (flags.capture) {
        try {
          capture = LiveCapture.open({ iface: 'lo', port: sink.address.port }, (pkt) => service.packet(pkt));
        } catch (e) {
          log(`live capture is not possible here (${(e as Error).message.split('\n')[0]}); feeding the stream in directly`);
        }
      }
      if (!capture) direct = new DirectTcpFeed((seg) => service.segment(seg), 50_000, sink.address.port);

      // Handlers before the ready line: a supervisor may send SIGTERM as soon as it reads it.
      const abort = new AbortController();
      const stopped = new Promise<void>((resolve) => {
        const stop = (): void => {
          abort.abort();
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      process.stdout.write(
        `racewire demo: open ${service.server.url} (results: ${service.server.url}/?view=results, ` +
          `leaderboard: ${service.server.url}/?view=leaderboard&theme=dark)\n` +
          `racewire demo: ${capture ? `capturing the simulated Winlaufen connection on lo port ${sink.address.port}` : 'simulated stream fed in directly'}; Ctrl-C stops\n`,
      );

      const encoder = new WinlaufenStreamEncoder(race, { resetEvery: 50, blockData: null });
      const summary = await sendRace(script, encoder, {
        target: sink.address,
        copyTo: direct ? { write: async (chunk) => direct!.write(chunk) } : null,
        speed: flags.speed,
        leadInMs: 2000,
        writeSize: 1024,
        reconnectAttempts: 3,
        reconnectDelayMs: 500,
        log,
        signal: abort.signal,
      });
      if (!summary.aborted) process.stdout.write(`racewire demo: race over (${summary.updates} list updates); still serving, Ctrl-C stops\n`);
      await stopped;
      capture?.close();
      await sink.close();
      await service.close();
    });
}
