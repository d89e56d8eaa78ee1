#!/usr/bin/env node
// The racewire command line: one subcommand per file under ./commands, listed in ./commands/index.ts.
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { reportFatal } from './fatal.js';
import { packageVersion } from './version.js';

const program = new Command('racewire')
  .description('Live race results from Winlaufen -> Sprecher-PC traffic')
  .version(packageVersion())
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

for (const make of commands) program.addCommand(make());

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // --help and --version arrive here too, with exit code 0.
    process.exitCode = err.exitCode;
  } else {
    process.exitCode = reportFatal(err);
  }
}
