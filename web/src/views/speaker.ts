// view=speaker: the announcer's screen. The latest finishers as large cards, newest on top, with
// everything the start list knows about each (club, age group and place in it, year, nation).
import type { ResultsView } from '../../../src/results/results-view.js';
import { el, setHidden, setText } from '../dom.js';
import { flash, measure, play } from '../flip.js';
import { placeInOrder } from '../keyed-order.js';
import { competitionLabel, gapText, rowKey, splitName, standingsOf, type Standing } from '../standings.js';
import type { OverlayView, ViewContext } from './view.js';

interface Card {
  li: HTMLLIElement;
  fields: Record<'rank' | 'bib' | 'family' | 'given' | 'club' | 'ageGroup' | 'year' | 'nation' | 'time' | 'gap' | 'comp', HTMLElement>;
  shown: string;
}

export class SpeakerView implements OverlayView {
  readonly root = el('main', 'speaker');
  private readonly heading = el('h1', 'sp-title');
  private readonly updated = el('span', 'sp-updated');
  private readonly list = el('ol', 'sp-cards');
  private readonly empty = el('p', 'sp-empty');
  private readonly cards = new Map<string, Card>();
  private newestKey: string | null = null;

  constructor(private readonly ctx: ViewContext) {
    const head = el('header', 'sp-head');
    head.append(this.heading, this.updated);
    this.empty.textContent = ctx.t.waitingFinishers;
    this.list.setAttribute('aria-label', ctx.t.latestFinishers);
    this.root.append(head, this.empty, this.list);
  }

  render(results: ResultsView): void {
    const { params, t } = this.ctx;
    const title = params.comp === null ? t.latestFinishers : `${t.latestFinishers} · ${competitionLabel(results, params.comp, t)}`;
    setText(this.heading, params.ageGroup ? `${title} · ${params.ageGroup}` : title);
    setText(this.updated, `${t.updated} ${new Date().toLocaleTimeString(params.lang === 'en' ? 'en-GB' : 'de-DE')}`);

    // Newest first; standings per competition are computed once for the age-group places.
    const standings = new Map<string, Map<number, Standing>>();
    const standingOf = (competition: string, bib: number): Standing | undefined => {
      let m = standings.get(competition);
      if (!m) {
        const c = results.competition(competition);
        m = new Map((c ? standingsOf(c) : []).map((s) => [s.row.bib, s]));
        standings.set(competition, m);
      }
      return m.get(bib);
    };
    const latest: Standing[] = [];
    const finishers = results.finishers();
    for (let i = finishers.length - 1; i >= 0 && latest.length < params.rows; i--) {
      const f = finishers[i]!;
      if (params.comp !== null && f.competition !== params.comp) continue;
      const s = standingOf(f.competition, f.bib);
      if (!s || (params.ageGroup !== null && s.row.ageGroup !== params.ageGroup)) continue;
      latest.push(s);
    }
    setHidden(this.empty, latest.length > 0);

    const before = measure([...this.cards.values()].map((c) => c.li));
    const wanted: HTMLLIElement[] = [];
    const keep = new Set<string>();
    for (const s of latest) {
      const key = rowKey(s.competition, s.row.bib);
      keep.add(key);
      let card = this.cards.get(key);
      const isNew = !card;
      if (!card) {
        card = this.create();
        this.cards.set(key, card);
      }
      if (this.fill(card, s, results) && !isNew) flash(card.li);
      wanted.push(card.li);
    }
    for (const [key, c] of this.cards) {
      if (keep.has(key)) continue;
      c.li.remove();
      this.cards.delete(key);
    }
    const newest = latest[0] ? rowKey(latest[0].competition, latest[0].row.bib) : null;
    if (newest !== this.newestKey) {
      if (this.newestKey) this.cards.get(this.newestKey)?.li.classList.remove('newest');
      if (newest) this.cards.get(newest)?.li.classList.add('newest');
      this.newestKey = newest;
    }
    placeInOrder(this.list, wanted);
    play(before, wanted, { enterFrom: 'top', durationMs: 500 });
  }

  private create(): Card {
    const li = el('li', 'sp-card');
    const f = {
      rank: el('span', 'sp-rank'),
      bib: el('span', 'sp-bib'),
      family: el('span', 'family'),
      given: el('span', 'given'),
      club: el('span', 'sp-club'),
      ageGroup: el('span', 'sp-ag'),
      year: el('span', 'sp-year'),
      nation: el('span', 'sp-nation'),
      time: el('span', 'sp-time'),
      gap: el('span', 'sp-gap'),
      comp: el('span', 'sp-comp'),
    };
    const name = el('span', 'sp-name');
    name.append(f.family, ' ', f.given);
    const facts = el('span', 'sp-facts');
    facts.append(f.club, f.ageGroup, f.year, f.nation, f.comp);
    const result = el('span', 'sp-result');
    result.append(f.time, f.gap);
    const who = el('span', 'sp-who');
    who.append(name, facts);
    li.append(f.rank, f.bib, who, result);
    return { li, fields: f, shown: '' };
  }

  private fill(card: Card, s: Standing, results: ResultsView): boolean {
    const { t, params } = this.ctx;
    const r = s.row;
    const shown = JSON.stringify([r, s.ageGroupRank]);
    if (shown === card.shown) return false;
    const first = card.shown === '';
    const timeChanged = !first && card.fields.time.textContent !== (r.time ?? r.status ?? '');
    card.shown = shown;
    const f = card.fields;
    const { family, given } = splitName(r.name);
    setText(f.rank, r.rank !== null ? `${r.rank}.` : r.status ?? '–');
    setText(f.bib, `${t.bib} ${r.bib}`);
    setText(f.family, family);
    setText(f.given, given);
    setText(f.club, r.club ?? '');
    setText(f.ageGroup, r.ageGroup ? (s.ageGroupRank !== null ? `${r.ageGroup} · ${s.ageGroupRank}.` : r.ageGroup) : '');
    setText(f.year, r.year !== null ? `${t.year} ${r.year}` : '');
    setText(f.nation, r.nation ?? '');
    setText(f.comp, params.comp === null ? competitionLabel(results, s.competition, t) : '');
    setText(f.time, r.time ?? r.status ?? '');
    setText(f.gap, r.rank === 1 ? '' : gapText(r.gap));
    for (const k of ['club', 'ageGroup', 'year', 'nation', 'comp'] as const) setHidden(f[k], f[k].textContent === '');
    card.li.dataset.bib = String(r.bib);
    return timeChanged;
  }
}
