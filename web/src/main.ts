// The overlay app: read the URL, build the chosen view, connect to /live, and render at most once
// per animation frame however many messages arrive. `window.racewire` exposes state and
// measurements for the browser tests and for curious people at the console.
import type { ResultsView } from '../../src/results/results-view.js';
import type { Finisher } from '../../src/results/types.js';
import { labelsFor } from './i18n.js';
import { LiveConnection, type ConnectionStatus, type DataEvent } from './live-connection.js';
import { parseParams } from './params.js';
import { PerfLog } from './perf.js';
import { rowKey } from './standings.js';
import { StatusView } from './status-view.js';
import { FinisherView } from './views/finisher.js';
import { LeaderboardView } from './views/leaderboard.js';
import { ResultsTableView } from './views/results.js';
import { SpeakerView } from './views/speaker.js';
import type { OverlayView, ViewContext } from './views/view.js';

const params = parseParams(location.search, location);
const t = labelsFor(params.lang);
const ctx: ViewContext = { params, t };
const root = document.documentElement;
root.lang = params.lang;
root.dataset.theme = params.theme;
root.dataset.view = params.view;
root.style.setProperty('--scale', String(params.scale));
document.title = `racewire · ${params.view === 'results' ? t.results : params.view}`;

let scheduled = false;
let results: ResultsView | null = null;
let pending: { kind: DataEvent['kind']; arrivedAt: number } | null = null;
const news: Finisher[] = [];
/** Finishers already announced, so a snapshot after a reconnect does not replay them. */
const seen = new Set<string>();
let firstSnapshot = true;

function scheduleRender(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(renderFrame);
}

function createView(): OverlayView {
  switch (params.view) {
    case 'leaderboard':
      return new LeaderboardView(ctx);
    case 'finisher':
      return new FinisherView(ctx);
    case 'speaker':
      return new SpeakerView(ctx);
    case 'results': {
      const v = new ResultsTableView(ctx, scheduleRender);
      v.setQuery(new URLSearchParams(location.search).get('q') ?? '');
      return v;
    }
  }
}

const view = createView();
const perf = new PerfLog();
const status = new StatusView(t, params.lang === 'en' ? 'en-GB' : 'de-DE');
let lastStatus: ConnectionStatus = { phase: 'connecting', attempts: 0, lastDataAt: null, problem: null };
// Until the first snapshot only the waiting message shows (no half-empty graphic on air).
view.root.hidden = true;
document.body.append(view.root, status.splash, status.badge);

function renderFrame(): void {
  scheduled = false;
  if (!results) return;
  view.root.hidden = false;
  const start = performance.now();
  view.render(results, news.splice(0));
  const end = performance.now();
  // Renders without new data (search, filters) are measured from the frame's start.
  perf.record(pending?.kind ?? 'local', pending?.arrivedAt ?? start, start, end);
  pending = null;
  renderCount++;
}
let renderCount = 0;

function onData(e: DataEvent): void {
  results = e.view;
  // Measure from the oldest message not yet shown.
  pending ??= { kind: e.kind, arrivedAt: e.arrivedAt };
  for (const f of e.finishers) {
    const key = rowKey(f.competition, f.bib);
    if (seen.has(key)) continue;
    seen.add(key);
    // The first snapshot is history: only finishers from then on are announced.
    if (!(e.kind === 'snapshot' && firstSnapshot)) news.push(f);
  }
  if (e.kind === 'snapshot') firstSnapshot = false;
  status.update(lastStatus, true);
  scheduleRender();
}

const connection = new LiveConnection({
  url: params.server,
  competition: params.view === 'results' ? null : params.comp,
  encoding: params.encoding,
  onData,
  onStatus: (s) => {
    lastStatus = s;
    status.update(s, results !== null);
  },
});
status.update(lastStatus, false);
connection.start();

// Test and console hooks.
Object.assign(window, {
  racewire: {
    params,
    connection,
    perf,
    view,
    status: () => ({ ...lastStatus, renders: renderCount, ...connection.stats, epoch: results?.epoch ?? null, seq: results?.seq ?? null }),
  },
});
