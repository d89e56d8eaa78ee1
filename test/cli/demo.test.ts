// `npm start` = `racewire demo`: a simulated race on loopback, captured live (root, as in CI) and
// served with the overlay. Checked end to end: the ready line, results filling up over HTTP, the
// overlay page, and a clean stop on SIGTERM sent the moment the ready line appears.
import { describe, expect, it } from 'vitest';
import { startCliProcess } from '../support/cli-process.js';
import { eventually } from '../server/support/eventually.js';

const READY = /racewire demo: open (http:\/\/\S+:\d+) /;

describe('racewire demo', () => {
  it('serves a live simulated race: results fill up, the overlay loads, SIGTERM stops it cleanly', async () => {
    const demo = await startCliProcess(['demo', '--port', '0', '--speed', 'max', '--runners', '20', '--fanout-threads', '2'], READY, {}, 30_000);
    try {
      const url = demo.ready[1]!;
      expect(demo.stdout()).toMatch(/capturing the simulated Winlaufen connection on lo|simulated stream fed in directly/);
      await eventually(async () => {
        const results = (await (await fetch(`${url}/api/results`)).json()) as { competitions: Array<{ rows: unknown[] }> };
        expect(results.competitions.reduce((n, c) => n + c.rows.length, 0)).toBeGreaterThan(10);
      }, 30_000);
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<html/i);
    } finally {
      demo.child.kill('SIGTERM');
    }
    expect((await demo.exited).code).toBe(0);
    expect(demo.stderr()).not.toMatch(/\n\s+at /);
  }, 90_000);

  it('a SIGTERM the moment the ready line is out still stops it cleanly', async () => {
    // startCliProcess resolves in the same turn as the ready line arrives: the signal follows at once.
    const demo = await startCliProcess(['demo', '--port', '0', '--no-capture', '--fanout-threads', '1'], READY, {}, 30_000);
    demo.child.kill('SIGTERM');
    const { code, signal } = await demo.exited;
    expect(code, `killed by ${signal}; stderr: ${demo.stderr()}`).toBe(0);
  }, 60_000);
});
