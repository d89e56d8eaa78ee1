// `racewire send-json` (the built CLI) against a real server on 127.0.0.1.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RacewireServer } from '../../src/server/index.js';
import { runCli } from '../support/run-cli.js';
import { httpUrl, startTestServer, tempDir, TOKEN } from './support/test-server.js';

let server: RacewireServer;
const tmp = tempDir('send-json');
const to = () => `ws://127.0.0.1:${server.port}/ingest`;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

async function competitions(): Promise<Array<{ id: string; rows: Array<Record<string, unknown>> }>> {
  return ((await (await fetch(httpUrl(server, '/api/results'))).json()) as { competitions: never }).competitions;
}

describe('racewire send-json', () => {
  it('sends the sample document by default (token in the URL)', async () => {
    const r = await runCli(['send-json', '--to', `${to()}?token=${TOKEN}`], { timeoutMs: 20_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ type: 'ack', kind: 'list-update', deltas: 1 });
    expect((await competitions()).find((c) => c.id === '20230929_0001/categoryId')?.rows).toHaveLength(5);
  });

  it('sends a file unchanged (token from the environment) and fails clearly on an error reply', async () => {
    const good = join(tmp.dir, 'good.json');
    writeFileSync(good, JSON.stringify([{ Rang: '1', Startnummer: '7', Name: 'ÖZ Ali', Laufzeit: '0:20:00.0', 'Rückstand': '0:00:00.0' }]));
    const ok = await runCli(['send-json', good, '--to', to()], { env: { RACEWIRE_TOKEN: TOKEN }, timeoutMs: 20_000 });
    expect(ok.code).toBe(0);
    const bad = join(tmp.dir, 'bad.json');
    writeFileSync(bad, '{"Wettkampf-ID": 1, "Live-Ergebnisse": "none"}');
    const r = await runCli(['send-json', bad, '--to', to(), '--token', TOKEN], { timeoutMs: 20_000 });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ type: 'error', code: 'invalid' });
    expect(r.stderr).toMatch(/racewire: the server did not accept the document: Live-Ergebnisse: must be a list/);
  });

  it('says clearly when the token is wrong or the server is not there', async () => {
    const r = await runCli(['send-json', '--to', to(), '--token', 'wrong'], { timeoutMs: 20_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refused with HTTP 401: wrong token/);
    const gone = await runCli(['send-json', '--to', 'ws://127.0.0.1:1/ingest', '--token', TOKEN], { timeoutMs: 20_000 });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/ECONNREFUSED/);
    expect(gone.stderr).not.toMatch(/\n\s+at /);
  });

  it('plays a made-up race (--race --speed max): every document accepted, every runner in the results', async () => {
    const r = await runCli(['send-json', '--race', '--speed', 'max', '--seed', '7', '--competitions', '2', '--runners', '25', '--to', to(), '--token', TOKEN], { timeoutMs: 40_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { documents: number; acks: number; errors: number; categories: string[] };
    expect(summary.errors).toBe(0);
    expect(summary.acks).toBe(summary.documents);
    const comps = await competitions();
    for (const cat of summary.categories) {
      const rows = comps.find((c) => c.id === `sim-7/${cat}`)?.rows ?? [];
      expect(rows).toHaveLength(25);
      expect(rows.every((row) => typeof row.name === 'string')).toBe(true);
    }
  });
});
