// Every subcommand of `racewire`, in the order `racewire --help` lists them.
// Each module exports a factory returning a commander Command with its own --help.
import type { Command } from 'commander';
import { simulateCommand } from './simulate.js';
import { followCommand } from './follow.js';
import { serveCommand } from './serve.js';
import { sendJsonCommand } from './send-json.js';
import { replayCommand } from './replay.js';
import { captureCommand } from './capture.js';
import { demoCommand } from './demo.js';
import { interfacesCommand } from './interfaces.js';
import { dumpCommand } from './dump.js';

export const commands: Array<() => Command> = [
  simulateCommand,
  followCommand,
  serveCommand,
  sendJsonCommand,
  replayCommand,
  captureCommand,
  demoCommand,
  interfacesCommand,
  dumpCommand,
];
