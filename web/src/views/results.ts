// view=results: the full results for spectators, phone first. A semantic table (caption, th
// scope, aria-rowcount/rowindex), a heading row per competition when several are shown. Rows are
// keyed and cached: an update touches only the cells that changed; only the rows near the screen
// are in the DOM (windowing, fixed row height), and the row at the top of the screen stays where it
// is while rows above it are added or move (scroll position kept).
import type { ResultsView } from '../../../src/results/results-view.js';
import type { Row } from '../../../src/results/types.js';
import { el, setHidden, setText } from '../dom.js';
import { placeInOrder } from '../keyed-order.js';
import { fold, matches, parseQuery } from '../search.js';
import { ageGroupsOf, competitionLabel, gapText, rankText, rowKey, splitName, standingsOf, type Standing } from '../standings.js';
import type { OverlayView, ViewContext } from './view.js';

const COLUMNS = 7;

interface RowEls {
  tr: HTMLTableRowElement;
  cells: HTMLElement[];
  family: HTMLElement;
  given: HTMLElement;
  clubInline: HTMLElement;
  shown: string;
  folded: string;
}


export class ResultsTableView implements OverlayView {
  readonly root = el('main', 'results');
  private readonly title = el('h1', 'rs-title');
  private readonly updated = el('p', 'rs-updated');
  private readonly search = el('input', 'rs-search');
  private readonly compSelect = el('select', 'rs-comp');
  private readonly agSelect = el('select', 'rs-ag');
  private readonly table = el('table', 'rs-table');
  private readonly caption = el('caption');
  private readonly emptyBody = el('tbody', 'rs-empty');
  private readonly emptyCell = el('td');
  private readonly body = el('tbody', 'rs-body');
  private readonly topSpacer = el('tr', 'rs-spacer');
  private readonly bottomSpacer = el('tr', 'rs-spacer');
  private readonly headings = new Map<string, HTMLTableRowElement>();
  private items: HTMLTableRowElement[] = [];
  private keys: string[] = [];
  private window = { first: 0, last: 0 };
  private rowH = 0;
  private rowHWidth = 0;
  private scrollQueued = false;
  private columns = 0;
  private columnsWidth = 0;
  private readonly rows = new Map<string, RowEls>();
  private comp: string | null;
  private ageGroup: string | null;
  private query = '';
  private results: ResultsView | null = null;
  private optionsShown = '';
  private agOptionsShown = '';

  constructor(
    private readonly ctx: ViewContext,
    private readonly requestRender: () => void,
  ) {
    const { t, params } = ctx;
    this.comp = params.comp;
    this.ageGroup = params.ageGroup;
    const header = el('header', 'rs-head');
    const titleRow = el('div', 'rs-title-row');
    titleRow.append(this.title, this.updated);
    const form = el('form', 'rs-filters');
    form.setAttribute('role', 'search');
    form.addEventListener('submit', (e) => e.preventDefault());
    form.append(
      this.labelled(t.search, this.search),
      this.labelled(t.competition, this.compSelect),
      this.labelled(t.ageGroup, this.agSelect),
    );
    this.search.type = 'search';
    this.search.placeholder = t.searchPlaceholder;
    this.search.autocomplete = 'off';
    this.search.enterKeyHint = 'search';
    let debounce: ReturnType<typeof setTimeout> | null = null;
    this.search.addEventListener('input', () => {
      if (debounce) clearTimeout(debounce);
      debounce = setTimeout(() => {
        this.query = this.search.value;
        this.syncUrl();
        this.requestRender();
      }, 120);
    });
    this.compSelect.addEventListener('change', () => {
      this.comp = this.compSelect.value === '' ? null : this.compSelect.value;
      this.ageGroup = null;
      this.syncUrl();
      this.requestRender();
    });
    this.agSelect.addEventListener('change', () => {
      this.ageGroup = this.agSelect.value === '' ? null : this.agSelect.value;
      this.syncUrl();
      this.requestRender();
    });
    header.append(titleRow, form);

    const thead = el('thead');
    const hr = el('tr');
    const heads: [string, string][] = [
      [t.rankShort, 'c-rank'],
      [t.bib, 'c-bib'],
      [t.name, 'c-name'],
      [t.club, 'c-club'],
      [t.ageGroup, 'c-ag'],
      [t.time, 'c-time'],
      [t.gap, 'c-gap'],
    ];
    for (const [label, cls] of heads) {
      const th = el('th', cls, label);
      th.scope = 'col';
      if (cls === 'c-rank') th.title = t.rank;
      hr.append(th);
    }
    thead.append(hr);
    this.emptyCell.colSpan = COLUMNS;
    this.emptyBody.append(el('tr'));
    this.emptyBody.firstChild!.appendChild(this.emptyCell);
    for (const spacer of [this.topSpacer, this.bottomSpacer]) {
      spacer.setAttribute('aria-hidden', 'true');
      const td = el('td');
      td.colSpan = COLUMNS;
      spacer.append(td);
    }
    this.table.append(this.caption, thead, this.body, this.emptyBody);
    this.root.append(header, this.table);
    window.addEventListener('scroll', () => this.onScroll(), { passive: true });
    window.addEventListener('resize', () => this.requestRender());
  }

