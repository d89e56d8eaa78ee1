// `racewire dump`: look inside a Java serialization stream file (human structure, JSON values, speed).
import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { JavaStreamParser, toJson, type ParseEvent, type ParseSink, type ParserOptions } from '../../javaser/index.js';
import { CliError } from '../fatal.js';
import { assertReadableFile } from '../read-file.js';
import { dumpHuman } from '../dump/human.js';
import { dumpWinlaufen } from '../dump/winlaufen.js';
import { loadRowLayoutFile } from '../../winlaufen/load-row-layout.js';
import { describeProblem, isProblem } from '../dump/problems.js';

interface DumpOptions {
  json?: boolean;
  winlaufen?: boolean;
  layout?: string;
  stats?: boolean;
  chunk?: number;
  midStream: ParserOptions['midStream'];
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

export function dumpCommand(): Command {
  return new Command('dump')
    .summary('show a Java serialization stream: structure, values (--json), list updates (--winlaufen), speed (--stats)')
    .description('print the structure, values (--json) or parsing speed (--stats) of a Java serialization stream file')
    .argument('<file>', 'stream bytes (with or without the AC ED 00 05 header: headerless files are read mid-stream)')
    .option('--json', 'one JSON line per top-level value (docs/javaser-json.md)')
    .option('--winlaufen', 'one JSON line per Winlaufen list update as racewire reads it, then counts and unknown value shapes')
    .option('--layout <json>', 'with --winlaufen: a row layout config instead of the built-in default')
    .option('--stats', 'parse without printing values and print {"bytes","values","seconds","mbPerSec"}')
    .option('--chunk <n>', 'with --stats: feed the parser n-byte chunks (default: the whole file)', positiveInt)
    .addOption(
      new Option('--mid-stream <mode>', 'auto: headerless streams are read mid-stream; always; never').choices(['auto', 'always', 'never']).default('auto'),
    )
    .action(async (file: string, opts: DumpOptions) => {
      await assertReadableFile(file);
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (err) {
        throw new CliError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
      const parserOptions: Partial<ParserOptions> = { midStream: opts.midStream };
      let events: ParseEvent[];
      if (opts.stats) events = stats(bytes, opts.chunk ?? 0, parserOptions);
      else if (opts.json) events = json(bytes, parserOptions);
      else if (opts.winlaufen) {
        const out = new LineWriter();
        events = dumpWinlaufen(bytes, parserOptions, opts.layout ? loadRowLayoutFile(opts.layout) : undefined, (line) => out.line(line));
        out.flush();
      }
      else {
        const out = new LineWriter();
        events = dumpHuman(bytes, parserOptions, (line) => out.line(line));
        out.flush();
      }
      reportProblems(file, events);
    });
}

/** Batches lines into large writes; a closed pipe (`| head`) ends the program quietly. */
class LineWriter {
  private lines: string[] = [];
  private size = 0;
  constructor() {
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
  line(text: string): void {
    this.lines.push(text);
    this.size += text.length + 1;
    if (this.size > 1 << 16) this.flush();
  }
  flush(): void {
    if (this.lines.length === 0) return;
    process.stdout.write(`${this.lines.join('\n')}\n`);
    this.lines = [];
    this.size = 0;
  }
}

function json(bytes: Buffer, options: Partial<ParserOptions>): ParseEvent[] {
  const p = new JavaStreamParser(options);
  const events = [...p.feed(bytes), ...p.end()];
  const out = new LineWriter();
  for (const e of events) if (e.type === 'value') out.line(JSON.stringify(toJson(e.value)));
  out.flush();
  return events;
}

function stats(bytes: Buffer, chunk: number, options: Partial<ParserOptions>): ParseEvent[] {
  const size = chunk > 0 ? chunk : bytes.length;
  const problems: ParseEvent[] = [];
  let values = 0;
  // Values are counted and dropped as they come, as a streaming consumer does (feedTo): collecting
  // every event of a whole file in one array would measure the garbage collector, not the parser.
  const sink: ParseSink = {
    value: () => void values++,
    header: () => undefined,
    reset: () => undefined,
    error: (error, resumeOffset) => void problems.push({ type: 'error', error, resumeOffset }),
  };
  const started = process.hrtime.bigint();
  const p = new JavaStreamParser(options);
  for (let i = 0; i < bytes.length; i += size) p.feedTo(bytes.subarray(i, i + size), sink);
  p.endTo(sink);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const mbPerSec = seconds > 0 ? bytes.length / 1e6 / seconds : 0;
  process.stdout.write(`${JSON.stringify({ bytes: bytes.length, values, seconds, mbPerSec })}\n`);
  return problems;
}

function reportProblems(file: string, events: ParseEvent[]): void {
  const problems = events.filter((e): e is Extract<ParseEvent, { type: 'error' }> => e.type === 'error' && isProblem(e));
  if (problems.length === 0) return;
  const shown = problems.slice(0, 20).map((e) => `racewire: ${file}: ${describeProblem(e)}`);
  if (problems.length > 20) shown.push(`racewire: ${file}: ... and ${problems.length - 20} more problems`);
  process.stderr.write(`${shown.join('\n')}\n`);
  throw new CliError(`${file}: corrupt stream (${problems.length} problem${problems.length === 1 ? '' : 's'}, first at byte offset ${problems[0]!.error.offset})`, 2);
}
