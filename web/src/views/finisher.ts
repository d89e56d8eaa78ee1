// view=finisher: a lower third for each new finisher, shown for `hold` seconds, one after the
// other; when several arrive together they queue (and each is shown a little shorter, so the
// graphic does not fall minutes behind the finish line).
import type { ResultsView } from '../../../src/results/results-view.js';
import type { Finisher } from '../../../src/results/types.js';
import { el, setText } from '../dom.js';
import { competitionLabel, splitName, standingsOf } from '../standings.js';
import type { OverlayView, ViewContext } from './view.js';

/** Time the slide-out takes before the next one comes in (matches the CSS transition). */
const SWAP_MS = 450;

export class FinisherView implements OverlayView {
  readonly root = el('section', 'graphic lower-third-stage');
  private readonly card = el('div', 'lower-third');
  private readonly bib = el('span', 'lt-bib');
  private readonly family = el('span', 'family');
  private readonly given = el('span', 'given');
  private readonly details = el('span', 'lt-details');
  private readonly time = el('span', 'lt-time');
  private readonly rank = el('span', 'lt-rank');
  private readonly agRank = el('span', 'lt-agrank');
  private readonly queue: Finisher[] = [];
  private results: ResultsView | null = null;
  private showing = false;
  /** Finishers shown so far (tests and the console read it). */
  readonly shownLog: (Finisher & { text: string })[] = [];

  constructor(private readonly ctx: ViewContext) {
    const name = el('span', 'lt-name');
    name.append(this.family, ' ', this.given);
    const main = el('div', 'lt-main');
    main.append(this.bib, name, this.details);
    const side = el('div', 'lt-side');
    side.append(this.time, this.rank, this.agRank);
    this.card.append(main, side);
    this.card.setAttribute('role', 'status');
    this.card.setAttribute('aria-live', 'polite');
    this.root.append(this.card);
  }

  render(results: ResultsView, news: readonly Finisher[]): void {
    this.results = results;
    const { comp, ageGroup } = this.ctx.params;
    for (const f of news) {
      if (comp !== null && f.competition !== comp) continue;
      if (ageGroup !== null && results.row(f.competition, f.bib)?.ageGroup !== ageGroup) continue;
      this.queue.push(f);
    }
    if (!this.showing) this.next();
  }

  private next(): void {
    const f = this.queue.shift();
    if (!f || !this.results) {
      this.showing = false;
      return;
    }
    this.showing = true;
    this.fill(this.results, f);
    if (this.shownLog.length < 1000) this.shownLog.push({ ...f, text: this.card.textContent ?? '' });
    this.card.classList.add('in');
    const { hold } = this.ctx.params;
    // A queue means several finished together: shorten each, but keep them readable.
    const seconds = this.queue.length === 0 ? hold : Math.max(Math.min(2, hold), hold / Math.min(3, 1 + this.queue.length / 2));
    setTimeout(() => {
      this.card.classList.remove('in');
      setTimeout(() => this.next(), SWAP_MS);
    }, seconds * 1000);
  }

  private fill(results: ResultsView, f: Finisher): void {
    const { t } = this.ctx;
    const comp = results.competition(f.competition);
    const standing = comp ? standingsOf(comp).find((s) => s.row.bib === f.bib) : undefined;
    const row = standing?.row;
    const { family, given } = splitName(row?.name ?? null);
    setText(this.bib, String(f.bib));
    setText(this.family, family || `${t.bib} ${f.bib}`);
    setText(this.given, given);
    const details = [row?.club, row?.ageGroup, this.ctx.params.comp === null ? competitionLabel(results, f.competition, t) : null].filter(Boolean);
    setText(this.details, details.join(' · '));
    setText(this.time, row?.time ?? row?.status ?? '');
    setText(this.rank, row?.rank != null ? `${t.rank} ${row.rank}` : '');
    setText(this.agRank, standing?.ageGroupRank != null && row?.ageGroup ? `${row.ageGroup}: ${standing.ageGroupRank}.` : '');
    this.card.dataset.bib = String(f.bib);
  }
}
