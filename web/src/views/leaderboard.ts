// view=leaderboard: the top N of a competition (or of one age group) as a TV graphic. Rows keep
// their elements across updates; rank changes glide (FLIP), a new finisher slides in, a changed
// time flashes. The list has a fixed height for N rows: nothing around it ever jumps.
import type { ResultsView } from '../../../src/results/results-view.js';
import { el, setHidden, setText } from '../dom.js';
import { flash, measure, play } from '../flip.js';
import { placeInOrder } from '../keyed-order.js';
import { competitionLabel, gapText, pickCompetition, rowKey, splitName, standingsOf, type Standing } from '../standings.js';
import type { OverlayView, ViewContext } from './view.js';

interface RowEls {
  li: HTMLLIElement;
  rank: HTMLElement;
  family: HTMLElement;
  given: HTMLElement;
  club: HTMLElement;
  ageGroup: HTMLElement;
  time: HTMLElement;
  gap: HTMLElement;
  /** What was rendered, to flash only on real changes. */
  shown: string;
}

export class LeaderboardView implements OverlayView {
  readonly root = el('section', 'graphic leaderboard');
  private readonly title = el('h1', 'lb-title');
  private readonly subtitle = el('span', 'lb-sub');
  private readonly list = el('ol', 'lb-rows');
  private readonly empty = el('p', 'lb-empty');
  private readonly rows = new Map<string, RowEls>();

  constructor(private readonly ctx: ViewContext) {
    const head = el('header', 'lb-head');
    const live = el('span', 'lb-live', ctx.t.live);
    head.append(this.title, this.subtitle, live);
    this.list.style.setProperty('--rows', String(ctx.params.rows));
    this.empty.textContent = ctx.t.waiting;
    this.root.append(head, this.list, this.empty);
    this.root.setAttribute('aria-live', 'polite');
  }

  render(results: ResultsView): void {
    const { params, t } = this.ctx;
    const compId = pickCompetition(results, params.comp);
    const comp = compId === null ? undefined : results.competition(compId);
    setText(this.title, compId === null ? t.results : competitionLabel(results, compId, t));
    setText(this.subtitle, params.ageGroup ?? '');
    setHidden(this.subtitle, params.ageGroup === null);
    const top = comp ? standingsOf(comp, params.ageGroup).filter((s) => s.row.rank !== null).slice(0, params.rows) : [];
    setHidden(this.empty, top.length > 0);
    // The panel grows as the first finishers arrive (at most `rows` high); existing rows never move for it.
    this.list.style.setProperty('--shown', String(top.length));

    const before = measure([...this.rows.values()].map((r) => r.li));
    const wanted: HTMLLIElement[] = [];
    const keep = new Set<string>();
    for (const s of top) {
      const key = rowKey(s.competition, s.row.bib);
      keep.add(key);
      let r = this.rows.get(key);
      const isNew = !r;
      if (!r) {
        r = this.create();
        this.rows.set(key, r);
      }
      const changed = this.fill(r, s);
      if (changed && !isNew) flash(r.li);
      wanted.push(r.li);
    }
    for (const [key, r] of this.rows) {
      if (keep.has(key)) continue;
      r.li.remove();
      this.rows.delete(key);
    }
    placeInOrder(this.list, wanted);
    play(before, wanted);
  }

  private create(): RowEls {
    const li = el('li', 'lb-row');
    const rank = el('span', 'lb-rank');
    const name = el('span', 'lb-name');
    const family = el('span', 'family');
    const given = el('span', 'given');
    name.append(family, ' ', given);
    const club = el('span', 'lb-club');
    const ageGroup = el('span', 'lb-ag');
    const time = el('span', 'lb-time');
    const gap = el('span', 'lb-gap');
    li.append(rank, name, club, ageGroup, time, gap);
    return { li, rank, family, given, club, ageGroup, time, gap, shown: '' };
  }

  /** Writes the row; true when its time changed (a correction worth a flash; not on first fill). */
  private fill(r: RowEls, s: Standing): boolean {
    const { row } = s;
    const place = this.ctx.params.ageGroup !== null ? s.ageGroupRank : row.rank;
    const { family, given } = splitName(row.name);
    const shown = [place, row.name, row.club, row.ageGroup, row.time, row.gap].join('\u0001');
    if (shown === r.shown) return false;
    const first = r.shown === '';
    r.shown = shown;
    const newTime = row.time ?? row.status ?? '';
    const timeChanged = !first && r.time.textContent !== newTime;
    setText(r.rank, place === null ? '' : String(place));
    setText(r.family, family);
    setText(r.given, given);
    setText(r.club, row.club ?? '');
    setText(r.ageGroup, row.ageGroup ?? '');
    setText(r.time, newTime);
    setText(r.gap, place === 1 ? '' : gapText(row.gap));
    r.li.dataset.bib = String(row.bib);
    return timeChanged;
  }
}
