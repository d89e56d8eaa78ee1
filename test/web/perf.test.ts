// Measurements in chromium (reported, never asserted): time from a delta's arrival in the page to
// the painted update, frame rate while 50 leaderboard rows reorder, and the results view with
// 5,000 rows (first paint, an update that re-ranks every row, scrolling). The functional parts
// (order after the reorder, scroll position kept) are asserted. Numbers go to stdout and to
// $RACEWIRE_SCREENSHOTS/perf.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { IngestClient } from './support/ingest-client.js';
import { ensureServerBuilt, startRacewire, type RacewireServer } from './support/racewire-server.js';
import { syntheticRows } from './support/synthetic-race.js';
import { buildWeb } from './support/web-build.js';

const OUT = process.env.RACEWIRE_SCREENSHOTS ?? join(tmpdir(), 'racewire-web-screenshots');
let dir: string;
let server: RacewireServer;
let browser: TestBrowser;
let ingest: IngestClient;
const numbers: Record<string, unknown> = {};

interface Sample {
  kind: string;
  toPaintMs: number;
  renderMs: number;
}

const samples = (page: Page): Promise<Sample[]> => page.evaluate(() => (globalThis as any).racewire.perf.samples as Sample[]);

function summary(values: number[]): { n: number; p50: number; p95: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number): number => Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]! * 10) / 10;
  return { n: s.length, p50: at(0.5), p95: at(0.95), max: at(1) };
}

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out; last ${JSON.stringify(v).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  ensureServerBuilt();
  dir = mkdtempSync(join(tmpdir(), 'racewire-web-perf-'));
  mkdirSync(OUT, { recursive: true });
  buildWeb(join(dir, 'web'));
  server = await startRacewire({ db: join(dir, 'results.db'), web: join(dir, 'web') });
  browser = await launchBrowser();
  ingest = await IngestClient.open(server.port, 'perf');
});

