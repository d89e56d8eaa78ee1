// What a row shows: the stream's values, with the start list filling what the stream left unknown
// or empty. The rule: a value the stream actually sent is never overridden by the start list.
// (nation, year and gender come from the start list, unless rows relayed from another racewire
// carry them.)
import type { RowUpdate } from '../winlaufen/list-update.js';
import type { StartEntry } from '../winlaufen/startlist/types.js';
import { MAX_TEXT_LENGTH, ROW_KEYS, type Row, type RowPatch } from './types.js';

/** Everything the stream has told about one row so far; undefined = never told. */
export type StreamRow = Omit<RowUpdate, 'unresolved'>;

export function mergeStreamRow(into: StreamRow, update: RowUpdate): void {
  if (update.rank !== undefined) into.rank = update.rank;
  if (update.status !== undefined) into.status = update.status;
  if (update.name !== undefined) into.name = update.name;
  if (update.club !== undefined) into.club = update.club;
  if (update.ageGroup !== undefined) into.ageGroup = update.ageGroup;
  if (update.time !== undefined) into.time = update.time;
  if (update.gap !== undefined) into.gap = update.gap;
  if (update.nation !== undefined) into.nation = update.nation;
  if (update.year !== undefined) into.year = update.year;
  if (update.gender !== undefined) into.gender = update.gender;
}

/** Cuts a text to MAX_TEXT_LENGTH, never inside a surrogate pair. */
export function clampText(text: string | null): string | null {
  if (text === null || text.length <= MAX_TEXT_LENGTH) return text;
  const cut = text.slice(0, MAX_TEXT_LENGTH);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

export function effectiveRow(s: StreamRow, start: StartEntry | undefined): Row {
  return {
    rank: s.rank ?? null,
    bib: s.bib,
    name: clampText(s.name ?? start?.name ?? null),
    club: clampText(s.club ?? start?.club ?? null),
    ageGroup: clampText(s.ageGroup ?? start?.ageGroup ?? null),
    time: clampText(s.time ?? null),
    gap: clampText(s.gap ?? null),
    status: clampText(s.status ?? null),
    nation: clampText(s.nation ?? start?.nation ?? null),
    year: s.year ?? start?.year ?? null,
    gender: clampText(s.gender ?? start?.gender ?? null),
  };
}

/** The fields of `next` that differ from `prev` (bib first), or null when nothing changed. */
export function diffRow(prev: Row, next: Row): RowPatch | null {
  let patch: RowPatch | null = null;
  for (const k of ROW_KEYS) {
    if (k === 'bib' || prev[k] === next[k]) continue;
    patch ??= { bib: next.bib };
    (patch as Record<string, unknown>)[k] = next[k];
  }
  return patch;
}
