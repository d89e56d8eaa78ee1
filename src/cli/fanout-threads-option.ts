// `--fanout-threads N` of serve, capture and demo: how many threads send to live viewers. The
// default comes from $RACEWIRE_FANOUT_THREADS (so a whole test run or a systemd unit can pin it),
// else from the cores this process may use.
import { InvalidArgumentError } from 'commander';
import { defaultFanoutThreads, MAX_FANOUT_THREADS } from '../server/index.js';
import { CliError } from './fatal.js';

function threadCount(value: string, what: string): number {
  const n = Number(value);
  if (!/^\d{1,2}$/.test(value) || n < 1 || n > MAX_FANOUT_THREADS) throw new InvalidArgumentError(`${what} must be an integer 1..${MAX_FANOUT_THREADS}`);
  return n;
}

export function defaultFanoutThreadsFromEnv(): number {
  const env = process.env.RACEWIRE_FANOUT_THREADS;
  if (env === undefined || env === '') return defaultFanoutThreads();
  try {
    return threadCount(env, '$RACEWIRE_FANOUT_THREADS');
  } catch (e) {
    // Thrown in an action, where commander's own argument errors would go unreported.
    throw new CliError((e as Error).message);
  }
}

export const FANOUT_THREADS_FLAG = '--fanout-threads <n>';

export function fanoutThreadsHelp(): string {
  return `threads sending to live viewers (1 = one app; more share the port with SO_REUSEPORT); default $RACEWIRE_FANOUT_THREADS, else the cores available (${defaultFanoutThreads()} here)`;
}

export function parseFanoutThreads(value: string): number {
  return threadCount(value, '--fanout-threads');
}
