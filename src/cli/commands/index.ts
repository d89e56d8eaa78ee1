// Every subcommand of `racewire`, in the order `racewire --help` lists them: the jobs first
// (venue, relay, demo), then the tools for captures and streams, then the simulators.
// Each module exports a factory returning a commander Command with its own --help.
import type { Command } from 'commander';
import { captureCommand } from './capture.js';
import { serveCommand } from './serve.js';
import { demoCommand } from './demo.js';
import { replayCommand } from './replay.js';
import { followCommand } from './follow.js';
import { dumpCommand } from './dump.js';
import { interfacesCommand } from './interfaces.js';
import { simulateCommand } from './simulate.js';
import { sendJsonCommand } from './send-json.js';

export const commands: Array<() => Command> = [
  captureCommand,
  serveCommand,
  demoCommand,
  replayCommand,
  followCommand,
  dumpCommand,
  interfacesCommand,
  simulateCommand,
  sendJsonCommand,
];
