// `npm start` = `racewire demo`: a simulated race on loopback, captured live (root, as in CI) and
// served with the overlay. Checked end to end: the ready line, results filling up over HTTP, the
// overlay page, and a clean stop on SIGTERM sent the moment the ready line appears.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cliPath } from '../support/run-cli.js';
import { eventually } from '../server/support/eventually.js';

function startDemo(args: string[]) {
  const child = spawn(process.execPath, [cliPath, 'demo', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

describe('racewire demo', () => {
  it('serves a live simulated race: results fill up, the overlay loads, SIGTERM stops it cleanly', async () => {
    const demo = startDemo(['--port', '0', '--speed', 'max', '--runners', '20', '--fanout-threads', '2']);
    try {
      await eventually(() => expect(demo.stdout()).toMatch(/racewire demo: open http:\/\/\S+:\d+ /), 30_000);
      const url = /open (http:\/\/\S+:\d+) /.exec(demo.stdout())![1]!;
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
    expect(await demo.exited).toBe(0);
    expect(demo.stderr()).not.toMatch(/\n\s+at /);
  }, 90_000);

  it('a SIGTERM the moment the ready line is out still stops it cleanly', async () => {
    const demo = startDemo(['--port', '0', '--no-capture', '--fanout-threads', '1']);
    demo.child.stdout.on('data', () => {
      if (/racewire demo: open /.test(demo.stdout()) && demo.child.exitCode === null) demo.child.kill('SIGTERM');
    });
    expect(await demo.exited).toBe(0);
  }, 60_000);
});
