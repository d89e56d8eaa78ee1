// Turns one decoded Java array into a result row, when its shape matches a configured layout.
import { Unresolved, type JavaValue } from '../javaser/values.js';
import type { RowUpdate } from './list-update.js';
import { parseRankText } from './rank-text.js';
import { isRaceTime } from './race-time.js';
import { wellFormed } from './well-formed.js';
import type { RowLayout, RowLayoutConfig } from './row-layout.js';
import { TextMemo } from './text-memo.js';

const BIB_TEXT = /^\s*(\d{1,9})\s*$/;

export function findLayout(length: number, config: RowLayoutConfig): RowLayout | undefined {
  return (
    config.rowLayouts.find((l) => l.length === length) ??
    config.rowLayouts.find((l) => l.allowExtra && length > l.length)
  );
}

function bibOfText(text: string): number | null {
  const m = BIB_TEXT.exec(text);
  return m ? Number(m[1]) : null;
}

// This runs for every row of every resent list window: the per-text work is remembered.
const bibTexts = new TextMemo(bibOfText);
const texts = new TextMemo((s: string): string | null => {
  const t = wellFormed(s.trim());
  return t === '' ? null : t;
});
const raceTimes = new TextMemo(isRaceTime);
const rankTexts = new TextMemo((s: string) => parseRankText(wellFormed(s)));

function readBib(v: unknown): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : null;
  if (typeof v !== 'string') return null;
  return bibTexts.get(v);
}

/** A value a row field may hold; anything else (nested arrays, objects) means "not a row". */
function isFieldValue(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'number' || v instanceof Unresolved;
}

/** string -> trimmed text ('' -> null); null stays null. (Unresolved is handled by the caller.) */
function readText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return texts.get(String(v));
}

const TEXT_FIELDS = ['name', 'club', 'ageGroup', 'gap'] as const;

/**
 * The row's status from what the rank and time columns say: a word in either wins (the rank's
 * first); null only when both are known to say nothing; otherwise unknown. Never a guess.
 */
export function combineStatus(fromRank: string | null | undefined, fromTime: string | null | undefined): string | null | undefined {
  if (typeof fromRank === 'string') return fromRank;
  if (typeof fromTime === 'string') return fromTime;
  return fromRank === null && fromTime === null ? null : undefined;
}

/** A layout's (field, index) pairs, computed once per layout object: this runs for every row. */
const entriesOf = new WeakMap<RowLayout, Array<[string, number]>>();
function layoutEntries(layout: RowLayout): Array<[string, number]> {
  let e = entriesOf.get(layout);
  if (!e) entriesOf.set(layout, (e = Object.entries(layout.fields)));
  return e;
}

/**
 * The row this array carries, or null when the array is not a result row (no layout for its
 * length, a field of a non-row type, or a bib that is not a number).
 */
export function readRow(arr: readonly JavaValue[], config: RowLayoutConfig): RowUpdate | null {
  const layout = findLayout(arr.length, config);
  if (!layout) return null;
  const f = layout.fields;
  for (const [field, idx] of layoutEntries(layout)) {
    const v = arr[idx];
    if (!isFieldValue(v)) return null;
    // Numbers only where a number can stand: an int[] or a list of counters is not a result row.
    if (typeof v === 'number' && field !== 'rank' && field !== 'bib') return null;
  }
  const bib = readBib(arr[f.bib]);
  if (bib === null) return null;

  const row: RowUpdate = { bib };
  let unresolved: RowUpdate['unresolved'];

  // The status can stand in the rank column or the time column. What each column tells about it:
  // a word, null (nothing to say), or undefined (unknown: unresolved). A layout without the column
  // has nothing to say.
  let rankStatus: string | null | undefined = null;
  let timeStatus: string | null | undefined = null;
  if (f.rank !== undefined) {
    const v = arr[f.rank];
    if (v instanceof Unresolved) {
      (unresolved ??= {}).rank = v.handle;
      rankStatus = undefined;
    } else if (typeof v === 'number') {
      row.rank = Number.isInteger(v) && v > 0 ? v : null;
    } else if (typeof v === 'string') {
      const parsed = rankTexts.get(v);
      row.rank = parsed.rank;
      rankStatus = parsed.status;
    } else {
      row.rank = null;
    }
  }
  for (const field of TEXT_FIELDS) {
    const idx = f[field];
    if (idx === undefined) continue;
    const v = arr[idx];
    if (v instanceof Unresolved) (unresolved ??= {})[field] = v.handle;
    else row[field] = readText(v);
  }
  if (f.time !== undefined) {
    const v = arr[f.time];
    if (v instanceof Unresolved) {
      (unresolved ??= {}).time = v.handle;
      timeStatus = undefined;
    } else {
      const t = readText(v);
      if (t === null || raceTimes.get(t)) row.time = t;
      else {
        // A word in the time column ("DNF", "aufg."): no time, and it says why.
        row.time = null;
        timeStatus = t;
      }
    }
  }
  const status = combineStatus(rankStatus, timeStatus);
  if (status !== undefined) row.status = status;
  if (unresolved) row.unresolved = unresolved;
  return row;
}
