// `racewire follow CAPTURE --out DIR`: reassembles every TCP connection of a capture file, writes each
// direction's captured bytes to DIR/<srcip>.<srcport>-<dstip>.<dstport>.bin and prints one JSON
// document (flows, byte counts, gaps, loss counters, capture and decode report) to stdout.
import { Command, InvalidArgumentError, Option } from 'commander';
import { CaptureFileError, PacketDecoder, readCaptureFile, type CaptureFileReport } from '../../capture/index.js';
import { TcpReassembler, defaultReassemblerOptions, type ReassemblerOptions } from '../../tcp/index.js';
import { StreamFileWriter } from '../../tcp/stream-file-writer.js';
import { CliError } from '../fatal.js';
import { assertReadableFile } from '../read-file.js';

interface FollowOptions {
  out: string;
  maxStreamBuffer: number;
  maxTotalBuffer: number;
  ackGrace: number;
  holeTimeout: number;
  idleTimeout: number;
}

const positive = (name: string) => (text: string) => {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number >= 0`);
  return n;
};

export function followCommand(): Command {
  const d = defaultReassemblerOptions;
  return new Command('follow')
    .summary('reassemble every TCP connection of a capture file into per-direction files, and list the gaps')
    .description(
      'Reassemble every TCP connection of a capture file (pcap/pcapng): writes each direction to ' +
        'DIR/<srcip>.<srcport>-<dstip>.<dstport>.bin (captured bytes only, in stream order; a reused 4-tuple ' +
        'gets ~1, ~2, ... before .bin; IPv6 ":" written as "_") and prints one JSON document with flows, ' +
        'byte counts and gaps (offset, length, reason). Exit code 2 when the capture file is truncated or damaged.',
    )
    .argument('<capture>', 'pcap or pcapng file')
    .requiredOption('-o, --out <dir>', 'directory for the stream files (created if missing)')
    .addOption(new Option('--max-stream-buffer <bytes>', 'out-of-order bytes buffered per direction').argParser(positive('--max-stream-buffer')).default(d.maxStreamBufferBytes))
    .addOption(new Option('--max-total-buffer <bytes>', 'out-of-order bytes buffered in all').argParser(positive('--max-total-buffer')).default(d.maxTotalBufferBytes))
    .addOption(new Option('--ack-grace <ms>', 'how long an ACK of uncaptured bytes is believed before they become a gap').argParser(positive('--ack-grace')).default(d.ackGraceUs / 1000))
    .addOption(new Option('--hole-timeout <s>', 'seconds a hole may hold back buffered data').argParser(positive('--hole-timeout')).default(d.holeTimeoutUs / 1e6))
    .addOption(new Option('--idle-timeout <s>', 'seconds without packets before a connection is closed').argParser(positive('--idle-timeout')).default(d.idleTimeoutUs / 1e6))
    .action(async (capture: string, opts: FollowOptions) => {
      await assertReadableFile(capture);
      const options: Partial<ReassemblerOptions> = {
        maxStreamBufferBytes: opts.maxStreamBuffer,
        maxTotalBufferBytes: opts.maxTotalBuffer,
        ackGraceUs: opts.ackGrace * 1000,
        holeTimeoutUs: opts.holeTimeout * 1e6,
        idleTimeoutUs: opts.idleTimeout * 1e6,
      };
      let writer: StreamFileWriter;
      try {
        writer = new StreamFileWriter(opts.out);
      } catch (err) {
        throw new CliError(`cannot create output directory ${opts.out}: ${(err as Error).message}`);
      }
      const reassembler = new TcpReassembler(writer.onEvent, options);
      const decoder = new PacketDecoder();
      let report: CaptureFileReport;
      try {
        report = await readCaptureFile(capture, (pkt) => {
          const seg = decoder.decode(pkt);
          if (seg) reassembler.push(seg);
        });
      } catch (err) {
        if (err instanceof CaptureFileError) throw new CliError(err.message);
        throw err;
      }
      // Whatever was read is reassembled and written, also when the file ends early.
      reassembler.flush();
      writer.finish();
      const doc = {
        capture: report,
        decode: decoder.stats,
        reassembly: reassembler.stats(),
        out: opts.out,
        flows: writer.flows,
      };
      process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      if (report.truncated) {
        process.stderr.write(
          `racewire: ${capture} is truncated: the record at byte ${report.truncated.offset} needs ${report.truncated.needed} bytes, ` +
            `only ${report.truncated.available} are there; wrote what was read (${report.packets} packets)\n`,
        );
        process.exitCode = 2;
      } else if (report.stoppedAt !== null) {
        process.stderr.write(`racewire: ${capture} is damaged at byte ${report.stoppedAt}: ${report.errors.at(-1)?.message ?? ''}; wrote what was read\n`);
        process.exitCode = 2;
      }
    });
}
