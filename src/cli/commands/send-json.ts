// `racewire send-json`: the JSON sender simulator. Sends a sender document (a file, or by default
// the sample) to a server's /ingest; with --race, makes up a live race and sends its list updates
// as sender documents in real time (or faster).
import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { RacePacer, parseSpeed, type Speed } from '../../sim/pacing.js';
import { buildRace, COMPETITION_TEMPLATES } from '../../sim/race-model.js';
import { buildRaceScript } from '../../sim/race-script.js';
import { CliError } from '../fatal.js';
import { assertReadableFile } from '../read-file.js';
import { connectIngest, type IngestConnection } from '../send-json/ingest-client.js';
import { senderDocument } from '../send-json/race-documents.js';
import { SAMPLE_SENDER_DOCUMENT } from '../send-json/sample-document.js';

interface SendJsonFlags {
  to: string;
  token?: string;
  race?: boolean;
  speed: Speed;
  seed: number;
  competitions: number;
  runners: number;
  window: number;
  plain?: boolean;
  timeout: number;
}

const intIn = (name: string, min: number, max: number) => (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number ${min}..${max}`);
  return n;
};

const speedOption = (value: string): Speed => {
  try {
    return parseSpeed(value);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
};

function checkUrl(to: string): string {
  let url: URL;
  try {
    url = new URL(to);
  } catch {
    throw new CliError(`--to ${to}: not a URL (expected ws://HOST:PORT/ingest?token=T)`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new CliError(`--to ${to}: must be a ws:// or wss:// URL`);
  return url.toString();
}

/** One document; the reply goes to stdout. An error reply is a failure (exit 1). */
async function sendOne(conn: IngestConnection, text: string, timeoutMs: number): Promise<void> {
  const reply = await conn.request(text, timeoutMs);
  process.stdout.write(`${JSON.stringify(reply)}\n`);
  if (reply.type !== 'ack') throw new CliError(`the server did not accept the document: ${String(reply.message ?? reply.type)}`);
}

async function sendRace(conn: IngestConnection, flags: SendJsonFlags): Promise<void> {
  const race = buildRace({ seed: flags.seed, competitions: flags.competitions, runnersPerCompetition: flags.runners });
  const script = buildRaceScript(race, flags.window);
  const first = script[0]?.raceMs ?? 0;
  // The race clock starts at the first finish: nobody waits through the first half hour of running.
  const pacer = new RacePacer(flags.speed, first);
  let acks = 0;
  let errors = 0;
  for (const update of script) {
    await pacer.waitFor(update.raceMs);
    const reply = await conn.request(JSON.stringify(senderDocument(race, update, new Date(), { plain: flags.plain ?? false })), flags.timeout);
    if (reply.type === 'ack') acks++;
    else {
      errors++;
      process.stderr.write(`racewire send-json: ${JSON.stringify(reply)}\n`);
    }
  }
  process.stdout.write(
    `${JSON.stringify({ documents: script.length, acks, errors, wettkampf: `sim-${race.seed}`, categories: race.competitions.map((c) => String(c.id)) })}\n`,
  );
  if (errors > 0) throw new CliError(`${errors} of ${script.length} documents were refused`);
}

export function sendJsonCommand(): Command {
  return new Command('send-json')
    .summary('send the JSON sender\'s documents (or a made-up live race) to a server\'s /ingest')
    .description('JSON sender simulator: send a sender document (default: the sample) or, with --race, a made-up live race to a server\'s /ingest')
    .argument('[file]', 'a JSON sender document (or bare row list) to send unchanged; default: the sample document')
    .requiredOption('--to <url>', 'the server, e.g. ws://127.0.0.1:8765/ingest?token=T')
    .option('--token <token>', 'sent as Authorization: Bearer (default: $RACEWIRE_TOKEN; or put ?token= in --to)')
    .option('--race', 'make up a live race and send its list updates as they happen')
    .option('--speed <n|max>', 'race seconds per second with --race, or max', speedOption, 1 as Speed)
    .option('--seed <n>', 'seed of the made-up race', intIn('--seed', 0, 2 ** 31 - 1), 1)
    .option('--competitions <n>', 'categories in the race', intIn('--competitions', 1, COMPETITION_TEMPLATES.length), 2)
    .option('--runners <n>', 'runners per category', intIn('--runners', 1, 5000), 30)
    .option('--window <n>', 'rows per document', intIn('--window', 1, 1000), 6)
    .option('--plain', "only the real sender's row keys (Rang, Startnummer, Laufzeit, Rückstand): no names or clubs")
    .option('--timeout <ms>', 'how long to wait for a reply', intIn('--timeout', 1, 600_000), 10_000)
    .action(async (file: string | undefined, flags: SendJsonFlags) => {
      const url = checkUrl(flags.to);
      if (file !== undefined && flags.race) throw new CliError('give either a FILE or --race, not both');
      let text = SAMPLE_SENDER_DOCUMENT;
      if (file !== undefined) {
        await assertReadableFile(file);
        text = await readFile(file, 'utf8');
      }
      const token = flags.token ?? (process.env.RACEWIRE_TOKEN || null);
      const conn = await connectIngest(url, token, flags.timeout);
      try {
        if (flags.race) await sendRace(conn, flags);
        else await sendOne(conn, text, flags.timeout);
      } finally {
        await conn.close();
      }
    });
}
