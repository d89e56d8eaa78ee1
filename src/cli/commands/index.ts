// Every subcommand of `racewire`, in the order `racewire --help` lists them.
// Each module exports a factory returning a commander Command with its own --help.
import type { Command } from 'commander';

export const commands: Array<() => Command> = [];
