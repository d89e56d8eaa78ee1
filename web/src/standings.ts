// What the views show, derived from the ResultsView: rows of one competition (optionally one age
// group) in result order, age-group places computed here (the feed only carries overall ranks).
import type { ResultsView } from '../../src/results/results-view.js';
import type { Competition, Row } from '../../src/results/types.js';
import type { Labels } from './i18n.js';

export interface Standing {
  row: Row;
  competition: string;
  /** Place within the row's age group among ranked rows; null when unranked or without group. */
  ageGroupRank: number | null;
}

/** Key unique across competitions. */
export function rowKey(competition: string, bib: number): string {
  return `${competition}/${bib}`;
}

/** Age-group places for rows already in result order. */
export function ageGroupRanks(rows: readonly Row[]): Map<number, number> {
  const counts = new Map<string, number>();
  const out = new Map<number, number>();
  for (const r of rows) {
    if (r.rank === null || r.ageGroup === null) continue;
    const n = (counts.get(r.ageGroup) ?? 0) + 1;
    counts.set(r.ageGroup, n);
    out.set(r.bib, n);
  }
  return out;
}

export function standingsOf(competition: Competition, ageGroup: string | null = null): Standing[] {
  const places = ageGroupRanks(competition.rows);
  const rows = ageGroup === null ? competition.rows : competition.rows.filter((r) => r.ageGroup === ageGroup);
  return rows.map((row) => ({ row, competition: competition.id, ageGroupRank: places.get(row.bib) ?? null }));
}

/** The requested competition, or (none asked for) the first one that has rows. */
export function pickCompetition(view: ResultsView, wanted: string | null): string | null {
  if (wanted !== null) return wanted;
  const ids = view.competitionIds();
  return ids.find((id) => (view.competition(id)?.rows.length ?? 0) > 0) ?? ids[0] ?? null;
}

export function competitionLabel(view: ResultsView | null, id: string, t: Labels): string {
  const name = view?.competition(id)?.name;
  return name ?? `${t.competition} ${id}`;
}

export function ageGroupsOf(rows: readonly Row[]): string[] {
  const set = new Set<string>();
  for (const r of rows) if (r.ageGroup) set.add(r.ageGroup);
  return [...set].sort((a, b) => a.localeCompare(b, 'de', { numeric: true }));
}

/** "SCHNEIDER Sigishelm" -> surname and given names, for typographic emphasis (display only). */
export function splitName(name: string | null): { family: string; given: string } {
  if (!name) return { family: '', given: '' };
  const m = /^(\p{Lu}[\p{Lu}\p{M}'’\- ]*?)\s+(.*\p{Ll}.*)$/u.exec(name);
  return m ? { family: m[1]!, given: m[2]! } : { family: name, given: '' };
}

/** What stands in the rank column: the place, or the status ("DNF"), or a dash. */
export function rankText(row: Row): string {
  if (row.rank !== null) return `${row.rank}.`;
  return row.status ?? '–';
}

/** "0:01:12.2" -> "+1:12.2"; the leader's zero gap -> "". */
export function gapText(gap: string | null): string {
  if (!gap) return '';
  const trimmed = gap.replace(/^[0:]+(?=\d)/, '');
  if (/^[0.:]*$/.test(trimmed)) return '';
  return `+${trimmed}`;
}
