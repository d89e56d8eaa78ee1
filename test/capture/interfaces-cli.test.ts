// `racewire interfaces` (built CLI) lists what libpcap can capture on, with addresses.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

describe('racewire interfaces', () => {
  it('prints JSON with the loopback interface and its addresses', async () => {
    const r = await runCli(['interfaces', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as Array<{ name: string; addresses: string[]; loopback: boolean }>;
    const lo = list.find((i) => i.name === 'lo');
    expect(lo).toMatchObject({ loopback: true });
    expect(lo!.addresses).toContain('127.0.0.1');
  });

  it('prints a table by default', async () => {
    const r = await runCli(['interfaces']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^NAME\s+ADDRESSES\s+NOTE$/);
    expect(r.stdout).toMatch(/^lo\s+127\.0\.0\.1.*loopback$/m);
  });
});
