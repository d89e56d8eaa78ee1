import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.js';
import { runCli } from '../support/run-cli.js';

describe('racewire --help', () => {
  it('lists every subcommand', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: racewire');
    for (const make of commands) expect(r.stdout).toContain(make().name());
  });

  it.each(commands.map((make) => make().name()))('%s has its own --help', async (name) => {
    const r = await runCli([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: racewire ${name}`);
  });

  it('rejects an unknown subcommand with a clear message and no stack trace', async () => {
    const r = await runCli(['no-such-command']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/unknown command/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