  private labelled(text: string, control: HTMLElement): HTMLLabelElement {
    const label = el('label', 'rs-field');
    label.append(el('span', 'rs-label', text), control);
    return label;
  }

  /** Filters go into the address, so a shared link shows the same selection. */
  private syncUrl(): void {
    const url = new URL(location.href);
    const set = (k: string, v: string | null): void => {
      if (v) url.searchParams.set(k, v);
      else url.searchParams.delete(k);
    };
    set('comp', this.comp);
    set('ageGroup', this.ageGroup);
    set('q', this.query.trim() || null);
    history.replaceState(null, '', url);
  }

  /** Search text from the URL (`q`), set once at start. */
  setQuery(q: string): void {
    this.query = q;
    this.search.value = q;
  }

  render(results: ResultsView): void {
    this.results = results;
    const { t, params } = this.ctx;
    const ids = results.competitionIds();
    this.fillCompetitionOptions(results, ids);
    const shownIds = this.comp === null ? ids : ids.filter((id) => id === this.comp);
    const comps = shownIds.map((id) => results.competition(id)!).filter(Boolean);
    this.fillAgeGroupOptions(comps.flatMap((c) => c.rows));
    setText(this.title, this.comp !== null ? competitionLabel(results, this.comp, t) : t.results);
    setText(this.updated, `${t.updated} ${new Date().toLocaleTimeString(params.lang === 'en' ? 'en-GB' : 'de-DE')}`);

    const q = parseQuery(this.query);
    const anchor = this.scrollAnchor();
    let total = 0;
    let shown = 0;
    const items: HTMLTableRowElement[] = [];
    const keys: string[] = [];
    for (const comp of comps) {
      const standings = standingsOf(comp, this.ageGroup);
      total += standings.length;
      const headingAt = items.length;
      for (const s of standings) {
        const key = rowKey(comp.id, s.row.bib);
        let r = this.rows.get(key);
        if (!r) {
          r = this.create(key);
          this.rows.set(key, r);
        }
        this.fill(r, s);
        if (q && !matches(s.row, q, r.folded)) continue;
        items.push(r.tr);
        keys.push(key);
        shown++;
      }
      // Several competitions: a heading row before each one that has rows to show.
      if (comps.length > 1 && items.length > headingAt) {
        const heading = this.heading(comp.id);
        setText(heading.firstChild as HTMLElement, `${competitionLabel(results, comp.id, t)} · ${t.entries(comp.rows.length)}`);
        items.splice(headingAt, 0, heading);
        keys.splice(headingAt, 0, `#${comp.id}`);
      }
    }
    this.items = items;
    this.keys = keys;
    // Rank and bib columns as wide as their longest number (3 digits on most days, 5 at a marathon).
    let maxRank = 1;
    let maxBib = 1;
    for (const c of comps) for (const r of c.rows) {
      if (r.rank !== null && r.rank > maxRank) maxRank = r.rank;
      if (r.bib > maxBib) maxBib = r.bib;
    }
    this.table.style.setProperty('--rank-digits', String(Math.max(2, String(maxRank).length)));
    this.table.style.setProperty('--bib-digits', String(Math.max(3, String(maxBib).length)));
    this.table.setAttribute('aria-rowcount', String(items.length + 1));
    setHidden(this.emptyBody, shown > 0);
    setText(this.emptyCell, total === 0 ? (ids.length === 0 ? t.waiting : t.noResults) : t.noMatch);
    const where = this.comp !== null ? competitionLabel(results, this.comp, t) : t.allCompetitions;
    setText(this.caption, `${where}${this.ageGroup ? ` · ${this.ageGroup}` : ''} – ${t.shown(shown, total)}`);
    this.renderWindow();
    if (this.restoreScroll(anchor)) this.renderWindow();
  }