afterAll(async () => {
  ingest?.close();
  await browser?.close();
  await server?.stop();
  writeFileSync(join(OUT, 'perf.json'), JSON.stringify(numbers, null, 2));
  console.log(`web measurements (chromium ${browser ? '' : ''}headless, this machine):\n${JSON.stringify(numbers, null, 2)}`);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('overlay measurements', () => {
  it('leaderboard: delta-to-paint, and frame rate while 50 rows reorder', async () => {
    const rows = syntheticRows(50);
    await ingest.snapshot([{ id: 'P', name: 'Perf 50', rows }]);
    const page = await browser.newPage(1920, 1080);
    await page.goto(`${server.url}/?view=leaderboard&comp=P&rows=50&scale=0.35`);
    await until(() => page.$$eval('.lb-row', (e) => e.length), (n) => n === 50);

    // Single-row updates (a corrected time moving one runner up a few places), 150 ms apart.
    let order = rows.map((r) => r.bib);
    for (let i = 0; i < 20; i++) {
      const from = 10 + ((i * 7) % 35);
      const to = from - 3;
      const moved = order.splice(from, 1)[0]!;
      order.splice(to, 0, moved);
      await ingest.delta([{ id: 'P', rows: order.slice(to, from + 1).map((bib, k) => ({ bib, rank: to + k + 1 })) }]);
      await page.waitForTimeout(150);
    }
    const single = (await samples(page)).filter((s) => s.kind === 'delta');
    numbers.leaderboardDeltaToPaintMs = summary(single.map((s) => s.toPaintMs));
    numbers.leaderboardRenderMs = summary(single.map((s) => s.renderMs));

    // All 50 reverse their order at once, three times; frames counted while the rows glide.
    const fps: unknown[] = [];
    for (let round = 0; round < 3; round++) {
      order = [...order].reverse();
      await page.evaluate(() => (globalThis as any).racewire.perf.startFrameMeter());
      await ingest.delta([{ id: 'P', rows: order.map((bib, k) => ({ bib, rank: k + 1 })) }]);
      await page.waitForTimeout(900);
      fps.push(await page.evaluate(() => (globalThis as any).racewire.perf.stopFrameMeter()));
      const shown = await page.$$eval('.lb-row', (els) => els.map((e) => Number((e as unknown as { dataset: Record<string, string> }).dataset.bib)));
      expect(shown).toEqual(order);
    }
    numbers.reorder50 = fps;
    const all = (await samples(page)).filter((s) => s.kind === 'delta');
    numbers.reorder50DeltaToPaintMs = all.slice(-3).map((s) => Math.round(s.toPaintMs * 10) / 10);
    await page.close();
  });

  it('results view with 5,000 rows: first paint, a re-ranking update, scroll position kept', async () => {
    const rows = syntheticRows(5000, 10_000);
    await ingest.snapshot([{ id: 'M', name: 'Marathon 5000', rows }]);
    const page = await browser.newPage(390, 844);
    const t0 = Date.now();
    await page.goto(`${server.url}/?view=results&comp=M`);
    await until(() => page.evaluate(() => (globalThis as any).document.querySelector('caption')?.textContent as string), (c) => /5000/.test(c ?? ''), 30_000);
    numbers.results5000 = { loadToRowsMs: Date.now() - t0, firstPaint: (await samples(page)).find((s) => s.kind === 'snapshot') };

    // Scroll to the middle, then a new winner arrives: every row's rank changes.
    await page.evaluate(() => (globalThis as any).scrollTo(0, 60_000));
    await page.waitForTimeout(200);
    const anchorBefore = await page.evaluate(() => {
      const d = (globalThis as any).document;
      const tr = d.elementFromPoint(20, d.querySelector('thead th').getBoundingClientRect().bottom + 4).closest('tr');
      return { key: tr.dataset.key as string, top: tr.getBoundingClientRect().top as number };
    });
    await ingest.delta([{ id: 'M', rows: [{ ...rows[0]!, bib: 9999, rank: 1, name: 'NEU Nina', time: '1:59:59.0', gap: '0:00:00.0' }, ...rows.map((r) => ({ bib: r.bib, rank: r.rank! + 1 }))] }]);
    await until(() => page.evaluate(() => (globalThis as any).document.querySelector('caption')?.textContent as string), (c) => /5001/.test(c ?? ''));
    await page.waitForTimeout(200);
    const anchorAfter = await page.evaluate((key) => {
      const d = (globalThis as any).document;
      const tr = [...d.querySelectorAll('tr[data-key]')].find((t: any) => t.dataset.key === key);
      return { top: tr.getBoundingClientRect().top as number };
    }, anchorBefore.key);
    // The row the reader was looking at did not move on screen (a row was added above it).
    expect(Math.abs(anchorAfter.top - anchorBefore.top)).toBeLessThan(2);
    const upd = (await samples(page)).filter((s) => s.kind === 'delta');
    numbers.results5000Rerank = upd.map((s) => ({ toPaintMs: Math.round(s.toPaintMs), renderMs: Math.round(s.renderMs) }));

    // Smoothness while scrolling 5,000 rows.
    await page.evaluate(() => (globalThis as any).racewire.perf.startFrameMeter());
    for (let i = 0; i < 20; i++) {
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(30);
    }
    numbers.results5000Scroll = await page.evaluate(() => (globalThis as any).racewire.perf.stopFrameMeter());
    await page.screenshot({ path: join(OUT, 'results-5000-scrolled-phone.png') });

    // Search: typing a name filters 5,000 rows.
    const before = (await samples(page)).length;
    await page.fill('input[type=search]', 'rätz');
    await until(() => page.evaluate(() => (globalThis as any).document.querySelector('caption')?.textContent as string), (c) => /\d+ von 5001/.test(c ?? ''));
    const s = (await samples(page)).slice(before);
    numbers.results5000SearchRenderMs = s.map((x) => Math.round(x.renderMs));
    await page.close();
  });
});
