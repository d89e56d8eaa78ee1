// A fatal error becomes one clear line on stderr, never a stack trace (unless RACEWIRE_DEBUG is set).

/** An error whose message is meant for the user as it is; `exitCode` defaults to 1. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

/** Prints `err` for a person and returns the process exit code to use. */
export function reportFatal(err: unknown): number {
  const debug = Boolean(process.env.RACEWIRE_DEBUG);
  if (err instanceof Error) {
    process.stderr.write(`racewire: ${err.message}\n`);
    if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
    return err instanceof CliError ? err.exitCode : 1;
  }
  process.stderr.write(`racewire: ${String(err)}\n`);
  return 1;
}
