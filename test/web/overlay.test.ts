// The overlay in a real browser (Debian's chromium) against the real `racewire serve`, fed through
// WS /ingest: a JDK-written race replayed as a snapshot and then finisher by finisher, rank changes,
// a crash of the server and the resume afterwards. Screenshots of every view at 1920x1080 and at
// phone size go to $RACEWIRE_SCREENSHOTS (default: <tmp>/racewire-web-screenshots).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Competition, Row } from '../../src/results/types.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { IngestClient } from './support/ingest-client.js';
import { fixtureRace, finishOrder } from './support/race-fixture.js';
import { ensureServerBuilt, startRacewire, type RacewireServer } from './support/racewire-server.js';
import { TcpRelay } from './support/tcp-relay.js';
import { buildWeb } from './support/web-build.js';

const SHOTS = process.env.RACEWIRE_SCREENSHOTS ?? join(tmpdir(), 'racewire-web-screenshots');
const TV = { width: 1920, height: 1080 };
const PHONE = { width: 390, height: 844 };

let dir: string;
let server: RacewireServer;
let browser: TestBrowser;
let ingest: IngestClient;
let relay: TcpRelay;
const race = fixtureRace();
const c18 = race.find((c) => c.id === '18')!;
const c19 = race.find((c) => c.id === '19')!;
const SNAPSHOT_ROWS = 30;

/** Text of the elements matching `selector`, whitespace collapsed. */
function texts(page: Page, selector: string): Promise<string[]> {
  // innerText: what is rendered (hidden columns left out, cells separated by whitespace).
  return page.$$eval(selector, (els) => els.map((e) => ((e as unknown as { innerText: string }).innerText ?? '').replace(/\s+/g, ' ').trim()));
}

async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await probe();
  }
  return last;
}

async function open(query: string, size = TV): Promise<Page> {
  const page = await browser.newPage(size.width, size.height);
  await page.goto(`http://127.0.0.1:${relay.port}/?${query}`);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), omitBackground: true });
}

/** Rows of a competition as they should show after `n` finishers. */
function leaderboardLines(c: Competition, n: number): string[] {
  return finishOrder(c)
    .slice(0, n)
    .map((r) => `${r.rank} ${r.name}`);
}

function patchFor(c: Competition, rows: Row[]): Competition {
  return { id: c.id, name: c.name, rows };
}

beforeAll(async () => {
  ensureServerBuilt();
  dir = mkdtempSync(join(tmpdir(), 'racewire-web-'));
  mkdirSync(SHOTS, { recursive: true });
  buildWeb(join(dir, 'web'));
  server = await startRacewire({ db: join(dir, 'results.db'), web: join(dir, 'web') });
  relay = await TcpRelay.start(server.port);
  browser = await launchBrowser();
});