  /**
   * Only the rows near the screen are in the DOM (5,000 laid-out table rows cost a second of
   * layout per change on a phone); spacer rows keep the scroll height. Rows have one fixed height.
   */
  private renderWindow(): void {
    const n = this.items.length;
    const rowH = this.rowHeight();
    const viewTop = -this.body.getBoundingClientRect().top;
    const perScreen = Math.ceil(window.innerHeight / rowH);
    const overscan = perScreen + 10;
    const top = Math.floor(viewTop / rowH);
    const first = Math.max(0, Math.min(n, top - overscan));
    const last = Math.min(n, Math.max(first, top + perScreen + overscan));
    const wanted = this.items.slice(first, last);
    wanted.forEach((tr, i) => {
      tr.setAttribute('aria-rowindex', String(first + i + 2));
      // Stripes by position in the list, not in the DOM (the window's start moves).
      tr.classList.toggle('odd', (first + i) % 2 === 1);
    });
    const keep = new Set<Node>([this.topSpacer, this.bottomSpacer, ...wanted]);
    for (let node = this.body.firstChild; node; ) {
      const next = node.nextSibling;
      if (!keep.has(node)) node.remove();
      node = next;
    }
    placeInOrder(this.body, [this.topSpacer, ...wanted, this.bottomSpacer]);
    // Cells spanning the table must span exactly the visible columns (phones hide some); a wider
    // span would add empty columns to the fixed table layout.
    const columns = this.visibleColumns();
    for (const tr of [this.topSpacer, this.bottomSpacer, ...this.headings.values()]) {
      const cell = tr.firstChild as HTMLTableCellElement;
      if (cell.colSpan !== columns) cell.colSpan = columns;
    }
    if (this.emptyCell.colSpan !== columns) this.emptyCell.colSpan = columns;
    this.topSpacer.style.height = `${first * rowH}px`;
    this.bottomSpacer.style.height = `${(n - last) * rowH}px`;
    setHidden(this.topSpacer, first === 0);
    setHidden(this.bottomSpacer, last === n);
    this.window = { first, last };
    // The first real row tells the height (fonts, phone or desktop layout).
    if (this.rowH === 0 && wanted.length > 0) {
      this.rowHeight();
      if (this.rowH > 0 && Math.abs(this.rowH - rowH) > 0.5) this.renderWindow();
    }
  }

  /** Scrolling moves the window; cheap (no data work), at most once per frame. */
  private onScroll(): void {
    if (this.scrollQueued) return;
    this.scrollQueued = true;
    requestAnimationFrame(() => {
      this.scrollQueued = false;
      const rowH = this.rowHeight();
      const top = Math.floor(-this.body.getBoundingClientRect().top / rowH);
      const perScreen = Math.ceil(window.innerHeight / rowH);
      const { first, last } = this.window;
      // Re-render only when the screen gets near the window's edge.
      if ((top - first < perScreen && first > 0) || (last - (top + perScreen) < perScreen && last < this.items.length)) this.renderWindow();
    });
  }

  private visibleColumns(): number {
    if (this.columnsWidth === window.innerWidth && this.columns > 0) return this.columns;
    const cells = [...(this.table.tHead?.rows[0]?.cells ?? [])];
    this.columns = Math.max(1, cells.filter((c) => getComputedStyle(c).display !== 'none').length);
    this.columnsWidth = window.innerWidth;
    return this.columns;
  }

  private rowHeight(): number {
    if (this.rowH > 0 && this.rowHWidth === window.innerWidth) return this.rowH;
    const sample = this.items.find((tr) => tr.isConnected && !tr.classList.contains('rs-group'));
    const h = sample?.getBoundingClientRect().height ?? 0;
    if (h > 0) {
      this.rowH = h;
      this.rowHWidth = window.innerWidth;
      return h;
    }
    return this.rowH > 0 ? this.rowH : 40;
  }

  private heading(id: string): HTMLTableRowElement {
    let h = this.headings.get(id);
    if (!h) {
      h = el('tr', 'rs-group');
      h.dataset.competition = id;
      const cell = el('th');
      cell.colSpan = COLUMNS;
      h.append(cell);
      this.headings.set(id, h);
    }
    return h;
  }

