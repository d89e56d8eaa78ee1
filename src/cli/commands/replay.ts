// `racewire replay CAPTURE`: a capture file through the real pipeline (workers included), printing
// the final results or every delta.
import { Command, Option } from 'commander';
import { readCaptureFile } from '../../capture/index.js';
import { FILE_BACKLOG_BYTES, Pipeline, defaultPipelineOptions } from '../../pipeline/pipeline.js';
import { ResultsState } from '../../results/index.js';
import { loadRowLayoutFile } from '../../winlaufen/load-row-layout.js';
import { formatStartListReport } from '../../winlaufen/index.js';
import { loadStartListFile } from '../../winlaufen/startlist/watch-startlist.js';
import { CliError } from '../fatal.js';
import { assertReadableFile } from '../read-file.js';
import { parseSpeed, PacedPackets } from '../paced-packets.js';
import { lossLines } from '../loss-summary.js';

interface ReplayOptions {
  startlist?: string;
  speed: string;
  print: 'results' | 'deltas';
  workers: string;
  layout?: string;
  quiet?: boolean;
}

export function replayCommand(): Command {
  return new Command('replay')
    .description('run a capture file through the pipeline (workers included) and print the results or the deltas')
    .argument('<capture>', 'pcap or pcapng file')
    .option('--startlist <csv>', 'start list export (Startlist.csv) that fills fields the stream left unresolved')
    .option('--speed <n|max>', 'max = as fast as possible, 1 = in real time, N = N times faster', 'max')
    .addOption(new Option('--print <what>', 'what to print').choices(['results', 'deltas']).default('results'))
    .option('--workers <n>', 'worker threads for parsing (0 = parse on the main thread)', '2')
    .option('--layout <json>', 'row layout config (see docs/protocol.md) instead of the built-in default')
    .option('-q, --quiet', 'no summary on stderr')
    .action(async (capture: string, opts: ReplayOptions) => {
      await assertReadableFile(capture);
      const speed = parseSpeed(opts.speed);
      const workers = Number(opts.workers);
      if (!Number.isInteger(workers) || workers < 0 || workers > 64) throw new CliError(`--workers: expected 0..64, got ${opts.workers}`);
      const layout = opts.layout ? loadRowLayoutFile(opts.layout) : undefined;

      const state = new ResultsState();
      if (opts.startlist) {
        const list = loadStartListFile(opts.startlist);
        if (!opts.quiet) process.stderr.write(`${formatStartListReport(list.report)}\n`);
        const delta = state.setStartList(list.entries);
        if (delta && opts.print === 'deltas') process.stdout.write(`${JSON.stringify(delta)}\n`);
      }

      const pipeline = new Pipeline(
        { ...defaultPipelineOptions, workers, analyzer: layout ? { layout } : {} },
        {
          update: (_stream, update) => {
            const delta = state.applyListUpdate(update);
            if (delta && opts.print === 'deltas') process.stdout.write(`${JSON.stringify(delta)}\n`);
          },
          log: (message) => {
            if (!opts.quiet) process.stderr.write(`racewire: ${message}\n`);
          },
        },
      );

      const paced = new PacedPackets(speed, (pkt) => pipeline.packet(pkt));
      let report;
      try {
        report = await readCaptureFile(capture, (pkt) => paced.push(pkt), {
          // Between chunks of the file: let the analyzers (and real-time pacing) catch up.
          beforeRead: async () => {
            await paced.drain(256);
            await pipeline.whenBacklogBelow(FILE_BACKLOG_BYTES);
          },
        });
        await paced.drain(0);
      } finally {
        await pipeline.end();
      }

      if (opts.print === 'results') process.stdout.write(`${JSON.stringify(state.resultsDocument())}\n`);
      if (!opts.quiet) {
        const c = pipeline.counters;
        const p50 = pipeline.latency.quantile(0.5);
        const p99 = pipeline.latency.quantile(0.99);
        process.stderr.write(
          `racewire: ${report.packets} packets, ${c.segments} TCP segments, ${c.streams} streams, ${c.bytes} bytes, ` +
            `${c.gaps} gaps (${c.gapBytes} bytes), ${c.parseErrors} parse errors, ${c.updates} list updates, ${c.rows} rows, ` +
            `${pipeline.workerRestarts} worker restarts` +
            (p50 === null ? '' : `, latency p50 ${p50.toFixed(2)} ms p99 ${p99!.toFixed(2)} ms`) +
            '\n',
        );
        for (const line of lossLines(pipeline.losses, pipeline.decodeStats)) process.stderr.write(`racewire: ${line}\n`);
        for (const issue of report.errors) process.stderr.write(`racewire: ${capture}: at byte ${issue.offset}: ${issue.message}\n`);
        if (report.truncated) process.stderr.write(`racewire: ${capture}: the file ends inside a record at byte ${report.truncated.offset}\n`);
      }
    });
}