afterAll(async () => {
  ingest?.close();
  await browser?.close();
  await server?.stop();
  await relay?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('overlay views on a replayed race', () => {
  const pages: Record<string, Page> = {};

  it('shows a waiting state in words before any result arrives (never a blank page)', async () => {
    pages.results = await open('view=results');
    await until('the waiting message', () => texts(pages.results!, '.splash-text, .rs-empty td'), (t) => t.some((s) => /Warte auf Ergebnisse|Verbindung/.test(s)));
    pages.leaderboard = await open('view=leaderboard&comp=18&rows=10');
    await until('leaderboard waiting', () => texts(pages.leaderboard!, '.lb-empty, .splash-text'), (t) => t.some((s) => /Warte|Verbindung/.test(s)));
    await shot(pages.leaderboard, 'leaderboard-waiting-1920');
  });

  it('the snapshot appears in every view with the right names, ranks and times', async () => {
    ingest = await IngestClient.open(server.port);
    await ingest.snapshot(race.map((c) => patchFor(c, finishOrder(c).slice(0, SNAPSHOT_ROWS))));
    pages.finisher = await open('view=finisher&hold=1');
    pages.speaker = await open('view=speaker&rows=6&encoding=json');
    pages.leaderboardAg = await open('view=leaderboard&comp=19&ageGroup=M40&rows=5&theme=dark&lang=en');

    const lb = await until('leaderboard rows', () => texts(pages.leaderboard!, '.lb-row'), (t) => t.length === 10);
    const want = finishOrder(c18).slice(0, 10);
    for (const [i, line] of lb.entries()) {
      expect(line).toContain(`${want[i]!.rank}`);
      expect(line).toContain(want[i]!.name!.split(' ')[0]);
      expect(line).toContain(want[i]!.time!);
    }
    const names = await texts(pages.leaderboard!, '.lb-row .lb-name');
    expect(names).toEqual(want.map((r) => r.name));

    // The results table lists both competitions (all rows of the snapshot), rank, bib, name, time.
    // The table renders only the rows near the screen; the caption counts them all.
    await until('results caption', () => texts(pages.results!, 'caption'), (t) => t[0]?.includes(`${2 * SNAPSHOT_ROWS} Teilnehmende`) ?? false);
    const rows = await texts(pages.results!, 'tbody tr[data-key]');
    const first = finishOrder(c18)[0]!;
    expect(rows[0]).toContain(`${first.rank}. ${first.bib} ${first.name} ${first.club}`);
    expect(rows[0]).toContain(first.time!);

    // Age-group leaderboard: places within M40, computed in the browser.
    const m40 = finishOrder(c19).slice(0, SNAPSHOT_ROWS).filter((r) => r.ageGroup === 'M40').slice(0, 5);
    const agRows = await until('age-group rows', () => texts(pages.leaderboardAg!, '.lb-row .lb-name'), (t) => t.length === m40.length);
    expect(agRows).toEqual(m40.map((r) => r.name));
    expect(await texts(pages.leaderboardAg!, '.lb-row .lb-rank')).toEqual(m40.map((_, i) => String(i + 1)));

    // Speaker: nothing finished since it connected is history; the waiting text is in words.
    expect((await texts(pages.speaker!, '.sp-card')).length).toBeGreaterThan(0);
  });

  it('new finishers arrive as deltas: leaderboard, results, speaker (newest on top) and the lower third', async () => {
    const next18 = finishOrder(c18).slice(SNAPSHOT_ROWS, SNAPSHOT_ROWS + 3);
    const next19 = finishOrder(c19).slice(SNAPSHOT_ROWS, SNAPSHOT_ROWS + 2);
    for (const r of next18) await ingest.delta([{ id: '18', rows: [r] }]);
    for (const r of next19) await ingest.delta([{ id: '19', rows: [r] }]);

    const arrivals = [...next18.map((r) => ['18', r] as const), ...next19.map((r) => ['19', r] as const)];
    const speaker = await until('speaker cards', () => texts(pages.speaker!, '.sp-card .sp-name'), (t) => t[0] === next19[1]!.name);
    expect(speaker.slice(0, 5)).toEqual(arrivals.map(([, r]) => r.name).reverse());
    const top = await texts(pages.speaker!, '.sp-card.newest');
    const newest = next19[1]!;
    expect(top[0]).toContain(newest.time!);
    expect(top[0]).toContain(String(newest.year));
    if (newest.nation) expect(top[0]).toContain(newest.nation);
    await shot(pages.speaker!, 'speaker-1920');

    // The lower third shows each new finisher in turn (queued), with rank and age-group place.
    await until('a lower third', () => texts(pages.finisher!, '.lower-third.in'), (t) => t.length === 1);
    await pages.finisher!.waitForTimeout(500);
    await shot(pages.finisher!, 'finisher-1920');
    const log = await until(
      'all five shown',
      () => pages.finisher!.evaluate(() => (globalThis as any).racewire.view.shownLog as { bib: number; text: string }[]),
      (l) => l.length === 5,
      20_000,
    );
    expect(log.map((f) => f.bib)).toEqual(arrivals.map(([, r]) => r.bib));
    for (const [i, [id, r]] of arrivals.entries()) {
      const comp = id === '18' ? c18 : c19;
      const agPlace = finishOrder(comp).filter((x) => x.ageGroup === r.ageGroup).indexOf(r) + 1;
      expect(log[i]!.text).toContain(r.name!.split(' ')[0]);
      expect(log[i]!.text).toContain(r.time!);
      expect(log[i]!.text).toContain(`Platz ${r.rank}`);
      expect(log[i]!.text).toContain(`${r.ageGroup}: ${agPlace}.`);
      expect(log[i]!.text).toContain(r.club!);
    }

    await until('results grew', () => texts(pages.results!, 'caption'), (t) => t[0]?.includes(`${2 * SNAPSHOT_ROWS + 5} Teilnehmende`) ?? false);
    const results = await texts(pages.results!, 'tr[data-key^="18/"]');
    expect(results[SNAPSHOT_ROWS]).toContain(`${next18[0]!.rank}. ${next18[0]!.bib} ${next18[0]!.name}`);
    await shot(pages.results!, 'results-1920');
    await shot(pages.leaderboard!, 'leaderboard-1920');
    await shot(pages.leaderboardAg!, 'leaderboard-agegroup-dark-en-1920');
  });

  it('a rank change animates into the right order', async () => {
    // A corrected time moves 3rd ahead of 2nd.
    const [, second, third] = finishOrder(c18);
    const before = await texts(pages.leaderboard!, '.lb-row .lb-name');
    expect(before.slice(1, 3)).toEqual([second!.name, third!.name]);
    await ingest.delta([
      {
        id: '18',
        rows: [
          { bib: third!.bib, rank: 2, time: second!.time, gap: second!.gap },
          { bib: second!.bib, rank: 3, time: third!.time, gap: third!.gap },
        ],
      },
    ]);
    // While it moves, the row elements run transform animations (FLIP); then they settle.
    const moving = await until(
      'a running animation',
      () => pages.leaderboard!.$$eval('.lb-row', (els) => els.filter((e) => (e as any).getAnimations().some((a: { playState: string }) => a.playState === 'running')).length),
      (n) => n >= 2,
    );
    expect(moving).toBeGreaterThanOrEqual(2);
    const after = await until('new order', () => texts(pages.leaderboard!, '.lb-row .lb-name'), (t) => t[1] === third!.name);
    expect(after.slice(1, 3)).toEqual([third!.name, second!.name]);
    expect(await texts(pages.leaderboard!, '.lb-row .lb-rank')).toEqual(leaderboardLines(c18, 10).map((l) => l.split(' ')[0]));
    const rows = await until('results order', () => texts(pages.results!, 'tr[data-key^="18/"] .c-name'), (t) => t[1]?.startsWith(third!.name!) ?? false);
    expect(rows[2]).toContain(second!.name!);
  });

  it('a dropped connection shows stale, then resumes by epoch and seq', async () => {
    const page = pages.leaderboard!;
    const statusOf = (p: Page): Promise<Record<string, any>> => p.evaluate(() => (globalThis as any).racewire.status());
    const statusBefore = await statusOf(page);
    const before = new Map<string, Record<string, any>>();
    for (const [name, p] of Object.entries(pages)) before.set(name, await statusOf(p));
    ingest.close();
    await server.kill();
    await until('stale badge', () => texts(page, '.badge:not([hidden])'), (t) => t.length === 1 && t[0]!.includes('Verbindung unterbrochen'));
    await shot(page, 'leaderboard-stale-1920');
    server = await startRacewire({ db: join(dir, 'results.db'), web: join(dir, 'web') });
    relay.retarget(server.port);
    ingest = await IngestClient.open(server.port, 'web-replay', statusBefore.seq === null ? 0 : ingest.lastSeq);
    // A finisher who moves into the top 10 while the page reconnects.
    const fast = { ...finishOrder(c18)[SNAPSHOT_ROWS + 5]!, rank: 4, time: '2:12:20.0', gap: '0:02:23.1' };
    const shifted = finishOrder(c18)
      .slice(3, SNAPSHOT_ROWS + 3)
      .map((r) => ({ bib: r.bib, rank: r.rank! + 1 }));
    await ingest.delta([{ id: '18', rows: [fast, ...shifted] }]);
    const names = await until('recovered', () => texts(page, '.lb-row .lb-name'), (t) => t[3] === fast.name, 20_000);
    expect(names[3]).toBe(fast.name);
    await until('badge gone', () => texts(page, '.badge:not([hidden])'), (t) => t.length === 0);
    const status = await page.evaluate(() => (globalThis as any).racewire.status());
    expect(status.phase).toBe('live');
    expect(status.epoch).toBe(statusBefore.epoch);
    expect(status.resumes).toBeGreaterThanOrEqual(1);
    // Resumed with the missed deltas, not a fresh snapshot.
    expect(status.snapshots).toBe(statusBefore.snapshots);

    // Every other view (all were connected through the same relay) recovered the same way.
    for (const [name, p] of Object.entries(pages)) {
      const s = await until(`${name} live again`, () => statusOf(p), (x) => x.phase === 'live', 20_000);
      expect(s.epoch, name).toBe(before.get(name)!.epoch);
      expect(s.resumes, name).toBeGreaterThanOrEqual(1);
      expect(s.snapshots, name).toBe(before.get(name)!.snapshots);
    }
    const top = await until('speaker shows the new finisher', () => texts(pages.speaker!, '.sp-card.newest'), (t) => t[0]?.includes(fast.name!) ?? false);
    expect(top[0]).toMatch(/^4\./);
    const row = await until('results row of the new finisher', () => texts(pages.results!, `tr[data-key="18/${fast.bib}"]`), (t) => t[0]?.startsWith('4.') ?? false);
    expect(row[0]).toContain(`4. ${fast.bib} ${fast.name}`);
    const shown = await until(
      'lower third for the new finisher',
      () => pages.finisher!.evaluate(() => (globalThis as any).racewire.view.shownLog as { bib: number; text: string }[]),
      (l) => l.at(-1)?.bib === fast.bib,
    );
    expect(shown.at(-1)!.text).toContain('Platz 4');
  });

  it('phone-size screenshots of every view', async () => {
    for (const [name, query] of [
      ['results', 'view=results&comp=18'],
      ['results-search', 'view=results&q=m%C3%BCller'],
      ['speaker', 'view=speaker&rows=4'],
      ['leaderboard', 'view=leaderboard&comp=18&rows=8&theme=dark'],
    ] as const) {
      const page = await open(query, PHONE);
      await until(`${name} rendered`, () => page.evaluate(() => (globalThis as any).racewire.status().renders as number), (n) => n > 0);
      await page.waitForTimeout(900);
      await shot(page, `${name}-phone`);
      await page.close();
    }
    expect(browser.errors).toEqual([]);
  });
});