  private create(key: string): RowEls {
    const tr = el('tr');
    tr.dataset.key = key;
    const cells: HTMLElement[] = [el('td', 'c-rank'), el('td', 'c-bib'), el('th', 'c-name'), el('td', 'c-club'), el('td', 'c-ag'), el('td', 'c-time'), el('td', 'c-gap')];
    (cells[2] as HTMLTableCellElement).scope = 'row';
    const family = el('span', 'family');
    const given = el('span', 'given');
    const clubInline = el('span', 'club-inline');
    cells[2]!.append(family, ' ', given, clubInline);
    tr.append(...cells);
    return { tr, cells, family, given, clubInline, shown: '', folded: '' };
  }

  private fill(r: RowEls, s: Standing): void {
    const row: Row = s.row;
    const shown = `${row.rank}\u0001${row.status}\u0001${row.name}\u0001${row.club}\u0001${row.ageGroup}\u0001${s.ageGroupRank}\u0001${row.time}\u0001${row.gap}`;
    if (shown === r.shown) return;
    r.shown = shown;
    r.folded = fold(`${row.name ?? ''} ${row.club ?? ''}`);
    const { family, given } = splitName(row.name);
    const c = r.cells;
    setText(c[0]!, rankText(row));
    setText(c[1]!, String(row.bib));
    setText(r.family, family);
    setText(r.given, given);
    // On phones the club and age-group columns fold into a line under the name.
    setText(r.clubInline, [row.club, row.ageGroup ? (s.ageGroupRank !== null ? `${row.ageGroup} (${s.ageGroupRank}.)` : row.ageGroup) : null].filter(Boolean).join(' · '));
    setText(c[3]!, row.club ?? '');
    setText(c[4]!, row.ageGroup ? (s.ageGroupRank !== null ? `${row.ageGroup} (${s.ageGroupRank}.)` : row.ageGroup) : '');
    setText(c[5]!, row.time ?? '');
    setText(c[6]!, row.rank === 1 ? '' : gapText(row.gap));
    r.tr.classList.toggle('unranked', row.rank === null);
  }

  private fillCompetitionOptions(results: ResultsView, ids: string[]): void {
    const { t } = this.ctx;
    const labels = ids.map((id) => competitionLabel(results, id, t));
    const key = JSON.stringify([ids, labels, this.comp]);
    if (key === this.optionsShown) return;
    this.optionsShown = key;
    const opts = [new Option(t.allCompetitions, '')];
    ids.forEach((id, i) => opts.push(new Option(labels[i]!, id)));
    // A competition from the URL that has no rows yet still shows as chosen.
    if (this.comp !== null && !ids.includes(this.comp)) opts.push(new Option(competitionLabel(results, this.comp, t), this.comp));
    this.compSelect.replaceChildren(...opts);
    this.compSelect.value = this.comp ?? '';
  }

  private fillAgeGroupOptions(rows: Row[]): void {
    const groups = ageGroupsOf(rows);
    if (this.ageGroup !== null && !groups.includes(this.ageGroup)) groups.push(this.ageGroup);
    const key = JSON.stringify([groups, this.ageGroup]);
    if (key === this.agOptionsShown) return;
    this.agOptionsShown = key;
    this.agSelect.replaceChildren(new Option(this.ctx.t.allAgeGroups, ''), ...groups.map((g) => new Option(g, g)));
    this.agSelect.value = this.ageGroup ?? '';
  }

  /** The row at the top of the screen (under the sticky head) and its distance from the top. */
  private scrollAnchor(): { key: string; offset: number } | null {
    if (this.keys.length === 0) return null;
    const rowH = this.rowHeight();
    const bodyTop = this.body.getBoundingClientRect().top;
    const headH = this.table.tHead?.rows[0]?.getBoundingClientRect().height ?? 0;
    if (bodyTop >= headH) return null;
    const index = Math.min(this.keys.length - 1, Math.floor((headH - bodyTop) / rowH));
    return { key: this.keys[index]!, offset: bodyTop + index * rowH };
  }

  /** Keeps that row where it was on screen when rows above it were added, removed or moved. */
  private restoreScroll(anchor: { key: string; offset: number } | null): boolean {
    if (!anchor) return false;
    const index = this.keys.indexOf(anchor.key);
    if (index < 0) return false;
    const now = this.body.getBoundingClientRect().top + index * this.rowHeight();
    if (Math.abs(now - anchor.offset) < 1) return false;
    window.scrollBy(0, now - anchor.offset);
    return true;
  }

  /** For the test hooks: the row keys in display order. */
  get renderedResults(): ResultsView | null {
    return this.results;
  }
}
